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
# Linux and macOS take a file name of at most 255 bytes of UTF-8 (60 flag emoji are 480): a part of a name is cut at
# MAX_BYTES too, and a proposed export name whole at NAME_BYTES, kind and suffix kept.
MAX_BYTES = 180
NAME_BYTES = 255
_REGIONAL_INDICATORS = "".join(chr(c) for c in range(0x1F1E6, 0x1F200))  # two make a flag: 🇯🇵


def _key(name: str) -> str:
    """How file systems compare names: case-insensitively, after Unicode normalisation."""
    return unicodedata.normalize("NFKC", name).casefold()


def _clean(text: str, max_bytes: int = MAX_BYTES) -> str:
    """``text`` as visible characters safe in a file name, at most :data:`MAX_CHARS` of them and ``max_bytes``
    bytes of UTF-8 ("" if none)."""
    name = unicodedata.normalize("NFC", str(text))
    # Invisible characters go: controls, bidi overrides (U+202E shows "txt.exe" as "exe.txt"),
    # zero-width and other format characters, BOMs, surrogates, private-use and unassigned ones.
    name = "".join(c for c in name if unicodedata.category(c)[0] != "C" and unicodedata.category(c) not in ("Zl", "Zp"))
    name = _UNSAFE.sub("-", name)
    name = re.sub(r"-{2,}", "-", name).strip("-_")
    return _cut(name, max_bytes).rstrip("-_")


def _cut(name: str, max_bytes: int) -> str:
    """``name`` cut between characters to at most :data:`MAX_CHARS` characters and ``max_bytes`` bytes of UTF-8;
    a flag (two regional indicators) is never cut in half."""
    kept = name[:MAX_CHARS].encode("utf-8")[: max(max_bytes, 0)].decode("utf-8", "ignore")
    if len(kept) < len(name) and name[len(kept)] in _REGIONAL_INDICATORS:
        run = len(kept) - len(kept.rstrip(_REGIONAL_INDICATORS))
        return kept[:-1] if run % 2 else kept
    return kept


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
    dropped (``proposal.pdf`` for a project named ``../``). The whole is at most :data:`NAME_BYTES` bytes of
    UTF-8 (the project's part cut to leave room for the rest). ``suffix`` (``.pdf``, or "" for a
    folder) comes from the code, not from the user.
    """
    kind = _clean(kind)
    room = NAME_BYTES - len(f"export--{kind}{suffix}".encode())  # what the project's part leaves (with a reserved name's prefix)
    stem = "-".join(part for part in (_clean(project_name, min(MAX_BYTES, room)), kind) if part) or "export"
    if stem.upper() in WINDOWS_RESERVED:
        stem = f"export-{stem}"
    return stem + suffix
