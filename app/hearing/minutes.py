"""Minutes of a hearing session (System planning answers too) and the follow-up list (by owner and due date), as Markdown (user text always escaped)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from app.core.content.loader import ContentLibrary
from app.core.content.model import AnswerKind, Item, Localized
from app.core.demo_source import app_today
from app.core.files import markdown_text as md
from app.core.files.atomic import write_text
from app.core.i18n import Lang, format_date, list_separator
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing.answers import AnswerService
from app.hearing.checklist import ItemRef, captured_in_session
from app.hearing.followups import FollowUp, by_owner_and_due, follow_ups, paged_refs
from app.hearing.formats import table_rows
from app.hearing.model import Answer, AnswerStatus, format_cell, format_value, is_empty, status_label
from app.hearing.sessions import SessionService

TEXT: dict[str, dict[Lang, str]] = {
    "minutes": {"ja": "{0} 議事録", "en": "Minutes: {0}"},
    "session": {"ja": "第{0}回ヒアリング", "en": "Hearing {0}"},
    "project": {"ja": "プロジェクト", "en": "Project"},
    "date": {"ja": "日付", "en": "Date"},
    "attendees": {"ja": "出席者", "en": "Attendees"},
    "captured": {"ja": "確認した事項", "en": "What we heard"},
    "nothing": {"ja": "このセッションで記録された回答はありません。", "en": "No answers were recorded in this session."},
    "later": {"ja": "これから", "en": "Later"},
    "now": {"ja": "現時点", "en": "Now"},
    "note": {"ja": "備考", "en": "Note"},
    "status": {"ja": "状態", "en": "Status"},
    "answered_by": {"ja": "回答者", "en": "Answered by"},
    "recorded_by": {"ja": "記録", "en": "Recorded by"},
    "followups": {"ja": "フォローアップ事項", "en": "Follow-ups"},
    "no_followups": {"ja": "フォローアップ事項はありません。", "en": "Nothing to follow up."},
    "notes": {"ja": "メモ", "en": "Notes"},
    "as_of": {"ja": "{0}時点", "en": "as of {0}"},
    "count": {"ja": "{0}件", "en": "{0} items"},
    "count_one": {"ja": "{0}件", "en": "{0} item"},
    "current": {"ja": "現在の回答", "en": "Current answer"},
    "followups_title": {"ja": "{0} フォローアップ事項", "en": "{0}: follow-ups"},
    "owner_heading": {"ja": "担当: {0}", "en": "Owner: {0}"},
    "no_owner": {"ja": "担当者未定", "en": "No owner yet"},
    "done_heading": {"ja": "完了したフォローアップ", "en": "Done"},
    "done_count": {"ja": "完了 {0}件", "en": "{0} done"},
    "owner": {"ja": "担当", "en": "owner"},
    "due": {"ja": "期限", "en": "due"},
    "overdue": {"ja": "期限超過", "en": "overdue"},
    "section": {"ja": "セクション", "en": "Section"},
    "on_page": {"ja": "({0})", "en": " ({0})"},  # an item of the System planning page, named with its page
}


def t(key: str, lang: Lang) -> str:
    return TEXT[key][lang]


def _value_lines(item: Item, value: Any, lang: Lang) -> list[str]:
    """A value as Markdown lines: tables as a GFM table, multi-line text kept."""
    if is_empty(value):
        return []
    if item.kind == AnswerKind.TABLE and table_rows(value):  # (a text or words saved before it was a table: those)
        headers = [md.cell(c.label.get(lang)) for c in item.columns]
        rows = [[md.cell(format_cell(c, row.get(c.id), lang)) for c in item.columns] for row in table_rows(value)]
        return ["", md.table(headers, rows), ""]
    text = format_value(item, value, lang)
    return [md.block(text)]


def _item_block(ref: ItemRef, value: Any, later: Any, note: str, status: AnswerStatus, answered_by: str, lang: Lang,
                library: ContentLibrary, authors: tuple[str, ...] = ()) -> list[str]:
    item = ref.item
    out = [f"#### {md.inline(item.label.get(lang), start=False)}", ""]
    parts = (("now", value), ("later", later)) if item.now_later else ((None, value),)
    for key, part in parts:
        lines = _value_lines(item, part, lang)
        if not lines:
            continue
        label = f"**{t(key, lang)}**:" if key else ""
        if item.kind == AnswerKind.TABLE:
            out += ([label] if label else []) + lines
        else:
            out += [f"{label} {lines[0]}".strip(), ""]
    meta = []
    if status != AnswerStatus.ANSWERED:
        meta.append(f"{t('status', lang)}: {status_label(status, lang, library)}")
    if answered_by:
        meta.append(f"{t('answered_by', lang)}: {md.inline(answered_by, start=False)}")
    if authors:  # who typed it in (older entries know no one: nothing said)
        meta.append(f"{t('recorded_by', lang)}: " + list_separator(lang).join(md.inline(a, start=False) for a in authors))
    if meta:
        out += [" / ".join(meta), ""]
    if note:
        out += [f"> {t('note', lang)}: " + md.block(note).replace("  \n", "  \n> "), ""]
    return out


def minutes_markdown(ws: Workspace, project_id: int, number: int, lang: Lang) -> str:
    project = ProjectService(ws.db).get(project_id)
    session = SessionService(ws.db).get(project_id, number)
    captured = captured_in_session(ws.db, project_id, session.id)
    refs = paged_refs(ws.library)  # the hearing's items, then the System planning page's (the session counts both)
    title = session.title or t("session", lang).format(session.number)
    lines = [
        "# " + t("minutes", lang).format(md.inline(title, start=False)),
        "",
        f"- {t('project', lang)}: {md.inline(project.name, start=False)}" + (f" ({md.inline(project.customer, start=False)})" if project.customer else ""),
        f"- {t('date', lang)}: {format_date(session.held_on, lang)}",
        f"- {t('attendees', lang)}: " + list_separator(lang).join(md.inline(a, start=False) for a in session.attendees),
        "",
    ]
    if session.notes.strip():  # what was decided and agreed, first (Sessions and minutes… ▸ Edit…)
        lines += [f"## {t('notes', lang)}", "", md.block(session.notes), ""]
    lines += [
        f"## {t('captured', lang)}",
        "",
    ]
    current_section = None
    follow_ups: list[tuple[ItemRef, str, Localized | None]] = []
    for ref, page in refs:
        capture = captured.get(ref.item.id)
        if capture is None:
            continue
        section = " › ".join(filter(None, (page.get(lang) if page is not None else "", ref.section_path(lang))))
        if section != current_section:
            current_section = section
            lines += [f"### {md.inline(section, start=False)}", ""]
        lines += _item_block(ref, capture.value, capture.later, capture.note, capture.status, capture.answered_by, lang, ws.library,
                             capture.authors)
        if capture.status == AnswerStatus.FOLLOW_UP:
            follow_ups.append((ref, capture.note, page))
    if not captured:
        lines += [t("nothing", lang), ""]
    lines += [f"## {t('followups', lang)}", ""]
    if follow_ups:
        current = AnswerService(ws.db, ws.library).answers(project_id)  # who follows each up, by when
        for ref, note, page in follow_ups:
            suffix = f": {md.inline(note, start=False)}" if note else ""
            answer = current.get(ref.item.id)
            meta = _followup_meta(answer, lang) if answer is not None and answer.is_follow_up else ""
            where = t("on_page", lang).format(md.inline(page.get(lang), start=False)) if page is not None else ""  # as the list names it
            lines.append(f"- [ ] **{md.inline(ref.item.label.get(lang), start=False)}**{where}{suffix}{meta}")
    else:
        lines.append(t("no_followups", lang))
    lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def _followup_meta(answer: Answer, lang: Lang, today: dt.date | None = None, owner: bool = True) -> str:
    """`` (owner: Sato, due: 2026-12-21)`` / ``(担当: 佐藤、期限: 2026/12/21)``; "" when neither is set."""
    parts = []
    if owner and answer.followup_owner:
        parts.append(f"{t('owner', lang)}: {md.inline(answer.followup_owner, start=False)}")
    if answer.followup_due is not None:
        due = f"{t('due', lang)}: {format_date(answer.followup_due, lang)}"
        if today is not None and answer.followup_due < today and not answer.followup_done:
            due += f" ({t('overdue', lang)})" if lang == "en" else f"({t('overdue', lang)})"
        parts.append(due)
    if not parts:
        return ""
    return f"({'、'.join(parts)})" if lang == "ja" else f" ({', '.join(parts)})"


def followups_markdown(ws: Workspace, project_id: int, lang: Lang, today: dt.date | None = None) -> str:
    """Every item to follow up, by owner (no owner last) and then by due date (undated last); the
    follow-ups already done listed apart at the end."""
    project = ProjectService(ws.db).get(project_id)
    items = by_owner_and_due(follow_ups(ws, project_id))
    open_items = [f for f in items if not f.done]
    done_items = [f for f in items if f.done]
    today = today or app_today()
    head = f"{t('as_of', lang).format(format_date(today, lang))} · {t('count_one' if len(open_items) == 1 else 'count', lang).format(len(open_items))}"
    if done_items:
        head += f" · {t('done_count', lang).format(len(done_items))}"
    lines = ["# " + t("followups_title", lang).format(md.inline(project.name, start=False)), "", head, ""]
    if not open_items:
        lines += [t("no_followups", lang), ""]
    owner = None
    for f in open_items:
        if f.owner_key != owner:  # one heading per person, spelt as first written
            owner = f.owner_key
            title = t("owner_heading", lang).format(md.inline(f.owner, start=False)) if owner else t("no_owner", lang)
            lines += ["", f"## {title}", ""]
        lines += _followup_lines(f, lang, today, done=False)
    if done_items:
        lines += ["", f"## {t('done_heading', lang)}", ""]
        for f in done_items:
            lines += _followup_lines(f, lang, today, done=True)
    return "\n".join(lines).replace("\n\n\n", "\n\n").rstrip() + "\n"


def _followup_lines(f: FollowUp, lang: Lang, today: dt.date, *, done: bool) -> list[str]:
    ref, answer = f.ref, f.answer
    head = f"- [{'x' if done else ' '}] **{md.inline(ref.item.label.get(lang), start=False)}**"
    if answer.note:
        head += f": {md.inline(answer.note, start=False)}"
    head += _followup_meta(answer, lang, today, owner=done)  # open ones are under their owner's heading
    lines = [head, f"  - {t('section', lang)}: {md.inline(f.place(lang), start=False)}"]
    current = format_value(ref.item, answer.value, lang)
    if current and ref.item.kind != AnswerKind.TABLE:
        lines.append(f"  - {t('current', lang)}: {md.inline(current, start=False)}")
    if ref.item.now_later and not is_empty(answer.later):
        lines.append(f"  - {t('later', lang)}: {md.inline(format_value(ref.item, answer.later, lang), start=False)}")
    return lines


def export_minutes(ws: Workspace, project_id: int, number: int, out: Path, lang: Lang) -> Path:
    return write_text(Path(out), minutes_markdown(ws, project_id, number, lang))


def export_followups(ws: Workspace, project_id: int, out: Path, lang: Lang) -> Path:
    return write_text(Path(out), followups_markdown(ws, project_id, lang))
