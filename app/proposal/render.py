"""The kickoff proposal as Markdown and as standalone HTML, from Jinja2 templates a user can override.

Templates live in ``resources/templates/proposal/``; a file of the same name in
``<data folder>/templates/proposal/`` takes precedence, so a team can restyle its proposals
without touching the app. Such a template is code from elsewhere: it runs in the app's one sandbox
(app/core/content/templating.py), as the wiki's do. Markdown is rendered with autoescape off and
explicit escaping filters; HTML with autoescape on, user texts going through escape -> Markdown ->
nh3 (see markdown_safe).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core import paths
from app.core.errors import ContentError
from app.core.files import control_chars, markdown_safe, markdown_text
from app.core.i18n import format_date, plain_number
from app.core.messages import Many, Message

if TYPE_CHECKING:
    from jinja2 import Environment

    from app.proposal.view import ProposalView

MARKDOWN_TEMPLATE = "proposal.md.j2"
HTML_TEMPLATE = "proposal.html.j2"


def template_dirs() -> list[Path]:
    """Where templates are looked up, the user's folder first."""
    return [paths.user_templates_dir() / "proposal", paths.resources_dir() / "templates" / "proposal"]


def format_days(value: float) -> str:
    """Person-days as typed: 2 -> "2", 1.5 -> "1.5", 0.125 -> "0.125" (a row and the total it adds to
    are shown with every decimal they hold, so the rows add up as printed)."""
    return plain_number(value)


def timeline_bar(marks: list[bool]) -> str:
    return "".join("█" if on else "░" for on in marks)


def _environment(html: bool) -> Environment:
    return _cached_environment(html, tuple(str(d) for d in template_dirs()))


def template_environment(name: str) -> Environment:
    """The environment the proposal's template file ``name`` is rendered in: the HTML one (autoescaped)
    for ``*.html.j2``, else the Markdown one (``templates validate`` compiles in it too)."""
    return _environment(name.endswith(".html.j2"))


@functools.lru_cache(maxsize=8)
def _cached_environment(html: bool, folders: tuple[str, ...]) -> Environment:
    """One environment per folder list: compiled templates are reused (Jinja re-reads a changed file)."""
    from app.core.content.templating import sandboxed_environment

    env = sandboxed_environment(folders, cache="proposal-html" if html else "proposal-markdown", autoescape=html)
    env.filters["days"] = format_days
    env.filters["date"] = format_date  # 2026/12/21 in Japanese, ISO in English
    if html:
        from markupsafe import Markup

        env.filters["user_html"] = lambda text: Markup(markdown_safe.user_html(str(text or "")))
        env.filters["user_cell"] = lambda text: Markup(markdown_safe.cell_html(str(text or "")))
    else:
        env.filters["md_text"] = lambda text: markdown_safe.text_block(str(text or ""))
        env.filters["md_quote"] = lambda text: markdown_safe.quote_block(str(text or ""))
        env.filters["md_inline"] = lambda text, line_start=True: markdown_text.inline(text, line_start)
        env.filters["md_cell"] = lambda text: markdown_safe.table_cell(str(text or ""))
        env.filters["bar"] = timeline_bar
    return env


def _render(name: str, html: bool, context: dict[str, Any]) -> str:
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError

    env = _environment(html)
    try:
        template = env.get_template(name)
        return template.render(**context)
    except TemplateNotFound:
        raise ContentError(name, Message(key="content.template_not_found", folders=Many(tuple(map(str, template_dirs()))))) from None
    except TemplateSyntaxError as exc:
        from app.core.content.parser_words import jinja_problem

        raise ContentError(exc.filename or name, Message(key="content.template_syntax", line=exc.lineno, detail=jinja_problem(exc.message or ""))) from None
    except TemplateError as exc:
        source = env.loader.get_source(env, name)[1] if env.loader else name
        raise ContentError(source or name, Message(key="content.template_failed", detail=str(exc))) from None


def render_markdown(view: ProposalView) -> str:
    text = _render(MARKDOWN_TEMPLATE, False, {"p": view, "L": view.labels})
    return _tidy_blank_lines(text)


def render_html(view: ProposalView, *, for_pdf: bool = False) -> str:
    """The standalone page (or the PDF's source): the HTML boundary for control characters.

    Every user text in the page is shown with its control characters as symbols (NUL -> ␀; in
    the PDF and the preview, whose fonts lack those symbols, as �), whichever template filter or
    plain ``{{ }}`` put it there. For the PDF, tokens too long for a line get break opportunities
    (:func:`markdown_safe.break_long_tokens`), as the page's CSS does in a browser.
    """
    page = _render(HTML_TEMPLATE, True, {"p": view, "L": view.labels, "pdf": for_pdf})
    if not for_pdf:
        return control_chars.visible(page)
    return markdown_safe.break_long_tokens(control_chars.for_pdf(page))


def _tidy_blank_lines(text: str) -> str:
    """At most one blank line in a row, and one final newline (templates need not be fussy)."""
    lines: list[str] = []
    for line in text.split("\n"):
        if not line.strip() and lines and not lines[-1].strip():
            continue
        lines.append(line.rstrip() if not line.strip() else line)
    return "\n".join(lines).strip("\n") + "\n"
