"""Read content files (YAML) into validated models, with errors that name file, item and problem.

Every content file has a top-level ``type`` naming its model (``checklist`` for checklists;
the features' kinds, such as WBS rules, are registered in :data:`CONTENT_TYPES` by app/features.py). Shipped files
come from ``checklists/``; the user's own files from ``<data folder>/checklists``. A user file
whose id equals a shipped one replaces it, which is how a team customises a checklist.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from app.core import paths
from app.core.content.cache import ParsedCache, open_cache
from app.core.content.model import Checklist, Item, Section
from app.core.content.types import SOURCES
from app.core.errors import ContentError, UserError
from app.core.messages import Label, Many, Message, pydantic_problem

# A content file's ``type`` -> its model. Checklists are the core's own; each feature's content
# types (WBS rules, proposal template, ...) are registered by ``app/features.py``.
CONTENT_TYPES: dict[str, type[BaseModel]] = {"checklist": Checklist}


def _known_types() -> dict[str, type[BaseModel]]:
    while SOURCES:
        CONTENT_TYPES.update(SOURCES.pop(0)())
    return CONTENT_TYPES


CONTENT_SUFFIXES = (".yaml", ".yml")


def _describe_location(raw: Any, loc: tuple[int | str, ...]) -> tuple[str | None, str]:
    """Walk the raw data along a pydantic error location; return the innermost id and the field path."""
    node = raw
    owner: str | None = None
    rest: list[str] = []
    for part in loc:
        try:
            node = node[part]
        except (KeyError, IndexError, TypeError):
            rest.append(str(part))
            continue
        if isinstance(node, dict) and isinstance(node.get("id"), str):
            owner = node["id"]
            rest = []
        else:
            rest.append(str(part))
    return owner, ".".join(rest)


def _format_validation(path: Path, raw: Any, err: ValidationError, model: type[BaseModel] | None = None) -> ContentError:
    """The first problem pydantic found, in the user's language (validators raise
    :class:`~app.core.errors.InvalidContent` by message id), where it is, and how many more.

    A model edited in a dialog names the place as the dialog does (its ``content_where(loc)``: 「1行目の
    オンデマンド単価」), not by the file's keys and a zero-based index."""
    first = err.errors()[0]
    loc = tuple(first["loc"])
    owner, field_path = _describe_location(raw, loc)
    named = getattr(model, "content_where", None)
    where: object = (named(loc) if callable(named) else None) or field_path
    problem: Message | str = pydantic_problem(first)
    if where:
        problem = Message(key="content.at_field", field=where, problem=problem)
    more = len(err.errors()) - 1
    if more:
        problem = Message(key="content.more_problems", problem=problem, more=more)
    return ContentError(str(path), problem, item=owner)


MAX_CONTENT_BYTES = 5_000_000  # a content file; the shipped ones are tens of kilobytes
MAX_CONTENT_NODES = 1_000_000  # values once anchors and aliases are expanded (an alias bomb is refused)
MAX_CONTENT_DEPTH = 64


def _check_shape(path: Path, text: str, loader: Any) -> None:
    """Refuse, before building anything, YAML whose aliases expand past the limits or that nests too deep.

    YAML aliases share one object, so an "alias bomb" (aliases of aliases) costs little to parse but
    explodes when validated. Walking the parser's events sizes every anchor once.
    """
    import yaml

    sizes: dict[str | None, int] = {}
    stack: list[tuple[int, str | None]] = [(0, None)]
    for event in yaml.parse(text, Loader=loader):
        if isinstance(event, yaml.MappingStartEvent | yaml.SequenceStartEvent):
            stack.append((0, event.anchor))
            if len(stack) > MAX_CONTENT_DEPTH:
                raise ContentError(str(path), Message(key="content.too_deep", limit=MAX_CONTENT_DEPTH))
            continue
        if isinstance(event, yaml.MappingEndEvent | yaml.SequenceEndEvent):
            count, anchor = stack.pop()
            size = count + 1
            if anchor:
                sizes[anchor] = size
        elif isinstance(event, yaml.ScalarEvent):
            size = 1
            if event.anchor:
                sizes[event.anchor] = 1
        elif isinstance(event, yaml.AliasEvent):
            size = sizes.get(event.anchor, 1)
        else:
            continue
        total, anchor = stack[-1]
        stack[-1] = (total + size, anchor)
        if stack[-1][0] > MAX_CONTENT_NODES:
            raise ContentError(str(path), Message(key="content.too_many_values", limit=f"{MAX_CONTENT_NODES:,}"))


