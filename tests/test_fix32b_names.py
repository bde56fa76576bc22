"""fix32b: a project's name keeps the user's own spaces (the IME's full-width 「　」) on every path that
stores one (new, rename, duplicate, a project file's import, a copy to another database, the demo's
free name), while names are still compared folded (a name taken is taken whatever its spaces); the
customer keeps its spaces too."""

from __future__ import annotations

import pytest

from app.core import operations as ops
from app.core.errors import ValidationFailed
from app.core.files.visible_text import fold_name, typed_name
from app.core.projects import ProjectService, free_name, update_op
from app.core.storage.db import Database
from app.projects import transfer
from app.projects.database_copy import copy_to

NAME = "画像検索　ＰｏＣ"  # with the IME's space


@pytest.mark.parametrize(("typed", "kept"), [
    (NAME, NAME),
    (f"　{NAME}　", NAME),  # none at either end
    ("画像検索　　ＰｏＣ", NAME),  # a run of blanks as its first one
    ("画像検索\tＰｏＣ\n", "画像検索 ＰｏＣ"),  # a name is one line
    ("画像\u200b検索", "画像検索"),  # nobody sees a zero-width space
    ("a\x1bb", "ab"),
    ("👨\u200d👩", "👨\u200d👩"),
])
def test_typed_name_keeps_the_users_spaces_and_folds_as_the_name_typed(typed: str, kept: str) -> None:
    assert typed_name(typed) == kept
    assert fold_name(typed_name(typed)) == fold_name(typed)


def test_new_and_rename_keep_a_full_width_space_and_still_compare_folded(workspace) -> None:
    service = ProjectService(workspace.db)
    project = service.create(NAME, customer="株式会社　サンプル")
    assert project.name == NAME and service.get(project.id).customer == "株式会社　サンプル"
    with pytest.raises(ValidationFailed):
        service.create("画像検索 ＰｏＣ")  # looks the same: taken
    other = service.create("別案件")
    with pytest.raises(ValidationFailed):
        service.rename(other.id, "画像検索  ＰｏＣ")
    assert service.rename(other.id, "別案件　第２期").name == "別案件　第２期"
    renamed = ops.run(workspace, update_op(project.id, base={"name": NAME, "customer": "株式会社　サンプル"},
                                           name="画像検索　ＰｏＣ　改", customer="株式会社　見本")).detail  # fmt: skip
    assert (renamed.name, renamed.customer) == ("画像検索　ＰｏＣ　改", "株式会社　見本")
    assert service.resolve("画像検索 ＰｏＣ 改").id == project.id  # found as seen


def test_duplicate_import_and_copy_keep_the_names_spaces(workspace, tmp_path) -> None:
    service = ProjectService(workspace.db)
    project = service.create(NAME)
    assert transfer.duplicate(workspace.db, project.id).name == f"{NAME} (2)"
    assert transfer.duplicate(workspace.db, project.id, "画像検索　複製").name == "画像検索　複製"
    with pytest.raises(ValidationFailed):
        transfer.duplicate(workspace.db, project.id, "画像検索 複製")
    path = transfer.export_file(workspace.db, project.id, tmp_path / "p.json")
    imported = service.get(transfer.import_file(workspace.db, path))
    assert imported.name == f"{NAME} (3)"
    target = tmp_path / "other.sqlite3"
    copied = copy_to(workspace.db, project.id, str(target))
    assert copied.name == NAME
    other = Database(f"sqlite:///{target}")
    try:
        assert ProjectService(other).get(copied.id).name == NAME
    finally:
        other.close()
    with workspace.db.session() as s:
        assert free_name(s, "新しい　案件") == "新しい　案件"
        assert free_name(s, "画像検索 ＰｏＣ") == "画像検索 ＰｏＣ (4)"
