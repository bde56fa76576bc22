"""File names made from user text: no path traversal, no reserved or clashing names, on any system.

Used for wiki pages named after data sources and the like. The result is one path component
of visible characters only (no control, bidi-override, zero-width or other invisible character)
that Windows, macOS, Linux, GitHub wikis and MkDocs all accept, never starts with a dot or an
underscore (GitHub wikis treat ``_Sidebar`` and friends as special), and differs from every name
already taken even on case-insensitive file systems.
"""

from __future__ import annotations

import re
import unicodedata

# Characters that separate paths, are refused by Windows, or have a meaning in Markdown links
# and wiki page names.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f\\/:*?\"<>|#%&{}$!'@+=`\[\]~^;,()\s.]+")
WINDOWS_RESERVED = frozenset(
    ["CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"]
    + [f"{dev}{n}" for dev in ("COM", "LPT") for n in [*"123456789", "¹", "²", "³"]]
)
MAX_CHARS = 60


def _key(name: str) -> str:
    """How file systems compare names: case-insensitively, after Unicode normalisation."""
    return unicodedata.normalize("NFKC", name).casefold()


def safe_stem(text: str, taken: set[str] | None = None, reserved: set[str] | frozenset[str] = frozenset()) -> str:
    """A file-name stem (no extension) from ``text``; adds it to ``taken`` (compared by :func:`_key`).

    ``reserved`` holds names the caller writes itself (``index``, ``Home``, ``_Sidebar``, ...).
    """
    name = unicodedata.normalize("NFC", str(text))
    # Invisible characters go: controls, bidi overrides (U+202E shows "txt.exe" as "exe.txt"),
    # zero-width and other format characters, BOMs, surrogates, private-use and unassigned ones.
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"-{2,}", "-", name).strip("-_")
    name = name[:MAX_CHARS].rstrip("-_") or "page"
    blocked = {_key(r) for r in reserved}
    if name.upper() in WINDOWS_RESERVED or _key(name) in blocked:
        name = f"page-{name}"
    used = taken if taken is not None else set()
    candidate, n = name, 2
    while _key(candidate) in used or _key(candidate) in blocked:
        candidate = f"{name}-{n}"
        n += 1
    used.add(_key(candidate))
    return candidate
