"""The end of every ``export KIND``: the report line on stderr and ``--report F.json``.

Stdout keeps its one line (the path written) for scripts; the report line (what the format could
not carry) goes to stderr in the user's language, and ``--report`` writes it as JSON: ``written``
(paths), ``dropped`` (per field: ``field``, its internal name; ``label`` and ``why`` in the user's
language; ``kept_as`` where the file carries it instead).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.arguments import user_path
from app.cli.output import printable
from app.core.messages import Help

if TYPE_CHECKING:
    from app.core.context import CliContext
    from app.core.kinds import ExportReport


def add_report_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--report",
        type=user_path,
        metavar="F.json",
        help=Help(key="cli.help.report"),
    )


def check_report_target(args: argparse.Namespace, out: Path) -> None:
    """Refuse a ``--report`` path before anything is written: the document itself, inside the
    folder being exported, a folder, a missing folder or one that takes no files."""
    from app.core.errors import UserError
    from app.core.files.atomic import check_writable

    if not getattr(args, "report", None):
        return
    report = Path(args.report).absolute()
    target = out.absolute()
    if report == target or target in report.parents:
        raise UserError(key="export_report.same_as_output", report=report, out=target)
    check_writable(report)


def finish(ctx: CliContext, report: ExportReport) -> None:
    """Print the report line (stderr) and write ``--report`` if asked."""
    from app.core.kinds import write_report

    args, lang = ctx.args, ctx.ui_lang
    print(printable(report.line(lang)), file=sys.stderr)
    if getattr(args, "report", None):
        write_report(report, Path(args.report), lang)