def read_text(path: Path) -> str:
    """A content or template file's text (UTF-8, at most MAX_CONTENT_BYTES); ContentError saying why not."""
    try:
        if path.stat().st_size > MAX_CONTENT_BYTES:
            raise ContentError(str(path), Message(key="content.too_large", limit=MAX_CONTENT_BYTES // 1_000_000))
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ContentError(str(path), Message(key="content.not_found")) from None
    except UnicodeDecodeError:
        raise ContentError(str(path), Message(key="content.not_utf8")) from None
    except OSError as exc:
        raise ContentError(str(path), Message(key="content.cannot_read", reason=exc.strerror or type(exc).__name__)) from None


def read_yaml(path: Path) -> Any:
    text = read_text(path)
    import yaml  # only for a file the parsed cache does not hold (app/core/content/cache.py)

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's when the wheel has it: faster at start-up
    try:
        _check_shape(path, text, loader)
        return yaml.load(text, Loader=loader)  # a safe loader
    except yaml.YAMLError as exc:
        from app.core.content.parser_words import yaml_problem

        mark = getattr(exc, "problem_mark", None)
        reason = yaml_problem(exc, text)  # a common mistake in the user's language, a rare one in the parser's words
        if mark:
            raise ContentError(str(path), Message(key="content.not_yaml_at", line=mark.line + 1, reason=reason)) from None
        raise ContentError(str(path), Message(key="content.not_yaml", reason=reason)) from None


def load_file(path: Path, cache: ParsedCache | None = None) -> BaseModel:
    """Parse one content file into the model its ``type`` names (its parsed data from ``cache`` when unchanged)."""
    if cache is not None:  # cached data the model refuses (a damaged cache) is parsed again
        return cache.read(path, read_yaml, lambda raw: _model_of(path, raw))
    return _model_of(path, read_yaml(path))


def _model_of(path: Path, raw: Any) -> BaseModel:
    """The model of the parsed data ``raw`` of ``path``; ContentError for data it cannot be."""
    if not isinstance(raw, dict):
        raise ContentError(str(path), Message(key="content.not_a_mapping"))
    kind = raw.get("type")
    model = _known_types().get(kind) if isinstance(kind, str) else None  # `type: [a]` is unhashable
    if model is None:  # a missing (or empty) type is said as missing, never as Python's None
        known = ", ".join(sorted(_known_types()))
        if kind is None or kind == "":
            raise ContentError(str(path), Message(key="content.missing_type", known=known))
        raise ContentError(str(path), Message(key="content.unknown_type", type=repr(kind), known=known))
    body = {k: v for k, v in raw.items() if k != "type"}
    try:
        return model.model_validate(body)
    except ValidationError as exc:
        raise _format_validation(path, body, exc, model) from None


def content_files(directory: Path) -> list[Path]:
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.rglob("*") if p.suffix in CONTENT_SUFFIXES and p.is_file())


@dataclass
class ContentLibrary:
    """All content that loaded: checklists by id plus any other registered content types."""

    checklists: dict[str, Checklist] = field(default_factory=dict)
    documents: dict[str, dict[str, BaseModel]] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)
    problems: list[ContentError] = field(default_factory=list)
    older: list[Message] = field(default_factory=list)  # the user's copies of a checklist older than the shipped one
    _items: dict[str, tuple[Checklist, Item, tuple[Section, ...]]] = field(default_factory=dict)

    def add(self, doc: BaseModel, source: Path) -> None:
        doc_id = getattr(doc, "id", source.stem)
        if isinstance(doc, Checklist):
            previous = self.checklists.get(doc_id)
            candidate_items = {i.id for i in doc.walk_items()}
            for item_id in candidate_items:
                owner = self._items.get(item_id)
                if owner and owner[0].id != doc_id:
                    raise ContentError(str(source), Message(key="content.id_taken", checklist=owner[0].id), item=item_id)
            if previous:
                self._items = {k: v for k, v in self._items.items() if v[0].id != doc_id}
                if doc.version < previous.version:
                    self.older.append(_older_copy(doc, previous, source, candidate_items))
            self.checklists[doc_id] = doc
            self._index(doc)
        else:
            type_name = next(k for k, m in CONTENT_TYPES.items() if isinstance(doc, m))
            previous_doc = self.documents.get(type_name, {}).get(doc_id)
            over = getattr(doc, "over", None)  # a document that keeps something of the one it replaces (ProblemLibrary)
            if previous_doc is not None and callable(over):
                doc = over(previous_doc)
            self.documents.setdefault(type_name, {})[doc_id] = doc
        self.sources[doc_id] = source

    def _index(self, checklist: Checklist) -> None:
        def walk(section: Section, trail: tuple[Section, ...]) -> None:
            trail = (*trail, section)
            for item in section.items:
                self._items[item.id] = (checklist, item, trail)
            for sub in section.sections:
                walk(sub, trail)

        for section in checklist.sections:
            walk(section, ())

    def item_ids(self) -> list[str]:
        return list(self._items)

    def item(self, item_id: str) -> Item | None:
        found = self._items.get(item_id)
        return found[1] if found else None

    def checklist_of(self, item_id: str) -> Checklist | None:
        found = self._items.get(item_id)
        return found[0] if found else None

    def sections_of(self, item_id: str) -> tuple[Section, ...]:
        found = self._items.get(item_id)
        return found[2] if found else ()

    def checklist(self, checklist_id: str) -> Checklist:
        try:
            return self.checklists[checklist_id]
        except KeyError:
            from app.core.errors import NotFoundError

            raise NotFoundError(key="content.no_checklist", id=checklist_id) from None

    def all_items(self) -> Iterator[Item]:
        for checklist in self.checklists.values():
            yield from checklist.walk_items()


