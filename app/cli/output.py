"""What the command line prints: text from the user never reaches the terminal raw.

A name stored before it was sanitised (a project's, a person's, a role's, a baseline's, carried by a
project file or an earlier version), a name typed on the command line and echoed in an error, a path:
each may hold ESC, BEL or a line end, which would clear or recolour the terminal, set its title or
split one line in two. Every line the commands print goes through :func:`printable` (the messages
through :meth:`app.core.context.CliContext.say` and ``_say``/``_fail`` in app/cli/main.py, which
escape the whole line: no message holds a control character of its own); a list whose columns are
tab-separated escapes each value. Both are :func:`app.core.files.visible_text.printable_name`, the one rule
(``\\x1b``, ``\\n``). JSON output escapes the same characters the JSON way (``\\u001b``).
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any

from app.core.files.visible_text import printable_name

if TYPE_CHECKING:
    import datetime as dt

    from app.core.context import CliContext
    from app.core.project import ProjectInfo


def printable(text: object) -> str:
    """``text`` as a terminal is to show it (:func:`app.core.files.visible_text.printable_name`)."""
    return printable_name(str(text))


def json_text(data: Any) -> str:
    """``data`` as indented JSON (non-ASCII kept readable) with each character :func:`printable`
    would escape written as a JSON escape (DEL, C1 controls, U+2028, the bidi overrides and a ZWJ
    outside an emoji, which ``json.dumps`` leaves raw): still the same JSON for a script."""
    lines = json.dumps(data, ensure_ascii=False, indent=2).split("\n")
    return "\n".join(printable_name(line, escape=lambda ch: json.dumps(ch)[1:-1]) for line in lines)


def confirmed_delete(question: str) -> bool:
    """``question`` asked on a terminal ([y/N]); a script (no terminal to ask) is refused: ``--yes`` says it."""
    import sys

    from app.core.errors import UserError
    from app.core.kinds import answered_yes

    if not sys.stdin.isatty():
        raise UserError(key="cli.delete_needs_yes")
    return answered_yes(f"{question} [y/N] ")


def with_zone(row: dict) -> dict:
    """A project's times as UTC with their zone (stored naive UTC: a script in another zone reads them right)."""
    return {k: f"{v}+00:00" if k.endswith("_at") and isinstance(v, str) and "+" not in v and not v.endswith("Z") else v for k, v in row.items()}


# --- listings with their clock's zone -------------------------------------------------------------


def at_terminal() -> bool:
    """Whether the listing is read by a person at a terminal: then a heading line says its columns (and the
    clock's zone); piped to a script, a row a line as before (GitHub's ``gh`` lists the same way)."""
    import sys

    isatty = getattr(sys.stdout, "isatty", None)
    return bool(isatty and isatty())


def headed(heading: Sequence[str], rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """``rows`` aligned, with ``heading`` above them at a terminal only (:func:`at_terminal`)."""
    if at_terminal():
        return aligned([heading, *rows], right)
    return aligned(rows, right)


def aligned(rows: Sequence[Sequence[str]], right: Collection[int] = ()) -> list[str]:
    """``rows`` (the heading first) as lines, each column but the last padded to its widest cell by the
    columns a terminal gives it (a Japanese heading is twice as wide as its letters), ``right`` ones
    right-aligned: the heading stands over its column."""
    from app.cli.help_text import width

    widths = [max(width(row[i]) for row in rows) for i in range(len(rows[0]) - 1)]

    def cell(i: int, text: str) -> str:
        pad = " " * (widths[i] - width(text))
        return pad + text if i in right else text + pad

    return ["  ".join([*(cell(i, text) for i, text in enumerate(row[:-1])), row[-1]]) for row in rows]


def zoned(shown: str, stored: dt.datetime, zone: str) -> str:
    """A time on this computer's clock, with its own offset where it is not the heading's ``zone``
    (a summer time read in winter), as the window's tooltip says it."""
    from app.core.i18n import clock_zone

    own = clock_zone(stored)
    return shown if own == zone else f"{shown} ({own})"


def project_lines(ctx: CliContext, projects: Sequence[ProjectInfo]) -> list[str]:
    """`projects list`: at a terminal, a heading in the window's words (「最終更新 (UTC+09:00)」: the times are this
    computer's clock, where the JSON gives UTC), then a project a line."""
    from app.core.i18n import clock_zone, local_time

    zone = clock_zone()
    heading = [ctx.say(key="cli.column_id"), ctx.say(key="cli.column_updated", zone=zone), ctx.say(key="cli.column_name")]
    flag = "  " + ctx.say(key="cli.archived_flag")
    return headed(heading, [[str(p.id), zoned(local_time(p.updated_at, ctx.ui_lang), p.updated_at, zone),
                             printable(p.name) + (flag if p.archived else "")] for p in projects], right={0})
