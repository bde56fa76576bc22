"""Refresh and compile the Japanese UI translation (``make i18n``).

UI strings are English in the code (``tr()`` / ``QCoreApplication.translate``). They are split
into one ``.ts`` file per feature (the ``app/ui/NAME/`` package) and ``core`` for the shell
(the modules directly in ``app/ui``), so that work on different pages never collides in one file. Each ``.ts``
is compiled to a ``.qm`` the app loads at start.

    python packaging/i18n.py           # lupdate + lrelease
    python packaging/i18n.py --check   # exit 1 when a string has no Japanese translation
    python packaging/i18n.py --fill pairs.json   # set translations from {"English": "日本語"}
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
UI = ROOT / "app" / "ui"
OUT = ROOT / "resources" / "i18n" / "ja"


def groups() -> dict[str, list[Path]]:
    result: dict[str, list[Path]] = {"core": []}
    for path in sorted(UI.rglob("*.py")):
        rel = path.relative_to(UI).parts
        result.setdefault(rel[0] if len(rel) > 1 else "core", []).append(path)
    return result


def translations() -> dict[tuple[str, str], str]:
    """The finished translations in the .ts files now, by (context, source): kept when files regroup."""
    found = {}
    for ts in OUT.glob("*.ts"):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is not None and (translation.text or "").strip() and translation.get("type") != "unfinished":
                    found[(name, message.findtext("source") or "")] = translation.text or ""
    return found


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def update() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    known = translations()
    wanted = set()
    for group, files in groups().items():
        ts = OUT / f"{group}.ts"
        wanted.add(ts.name)
        subprocess.run(
            [tool("pyside6-lupdate"), *map(str, files), "-ts", str(ts), "-source-language", "en",
             "-target-language", "ja", "-no-obsolete", "-silent", "-locations", "none"],
            check=True,
        )
        _restore(ts, known)
        subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
    for stale in OUT.glob("*.ts"):
        if stale.name not in wanted:
            stale.unlink()
            stale.with_suffix(".qm").unlink(missing_ok=True)


def _restore(ts: Path, known: dict[tuple[str, str], str]) -> bool:
    """Give untranslated entries the translation the same (context, source) had in any .ts file."""
    tree = ET.parse(ts)
    changed = False
    for context in tree.getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            text = known.get((name, message.findtext("source") or ""))
            translation = message.find("translation")
            if text is None or translation is None:
                continue
            if not (translation.text or "").strip() or translation.get("type") == "unfinished":
                translation.text = text
                translation.attrib.pop("type", None)
                changed = True
    if changed:
        _write(tree, ts)
    return changed


def _write(tree: ET.ElementTree, ts: Path) -> None:
    tree.write(ts, encoding="utf-8", xml_declaration=True)
    # ElementTree drops the doctype lupdate writes; put it back so the file stays as Qt makes it.
    text = ts.read_text(encoding="utf-8")
    if "<!DOCTYPE TS>" not in text:
        ts.write_text(text.replace("?>", "?>\n<!DOCTYPE TS>", 1), encoding="utf-8")


def untranslated(ts: Path) -> list[str]:
    missing = []
    for context in ET.parse(ts).getroot().iter("context"):
        name = context.findtext("name")
        for message in context.iter("message"):
            translation = message.find("translation")
            if translation is None or not (translation.text or "").strip() or translation.get("type") == "unfinished":
                missing.append(f"{ts.name}: {name}: {message.findtext('source')!r}")
    return missing


def fill(pairs: dict[str, str], overwrite: bool = False) -> int:
    """Translate the untranslated entries whose source text is in ``pairs`` (in any context).

    Existing translations stay as they are unless ``overwrite``: the same English word may
    rightly read differently on two pages.
    """
    count = 0
    for ts in sorted(OUT.glob("*.ts")):
        tree = ET.parse(ts)
        changed = False
        for message in tree.getroot().iter("message"):
            source = message.findtext("source")
            if source not in pairs:
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            finished = (translation.text or "").strip() and translation.get("type") != "unfinished"
            if finished and not overwrite:
                continue
            if translation.text != pairs[source] or translation.get("type"):
                translation.text = pairs[source]
                translation.attrib.pop("type", None)
                changed = True
                count += 1
        if changed:
            _write(tree, ts)
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="report untranslated strings and exit 1 if any")
    parser.add_argument("--fill", metavar="PAIRS.json", help="translate untranslated strings from a JSON object English -> Japanese")
    parser.add_argument("--overwrite", action="store_true", help="with --fill: also replace existing translations")
    args = parser.parse_args()
    if args.fill:
        import json

        update()
        print(f"filled {fill(json.loads(Path(args.fill).read_text(encoding='utf-8')), args.overwrite)} translation(s)")
    if not args.check:
        update()
    missing = [m for ts in sorted(OUT.glob("*.ts")) for m in untranslated(ts)]
    for line in missing:
        print(f"untranslated: {line}", file=sys.stderr)
    return 1 if (args.check and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
