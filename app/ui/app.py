"""Starting the GUI: application object, translations, database, first project, window."""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, cast

from app import __version__, features, started  # features: content types, document kinds
from app.core import paths
from app.core.errors import UserError
from app.core.i18n import Lang, parse_lang
from app.core.messages import Many, Message

if TYPE_CHECKING:
    from app.ui.ctrl_c import CtrlC

# --screenshot waits until the visible page has had nothing pending for this long (at most the max).
SCREENSHOT_QUIET_S = 0.1
SCREENSHOT_SETTLE_MAX_S = 8.0
# ``make bench`` sets this to the wall time it launched the process at (time.time()); the window then
# prints to stderr how long after that the page in front was first painted with its project.
START_TRACE_ENV = "MLOPS_KICKOFF_START_TRACE"
FIRST_PAINT_WAIT_MS = 10_000  # garbage collection resumes by then even if the page in front never settles

def create_application(argv: list[str] | None = None):  # QApplication
    from PySide6.QtWidgets import QApplication

    app = cast(QApplication, QApplication.instance() or QApplication(argv or [sys.argv[0]]))  # only ever a QApplication
    app.setOrganizationName(paths.ORG_NAME)
    app.setApplicationName(paths.APP_NAME)
    app.setApplicationDisplayName("MLOps Kickoff")
    app.setApplicationVersion(__version__)
    from PySide6.QtGui import QIcon

    icon = paths.resources_dir() / "icons" / "app.svg"
    if icon.exists():
        app.setWindowIcon(QIcon(str(icon)))
    from app.ui.window.keys import install_field_undo_keys, install_tab_leaves_views

    install_field_undo_keys(app)  # Ctrl+Z in a text field with nothing of its own to undo: Edit ▸ Undo
    install_tab_leaves_views(app)  # Tab moves on from a table or a tree, never cell by cell in it
    from app.ui.widgets import colours

    colours.watch()  # the desktop switching to dark (or back) with the app open: every window follows
    return app


def install_translations(app, lang: Lang) -> None:
    """Load the app's own .qm and Qt's for standard dialogs (see app/ui/translations.py)."""
    from app.ui.translations import install_translations as install

    install(app, lang)


def ui_language(args: argparse.Namespace | None) -> Lang:
    from app.ui import settings

    chosen = getattr(args, "global_lang", None) if args else None  # --lang wins for this run
    return parse_lang(chosen or settings.ui_lang())


def open_start_project(state, requested: str | None, make_demo: bool = True) -> None:
    """The requested project, else the last one, else the most recent, else a new demo project
    (unless ``make_demo`` is False: a first start's welcome page lets the user choose)."""
    from app.ui import settings

    projects = state.projects
    if requested:
        state.open_project(projects.resolve(requested).id)
        return
    last = settings.last_project()
    if last is not None:
        try:
            state.open_project(last)
            return
        except UserError:
            settings.forget_project(last)
    existing = projects.list(include_archived=False)
    if existing:
        state.open_project(existing[0].id)
        return
    if projects.count() == 0 and make_demo:
        from app.projects.demo import create_demo

        project = state.change_projects(lambda: create_demo(state.workspace, state.new_project_lang, only_first=True), -1)
        state.open_project(project.id)


UI_BUSY_TIMEOUT_MS = 2000


def first_page(args: argparse.Namespace | None) -> str | None:
    """The page to show at start: ``--page``, else the one shown last (the only page built at start)."""
    from app.ui import settings

    requested = getattr(args, "page", None) if args else None
    return requested or (str(settings.value("window/page") or "") or None)


