"""breaker40c: bad and huge values in every field, then every document handed over, as a demanding Japanese
consultant pasting from a customer's e-mail (Japanese window on the demo, the services the window calls, and the
real command line).

Tried:
- Texts: ``=1+1``, ``=cmd|' /C calc'!A0``, ``+81-…``, ``-2+3``, ``@SUM(A1:A2)``, ``<script>``, ``<img onerror>``, YAML
  (``---`` / ``key: value`` / ``...``) and Markdown lines (``# 見出し``, a table, ``- [ ] x``, a code fence), RTL
  override, stacked combining accents, ZWJ emoji, tabs, ``１，２３４．５``, ``NaN``, ``1e308``, ``-0``, 令和8年1月1日,
  Jinja ``{{ 7*7 }}``, HTML entities, backslashes and a leading apostrophe in every hearing answer (text, table
  text cells, notes of every other kind), 82 WBS tasks (title, description, completion condition, notes, owner), every
  proposal section, the customer and the description; then every export kind (hearing sheet, minutes, follow-ups,
  proposal md/html/pdf, WBS xlsx, MS Project XML, tracker CSV, earned value, wiki, experiment sheet, scaffold, system
  plan md/xlsx, review md/html/pdf/xlsx), read back with openpyxl, ElementTree, csv, pdftotext and Python-Markdown.
  Held: no formula cell from a typed text (the system plan's own cost formulas only), no live tag or on* attribute,
  every value read back as typed (a WBS title is one line by design; the tracker CSV's leading apostrophe is
  README's), every export under 3 s but the proposal PDF. The hearing sheet and the WBS sheet re-imported
  (--dry-run) report 0 changes; the project JSON exported, imported and exported again is the same.
- 10,000 lines / 77,000 characters in six answers (value and note), six tasks' four long fields and four proposal
  sections: every export written (the proposal PDF in 11 s on the loaded machine: the suite allows 60 s).
- Numbers: hearing number answers (利用者数(DS), 再学習1回あたりのコスト) typed in the Japanese window with ``１，２３４．５``,
  ``1e308``, ``-0``, ``NaN``, ``Infinity``, ``=1+1``, ``3\\x00``, ``3人日``, ``¥1,234,567.89``, ``▲5``, ``１２万``,
  ``1.8e308``: a red draft with a Japanese message or the number; WBS estimates 1e308 / inf / NaN / -1 / 99999.999
  refused in one line, 「１．５」 read as 1.5; a project file with an estimate of 400 digits, 1e400, NaN, Infinity, a
  string: refused in one Japanese line (the message names ``parts.wbs.0.estimate_days``: noted, a path in a file).
- Dates: 2026/02/30, 9999-12-31, ＝TODAY(), ２０２６／１／３２, a NUL, 1e308 refused as red drafts in Japanese;
  令和8年1月1日, R8.1.1 and full-width ISO read. Predecessors: full-width codes and ``＋２`` read, a lag of 400 digits,
  ``+1e308``, ``+NaN``, ``=1.1``, a NUL, 5,000 repeats, 10,000-level codes refused or read in milliseconds.
- Command line: invalid UTF-8 bytes in a project name, a rename and a customer: one Japanese line. A lone surrogate
  cannot come from the window (PySide drops it); the services refuse it with a UnicodeEncodeError for a task, a
  project name and a customer (not reachable from the window or the command line: noted, not counted).

Defects (strict xfails below):
- a hearing number answer of more than 6 significant digits is shown rounded in its own field (1234567.5 as
  「1.23457e+06」, 12345.67 as 「12345.7」): editing it again saves the rounded value;
- a number answer of 400 digits (pasted) is saved as infinity: the field and the hearing sheet show 「inf」 and the
  project can no longer be exported to JSON (a 20-digit count is silently rounded too);
- the system plan's Markdown (a document handed to the customer) cuts typed amounts to six digits: a unit price of
  1,234,567.89 is printed 1,234,570 (its amount on the same row 7,407,407), 再学習1回あたりのコスト 12,345.67 as
  12,345.7 (the WBS and the tracker CSV were mended for the same: README says "not cut to six digits").

Noted, not counted: a refused value quoting a NUL shows it raw in the error label; Arabic-Indic digits (٣) read as 3;
a WBS estimate of 1e-7 person-days shown as 0.
Not tried (time): holiday names and resources with these values, the minutes typed in a session, the WBS cells
typed key by key in the tree, MkDocs build of the hostile wiki.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import openpyxl
import pytest

from app.core.content.model import AnswerKind, ColumnKind
from app.core.documents import DocumentService
from app.hearing.answers import AnswerService
from app.proposal.content import proposal_content
from app.proposal.edits import with_section_text
from app.proposal.service import ProposalService
from app.system_planning.kinds import export_system_plan
from app.wbs.service import WbsService
from tests.gui_helpers import open_hearing_item, settle

USERS_DS = "hearing.prereq.users_ds"
RETRAINING_COST = "system_planning.cost.retraining_cost"
COST_ITEMS = "system_planning.cost.items"

HOSTILE = {
    "formula": "=1+1", "cmd": "=cmd|' /C calc'!A0", "plus": "+81-3-1234-5678", "minus": "-2+3", "at": "@SUM(A1:A2)",
    "script": "<script>alert(1)</script>", "img": "<img src=x onerror=alert(1)>", "rtl": "abc\u202eFED\u202c",
    "comb": "e\u0301\u0301\u0301", "zwj": "👨‍👩‍👧‍👦🏳️‍🌈", "fw": "１，２３４．５", "nan": "NaN", "inf": "1e308", "mz": "-0",
    "jinja": "{{ 7*7 }}{% raw %}", "tag": "&lt;b&gt; &amp; &#x3c;", "bs": "C:\\Users\\x\\n", "sq": "'leading quote",
}  # fmt: skip


@pytest.fixture
def window(japanese_window, qtbot):
    settle(japanese_window)
    return japanese_window


def stored(window, item_id: str):
    return window.state.answers.answer(window.state.project_id, item_id).value


def type_answer(window, qtbot, item_id: str, text: str):
    """Paste ``text`` into the answer's field (as the item editor hears a paste) and let it save."""
    editor = open_hearing_item(window, qtbot, item_id)
    editor.editors["value"].edit.setText(text)
    editor._edited("value", text)
    return editor, editor.flush()


