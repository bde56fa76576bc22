"""The parsed-content cache: a second start reads no YAML, an edit is seen at once, a broken cache is no error."""

from __future__ import annotations

from pathlib import Path

import pytest

import app.features  # noqa: F401  (registers the content types)
from app.core import paths
from app.core.content import loader
from app.core.content.cache import CACHE_FILE

CHECKLIST = """type: checklist
id: own
version: 1
title: {{ja: 自社, en: Own}}
sections:
  - id: s
    title: {{ja: 節, en: Section}}
    items:
      - id: own.q1
        label: {{ja: {label}, en: Question}}
"""


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    seen: list[Path] = []
    real = loader.read_yaml

    def counting(path: Path):
        seen.append(path)
        return real(path)

    monkeypatch.setattr(loader, "read_yaml", counting)
    return seen


def _own(tmp_path: Path, label: str) -> Path:
    folder = tmp_path / "content"
    folder.mkdir(exist_ok=True)
    (folder / "own.yaml").write_text(CHECKLIST.format(label=label), encoding="utf-8")
    return folder


def test_second_load_parses_no_yaml(isolated_home: Path, parses: list[Path]) -> None:
    first = loader.load_library()
    assert parses, "the first load parses the files"
    parses.clear()
    second = loader.load_library()
    assert parses == []
    assert second.checklists.keys() == first.checklists.keys()
    assert [i.label.ja for i in second.all_items()] == [i.label.ja for i in first.all_items()]
    assert (paths.cache_dir() / CACHE_FILE).is_file()


def test_an_edit_is_seen_at_once_even_at_the_same_size(isolated_home: Path, tmp_path: Path, parses: list[Path]) -> None:
    folder = _own(tmp_path, "最初")
    assert loader.load_library([folder]).item("own.q1").label.ja == "最初"
    _own(tmp_path, "二番")  # same size, same millisecond: the hash tells them apart
    assert loader.load_library([folder]).item("own.q1").label.ja == "二番"
    assert len(parses) == 2


def test_a_damaged_cache_is_parsed_around(isolated_home: Path, tmp_path: Path) -> None:
    folder = _own(tmp_path, "最初")
    loader.load_library([folder])
    (paths.cache_dir() / CACHE_FILE).write_text("{not json", encoding="utf-8")
    assert loader.load_library([folder]).item("own.q1").label.ja == "最初"
    (paths.cache_dir() / CACHE_FILE).write_text('{"format": 1, "files": {"x": 3}}', encoding="utf-8")
    assert loader.load_library([folder]).item("own.q1").label.ja == "最初"


def test_a_broken_file_is_reported_every_time(isolated_home: Path, tmp_path: Path) -> None:
    folder = _own(tmp_path, "最初")
    (folder / "own.yaml").write_text("type: checklist\nid: [", encoding="utf-8")
    for _ in range(2):
        library = loader.load_library([folder])
        assert len(library.problems) == 1 and "own.yaml" in library.problems[0].path


def test_data_json_would_change_is_not_cached(isolated_home: Path, tmp_path: Path, parses: list[Path]) -> None:
    from app.core.content.cache import ParsedCache

    source = tmp_path / "ints.yaml"
    source.write_text("1: one\n", encoding="utf-8")
    cache = ParsedCache(tmp_path / "c.json", 1_000)
    assert cache.read(source, loader.read_yaml) == {1: "one"}
    assert cache.read(source, loader.read_yaml) == {1: "one"}  # parsed again, keys still integers
    assert parses == [source, source]
    assert cache.entries == {}


def test_the_message_catalogue_comes_from_the_cache_and_a_damaged_one_is_parsed_again(isolated_home: Path) -> None:
    """The messages a start shows: parsed once, then read from the cache folder (no YAML); whatever
    the cache file holds, the texts are the file's."""
    from app.core import messages
    from app.core.content.cache import MESSAGES_CACHE_FILE

    messages.catalogue.cache_clear()
    try:
        parsed = messages.catalogue()
        assert parsed["file.no_folder"]["ja"] and parsed["file.no_folder"]["en"]
        assert (paths.cache_dir() / MESSAGES_CACHE_FILE).is_file()
        messages.catalogue.cache_clear()
        real = messages._parse_catalogue
        calls: list[Path] = []
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(messages, "_parse_catalogue", lambda path: calls.append(path) or real(path))
            assert messages.catalogue() == parsed and calls == []  # from the cache
            for damage in ("{not json", '{"format": 1, "files": {"x": 3}}'):
                messages.catalogue.cache_clear()
                (paths.cache_dir() / MESSAGES_CACHE_FILE).write_text(damage, encoding="utf-8")
                assert messages.catalogue() == parsed
            assert len(calls) == 2
    finally:
        messages.catalogue.cache_clear()


def test_a_cache_entry_of_the_wrong_shape_is_parsed_again_and_written_over(isolated_home: Path, tmp_path: Path) -> None:
    """A cache file that reads as JSON but whose data for a file is not what the file gives (nested too
    deep, a list for the messages, a checklist's fields gone) is no error: the file is parsed again
    and the cache rewritten, so the next start reads it from the cache again."""
    import json

    from app.core import messages
    from app.core.content.cache import MESSAGES_CACHE_FILE

    messages.catalogue.cache_clear()
    cache_file = paths.cache_dir() / MESSAGES_CACHE_FILE
    try:
        parsed = messages.catalogue()
        stored = json.loads(cache_file.read_text(encoding="utf-8"))
        (name,) = stored["files"]
        for data in (["file.no_folder"], {"file.no_folder": ["ja", "en"]}, {"file.no_folder": {"ja": 3}}):
            messages.catalogue.cache_clear()
            cache_file.write_text(json.dumps({**stored, "files": {name: {**stored["files"][name], "data": data}}}), encoding="utf-8")
            assert messages.catalogue() == parsed
            assert json.loads(cache_file.read_text(encoding="utf-8")) == stored  # written over
        messages.catalogue.cache_clear()
        cache_file.write_text("[" * 100_000, encoding="utf-8")
        assert messages.catalogue() == parsed and json.loads(cache_file.read_text(encoding="utf-8")) == stored
    finally:
        messages.catalogue.cache_clear()

    folder = _own(tmp_path, "最初")
    loader.load_library([folder])
    content = paths.cache_dir() / CACHE_FILE
    stored = json.loads(content.read_text(encoding="utf-8"))
    (name,) = stored["files"]
    for data in ([], {"type": "checklist", "id": "own"}, {"type": ["checklist"]}):
        content.write_text(json.dumps({**stored, "files": {name: {**stored["files"][name], "data": data}}}), encoding="utf-8")
        library = loader.load_library([folder])
        assert library.problems == [] and library.item("own.q1").label.ja == "最初"
        assert json.loads(content.read_text(encoding="utf-8")) == stored
