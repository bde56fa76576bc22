"""The experiment-rules wiki: every page from the demo's answers, the three layouts, hostile names, failures."""

from __future__ import annotations

import datetime as dt
import os
import sys
import urllib.parse
from pathlib import Path

import markdown
import pytest
import yaml
from markdown_it import MarkdownIt

from app.core.errors import UserError
from app.core.files.safe_names import WINDOWS_RESERVED, safe_stem
from app.environment import wiki_export
from app.environment.wiki_export import export_wiki
from app.environment.wiki_render import render_wiki
from app.hearing.answers import AnswerService
from app.main import main
from app.wbs import plan
from app.wbs.plan import PlanTask

HOSTILE_NAMES = [
    "../../evil",
    "CON",
    "con",
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "Home",
    "_Sidebar",
    "index",
    "a|b *c* `d` [x](javascript:alert(1))",
    "# not a heading",
    "",
]


def commonmark() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def tokens(md: str) -> list:
    found = []
    for token in commonmark().parse(md):
        found.append(token)
        found.extend(token.children or [])
    return found


def pages_by_id(wiki) -> dict[str, str]:
    return {p.id: p.markdown for p in wiki.all_pages()}


def test_every_page_is_filled_from_the_demos_answers(workspace, demo) -> None:
    wiki = render_wiki(workspace, demo.id, "ja", "plain")
    pages = pages_by_id(wiki)
    toc_ids = [p.id for p in workspace.library.documents["wiki_toc"]["experiment_wiki"].pages if not p.per_data_source]
    assert set(toc_ids) <= set(pages)
    assert [p.title for p in wiki.pages[:2]] == ["0. プロジェクト概要", "1. 受領データの取り扱い"]
    answers = AnswerService(workspace.db, workspace.library).answers(demo.id)
    background = answers["hearing.basics.background"].value
    overview = pages["overview"]
    assert background in overview
    assert "Recall@10 0.8" in overview and "(要フォロー)" in overview  # the follow-up KPI is flagged
    assert "| 中間報告 |" in overview and "佐藤" in overview
    handling = pages["data_handling"]
    for source in ("商品画像", "商品マスタ", "閲覧・購買ログ"):
        assert source in handling
    personal = handling.split("## 個人情報")[1].split("## ")[0]
    assert "閲覧・購買ログ" in personal and "商品画像" not in personal  # only the source with personal data
    assert "自社撮影(利用可)" in handling  # licence notes
    end = dt.date.fromisoformat(answers["hearing.basics.poc_end"].value)
    assert (end + dt.timedelta(days=30)).strftime("%Y/%m/%d") in handling  # the deletion deadline, as Japanese writes dates
    assert "s3://sample-retail-similar-image-poc/raw/product\\_images/" in handling
    source_pages = [p for p in wiki.pages if p.parent == "data_handling"]
    assert [p.title for p in source_pages] == ["データソース: 商品画像", "データソース: 商品マスタ", "データソース: 閲覧・購買ログ"]
    assert "1ヶ月(社内審査)" in source_pages[2].markdown and "個人情報を含みます" in source_pages[2].markdown
    tickets = pages["tickets"]
    assert "GitHub Issues" in tickets and "完了条件" in tickets
    assert "report-interim-" in tickets and "report-final-" in tickets
    wbs = [t for t in plan.plan_tasks(workspace, demo.id) if t.completion_condition]
    assert wbs and all(t.completion_condition.replace("|", "\\|") in tickets for t in wbs[:10])
    assert "data/datasets/" in pages["directory_layout"] and "└──" in pages["directory_layout"]
    coding = pages["coding_rules"]
    assert "PyTorch" in coding and "pytorch/pytorch:" in coding
    assert "データセット正式名称" in coding and "関連IssueNo" in coding
    assert "水曜日" in pages["meetings"]  # the demo's meeting day
    platform = pages["data_platform"]
    assert "product\\_master" in platform and "aws s3 sync" in platform
    assert ".github/workflows/pipeline.yml" in pages["ci"]


def test_the_english_wiki_speaks_english(workspace) -> None:
    from app.projects.demo import create_demo

    demo = create_demo(workspace, "en")
    pages = pages_by_id(render_wiki(workspace, demo.id, "en", "plain"))
    assert pages["overview"].startswith("# 0\\. Project overview")
    assert "Shoppers struggle to find similar products" in pages["overview"]
    assert "Browsing and purchase logs" in pages["data_handling"].split("## Personal information")[1]
    assert "| Completion condition |" in pages["tickets"]


