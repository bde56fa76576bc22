"""Jinja2 for Markdown documents: sandboxed and bounded (app/core/content/templating.py), and every
printed value escaped for Markdown.

Markdown has no autoescape of its own, so the environment's ``finalize`` escapes each value a
template prints (``wiki_markdown.escape``) unless it is :class:`~app.environment.wiki_markdown.Md`:
Markdown the app wrote (links, tables, code spans) or a macro's output. ``autoescape=True`` is
what makes Jinja2 pass macro output and ``Md`` through untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from app.core.errors import UserError
from app.core.i18n import format_date
from app.core.messages import Many
from app.environment import wiki_markdown as mdt

_environments: dict[tuple[str, ...], Any] = {}


def markdown_environment(searchpath: Sequence[Path]):  # a jinja2 environment
    """One environment per folder list (first folder wins); a template recompiles when its file changes."""
    key = tuple(str(p) for p in searchpath)
    if key not in _environments:
        _environments[key] = _new_environment(list(key))
    return _environments[key]


def _finalize(value: Any) -> Any:
    if value is None:
        return mdt.Md("")
    return value if hasattr(value, "__html__") else mdt.escape(value)


def _new_environment(searchpath: list[str]):  # a jinja2 environment
    from app.core.content.templating import sandboxed_environment

    env = sandboxed_environment(searchpath, cache="wiki", autoescape=True, finalize=_finalize)
    env.filters.update(
        cell=mdt.cell,
        code=mdt.code,
        paragraph=mdt.paragraph,
        join=lambda items, sep="": mdt.Md(str(sep).join(mdt.escape(i) for i in items)),
        date=format_date,  # {{ day|date("ja") }}: 2026/12/21 in the Japanese pages, ISO in the English ones
    )
    return env


def render_template(env, name: str, context: dict[str, Any]) -> str:
    """Render one template; a broken or missing template is a UserError naming file and line."""
    from jinja2 import TemplateError, TemplateNotFound, TemplateSyntaxError
    from jinja2.exceptions import SecurityError

    try:
        text = env.get_template(name).render(context)
    except TemplateNotFound:
        raise UserError(key="template.not_found", name=name, folders=Many(tuple(env.loader.searchpath))) from None
    except TemplateSyntaxError as exc:  # a common mistake in the user's language, a rare one in Jinja2's words
        from app.core.content.parser_words import jinja_problem

        raise UserError(key="template.syntax", file=exc.filename or name, line=exc.lineno, detail=jinja_problem(exc.message or "")) from None
    except (TemplateError, SecurityError) as exc:
        raise UserError(key="template.failed", name=name, detail=str(exc)) from None
    return text.rstrip() + "\n"
