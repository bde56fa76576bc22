"""The experiment-rules wiki rendered to Markdown pages (no files written here).

Templates live in ``resources/templates/wiki/<lang>/``; a copy in
``<data folder>/templates/wiki/<lang>/`` wins over the shipped one, so a team can reword any page
without touching code. Templates are Jinja2 in a sandbox; every value they print is escaped for
Markdown (``wiki_markdown.escape``) unless it is Markdown the app wrote (links, tables) or a
macro's output. Links between pages depend on the target (plain folder, GitHub wiki, MkDocs),
so the pages are rendered for one format.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from app import wbs
from app.core import paths
from app.core.demo_source import app_today
from app.core.errors import NotFoundError, UserError
from app.core.files import quoting
from app.core.files.safe_names import safe_stem
from app.core.i18n import Lang, date_in_range
from app.core.messages import Label, Many
from app.core.workspace import Workspace
from app.environment import wiki_markdown as mdt
from app.environment.facts import ProjectFacts, gather
from app.environment.model import WikiPageDef, WikiToc
from app.environment.service import DATA_SOURCES_ITEM, Dataset, location_cell
from app.environment.templates import markdown_environment, render_template
from app.hearing import order_note

FORMATS = ("plain", "github", "mkdocs")
TOC_TYPE, TOC_ID = "wiki_toc", "experiment_wiki"
INDEX_STEM = {"plain": "index", "github": "Home", "mkdocs": "index"}
# Names the exporter writes itself; a page never takes one of them.
RESERVED_STEMS = frozenset({"index", "home", "_sidebar", "_footer", "readme", "mkdocs", "sidebar", "footer"})


@dataclass(frozen=True)
class WikiPage:
    id: str  # the ToC page id, or "<page id>:<n>" for a per-data-source page
    title: str
    stem: str  # the file name without ".md" (safe, unique)
    markdown: str
    parent: str | None = None  # the page a per-data-source page belongs under


@dataclass(frozen=True)
class Wiki:
    title: str
    format: str
    index: WikiPage
    pages: list[WikiPage]

    def all_pages(self) -> list[WikiPage]:
        return [self.index, *self.pages]


def href(stem: str, fmt: str) -> str:
    """How one page links to another: GitHub wikis link by page name, the others by file."""
    return stem if fmt == "github" else f"{stem}.md"


def toc_of(ws: Workspace) -> WikiToc:
    try:
        return ws.library.documents[TOC_TYPE][TOC_ID]  # type: ignore[return-value]
    except KeyError:
        raise NotFoundError(key="content.not_loaded", what=Label(ja="Wiki の目次", en="the wiki's table of contents"),
                            file="checklists/wiki_toc.yaml") from None


def template_dirs(lang: Lang) -> list[Path]:
    """Where templates are looked up, the user's folder first."""
    return [paths.user_templates_dir() / "wiki" / lang, paths.resources_dir() / "templates" / "wiki" / lang]


@dataclass(frozen=True)
class _Planned:
    id: str
    definition: WikiPageDef
    title: str
    stem: str
    parent: str | None = None
    dataset: Dataset | None = None


def _plan(toc: WikiToc, facts: ProjectFacts, lang: Lang) -> list[_Planned]:
    taken: set[str] = set()
    planned: list[_Planned] = []
    last_number: int | None = None
    last_id: str | None = None
    for page in toc.pages:
        title = page.title.get(lang)
        if page.per_data_source:
            for n, dataset in enumerate(facts.choices.datasets, start=1):
                prefix = f"{last_number}-{n}" if last_number is not None else f"{page.id}-{n}"
                stem = safe_stem(f"{prefix}-{dataset.name}", taken, RESERVED_STEMS)
                planned.append(_Planned(f"{page.id}:{n}", page, f"{title}: {dataset.name}", stem, last_id, dataset))
            continue
        if page.number is not None:
            last_number, last_id = page.number, page.id
            shown = f"{page.number}. {title}"
            stem = safe_stem(f"{page.number}-{title}", taken, RESERVED_STEMS)
        else:
            shown = title
            stem = safe_stem(title, taken, RESERVED_STEMS)
        planned.append(_Planned(page.id, page, shown, stem))
    return planned