def build_window(args: argparse.Namespace | None = None, workspace=None, *, welcome: bool = False):
    """Create the application, state and main window (used by run_gui and by tests).

    ``welcome`` (or ``args.welcome``): on a first start (app/ui/welcome/start.py) the window opens
    no project and offers the welcome page instead of making the demo. A run that must not wait
    for anyone (``--screenshot``, a test's window) leaves it False and gets the demo as before.
    """
    from app.core.workspace import Workspace
    from app.ui.state import AppState
    from app.ui.window.main_window import MainWindow

    app = create_application()
    from app.ui import settings

    lang = ui_language(args)
    install_translations(app, lang)
    from app.core.storage.data_folder import apply_pending_move

    moved = apply_pending_move()  # a data-folder move asked for in Settings, before the database opens
    requested = getattr(args, "global_project", None) if args else None
    db = getattr(args, "db", None) if args else None
    chosen = None  # the team database chosen in Settings (not on the command line or in the environment)
    if paths.database_value(db) is None:  # neither --db nor MLOPS_KICKOFF_DB (blanks only: none)
        db = chosen = settings.database_url() or None  # Settings ▸ Database: a team's PostgreSQL, from this start on
    # A window waits a couple of seconds for another process's write lock, not the CLI's 30 s: it
    # then says "not saved", keeps what was typed and tries again (the UI never freezes for long).
    notice, given, sitting, local_first = None, workspace is not None, welcome or getattr(args, "welcome", False), False
    if not given and chosen and sitting:  # a start the user sits at: asked when it cannot be reached, never locked out
        from app.ui.welcome.start import is_first_start
        from app.ui.welcome.team_database import open_or_ask

        local_first = is_first_start(None)  # (before this computer's database is made, should it be opened instead)
        workspace, notice = open_or_ask(chosen, lambda url: Workspace.open(url, busy_timeout_ms=UI_BUSY_TIMEOUT_MS), lang)
        db = None if notice else db
    if sitting and not given and not requested:
        from app.ui.welcome.start import is_first_start

        welcome = local_first if notice else is_first_start(db)
    else:
        welcome = False
    workspace = workspace or Workspace.open(db, busy_timeout_ms=UI_BUSY_TIMEOUT_MS)
    workspace.author = settings.author_name()  # what this window changes is recorded under that name
    state = AppState(workspace, ui_lang=lang, default_doc_lang=settings.doc_lang())
    window = MainWindow(state, first_page=first_page(args))
    if notice or moved is not None:
        from PySide6.QtCore import Qt

        window.statusBar().showMessage(notice or (moved.text(lang) if moved is not None else ""), 30000)
        # A status bar hides its other widgets (the save state) for a message only when they are visible: before
        # the window is shown, hidden here as it does it (shown again by it when the message goes), not drawn over.
        window.save_label.hide()
        window.save_label.setAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide, False)
    open_start_project(state, requested, make_demo=not welcome)
    if welcome and state.project is None:
        from PySide6.QtCore import QTimer

        from app.ui.welcome.start import show_welcome

        QTimer.singleShot(0, window, lambda: show_welcome(window, state, first_start=True))  # once the window is up
    if sitting:  # no Japanese font: every Japanese word a box, and this says why (app/ui/widgets/fonts.py)
        from PySide6.QtCore import QTimer

        from app.ui.widgets.fonts import warn_if_no_japanese_font

        QTimer.singleShot(0, window, lambda: warn_if_no_japanese_font(window))
    return app, window


# What every start reads the database and the first project with: imported before PySide6. Once
# PySide6 is imported its import hook (``__feature__``) runs on every later import, and these
# (SQLAlchemy, pydantic models, the features' services) then take about 1.3x as long: 60-100 ms
# of a start on the development machine (README ▸ Measured).
BEFORE_QT = (
    "app.core.workspace",
    "app.core.documents",
    "app.core.operations",
    "app.hearing",
    "app.projects.overview",
    "sqlalchemy.dialects.sqlite",
)


def import_before_qt() -> None:
    """Import the non-Qt modules the start will need while PySide6 is not yet imported."""
    import importlib

    if "PySide6" in sys.modules:  # a test's window, or a second start in one process: nothing to gain
        return
    for name in BEFORE_QT:
        importlib.import_module(name)
    features.content_types()  # the features' content models, which the content library is read with


def run_gui(args: argparse.Namespace) -> int:
    import_before_qt()
    screenshot = getattr(args, "screenshot", None)
    if not screenshot:
        return _run_gui(args, None)
    from app.ui import settings

    # A screenshot is not a session of the user's: it reads their settings (language, last
    # project) but leaves no page, window size or recent project behind for the next start.
    with settings.read_only():
        return _run_gui(args, screenshot)


