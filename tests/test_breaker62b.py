"""Break-it 62b: the app on a consultant's own desktop: a dark colour scheme, display scaling, a small laptop screen,
and the documents printed from it (README "First start, settings, help", "Printouts", "Exports").

Tried: the Japanese window on the demo under a dark desktop palette (the Fusion style with a dark QPalette, as
Windows 11 / macOS dark mode or a KDE / GNOME dark theme give Qt 6; Qt's setColorScheme does nothing on the offscreen
platform) on every page (proposal and its preview, hearing with hypothesis mode, follow-ups dialog and due date box,
WBS table / Gantt / Load tab, experiment and data-CI with their wiki preview and refused drafts, system planning's
capacity panel, review table and charts, exports), contrast of the colours actually painted (pixels of the grabbed
widget: its commonest colour against its pixel most unlike it) or, for coloured text, of the model's ForegroundRole
colour against the painted background; the documents exported from a dark-scheme process (proposal and review PDF
rendered with pdftoppm, proposal / review HTML, the Excel WBS, hearing sheet, system plan, experiment sheet and review
workbook read back with openpyxl); QT_SCALE_FACTOR 1.25 / 1.5 / 2 screenshots at the logical size of a 1366x768
screen (1093x614, 911x512, 683x384) and the window built on an offscreen 1366x768 screen at each factor; every
page at 911x512 and 760x420 checked for widgets drawn over each other; the scheme switched from light to dark while
the window is open (a laptop's automatic dark mode at dusk).

Broke (strict xfails; their reasons say what a user sees): in the dark scheme the WBS's phase (summary) and milestone rows,
the Load tab's cells, the hypothesis bar and a refused draft's field are white text on hard-coded pastel
backgrounds (contrast 1.1-1.2); the proposal preview is dark navy text on the dark base (2.0); the red warning lines
(status bar's unsaved drafts, the environment page's refusal, the capacity total, the WBS's 過負荷) are dark red on
dark grey (1.6-1.9); the WBS's ★ often-missed titles, the review's suggestions, the capacity verdicts, an overdue
follow-up's date and the due date box's refused text keep colours chosen for white (2.3-2.8, each 5.9-7.3 on white);
at 150 % on a 1366x768 laptop (911x512) the capacity tab's 「インスタンスカタログ…」 button is drawn under the results
table; at 200 % the window (760x420 at least) does not fit the 683x384 screen; after the desktop switches to dark
with the window open, the wiki preview's links stay #0000ff on the now black page and the hearing item editor stays
light grey beside the dark tree.
Held: the PDFs (proposal, review) exported from a dark-scheme process are pixel for pixel those of a light one, black on white; the HTML
and Excel files do not depend on the scheme (Excel: every explicitly coloured cell is readable on its fill, the grey
hint text at 3.95:1 in the hearing sheet and system plan being the same in both schemes); the Gantt keeps its own
white paper with dark week labels and distinct critical / normal bars; the hearing status colours stay at least 3:1 on the dark
base and distinct; a refused WBS cell sets both its colours (readable); the review charts follow a scheme switch;
at 911x512 every page but system planning scrolls rather than overlaps; Gantt bars stay on their rows; the app icon
is an SVG (sharp at 2x).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QEvent, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QFocusEvent, QImage, QInputMethodEvent, QKeyEvent, QPalette
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QCheckBox,
    QComboBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QStyleFactory,
    QTableView,
    QTextEdit,
    QWidget,
)

from app.ui import messages
from tests.gui_helpers import close_window, environment_page, make_window, proposal_section, settle, wbs_find

pytestmark = pytest.mark.qt_log_ignore("This plugin does not support")

REPO = Path(__file__).resolve().parent.parent
READABLE = 4.5  # WCAG AA for text: what every one of these colours reaches on white

R = QPalette.ColorRole
DARK = {R.Window: "#2d2d2d", R.WindowText: "#ffffff", R.Base: "#1e1e1e", R.AlternateBase: "#262626",
        R.ToolTipBase: "#3c3c3c", R.ToolTipText: "#ffffff", R.Text: "#ffffff", R.Button: "#353535",
        R.ButtonText: "#ffffff", R.BrightText: "#ff5555", R.Link: "#5aa3e8", R.Highlight: "#2a82da",
        R.HighlightedText: "#ffffff", R.PlaceholderText: "#9a9a9a", R.Mid: "#555555", R.Dark: "#202020",
        R.Light: "#505050", R.Midlight: "#454545", R.Shadow: "#101010"}  # fmt: skip


def dark_palette() -> QPalette:
    """What a dark desktop (Windows 11 / macOS dark mode, a KDE / GNOME dark theme) gives the Fusion style."""
    palette = QPalette()
    for role, colour in DARK.items():
        palette.setColor(role, QColor(colour))
    for role in (R.Text, R.WindowText, R.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7f7f7f"))
    return palette


# --- measuring ---------------------------------------------------------------------------------------------------


def luminance(colour: QColor) -> float:
    def channel(v: float) -> float:
        return v / 12.92 if v <= 0.04045 else ((v + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF())


def contrast(a: QColor, b: QColor) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def background_of(image: QImage) -> QColor:
    """The commonest colour of ``image``: what the text is drawn on."""
    counts = Counter(image.pixel(x, y) for y in range(image.height()) for x in range(image.width()))
    return QColor.fromRgb(counts.most_common(1)[0][0])


def text_contrast(image: QImage) -> float:
    """The contrast a reader gets in ``image``: its background against its pixel most unlike it (the text's strokes)."""
    background = background_of(image)
    pixels = {image.pixel(x, y) for y in range(image.height()) for x in range(image.width())}
    return max(contrast(background, QColor.fromRgb(p)) for p in pixels)


def painted(widget: QWidget, rect: QRect | None = None) -> QImage:
    image = widget.grab().toImage()
    return image.copy(rect) if rect is not None else image


# --- fixtures ----------------------------------------------------------------------------------------------------


@pytest.fixture
def light_style(qapp):
    """The Fusion style (what Qt 6 uses on Linux and the app gets offscreen); the palette and style as found after."""
    palette, style = QApplication.palette(), qapp.style().name()
    qapp.setStyle(QStyleFactory.create("fusion"))
    yield qapp
    qapp.setPalette(palette)
    qapp.setStyle(QStyleFactory.create(style))


@pytest.fixture
def dark(light_style):
    """The desktop in its dark scheme before the window is built."""
    light_style.setPalette(dark_palette())


@pytest.fixture
def window(dark, qtbot, db_path, monkeypatch, said):
    """A Japanese window on the demo under the dark scheme, every confirmation answered yes."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.resize(1366, 768)
    settle(win)
    yield win
    close_window(win)


def wbs_page(window):
    window.show_page("wbs")
    settle(window)
    return window.page("wbs")


def wbs_cell(page, task_id: int, key: str) -> tuple[QImage, QColor | None]:
    """The WBS cell as the table paints it (scrolled into view) and the colour its model gives its text (None: the palette's)."""
    from app.ui.wbs.columns import INDEX

    source = page.model.index_of(task_id, INDEX[key])
    index = page.proxy.mapFromSource(source)
    page.tree.scrollTo(index)
    settle(page.window())
    brush = source.data(Qt.ItemDataRole.ForegroundRole)
    viewport = page.tree.viewport()
    image = viewport.grab().toImage().copy(page.tree.visualRect(index).intersected(viewport.rect()))
    return image, (brush.color() if brush is not None else None)


def table_cell(view: QAbstractItemView, index) -> tuple[QColor, QColor | None]:
    """(background as painted, the model's text colour) of ``index`` in ``view``."""
    view.scrollTo(index)
    settle(view.window())
    image = view.viewport().grab().toImage().copy(view.visualRect(index).intersected(view.viewport().rect()))
    brush = index.data(Qt.ItemDataRole.ForegroundRole)
    return background_of(image), (brush.color() if brush is not None else None)


# --- broke: the dark scheme --------------------------------------------------------------------------------------


def test_dark_wbs_phase_and_milestone_rows_are_readable(window) -> None:
    page = wbs_page(window)
    for title in ("導入提案", "計画(ヒアリング・WBS)", "中間報告", "最終報告"):
        task = wbs_find(page, title)
        image, _colour = wbs_cell(page, task, "title")
        assert text_contrast(image) >= READABLE, title


def test_dark_wbs_load_cells_are_readable(window) -> None:
    page = wbs_page(window)
    page.side_tabs.setCurrentIndex(1)
    settle(window)
    table = page.load_panel.table
    model = table.model()
    seen = 0
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            rect = table.visualRect(index)
            if model.data(index) and rect.isValid() and rect.right() < table.viewport().width():
                seen += 1
                assert text_contrast(painted(table.viewport(), rect)) >= READABLE, (row, column, model.data(index))
    assert seen


def test_dark_red_warning_lines_are_readable(window, qtbot, said) -> None:
    from app.ui.wbs.columns import INDEX

    def measure(label: QLabel) -> float:
        assert label.isVisible() and label.text()
        return round(text_contrast(painted(label)), 2)

    page = wbs_page(window)
    measured = {"過負荷": measure(page.overload_label)}
    task = wbs_find(page, "データのバージョン管理")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.select_task(task)
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task, INDEX["start"])))
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.tree.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    editor.selectAll()
    for ch in "2026/02/30":
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(editor, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    settle(window)
    assert said and "未保存" in window.save_label.text()
    measured["下書き"] = measure(window.save_label)
    env = environment_page(window, qtbot)
    field = env.findChild(QLineEdit, "field_repo_name")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "my repo name")
    settle(window)
    assert "リポジトリ名" in env.problem_label.text()
    measured["リポジトリ名"] = measure(env.problem_label)
    window.show_page("system-planning")
    settle(window)
    measured["キャパシティ"] = measure(window.page("system-planning").findChild(QLabel, "capacityTotal"))
    assert all(value >= READABLE for value in measured.values()), measured


