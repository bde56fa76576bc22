"""The core's messages to the user, by id, in both languages (``resources/messages.yaml``).

A core error names its message by id and carries its parameters (``ValidationFailed(key=
"project.name_taken", name=...)``); the window and the CLI render it in the user's language with
:func:`render`. A parameter that names a checklist item is an :class:`ItemRef`: it is shown by the
item's label (「利用者数(DS)」), never by its id. A name that has a text in each language (a
field's label: a content :class:`~app.core.content.model.Localized` or a :class:`Label`) is shown
in the message's language; a :class:`Message` is a message inside a message (a field named from
its parts), and a :class:`~app.core.errors.UserError` parameter is that error's text in the same
language. ``tests/test_messages.py`` checks that every id used in the code is here in both
languages with the same placeholders.
"""

from __future__ import annotations

import functools
import re
import string
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from app.core import paths

if TYPE_CHECKING:
    from pathlib import Path

    from app.core.content.loader import ContentLibrary


@dataclass(frozen=True)
class ItemRef:
    """A checklist item (and optionally one column of its table), shown by its label."""

    item_id: str
    column: str | None = None

    def label(self, lang: str, library: ContentLibrary | None) -> str:
        item = library.item(self.item_id) if library is not None else None
        if item is None:
            return self.item_id if self.column is None else f"{self.item_id}[{self.column}]"
        text = item.label.get(lang)  # type: ignore[arg-type]
        column = next((c for c in item.columns if c.id == self.column), None) if self.column else None
        if column is not None:
            text += " / " + column.label.get(lang)  # type: ignore[arg-type]
        return text


@dataclass(frozen=True)
class Many:
    """A list of values, joined the way the language joins a list (「、」 or ", ")."""

    values: tuple[Any, ...]


@dataclass(frozen=True)
class Label:
    """A name in both languages (a column, a page, a part of a file), shown in the message's language."""

    ja: str
    en: str

    def get(self, lang: str) -> str:
        primary = self.ja if lang == "ja" else self.en
        return primary or self.en or self.ja

    def __str__(self) -> str:
        return self.en


class Message:
    """A message by id used as a parameter of another (``Message(key="environment.dataset_cell", ...)``)."""

    def __init__(self, *, key: str, **params: Any) -> None:
        self.key = key
        self.params = params

    def text(self, lang: str, library: ContentLibrary | None = None) -> str:
        return render(self.key, self.params, lang, library)

    def __str__(self) -> str:
        return self.text("en")

    def __repr__(self) -> str:
        return f"Message(key={self.key!r}, **{self.params!r})"


MAX_CATALOGUE_BYTES = 10_000_000


@functools.cache
def catalogue() -> dict[str, dict[str, str]]:
    """The messages of resources/messages.yaml, by key and language. Its parsed data is kept in the
    cache folder (app/core/content/cache.py, keyed by a hash of the file): parsing the YAML took
    about 60 ms and importing yaml 35 ms of the first message a start shows; the cached JSON 1 ms."""
    from app.core.content.cache import MESSAGES_CACHE_FILE, open_cache

    cache = open_cache(MAX_CATALOGUE_BYTES, MESSAGES_CACHE_FILE)
    loaded = cache.read(paths.resources_dir() / "messages.yaml", _parse_catalogue, _as_catalogue)
    cache.save()
    return loaded


def _as_catalogue(data: Any) -> dict[str, dict[str, str]]:
    """``data`` if it is messages by key and language; TypeError else (a cache of another shape is parsed again)."""
    if not isinstance(data, dict) or not all(isinstance(entry, dict) and all(isinstance(text, str) for text in entry.values())
                                             for entry in data.values()):  # fmt: skip
        raise TypeError(type(data).__name__)  # internal: never shown, the file is parsed instead
    return data


