"""Templates a user drops in or copies from a colleague run in one sandbox (app/core/content/templating.py):
no Python internals, and nothing that takes the laptop down (a value, a number, loops, time, output)."""

from __future__ import annotations

import operator
import tracemalloc
from pathlib import Path

import pytest

from app.cli.main import main
from app.core import paths
from app.core.content import templating
from app.core.content.templating import TemplateLimitError, sandboxed_environment

REPO = Path(__file__).resolve().parent.parent
BILLION_XS = "{{ 'x' * 10**9 }}"


@pytest.fixture
def nothing_multiplied(monkeypatch):
    """No sandbox made during the test can multiply by a huge number for real: a missing check fails
    the test instead of allocating a gigabyte. Environments cached before the test are made again."""
    from jinja2.sandbox import SandboxedEnvironment

    from app.environment import templates
    from app.proposal import render

    def multiplied(left, right):
        if isinstance(right, int) and right > 10**8:
            pytest.fail(f"the template multiplied {type(left).__name__} by {right!r} unchecked")
        return operator.mul(left, right)

    monkeypatch.setattr(SandboxedEnvironment, "default_binop_table", {**SandboxedEnvironment.default_binop_table, "*": multiplied})
    monkeypatch.setattr(templates, "_environments", {})
    render._cached_environment.cache_clear()
    yield
    render._cached_environment.cache_clear()


