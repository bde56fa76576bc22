"""Checklist files load into models; broken files give errors naming file, item and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.content.loader import load_file, load_library
from app.core.content.model import AnswerKind
from app.core.errors import ContentError

GOOD = """\
type: checklist
schema: 1
id: mine
version: 2
title: {ja: 自分用, en: Mine}
sections:
  - id: s1
    title: {ja: 節, en: Section}
    items:
      - id: mine.q1
        label: {ja: 質問, en: Question}
        help: {ja: ヘルプ, en: Help}
        kind: choice
        options:
          - {id: a, label: {ja: あ, en: A}}
          - {id: b, label: {ja: い, en: B}}
        now_later: true
        tags: [x]
      - id: mine.q2
        label: {ja: 表, en: Table}
        kind: table
        columns:
          - {id: c1, label: {ja: 列, en: Column}, kind: number}
"""


def write(tmp_path: Path, text: str, name: str = "mine.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_good_file_loads_with_both_languages(tmp_path: Path) -> None:
    checklist = load_file(write(tmp_path, GOOD))
    q1 = checklist.item("mine.q1")
    assert q1 is not None and q1.kind == AnswerKind.CHOICE and q1.now_later
    assert q1.label.get("ja") == "質問" and q1.label.get("en") == "Question"
    assert [i.id for i in checklist.walk_items()] == ["mine.q1", "mine.q2"]


@pytest.mark.parametrize(
    ("change", "item", "problem"),
    [
        (("kind: choice", "kind: sometimes"), "mine.q1", "kind"),
        (("        options:\n          - {id: a, label: {ja: あ, en: A}}\n          - {id: b, label: {ja: い, en: B}}\n", ""), "mine.q1", "needs options"),
        (("id: mine.q2", "id: mine.q1"), None, "duplicate id 'mine.q1'"),
        (("id: mine.q2", "id: other.q2"), None, "must start with the checklist id"),
        (("label: {ja: 質問, en: Question}", "label: {}"), "mine.q1", "needs a text in ja or en"),
        (("kind: number", "kind: choice"), "c1", "choice column without options"),
        (("version: 2", "version: 0"), None, "version"),
        (("        tags: [x]", "        colour: red"), "mine.q1", "colour"),
        (("kind: number}", "kind: number, unit_one: {en: person}}"), "c1", "unit_one without a unit"),
    ],
)
def test_broken_files_name_the_file_the_item_and_the_problem(tmp_path: Path, change, item, problem) -> None:
    path = write(tmp_path, GOOD.replace(*change))
    with pytest.raises(ContentError) as caught:
        load_file(path)
    message = str(caught.value)
    assert message.startswith(str(path))
    assert problem in message
    if item:
        assert caught.value.item == item


def test_invalid_yaml_reports_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD.replace("title: {ja: 節, en: Section}", "title: {ja: 節, en: Section"))
    with pytest.raises(ContentError, match=r"line \d+: not valid YAML"):
        load_file(path)


def test_unknown_type_and_non_mapping_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match="unknown 'type' 'recipe'"):
        load_file(write(tmp_path, GOOD.replace("type: checklist", "type: recipe")))
    with pytest.raises(ContentError, match=r"'type' is missing: say what the file is \(known: .*checklist") as missing:
        load_file(write(tmp_path, GOOD.replace("type: checklist\n", "")))
    assert "None" not in str(missing.value)
    with pytest.raises(ContentError, match="expected a mapping"):
        load_file(write(tmp_path, "- just\n- a list\n"))


def test_a_type_that_is_not_a_name_is_refused_with_the_known_types(tmp_path: Path) -> None:
    with pytest.raises(ContentError, match=r"unknown 'type' \['checklist'\] \(known: .*checklist"):
        load_file(write(tmp_path, "type: [checklist]\nid: x\n"))


def test_the_shipped_content_is_valid(library) -> None:
    assert "hearing" in library.checklists
    assert library.problems == []


def test_a_user_file_adds_a_checklist_and_a_broken_one_is_reported_not_fatal(tmp_path: Path, library) -> None:
    shipped = Path(__file__).resolve().parent.parent / "checklists"
    user = tmp_path / "user"
    user.mkdir()
    write(user, GOOD)
    write(user, "type: checklist\nid: broken\n", "broken.yaml")
    loaded = load_library([shipped, user])
    assert "mine" in loaded.checklists and "hearing" in loaded.checklists
    assert len(loaded.problems) == 1 and "broken.yaml" in str(loaded.problems[0])


def test_a_user_file_may_replace_a_shipped_checklist_by_id(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    write(first, GOOD)
    write(second, GOOD.replace("version: 2", "version: 3").replace("mine.q2", "mine.q3"))
    loaded = load_library([first, second])
    assert loaded.checklists["mine"].version == 3
    assert loaded.item("mine.q3") is not None and loaded.item("mine.q2") is None


@pytest.mark.parametrize("shape", ["alias_bomb", "deep", "huge"])
def test_a_hostile_content_file_is_refused_quickly_with_one_line(tmp_path: Path, shape: str) -> None:
    import time

    path = tmp_path / f"{shape}.yaml"
    if shape == "alias_bomb":  # 9 ** 8 items from a 1 kB file, each a valid-looking item
        lines = ["type: checklist", "id: bomb", "version: 1", "x: &i0 {id: a, label: {ja: a}, kind: text}"]
        lines += [f"l{n}: &i{n} [" + ", ".join([f"*i{n - 1}"] * 9) + "]" for n in range(1, 9)]
        path.write_text("\n".join([*lines, "sections: *i8"]) + "\n", encoding="utf-8")
    elif shape == "deep":
        path.write_text("type: checklist\nid: deep\nx: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    else:
        path.write_text("type: checklist\nid: huge\nx: '" + "a" * 6_000_000 + "'\n", encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(ContentError) as refused:
        load_file(path)
    assert time.perf_counter() - started < 5
    assert str(path) in str(refused.value) and "\n" not in str(refused.value)