def _run_gui(args: argparse.Namespace, screenshot: str | None) -> int:
    from app.core import logs
    from app.ui.ctrl_c import CtrlC

    ctrl_c = CtrlC() if screenshot else CtrlC().install()  # from here Ctrl+C closes the window, never a traceback
    logs.hold_early()  # the start's log lines (a data-folder move) go to the log file, not the terminal
    try:
        return _start(args, screenshot, ctrl_c)
    finally:
        logs.drop_early()
        ctrl_c.put_back()


def _start(args: argparse.Namespace, screenshot: str | None, ctrl_c: CtrlC) -> int:
    target: tuple[Path, str] | None = None  # the picture --screenshot writes and its format
    try:
        try:
            if screenshot:  # refused before the database is opened (opening it writes to it)
                target = screenshot_target(Path(screenshot))
            from app.ui.welcome.display import apply_platform

            apply_platform(bool(screenshot))
            app, window = build_window(args, welcome=not screenshot)
        except Exception as exc:
            # A database that cannot be used (damaged, read-only, full disk, unreachable), or a path
            # the system refused that no check caught (as the command line's last net), is said at
            # start-up in one message, not as a traceback.
            from app.core.files.probe import unusable
            from app.core.storage.errors import storage_error

            if isinstance(exc, OSError) and exc.filename is not None:
                raise unusable(exc.filename, exc) from None
            known = storage_error(exc) if not isinstance(exc, UserError) else exc
            if known is None:
                raise
            raise known from None
    except UserError as exc:
        # No window yet: say it where the user looks (stderr always, a dialog when there is a screen),
        # in the language the window would have spoken.
        try:
            lang = ui_language(args)
        except UserError:
            lang = parse_lang(None)
        print(Message(key="cli.error", text=exc.text(lang)).text(lang), file=sys.stderr)
        from app.ui.welcome.team_database import Declined  # (Qt's: imported when it can have been raised)

        if not screenshot and not isinstance(exc, Declined):  # (a team database's question quit: just read there)
            from PySide6.QtWidgets import QApplication, QMessageBox

            if QApplication.instance() is not None:
                QMessageBox.critical(None, "MLOps Kickoff", exc.text(lang))
        return 2
    if args.page:
        window.show_page(args.page)
    else:
        from app.ui import settings

        page = settings.value("window/page")
        if page:
            try:
                window.show_page(str(page))
            except UserError:
                pass
    if target is not None:
        return save_screenshot(window, target, args.size)
    on_first_paint(window)
    from app.core import logs
    from app.ui import crash
    from app.ui.projects.restore_dialog import DailyBackup

    logs.setup_logging()  # traces to a rotating file in the data folder, native crashes beside it
    uninstall = crash.install()  # an exception nobody caught: logged, and said in the user's language
    DailyBackup(window.state, window).start()
    window.show()
    ctrl_c.attach(window)
    try:
        code = app.exec()
    finally:
        uninstall()
    finish_background_on_quit()
    window.state.workspace.close()
    return code


QUIT_WAIT_MS = 120_000


