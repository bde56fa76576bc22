"""Breaker 58c: the Excel WBS's new not-before column (開始可能日), the review report's charts (workbook sheet 図,
PDF pictures), the summary's person-days, the estimate box on a comma locale, the baselines dialogs after a
language switch — tried as a demanding Japanese customer would.

Held: odd not-before values typed in Excel (2027/6/1, 令和9年6月1日, full-width, a date and time) read as the day,
dry run changing nothing; 9999/12/31, 0001/01/01, =TODAY(), a time, なし refused naming 開始可能日 in Japanese;
a conflict kept the app's date (--prefer sheet took the sheet's); the column moved to the end read; the English sheet
read in Japanese; an imported date holds the task (a Saturday: the Monday; a summary: its tasks) when scheduled; the
window's preview in Japanese, the table refreshed, Undo back exactly; a project nobody assessed exports every format.

Broke (strict xfails): an older workbook is said to have had its 開始可能日 column deleted; the radar's spokes start
left of its centre; the English AIST radar's labels cut at the picture's edge; section bars drawn against a fixed 7.
Area 3 (summary person-days, comma locale, baselines dialogs after a switch) was not reached within the time-box."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import openpyxl
import pytest

from app.core.workspace import Workspace
from app.main import main
from app.wbs.files.sheet import COLUMNS
from app.wbs.service import WbsService

HELD = dt.date(2027, 5, 10)


def cli(capsys, db_path: Path, *args: str, lang: str = "ja") -> tuple[int, str]:
    code = main(["--db", str(db_path), "--lang", lang, *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def column(key: str) -> int:
    return next(n for n, c in enumerate(COLUMNS, start=1) if c.key == key)


def open_ws(db_path: Path, library) -> Workspace:
    return Workspace.open(str(db_path), library)


def tasks(db_path: Path, library) -> dict:
    ws = open_ws(db_path, library)
    try:
        tree = WbsService(ws.db).tree(1)
        return {tree.codes[t.id]: t for t in tree.tasks.values()}
    finally:
        ws.close()


def set_not_before(db_path: Path, library, code: str, day: dt.date | None) -> None:
    ws = open_ws(db_path, library)
    try:
        service = WbsService(ws.db)
        service.update(1, [service.tree(1).by_code()[code]], not_before=day)
    finally:
        ws.close()


def edit_sheet(path: Path, edit, sheet_name: str = "WBS") -> None:
    wb = openpyxl.load_workbook(path)
    sheet = wb[sheet_name]
    head = {c.value: n + 1 for n, c in enumerate(sheet[1]) if isinstance(c.value, str)}
    rows = {str(sheet.cell(r, 1).value): r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value is not None}
    edit(wb, sheet, head, rows)
    wb.save(path)


@pytest.fixture
def wbs_out(demo, db_path, library, tmp_path, capsys) -> Path:
    """The demo's WBS in Japanese, 1.1 held back to HELD before the export."""
    demo_db = db_path
    set_not_before(demo_db, library, "1.1", HELD)
    out = tmp_path / "w.xlsx"
    code, text = cli(capsys, db_path, "export", "wbs", "--project", "1", "--out", str(out))
    assert code == 0, text
    return out


# --- 1. the not-before column: odd values typed in Excel --------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "day"),
    [
        ("2027/6/1", dt.date(2027, 6, 1)),
        ("令和9年6月1日", dt.date(2027, 6, 1)),
        ("２０２７／６／１", dt.date(2027, 6, 1)),
        ("2027年6月1日", dt.date(2027, 6, 1)),
        (dt.datetime(2027, 6, 1, 15, 30), dt.date(2027, 6, 1)),
    ],
)
def test_cli_a_not_before_date_typed_oddly_is_read_as_the_day(wbs_out, db_path, library, capsys, typed, day) -> None:
    edit_sheet(wbs_out, lambda wb, s, head, rows: setattr(s.cell(rows["1.2"], head["開始可能日"]), "value", typed))
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--dry-run")
    assert code == 0 and "開始可能日" in text and "not_before" not in text, text
    assert tasks(db_path, library)["1.2"].not_before is None  # a dry run changes nothing
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")
    assert code == 0, text
    assert tasks(db_path, library)["1.2"].not_before == day


