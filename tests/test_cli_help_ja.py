"""The command line's help in the user's language: every command's and option's help and
argparse's own words in Japanese with ``--lang ja`` (or a Japanese system), English otherwise,
lines that fit the terminal, usage mistakes in Japanese."""

from __future__ import annotations

import argparse
import re
from collections.abc import Iterator

import pytest

from app import features
from app.cli.help_text import width, wrap
from app.cli.main import build_parser, main
from app.core.messages import Help

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")
ARGPARSE_ENGLISH = ("usage:", "options:", "positional arguments:", "show this help message", "show program's version")


def pages(lang: str) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
    """Every command's parser (the program's first), with the words that reach it."""

    def walk(parser: argparse.ArgumentParser, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], argparse.ArgumentParser]]:
        yield path, parser
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, sub in action.choices.items():
                    yield from walk(sub, (*path, name))

    return walk(build_parser(lang), ())


def helps(parser: argparse.ArgumentParser) -> Iterator[tuple[str, str]]:
    """(what it is, its help) for every option, argument and command listed on ``parser``'s page."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for choice in action._choices_actions:
                yield choice.dest, choice.help or ""
        elif action.help and not isinstance(action, argparse._HelpAction | argparse._VersionAction):
            yield "/".join(action.option_strings) or action.dest, action.help


def help_of(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main([*argv, "--help"])
    assert done.value.code == 0
    return capsys.readouterr().out


def test_every_page_of_help_is_in_japanese_with_lang_ja() -> None:
    seen = 0
    for path, parser in pages("ja"):
        page = parser.format_help()
        assert page.startswith(f"使い方: {' '.join(('mlops-kickoff', *path))}"), path
        assert not [words for words in ARGPARSE_ENGLISH if words in page], (path, page)
        assert "このヘルプを表示して終了します" in page and "オプション:" in page
        for what, text in helps(parser):
            assert isinstance(text, Help), (path, what, text)  # said in the parser's language
            japanese = text.text("ja")
            assert JAPANESE.search(japanese), (path, what, japanese)
            assert japanese[:6] in page, (path, what)  # shown (the start of it is on one line)
            seen += 1
    assert seen > 100  # every command, option and kind was looked at


def test_english_help_keeps_its_words() -> None:
    for path, parser in pages("en"):
        page = parser.format_help()
        assert page.startswith(f"usage: {' '.join(('mlops-kickoff', *path))}"), path
        assert not JAPANESE.search(page.replace("夏季休暇", "").replace("担当者", "")), (path, page)
        assert "show this help message and exit" in page
    wbs = next(parser for path, parser in pages("en") if path == ("export", "wbs")).format_help()
    assert "--lang {ja,en}        document language (default: the project's document\n" in wbs


@pytest.mark.parametrize("command", ["export", "import"])
def test_an_option_a_kind_declares_has_its_help_in_both_languages(command: str) -> None:
    kinds = features.export_kinds() if command == "export" else list(features.IMPORTS.values())
    for kind in kinds:
        declared = argparse.ArgumentParser()
        kind.add_arguments(declared)
        for action in declared._actions[1:]:
            if action.help:  # the feature's own text, by message id: shown in the parser's language
                assert isinstance(action.help, Help), (kind.name, action.dest)
                assert JAPANESE.search(action.help.text("ja")) and not JAPANESE.search(action.help.text("en")), (kind.name, action.dest)
        if command == "import":
            assert isinstance(kind.help, Help) and JAPANESE.search(kind.help.text("ja")), kind.name


@pytest.mark.parametrize(("system", "usage"), [("ja", "使い方: "), ("en", "usage: ")])
def test_without_lang_the_help_is_in_the_systems_language(capsys, monkeypatch, system: str, usage: str) -> None:
    monkeypatch.setenv("MLOPS_KICKOFF_LANG", system)
    page = help_of(capsys, "export", "wbs")
    assert page.startswith(usage + "mlops-kickoff export wbs")
    assert ("ドキュメントの言語" in page) == (system == "ja")


def test_lang_en_on_a_japanese_system_is_english(capsys) -> None:
    page = help_of(capsys, "--lang", "en", "baseline", "sign")
    assert "the name of who agreed" in page and not JAPANESE.search(page)


def test_japanese_help_fits_80_columns_and_breaks_where_japanese_breaks(monkeypatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    english = {line.strip() for _, parser in pages("en") for line in parser.format_help().splitlines()}
    for path, parser in pages("ja"):
        for line in parser.format_help().splitlines():
            # a line over 80 columns is one English has too (a usage listing every --page)
            assert width(line) <= 78 or line.strip() in english, (path, line)
            assert not re.match(r"\s*[、。)」]", line), (path, line)
    assert "使い方: mlops-kickoff export earned-value [-h] --project ID_OR_NAME --out PATH\n" in next(
        p for path, p in pages("ja") if path == ("export", "earned-value")).format_help()


def test_wrap_counts_a_japanese_character_as_two_columns() -> None:
    lines = wrap("プロジェクトを作成し、その ID を表示します(確認なし)", 16)
    assert lines == ["プロジェクトを作", "成し、その ID を", "表示します(確認", "なし)"]
    assert wrap("a (「かぎ」) b", 6) == ["a", "(「か", "ぎ」)", "b"]


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["--p", "x"], "--p はどれの略かわかりません(候補: --page、--project)"),
        (["export", "wbs"], "次の指定がありません: --project、--out"),
        (["projects", "list", "--json=1"], "--json は値をとりません(「1」は指定できません)"),
        (["export", "nope"], "KIND に「nope」は指定できません"),
    ],
)
def test_usage_mistakes_are_said_in_japanese(capsys, argv: list[str], said: str) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--lang", "ja", *argv])
    err = capsys.readouterr().err
    assert done.value.code == 2 and said in err and err.count("\n") == 1, err


def test_usage_mistakes_in_english_keep_argparses_words(capsys) -> None:
    with pytest.raises(SystemExit):
        main(["--lang", "en", "--p", "x"])
    assert capsys.readouterr().err == "mlops-kickoff: error: ambiguous option: --p could match --page, --project (see --help)\n"
