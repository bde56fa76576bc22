"""The one Jinja2 environment for templates: sandboxed, and bounded in what a template may build.

A template is code a user may drop into ``<data folder>/templates`` or copy from a colleague: the
proposal's, the wiki's and the scaffold's environments all come from :func:`sandboxed_environment`.
Jinja2's sandbox refuses Python's internals (``cycler.__init__.__globals__``); the bounds here
refuse what would take the laptop down instead, each with a :class:`TemplateLimitError` that names
the template file:

- a value of more than :data:`MAX_VALUE` characters or items, checked before it is made by ``*``
  (``'x' * 10**9`` grew to 7.8 GB), ``+``, ``%``, a padding width (``center``, ``ljust``, a format
  width), ``replace``, ``join``, ``translate``, ``expandtabs`` and the filters that do the same;
  after ``~``, a method of a string or list, or a built-in filter (their inputs are bounded, so the
  value is at most a few times the limit);
- a number of more than :data:`MAX_INT_DIGITS` digits (``2 ** 10**9`` would compute for hours);
- a printed value whose text would be more than :data:`MAX_VALUE` characters (a list of long strings),
  and a filter that writes several characters for one (``urlencode``, ``escape``, ``tojson``) given an
  input whose result would be, both estimated before the text is made;
- calls nested more than :data:`MAX_DEPTH` deep (a macro calling itself);
- more than :data:`MAX_STEPS` loop turns and calls in one render, or a render past :data:`TIME_LIMIT`;
- an output of more than :data:`MAX_OUTPUT` characters.

Jinja2 is imported when the first environment is made (the app starts without it).
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, ItemsView, Iterable, Iterator, KeysView, Mapping, Sequence, ValuesView
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.errors import UserError

if TYPE_CHECKING:
    from jinja2.sandbox import SandboxedEnvironment

MAX_VALUE = 10_000_000  # characters of a string, items of a list: a hundred times the longest field
MAX_INT_DIGITS = 4_000  # under Python's own limit for printing an integer (4,300 digits)
MAX_STEPS = 5_000_000  # loop turns and calls in one render: a few seconds of work
TIME_LIMIT = 20  # seconds for one render; the shipped templates take milliseconds
MAX_OUTPUT = 50_000_000  # characters one render writes
MAX_DEPTH = 64  # calls inside calls (a macro calling itself): under Python's own recursion limit

_MAX_INT_BITS = MAX_INT_DIGITS * 10 // 3  # log2(10) is 3.32
_BIG = len(str(MAX_VALUE))  # a width written with this many digits is at least MAX_VALUE
# From a field's first colon (:func:`_check_format` asks only whether one is found): from each colon, a field of
# a million tried every split of its colons (the square of its length)
_FORMAT_WIDTH = re.compile(r"\{[^{}:]*:[^{}]*?\d{" + str(_BIG) + "}")  # '{:>1000000000}'
_FORMAT_NESTED = re.compile(r"\{[^{}:]*:[^{}]*\{")  # '{:>{}}': the width is an argument
_PERCENT_WIDTH = re.compile(r"%[-+ #0]*(?:\d*\.)?\d{" + str(_BIG) + "}")  # '%1000000000s'
_PADDING = frozenset({"center", "ljust", "rjust", "zfill"})
_SIZED = (str, bytes, bytearray, list, tuple, dict, set, frozenset)


class TemplateLimitError(UserError):
    """A template stopped at one of the bounds above; the message names its file."""


@dataclass
class _Budget:
    file: str
    deadline: float
    steps: int = 0
    depth: int = 0
    deepest: int = 0


_budget: ContextVar[_Budget | None] = ContextVar("template_budget", default=None)


def _file() -> str:
    budget = _budget.get()
    return budget.file if budget else "?"


def _too_large(what: str) -> TemplateLimitError:
    return TemplateLimitError(key="template.value_too_large", file=_file(), limit=f"{MAX_VALUE:,}", what=what)


def _too_deep(depth: int = MAX_DEPTH) -> TemplateLimitError:
    return TemplateLimitError(key="template.too_deep", file=_file(), limit=depth)


def _step() -> None:
    budget = _budget.get()
    if budget is None:
        return
    budget.steps += 1
    if budget.steps > MAX_STEPS:
        raise TemplateLimitError(key="template.too_many_steps", file=budget.file, limit=f"{MAX_STEPS:,}")
    if not budget.steps % 1024 and time.monotonic() > budget.deadline:
        raise TemplateLimitError(key="template.too_slow", file=budget.file, seconds=TIME_LIMIT)


def _size(value: object) -> int:
    return len(value) if isinstance(value, _SIZED) else 0


def _check_size(value: object, what: str) -> None:
    if _size(value) > MAX_VALUE:
        raise _too_large(what)


def _text_size(value: object, limit: int = MAX_VALUE, inside: frozenset[int] = frozenset()) -> int:
    """About how many characters ``str(value)`` writes, counted without writing them: exact enough for
    strings and numbers, a string in a list counted as its ``repr`` at worst; the count stops past ``limit``."""
    if isinstance(value, str):
        if not inside:
            return len(value)
        if value.isprintable():
            return len(value) + value.count("\\") + 2
        return 4 * len(value) + 2  # '\x00'
    if isinstance(value, bytes | bytearray):
        return 4 * len(value) + 3
    if isinstance(value, int):
        return value.bit_length() * 3 // 10 + 2
    namespace = getattr(value, "_Namespace__attrs", None)  # jinja2's namespace() prints what it holds
    if isinstance(namespace, dict):
        value = namespace
    if isinstance(value, Mapping):
        items: Iterable[object] = (part for pair in value.items() for part in pair)
    elif isinstance(value, list | tuple | set | frozenset | KeysView | ValuesView | ItemsView):
        items = value
    else:
        return 0  # a number, None, a macro: a few characters
    if id(value) in inside:  # a list holding itself prints as [...]
        return 5
    inside = inside | {id(value)}
    total = 2
    for item in items:
        total += _text_size(item, limit - total, inside) + 2
        if total > limit:
            break
    return total


def _big_int(value: object) -> bool:
    return isinstance(value, int) and abs(value) > MAX_VALUE


def _check_binop(operator: str, left: object, right: object) -> None:
    if operator == "*":
        for seq, times in ((left, right), (right, left)):
            if isinstance(times, int) and isinstance(seq, str | bytes | list | tuple) and len(seq) * times > MAX_VALUE:
                raise _too_large("*")
        if isinstance(left, int) and isinstance(right, int) and left.bit_length() + right.bit_length() > _MAX_INT_BITS:
            raise TemplateLimitError(key="template.number_too_large", file=_file(), what="*")
    elif operator == "**":
        if isinstance(left, int) and isinstance(right, int) and right > 0 and abs(left) > 1:
            if abs(left).bit_length() * right > _MAX_INT_BITS:
                raise TemplateLimitError(key="template.number_too_large", file=_file(), what="**")
    elif operator == "+":
        if _size(left) + _size(right) > MAX_VALUE:
            raise _too_large("+")
    elif operator == "%" and isinstance(left, str):
        _check_format(left, right if isinstance(right, tuple) else (right,), "%")


def _check_format(fmt: str, args: Iterable[object], what: str) -> None:
    """A width or precision of MAX_VALUE or more in a format string, written out or passed as an argument."""
    if _FORMAT_WIDTH.search(fmt) or _PERCENT_WIDTH.search(fmt):
        raise _too_large(what)
    if ("*" in fmt or _FORMAT_NESTED.search(fmt)) and any(_big_int(a) for a in args):
        raise _too_large(what)


def _check_growth(name: str, text: object, args: Sequence[object], kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a string method (or the filter that does the same) whose result would be too large."""
    values = [*args, *kwargs.values()]
    if name in _PADDING or name == "indent":
        lines = str(text).count("\n") + 1 if name == "indent" else 1
        if any(isinstance(w, int) and w * lines > MAX_VALUE for w in values):
            raise _too_large(name)
    elif name == "expandtabs" and isinstance(text, str):
        if any(isinstance(w, int) and w * text.count("\t") > MAX_VALUE for w in values):
            raise _too_large(name)
    elif name == "replace" and isinstance(text, str) and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        if (text.count(old) if old else len(text) + 1) * len(new) + len(text) > MAX_VALUE:
            raise _too_large(name)
    elif name == "join" and args and isinstance(args[0], list | tuple):
        items = args[0]
        if len(str(text)) * len(items) + sum(_text_size(i) for i in items) > MAX_VALUE:
            raise _too_large(name)
    elif name == "translate" and isinstance(text, str) and args and isinstance(args[0], dict):
        if len(text) * max((_size(v) for v in args[0].values()), default=0) > MAX_VALUE:
            raise _too_large(name)
    elif name in ("format", "format_map") and isinstance(text, str):
        nested = [v for arg in values for v in (arg.values() if isinstance(arg, dict) else [arg])]
        _check_format(text, nested, name)