def test_without_a_wbs_the_ticket_rules_still_read_well(workspace, demo, monkeypatch) -> None:
    monkeypatch.setattr(plan, "plan_tasks", lambda ws, project_id, lang=None: [])
    for lang, text in (("ja", "WBSはまだ作成されていません"), ("en", "There is no WBS yet")):
        tickets = pages_by_id(render_wiki(workspace, demo.id, lang, "plain"))["tickets"]
        assert text in tickets and "| No. |" not in tickets


def test_ticket_rules_name_the_wbs_completion_conditions(workspace, demo, monkeypatch) -> None:
    task = PlanTask("2.1", "学習環境の構築", "experiment", "must", "READMEの手順で誰でも学習を再現できる",
                    "Dockerfile", "mlops", "山田", 3.0, None, None, False, "not_started", True, 2)
    open_task = PlanTask("2.2", "実験管理シートの作成", "experiment", "should", "", "", "mlops", "", None,
                         None, None, False, "not_started", False, 2)
    monkeypatch.setattr(plan, "plan_tasks", lambda ws, project_id, lang=None: [task, open_task])
    tickets = pages_by_id(render_wiki(workspace, demo.id, "ja", "plain"))["tickets"]
    assert "| 2.1 | 学習環境の構築 | 必須 | READMEの手順で誰でも学習を再現できる | 山田 |" in tickets
    assert "次のタスクには完了条件がまだありません" in tickets and "2.2 実験管理シートの作成" in tickets
    assert "WBSはまだ作成されていません" not in tickets


def test_the_markdown_renders_as_intended_and_carries_no_html(workspace, demo) -> None:
    for lang in ("ja", "en"):
        for page in render_wiki(workspace, demo.id, lang, "github").all_pages():
            found = tokens(page.markdown)
            assert not [t for t in found if t.type in ("html_block", "html_inline")], page.stem
            assert found[0].type == "heading_open", page.stem
            html = markdown.markdown(page.markdown, extensions=["tables"])  # MkDocs' renderer
            assert "<script" not in html
        overview = pages_by_id(render_wiki(workspace, demo.id, lang, "plain"))["overview"]
        assert any(t.type == "table_open" for t in tokens(overview))
        assert any(t.type == "bullet_list_open" for t in tokens(overview))


def export(workspace, project_id: int, out: Path, fmt: str, lang: str = "ja") -> Path:
    return export_wiki(workspace, project_id, out, lang, fmt)


def links_in(md: str) -> list[str]:
    return [t.attrGet("href") for t in tokens(md) if t.type == "link_open"]


def test_plain_layout_has_an_index_whose_links_resolve(workspace, demo, tmp_path: Path) -> None:
    out = export(workspace, demo.id, tmp_path / "wiki", "plain")
    files = {p.name for p in out.iterdir()}
    assert "index.md" in files and len([f for f in files if f.endswith(".md")]) == 14
    for page in out.glob("*.md"):
        for href in links_in(page.read_text(encoding="utf-8")):
            assert (out / urllib.parse.unquote(href)).is_file(), (page.name, href)


def test_github_layout_has_home_and_a_sidebar_whose_links_resolve(workspace, demo, tmp_path: Path) -> None:
    out = export(workspace, demo.id, tmp_path / "wiki", "github", "en")
    assert (out / "Home.md").is_file() and not (out / "index.md").exists()
    sidebar = (out / "_Sidebar.md").read_text(encoding="utf-8")
    targets = links_in(sidebar)
    pages = {p.stem for p in out.glob("*.md") if p.name != "_Sidebar.md"}
    assert len(targets) == len(pages) and set(urllib.parse.unquote(t) for t in targets) == pages
    for name in pages:  # valid wiki page names: one path component, nothing a wiki or Windows refuses
        assert not set(name) & set('\\/:*?"<>|#%') and not name.startswith(("_", ".")), name
    for page in out.glob("*.md"):
        for href in links_in(page.read_text(encoding="utf-8")):
            assert (out / f"{urllib.parse.unquote(href)}.md").is_file(), (page.name, href)