def _parse_catalogue(path: Path) -> dict[str, dict[str, str]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when the wheel has it: 10x faster
    loaded: dict[str, dict[str, str]] = yaml.load(path.read_text(encoding="utf-8"), Loader=loader)  # a safe loader
    return loaded


# An English noun that follows a count: ``{count|task|tasks}`` is "task" when the parameter ``count``
# is 1 (or -1), "tasks" else ("1 task moved", "3 tasks moved"); Japanese needs none.
_PLURAL = re.compile(r"\{(\w+)\|([^{}|]*)\|([^{}|]*)\}")


def placeholders(template: str) -> set[str]:
    template = _PLURAL.sub(r"{\1}", template)
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _one(value: Any) -> bool:
    """Whether a count (a number, or its text with thousands separators) is one."""
    if isinstance(value, str):
        try:
            value = float(value.replace(",", ""))
        except ValueError:
            return False
    return isinstance(value, int | float) and not isinstance(value, bool) and abs(value) == 1


def _plurals(template: str, params: dict[str, Any]) -> str:
    """``template`` with each ``{count|one|many}`` replaced by the word its count asks for (braces in the
    words chosen are doubled: the result is formatted next)."""
    def word(match: re.Match[str]) -> str:
        chosen = match.group(2) if _one(params.get(match.group(1))) else match.group(3)
        return chosen.replace("{", "{{").replace("}", "}}")

    return _PLURAL.sub(word, template) if "|" in template else template


def _shown(value: Any, lang: str, library: ContentLibrary | None) -> str:
    from app.core.content.model import Localized
    from app.core.errors import UserError

    if isinstance(value, ItemRef):
        return value.label(lang, library)
    if isinstance(value, Label | Localized):
        return value.get(lang)  # type: ignore[arg-type]
    if isinstance(value, Message | UserError):
        return value.text(lang, library)
    if isinstance(value, Many):
        return ("、" if lang == "ja" else ", ").join(_shown(v, lang, library) for v in value.values)
    if isinstance(value, float) and value.is_integer():
        return f"{int(value):,}"
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}" if abs(value) >= 10_000 else str(value)
    return str(value)


def render(key: str, params: dict[str, Any], lang: str, library: ContentLibrary | None = None) -> str:
    """The message ``key`` in ``lang`` (English when the language has none) with its parameters."""
    entry = catalogue().get(key)
    if entry is None:  # a programming error, but the user still gets a line rather than a traceback
        return f"{key}: {params}"
    template = _plurals(entry.get(lang) or entry["en"], params)
    if library is None and any(isinstance(v, ItemRef) for v in params.values()):  # (nested ones fetch it themselves)
        library = _shipped_library()
    return template.format(**{name: _shown(value, lang, library) for name, value in params.items()})


def param_as_json(value: Any) -> Any:
    """A message parameter as JSON data (a drafts file keeps an error by its message id and these):
    texts and numbers as they are; a label, an item, a list, a message inside (or an error's) tagged
    by ``type``; anything else as the text :func:`render` would show of it (a date, a path)."""
    from app.core.content.model import Localized
    from app.core.errors import UserError

    if value is None or isinstance(value, str | int | float | bool):
        return value
    if isinstance(value, ItemRef):
        return {"type": "item", "id": value.item_id, "column": value.column}
    if isinstance(value, Label | Localized):
        return {"type": "label", "ja": value.ja, "en": value.en}
    if isinstance(value, Many):
        return {"type": "many", "values": [param_as_json(v) for v in value.values]}
    if isinstance(value, Message) or (isinstance(value, UserError) and value.key is not None):
        return {"type": "message", "key": value.key, "params": {k: param_as_json(v) for k, v in value.params.items()}}
    if isinstance(value, UserError):  # one that says itself in both languages
        return {"type": "label", "ja": value.ja or "", "en": value.message}
    return str(value)


# How deep a parameter read back may nest (a message in a message in a list...): the core nests two or
# three levels; a drafts file nested deeper was edited, and is refused before any recursion gets deep.
MAX_PARAM_DEPTH = 8


def known_message(key: Any, names: Any) -> bool:
    """Whether ``key`` is a message of the catalogue whose placeholders (in each language) are all among
    ``names`` (a message read back from a file: one of another version or edited is said by other means)."""
    entry = catalogue().get(key) if isinstance(key, str) else None
    if not entry or not all(isinstance(n, str) for n in names):
        return False
    return all(placeholders(template) <= set(names) for template in entry.values())


class NotAParameter(ValueError):
    """Stored data that is no message parameter (internal: whoever reads it keeps the text it has)."""


def param_from_json(data: Any, depth: int = 0) -> Any:
    """A message parameter read back from :func:`param_as_json`'s data (``depth``: how deep it is in the
    data read); :class:`NotAParameter` (a ValueError) when it is none: another shape, a message not in the catalogue (or without
    the parameters its text needs), nested deeper than :data:`MAX_PARAM_DEPTH`."""
    if depth > MAX_PARAM_DEPTH:
        raise NotAParameter(depth)  # nested too deeply
    if data is None or isinstance(data, str | int | float | bool):
        return data
    if isinstance(data, dict):
        kind = data.get("type")
        if kind == "item" and isinstance(data.get("id"), str) and isinstance(data.get("column"), str | None):
            return ItemRef(data["id"], data["column"])
        if kind == "label" and isinstance(data.get("ja"), str) and isinstance(data.get("en"), str):
            return Label(data["ja"], data["en"])
        if kind == "many" and isinstance(data.get("values"), list):
            return Many(tuple(param_from_json(v, depth + 1) for v in data["values"]))
        if kind == "message" and isinstance(params := data.get("params"), dict) and known_message(data.get("key"), params):
            return Message(key=data["key"], **{k: param_from_json(v, depth + 1) for k, v in params.items()})
    raise NotAParameter(type(data).__name__)


