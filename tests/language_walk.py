"""Walk the window and collect every text a user can see or hear, to find strings left in the other language.

``python -m tests.language_walk ja`` prints the English strings found in the Japanese window (and
``en`` the Japanese ones in the English window); tests/test_language_walk.py asserts there are none
outside the allow-list. What is walked: every page (the demo project open), the menus and their
actions, every widget's text, title, placeholder, tooltip, status tip and accessible name, combo box
items, tab titles, the header and cells of every item view (the cells' tooltips too) and the calendar
popup of every date field.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterator

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QCalendarWidget,
    QComboBox,
    QDateTimeEdit,
    QGroupBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPlainTextEdit,
    QTableView,
    QTabWidget,
    QTextEdit,
    QToolButton,
    QWidget,
)

JAPANESE = re.compile(r"[\u3000-\u30ff\u3400-\u9fff\uff00-\uffef]")
WORD = re.compile(r"[A-Za-z]{2,}")
# Names and notations that read the same in both languages: products, formats, roles, units, ids.
ALLOWED_WORDS = {
    w.lower()
    for w in """
    MLOps Kickoff MLflow Git GitHub GitLab Docker Dockerfile Compose Kubernetes AWS GCP Azure S3 GCS SageMaker Vertex
    BigQuery Snowflake Databricks DVC Jupyter JupyterLab VS Code Python PyTorch TensorFlow CUDA GPU CPU RAM SSD HDD
    NVIDIA Slack Teams Backlog Jira Redmine Confluence Notion wiki WBS PoC CI CD MLOps DS SWE PM ML AI API URL ID
    OK Excel xlsx xls zip Markdown md PDF pdf HTML html JSON json CSV csv MSPDI xml YAML yaml MkDocs mkdocs README Makefile
    pytest ruff mypy pre commit Ctrl Shift Alt Del Esc Tab Enter F1 F2 F5 PgUp PgDn Home End Space Backspace
    GB TB MB KB GiB TiB ms UTC USD JPY EUR vCPU EC2 TCO SLA KPI OSS SaaS IaaS on prem VPN VPC IAM SSO LDAP SQL
    SQLite PostgreSQL MySQL Airflow Prefect Argo Kubeflow Feast Grafana Prometheus Streamlit Gradio FastAPI
    Flask REST gRPC ONNX TensorRT Triton CLIP ResNet ViT faiss FAISS ANN kNN EC UUID Qt PySide
    English
    """.split()
}


def _strings(node: object, lang: str, out: set[str]) -> None:
    """Strings of a content or demo YAML file a user reads in ``lang``: that language's side of
    {ja, en} texts, and the texts that have no languages (names, paths, ids)."""
    if isinstance(node, dict):
        if set(node) >= {"ja", "en"} or set(node) == {lang}:
            _strings(node.get(lang), lang, out)
            return
        for key, value in node.items():
            if key not in ("ja", "en"):
                _strings(value, lang, out)
    elif isinstance(node, list):
        for value in node:
            _strings(value, lang, out)
    elif isinstance(node, str):
        out.add(node.strip())


def content_and_user_texts(lang: str) -> set[str]:
    """What the content catalogue and the demo project hold in ``lang``: their words are the
    content's and the user's, not the window's (the seed's own Japanese uses terms like
    「MVA(Minimum Viable Accuracy)」), so the walk does not count them."""
    import yaml

    from app.core import paths

    out: set[str] = set()
    for folder in (paths.builtin_checklists_dir(), paths.resources_dir() / "demo"):
        for path in folder.rglob("*.y*ml"):
            _strings(yaml.safe_load(path.read_text(encoding="utf-8")), lang, out)
    return out


ALLOWED_TEXTS = {"MS Project XML"}  # a product and format name, as Microsoft writes it
IDENTIFIER = re.compile(r"[\w.:/@+\-]*[_./:@\d][\w.:/@+\-]*")  # a path, URL, file or instance name, an id


def looks_english(text: str) -> bool:
    """Text with words of Latin letters and no Japanese, once allowed names are taken out."""
    if JAPANESE.search(text) or text in ALLOWED_TEXTS or IDENTIFIER.fullmatch(text):
        return False
    words = [w for w in WORD.findall(text) if w.lower() not in ALLOWED_WORDS]
    return bool(words) and not re.fullmatch(r"[\w.\-/\\:~ ]+\.(xlsx|md|html|pdf|json|csv|xml|yaml|sqlite3)", text.strip())


def looks_japanese(text: str) -> bool:
    """Japanese in the English window, apart from the language's own name, the Japanese bullet the
    proposal accepts and a glossary term given in parentheses: "hypotheses (仮説)"."""
    text = re.sub(r"\([^()]*\)", "", text.replace("日本語", "").replace("“・”", ""))
    return bool(JAPANESE.search(text))


def _plain(text: str) -> str:
    return re.sub(r"<[^>]+>", " ", text or "").replace("&amp;", "&").replace("&nbsp;", " ").strip()


def widget_texts(widget: QWidget) -> Iterator[tuple[str, str]]:
    """(where, text) for what one widget shows or says."""
    name = widget.objectName() or type(widget).__name__
    if not widget.isVisibleTo(widget.window()) and not isinstance(widget, QMenu):
        return
    for what, text in (
        ("toolTip", widget.toolTip()),
        ("statusTip", widget.statusTip()),
        ("accessibleName", widget.accessibleName()),
        ("accessibleDescription", widget.accessibleDescription()),
        ("windowTitle", widget.windowTitle() if widget.isWindow() else ""),
    ):
        yield f"{name}.{what}", _plain(text)
    if isinstance(widget, QLabel):
        yield f"{name}.text", _plain(widget.text())
    elif isinstance(widget, QAbstractButton):
        yield f"{name}.text", widget.text().replace("&", "")
    elif isinstance(widget, QGroupBox):
        yield f"{name}.title", widget.title().replace("&", "")
    elif isinstance(widget, QLineEdit):
        yield f"{name}.placeholder", widget.placeholderText()
    elif isinstance(widget, (QTextEdit, QPlainTextEdit)):
        yield f"{name}.placeholder", widget.placeholderText()
    if isinstance(widget, QComboBox):
        for i in range(widget.count()):
            yield f"{name}.item[{i}]", widget.itemText(i)
    if isinstance(widget, QTabWidget):
        for i in range(widget.count()):
            yield f"{name}.tab[{i}]", widget.tabText(i).replace("&", "")
            yield f"{name}.tabToolTip[{i}]", widget.tabToolTip(i)
    if isinstance(widget, QMenu):
        yield f"{name}.title", widget.title().replace("&", "")
        for action in widget.actions():
            yield f"{name}/{action.objectName() or 'action'}.text", action.text().replace("&", "")
            yield f"{name}/{action.objectName() or 'action'}.toolTip", action.toolTip().replace("&", "")
            yield f"{name}/{action.objectName() or 'action'}.statusTip", action.statusTip()
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        yield from model_texts(name, widget.model())
    if isinstance(widget, QDateTimeEdit) and widget.calendarPopup() and widget.calendarWidget() is not None:
        yield from calendar_texts(f"{name}.calendar", widget.calendarWidget())


def calendar_texts(name: str, calendar: QCalendarWidget) -> Iterator[tuple[str, str]]:
    """A date field's calendar popup (hidden until opened): the month and year buttons, the month
    menu and the weekday header, which speak Qt's locale, not the app's translations."""
    for button in calendar.findChildren(QToolButton):
        yield f"{name}.button", button.text()
        if button.menu() is not None:
            for action in button.menu().actions():
                yield f"{name}.month", action.text()
    view = calendar.findChild(QTableView)
    if view is not None and view.model() is not None:
        yield from model_texts(name, view.model(), rows=1)


def _columns(model, parent: QModelIndex) -> int:
    try:
        return model.columnCount(parent)
    except TypeError:  # a list model (PySide keeps its columnCount private)
        return 1


def model_texts(name: str, model, rows: int = 60) -> Iterator[tuple[str, str]]:
    for column in range(_columns(model, QModelIndex())):
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            value = model.headerData(column, Qt.Orientation.Horizontal, role)
            if isinstance(value, str):
                yield f"{name}.header[{column}]", value

    def walk(parent: QModelIndex, depth: int) -> Iterator[tuple[str, str]]:
        for row in range(min(model.rowCount(parent), rows)):
            for column in range(_columns(model, parent)):
                index = model.index(row, column, parent)
                for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
                    value = model.data(index, role)
                    if isinstance(value, str):
                        yield f"{name}[{row},{column}]", _plain(value)
            first = model.index(row, 0, parent)
            if depth < 3 and _columns(model, QModelIndex()) > 1 and model.rowCount(first) > 0:
                yield from walk(first, depth + 1)

    yield from walk(QModelIndex(), 0)


def window_texts(window) -> Iterator[tuple[str, str]]:
    """Every page in turn, then the menus."""
    from PySide6.QtWidgets import QApplication

    for page in window.pages:
        window.show_page(page.page_id)
        QApplication.processEvents()
        for widget in [page, *page.findChildren(QWidget)]:
            for where, text in widget_texts(widget):
                yield f"{page.page_id}: {where}", text
    for menu in window.menuBar().findChildren(QMenu):
        for where, text in widget_texts(menu):
            yield f"menu: {where}", text
    for where, text in widget_texts(window):
        yield f"window: {where}", text


def offenders(window, lang: str) -> list[str]:
    wrong = looks_english if lang == "ja" else looks_japanese
    content = content_and_user_texts(lang)
    seen: set[tuple[str, str]] = set()
    found = []
    for where, text in window_texts(window):
        if text and wrong(text) and text not in content and (where.split(".")[0], text) not in seen:
            seen.add((where.split(".")[0], text))
            found.append(f"{where}: {text[:120]!r}")
    return found


def dialog_offenders(dialog: QWidget, lang: str) -> list[str]:
    """The strings in the other language in one dialog (or any widget) and its children, line by
    line (a label listing notices has one in each line)."""
    wrong = looks_english if lang == "ja" else looks_japanese
    content = content_and_user_texts(lang)
    return [f"{where}: {line[:120]!r}" for widget in [dialog, *dialog.findChildren(QWidget)]
            for where, text in widget_texts(widget) for line in text.splitlines()
            if line.strip() and wrong(line) and line.strip() not in content]


def main(argv: list[str]) -> int:
    import argparse
    import os
    import tempfile

    from app.ui.app import build_window

    lang = argv[0] if argv else "ja"
    home = tempfile.mkdtemp()
    os.environ.update(MLOPS_KICKOFF_HOME=home, MLOPS_KICKOFF_LANG=lang, MLOPS_KICKOFF_SETTINGS=f"{home}/s.ini")
    args = argparse.Namespace(db=f"{home}/db.sqlite3", global_lang=lang, global_project=None, page=None, screenshot=None)
    _app, window = build_window(args)
    window.resize(1400, 900)
    window.show()
    found = offenders(window, lang)
    print("\n".join(found))
    print(f"{len(found)} string(s) in the other language")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
