"""File names made from user text: no path traversal, no reserved or clashing names, on any system.

The one place a name typed by a user becomes a file or folder name: wiki pages named after data
sources and the like (:func:`safe_stem`), and the name every export proposes from the project's
name (:func:`export_file_name`, used by the pages). The result is one path component
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


def _clean(text: str) -> str:
    """``text`` as visible characters safe in a file name, at most :data:`MAX_CHARS` of them ("" if none)."""
    name = unicodedata.normalize("NFC", str(text))
    # Invisible characters go: controls, bidi overrides (U+202E shows "txt.exe" as "exe.txt"),
    # zero-width and other format characters, BOMs, surrogates, private-use and unassigned ones.
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"-{2,}", "-", name).strip("-_")
    return name[:MAX_CHARS].rstrip("-_")


def safe_stem(text: str, taken: set[str] | None = None, reserved: set[str] | frozenset[str] = frozenset()) -> str:
    """A file-name stem (no extension) from ``text``; adds it to ``taken`` (compared by :func:`_key`).

    ``reserved`` holds names the caller writes itself (``index``, ``Home``, ``_Sidebar``, ...).
    """
    name = _clean(text) or "page"
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


def export_file_name(project_name: str, kind: str = "", suffix: str = "") -> str:
    """The name an export proposes: ``<project>-<kind><suffix>`` as one safe path component.

    Both parts are cleaned as :func:`safe_stem` cleans them, each cut on its own so that the kind
    and the suffix always survive a long project name; a part with nothing usable left is
    dropped (``proposal.pdf`` for a project named ``../``). ``suffix`` (``.pdf``, or "" for a
    folder) comes from the code, not from the user.
    """
    stem = "-".join(part for part in (_clean(project_name), _clean(kind)) if part) or "export"
    if stem.upper() in WINDOWS_RESERVED:
        stem = f"export-{stem}"
    return stem + suffix