class _Tags(HTMLParser):
    """The text of an HTML document, and any live tag or handler in it."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.live: list[object] = []
        self.feed(text)

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("script", "img", "iframe"):
            self.live.append(tag)
        self.live += [
            (tag, a)
            for a, v in attrs
            if a.startswith("on") or (v or "").strip().lower().startswith("javascript:")
        ]

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def _flat(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def test_hostile_texts_in_answers_tasks_and_the_proposal_come_out_as_data_in_every_written_file(
    workspace, demo, tmp_path
) -> None:
    """Held: every hostile text pasted into answers, WBS tasks and the proposal is written as data (no formula, no
    live HTML, a file its reader opens), and read back as typed."""
    from app.features import EXPORTS

    ws, pid = workspace, demo.id
    answers = AnswerService(ws.db, ws.library)
    values = list(HOSTILE.items())
    placed: dict[str, str] = {}
    for n, (item_id, answer) in enumerate(answers.answers(pid).items()):
        item = ws.library.item(item_id)
        key, text = values[n % len(values)]
        typed = f"{text}《{key}》"
        if item is not None and item.kind == AnswerKind.TEXT:
            answers.update(pid, item_id, value=typed, note=text)
            placed[key] = typed
        elif item is not None and item.kind == AnswerKind.TABLE and isinstance(answer.value, list):
            texts = {c.id for c in item.columns if c.kind == ColumnKind.TEXT}
            answers.update(
                pid,
                item_id,
                value=[{c: typed if c in texts else v for c, v in row.items()} for row in answer.value],
            )
    wbs = WbsService(ws.db)
    for n, task in enumerate(wbs.tasks(pid)):
        key, text = values[n % len(values)]
        wbs.update(
            pid, [task.id], title=f"{text}《{key}》", notes=text, completion_condition=text, owner_name=text
        )
    proposals = ProposalService(DocumentService(ws.db))
    template = proposal_content(ws.library).template
    doc = proposals.load(pid)
    for n, section in enumerate(template.sections):
        key, text = values[n % len(values)]
        doc = with_section_text(doc, template, section.id, "ja", f"{text}《{key}》")
    proposals.save(pid, doc)

    out = tmp_path / "out"
    out.mkdir()
    for kind in EXPORTS.values():
        if kind.name in ("scaffold", "wiki"):
            continue
        for suffix in kind.suffixes or ("",):
            options = dict(kind.defaults) | ({"session": 1} if kind.name == "minutes" else {})
            kind.export(ws, pid, out / f"{kind.name}{suffix}", "ja", options)
    problems = []
    texts: dict[str, str] = {}
    for path in sorted(out.iterdir()):
        if path.suffix == ".xlsx":
            book = openpyxl.load_workbook(path)
            cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
            problems += [f"{path.name} {c.coordinate}: formula {c.value!r}" for c in cells
                         if c.data_type == "f" and "《" in str(c.value)]  # fmt: skip
            texts[path.name] = "\n".join(c.value for c in cells if isinstance(c.value, str))
        elif path.suffix == ".html":
            parsed = _Tags(path.read_text(encoding="utf-8"))
            problems += [f"{path.name}: live {x}" for x in parsed.live]
            texts[path.name] = " ".join(parsed.parts)
        elif path.suffix == ".xml":
            texts[path.name] = " ".join(e.text or "" for e in ET.parse(path).iter())
        elif path.suffix == ".csv":
            rows = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"), newline=""))
            texts[path.name] = " ".join(" ".join(r) for r in rows)
        elif path.suffix == ".pdf" and shutil.which("pdftotext"):
            subprocess.run(["pdftotext", str(path), str(path.with_suffix(".txt"))], check=True, timeout=60)
    for key, typed in placed.items():
        shown = _flat(typed)
        for name in ("hearing-sheet.xlsx", "proposal.html"):
            if f"《{key}》" in texts[name] and shown not in _flat(texts[name]):
                problems.append(f"{name}: {typed!r} not written as typed")
    assert not problems, "\n".join(problems)


def test_a_number_answer_with_decimals_is_shown_whole_and_survives_the_next_edit(window, qtbot) -> None:
    """再学習1回あたりのコスト typed 12345.67 (a price with cents), 期待されるビジネス価値 1234567.5: back on each, the field
    shows what was typed, and appending 円 to what it shows keeps the number."""
    seen = {}
    for item_id, typed in (
        (RETRAINING_COST, "12345.67"),
        ("system_planning.cost.business_value", "1234567.5"),
    ):
        _, saved = type_answer(window, qtbot, item_id, typed)
        assert saved and stored(window, item_id) == float(typed)
        open_hearing_item(window, qtbot, "system_planning.cost.retraining_frequency")
        editor = open_hearing_item(window, qtbot, item_id)
        field = editor.editors["value"].edit
        shown = field.text()
        field.setText(shown + "円")  # the consultant adds the currency, as the customer's mail writes it
        editor._edited("value", field.text())
        assert editor.flush()
        seen[typed] = (shown, stored(window, item_id))
    assert seen == {"12345.67": ("12345.67", 12345.67), "1234567.5": ("1234567.5", 1234567.5)}


def test_a_pasted_number_of_400_digits_is_kept_as_a_red_draft_not_saved_as_infinity(window, qtbot) -> None:
    before = stored(window, USERS_DS)
    huge = "1" + "0" * 400
    editor, saved = type_answer(window, qtbot, USERS_DS, huge)
    value = stored(window, USERS_DS)
    assert value != float("inf") and editor.editors["value"].edit.text() != "inf"
    assert (not saved and value == before and editor.editors["value"].edit.text() == huge) or value == 10**400


def test_the_system_plan_prints_typed_amounts_as_typed(workspace, demo, tmp_path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    pid = demo.id
    answers.update(pid, RETRAINING_COST, value="12345.67")
    rows = answers.answer(pid, COST_ITEMS).value
    rows[0] = {**rows[0], "unit_price": "1234567.89"}
    answers.update(pid, COST_ITEMS, value=rows)
    assert answers.answer(pid, COST_ITEMS).value[0]["unit_price"] == 1234567.89
    text = export_system_plan(workspace, pid, tmp_path / "plan.md", "ja", {}).read_text(encoding="utf-8")
    assert "1,234,570" not in text and "12,345.7\n" not in text
    assert "1,234,567.89" in text and "12,345.67" in text