def finish_background_on_quit() -> None:
    """An export still running when the window closed is finished (its file written whole) while the
    application object still exists, at most :data:`QUIT_WAIT_MS`: a worker that met no application
    would make one on its own thread (a PDF), which crashes the process. One still running after that
    is refused there (app/ui/pdf/), never a crash."""
    from app.ui.tasks import wait_for_background

    if not wait_for_background(QUIT_WAIT_MS):
        import logging

        logging.getLogger(__name__).warning("background work still running %d s after the window closed", QUIT_WAIT_MS // 1000)


def on_first_paint(window) -> None:
    """Once the page in front has been painted with the start project's data: the program has
    started (:func:`app.started`: garbage collection resumes), and with :data:`START_TRACE_ENV`
    set, ``first-paint-ms N`` goes to stderr (what ``make bench`` compares with a bare Qt window)."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    try:
        launched: float | None = float(os.environ.get(START_TRACE_ENV) or "")
    except ValueError:
        launched = None  # unset (the normal case) or not a time

    class FirstPaint(QObject):
        def eventFilter(self, watched, event) -> bool:
            if event.type() == QEvent.Type.Paint and window.front_refreshed and window.current_page().settled():
                watched.removeEventFilter(self)
                if launched is not None:
                    print(f"first-paint-ms {(time.time() - launched) * 1000:.1f}", file=sys.stderr, flush=True)
                QTimer.singleShot(0, started)  # after this paint
            return False

    window.current_page().installEventFilter(FirstPaint(window))
    QTimer.singleShot(FIRST_PAINT_WAIT_MS, window, started)  # a page that never settles: collect anyway


def _settle(window) -> None:
    """Run the event loop until the visible page has settled, so a screenshot shows it finished.

    Previews render after a short pause and off the UI thread; the page says when nothing is
    pending (``Page.settled``), and it must stay so for a moment. A local event loop rather than
    a processEvents(flags, maxtime) poll: that overload releases a reference to None on every
    call in PySide6 6.12 and a tight poll crashes the interpreter.
    """
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    started = time.monotonic()
    quiet_since: float | None = None

    def check() -> None:
        nonlocal quiet_since
        now = time.monotonic()
        try:
            settled = window.current_page().settled()
        except Exception:  # (a page gone with the window: nothing more to wait for)
            loop.quit()
            raise
        if not settled:
            quiet_since = None
        elif quiet_since is None:
            quiet_since = now
        if now - started > SCREENSHOT_SETTLE_MAX_S or (quiet_since is not None and now - quiet_since >= SCREENSHOT_QUIET_S):
            loop.quit()

    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(25)
    loop.exec()
    timer.stop()


def screenshot_target(out: Path) -> tuple[Path, str]:
    """``out`` as the file ``--screenshot`` writes, checked as every export's file is, before the window
    is laid out: never a folder, a pipe or a device, the open database or any other SQLite file or
    journal (:func:`app.core.files.atomic.check_target`), a file name ending in a picture format Qt
    writes (``.png``). The file and that format (Qt's name, ``png``)."""
    from PySide6.QtGui import QImageWriter

    from app.core.files.atomic import check_target
    from app.core.kinds import check_file_name

    out = check_target(out)
    formats = sorted({bytes(f.data()).decode("ascii", "replace").lower() for f in QImageWriter.supportedImageFormats()})
    suffixes = tuple(f".{name}" for name in formats)
    check_file_name(out, suffixes)  # ``--screenshot .png``: no name
    if out.suffix.lower()[1:] not in formats:
        raise UserError(key="screenshot.wrong_suffix", suffixes=Many(suffixes), name=out.name or str(out))
    return out, out.suffix.lower()[1:]


def save_screenshot(window, target: tuple[Path, str], size: str) -> int:
    """Lay the window out at ``size``, let its page settle and write the picture of it to ``target`` (its
    file and format, as :func:`screenshot_target` checked them before the window was built) as an export
    is written: encoded in memory and moved into place whole (:func:`app.core.files.atomic.write_bytes`,
    which checks the file again as it writes), so a refusal or a failure leaves any file there as it was."""
    from PySide6.QtCore import QBuffer, QByteArray, QIODevice

    from app.core.files.atomic import write_bytes

    try:
        width, height = (int(v) for v in size.lower().split("x"))
    except ValueError:
        raise UserError(key="screenshot.bad_size", size=size) from None
    out, picture_format = target
    try:
        window.resize(width, height)
        on_first_paint(window)
        window.show()
        _settle(window)
        if (window.width(), window.height()) != (width, height):  # smaller than the window can be laid out
            least = f"{window.minimumWidth()}x{window.minimumHeight()}"  # (the window's own minimum: its contents give way)
            raise UserError(key="screenshot.smaller_than_window", size=size, least=least)
        data = QByteArray()
        buffer = QBuffer(data)
        buffer.open(QIODevice.OpenModeFlag.WriteOnly)
        if not window.grab().save(buffer, picture_format):
            raise UserError(key="screenshot.not_written", path=out)
        buffer.close()
        write_bytes(out, bytes(data.data()))
        print(Message(key="cli.wrote", path=out).text(window.state.ui_lang))
    finally:
        window.close()
        window.state.workspace.close()
    return 0
