"""Files a user brings from elsewhere read as the user saved them: a project file saved with a UTF-8
byte-order mark (PowerShell 5's Out-File, Windows' old Notepad) is the same file without one."""

from __future__ import annotations

from pathlib import Path

import pytest

from app.core.errors import RefusedImportError
from app.core.projects import ProjectService
from app.projects import transfer


def test_a_project_file_saved_with_a_byte_order_mark_is_imported(workspace, demo, tmp_path: Path) -> None:
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "demo.json")
    marked = tmp_path / "demo-bom.json"
    marked.write_bytes(b"\xef\xbb\xbf" + out.read_bytes())

    new_id = transfer.import_file(workspace.db, marked)

    assert ProjectService(workspace.db).get(new_id).name.startswith(demo.name)


def test_a_mark_anywhere_but_the_start_is_still_no_json(workspace, demo, tmp_path: Path) -> None:
    out = transfer.export_file(workspace.db, demo.id, tmp_path / "demo.json")
    doubled = tmp_path / "demo-2bom.json"
    doubled.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + out.read_bytes())

    with pytest.raises(RefusedImportError) as refused:
        transfer.import_file(workspace.db, doubled)
    assert refused.value.key == "project_file.not_json"