def template_environment(lang: Lang):  # a jinja2 environment
    """The environment the wiki's pages in ``lang`` are rendered in (``templates validate`` compiles in it too)."""
    return markdown_environment(template_dirs(lang))


def _context(facts: ProjectFacts, lang: Lang, fmt: str, planned: list[_Planned], toc: WikiToc) -> dict[str, Any]:
    choices = facts.choices
    priorities = wbs.wbs_catalog(facts.library)
    links = {p.id: mdt.link(p.title, href(p.stem, fmt)) for p in planned}
    index_title = toc.title.get(lang)
    layout = choices.layout
    cells = facts.rows(DATA_SOURCES_ITEM)
    source_pages = {p.dataset.key: links[p.id] for p in planned if p.dataset is not None}
    sources = [
        {"dataset": d, "cells": cells[n] if n < len(cells) else {}, "link": source_pages.get(d.key, mdt.Md(""))}
        for n, d in enumerate(choices.datasets)
    ]
    return {
        "lang": lang,
        "project": facts.project,
        "today": app_today(),
        "wiki_title": index_title,
        "index_link": mdt.link(index_title, href(INDEX_STEM[fmt], fmt)),
        "pages": [{"id": p.id, "title": p.title, "link": links[p.id], "summary": p.definition.summary.get(lang),
                   "is_source": p.dataset is not None} for p in planned],
        "link": lambda page_id: links.get(page_id, mdt.Md("")),
        "sources": sources,
        # hearing answers by item id
        "answer": facts.answer,
        "later": facts.later,
        "label": facts.label,
        "rows": facts.rows,
        "columns": facts.columns,
        "follow_up": facts.follow_up,
        "dates_out_of_order": order_note(facts.raw, lang),  # a PoC end before its start, said as the proposal says it
        "note": facts.note,
        "scope": facts.scope(),
        "milestones": facts.milestones(),
        "report_points": facts.report_points(),
        "team": facts.team(),
        # environment choices by field id
        "choice": choices.label,
        "value": choices.value,
        "has": choices.has,
        "option_value": lambda field_id: option.value if (option := choices.option(field_id)) else "",
        "field_label": lambda field_id: choices.resolved[field_id].field.label.get(lang),
        "datasets": choices.datasets,
        "locations": choices.locations,
        "layout": [{"path": e.path, "about": e.about.get(lang), "role": e.role, "git": e.git} for e in layout.entries],
        "layout_path": layout.path_of,
        "ci_file": ci.value if (ci := choices.option("ci_system")) else "",
        # the WBS (empty until one exists)
        "tasks": facts.tasks,
        "tasks_with_conditions": facts.tasks_with_conditions(),
        "tasks_without_conditions": facts.tasks_without_conditions(),
        "priority": lambda key: priorities.priority_label(key, lang),  # the scale in force (wbs_rules content)
        # a task's owner: the name, else the role by its label, else 「未設定」 / "Not set" (as the WBS totals say)
        "owner": lambda task: task.owner_name or priorities.bucket_label("owner_role", task.owner_role, lang),
        "layout_tree": lambda: layout_tree(choices.value("repo_name"), layout, choices.option("ci_system")),
        "sync_command": lambda kind_id, role: sync_command(choices, kind_id, role),
        "deletion_due": deletion_due(facts),
        "answer_table": lambda item_id: answer_table(facts, item_id),
        "sheet": sheet_columns(facts, lang),
        # Markdown helpers
        "table": mdt.table,
        "code": mdt.code,
    }


def answer_table(facts: ProjectFacts, item_id: str) -> mdt.Md:
    """A table answer of the hearing as a Markdown table ('' when it has no rows)."""
    rows = facts.rows(item_id)
    if not rows:
        return mdt.Md("")
    columns = [(cid, label) for cid, label in facts.columns(item_id) if any(r.get(cid) for r in rows)]
    return mdt.table([label for _, label in columns], [[r.get(cid, "") for cid, _ in columns] for r in rows])