# The built-in filters that build a string from a width or another string: (value, arguments) -> the
# string method they amount to, checked as that method is.
_GROWING_FILTERS: dict[str, Callable[[Sequence[Any], dict[str, Any]], tuple[object, Sequence[object], dict[str, Any]]]] = {
    "center": lambda a, k: (a[0], a[1:], k),
    "indent": lambda a, k: (a[0], a[1:2], {key: v for key, v in k.items() if key == "width"}),
    "replace": lambda a, k: (a[0], a[1:], k),
    "join": lambda a, k: (a[1] if len(a) > 1 else k.get("d", ""), [list(a[0]) if isinstance(a[0], list | tuple) else ()], {}),
    "format": lambda a, k: (a[0], a[1:], k),
}


# The built-in filters that write up to so many characters for each character of their input's text,
# checked on an estimate of that text before they run: (value, arguments) -> how many at most.
_MULTIPLYING_FILTERS: dict[str, Callable[[Sequence[Any], dict[str, Any]], int]] = {
    "urlencode": lambda a, k: 12,  # a character outside the BMP is four bytes, %F0%9F%98%80
    "tojson": lambda a, k: 12,  # the same character as \\ud83d\\ude00
    "urlize": lambda a, k: 12,  # 'a.io a.io': each a link of its own
    "xmlattr": lambda a, k: 6,
    "escape": lambda a, k: 1 if hasattr(a[0], "__html__") else 5,  # '<' is '&lt;', '"' is '&#34;'
    "e": lambda a, k: 1 if hasattr(a[0], "__html__") else 5,
    "forceescape": lambda a, k: 5,
    "string": lambda a, k: 1,
    "pprint": lambda a, k: 2,  # a line and an indent for each item
    "wordwrap": lambda a, k: 1 + len(str(a[3] if len(a) > 3 else k.get("wrapstring") or "\n")),  # width 1
}