def write(folder: Path, name: str, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder / name


def test_a_huge_repetition_is_refused_before_it_is_made_naming_the_file(tmp_path: Path, nothing_multiplied) -> None:
    path = write(tmp_path, "ours.md.j2", f"# title\n{BILLION_XS}\n")
    env = sandboxed_environment([tmp_path])
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("ours.md.j2").render()
    assert caught.value.text("ja") == (f"{path}: テンプレートが 10,000,000 文字(要素)を超える値を作ろうとしたため、"
                                       "メモリを使い果たす前に止めました(*)")
    assert caught.value.text("en") == (f"{path}: the template would make a value of more than 10,000,000 characters "
                                       "or items (*); it was stopped before it filled the memory")


def test_ordinary_template_arithmetic_and_text_still_work(tmp_path: Path) -> None:
    write(tmp_path, "t.j2", "{{ 'ab' * 3 }} {{ 3 * 4 }} {{ 10 ** 9 }} {{ 7 % 3 }} {{ 'a%sb' % 'Q' }} {{ '{:,}'.format(12000000) }} "
          "{{ 'x'|center(5) }}|{{ ['a', 'b']|join(', ') }} {{ 'a-b'.replace('-', '+') }} {{ [1] + [2] }} {{ 'a' ~ 1 }} "
          "{% for x in [1, 2, 3] %}{{ loop.index }}/{{ loop.length }} {% endfor %}")
    assert sandboxed_environment([tmp_path]).get_template("t.j2").render() == (
        "ababab 12 1000000000 1 aQb 12,000,000   x  |a, b a+b [1, 2] a1 1/3 2/3 3/3 ")


@pytest.mark.parametrize("line", [
    "{{ 2 ** (10**9) }}", "{{ 'x'.ljust(10**9) }}", "{{ '{:>1000000000}'.format(1) }}", "{{ '{:>{}}'.format(1, 10**9) }}",
    "{{ '%1000000000s' % 'x' }}", "{{ 'x'|center(10**9) }}", "{{ 'a\nb'|indent(10**9) }}",
    "{{ ('x' * 1000000).replace('x', 'y' * 1000) }}", "{{ ('x' * 1000000)|replace('x', 'y' * 1000) }}",
    "{{ (['x' * 1000000] * 100)|join(',') }}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}",
    "{% set ns = namespace(s='x') %}{% for i in range(60) %}{% set ns.s = ns.s + ns.s %}{% endfor %}",
    "{% set l = [1] %}{% for i in range(60) %}{% set _ = l.extend(l) %}{% endfor %}",
    "{{ 10.0 ** 400 }}",
    "{{ {'a': ['x' * 1000000] * 20} }}", "{% set ns = namespace(a=['x' * 1000000] * 20) %}{{ ns }}",
    "{{ (['x' * 1000000] * 20)|string }}", "{{ [['x' * 1000000] * 5] * 3 ~ '' }}", "{{ ('\\U0001F600' * 1000000)|tojson }}",
    "{{ ('a.io ' * 400000)|urlize }}", "{{ ('x' * 1000)|wordwrap(1, wrapstring='y' * 100000) }}",
])  # fmt: skip
def test_other_ways_to_build_a_huge_value_are_refused(tmp_path: Path, line: str) -> None:
    write(tmp_path, "t.j2", line)
    template = sandboxed_environment([tmp_path]).get_template("t.j2")
    tracemalloc.start()
    try:
        with pytest.raises(TemplateLimitError):
            template.render()
        _now, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 200 * 1024 * 1024  # refused before the value is made (each would take a GB or more)


def test_endless_loops_and_calls_are_stopped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(templating, "MAX_STEPS", 10_000)
    write(tmp_path, "loops.j2", "{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}")
    write(tmp_path, "calls.j2", "{% macro m(n) %}{% if n %}{{ m(n - 1) }}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(40) }}")
    env = sandboxed_environment([tmp_path])
    for name in ("loops.j2", "calls.j2"):
        with pytest.raises(TemplateLimitError) as caught:
            env.get_template(name).render()
        assert caught.value.text("en") == f"{tmp_path / name}: the template repeats more than 10,000 times (loop turns and calls); it was stopped"
    monkeypatch.setattr(templating, "MAX_STEPS", 10**9)
    monkeypatch.setattr(templating, "TIME_LIMIT", 0)
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("loops.j2").render()
    assert caught.value.text("ja") == f"{tmp_path / 'loops.j2'}: テンプレートの展開が 0 秒を超えたため止めました"


def test_a_macro_nested_too_deep_is_stopped_and_a_shallow_one_runs(tmp_path: Path, monkeypatch) -> None:
    write(tmp_path, "tree.j2", "{% macro m(n) %}{{ n }}{% if n %}{{ m(n - 1) }}{% endif %}{% endmacro %}{{ m(templating.MAX_DEPTH - 1) }}"
          .replace("templating.MAX_DEPTH", str(templating.MAX_DEPTH)))
    write(tmp_path, "self.j2", "{% macro f() %}{{ caller() }}{% endmacro %}{% macro g() %}{% call f() %}{{ g() }}{% endcall %}{% endmacro %}{{ g() }}")
    env = sandboxed_environment([tmp_path])
    assert env.get_template("tree.j2").render().startswith(str(templating.MAX_DEPTH - 1))
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("self.j2").render()
    assert caught.value.text("en") == (f"{tmp_path / 'self.j2'}: the template calls itself (a macro inside a macro) "
                                       f"more than {templating.MAX_DEPTH} levels deep; it was stopped")
    monkeypatch.setattr(templating, "MAX_DEPTH", 10**6)  # Python's own limit is met first: the same refusal
    with pytest.raises(TemplateLimitError) as caught:
        env.get_template("self.j2").render()
    assert caught.value.text("ja").startswith(f"{tmp_path / 'self.j2'}: テンプレートが自分自身を(マクロの中でマクロを) ")
    assert caught.value.text("ja").endswith(" 段より深く呼び出したため止めました") and "1,000,000" not in caught.value.text("ja")


def test_printed_lists_and_mappings_still_print(tmp_path: Path) -> None:
    write(tmp_path, "t.j2", "{% set l = [1, 'a'] %}{% set _ = l.append(l) %}{{ l }} {{ {'k': ('x', 2.5)} }} {{ {'k': 1}.items() }} "
          "{{ namespace(a=1) }} {{ ['<']|e }} {{ 'a b'|urlencode }} {{ 'é'|tojson }}")
    assert sandboxed_environment([tmp_path]).get_template("t.j2").render() == (
        "[1, 'a', [...]] {'k': ('x', 2.5)} dict_items([('k', 1)]) <Namespace {'a': 1}> [&#39;&lt;&#39;] a%20b \"\\u00e9\"")


def test_an_output_too_large_is_stopped(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr(templating, "MAX_OUTPUT", 1000)
    write(tmp_path, "t.j2", "{% for i in range(100) %}{{ 'x' * 100 }}{% endfor %}")
    with pytest.raises(TemplateLimitError) as caught:
        sandboxed_environment([tmp_path]).get_template("t.j2").render()
    assert caught.value.text("en") == f"{tmp_path / 't.j2'}: the template writes more than 1,000 characters; it was stopped"


@pytest.mark.parametrize("suffix", [".md", ".html", ".pdf"])
def test_a_proposal_template_building_a_huge_value_is_refused_on_the_command_line(
    demo, db_path: Path, tmp_path: Path, capsys, nothing_multiplied, suffix: str
) -> None:
    name = "proposal.html.j2" if suffix == ".pdf" else f"proposal{suffix}.j2"
    shipped = (REPO / "resources" / "templates" / "proposal" / name).read_text(encoding="utf-8")
    own = write(paths.user_templates_dir() / "proposal", name, shipped + BILLION_XS)
    out = tmp_path / f"提案{suffix}"
    code = main(["--db", str(db_path), "--lang", "ja", "export", "proposal", "--project", str(demo.id), "--out", str(out)])
    err = capsys.readouterr().err
    assert code == 2 and not out.exists()
    assert err == f"mlops-kickoff: エラー: {own}: テンプレートが 10,000,000 文字(要素)を超える値を作ろうとしたため、メモリを使い果たす前に止めました(*)\n"


def test_a_wiki_template_building_a_huge_value_is_refused(tmp_path: Path, nothing_multiplied) -> None:
    from app.environment.templates import markdown_environment, render_template

    path = write(tmp_path, "page.md.j2", BILLION_XS)
    with pytest.raises(TemplateLimitError) as caught:
        render_template(markdown_environment([tmp_path]), "page.md.j2", {})
    assert str(path) in caught.value.text("ja")


def test_every_template_environment_of_the_app_is_the_one_sandbox() -> None:
    from app.environment import scaffold
    from app.environment.templates import markdown_environment
    from app.proposal import render

    bounded = templating._environment_class()
    environments = [render._environment(html=True), render._environment(html=False), scaffold._plain_environment(),
                    markdown_environment([paths.resources_dir()])]  # fmt: skip
    assert all(type(env) is bounded for env in environments)
