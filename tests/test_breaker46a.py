"""Breaker 46a: the README (the user's manual) taken literally by a new Japanese consultant.

Every example of the README's "Command line" section run as written (paths under /tmp/breaker46a/), with
``--lang ja`` and ``--lang en``; then a few promises of the user guide for the Experiment environment, Data
platform & CI, System planning and Review pages checked in a Japanese window (pytest-qt, widgets by objectName).

Tried and held:
- ``--version``, ``demo`` (ja/en: the id is the last word), ``projects list [--json] [--active]``, ``project new /
  rename / duplicate [--name] / archive [--undo] / delete`` (refused in one line without ``--yes`` from a script,
  exit 2) / ``export`` / ``import`` (a project here changed since the file: one warning line on stderr, in ja and en).
- ``--screenshot`` with ``--page`` / ``--size``: 760x420 accepted, 500x400 and 300x900 refused in one Japanese line
  (exit 2), an unknown ``--page`` (実験) refused listing the page names.
- ``holidays list / add (ranges, --name, --year-end) / remove / import .ics``; reversed range, 2026-02-30, a JSON
  file given as .ics, ``--year-end 26``: one line each, exit 2. ``backup list / create [--keep] / restore``; --keep 0 refused.
- Every export kind of the README (proposal md/html/pdf, hearing-sheet, minutes [--session], followups, wbs,
  mspdi [--baseline], tracker-csv [--bom: BOM only then], earned-value md/xlsx [--date], wiki plain/github/mkdocs
  (an earlier wiki export replaced, a scaffold folder refused), experiment-sheet, scaffold [--force], system-plan
  md/xlsx, review md/html/pdf/xlsx): stdout the path, stderr the report line exactly in the README's form
  (「書き出しました: wbs.csv(形式上そのままでは入らない項目 8 件: …)」), ``--report`` JSON with kind/lang/written/dropped;
  an export's ``--lang`` defaults to the project's document language whatever the UI language.
- Refusals: unknown project, .docx, the database file as --out or --report (the latter: a copy of it),
  --report = the document, a folder as --report, --lang fr, the data folder and backups folder as a wiki target,
  a hearing sheet given to ``import wbs`` and the reverse, a missing file: one line, exit 2, Japanese.
- ``import hearing-sheet`` / ``import wbs`` (--dry-run; from a script the command is the confirmation); the
  suggested ``baseline create`` line after a sheet import. ``baseline create / sign / list [--json] / diff``; the
  proposal header and the WBS workbook's 集計 sheet show 「「キックオフ合意」 2026/12/21 合意(山田 太郎 (PM, 顧客社))」.
- ``resources list / add / remove`` (a person already there: only the options given change), ``load [--json]``,
  ``level [--dry-run]`` (applied once, then 「過負荷の要員はいません」).
- ``--help`` of every command in Japanese (argparse's own words too).
- A user checklist left out for a problem: one warning line on every export (as README "Content is data" says).
- GUI (Japanese window): the experiment page's fields say ヒアリング / 既定値 beside them with Japanese tooltips;
  the repository host set to GitLab makes the Data platform & CI page's CI system GitLab CI/CD, 「リポジトリの
  ホスティングから」; a repository name with a space is reported under the form in Japanese and kept red;
  the data-ci wiki preview lists one page per data source.
- System planning (Japanese window): the capacity table and each process's worked formulas add up as printed
  (1 × 8.68 h × 30.42 = 264.0456 h, 1,460 h × 0.214 USD = 312.44 USD, total 504.06 USD × 150 = 75,609 JPY; the
  cost tab's 599,109 JPY × 12 = 7,189,308 JPY as the README prints it); N+1 and the 70 % target shown.
- Review (Japanese window): score, band, history title and buttons in Japanese; the task an unmet test becomes
  carries the README's completion condition (「…が0.5以上…と評価され、その根拠が記録されている」).

Noted, not filed (taste): a user checklist with a YAML syntax error is said 「1 行目: YAML として正しくありません(found
character that cannot start any token)」, the parser's English reason inside the Japanese line (by design:
content.not_yaml_at keeps {reason}).

Broke:
- ``resources list --project 1`` in Japanese prints each person's days a week as 「4d/w」, an English abbreviation
  (app/cli/resources.py hard-codes ``d/w``): test_resources_list_in_japanese_has_no_english_abbreviation.
- ``templates validate`` on a checklist of yours without ``type`` says 「'type' None がないか、知らない種類です」
  (Python's None in the Japanese line; the same in the warning every export prints):
  test_templates_validate_names_no_python_none.
- ``templates validate PATH`` given a wiki template (the README's "Your own wording" copy, unchanged from the
  shipped one) says 「1 行目: YAML として正しくありません」 and exits 2: the command, whose --help says it checks
  "checklist and template files" (「チェックリストとテンプレートのファイルを検査します」), reads every file as a
  checklist: test_templates_validate_accepts_a_valid_template.
- ``templates validate`` (default: shipped + yours) with a broken wiki template copy in the data folder says
  「15 個のファイルに問題はありません」 (exit 0); the next ``export wiki`` fails on that very file and line:
  test_templates_validate_finds_a_broken_user_template.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from app.main import main
from tests.conftest import copy_database


@pytest.fixture
def db(tmp_path, demo_template) -> Path:
    """The Japanese demo (project id 1) in a database of the test's own."""
    path = tmp_path / "mlops-kickoff.sqlite3"
    copy_database(demo_template, path)
    return path