def load_library(directories: Iterable[Path] | None = None, strict: bool = False) -> ContentLibrary:
    """Load shipped content then the user's. A broken user file is reported, not fatal (unless strict)."""
    if len(_known_types()) == 1:  # loud, not a library that quietly lacks every feature's content
        raise UserError(key="content.types_not_registered")
    if directories is None:
        directories = [paths.builtin_checklists_dir(), paths.user_checklists_dir()]
    library = ContentLibrary()
    cache = open_cache(MAX_CONTENT_BYTES)
    for directory in directories:
        for path in content_files(directory):
            try:
                library.add(load_file(path, cache), path)
            except ContentError as exc:
                if strict:
                    raise
                library.problems.append(exc)
    cache.save()
    return library


_cached: ContentLibrary | None = None


def default_library() -> ContentLibrary:
    """The process-wide library (content files are read once)."""
    global _cached
    if _cached is None:
        _cached = load_library()
    return _cached


def reset_default_library() -> None:
    global _cached
    _cached = None


def loaded_library() -> ContentLibrary | None:
    """The process-wide library if something has read it already; nothing is read here."""
    return _cached


def _older_copy(mine: Checklist, shipped: Checklist, source: Path, kept: set[str]) -> Message:
    """What is said of the user's copy ``mine`` (a file from ``source``) of a checklist the app ships newer:
    a team copied it before items were added, which it then hides for good without a word."""
    hidden = [Label(f"「{i.label.ja}」", f"“{i.label.en}”") for i in shipped.walk_items() if i.id not in kept]  # (a label may hold 「、」)
    common = {"path": source.name, "title": shipped.title, "mine": mine.version, "shipped": shipped.version}
    if not hidden:
        return Message(key="content.older_copy", **common)
    shown = Many(tuple(hidden[:5]) + ((Message(key="content.older_copy_more", more=len(hidden) - 5),) if len(hidden) > 5 else ()))
    return Message(key="content.older_copy_hides", items=shown, **common)


def older_copy_message(library: ContentLibrary | None) -> Message | None:
    """What the window and the command line say when a checklist of the user's own is older than the one
    the app ships (its ``version``): the first one, naming the items it hides by their labels; or None."""
    if library is None or not library.older:
        return None
    return library.older[0]


def left_out_message(library: ContentLibrary | None) -> Message | None:
    """What the window and the command line say when content files did not load, or None.

    A typo in the user's own copy of a checklist leaves that file out and the shipped checklist is
    used instead: without a word the user's own questions would silently vanish. The message names
    the first file and what is wrong in it (as ``templates validate`` does), and how many more.
    """
    if library is None or not library.problems:
        return None
    first: object = library.problems[0]
    if len(library.problems) > 1:
        first = Message(key="content.more_problems", problem=first, more=len(library.problems) - 1)
    return Message(key="content.left_out", problem=first)
