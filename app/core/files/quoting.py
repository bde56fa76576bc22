"""One quoting helper per kind of file we write a value into; nothing else quotes.

Field rules (``app.environment.service``) already refuse most hostile values where they enter
(the pages, the project-file import). These helpers are the second line, for any value that
reaches a generated file anyway (an older database, a hearing answer, content):

- :func:`shell`: one word of a shell command line (``shlex.quote``, never post-processed).
- :func:`yaml_scalar`: a double-quoted YAML scalar for a CI workflow. CI systems expand ``$``
  themselves even inside quoted strings (GitHub Actions and Azure ``${{ }}``, Azure ``$( )``,
  GitLab ``$VAR``), so a value with ``$`` is refused rather than quoted.
- :func:`docker_image`: the image of a Dockerfile ``FROM`` line (no quoting exists there, so
  anything but an image reference is refused); :func:`comment` one line of a ``#`` comment.
- :func:`fence`: a Markdown code block whose fence is longer than any backtick run inside.

A refused value is an :class:`~app.core.errors.UnsafeValue` naming what it was meant for (``what``:
a label in both languages, see app/core/messages.py).
"""

from __future__ import annotations

import re
import shlex
from typing import Any

from app.core.errors import UnsafeValue
from app.core.messages import Label

# C0 and C1 controls and the Unicode line and paragraph separators: a command line or a YAML or
# Dockerfile line cannot hold them as they are.
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_IMAGE = re.compile(r"[A-Za-z0-9][A-Za-z0-9._/:@+-]{0,254}")
A_VALUE = Label(ja="値", en="a value")
BASE_IMAGE = Label(ja="Docker のベースイメージ", en="the Docker base image")


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _one_line(value: Any, what: object) -> str:
    text = _text(value)
    if _CONTROL.search(text):
        raise UnsafeValue(what, text, key="unsafe.control")
    return text


def shell(value: Any, what: object = A_VALUE) -> str:
    """``value`` as one literal word of a POSIX shell command line."""
    return shlex.quote(_one_line(value, what))


def command(program: str, *operands: Any, what: object = A_VALUE) -> str:
    """A command line: ``program`` is ours (content, e.g. ``aws s3 sync``), each operand is quoted.

    An operand starting with ``-`` would be read as an option, which no quoting prevents: refused.
    """
    return " ".join([" ".join(program.split()), *(operand(w, what) for w in operands)])


def operand(value: Any, what: object = A_VALUE) -> str:
    """One quoted operand of a command (not an option)."""
    if _text(value).startswith("-"):
        raise UnsafeValue(what, _text(value), key="unsafe.option")
    return shell(value, what)


class Quoted(str):
    """Text already quoted for its target by this module: templates print it as it is."""


def yaml_scalar(value: Any, what: object = A_VALUE) -> str:
    """``value`` as a double-quoted YAML scalar for a CI workflow (no ``$`` the CI would expand)."""
    import yaml

    text = _text(value)
    if "$" in text:
        raise UnsafeValue(what, text, key="unsafe.dollar")
    dumped = yaml.safe_dump(text, default_style='"', allow_unicode=True, width=float("inf"))
    return dumped.rstrip("\n")


def docker_image(value: Any, what: object = BASE_IMAGE) -> str:
    """The image reference of a ``FROM`` line: letters, digits and ``. _ / : @ + -`` only."""
    text = _text(value)
    if not _IMAGE.fullmatch(text):
        raise UnsafeValue(what, text, key="unsafe.image")
    return text


def comment(value: Any, what: object = A_VALUE) -> str:
    """Text for a ``#`` comment line (a Dockerfile, .gitignore, requirements.txt): one line."""
    return _one_line(value, what)


def fence(body: str, info: str = "") -> str:
    """A fenced Markdown code block around ``body``, as it is: the fence outruns any backtick run."""
    longest = max((len(run) for run in re.findall(r"`+", body)), default=0)
    marker = "`" * max(3, longest + 1)
    return f"{marker}{info}\n{body}\n{marker}"