@pytest.mark.parametrize("typed", ["9999/12/31", "0001/01/01", "=TODAY()", dt.time(10, 0), "なし"])
def test_cli_a_not_before_cell_that_is_no_plan_date_is_refused_in_japanese_naming_the_column(
    wbs_out, db_path, library, capsys, typed
) -> None:
    edit_sheet(wbs_out, lambda wb, s, head, rows: setattr(s.cell(rows["1.2"], head["開始可能日"]), "value", typed))
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")
    assert code != 0 and "開始可能日" in text and "Traceback" not in text and "not_before" not in text, text
    assert "Not before" not in text, text
    assert tasks(db_path, library)["1.1"].not_before == HELD


# --- conflicts, older workbooks, moved columns, the English sheet ---------------------------------------------------


def test_cli_the_same_not_before_changed_in_the_app_and_the_sheet_is_said_as_a_conflict_and_the_app_value_kept(
    wbs_out, db_path, library, capsys
) -> None:
    edit_sheet(wbs_out, lambda wb, s, head, rows: setattr(s.cell(rows["1.1"], head["開始可能日"]), "value", dt.datetime(2027, 7, 1)))
    set_not_before(db_path, library, "1.1", dt.date(2027, 8, 2))
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")
    assert code == 0, text
    assert "開始可能日" in text and "競合 1 件" in text, text
    assert tasks(db_path, library)["1.1"].not_before == dt.date(2027, 8, 2)
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes", "--prefer", "sheet")
    assert code == 0, text
    assert tasks(db_path, library)["1.1"].not_before == dt.date(2027, 7, 1)


def test_cli_not_before_cleared_in_the_app_and_unchanged_in_the_sheet_stays_cleared(wbs_out, db_path, library, capsys) -> None:
    set_not_before(db_path, library, "1.1", None)
    edit_sheet(wbs_out, lambda wb, s, head, rows: setattr(s.cell(rows["1.2"], head["タスク"]), "value", "顧客の題名"))
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")
    assert code == 0, text
    now = tasks(db_path, library)
    assert now["1.1"].not_before is None and now["1.2"].title == "顧客の題名"


def test_cli_an_older_workbook_without_the_column_nor_its_baseline_leaves_the_date_alone(wbs_out, db_path, library, capsys) -> None:
    def edit(wb, sheet, head, rows) -> None:
        sheet.cell(rows["1.1"], head["タスク"]).value = "古いブックで直した題名"
        sheet.delete_cols(head["開始可能日"])
        meta = wb["_meta"]
        header = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "baseline")
        at = next(c for c in range(1, meta.max_column + 1) if meta.cell(header, c).value == "not_before")
        meta.delete_cols(at)

    edit_sheet(wbs_out, edit)
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")
    assert code == 0, text
    now = tasks(db_path, library)
    assert now["1.1"].not_before == HELD and now["1.1"].title == "古いブックで直した題名"


def test_cli_an_older_workbook_is_not_said_to_have_had_its_not_before_column_deleted(wbs_out, db_path, library, capsys) -> None:
    def edit(wb, sheet, head, rows) -> None:
        sheet.delete_cols(head["開始可能日"])
        meta = wb["_meta"]
        header = next(r for r in range(1, meta.max_row + 1) if meta.cell(r, 1).value == "baseline")
        at = next(c for c in range(1, meta.max_column + 1) if meta.cell(header, c).value == "not_before")
        meta.delete_cols(at)

    edit_sheet(wbs_out, edit)
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--dry-run")
    assert code == 0 and "列を削除しましたか" not in text, text


def test_cli_the_not_before_column_moved_to_the_end_is_still_read(wbs_out, db_path, library, capsys) -> None:
    def edit(wb, sheet, head, rows) -> None:
        at = head["開始可能日"]
        values = [sheet.cell(r, at).value for r in range(1, sheet.max_row + 1)]
        sheet.delete_cols(at)
        end = sheet.max_column + 2
        for r, v in enumerate(values, start=1):
            sheet.cell(r, end).value = v
        sheet.cell(rows["1.2"], end).value = "2027/9/1"

    edit_sheet(wbs_out, edit)
    code, text = cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")
    assert code == 0, text
    now = tasks(db_path, library)
    assert now["1.1"].not_before == HELD and now["1.2"].not_before == dt.date(2027, 9, 1)


