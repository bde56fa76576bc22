"""The wiki exported as an MkDocs site builds with MkDocs itself (``mkdocs build --strict``: no missing
page, no broken link, no warning) in Japanese and English, every page of its nav is a page of the site,
and text typed by users is text in the site's HTML, never markup (a data source named
``<script>…</script>``, a purpose holding an ``<img onerror>`` and a ``javascript:`` link)."""

from __future__ import annotations

import copy
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from app.core.documents import DocumentService
from app.environment.wiki_export import export_wiki
from app.hearing import AnswerService

pytest.importorskip("mkdocs", reason="MkDocs is a test tool: pip install -r requirements/test.lock")

SCRIPT = "<script>alert('x')</script>"
IMAGE = '<img src=x onerror="alert(1)">'
LINK = "[押して](javascript:alert(1))"


def build(folder: Path) -> Path:
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", "site"], cwd=folder,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "WARNING" not in done.stderr, done.stderr
    return folder / "site"


def nav_pages(folder: Path) -> list[tuple[str, str]]:
    config = yaml.safe_load((folder / "mkdocs.yml").read_text(encoding="utf-8"))
    return [(title, page) for entry in config["nav"] for title, page in entry.items()]


@pytest.mark.parametrize("lang", ["ja", "en"])
def test_the_demo_wiki_builds_as_an_mkdocs_site_with_every_page(workspace, demo, tmp_path: Path, lang: str) -> None:
    out = export_wiki(workspace, demo.id, tmp_path / "wiki", lang, "mkdocs")
    site = build(out)
    pages = nav_pages(out)
    assert len(pages) >= 10
    for title, page in pages:
        built = site / ("index.html" if page == "index.md" else Path(page).with_suffix("") / "index.html")
        assert built.is_file(), page
        text = built.read_text(encoding="utf-8")
        assert html.escape(html.unescape(title), quote=False) in html.unescape(text) or html.unescape(title) in html.unescape(text), title
    index = (site / "index.html").read_text(encoding="utf-8")
    assert ("プロジェクト" if lang == "ja" else "Project") in index


def test_user_text_stays_text_in_the_built_site(workspace, demo, tmp_path: Path) -> None:
    answers = AnswerService(workspace.db, workspace.library)
    rows = copy.deepcopy(answers.answer(demo.id, "hearing.prereq.data_sources").value)
    rows[0]["name"] = SCRIPT
    answers.update(demo.id, "hearing.prereq.data_sources", value=rows)
    answers.update(demo.id, "hearing.basics.purpose_goal", value=f"{IMAGE} {LINK}")
    documents = DocumentService(workspace.db)
    env = documents.get(demo.id, "environment")
    env.setdefault("values", {})["branch_naming"] = f"{SCRIPT} {IMAGE}"
    documents.put(demo.id, "environment", env)

    out = export_wiki(workspace, demo.id, tmp_path / "wiki", "ja", "mkdocs")
    site = build(out)
    built = "\n".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "alert('x')" in html.unescape(built)  # the name is there, as text
    assert not re.search(r"<script>\s*alert", built, re.IGNORECASE)
    assert not re.search(r"<img[^>]*onerror", built, re.IGNORECASE)
    assert not re.search(r"href=[\"']?\s*javascript:", built, re.IGNORECASE)
