"""fix28b: a storage location of a data kind the form no longer has (raw_v2) is data kept as it is: no page
shows it, so its values are neither checked nor named (an import takes it, an export writes it), and nothing
builds a command, a path or a document from it (the wiki and the scaffold read only the form's kinds)."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.documents import DocumentService
from app.core.errors import ValidationFailed
from app.environment.scaffold import scaffold_files
from app.environment.service import check_documents, form_in
from app.environment.wiki_export import export_wiki
from app.projects import transfer

OLD_PATH = "s3://old bucket;rm -rf"


def test_check_documents_leaves_a_dropped_kind_alone_and_still_checks_the_forms_kinds(library) -> None:
    form = form_in(library)
    check_documents(form, "data_platform", {"locations": {"raw_v2": {"path": OLD_PATH, "access": 5}, "gone": "text"}})
    with pytest.raises(ValidationFailed) as refused:
        check_documents(form, "data_platform", {"locations": {"raw": {"path": OLD_PATH}, "raw_v2": {"path": OLD_PATH}}})
    said = refused.value.text("ja")
    assert "raw_v2" not in said and "「raw」" not in said, said


def test_the_wiki_and_the_scaffold_never_use_a_dropped_kinds_location(workspace, demo, tmp_path: Path) -> None:
    documents = DocumentService(workspace.db)
    platform = documents.get(demo.id, "data_platform")
    platform.setdefault("locations", {})["raw_v2"] = {"path": OLD_PATH, "note": "古い置き場所"}
    documents.put(demo.id, "data_platform", platform)
    files = scaffold_files(workspace, demo.id, "ja")
    assert not [name for name, body in files.items() if b"old bucket" in body or "古い置き場所".encode() in body]
    wiki = export_wiki(workspace, demo.id, tmp_path / "wiki", "ja")
    texts = [p.read_text(encoding="utf-8") for p in wiki.rglob("*") if p.is_file() and p.suffix in (".md", ".yml", ".html")]
    assert texts and not [t for t in texts if "old bucket" in t or "古い置き場所" in t]
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "mine.json", workspace.library)
    new_id = transfer.import_file(workspace.db, out, workspace.library)
    assert documents.get(new_id, "data_platform")["locations"]["raw_v2"] == {"path": OLD_PATH, "note": "古い置き場所"}
