"""Compiled templates kept between runs (app/core/content/cache.py: template_bytecode_cache): a
shortcut that never shows stale text, never mixes environments and never stops a render."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest
from jinja2 import Environment, FileSystemLoader

from app.core import paths
from app.core.content.cache import TEMPLATE_CACHE, template_bytecode_cache


def render(folder: Path, setting: str, autoescape: bool, **context: str) -> str:
    # A new environment each time: what a new process does (its in-memory templates are gone).
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=autoescape,
                      bytecode_cache=template_bytecode_cache(setting))
    return env.get_template("page.j2").render(**context)


@pytest.fixture
def folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MLOPS_KICKOFF_HOME", str(tmp_path / "home"))
    templates = tmp_path / "templates"
    templates.mkdir()
    (templates / "page.j2").write_text("<p>{{ name }}</p>", encoding="utf-8")
    return templates


def folder_of(setting: str) -> Path:
    """The setting's folder (its name also carries the app's and Jinja's versions)."""
    [found] = (paths.cache_dir() / TEMPLATE_CACHE).glob(f"{setting}-*")
    return found


def cached_files(setting: str) -> list[Path]:
    return sorted(folder_of(setting).glob("*.cache"))


def test_a_compiled_template_is_kept_and_used_again(folder: Path) -> None:
    assert render(folder, "html", True, name="a") == "<p>a</p>"
    assert len(cached_files("html")) == 1
    assert render(folder, "html", True, name="b") == "<p>b</p>"


def test_an_edited_template_is_compiled_again(folder: Path) -> None:
    render(folder, "html", True, name="a")
    (folder / "page.j2").write_text("<h1>{{ name }}</h1>", encoding="utf-8")
    assert render(folder, "html", True, name="a") == "<h1>a</h1>"


def test_settings_do_not_share_compiled_code(folder: Path) -> None:
    """Autoescaping is compiled in: the Markdown environment's code must never serve the HTML one."""
    assert render(folder, "markdown", False, name="<b>") == "<p><b></p>"
    assert render(folder, "html", True, name="<b>") == "<p>&lt;b&gt;</p>"


def test_a_damaged_entry_is_compiled_again(folder: Path) -> None:
    render(folder, "html", True, name="a")
    for entry in cached_files("html"):
        entry.write_bytes(b"j2\x00garbage")
    assert render(folder, "html", True, name="c") == "<p>c</p>"


def test_a_cache_folder_gone_after_start_still_renders(folder: Path) -> None:
    """Neither reading nor writing an entry can stop a render (here the folder became a file)."""
    env = Environment(loader=FileSystemLoader(str(folder)), autoescape=True, bytecode_cache=template_bytecode_cache("html"))
    cache = folder_of("html")
    cache.rmdir()
    cache.write_text("not a folder", encoding="utf-8")
    assert env.get_template("page.j2").render(name="d") == "<p>d</p>"


def test_a_cache_folder_that_cannot_be_made_still_renders(folder: Path) -> None:
    paths.cache_dir().mkdir(parents=True)
    (paths.cache_dir() / TEMPLATE_CACHE).write_text("a file where the folder would be", encoding="utf-8")
    assert template_bytecode_cache("html") is None
    assert render(folder, "html", True, name="e") == "<p>e</p>"


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX permissions")
def test_compiled_templates_come_only_from_private_folders_of_the_users_own(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """They are code: a data folder that sat on a shared drive must not run what someone else put
    there (tests/test_breaker16b.py plants an entry); the user's own folder is made private again."""
    render(folder, "html", True, name="a")
    cache = paths.cache_dir() / TEMPLATE_CACHE
    assert not stat.S_IMODE(cache.stat().st_mode) & 0o077 and not stat.S_IMODE(folder_of("html").stat().st_mode) & 0o077
    cache.chmod(0o777)
    assert template_bytecode_cache("html") is not None and stat.S_IMODE(cache.stat().st_mode) == 0o700
    monkeypatch.setattr(os, "getuid", lambda: 4242)  # as if the folders were another user's
    assert template_bytecode_cache("html") is None
    assert render(folder, "html", True, name="b") == "<p>b</p>"  # compiled, not loaded


def test_a_new_version_of_the_app_compiles_again(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import app

    render(folder, "html", True, name="a")
    monkeypatch.setattr(app, "__version__", "9.9.9")
    render(folder, "html", True, name="a")
    assert len(list((paths.cache_dir() / TEMPLATE_CACHE).glob("html-*"))) == 2