def test_mkdocs_layout_lists_every_page_in_nav(workspace, demo, tmp_path: Path) -> None:
    out = export(workspace, demo.id, tmp_path / "site", "mkdocs")
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    assert config["docs_dir"] == "docs" and "類似画像検索PoC" in config["site_name"]
    nav_files = [next(iter(entry.values())) for entry in config["nav"]]
    for file in nav_files:
        assert (out / "docs" / file).is_file(), file
    assert sorted(nav_files) == sorted(p.name for p in (out / "docs").glob("*.md"))
    for page in (out / "docs").glob("*.md"):
        for href in links_in(page.read_text(encoding="utf-8")):
            assert (out / "docs" / urllib.parse.unquote(href)).is_file(), (page.name, href)


def test_hostile_data_source_names_make_safe_files_and_plain_text(workspace, demo, tmp_path: Path) -> None:
    rows = [{"name": name, "kind": "table", "license": name, "note": name} for name in HOSTILE_NAMES]
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.prereq.data_sources", value=rows)
    for fmt in ("plain", "github", "mkdocs"):
        out = export(workspace, demo.id, tmp_path / f"wiki-{fmt}", fmt)
        written = [p for p in out.rglob("*") if p.is_file()]
        for path in written:
            assert path.resolve().is_relative_to(out.resolve()), path
            assert path.stem.upper() not in WINDOWS_RESERVED, path
        names = [p.name.casefold() for p in written]
        assert len(names) == len(set(names))  # no clashes, even case-insensitively
        assert not (tmp_path / "evil.md").exists() and not (tmp_path / "evil").exists()
        docs = out / "docs" if fmt == "mkdocs" else out
        if fmt == "mkdocs":  # MkDocs themes print nav titles as HTML: they must come escaped
            config = (out / "mkdocs.yml").read_text(encoding="utf-8")
            assert "<" not in config and "&lt;script&gt;alert(1)&lt;/script&gt;" in config
        source_pages = [p for p in docs.glob("1-*-*.md")]
        assert len(source_pages) == len(HOSTILE_NAMES)
        for page in docs.glob("*.md"):
            md = page.read_text(encoding="utf-8")
            assert not [t for t in tokens(md) if t.type in ("html_block", "html_inline")], page.name
            assert "<script" not in markdown.markdown(md, extensions=["tables"]), page.name
            assert "<script" not in commonmark().render(md), page.name
    rendered = commonmark().render((out / "docs" / "1-受領データの取り扱い.md").read_text(encoding="utf-8"))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in rendered  # shown as the text typed
    assert 'href="javascript' not in rendered


def test_safe_stem_avoids_traversal_reserved_names_and_clashes() -> None:
    taken: set[str] = set()
    reserved = {"index", "Home", "_Sidebar"}
    stems = [safe_stem(name, taken, reserved) for name in ["../x", "CON", "con", "NUL", "Home", "home", "a/b", "", "..", "x"]]
    assert stems == ["x", "page-CON", "page-con-2", "page-NUL", "page-Home", "page-home-2", "a-b", "page", "page-2", "x-2"]
    assert all(len(safe_stem("長" * 300)) <= 60 for _ in range(1))


def test_an_unwritable_target_is_a_clear_error_and_leaves_nothing(workspace, demo, tmp_path: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    with pytest.raises(UserError, match="a-file: Not a directory"):
        export(workspace, demo.id, blocker / "wiki", "plain")
    if sys.platform.startswith("linux"):  # /proc refuses new folders even to root
        with pytest.raises(UserError, match="cannot write"):
            export(workspace, demo.id, Path("/proc/mlops-kickoff-wiki"), "plain")
        assert not any(p.name.startswith(".mlops-kickoff-wiki") for p in Path("/proc").iterdir())
    if os.geteuid() != 0:  # a read-only folder stops everyone but root
        locked = tmp_path / "locked"
        locked.mkdir(mode=0o500)
        with pytest.raises(UserError, match="cannot write"):
            export(workspace, demo.id, locked / "wiki", "plain")
        assert list(locked.iterdir()) == []
    assert sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith(("home", "test."))) == sorted(
        ["a-file"] + (["locked"] if os.geteuid() != 0 else [])
    )