def layout_tree(repo_name: str, layout, ci_option) -> mdt.Md:
    """The scaffold's folders as a fenced text block (names come from content and a checked name)."""
    tree: dict[str, dict] = {}
    for entry in layout.entries:
        node = tree
        for part in entry.path.split("/"):
            node = node.setdefault(part + "/", {})
    for name in ("README.md", "Dockerfile", "requirements.txt", "run_pipeline.py"):
        tree[name] = {}
    if ci_option is not None and ci_option.value:
        node = tree
        for part in ci_option.value.split("/")[:-1]:
            node = node.setdefault(part + "/", {})
        node[ci_option.value.rsplit("/", 1)[-1]] = {}
    lines = [f"{repo_name}/"]

    def walk(node: dict[str, dict], prefix: str) -> None:
        names = sorted(node, key=lambda n: (not n.endswith("/"), n))
        for n, name in enumerate(names):
            last = n == len(names) - 1
            lines.append(prefix + ("└── " if last else "├── ") + name)
            walk(node[name], prefix + ("    " if last else "│   "))

    walk(tree, "")
    return mdt.block("\n".join(lines), "text")


def sync_line(choices, kind_id: str, role: str) -> str:
    """The shell command that copies one storage location into the matching local folder."""
    option = choices.option("storage")
    tool = option.value if option else "rsync -a"
    local = choices.layout.path_of(role) + "/"
    location = choices.location(kind_id)
    return quoting.command(tool, location.path, local, what=location_cell(location.kind.label, "path"))


def sync_command(choices, kind_id: str, role: str) -> mdt.Md:
    return mdt.code(sync_line(choices, kind_id, role))


def deletion_due(facts: ProjectFacts) -> dt.date | None:
    end = facts.raw("hearing.basics.poc_end")
    days = facts.choices.value("deletion_days")
    try:
        day = dt.date.fromisoformat(str(end)) if end else None
        # 9999-12-31 ("no end date", kept by an older version): no deadline rather than one past the year 9999
        return day + dt.timedelta(days=int(days or 0)) if day is not None and date_in_range(day) else None
    except (TypeError, ValueError, OverflowError):
        return None


def sheet_columns(facts: ProjectFacts, lang: Lang) -> list[dict[str, Any]]:
    spec = facts.library.documents.get("experiment_sheet", {}).get("experiment_sheet")
    if spec is None:
        return []
    return [
        {"title": sheet.title.get(lang), "columns": [c.label.get(lang) for c in sheet.columns]}
        for sheet in spec.sheets  # type: ignore[attr-defined]
    ]


def render_wiki(ws: Workspace, project_id: int, lang: Lang, fmt: str = "plain", facts: ProjectFacts | None = None) -> Wiki:
    if fmt not in FORMATS:
        raise UserError(key="wiki.unknown_format", format=fmt, formats=Many(tuple(FORMATS)))
    toc = toc_of(ws)
    facts = facts or gather(ws, project_id, lang)
    planned = _plan(toc, facts, lang)
    env = template_environment(lang)
    context = _context(facts, lang, fmt, planned, toc)
    pages = []
    for p in planned:
        page_context = {
            **context,
            "page": {"id": p.id, "title": p.title, "summary": p.definition.summary.get(lang), "number": p.definition.number},
            "source": next((s for s in context["sources"] if p.dataset and s["dataset"].key == p.dataset.key), None),
            "parent_link": context["link"](p.parent) if p.parent else mdt.Md(""),
        }
        pages.append(WikiPage(p.id, p.title, p.stem, render_template(env, p.definition.template, page_context), p.parent))
    index_md = render_template(env, toc.index_template, {**context, "page": {"id": "index", "title": toc.title.get(lang)}})
    index = WikiPage("index", toc.title.get(lang), INDEX_STEM[fmt], index_md)
    return Wiki(f"{toc.title.get(lang)}: {facts.project.name}", fmt, index, pages)