def test_dark_draft_fields_show_what_was_typed(window, qtbot, said) -> None:
    env = environment_page(window, qtbot)
    field = env.findChild(QLineEdit, "field_repo_name")
    field.setFocus()
    field.selectAll()
    qtbot.keyClicks(field, "my repo name")
    settle(window)
    assert field.text() == "my repo name" and field.styleSheet()  # marked as a draft
    field.clearFocus()
    settle(window)
    env_contrast = text_contrast(painted(field, field.rect().adjusted(4, 4, -4, -4)))
    page, _section, edit = proposal_section(window, qtbot, 1)
    edit.insertPlainText("長" * 100_001)
    settle(window)
    assert edit.styleSheet()  # marked as a draft
    viewport = edit.viewport()
    proposal_contrast = text_contrast(painted(viewport, QRect(0, 0, viewport.width(), min(60, viewport.height()))))
    assert min(env_contrast, proposal_contrast) >= READABLE, (round(env_contrast, 2), round(proposal_contrast, 2))


def test_dark_proposal_preview_is_readable(window, qtbot) -> None:
    window.show_page("proposal")
    page = window.page("proposal")
    qtbot.waitUntil(lambda: page.preview.render_count > 0, timeout=10000)
    settle(window)
    viewport = page.preview.viewport()
    assert text_contrast(painted(viewport, QRect(0, 0, viewport.width(), 120))) >= READABLE


