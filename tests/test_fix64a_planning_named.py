"""Fixes of break-it 64a, beyond its tests: a System planning item on the command line named with its page (its
result lines, its refusals, ``hearing confirm``) and listed (``hearing list --system-planning``); an unknown label
answered with the nearest; the minutes in English naming the page; a table of an item this app's checklist lacks
said by the sheet import; an older app's wiki page kept and said as the earlier export's, in English too."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl

from app.cli.main import main
from app.hearing.answers import AnswerService
from app.hearing.sessions import SessionService

MAINTENANCE = "system_planning.nfr.operations.maintenance"  # 保守改修の進め方: a text
AB_TEST = "system_planning.nfr.operations.ab_testing"
TEAM = "hearing.basics.team"  # 体制: a table


def run(capsys, db: Path, *args: str, lang: str = "en") -> tuple[int, str, str]:
    capsys.readouterr()
    try:
        code = main(["--db", str(db), "--lang", lang, *args])
    except SystemExit as exit_:
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


def label(library, item_id: str, lang: str) -> str:
    return library.item(item_id).label.get(lang)


def test_a_system_planning_item_is_named_with_its_page_when_saved_refused_or_confirmed(capsys, workspace, demo, db_path) -> None:
    workspace.close()
    name = label(workspace.library, MAINTENANCE, "en")
    code, out, err = run(capsys, db_path, "hearing", "answer", "--project", str(demo.id), "--item", MAINTENANCE, "--value", "monthly",
                         "--hypothesis")
    assert code == 0 and out.startswith(f"{name} (System planning): hypothesis saved"), out + err
    code, out, _ = run(capsys, db_path, "hearing", "confirm", "--project", str(demo.id), "--item", MAINTENANCE)
    assert code == 0 and out.startswith(f"{name} (System planning): hypothesis confirmed"), out
    code, out, err = run(capsys, db_path, "hearing", "answer", "--project", str(demo.id), "--item", MAINTENANCE, "--row", "a=b")
    assert code == 2 and not out and f"{name} (System planning) is not a table" in err, err
    code, out, err = run(capsys, db_path, "hearing", "answer", "--project", str(demo.id), "--item", MAINTENANCE, "--value", "x",
                         "--later", lang="ja")
    assert code == 2 and label(workspace.library, MAINTENANCE, "ja") + "(システム化計画)" in err, err
    code, out, _ = run(capsys, db_path, "hearing", "answer", "--project", str(demo.id), "--item", "背景・課題", "--note", "n", lang="ja")
    assert code == 0 and out.startswith("背景・課題: ") and "システム化計画" not in out  # the hearing's: as before


def test_hearing_list_lists_the_system_planning_items_with_a_flag_and_the_hearings_without(capsys, workspace, demo, db_path) -> None:
    workspace.close()
    code, out, _ = run(capsys, db_path, "hearing", "list", "--project", str(demo.id), "--system-planning", "--json")
    listed = json.loads(out)
    assert code == 0 and listed and all(row["id"].startswith("system_planning.") for row in listed)
    assert MAINTENANCE in [row["id"] for row in listed]
    code, out, _ = run(capsys, db_path, "hearing", "list", "--project", str(demo.id), "--system-planning", lang="ja")
    assert code == 0 and any(line.startswith(label(workspace.library, MAINTENANCE, "ja") + "\t") for line in out.splitlines())
    code, out, _ = run(capsys, db_path, "hearing", "list", "--project", str(demo.id), "--json")
    assert code == 0 and all(row["id"].startswith("hearing.") for row in json.loads(out))


def test_an_unknown_item_is_refused_naming_the_nearest_labels_and_where_they_are_listed(capsys, workspace, demo, db_path) -> None:
    workspace.close()
    code, out, err = run(capsys, db_path, "hearing", "answer", "--project", str(demo.id), "--item", "保守改修", "--value", "x", lang="ja")
    assert code == 2 and not out and err.count("\n") == 1
    assert "近い項目: " + label(workspace.library, MAINTENANCE, "ja") + "(システム化計画)" in err and "hearing list --system-planning" in err
    code, out, err = run(capsys, db_path, "hearing", "answer", "--project", str(demo.id), "--item", "qqqqqqqq", "--value", "x")
    assert code == 2 and err.count("\n") == 1 and "nearest" not in err and "hearing list --system-planning" in err, err
    assert AnswerService(workspace.db, workspace.library).answer(demo.id, MAINTENANCE).value in (None, "")


def test_the_minutes_in_english_name_the_system_planning_items_with_their_page(capsys, workspace, demo, db_path, tmp_path) -> None:
    sessions = SessionService(workspace.db)
    sessions.start(demo.id, attendees=["Sato"], title="Second")
    service = AnswerService(workspace.db, workspace.library)
    service.update(demo.id, MAINTENANCE, value="decided in the meeting")
    service.update(demo.id, AB_TEST, status="follow_up", followup_owner="Sato")
    sessions.end(demo.id)
    workspace.close()
    code, _, err = run(capsys, db_path, "export", "minutes", "--project", str(demo.id), "--out", str(tmp_path / "m.md"), "--lang", "en")
    assert code == 0, err
    text = (tmp_path / "m.md").read_text(encoding="utf-8")
    assert "decided in the meeting" in text and "### System planning › " in text, text
    assert f"- [ ] **{label(workspace.library, AB_TEST, 'en')}** (System planning)" in text and "Nothing to follow up." not in text, text


def test_the_table_of_an_item_this_apps_checklist_lacks_is_said_as_not_read(workspace, demo, tmp_path, monkeypatch) -> None:
    from app.hearing.sheet import COL, export_hearing_sheet
    from app.hearing.sheet_import import read_plan

    path = export_hearing_sheet(workspace, demo.id, tmp_path / "sheet.xlsx", "ja")
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    row = next(r for r in range(1, sheet.max_row + 1) if sheet.cell(r, COL["id"]).value == TEAM)
    sheet.cell(row, COL["note"]).value = "体制のメモ"
    book.save(path)
    monkeypatch.delitem(workspace.library._items, TEAM)  # this app's checklist without 体制 (a team's own older copy)
    said = "\n".join(read_plan(workspace, demo.id, path).notices("en"))
    assert "体制のメモ" in said and TEAM in said  # the row's words
    assert "is not read: its rows are not imported" in said  # and its table's tab


def test_an_older_apps_wiki_page_is_kept_and_said_as_the_earlier_exports_in_english_too(workspace, demo, tmp_path) -> None:
    from app import features
    from app.core.kinds import run_export

    kind, out = features.EXPORTS["wiki"], tmp_path / "wiki"
    run_export(kind, workspace, demo.id, out, "en", {"format": "plain"})
    marker = out / ".mlops-kickoff-export.json"
    data = json.loads(marker.read_text(encoding="utf-8"))
    del data["files"], data["hashes"]  # an older app's marker
    marker.write_text(json.dumps(data), encoding="utf-8")
    page = out / "index.md"
    older = page.read_text(encoding="utf-8").replace("\n", "\nwords of the older app's content\n", 1)
    page.write_text(older, encoding="utf-8")
    report = run_export(kind, workspace, demo.id, out, "en", {"format": "plain"})
    assert (out / "index.edited.md").read_text(encoding="utf-8") == older  # nothing lost
    assert "index.md (the earlier page -> index.edited.md)" in report.line("en") and "your edit" not in report.line("en")
    assert "前回のページ → index.edited.md" in report.line("ja") and "編集されていた" not in report.line("ja")