def first_problem(exc: Any, prefix: tuple[object, ...] = ()) -> tuple[str, Message | str]:
    """Where the first problem of a pydantic ``ValidationError`` is (its path, dotted, after ``prefix``)
    and what it is (:func:`pydantic_problem`)."""
    first = exc.errors()[0]
    return ".".join(str(p) for p in (*prefix, *first["loc"])), pydantic_problem(first)


def pydantic_problem(error: Any) -> Message | str:
    """What pydantic found wrong with one value (one entry of ``ValidationError.errors()``), in
    words of both languages: a validator's own message (:class:`~app.core.errors.InvalidContent`),
    else the message for pydantic's error type; pydantic's English for the rare rest."""
    kind, ctx = error["type"], error.get("ctx") or {}
    error_raised = ctx.get("error")
    own = getattr(error_raised, "message", None)
    if isinstance(own, Message):
        return own
    if isinstance(error_raised, ValueError) and error_raised.args and isinstance(error_raised.args[0], Message):
        return error_raised.args[0]  # a validator that raised ValueError(Message(...))
    if kind == "missing":
        return Message(key="value.missing")
    if kind in ("string_type", "str_type"):
        return Message(key="value.not_text")
    if kind == "string_too_short":
        return Message(key="value.too_short", limit=ctx.get("min_length", 1))
    if kind == "string_too_long":
        return Message(key="value.too_long", limit=ctx.get("max_length", 0))
    if kind == "string_pattern_mismatch":
        return Message(key="value.pattern")
    if kind == "too_long":
        return Message(key="value.too_many", limit=f"{ctx.get('max_length', 0):,}")
    if kind == "too_short":
        return Message(key="value.too_few", limit=ctx.get("min_length", 0))
    if kind.startswith("int_"):
        return Message(key="value.not_integer")
    if kind in ("float_type", "float_parsing", "finite_number"):
        return Message(key="value.not_number")
    if kind in ("greater_than_equal", "greater_than"):
        return Message(key="value.too_small", limit=ctx.get("ge", ctx.get("gt", 0)))
    if kind in ("less_than_equal", "less_than"):
        return Message(key="value.too_big", limit=ctx.get("le", ctx.get("lt", 0)))
    if kind.startswith(("datetime_", "date_")):
        return Message(key="value.not_date")
    if kind in ("dict_type", "model_type", "model_attributes_type"):
        return Message(key="value.not_object")
    if kind in ("list_type", "tuple_type"):
        return Message(key="value.not_list")
    if kind.startswith("bool_"):
        return Message(key="value.not_bool")
    if kind in ("enum", "literal_error"):  # pydantic lists them in English ("'a', 'b' or 'c'"): listed again per language
        expected = str(ctx.get("expected", ""))
        return Message(key="value.not_an_option", options=Many(tuple(re.findall(r"'([^']*)'", expected)) or (expected,)))
    if kind == "extra_forbidden":
        return Message(key="value.unknown_field")
    return str(error["msg"]).removeprefix("Value error, ")[:200]


def _shipped_library() -> ContentLibrary | None:
    try:
        from app.core.content.loader import default_library

        return default_library()
    except Exception:  # no content at hand: the item's id is still a usable name
        return None


class Help(str):
    """A command-line help text by message id (``Help(key="cli.help.projects")``), or given in both
    languages (an export kind's own texts); app/cli/help_text.py shows it in the parser's language
    when help is printed (until then it is only its id: building the parser reads no YAML)."""

    key: str
    ja: str
    en: str

    def __new__(cls, *, key: str = "", ja: str = "", en: str = "") -> Help:
        self = super().__new__(cls, key or en)
        self.key, self.ja, self.en = key, ja, en
        return self

    def text(self, lang: str) -> str:
        if self.key:
            return Message(key=self.key).text(lang)
        return (self.ja if lang == "ja" else "") or self.en


# What this process has completed that a Ctrl+C arriving later does not take back (a backup written, old ones
# deleted, a project committed), each as the user should hear it, in order. The command line's Ctrl+C line names
# those of the command it stopped (from ``len(DONE)`` when it began: app/cli/main.py), never 「中断しました」 alone.
DONE: list[Message] = []


def done(message: Message) -> int:
    """Record ``message`` as done; its place in :data:`DONE` (to say it more exactly once more is done)."""
    DONE.append(message)
    return len(DONE) - 1


def redone(step: int, message: Message) -> None:
    """Say the step recorded at ``step`` more exactly now that it went further (its deletions all made)."""
    DONE[step] = message
