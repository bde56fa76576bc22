"""Refresh and compile the UI translations (``make i18n``): Japanese, and English plurals.

UI strings are English in the code (``tr()`` / ``QCoreApplication.translate``). They are split
into one ``.ts`` file per feature (the ``app/ui/NAME/`` package) and ``core`` for the shell
(the modules directly in ``app/ui``), so that work on different pages never collides in one file. Each ``.ts``
is compiled to a ``.qm`` the app loads at start.

A count in a sentence is ``tr("%n task(s) moved.", "", n)`` (Qt's numerus form): Japanese gives one
form, and English two (``resources/i18n/en``: only such strings, "1 task moved." / "3 tasks moved."),
set with ``--fill`` from a list ``["%n task moved.", "%n tasks moved."]``.

    python packaging/i18n.py           # lupdate + lrelease
    python packaging/i18n.py --check   # exit 1 when a string has no Japanese translation
    python packaging/i18n.py --fill pairs.json   # set translations from {"English": "日本語"}
                                                 # (a list: the English plural forms, one and many)
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
PLURALS = ROOT / "resources" / "i18n" / "en"  # English: the plural forms only


def _text(translation: ET.Element | None) -> str | None:
    """A finished translation's text (a numerus one's forms joined by a newline); None: not finished."""
    if translation is None or translation.get("type") in ("unfinished", "vanished", "obsolete"):
        return None
    forms = translation.findall("numerusform")
    text = "\n".join(f.text or "" for f in forms) if forms else (translation.text or "")
    return text if text.strip() and all((f.text or "").strip() for f in forms) else None


def _set_text(translation: ET.Element, text: str) -> bool:
    """Give ``translation`` ``text`` (a numerus one: its forms, a newline between); True when it changed."""
    forms = translation.findall("numerusform")
    before = _text(translation), translation.get("type")
    if forms:
        values = text.split("\n")
        for n, form in enumerate(forms):
            form.text = values[min(n, len(values) - 1)]
    else:
        translation.text = text
    translation.attrib.pop("type", None)
    return (_text(translation), translation.get("type")) != before


def groups() -> dict[str, list[Path]]:
    result: dict[str, list[Path]] = {"core": []}
    for path in sorted(UI.rglob("*.py")):
        rel = path.relative_to(UI).parts
        result.setdefault(rel[0] if len(rel) > 1 else "core", []).append(path)
    return result


def translations(folder: Path = OUT) -> dict[tuple[str, str], str]:
    """The finished translations in the .ts files now, by (context, source): kept when files regroup."""
    found = {}
    for ts in folder.glob("*.ts"):
        for context in ET.parse(ts).getroot().iter("context"):
            name = context.findtext("name") or ""
            for message in context.iter("message"):
                text = _text(message.find("translation"))
                if text is not None:
                    found[(name, message.findtext("source") or "")] = text
    return found


def tool(name: str) -> str:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else name


def update() -> None:
    for folder, lang, only in ((OUT, "ja", ()), (PLURALS, "en", ("-pluralonly",))):
        folder.mkdir(parents=True, exist_ok=True)
        known = translations(folder)
        wanted = set()
        for group, files in groups().items():
            ts = folder / f"{group}.ts"
            subprocess.run(
                [tool("pyside6-lupdate"), *map(str, files), "-ts", str(ts), "-source-language", "en",
                 "-target-language", lang, *only, "-no-obsolete", "-silent", "-locations", "none"],
                check=True,
            )
            if only and next(ET.parse(ts).getroot().iter("message"), None) is None:
                ts.unlink()  # no plural in this group
                continue
            wanted.add(ts.name)
            _restore(ts, known)
            subprocess.run([tool("pyside6-lrelease"), "-silent", str(ts), "-qm", str(ts.with_suffix(".qm"))], check=True)
        for stale in folder.glob("*.ts"):
            if stale.name not in wanted:
                stale.unlink()
        for stale in folder.glob("*.qm"):
            if stale.with_suffix(".ts").name not in wanted:
                stale.unlink()


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
            if _text(translation) is None:
                changed = _set_text(translation, text) or changed
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
            if _text(message.find("translation")) is None:
                missing.append(f"{ts.parent.name}/{ts.name}: {name}: {message.findtext('source')!r}")
    return missing


def fill(pairs: dict[str, str | list[str]], overwrite: bool = False) -> int:
    """Translate the untranslated entries whose source text is in ``pairs`` (in any context): a text
    is the Japanese; a list, the English plural forms (one, many).

    Existing translations stay as they are unless ``overwrite``: the same English word may
    rightly read differently on two pages.
    """
    count = 0
    for ts in sorted([*OUT.glob("*.ts"), *PLURALS.glob("*.ts")]):
        tree = ET.parse(ts)
        changed = False
        for message in tree.getroot().iter("message"):
            source = message.findtext("source")
            wanted = pairs.get(source or "")
            if wanted is None or isinstance(wanted, list) != (ts.parent == PLURALS):
                continue
            translation = message.find("translation")
            if translation is None:
                translation = ET.SubElement(message, "translation")
            if _text(translation) is not None and not overwrite:
                continue
            if _set_text(translation, "\n".join(wanted) if isinstance(wanted, list) else wanted):
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
    missing = [m for ts in sorted([*OUT.glob("*.ts"), *PLURALS.glob("*.ts")]) for m in untranslated(ts)]
    for line in missing:
        print(f"untranslated: {line}", file=sys.stderr)
    return 1 if (args.check and missing) else 0


if __name__ == "__main__":
    sys.exit(main())
