"""The log: a rotating file in the data folder for traces, and faulthandler's file for native crashes (no Qt)."""

from __future__ import annotations

import contextlib
import faulthandler
import logging
import logging.handlers
import platform
import sys
from pathlib import Path
from typing import IO

from app import __version__
from app.core import paths

LOG_NAME = "mlops-kickoff.log"
NATIVE_CRASH_NAME = "native-crash.log"
MAX_BYTES = 2 * 1024 * 1024  # per file; with BACKUP_COUNT old files at most 8 MB in all
BACKUP_COUNT = 3

_handler: logging.Handler | None = None
_early: _Early | None = None  # what the start logs before the log file is set up (:func:`hold_early`)
_crash_file: IO[str] | None = None  # kept open: faulthandler writes to its descriptor when the process dies


def log_dir() -> Path:
    """The folder of the log files: ``logs`` in the data folder."""
    return paths.data_dir() / "logs"


def log_file() -> Path:
    return log_dir() / LOG_NAME


def native_crash_file() -> Path:
    return log_dir() / NATIVE_CRASH_NAME


class _LogFile(logging.handlers.RotatingFileHandler):
    """The log file, whose disk may fill up or go (a USB stick): a line it cannot write is lost quietly, never
    Python's "--- Logging error ---" and a traceback in the user's terminal for every line logged."""

    def handleError(self, record: logging.LogRecord) -> None:  # overrides logging.Handler.handleError
        if not isinstance(sys.exc_info()[1], OSError):
            super().handleError(record)  # (a log call's own mistake, as ever)


class _Early(logging.Handler):
    """The records logged while the window starts (a data-folder move, before the database and the log file's
    folder are known): kept for the log file, never Python's last-resort English lines on the user's terminal."""

    def __init__(self) -> None:
        super().__init__(logging.INFO)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:  # overrides logging.Handler.emit
        self.records.append(record)


def hold_early() -> None:
    """Keep what is logged from now until :func:`setup_logging` (which writes it to the log file) or
    :func:`drop_early` (a screenshot, which leaves no log)."""
    global _early
    if _early is None:
        _early = _Early()
        root = logging.getLogger()
        root.addHandler(_early)
        if root.level == logging.NOTSET or root.level > logging.INFO:
            root.setLevel(logging.INFO)


def drop_early() -> list[logging.LogRecord]:
    """Stop keeping the start's records (:func:`hold_early`); those kept."""
    global _early
    held, _early = _early, None
    if held is None:
        return []
    logging.getLogger().removeHandler(held)
    return held.records


def setup_logging(native_crashes: bool = True) -> Path:
    """Send the app's log (INFO and up, traces in full) to :func:`log_file`, rotated at a few MB.

    With ``native_crashes`` a crash in native code (Qt, SQLite) writes Python's stacks to
    :func:`native_crash_file` through :mod:`faulthandler`. Calling it again moves both to the data
    folder of now. Returns the log file.
    """
    global _handler, _crash_file
    shutdown_logging()
    folder = log_dir()
    folder.mkdir(parents=True, exist_ok=True)
    handler = _LogFile(log_file(), maxBytes=MAX_BYTES, backupCount=BACKUP_COUNT, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.setLevel(logging.INFO)
    root = logging.getLogger()
    root.addHandler(handler)
    if root.level == logging.NOTSET or root.level > logging.INFO:
        root.setLevel(logging.INFO)
    _handler = handler
    for record in drop_early():  # (what the start logged before this: the data-folder move)
        handler.handle(record)
    if native_crashes:
        _crash_file = open(native_crash_file(), "a", encoding="utf-8")  # kept open for the process's life
        faulthandler.enable(_crash_file, all_threads=True)
    logging.getLogger(__name__).info("mlops-kickoff %s started (%s)", __version__, system_summary())
    return log_file()


def shutdown_logging() -> None:
    """Detach what :func:`setup_logging` attached (tests; a second set-up)."""
    global _handler, _crash_file
    if _handler is not None:
        logging.getLogger().removeHandler(_handler)
        with contextlib.suppress(OSError):  # (its last lines to a full disk)
            _handler.close()
        _handler = None
    if _crash_file is not None:
        faulthandler.disable()
        with contextlib.suppress(OSError):
            _crash_file.close()
        _crash_file = None


def system_summary() -> str:
    return f"{platform.platform()}; Python {sys.version.split()[0]}"


def report_text(what: str, trace: str, extra: dict[str, str] | None = None) -> str:
    """A report to send to the developers: version, OS, Python (and ``extra``, e.g. Qt's versions), the trace."""
    lines = [
        f"MLOps Kickoff {__version__}",
        f"OS: {platform.platform()}",
        f"Python: {sys.version.split()[0]} ({platform.python_implementation()})",
    ]
    lines += [f"{key}: {value}" for key, value in (extra or {}).items()]
    lines += [f"Action: {what}", "", trace.rstrip()]
    return "\n".join(lines) + "\n"
