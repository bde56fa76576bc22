"""Standard output that says when it refuses what is printed (``> file`` on a full disk), in the user's words."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


class OutputRefused(OSError):
    """A write to standard output failed (not a closed pipe: that one ends the command quietly)."""


class _Guarded:
    """``sys.stdout`` as it is, but a failed write or flush raises :class:`OutputRefused`."""

    def __init__(self, stream: Any) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        try:
            return int(self._stream.write(text))
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputRefused(exc.errno, exc.strerror) from None

    def flush(self) -> None:
        try:
            self._stream.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            raise OutputRefused(exc.errno, exc.strerror) from None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


@contextmanager
def guarded_stdout() -> Iterator[None]:
    """``sys.stdout`` guarded for a command, flushed at its end (what it printed is written then, a failure said
    by the command line, not by the interpreter in English at exit)."""
    stream = sys.stdout
    sys.stdout = _Guarded(stream)  # (a stream in all but its type)
    try:
        yield
        sys.stdout.flush()
    finally:
        sys.stdout = stream


def print_out(text: str, lang: str | None) -> None:
    """``text`` (the help, the version) written to standard output and flushed now: argparse's own write drops a
    failure, and the help would be lost without a word. A closed pipe (``| head``) ends quietly; any other refusal
    (``> file`` on a full disk) is one line on stderr in ``lang`` and exit 2, as every command's."""
    try:
        sys.stdout.write(text)
        sys.stdout.flush()
    except BrokenPipeError:
        drop_stdout()
    except OSError as exc:
        from app.cli.output import printable
        from app.core.errors import UserError
        from app.core.files.atomic import os_reason
        from app.core.i18n import parse_lang
        from app.core.messages import Message

        drop_stdout()
        said = Message(key="cli.error", text=UserError(key="cli.stdout_failed", reason=os_reason(exc)).text(parse_lang(lang)))
        print(printable(said.text(parse_lang(lang))), file=sys.stderr)
        raise SystemExit(2) from None


class ShownVersion(argparse._VersionAction):
    """``--version``, written by :func:`print_out` (a full disk said)."""

    def __call__(self, parser: argparse.ArgumentParser, *_args: Any, **_kwargs: Any) -> None:  # overrides _VersionAction.__call__
        formatter = parser._get_formatter()
        formatter.add_text(self.version)
        print_out(formatter.format_help(), getattr(parser, "lang", None))
        parser.exit()


def drop_stdout() -> None:
    """Point standard output at devnull: what it still holds goes nowhere, so the interpreter's final flush
    raises nothing more (Python docs, signal: a closed pipe); standard output closed from the start (``>&-``: no
    descriptor to point) is replaced by devnull."""
    try:
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    except OSError:
        sys.stdout = open(os.devnull, "w", encoding="utf-8")  # (the process's own, to its end)