def test_dark_hypothesis_bar_is_readable(window) -> None:
    window.show_page("hearing")
    settle(window)
    page = window.page("hearing")
    page.findChild(QCheckBox, "hypothesisModeToggle").setChecked(True)
    settle(window)
    label = page.findChild(QLabel, "hypothesisState")
    bar = label.parentWidget()
    assert bar.objectName() == "hypothesisRow" and bar.isVisible() and label.text().startswith("仮説モード")
    assert text_contrast(painted(bar, label.geometry())) >= READABLE


def test_dark_wbs_often_missed_titles_are_readable(window) -> None:
    page = wbs_page(window)
    task = next(t.id for t in page.model.tree.tasks.values() if t.often_missed)
    image, colour = wbs_cell(page, task, "title")
    assert colour is not None  # (its own colour)
    assert contrast(colour, background_of(image)) >= READABLE


def test_dark_review_suggestions_are_readable(window) -> None:
    window.show_page("review")
    settle(window)
    table = window.page("review").findChild(QTableView, "reviewItems")
    model = table.model()
    found = []
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if index.data(Qt.ItemDataRole.ForegroundRole) is not None and "スコア" in str(index.data() or ""):
                background, colour = table_cell(table, index)
                found.append(round(contrast(colour, background), 2))
    assert found and min(found) >= READABLE, found


