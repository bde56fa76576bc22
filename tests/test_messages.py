"""The core's messages: every id the code raises is in resources/messages.yaml in both languages,
and users see them in their language with items named by their label, never their id."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from app.core.errors import AnswerValueError, UserError
from app.core.messages import catalogue, placeholders
from app.core.projects import ProjectService
from app.hearing.answers import AnswerService
from app.main import main

APP = Path(__file__).resolve().parent.parent / "app"
DYNAMIC = ("answer.",)  # ids built from a problem name (AnswerValueError)


def keys_in_code() -> dict[str, str]:
    """Every ``key="..."`` passed to a call in app/, with where it is."""
    found = {}
    for path in APP.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call):
                for kw in node.keywords:
                    if kw.arg == "key" and isinstance(kw.value, ast.Constant) and isinstance(kw.value.value, str):
                        found[kw.value.value] = f"{path.relative_to(APP.parent)}:{node.lineno}"
    return found


def test_every_message_id_in_the_code_is_in_the_catalogue_in_both_languages() -> None:
    used = keys_in_code()
    assert used, "the scan finds the ids the code raises"
    missing = {key: where for key, where in used.items() if key not in catalogue()}
    assert missing == {}


def test_both_languages_of_a_message_have_the_same_placeholders() -> None:
    for key, entry in catalogue().items():
        assert set(entry) == {"en", "ja"}, key
        assert placeholders(entry["en"]) == placeholders(entry["ja"]), key


def test_no_message_in_the_catalogue_is_unused() -> None:
    used = keys_in_code()
    unused = [key for key in catalogue() if key not in used and not key.startswith(DYNAMIC)]
    assert unused == []


def test_a_bad_answer_names_the_item_by_its_label_in_the_users_language(workspace, demo) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    with pytest.raises(AnswerValueError) as caught:
        answers.update(demo.id, "hearing.prereq.users_ds", value="二人")
    assert caught.value.text("ja", workspace.library) == "利用者数(DS): 「二人」は数値ではありません"
    assert caught.value.text("en", workspace.library) == "Users: data scientists: “二人” is not a number"
    assert "hearing.prereq" not in caught.value.text("ja", workspace.library)


def test_a_choice_lists_the_options_by_their_labels(workspace, demo) -> None:
    item = next(i for i in workspace.library.all_items() if i.kind == "choice" and i.options)
    with pytest.raises(AnswerValueError) as caught:
        AnswerService(workspace.db, workspace.library).update(demo.id, item.id, value="たぶんあり")
    text = caught.value.text("ja", workspace.library)
    assert text.startswith(item.label.get("ja")) and "「たぶんあり」" in text
    assert "、".join(o.label.get("ja") for o in item.options) in text


def test_a_project_error_reads_in_japanese_and_english(workspace) -> None:
    projects = ProjectService(workspace.db)
    projects.create("顧客A PoC")
    with pytest.raises(UserError) as caught:
        projects.create("顧客A PoC")
    assert caught.value.text("ja") == "「顧客A PoC」という名前のプロジェクトはすでにあります"
    assert str(caught.value) == "a project named “顧客A PoC” already exists"


def test_the_cli_prints_one_line_in_the_users_language(db_path: Path, capsys, monkeypatch) -> None:
    assert main(["--db", str(db_path), "project", "new", "顧客A"]) == 0
    capsys.readouterr()
    assert main(["--db", str(db_path), "project", "new", "顧客A"]) == 2  # the suite's system language is ja
    assert capsys.readouterr().err == "mlops-kickoff: エラー: 「顧客A」という名前のプロジェクトはすでにあります\n"
    assert main(["--db", str(db_path), "--lang", "en", "project", "new", "顧客A"]) == 2
    assert capsys.readouterr().err == "mlops-kickoff: error: a project named “顧客A” already exists\n"
    code = main(["--db", str(db_path), "export", "proposal", "--project", "顧客A", "--out", "proposal.docx"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "「proposal.docx」" in err and ".md、.html、.pdf" in err


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("２", 2), ("２，０００", 2000), ("1,500", 1500), ("－３", None), ("2.5", 2.5)],
)
def test_numbers_typed_with_full_width_digits_are_numbers(workspace, demo, typed, stored) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    if stored is None:  # －３ read as the number -3: below the count's least (0), said as such, not as "not a number"
        with pytest.raises(UserError) as refused:
            answers.update(demo.id, "hearing.prereq.users_ds", value=typed)
        assert "0 より小さい" in refused.value.text("ja")
        return
    answers.update(demo.id, "hearing.prereq.users_ds", value=typed)
    assert answers.answer(demo.id, "hearing.prereq.users_ds").value == stored


@pytest.mark.parametrize("typed", ["2026/12/21", "2026-12-21", "2026年12月21日", "２０２６/１２/２１"])
def test_dates_typed_the_japanese_way_are_dates(workspace, demo, typed) -> None:
    item = next(i for i in workspace.library.all_items() if i.kind == "date")
    answers = AnswerService(workspace.db, workspace.library)
    answers.update(demo.id, item.id, value=typed)
    assert answers.answer(demo.id, item.id).value == "2026-12-21"


def test_a_date_that_is_not_one_says_which_forms_are(workspace, demo) -> None:
    item = next(i for i in workspace.library.all_items() if i.kind == "date")
    with pytest.raises(AnswerValueError) as caught:
        AnswerService(workspace.db, workspace.library).update(demo.id, item.id, value="来週")
    assert caught.value.text("ja", workspace.library).endswith("「来週」は日付ではありません(2026/12/21 や 2026-12-21 の形で入力してください)")


def test_an_english_count_takes_the_noun_its_number_asks_for() -> None:
    """"1 task(s) moved" read as a form, not a sentence: the English messages choose the word by count
    (the number given as a number or as its text with thousands separators); Japanese is unchanged."""
    from app.core.messages import render

    assert render("resources.level_applied", {"count": 1}, "en") == "1 task moved"
    assert render("resources.level_applied", {"count": 2}, "en") == "2 tasks moved"
    assert render("resources.level_applied", {"count": 0}, "en") == "0 tasks moved"
    said = render("wbs.not_in_sheet", {"count": "1", "codes": "2.1"}, "en")
    assert said.startswith("1 task of the project is not in the sheet (2.1): it is kept"), said
    assert render("wbs.not_in_sheet", {"count": "1,000", "codes": "2.1"}, "en").startswith("1,000 tasks of the project are not")
    assert render("resources.level_applied", {"count": 1}, "ja") == render("resources.level_applied", {"count": 2}, "ja").replace("2", "1")
    assert not [key for key, entry in catalogue().items() if "(s)" in entry["en"] or "(es)" in entry["en"]]