def test_cli_the_english_headed_sheet_is_read_by_a_japanese_user(demo, db_path, library, tmp_path, capsys) -> None:
    set_not_before(db_path, library, "1.1", HELD)
    out = tmp_path / "en.xlsx"
    code, text = cli(capsys, db_path, "export", "wbs", "--project", "1", "--out", str(out), "--lang", "en")
    assert code == 0, text
    edit_sheet(out, lambda wb, s, head, rows: (setattr(s.cell(rows["1.1"], head["Not before"]), "value", None),
                                               setattr(s.cell(rows["1.2"], head["Not before"]), "value", "2027/6/1")))
    code, text = cli(capsys, db_path, "import", "wbs", str(out), "--project", "1", "--yes")
    assert code == 0 and "開始可能日" in text and "Not before" not in text, text
    now = tasks(db_path, library)
    assert now["1.1"].not_before is None and now["1.2"].not_before == dt.date(2027, 6, 1)


# --- the schedule after an import -------------------------------------------------------------------------------


def schedule_plan(db_path: Path, library) -> None:
    from app.wbs.schedule import schedule

    ws = open_ws(db_path, library)
    try:
        schedule(ws, 1)
    finally:
        ws.close()


@pytest.mark.parametrize(("code", "typed", "first_day"), [
    ("3.3", "2027/6/1", dt.date(2027, 6, 1)),  # a Tuesday
    ("3.3", "2027/6/5", dt.date(2027, 6, 7)),  # a Saturday: the next working day
    ("3.1", "令和9年6月1日", dt.date(2027, 6, 1)),  # a summary: its tasks held back with it
])
def test_cli_a_not_before_date_imported_holds_the_task_back_when_the_plan_is_scheduled(
    wbs_out, db_path, library, capsys, code, typed, first_day
) -> None:
    edit_sheet(wbs_out, lambda wb, s, head, rows: setattr(s.cell(rows[code], head["開始可能日"]), "value", typed))
    assert cli(capsys, db_path, "import", "wbs", str(wbs_out), "--project", "1", "--yes")[0] == 0
    schedule_plan(db_path, library)
    now = tasks(db_path, library)
    assert now[code].start == first_day, (now[code].start, now[code].not_before)
    held = [c for c in now if c == code or c.startswith(code + ".")]
    assert all(now[c].start >= first_day for c in held)
    after = [c for c, t in now.items() if any(now[code].id == d.predecessor_id for d in t.dependencies)]
    assert all(now[c].start >= first_day for c in after), after
    assert len(held) > 1 or after


# --- the window: preview, conflict, undo --------------------------------------------------------------------------

from app.ui.wbs.columns import INDEX  # noqa: E402
from app.wbs.files.xlsx import export_wbs_xlsx  # noqa: E402
from tests.gui_helpers import close_window, make_window, settle  # noqa: E402
from tests.test_breaker54c import import_wbs_in, plan_state  # noqa: E402