def test_dark_capacity_verdicts_are_readable(window) -> None:
    window.show_page("system-planning")
    settle(window)
    table = window.page("system-planning").findChild(QTableView, "capacityResults")
    table.clearSelection()
    table.setCurrentIndex(table.model().index(-1, -1))
    settle(window)
    model = table.model()
    found = {}
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            index = model.index(row, column)
            if index.data(Qt.ItemDataRole.ForegroundRole) is not None:
                background, colour = table_cell(table, index)
                found[str(index.data())[:12]] = round(contrast(colour, background), 2)
    assert found and min(found.values()) >= READABLE, found


def test_dark_overdue_and_refused_dates_are_readable(window, qtbot, monkeypatch) -> None:
    window.show_page("hearing")
    settle(window)
    page = window.page("hearing")
    follow = page.editor.followup
    assert follow.isVisible()  # the demo opens on an item to follow up
    follow.has_due.setChecked(True)
    follow.due.setDate(QDate.currentDate().addDays(-10))
    settle(window)
    monkeypatch.setattr(page, "exec_dialog", lambda dialog: dialog.show())  # (modal in the app: shown here)
    dialog = page.open_followups()
    settle(window)
    model = dialog.model
    overdue = [model.index(r, 3) for r in range(model.rowCount()) if model.index(r, 3).data(Qt.ItemDataRole.ForegroundRole) is not None]
    assert overdue
    view = next(v for v in dialog.findChildren(QTableView) if v.model() is model)
    background, colour = table_cell(view, overdue[0])
    listed = contrast(colour, background)
    dialog.close()
    settle(window)
    line = follow.due.lineEdit()
    follow.due.setFocus()
    line.selectAll()
    typed = QInputMethodEvent("", [])
    typed.setCommitString("2026/02/30")  # (as the input method commits it)
    QApplication.sendEvent(line, typed)
    QApplication.sendEvent(follow.due, QFocusEvent(QEvent.Type.FocusOut, Qt.FocusReason.TabFocusReason))
    settle(window)
    assert follow.due.is_refused() and line.text() == "2026/02/30"
    refused = contrast(line.palette().color(R.Text), line.palette().color(R.Base))
    assert min(listed, refused) >= READABLE, (round(listed, 2), round(refused, 2))


# --- broke: a small laptop, display scaling ----------------------------------------------------------------------


@pytest.mark.parametrize("size", [(911, 512), (760, 420)], ids=["150%", "smallest"])
def test_small_screen_capacity_tab_does_not_overlap(qtbot, db_path, monkeypatch, size) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    window.resize(*size)
    window.show_page("system-planning")
    settle(window)
    panel = window.page("system-planning").findChild(QWidget, "capacityPanel")
    button = panel.findChild(QPushButton, "instanceCatalogueButton")
    table = panel.findChild(QTableView, "capacityResults")
    rect = lambda w: QRect(w.mapTo(panel, QPoint(0, 0)), w.size())  # noqa: E731
    assert not rect(button).intersects(rect(table)), (rect(button), rect(table))
    close_window(window)


def offscreen_screen(tmp_path: Path, width: int, height: int) -> str:
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{"name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
                                               "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": 1}]}))  # fmt: skip
    return f"offscreen:configfile={config}"


WINDOW_ON_SCREEN = """
import argparse, sys
from PySide6.QtWidgets import QApplication
app = QApplication(sys.argv[:1])
from app.ui.app import build_window
_a, w = build_window(argparse.Namespace(db=sys.argv[1], global_lang="ja", global_project=None, page=None, screenshot=None))
w.show()
app.processEvents()
area, frame = w.screen().availableGeometry(), w.frameGeometry()
print(area.width(), area.height(), frame.right() + 1, frame.bottom() + 1)
"""


