"""The program ``mlops-kickoff``: with a command it is the CLI (app/cli), without one the window (app/ui).

This is the one module above both clients: neither imports the other. It also hands the core
Qt's PDF writer (app/ui/pdf/), imported only when a PDF is written.
"""

from __future__ import annotations

import sys

from app import __version__, started, starting

TYPE_CHECKING = False  # not `typing`'s (5 ms): `--version` answers before anything else loads
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from pathlib import Path


def write_pdf(html: str, out: Path, title: str = "") -> Path:
    from app.ui.pdf import write_pdf as qt_write_pdf  # Qt: only when a PDF is written

    return qt_write_pdf(html, out, title=title)


def start_window(args: argparse.Namespace) -> int:
    from app.ui.app import run_gui

    return run_gui(args)


class _ClosedStdout:
    """Standard output closed (``>&-``, a launcher's): Python makes ``sys.stdout`` None and what is printed vanishes,
    or a command fails on it with a traceback. In its place, every write is refused as the system refuses a closed
    descriptor (EBADF), so the command says it in one line, as for a full disk."""

    encoding = "utf-8"

    def write(self, _text: str) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")

    def flush(self) -> None:
        pass

    def isatty(self) -> bool:
        return False

    def fileno(self) -> int:
        import errno

        raise OSError(errno.EBADF, "standard output is closed")


def main(argv: Sequence[str] | None = None) -> int:
    if sys.stdout is None:
        sys.stdout = _ClosedStdout()  # (a stream in all but its type)
    if list(sys.argv[1:] if argv is None else argv) == ["--version"]:  # before anything loads (app/cli/main.py says the same)
        try:
            print(f"mlops-kickoff {__version__}", flush=True)
            return 0
        except OSError:  # refused (a full disk) or a closed pipe: answered again below, where that is said as for any command
            pass
    import os

    # The program uses no pydantic plugins; looking for them reads every installed package's
    # metadata (about 20 ms of each start). An explicit setting of the user's still wins.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    if argv is None:  # the process's own command line (a caller's argv: a longer-lived process, the tests, keeps its collector)
        starting()
    try:
        from app.cli.main import main as cli_main
        from app.core.kinds import use_pdf_writer

        use_pdf_writer(write_pdf)
        return cli_main(argv, start_window=start_window)
    except KeyboardInterrupt:  # Ctrl+C while the program was still loading (a command's own is said by the CLI)
        if argv is None:  # the process's own: a second Ctrl+C does not cut the line short (it exits next)
            import signal

            signal.signal(signal.SIGINT, signal.SIG_IGN)
        from app.cli.main import global_lang, interrupted

        return interrupted(global_lang(sys.argv[1:] if argv is None else argv))
    finally:
        started()


if __name__ == "__main__":
    sys.exit(main())