def test_gui_not_before_changed_in_excel_is_previewed_in_japanese_imported_and_undone(qtbot, db_path, monkeypatch, tmp_path) -> None:
    window = make_window(qtbot, db_path, global_lang="ja")
    try:
        ws, pid = window.state.workspace, window.state.project_id
        service = WbsService(ws.db)
        by_code = service.tree(pid).by_code()
        service.update(pid, [by_code["2.4"]], not_before=HELD)
        settle(window)
        out = export_wbs_xlsx(ws, pid, tmp_path / "w.xlsx", "ja")
        before = plan_state(window)

        def edit(wb, sheet, head, rows) -> None:
            sheet.cell(rows["2.4"], head["開始可能日"]).value = None
            sheet.cell(rows["2.5"], head["開始可能日"]).value = "令和9年6月1日"

        edit_sheet(out, edit)
        seen: dict = {}
        import_wbs_in(window, qtbot, monkeypatch, out, True, seen)
        shown = str(seen["rows"]) + "".join(seen["notes"])
        assert "開始可能日" in shown and "not_before" not in shown and "Not before" not in shown, shown
        assert "2027/06/01" in shown or "2027/6/1" in shown, shown
        tree = service.tree(pid)
        assert tree.tasks[by_code["2.4"]].not_before is None
        assert tree.tasks[by_code["2.5"]].not_before == dt.date(2027, 6, 1)
        page = window.page("wbs")
        qtbot.waitUntil(lambda: page.model.tree.tasks[by_code["2.5"]].not_before == dt.date(2027, 6, 1), timeout=5000)
        assert "2027" in str(page.model.index_of(by_code["2.5"], INDEX["not_before"]).data())
        window.undo_action.trigger()
        settle(window)
        assert plan_state(window) == before
    finally:
        close_window(window)


# --- 2. the review report's charts ------------------------------------------------------------------------------

import re  # noqa: E402

SVG_RE = re.compile(r"<svg .*?</svg>", re.S)


def report_svgs(capsys, db_path: Path, tmp_path: Path, lang: str) -> list[str]:
    out = tmp_path / f"r-{lang}.html"
    code, text = cli(capsys, db_path, "export", "review", "--project", "1", "--out", str(out), "--lang", lang, lang=lang)
    assert code == 0, text
    return SVG_RE.findall(out.read_text(encoding="utf-8"))


def radars(svgs: list[str]) -> list[str]:
    return [s for s in svgs if "<polygon" in s]


