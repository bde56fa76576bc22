"""A cache of parsed content files, so a start does not parse every YAML file again.

Parsing and checking the shipped YAML is most of what loading the content library costs (about
70 ms of 90 ms, more on a cold start). The parsed data of each file is kept in one JSON file in
:func:`app.core.paths.cache_dir`, keyed by the file's path and a hash of its bytes (not its modification time, whose
granularity is a few milliseconds): an edited, replaced or moved file is parsed again. Only data that JSON carries unchanged is cached (a YAML
file with integer keys or dates is simply parsed each time). The cache is only ever a shortcut: a
missing, damaged or unwritable cache file means parsing, never an error.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from app.core import paths

if TYPE_CHECKING:
    from jinja2 import BytecodeCache

CACHE_FILE = "content-cache.json"
MESSAGES_CACHE_FILE = "messages-cache.json"  # the app's message catalogue (resources/messages.yaml)
FORMAT = 1
T = TypeVar("T")


def _as_is(data: Any) -> Any:
    return data


class ParsedCache:
    """Parsed data by file; ``read`` returns the cached data or parses and remembers it."""

    def __init__(self, location: Path, max_bytes: int) -> None:
        self.location = location
        self.max_bytes = max_bytes
        self.entries: dict[str, dict[str, Any]] = {}
        self.dirty = False
        try:
            stored = json.loads(location.read_text(encoding="utf-8"))
            if isinstance(stored, dict) and stored.get("format") == FORMAT and isinstance(stored.get("files"), dict):
                self.entries = stored["files"]
        except (OSError, ValueError, RecursionError):  # unreadable, damaged, nested too deep: parsed again and rewritten
            self.dirty = True

    def _key(self, path: Path) -> str | None:
        try:
            if path.stat().st_size > self.max_bytes:
                return None  # parse() says it is too large
            return hashlib.blake2b(path.read_bytes(), digest_size=16).hexdigest()
        except OSError:
            return None

    def read(self, path: Path, parse: Callable[[Path], Any], use: Callable[[Any], T] = _as_is) -> T:
        """What ``use`` makes of the parsed data of ``path`` (the data itself by default).

        ``use`` raises for data it cannot take: cached data it refuses (a cache file of another
        shape, edited or damaged) is parsed again from the file and written over; data just parsed
        that it refuses is the file's own error, raised."""
        key = self._key(path)
        entry = self.entries.get(str(path))
        if key is not None and isinstance(entry, dict) and entry.get("key") == key and "data" in entry:
            try:
                return use(entry["data"])
            except Exception:  # not as this version writes it: a shortcut is never an error
                del self.entries[str(path)]
                self.dirty = True
        data = parse(path)  # raises for a broken file: nothing is cached for it
        used = use(data)
        if key is not None and self._keeps(data):
            self.entries[str(path)] = {"key": key, "data": data}
            self.dirty = True
        return used

    @staticmethod
    def _keeps(data: Any) -> bool:
        try:
            return bool(json.loads(json.dumps(data, ensure_ascii=False)) == data)
        except (TypeError, ValueError, RecursionError):
            return False

    def save(self) -> None:
        if not self.dirty:
            return
        self.entries = {name: entry for name, entry in self.entries.items() if Path(name).is_file()}
        try:
            self.location.parent.mkdir(exist_ok=True)  # (never the data folder itself: a chosen one gone stays gone)
            partial = self.location.with_name(f"{self.location.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps({"format": FORMAT, "files": self.entries}, ensure_ascii=False), encoding="utf-8")
            os.replace(partial, self.location)
            self.dirty = False
        except OSError:
            pass  # a read-only data folder: parse next time


def open_cache(max_bytes: int, name: str = CACHE_FILE) -> ParsedCache:
    """The cache file ``name`` in the cache folder: one per reader, so that one never drops another's entries."""
    return ParsedCache(paths.cache_dir() / name, max_bytes)


TEMPLATE_CACHE = "templates"  # compiled Jinja templates, beside the parsed content


def template_bytecode_cache(setting: str) -> BytecodeCache | None:
    """Compiled Jinja templates of one environment ``setting`` kept between runs (compiling the
    proposal's templates was most of its first preview at start: 63 ms of the first render, 12 ms
    of later ones), or None when no private folder can be had.

    Jinja keys each entry by the template's file and a checksum of its text, so an edited template
    is compiled again; it does not know the environment's settings (autoescaping is compiled in),
    so each setting, app version and Jinja version has a folder of its own. Like the parsed content
    it is only a shortcut: an entry that cannot be read or written means compiling, never an error."""
    from jinja2 import FileSystemBytecodeCache
    from jinja2.bccache import Bucket

    class QuietCache(FileSystemBytecodeCache):
        def load_bytecode(self, bucket: Bucket) -> None:
            try:
                if not _ours(Path(self._get_cache_filename(bucket))):
                    return  # compiled again, and written over by this user's own entry
                super().load_bytecode(bucket)
            except Exception:  # cut short, damaged, unreadable (pickle and marshal raise many kinds)
                bucket.reset()

        def dump_bytecode(self, bucket: Bucket) -> None:
            try:
                super().dump_bytecode(bucket)
            except OSError:
                pass  # a read-only data folder: compiled again next time

    import jinja2

    from app import __version__

    # Compiled code calls the app's filters and Jinja's runtime: a new version of either compiles again.
    templates = paths.cache_dir() / TEMPLATE_CACHE
    folder = templates / f"{setting}-{__version__}-jinja{jinja2.__version__}"
    try:
        paths.cache_dir().mkdir(exist_ok=True)  # (never the data folder itself)
        if not (_private_folder(templates) and _private_folder(folder)):
            return None
    except OSError:
        return None
    return QuietCache(str(folder))


def _private_folder(path: Path) -> bool:
    """``path`` made if missing, a folder of this user's (not a link), nobody else's to write in:
    made so when it is this user's (a umask of 002 makes folders group-writable). Another user's
    folder, or a link, is not used."""
    path.mkdir(mode=0o700, exist_ok=True)
    if not hasattr(os, "getuid"):  # Windows: the data folder is in the user's own profile
        return True
    info = path.lstat()
    if stat.S_ISLNK(info.st_mode) or not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
        return False
    if info.st_mode & 0o077:
        path.chmod(0o700)  # whatever another user may have put inside is checked entry by entry (_ours)
    return True


def _ours(path: Path) -> bool:
    """An entry the app may load: compiled templates are code, so only files of this user's that
    nobody else may write to (a data folder that sat on a shared drive, say), as Jinja checks its
    own default folder."""
    if not hasattr(os, "getuid"):  # Windows: the data folder is in the user's own profile
        return True
    try:
        info = path.lstat()
    except FileNotFoundError:
        return True  # nothing there yet: the entry is compiled and written by this user
    except OSError:
        return False
    return info.st_uid == os.getuid() and not info.st_mode & 0o022 and not stat.S_ISLNK(info.st_mode)
