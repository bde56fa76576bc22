"""The proposal's content: its template (sections, phases, roles, tasks 0-5, wording) and the problem library."""

from __future__ import annotations

from dataclasses import dataclass

from app.core.content.loader import ContentLibrary
from app.core.errors import ContentError
from app.core.messages import Label, Message
from app.proposal.model import Block, ProblemLibrary, ProposalTemplate

TEMPLATE_ID = "proposal"
LIBRARY_ID = "problems"
TEMPLATE = Label(ja="導入提案のテンプレート", en="proposal template")
LIBRARY = Label(ja="課題ライブラリ", en="problem library")


@dataclass(frozen=True)
class ProposalContent:
    template: ProposalTemplate
    library: ProblemLibrary


TEMPLATE_FILE, LIBRARY_FILE = "checklists/proposal.yaml", "checklists/problems.yaml"  # where the shipped ones are


def proposal_content(library: ContentLibrary) -> ProposalContent:
    """The template and the problem library, or a ContentError naming what is missing."""
    template = library.documents.get("proposal_template", {}).get(TEMPLATE_ID)
    problems = library.documents.get("problems", {}).get(LIBRARY_ID)
    if not isinstance(template, ProposalTemplate):
        raise ContentError(TEMPLATE_FILE, Message(key="content.not_loaded_id", what=TEMPLATE, id=TEMPLATE_ID))
    if not isinstance(problems, ProblemLibrary):
        raise ContentError(LIBRARY_FILE, Message(key="content.not_loaded_id", what=LIBRARY, id=LIBRARY_ID))
    return ProposalContent(template, problems)


def field_label(library: ContentLibrary, path: str) -> Label | None:
    """What the page calls a stored path of the proposal, as a refused change names it: a section by its
    title, a cell of the effort table by its table, task and role (:func:`effort_label`), the problems table, a row
    or cell of it (:func:`problems_label`); None for any other (the document is named instead)."""
    if path == "rows" or path.startswith("rows."):
        return problems_label(library, path)
    return effort_label(library, path) if path.startswith("effort.") else section_label(library, path)


def problems_label(library: ContentLibrary, path: str) -> Label | None:
    """The problems table (``rows``), a row of it (``rows.<n>``, n from 0) or a cell (``rows.<n>.<column>``) as the
    page shows them: the table by its section's title, the row by its number, the column by its heading
    (「課題と対策案: 3行目 / 課題」); None when the template has no such section or column (or is not loaded)."""
    template, (_rows, *where) = _template(library), path.split(".")
    table = next((s.title for s in template.sections if s.block == Block.PROBLEMS), None) if template is not None else None
    if template is None or table is None or len(where) > 2 or (where and not where[0].isdigit()):
        return None
    name = Label(ja=table.ja, en=table.en)
    if not where:
        return name
    if len(where) == 1:
        cell = Message(key="proposal.problem_row", table=name, row=int(where[0]) + 1)
    elif (column := template.labels.get(where[1])) is not None:
        cell = Message(key="proposal.problem_cell", table=name, row=int(where[0]) + 1, column=Label(ja=column.ja, en=column.en))
    else:
        return None
    return Label(ja=cell.text("ja", library), en=cell.text("en", library))


def effort_label(library: ContentLibrary, path: str) -> Label | None:
    """The effort table's cell a stored path names (``effort.<task number>.<role>``) as the table shows it,
    the task by its row (「3. …」) and the role by its column (工数「3. …」のDS); None when the template has
    no such task or role (or is not loaded)."""
    template, parts = _template(library), path.split(".")
    if len(parts) != 3 or template is None:
        return None
    cell = effort_cell(template, parts[1], parts[2])
    return None if cell is None else Label(ja=cell.text("ja", library), en=cell.text("en", library))


def effort_cell(template: ProposalTemplate, number: object, role: str) -> Message | None:
    """A cell of the effort table as the page shows it: its task's row and its role's column (None: no such cell)."""
    task = next((t for t in template.tasks if str(t.number) == str(number)), None)
    found = next((r for r in template.roles if r.id == role), None)
    if task is None or found is None:
        return None
    row = Label(ja=f"{task.number}. {task.title.ja}", en=f"{task.number}. {task.title.en}")
    return Message(key="proposal.effort_cell", task=row, role=Label(ja=found.label.ja, en=found.label.en))


def section_label(library: ContentLibrary, path: str) -> Label | None:
    """The template's section a stored path of the proposal names (``texts.<section>.<lang>``, as a refused
    change names it), by its title; None when it names none (or the template is not loaded)."""
    template = _template(library)
    if not path.startswith("texts.") or template is None:
        return None
    parts = path.split(".")
    for end in range(len(parts), 1, -1):  # a section's id may hold a dot
        if (section := template.section(".".join(parts[1:end]))) is not None:
            return Label(ja=section.title.ja, en=section.title.en)
    return None


def _template(library: ContentLibrary) -> ProposalTemplate | None:
    """The proposal's template as loaded (None: not loaded; a refusal then names the document)."""
    template = library.documents.get("proposal_template", {}).get(TEMPLATE_ID)
    return template if isinstance(template, ProposalTemplate) else None