def window_on_a_laptop(tmp_path: Path, scale: str) -> tuple[int, int, int, int]:
    """(screen width, height, window frame right, bottom) of the first start on a 1366x768 screen at ``scale``."""
    home = tmp_path / f"home{scale}"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MLOPS_KICKOFF", "QT_"))}
    env.update(PYTHONPATH=str(REPO), MLOPS_KICKOFF_HOME=str(home), MLOPS_KICKOFF_SETTINGS=str(home / "s.ini"),
               QT_QPA_PLATFORM=offscreen_screen(tmp_path, 1366, 768), QT_SCALE_FACTOR=scale)  # fmt: skip
    result = subprocess.run([sys.executable, "-c", WINDOW_ON_SCREEN, str(home / "db.sqlite3")], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)  # fmt: skip
    assert result.returncode == 0, result.stderr
    width, height, right, bottom = (int(v) for v in result.stdout.split()[-4:])
    return width, height, right, bottom


def test_held_the_window_fits_a_1366x768_laptop_at_150_percent(tmp_path: Path) -> None:
    width, height, right, bottom = window_on_a_laptop(tmp_path, "1.5")
    assert (width, height) == (911, 512) and right <= width and bottom <= height


def test_the_window_fits_a_1366x768_laptop_at_200_percent(tmp_path: Path) -> None:
    width, height, right, bottom = window_on_a_laptop(tmp_path, "2")
    assert (width, height) == (683, 384)
    assert right <= width and bottom <= height, (right, bottom)


# --- broke: the scheme switched while the window is open ------------------------------------------------------------


