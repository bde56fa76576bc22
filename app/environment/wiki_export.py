"""``export wiki``: the rendered pages written as a plain folder, a GitHub wiki or an MkDocs site.

- plain: ``index.md`` and one ``.md`` per page, linked by file name.
- github: ``Home.md``, ``_Sidebar.md`` and one ``.md`` per page, linked by page name (what a
  GitHub wiki repository expects; push the folder to ``<repo>.wiki.git``).
- mkdocs: ``mkdocs.yml`` whose ``nav`` lists every page, and the pages under ``docs/``.

The folder is built beside the target and swapped in only when complete, so a failed export
leaves nothing behind and an earlier export stays as it was; the files the user added to an earlier
export's folder are kept in the new one, and a page the user edited since (or a file of theirs at a name the export
now writes, differing from it) is kept beside the page written again (``index.edited.md``), said in the export's report;
so is a page of an older app's export that differs (its marker keeps no hashes: said as the earlier export's page).
"""

from __future__ import annotations

from pathlib import Path

from app.core.files.atomic import atomic_directory
from app.core.files.control_chars import visible
from app.core.files.folder_target import (
    MARKER,
    check_replaceable,
    files_in,
    hashes_of,
    keep_added,
    marker_text,
)
from app.core.i18n import Lang
from app.core.messages import Label, Many, Message
from app.core.workspace import Workspace
from app.environment import wiki_markdown as mdt
from app.environment.wiki_render import Wiki, href, render_wiki

KIND = "wiki"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text if text.endswith("\n") else text + "\n", encoding="utf-8", newline="\n")


def sidebar(wiki: Wiki) -> str:
    """GitHub's ``_Sidebar.md``: every page, data sources indented under their parent."""
    lines = [f"**{mdt.link(wiki.index.title, href(wiki.index.stem, 'github'))}**", ""]
    for page in wiki.pages:
        indent = "  " if page.parent else ""
        lines.append(f"{indent}- {mdt.link(page.title, href(page.stem, 'github'))}")
    return "\n".join(lines) + "\n"


def mkdocs_config(wiki: Wiki, lang: Lang) -> str:
    """``mkdocs.yml``; MkDocs themes print the site name and nav titles as HTML, so they are HTML-escaped,
    on one line, control characters as their symbols (as the pages show them)."""
    import html

    import yaml

    def title(text: str) -> str:
        return html.escape(" ".join(visible(text).split()), quote=False)

    config = {
        "site_name": title(wiki.title),
        "docs_dir": "docs",
        "theme": {"name": "mkdocs", "locale": lang},
        "markdown_extensions": ["tables", "toc"],
        "nav": [{title(wiki.index.title): "index.md"}] + [{title(page.title): f"{page.stem}.md"} for page in wiki.pages],
    }
    return yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=1000)


def write_wiki(wiki: Wiki, folder: Path, lang: Lang, project_uuid: str) -> None:
    """Write the pages of ``wiki`` into the (empty, temporary) ``folder``."""
    docs = folder / "docs" if wiki.format == "mkdocs" else folder
    for page in wiki.all_pages():
        _write(docs / f"{page.stem}.md", page.markdown)
    if wiki.format == "github":
        _write(folder / "_Sidebar.md", sidebar(wiki))
    elif wiki.format == "mkdocs":
        _write(folder / "mkdocs.yml", mkdocs_config(wiki, lang))
    files = files_in(folder)
    _write(folder / MARKER, marker_text(KIND, project_uuid, format=wiki.format, lang=lang, files=files,
                                        hashes=hashes_of(folder, files)))


def export_wiki(ws: Workspace, project_id: int, out: Path, lang: Lang, fmt: str = "plain") -> Path:
    out = Path(out).expanduser()
    wiki = render_wiki(ws, project_id, lang, fmt)  # template problems surface before anything is written
    check_replaceable(out, KIND, Label(ja="Wiki", en="wiki"))
    from app.core.projects import ProjectService

    project = ProjectService(ws.db).get(project_id)
    with atomic_directory(out, check_read_only=False) as tmp:  # (keep_added refuses a read-only file it replaces)
        write_wiki(wiki, tmp, lang, project.uuid)
        kept = keep_added(out, tmp)  # the files the user added to an earlier export's folder stay
    if kept.edited:  # said in the export's report (the command's line, the window's result)
        from app.core.kinds import note_said

        pages = Many(tuple(Message(key="wiki.edited_kept_as", page=page, kept_as=at) if at != page else page
                           for page, at in kept.edited))
        note_said(Message(key="wiki.edited_kept", pages=pages))
    if kept.earlier:  # an older app's pages (its marker keeps no hashes): kept alike, never said to be the user's edit
        from app.core.kinds import note_said

        pages = Many(tuple(Message(key="wiki.earlier_kept_as", page=page, kept_as=at) if at != page else page
                           for page, at in kept.earlier))
        note_said(Message(key="wiki.earlier_kept", pages=pages))
    return out