def test_a_failing_export_keeps_the_previous_one_and_leaves_no_half_folder(workspace, demo, tmp_path, monkeypatch) -> None:
    out = export(workspace, demo.id, tmp_path / "wiki", "plain")
    before = {p.name: p.read_bytes() for p in out.iterdir()}

    def half_then_fail(wiki, folder, lang, uuid):
        (folder / "index.md").write_text("half", encoding="utf-8")
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(wiki_export, "write_wiki", half_then_fail)
    with pytest.raises(UserError, match="No space left"):
        export(workspace, demo.id, out, "plain")
    assert {p.name: p.read_bytes() for p in out.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir() if ".part" in p.name or ".old" in p.name] == []


def test_a_folder_that_is_not_an_earlier_export_is_never_replaced(workspace, demo, tmp_path: Path) -> None:
    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.md").write_text("precious", encoding="utf-8")
    with pytest.raises(UserError, match="not empty"):
        export(workspace, demo.id, mine, "plain")
    assert [p.name for p in mine.iterdir()] == ["thesis.md"]
    out = export(workspace, demo.id, tmp_path / "wiki", "plain")
    again = export(workspace, demo.id, out, "github")  # an earlier export is replaced as a whole
    assert (again / "Home.md").is_file() and not (again / "index.md").exists()


def test_a_users_template_replaces_the_shipped_one(workspace, demo, isolated_home: Path) -> None:
    folder = isolated_home / "templates" / "wiki" / "ja"
    folder.mkdir(parents=True)
    (folder / "meetings.md.j2").write_text("# {{ page.title }}\n\n毎朝{{ choice('chat_tool') }}で朝会 {{ answer('hearing.basics.background') }}\n", encoding="utf-8")
    meetings = pages_by_id(render_wiki(workspace, demo.id, "ja", "plain"))["meetings"]
    assert meetings.startswith("# 7\\. 会議運営、コミュニケーション\n\n毎朝Slackで朝会 ECサイトで")
    (folder / "meetings.md.j2").write_text("{% for x in %}\n", encoding="utf-8")
    with pytest.raises(UserError, match=r"meetings\.md\.j2:1"):
        render_wiki(workspace, demo.id, "ja", "plain")
    (folder / "meetings.md.j2").write_text("{{ ''.__class__.__mro__ }}\n", encoding="utf-8")
    with pytest.raises(UserError, match="meetings.md.j2"):
        render_wiki(workspace, demo.id, "ja", "plain")


def test_export_wiki_from_the_command_line(db_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "demo", "--lang", "en"]) == 0
    project_id = capsys.readouterr().out.split()[-1]
    out = tmp_path / "wiki"
    code = main(["--db", str(db_path), "export", "wiki", "--project", project_id, "--out", str(out),
                 "--format", "mkdocs", "--lang", "en"])
    assert code == 0 and (out / "mkdocs.yml").is_file()
    assert "Project overview" in (out / "docs" / "0-Project-overview.md").read_text(encoding="utf-8")
    capsys.readouterr()  # what it wrote, and its report line (stderr)
    code = main(["--db", str(db_path), "export", "wiki", "--project", project_id, "--out", str(tmp_path / "x" / "y")])
    assert code == 2 and capsys.readouterr().err == f"mlops-kickoff: エラー: フォルダー {tmp_path / 'x'} がありません\n"
    code = main(["--db", str(db_path), "--lang", "en", "export", "wiki", "--project", project_id, "--out", str(tmp_path / "x" / "y")])
    assert code == 2 and capsys.readouterr().err == f"mlops-kickoff: error: folder {tmp_path / 'x'} does not exist\n"
    with pytest.raises(SystemExit) as exc:
        main(["--db", str(db_path), "export", "wiki", "--project", project_id, "--out", str(out), "--format", "html"])
    assert exc.value.code == 2


def test_mkdocs_nav_titles_show_control_characters_as_symbols(workspace, demo, tmp_path: Path) -> None:
    rows = [{"name": "売上\x1b[31m赤\x0b縦\x1c区切", "kind": "table", "license": "", "note": ""}]
    AnswerService(workspace.db, workspace.library).update(demo.id, "hearing.prereq.data_sources", value=rows)
    out = export(workspace, demo.id, tmp_path / "site", "mkdocs")
    config = yaml.safe_load((out / "mkdocs.yml").read_text(encoding="utf-8"))
    titles = [next(iter(entry)) for entry in config["nav"]]
    assert any("売上␛[31m赤␋縦␜区切" in title for title in titles), titles  # as the page itself shows it
    assert not any(set(title) & {"\x1b", "\x0b", "\x1c"} for title in titles), titles
