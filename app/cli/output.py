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
from typing import Any

from app.core.files.visible_text import printable_name


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