def _check_multiplied(name: str, factor: int, value: object) -> None:
    if _text_size(value, MAX_VALUE // factor + 1) * factor > MAX_VALUE:
        raise _too_large(name)


def _bounded_filter(name: str, func: Callable[..., Any]) -> Callable[..., Any]:
    passed = 1 if getattr(func, "jinja_pass_arg", None) else 0  # the context Jinja passes first
    shape = _GROWING_FILTERS.get(name)
    factor = _MULTIPLYING_FILTERS.get(name)

    @functools.wraps(func)  # keeps jinja_pass_arg, so Jinja still passes what the filter asks for
    def bounded(*args: Any, **kwargs: Any) -> Any:
        if shape is not None and len(args) > passed:
            text, rest, named = shape(args[passed:], kwargs)
            _check_growth(name, text, rest, named)
        if factor is not None and len(args) > passed:
            _check_multiplied(name, factor(args[passed:], kwargs), args[passed])
        result = func(*args, **kwargs)
        _check_size(result, name)
        return result

    return bounded


def _bounded_output(pieces: Iterable[str]) -> str:
    parts: list[str] = []
    total = 0
    for piece in pieces:
        total += len(piece)
        if total > MAX_OUTPUT:
            raise TemplateLimitError(key="template.output_too_large", file=_file(), limit=f"{MAX_OUTPUT:,}")
        parts.append(piece)
    return "".join(parts)


@functools.cache
def _environment_class() -> type[SandboxedEnvironment]:
    from jinja2 import nodes
    from jinja2.compiler import CodeGenerator, Frame
    from jinja2.environment import Template
    from jinja2.runtime import Context
    from jinja2.sandbox import SandboxedEnvironment

    class BoundedCodeGenerator(CodeGenerator):
        """Compiles every ``{% for %}`` to count its turns and every ``~`` to check what it made."""

        def visit_For(self, node: nodes.For, frame: Frame) -> None:
            """Overrides CodeGenerator.visit_For: the loop runs over ``environment.bounded_loop(...)``."""
            node.iter = nodes.Call(nodes.EnvironmentAttribute("bounded_loop"), [node.iter], [], None, None, lineno=node.lineno)
            super().visit_For(node, frame)

        def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
            """Overrides CodeGenerator.visit_Concat: the joined text goes through ``environment.bounded_text``."""
            self.write("environment.bounded_text(")
            super().visit_Concat(node, frame)
            self.write(")")

        def _output_child_pre(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
            """Overrides CodeGenerator._output_child_pre: a printed value goes through ``environment.bounded_print``
            before ``finalize`` and ``str`` make its text."""
            super()._output_child_pre(node, frame, finalize)
            self.write("environment.bounded_print(")

        def _output_child_post(self, node: nodes.Expr, frame: Frame, finalize: Any) -> None:
            """Overrides CodeGenerator._output_child_post: closes what _output_child_pre opened."""
            self.write(")")
            super()._output_child_post(node, frame, finalize)

    class BoundedTemplate(Template):
        def render(self, *args: Any, **kwargs: Any) -> str:
            """Overrides Template.render: one budget of steps and time per render."""
            token = _budget.set(_Budget(self.filename or self.name or "?", time.monotonic() + TIME_LIMIT))
            try:
                return super().render(*args, **kwargs)
            except RecursionError:  # nested deeper than Python's stack before MAX_DEPTH calls
                raise _too_deep(_budget.get().deepest) from None  # type: ignore[union-attr]
            finally:
                _budget.reset(token)

    class BoundedSandbox(SandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "+", "%"})
        code_generator_class = BoundedCodeGenerator
        template_class = BoundedTemplate
        concat = staticmethod(_bounded_output)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.filters = {name: _bounded_filter(name, func) for name, func in self.filters.items()}

        def call_binop(self, context: Context, operator: str, left: Any, right: Any) -> Any:
            """Overrides SandboxedEnvironment.call_binop: a result too large is refused before it is made."""
            _check_binop(operator, left, right)
            try:
                return super().call_binop(context, operator, left, right)
            except OverflowError:  # a float past 1.8e308
                raise TemplateLimitError(key="template.number_too_large", file=_file(), what=operator) from None

        def call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            """Overrides SandboxedEnvironment.call: counted, nested at most MAX_DEPTH deep, and checked before and after."""
            _step()
            budget = _budget.get()
            if budget is None:
                return self._checked_call(context, obj, *args, **kwargs)
            if budget.depth >= MAX_DEPTH:
                raise _too_deep()
            budget.depth += 1
            budget.deepest = max(budget.deepest, budget.depth)
            try:
                return self._checked_call(context, obj, *args, **kwargs)
            finally:
                budget.depth -= 1

        def _checked_call(self, context: Context, obj: Any, /, *args: Any, **kwargs: Any) -> Any:
            method = getattr(obj, "__wrapped__", obj)  # str.format comes wrapped by the sandbox
            receiver = getattr(method, "__self__", None)
            if not isinstance(receiver, _SIZED):
                return super().call(context, obj, *args, **kwargs)
            name = getattr(method, "__name__", "")
            _check_growth(name, receiver, args, kwargs)
            result = super().call(context, obj, *args, **kwargs)
            _check_size(result, name)
            _check_size(receiver, name)  # list.extend, dict.update: the list itself grew
            return result

        def bounded_loop(self, iterable: Iterable[Any]) -> Iterator[Any]:
            for item in iterable:
                _step()
                yield item

        def bounded_text(self, text: Any) -> Any:
            _check_size(text, "~")
            return text

        def bounded_print(self, value: Any) -> Any:
            if not isinstance(value, str) and _text_size(value) > MAX_VALUE:
                raise _too_large("{{ }}")
            return value

    return BoundedSandbox


def sandboxed_environment(searchpath: Sequence[str | Path], cache: str | None = None, **options: Any) -> SandboxedEnvironment:
    """An environment over ``searchpath`` (first folder wins): sandboxed, bounded, undefined names an
    error, block tags on lines of their own leaving no blank lines. ``cache`` names the folder of
    compiled templates (:func:`~app.core.content.cache.template_bytecode_cache`), None for none;
    ``options`` are Jinja2's (``autoescape``, ``finalize``, ...)."""
    from jinja2 import FileSystemLoader, StrictUndefined

    from app.core.content.cache import template_bytecode_cache

    settings: dict[str, Any] = {
        "undefined": StrictUndefined, "trim_blocks": True, "lstrip_blocks": True, "keep_trailing_newline": True,
    }  # fmt: skip
    settings.update(options)
    if cache is not None:  # the bounds are compiled in: a folder of their own
        settings["bytecode_cache"] = template_bytecode_cache(f"{cache}-bounded")
    return _environment_class()(loader=FileSystemLoader([str(p) for p in searchpath]), **settings)
