"""Project-file imports, file writes, environment field rules and unsafe values speak the user's
language: each error reads in Japanese and in English with fields named by their label, and the CLI
prints it as one line (Japanese by default in the suite, English with --lang en) and exits 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from app.core.errors import FieldRefused, UnsafeValue, UserError
from app.core.files import quoting
from app.core.files.atomic import write_text
from app.core.messages import Label, Message, render
from app.environment.service import EnvironmentService, form_in
from app.environment.templates import markdown_environment, render_template
from app.main import main
from app.projects import transfer


def cli(db_path: Path, capsys, *argv: str) -> tuple[int, str]:
    code = main(["--db", str(db_path), *argv])
    err = capsys.readouterr().err
    prefix = "mlops-kickoff: error: " if argv[:2] == ("--lang", "en") else "mlops-kickoff: エラー: "  # the tests run in Japanese
    assert err.count("\n") == 1 and err.startswith(prefix), err
    return code, err.removeprefix(prefix).rstrip("\n")


# --- labels inside messages ---------------------------------------------------------------------


def test_a_label_a_content_label_and_a_nested_message_render_in_the_messages_language(library) -> None:
    kind = next(k for k in form_in(library).data_kinds if k.id == "raw")
    cell = Message(key="environment.location_cell", kind=kind.label, column=Label(ja="パス", en="path"))
    assert render("field.not_text", {"field": cell, "value": "1"}, "ja") == "置き場所「生データ(受領データ)」のパス: 「1」は文字列ではありません"
    assert render("field.not_text", {"field": cell, "value": "1"}, "en") == "Storage location Raw data (as received), path: “1” is not text"


# --- project files ------------------------------------------------------------------------------


def test_a_project_file_that_is_not_json_reads_in_both_languages(workspace, tmp_path: Path) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"format": "mlops-kickoff-project",\n  "x": oops}', encoding="utf-8")
    with pytest.raises(UserError) as caught:
        transfer.import_file(workspace.db, bad)
    assert caught.value.text("ja") == f"{bad} は正しい JSON ではありません(2 行目の 8 文字目)。何も取り込んでいません"
    assert caught.value.text("en") == f"{bad} is not valid JSON (line 2, column 8); nothing was imported"


@pytest.mark.parametrize(
    ("text", "ja", "en"),
    [
        ('{"a": 1, "a": 2}', "{f}: 1 つのオブジェクトに「a」が 2 回あります(どちらが正しいか分かりません)。何も取り込んでいません",
         "{f} names “a” twice in one object (which one is meant is unclear); nothing was imported"),
        ('{"a": NaN}', "{f}: JSON では使えない数値 NaN が含まれています。何も取り込んでいません",
         "{f} holds NaN, which is not a number JSON allows; nothing was imported"),
        ("[" * 40 + "]" * 40, "{f}: 入れ子が深すぎます(32 段まで)。何も取り込んでいません",
         "{f} is nested too deep (more than 32 levels); nothing was imported"),
        ("[1, 2]", "{f} は MLOps Kickoff のプロジェクトファイルではありません。何も取り込んでいません",
         "{f} is not an MLOps Kickoff project file; nothing was imported"),
        ('{"format": "mlops-kickoff-project", "schema_version": 99}',
         "{f} のプロジェクトファイルのスキーマは 99 です。このアプリが読めるのは 1 までです。アプリを更新してください",
         "{f} has project-file schema 99; this app reads up to 1: update the app"),
    ],
    ids=["duplicate", "nan", "deep", "format", "schema"],
)
def test_a_refused_project_file_reads_in_both_languages(workspace, tmp_path: Path, text: str, ja: str, en: str) -> None:
    path = tmp_path / "case.json"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(UserError) as caught:
        transfer.import_file(workspace.db, path)
    assert (caught.value.text("ja"), caught.value.text("en")) == (ja.format(f=path), en.format(f=path))


def test_a_damaged_project_file_says_what_is_wrong_in_both_languages(workspace, demo) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    data["answers"][0]["item_id"] = "../../etc/passwd"
    with pytest.raises(UserError) as caught:
        transfer.import_data(workspace.db, data, source="x.json")
    assert caught.value.text("ja") == "x.json の回答が壊れています(使えない文字が含まれています。ファイルの answers.0.item_id)。何も取り込んでいません"
    assert caught.value.text("en") == "x.json is damaged: answers (holds characters that are not allowed there; in the file at answers.0.item_id); nothing was imported"


def test_the_same_answer_twice_is_named_not_told_in_database_words(workspace, demo) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    data["answers"].append(dict(data["answers"][0]))
    with pytest.raises(UserError) as caught:
        transfer.import_data(workspace.db, data, source="x.json")
    assert caught.value.text("ja") == "x.json の内容が矛盾しています(同じ項目への回答が 2 つあります)。何も取り込んでいません"
    assert caught.value.text("en") == "x.json contradicts itself: it holds the same answer to an item twice; nothing was imported"


def test_a_value_the_page_refuses_is_refused_on_import_with_the_fields_japanese_label(workspace, demo, db_path, tmp_path, capsys) -> None:
    data = transfer.export_data(workspace.db, demo.id)
    docs = [d for d in data["documents"] if d["kind"] != "environment"]
    data["documents"] = [*docs, {"kind": "environment", "data": {"values": {"repo_name": "my repo"}}, "updated_at": data["exported_at"]}]
    path = tmp_path / "hostile.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    workspace.close()
    code, err = cli(db_path, capsys, "project", "import", str(path))
    assert code == 2
    assert err == f"{path}: リポジトリ名: 「my repo」はここには使えません(ファイル名やコマンドに入る値です)。何も取り込んでいません"
    code, err = cli(db_path, capsys, "--lang", "en", "project", "import", str(path))
    assert code == 2
    assert err == f"{path}: Repository name: “my repo” does not fit here (it ends up in file names and commands); nothing was imported"


def test_the_cli_refuses_a_folder_as_a_project_file_in_the_users_language(db_path: Path, tmp_path: Path, capsys) -> None:
    code, err = cli(db_path, capsys, "project", "import", str(tmp_path))
    assert (code, err) == (2, f"{tmp_path} はフォルダーです。プロジェクトファイルを指定してください")
    code, err = cli(db_path, capsys, "--lang", "en", "project", "import", str(tmp_path))
    assert (code, err) == (2, f"{tmp_path} is a folder, not a project file")


# --- files and folders --------------------------------------------------------------------------


def test_file_write_errors_read_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(UserError) as caught:
        write_text(tmp_path, "x")
    assert caught.value.text("ja") == f"{tmp_path} はフォルダーです。ファイル名を指定してください"
    assert caught.value.text("en") == f"{tmp_path} is a folder; give a file name"
    with pytest.raises(UserError) as caught:
        write_text(tmp_path / "no" / "x.md", "x")
    assert caught.value.text("ja") == f"フォルダー {tmp_path / 'no'} がありません"
    assert caught.value.text("en") == f"folder {tmp_path / 'no'} does not exist"


def test_the_cli_names_a_missing_folder_in_the_users_language(db_path: Path, tmp_path: Path, demo, capsys) -> None:
    out = tmp_path / "no" / "wbs.xlsx"
    code, err = cli(db_path, capsys, "export", "wbs", "--project", str(demo.id), "--out", str(out))
    assert (code, err) == (2, f"フォルダー {out.parent} がありません")
    code, err = cli(db_path, capsys, "--lang", "en", "export", "wbs", "--project", str(demo.id), "--out", str(out))
    assert (code, err) == (2, f"folder {out.parent} does not exist")


def test_an_export_folder_that_is_someone_elses_is_refused_in_both_languages(workspace, demo, tmp_path: Path) -> None:
    from app.environment.wiki_export import export_wiki

    mine = tmp_path / "mine"
    mine.mkdir()
    (mine / "thesis.md").write_text("precious", encoding="utf-8")
    with pytest.raises(UserError) as caught:
        export_wiki(workspace, demo.id, mine, "ja")
    assert caught.value.text("ja") == (
        f"{mine} は空ではなく、以前に書き出したWikiでもありません。新しいフォルダーか空のフォルダーを選んでください")
    assert caught.value.text("en") == (
        f"{mine} is not empty and does not hold an earlier wiki export; choose a new or empty folder")


# --- environment fields -------------------------------------------------------------------------


def test_a_field_rule_names_the_field_by_its_label_in_each_language(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    with pytest.raises(FieldRefused) as caught:
        service.set_value(demo.id, "repo_name", "my repo")
    assert caught.value.text("ja") == "リポジトリ名: 「my repo」はここには使えません(ファイル名やコマンドに入る値です)"
    assert caught.value.text("en") == "Repository name: “my repo” does not fit here (it ends up in file names and commands)"
    assert caught.value.rule == "field.does_not_fit" and caught.value.value == "my repo"
    assert caught.value.field.get("ja") == "リポジトリ名"


def test_a_choice_that_is_not_an_option_lists_the_options_by_label(workspace, demo) -> None:
    with pytest.raises(FieldRefused) as caught:
        EnvironmentService(workspace).set_value(demo.id, "ci_system", "travis")
    ja = caught.value.text("ja")
    assert ja.startswith("CIシステム: 「travis」は選択肢(") and "GitHub Actions" in ja and "ci_system" not in ja
    assert caught.value.text("en").startswith("CI system: “travis” is not one of the options (")


def test_a_storage_location_and_a_dataset_are_named_by_their_labels(workspace, demo) -> None:
    service = EnvironmentService(workspace)
    with pytest.raises(FieldRefused) as caught:
        service.set_location(demo.id, "raw", "path", "s3://b/raw $(id)")
    assert caught.value.text("ja") == (
        "置き場所「生データ(受領データ)」のパス: 「s3://b/raw $(id)」は保存先のパスに使えません"
        "(空白、引用符、バッククォート、$ ; | & < > は使えず、先頭を '-' にはできません)")
    assert caught.value.text("en") == (
        "Storage location Raw data (as received), path: “s3://b/raw $(id)” cannot be a storage path: "
        "no spaces, quotes, backticks or $ ; | & < >, and no '-' first")
    key = service.choices(demo.id, "ja").datasets[0].key
    with pytest.raises(FieldRefused) as caught:
        service.set_dataset(demo.id, key, "dataset_id", "Bad Name")
    assert caught.value.text("ja").startswith(f"データセット「{key}」のデータセット名: 「Bad Name」はデータセット名に使えません")
    assert caught.value.text("en").startswith(f"Dataset {key}, dataset name: “Bad Name” cannot name a dataset")


def test_an_unsafe_value_is_named_and_shown_with_its_escapes_in_both_languages() -> None:
    with pytest.raises(UnsafeValue) as caught:
        quoting.docker_image("python:3.11\nRUN id")
    assert caught.value.text("ja") == (
        "Docker のベースイメージ: 「python:3.11\\nRUN id」は Docker イメージ名ではありません(英字、数字、. _ / : @ + - のみ)。"
        "生成するファイルに書き込めないため、値を変えてからもう一度書き出してください")
    assert str(caught.value) == (
        "the Docker base image: “python:3.11\\nRUN id” is not a Docker image name (letters, digits and . _ / : @ + - only); "
        "it cannot be written into a generated file: change it and export again")


def test_a_missing_template_reads_in_both_languages(tmp_path: Path) -> None:
    env = markdown_environment([tmp_path])
    with pytest.raises(UserError) as caught:
        render_template(env, "nope.md.j2", {})
    assert caught.value.text("ja") == f"テンプレート nope.md.j2 が見つかりません(探した場所: {tmp_path})"
    assert caught.value.text("en") == f"template nope.md.j2 not found (looked in {tmp_path})"


# --- the command line's own refusals ------------------------------------------------------------


def test_delete_without_yes_and_a_missing_content_path_read_in_the_users_language(db_path: Path, tmp_path: Path, capsys) -> None:
    assert main(["--db", str(db_path), "project", "new", "Uno"]) == 0
    capsys.readouterr()
    assert cli(db_path, capsys, "project", "delete", "Uno") == (2, "確認なしでは削除しません。--yes を付けてください")
    assert cli(db_path, capsys, "--lang", "en", "project", "delete", "Uno") == (2, "refusing to delete without confirmation: add --yes")
    missing = tmp_path / "nothing.yaml"
    assert cli(db_path, capsys, "templates", "validate", str(missing)) == (2, f"{missing} というファイルもフォルダーもありません")
    assert cli(db_path, capsys, "--lang", "en", "templates", "validate", str(missing)) == (2, f"no such file or folder: {missing}")
