"""The problems library covers every problem the seed lists; the proposal template is complete."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from app.core.content.loader import load_file
from app.core.errors import ContentError
from app.proposal.content import proposal_content
from app.proposal.model import Phase, ProblemLibrary, ProposalTemplate

ROOT = Path(__file__).resolve().parent.parent
EXCERPT = ROOT / "tests" / "data" / "seed_problems.txt"
FULL_SEED = Path("/work/shared/seed/000_ec40d090bbd77b43.txt")  # present on the development machine


def seed_problems() -> dict[int, list[str]]:
    """The bullets under each task's "(想定される課題)" heading, by task number."""
    found: dict[int, list[str]] = {}
    task = None
    lines = EXCERPT.read_text(encoding="utf-8").splitlines()
    for n, line in enumerate(lines):
        heading = re.match(r"^(\d)\. ", line)
        if heading:
            task = int(heading.group(1))
        if "(想定される課題)" in line and task is not None:
            indent = len(line) - len(line.lstrip())
            for bullet in lines[n + 1 :]:
                if not bullet.strip() or len(bullet) - len(bullet.lstrip()) <= indent:
                    break
                found.setdefault(task, []).append(bullet.strip().removeprefix("•").strip())
    return found


def test_the_excerpt_is_what_the_seed_lists() -> None:
    problems = seed_problems()
    # Experiment environment 6, data platform 1, CI 4 (the reproduction problem and its three causes), system planning 2.
    assert {task: len(bullets) for task, bullets in problems.items()} == {2: 6, 3: 1, 4: 4, 5: 2}
    assert any("Masterブランチのスクリプトが動かない" in b for b in problems[4])


@pytest.mark.skipif(not FULL_SEED.exists(), reason="the full seed article is only on the development machine")
def test_the_excerpt_is_verbatim_from_the_seed() -> None:
    seed = FULL_SEED.read_text(encoding="utf-8")
    for line in EXCERPT.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#") and not line.startswith("Other passages"):
            assert line.strip() in seed, line


def test_every_seed_problem_is_in_the_library_under_its_task(library) -> None:
    content = proposal_content(library)
    quoted = {p.seed: p for p in content.library.problems if p.seed}
    for task, bullets in seed_problems().items():
        for bullet in bullets:
            problem = quoted.get(bullet)
            assert problem is not None, f"no problem quotes the seed's {bullet!r}"
            assert problem.task == task, f"{problem.id} is filed under task {problem.task}, the seed says {task}"
            assert problem.default, f"{problem.id}: the seed's own problems are in a new proposal by default"


def test_the_data_scientist_engineer_friction_is_there(library) -> None:
    problems = proposal_content(library).library.problems
    friction = [p for p in problems if "データサイエンティストvsソフトウェアエンジニア" in p.seed]
    assert len(friction) == 1 and friction[0].task == 0 and friction[0].default


def test_each_quote_is_a_passage_of_the_seed(library) -> None:
    excerpt = EXCERPT.read_text(encoding="utf-8")
    for problem in proposal_content(library).library.problems:
        assert problem.seed, f"{problem.id} names no passage of the seed"
        assert problem.seed in excerpt, f"{problem.id}: {problem.seed!r} is not in the seed excerpt"


def test_every_problem_is_complete_in_both_languages(library) -> None:
    problems = proposal_content(library).library.problems
    assert len(problems) >= 15
    for p in problems:
        for text in (p.problem, p.countermeasure):
            assert text.ja.strip() and text.en.strip(), p.id
            assert not re.search(r"[ぁ-んァ-ン一-龥]", text.en), f"{p.id}: Japanese in the English text"
        assert p.phase in set(Phase)
        assert 0 <= p.task <= 5
    assert {p.phase for p in problems} == set(Phase), "every phase has at least one problem"


def test_the_template_quotes_the_seed_and_has_every_part(library) -> None:
    template = proposal_content(library).template
    ids = [s.id for s in template.sections]
    for needed in ("background", "problems", "purpose", "definition", "scope", "schedule", "effort"):
        assert needed in ids
    definition = template.section("definition")
    assert definition is not None and definition.style == "quote"
    assert "機械学習のライフサイクルを管理する技術/知見" in definition.body.ja
    assert "lifecycle" in definition.body.en
    assert "報告資料に載せる良い数字がローカル環境で取れた" in template.section("background").body.ja
    assert [t.number for t in template.tasks] == [0, 1, 2, 3, 4, 5]


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("type: problems\nid: p\nversion: 1\ntitle: {en: P}\nproblems:\n  - {id: a, task: 7, phase: poc, problem: {en: x}, countermeasure: {en: y}}\n", "task"),
        ("type: problems\nid: p\nversion: 1\ntitle: {en: P}\nproblems:\n  - {id: a, task: 1, phase: later, problem: {en: x}, countermeasure: {en: y}}\n", "phase"),
        ("type: problems\nid: p\nversion: 1\ntitle: {en: P}\nproblems:\n  - {id: a, task: 1, phase: poc, problem: {en: x}, countermeasure: {en: y}}\n  - {id: a, task: 1, phase: poc, problem: {en: x}, countermeasure: {en: y}}\n", "duplicate problem id 'a'"),
    ],
)
def test_a_broken_library_names_file_item_and_problem(tmp_path: Path, text: str, problem: str) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ContentError) as err:
        load_file(path)
    assert str(path) in str(err.value) and problem in str(err.value)


def test_the_shipped_files_load_as_their_types() -> None:
    assert isinstance(load_file(ROOT / "checklists" / "problems.yaml"), ProblemLibrary)
    assert isinstance(load_file(ROOT / "checklists" / "proposal.yaml"), ProposalTemplate)


def test_a_template_missing_labels_is_refused(tmp_path: Path) -> None:
    text = (ROOT / "checklists" / "proposal.yaml").read_text(encoding="utf-8")
    path = tmp_path / "proposal.yaml"
    path.write_text(text.replace("  total: {ja: 合計, en: Total}\n", ""), encoding="utf-8")
    with pytest.raises(ContentError, match="labels lack total"):
        load_file(path)


@pytest.mark.parametrize("typed, phase", [("poc", "poc"), ("PoC", "poc"), ("ＰｏＣフェーズ", "poc"), ("pocフェーズ", "poc"),
                                          ("Build", "build"), ("構築", "build"), ("Build phase", "build"), ("運用 フェーズ", "operation")])
def test_a_phase_is_found_by_any_of_its_names_as_typed(library, typed, phase) -> None:
    from app.proposal.choices import phase_names, typed_choices

    assert typed_choices(typed, phase_names(proposal_content(library).template)) == [phase]


@pytest.mark.parametrize("typed, task", [("２", 2), ("3. Data platform", 3), ("３．データ基盤構築", 3), ("データ基盤構築", 3),
                                         ("ci environment", 4), ("5.システム化計画", 5)])
def test_a_task_is_found_by_its_number_or_label_in_either_language(library, typed, task) -> None:
    from app.proposal.choices import task_names, typed_choices

    assert typed_choices(typed, task_names(proposal_content(library).template)) == [task]


def test_an_unknown_or_ambiguous_choice_is_not_taken(library) -> None:
    from app.proposal.choices import phase_names, typed_choices

    assert typed_choices("未定", phase_names(proposal_content(library).template)) == []
    assert typed_choices("", phase_names(proposal_content(library).template)) == []
    names = {1: frozenset({"1", "1.setup"}), 2: frozenset({"2", "2.setup"})}  # two tasks with one title (a user's template)
    assert typed_choices("Setup", names) == [1, 2]
    assert typed_choices("2. Setup", names) == [2]