@pytest.fixture
def dusk(light_style, qtbot, db_path, monkeypatch):
    """A Japanese window built in the light scheme, its experiment and hearing pages seen; then the desktop turns dark."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    win = make_window(qtbot, db_path, global_lang="ja")
    win.resize(1366, 768)
    for page in ("experiment", "hearing", "review"):
        win.show_page(page)
        settle(win)
    light_style.setPalette(dark_palette())
    settle(win)
    yield win
    close_window(win)


def test_dusk_wiki_preview_links_stay_readable(dusk, qtbot) -> None:
    page = environment_page(dusk, qtbot)
    browser = page.preview.browser
    background = background_of(painted(browser.viewport()))
    links: set[str] = set()
    block = browser.document().begin()
    while block.isValid():
        part = block.begin()
        while not part.atEnd():
            fmt = part.fragment().charFormat()
            if fmt.isAnchor():
                links.add(fmt.foreground().color().name() if fmt.foreground().style() != Qt.BrushStyle.NoBrush else
                          browser.palette().color(R.Link).name())  # fmt: skip
            part += 1
        block = block.next()
    assert links
    assert min(contrast(QColor(c), background) for c in links) >= READABLE, (links, background.name())


def test_dusk_hearing_item_editor_follows_the_scheme(dusk) -> None:
    dusk.show_page("hearing")
    settle(dusk)
    page = dusk.page("hearing")
    editor_background = background_of(painted(page.editor))
    tree_background = background_of(painted(page.tree.viewport()))
    assert tree_background.lightness() < 100  # the tree followed
    assert editor_background.lightness() < 128, editor_background.name()


# --- held ------------------------------------------------------------------------------------------------------------


def pdf_pages(pdf: Path, out: Path) -> list[QImage]:
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(out)], check=True, timeout=120)
    return [QImage(str(p)) for p in sorted(out.parent.glob(out.name + "-*.png"))]


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="pdftoppm (poppler-utils) not installed")
def test_held_documents_exported_in_the_dark_scheme_are_black_on_white(dark, db_path, tmp_path: Path) -> None:
    """The proposal and review PDFs the app writes in a dark-scheme process: white paper, black text (as in a light one)."""
    from app.main import main
    from tests.conftest import copy_database
    from tests.gui_helpers import _args, _demo_language, _first_start_database

    copy_database(_first_start_database(_demo_language(_args(db_path, global_lang="ja"))), db_path)
    for kind in ("proposal", "review"):
        out = tmp_path / f"{kind}.pdf"
        assert main(["--db", str(db_path), "--lang", "ja", "export", kind, "--project", "1", "--out", str(out)]) == 0
        pages = pdf_pages(out, tmp_path / kind)
        assert pages
        for image in pages:
            paper = background_of(image)
            assert paper.lightness() > 250, (kind, paper.name())
            darkest = min((QColor.fromRgb(image.pixel(x, y)) for y in range(0, image.height(), 2) for x in range(0, image.width(), 2)),
                          key=luminance)  # fmt: skip
            assert contrast(paper, darkest) > 10, (kind, darkest.name())
        html = tmp_path / f"{kind}.html"
        assert main(["--db", str(db_path), "--lang", "ja", "export", kind, "--project", "1", "--out", str(html)]) == 0
        assert "#5aa3e8" not in html.read_text(encoding="utf-8") and "#1e1e1e" not in html.read_text(encoding="utf-8")


def test_held_excel_files_exported_in_the_dark_scheme_are_readable_on_paper(dark, db_path, tmp_path: Path) -> None:
    """Every cell with its own font colour in the Excel WBS and hearing sheet is readable on its fill (white if none)."""
    import openpyxl

    from app.main import main
    from tests.conftest import copy_database
    from tests.gui_helpers import _args, _demo_language, _first_start_database

    copy_database(_first_start_database(_demo_language(_args(db_path, global_lang="ja"))), db_path)
    for kind in ("wbs", "hearing-sheet"):
        out = tmp_path / f"{kind}.xlsx"
        assert main(["--db", str(db_path), "--lang", "ja", "export", kind, "--project", "1", "--out", str(out)]) == 0
        book = openpyxl.load_workbook(out)
        for sheet in book.worksheets:
            for row in sheet.iter_rows():
                for cell in row:
                    colour = cell.font.color
                    if cell.value is None or colour is None or colour.type != "rgb":
                        continue
                    fill = cell.fill.fgColor.rgb if cell.fill.fill_type == "solid" and cell.fill.fgColor.type == "rgb" else "FFFFFF"
                    ratio = contrast(QColor("#" + colour.rgb[-6:]), QColor("#" + fill[-6:]))
                    assert ratio >= 3.9, (kind, sheet.title, cell.coordinate, colour.rgb, fill)


def test_held_the_gantt_keeps_its_paper_in_the_dark_scheme(window) -> None:
    """The Gantt paints its own white page: week labels dark on it, critical-path bars unlike the others."""
    from app.ui.wbs import gantt

    page = wbs_page(window)
    canvas = page.findChild(QWidget, "wbsGantt").canvas
    image = painted(canvas)
    assert background_of(image).lightness() > 240
    header = image.copy(QRect(0, 0, image.width(), canvas.parentWidget().header_height()))
    assert text_contrast(header) >= READABLE
    assert abs(gantt.CRITICAL.hue() - gantt.BAR.hue()) > 90  # red against blue (as in the light scheme: the Gantt is its own)


def test_held_hearing_status_colours_stay_distinct_in_the_dark_scheme(window) -> None:
    window.show_page("hearing")
    settle(window)
    tree = window.page("hearing").tree
    model = tree.model()
    colours: dict[str, QColor] = {}

    def walk(parent) -> None:
        for row in range(model.rowCount(parent)):
            brush = model.index(row, 1, parent).data(Qt.ItemDataRole.ForegroundRole)
            if brush is not None:
                colours.setdefault(str(model.index(row, 1, parent).data()), brush.color())
            walk(model.index(row, 0, parent))

    walk(tree.rootIndex())
    base = tree.viewport().palette().color(R.Base)
    assert {"回答済", "要フォロー", "未確認"} <= set(colours)
    assert all(contrast(c, base) >= 3 for c in colours.values()), {k: round(contrast(c, base), 2) for k, c in colours.items()}
    assert len({c.name() for c in colours.values()}) == len(colours)


def test_held_a_refused_wbs_cell_sets_both_its_colours(window, qtbot, said) -> None:
    from app.ui.wbs.columns import INDEX

    page = wbs_page(window)
    task = wbs_find(page, "データのバージョン管理")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    page.select_task(task)
    page.tree.setFocus()
    page.tree.setCurrentIndex(page.proxy.mapFromSource(page.model.index_of(task, INDEX["estimate_days"])))
    qtbot.keyClick(page.tree, Qt.Key.Key_F2)
    qtbot.waitUntil(lambda: page.tree.state() == QAbstractItemView.State.EditingState, timeout=2000)
    editor = QApplication.focusWidget()
    line = editor.lineEdit() if hasattr(editor, "lineEdit") and callable(editor.lineEdit) else editor
    line.selectAll()
    qtbot.keyClicks(line, "99999")
    qtbot.keyClick(line, Qt.Key.Key_Return)
    settle(window)
    assert said
    page.select_task(wbs_find(page, "導入提案"))  # (a selected row is painted in the selection's colours)
    image, colour = wbs_cell(page, task, "estimate_days")
    assert colour is not None and contrast(colour, background_of(image)) >= READABLE


def test_held_the_review_charts_follow_a_switch_to_dark(dusk) -> None:
    dusk.show_page("review")
    settle(dusk)
    from app.ui.review.chart_base import Chart

    charts = [c for c in dusk.page("review").findChildren(Chart) if c.isVisible()]
    assert charts
    for chart in charts:
        assert background_of(painted(chart)).lightness() < 60, type(chart).__name__


def ancestors(widget: QWidget):
    parent = widget.parentWidget()
    while parent is not None:
        yield parent
        parent = parent.parentWidget()


def overlapping(window) -> list[tuple[str, str]]:
    """Pairs of visible controls (buttons, boxes, tables, labels with text) drawn over each other, as far as each is on screen."""
    kinds = (QAbstractButton, QAbstractItemView, QComboBox, QLineEdit, QAbstractSpinBox, QLabel, QPlainTextEdit, QTextEdit)
    shown = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, kinds) or not widget.isVisible() or widget.visibleRegion().isEmpty():
            continue
        if (isinstance(widget, QLabel) and not widget.text()) or any(isinstance(p, kinds) for p in ancestors(widget)):
            continue
        visible = widget.visibleRegion().boundingRect()
        shown.append((widget, QRect(widget.mapTo(window, visible.topLeft()), visible.size())))
    found = []
    for n, (a, ra) in enumerate(shown):
        for b, rb in shown[n + 1 :]:
            both = ra.intersected(rb)
            if both.width() > 2 and both.height() > 2:
                found.append((a.objectName() or type(a).__name__, b.objectName() or type(b).__name__))
    return found


def test_held_pages_scroll_rather_than_overlap_at_150_percent(qtbot, db_path, monkeypatch) -> None:
    """911x512 (1366x768 at 150 %) and 1093x614 (at 125 %): no page but system planning (above) draws one control over another."""
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    for size in ((911, 512), (1093, 614)):
        window.resize(*size)
        for page in ("proposal", "hearing", "wbs", "experiment", "data-ci", "review", "exports"):
            window.show_page(page)
            settle(window)
            assert overlapping(window) == [], (size, page)
    close_window(window)


def test_held_gantt_bars_stay_on_their_rows_on_a_small_screen(qtbot, db_path, monkeypatch) -> None:
    monkeypatch.setattr(messages, "confirm", lambda *_a, **_k: True)
    window = make_window(qtbot, db_path, global_lang="ja")
    window.resize(911, 512)
    page = wbs_page(window)
    gantt = page.findChild(QWidget, "wbsGantt")
    bars = gantt.bars()
    assert bars
    for task_id, bar in bars.items():
        index = page.proxy.mapFromSource(page.model.index_of(task_id))
        row = page.tree.visualRect(index)
        row_top = page.tree.viewport().mapToGlobal(row.topLeft()).y()
        bar_top = gantt.canvas.mapToGlobal(QPoint(0, bar.y)).y()
        assert abs(row_top - bar_top) <= 1 and bar.h == row.height(), task_id
    close_window(window)


def test_held_the_app_icon_is_sharp_at_any_scale(qapp) -> None:
    from app.core import paths

    icon = paths.resources_dir() / "icons" / "app.svg"
    assert icon.exists()
    image = QImage(str(icon))
    assert not image.isNull()
    from PySide6.QtGui import QIcon

    big = QIcon(str(icon)).pixmap(256, 256)
    assert not big.isNull() and big.width() == 256
