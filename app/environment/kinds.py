"""Export kinds of the experiment environment: ``wiki``, ``experiment-sheet`` and ``scaffold``.

mlops-kickoff export wiki --project ID --out DIR [--format plain|github|mkdocs] [--lang ja|en]
mlops-kickoff export experiment-sheet --project ID --out F.xlsx [--lang ja|en]
mlops-kickoff export scaffold --project ID --out DIR [--force] [--lang ja|en]
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from app.core.content.template_check import TemplateFolder
from app.core.kinds import ExportKind
from app.core.messages import Help

if TYPE_CHECKING:  # the CLI builds its parser from these modules: they must stay light to import
    from app.core.i18n import Lang
    from app.core.workspace import Workspace

EXPORTS: list[ExportKind] = []

WIKI_FORMAT_NAMES = {"plain": "Markdown", "github": "GitHub", "mkdocs": "MkDocs"}  # (the same in either language)


def folder_name(ws: Workspace, project_id: int, kind_name: str, lang: Lang, wiki_format: str = "plain") -> str:
    """The folder a window proposes for a folder export, as one safe path component in the window's
    language: the wiki by the project, its title and format (「…-実験規約Wiki-GitHub」), the project
    scaffold by its repository's name (as it will be cloned); never the command line's kind id."""
    from app.core.files.safe_names import safe_stem
    from app.core.projects import ProjectService

    if kind_name == "scaffold":
        from app.environment.service import EnvironmentService

        return safe_stem(str(EnvironmentService(ws).choices(project_id, lang).value("repo_name")))
    project = ProjectService(ws.db).get(project_id)
    kind = next(k for k in EXPORTS if k.name == kind_name)  # (this module's kinds: the wiki)
    return kind.file_name(project.name, lang, "", WIKI_FORMAT_NAMES.get(wiki_format, wiki_format) if kind_name == "wiki" else "")


def _wiki_environment(lang: Lang) -> Callable[[str], Any]:
    def environment(name: str) -> Any:
        from app.environment.wiki_render import template_environment

        return template_environment(lang)

    return environment


# The wiki's templates a user may override (<data folder>/templates/wiki/ja, as app/environment/wiki_render.py
# looks them up), checked by `templates validate`; the scaffold's are the app's own.
TEMPLATES = (TemplateFolder("wiki/ja", _wiki_environment("ja")), TemplateFolder("wiki/en", _wiki_environment("en")))

WIKI_FORMATS = ("plain", "github", "mkdocs")


def _wiki_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--format",
        choices=WIKI_FORMATS,
        default="plain",
        help=Help(key="cli.help.wiki_format"),
    )


def _export_wiki(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    from app.environment.wiki_export import export_wiki

    return export_wiki(ws, project_id, out, lang, options.get("format") or "plain")


def _export_sheet(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    from app.environment.sheet import export_experiment_sheet

    return export_experiment_sheet(ws, project_id, out, lang)


def _scaffold_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--force",
        action="store_true",
        help=Help(key="cli.help.scaffold_force"),
    )


def _export_scaffold(ws: Workspace, project_id: int, out: Path, lang: Lang, options: dict[str, Any]) -> Path:
    from app.environment.scaffold import export_scaffold

    return export_scaffold(ws, project_id, out, lang, force=bool(options.get("force")))


EXPORTS.append(
    ExportKind(
        name="wiki",
        title={"ja": "実験規約Wiki", "en": "Experiment-rules wiki"},
        description={
            "ja": "実験規約(目次0〜7、データ基盤、CI)をMarkdownで: フォルダー、GitHub Wiki、MkDocsサイト"
        },
        help="the experiment-rules wiki (ToC 0-7, data platform, CI) as Markdown: a folder, a GitHub wiki or an MkDocs site",
        suffixes=(),
        export=_export_wiki,
        add_arguments=_wiki_arguments,
        defaults={"format": "plain"},
        order=40,
    )
)
EXPORTS.append(
    ExportKind(
        name="experiment-sheet",
        title={"ja": "実験管理シート", "en": "Experiment-management sheet"},
        description={"ja": "実験管理シート: データセット(raw)、データセット(加工後)、実験結果(xlsx)"},
        help="the experiment-management workbook: raw datasets, processed datasets, experiment results (xlsx)",
        suffixes=(".xlsx",),
        export=_export_sheet,
        order=41,
    )
)
EXPORTS.append(
    ExportKind(
        name="scaffold",
        title={"ja": "プロジェクトの雛形", "en": "Project scaffold"},
        description={
            "ja": "実験を始めるリポジトリの雛形: ディレクトリ構成、README、Dockerfile、動くベースラインパイプライン、データセット一覧、CI設定"
        },
        help="a repository to start from: directory layout, README, Dockerfile, runnable baseline pipeline, "
        "dataset lists, CI workflow",
        suffixes=(),
        export=_export_scaffold,
        add_arguments=_scaffold_arguments,
        defaults={"force": False},
        order=42,
    )
)
