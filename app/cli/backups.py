"""``backup list | create | restore``: copies of the SQLite database, from the command line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from app.cli.output import headed, printable, zoned

if TYPE_CHECKING:
    from app.core.context import CliContext


def cmd_backup(ctx: CliContext) -> int:
    from app.core.errors import UserError
    from app.core.i18n import clock_zone
    from app.core.messages import Many
    from app.core.storage import backups

    args, lang = ctx.args, ctx.ui_lang
    db = ctx.workspace.db
    match args.action:
        case "list":
            found = backups.list_backups(db)
            if not found:
                print(ctx.say(key="cli.backup_none", folder=backups.backups_dir(db)))
                return 0
            zone = clock_zone()  # (the window's backups heading: 「日時 (UTC+09:00)」)
            heading = [ctx.say(key="cli.column_date", zone=zone), ctx.say(key="cli.column_size"),
                       ctx.say(key="cli.column_made"), ctx.say(key="cli.column_file")]
            rows = [[zoned(backup.created_local.strftime("%Y/%m/%d %H:%M" if lang == "ja" else "%Y-%m-%d %H:%M"), backup.created, zone),
                     f"{backup.size / 1024:.0f} KiB", printable(backup.why.text(lang)), printable(backup.path)] for backup in found]
            lines = headed(heading, rows, right={1})  # (the heading at a terminal only)
            for line in lines[:-len(rows)]:
                print(line)
            for backup, line in zip(found, lines[-len(rows):], strict=True):
                try:
                    contents = backups.read_backup(backup.path)
                    held = ctx.say(key="cli.backup_projects", count=len(contents.projects),
                                   names=Many(tuple(p.name for p in contents.projects)))
                except UserError as exc:
                    held = printable(exc.text(lang))
                print(f"{line}\n    {held}")
        case "create":
            path = backups.create_backup(db, args.keep)
            print(ctx.say(key="cli.backup_created", path=path))
        case "restore":
            from app.core.files import probe

            chosen = Path(args.file)
            if probe.is_dir(chosen):  # (the restore itself would say no such file)
                raise UserError(key="backup.is_folder", path=chosen)
            backups.check_keep(args.keep)  # (refused before anything changes)
            before = backups.restore_backup(db, chosen)
            if args.keep is not None:  # asked here: then delete all but the newest N (the one of what was there kept)
                backups.prune(db, args.keep, protect=[before])
            print(ctx.say(key="cli.backup_restored", path=args.file, before=before))
    return 0