def drawn_outside(svg: str) -> list[str]:
    """The picture drawn by Qt's SVG renderer (as the PDF draws it) on a canvas 200 px bigger each way: which sides of
    the picture something is drawn beyond (a text the picture's edge cuts)."""
    from PySide6.QtCore import QByteArray, QRectF
    from PySide6.QtGui import QColor, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    w, h = map(int, re.match(r'<svg [^>]*width="(\d+)" height="(\d+)"', svg).groups())
    m = 200
    wider = re.sub(r'width="\d+" height="\d+" viewBox="[^"]+"', f'width="{w + 2 * m}" height="{h + 2 * m}" viewBox="{-m} {-m} {w + 2 * m} {h + 2 * m}"', svg, count=1)
    renderer = QSvgRenderer(QByteArray(wider.encode("utf-8")))
    image = QImage(w + 2 * m, h + 2 * m, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    renderer.render(painter, QRectF(0, 0, image.width(), image.height()))
    painter.end()
    inked = [(x, y) for x in range(0, image.width(), 1) for y in range(0, image.height(), 2) if QColor(image.pixel(x, y)).lightness() < 200]
    sides = {"left": any(x < m for x, _ in inked), "right": any(x >= m + w for x, _ in inked),
             "top": any(y < m for _, y in inked), "bottom": any(y >= m + h for _, y in inked)}
    return [side for side, out in sides.items() if out]


def test_the_radar_spokes_start_at_the_radar_centre(demo, db_path, tmp_path, capsys) -> None:
    for svg in radars(report_svgs(capsys, db_path, tmp_path, "ja")):
        ring = re.search(r'<polygon points="([^"]+)" fill="none"', svg).group(1)
        points = [tuple(map(float, p.split(","))) for p in ring.split()]
        cx, cy = sum(x for x, _ in points) / len(points), sum(y for _, y in points) / len(points)
        for x1, y1 in re.findall(r'<line x1="([\d.]+)" y1="([\d.]+)"', svg):
            assert abs(float(x1) - cx) < 2 and abs(float(y1) - cy) < 2, (x1, y1, cx, cy)


def test_the_japanese_reports_radar_labels_fit_their_pictures(demo, db_path, tmp_path, capsys) -> None:
    svgs = radars(report_svgs(capsys, db_path, tmp_path, "ja"))
    assert len(svgs) == 2
    assert [drawn_outside(svg) for svg in svgs] == [[], []]


def test_the_english_reports_radar_labels_fit_their_pictures(demo, db_path, tmp_path, capsys) -> None:
    svgs = radars(report_svgs(capsys, db_path, tmp_path, "en"))
    assert len(svgs) == 2
    assert [drawn_outside(svg) for svg in svgs] == [[], []]


# content overrides in <data folder>/checklists: a section of ten tests, a radar axis with a long label

REPO = Path(__file__).resolve().parent.parent


def override_checklists(home: Path) -> None:
    folder = home / "checklists"
    folder.mkdir(parents=True, exist_ok=True)
    src = (REPO / "checklists" / "review_ml_test_score.yaml").read_text(encoding="utf-8")
    extra = "".join(f"      - id: data.extra{k}\n        label: {{ja: 追加の確認項目{k}, en: Extra check {k}}}\n" for k in range(3))
    src = src.replace("      - id: data.beneficial\n", extra + "      - id: data.beneficial\n", 1).replace("version: 1\n", "version: 2\n", 1)
    (folder / "review_ml_test_score.yaml").write_text(src, encoding="utf-8")


@pytest.fixture
def ten_data_tests(isolated_home, db_path, capsys) -> Iterator[Path]:
    """A demo whose ML Test Score has ten data tests (an override), all of them automated: the data section 10 / 10."""
    from app.core import operations as ops
    from app.core.content.loader import load_library, reset_default_library
    from app.review import set_fields

    override_checklists(isolated_home)
    reset_default_library()  # (the process's library: read again with the override, as a new process reads it)
    assert cli(capsys, db_path, "demo")[0] == 0
    library = load_library()
    ws = Workspace.open(str(db_path), library)
    try:
        from app.review.service import review_checklists

        checklist = next(c for c in review_checklists(library) if c.id == "ml_test_score")
        data = next(s for s in checklist.sections if s.id == "data")
        assert len(data.items) == 10
        for item in data.items:
            ops.run(ws, set_fields(1, "ml_test_score", item.id, {"score": 1}))
    finally:
        ws.close()
    yield db_path
    reset_default_library()  # (the next test's process library without the override)


def test_a_section_of_ten_tests_is_drawn_to_its_own_maximum(ten_data_tests, tmp_path, capsys) -> None:
    out = tmp_path / "r.html"
    assert cli(capsys, ten_data_tests, "export", "review", "--project", "1", "--out", str(out))[0] == 0
    bars = next(s for s in SVG_RE.findall(out.read_text(encoding="utf-8")) if "<polygon" not in s)
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)" height="20" fill="#1f4e79"', bars)]
    track = float(re.search(r'<rect x="\d+" y="\d+" width="([\d.]+)" height="20" fill="#eeeeee"', bars).group(1))
    assert widths[0] == track  # the data section: 10 of 10
    assert abs(widths[2] / widths[0] - 1.5 / 10) < 0.02, (widths, track)  # infrastructure's 1.5 against data's 10
    book = tmp_path / "r.xlsx"
    assert cli(capsys, ten_data_tests, "export", "review", "--project", "1", "--out", str(book))[0] == 0
    import zipfile

    with zipfile.ZipFile(book) as z:
        chart = z.read("xl/charts/chart1.xml").decode("utf-8")
    assert float(re.search(r'<c:max val="([\d.]+)"/>', chart).group(1)) >= 10


def test_a_project_nobody_assessed_exports_its_charts_in_every_format(db_path, tmp_path, capsys) -> None:
    code, text = cli(capsys, db_path, "project", "new", "未評価のプロジェクト")
    assert code == 0, text
    for suffix in ("xlsx", "pdf", "html", "md"):
        out = tmp_path / f"r.{suffix}"
        code, text = cli(capsys, db_path, "export", "review", "--project", "1", "--out", str(out))
        assert code == 0 and out.stat().st_size > 0 and "Traceback" not in text, text
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    charts = book.worksheets[-1]
    assert charts.title == "図" and len(charts._charts) == 3
    axes = [r for r in range(1, charts.max_row + 1) if str(charts.cell(r, 1).value or "").startswith("Data Integrity")]
    assert axes and all(charts.cell(r, 2).value is None for r in axes)  # unassessed: an empty cell, not a 0