def cli(capsys, db: Path, *args: str, lang: str = "ja") -> tuple[int, str, str]:
    """``mlops-kickoff --db DB --lang LANG ARGS`` run in-process: (status, stdout, stderr)."""
    capsys.readouterr()
    try:
        code = main(["--db", str(db), "--lang", lang, *args])
    except SystemExit as exit_:  # argparse's own refusals
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err


# --- defects ----------------------------------------------------------------------------------------


def test_resources_list_in_japanese_has_no_english_abbreviation(capsys, db):
    code, out, err = cli(
        capsys,
        db,
        "resources",
        "add",
        "--project",
        "1",
        "--name",
        "佐藤",
        "--role",
        "ds",
        "--days-per-week",
        "4",
        "--percent",
        "80",
    )
    assert code == 0, err
    code, out, err = cli(capsys, db, "resources", "list", "--project", "1")
    assert code == 0, err
    line = next(line for line in out.splitlines() if line.startswith("佐藤"))
    assert "d/w" not in line, line  # today: 「佐藤	データサイエンティスト	4d/w	80%」


def test_templates_validate_names_no_python_none(capsys, db, isolated_home):
    mine = isolated_home / "checklists" / "mine.yaml"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text("id: mine\ntitle: 私のチェックリスト\n", encoding="utf-8")
    code, out, err = cli(capsys, db, "templates", "validate")
    assert code == 2
    said = out + err
    assert "mine.yaml" in said
    assert "None" not in said, said


def test_templates_validate_accepts_a_valid_template(capsys, db, isolated_home):
    repo = Path(__file__).resolve().parent.parent
    mine = isolated_home / "templates" / "wiki" / "ja" / "index.md.j2"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(
        (repo / "resources/templates/wiki/ja/index.md.j2").read_text(encoding="utf-8"), encoding="utf-8"
    )
    code, out, err = cli(capsys, db, "templates", "validate", str(mine))
    assert "YAML" not in out + err, (
        out + err
    )  # today: 「エラー  …/index.md.j2: 1 行目: YAML として正しくありません」
    assert code == 0, out + err


def test_templates_validate_finds_a_broken_user_template(capsys, db, isolated_home, tmp_path):
    repo = Path(__file__).resolve().parent.parent
    mine = isolated_home / "templates" / "wiki" / "ja" / "index.md.j2"
    mine.parent.mkdir(parents=True, exist_ok=True)
    mine.write_text(
        (repo / "resources/templates/wiki/ja/index.md.j2").read_text(encoding="utf-8") + "\n{% if %}\n",
        encoding="utf-8",
    )
    code, out, err = cli(capsys, db, "export", "wiki", "--project", "1", "--out", str(tmp_path / "wiki"))
    assert code == 2 and "index.md.j2" in err  # the export finds it (file and line)
    code, out, err = cli(capsys, db, "templates", "validate")
    assert "index.md.j2" in out + err, out  # today: 「15 個のファイルに問題はありません」, exit 0
    assert code == 2
