"""``resources add`` of a name the hearing's team suggests (「? 山田  MLOpsエンジニア  ヒアリングの体制」 in
``resources list``) takes the role suggested, as the People dialog's Add does; --role given wins, and a person
already there keeps theirs."""

from __future__ import annotations

from app.cli.main import main
from app.wbs.resources import people


def test_a_suggested_person_added_without_role_takes_the_hearings_role(workspace, demo, db_path, capsys) -> None:
    run = lambda *argv: main(["--db", str(db_path), "--lang", "ja", *argv])  # noqa: E731
    suggested = {c.name: c.role for c in people.candidates(workspace, demo.id)}
    assert suggested.get("山田")  # the demo's team names 山田 with a role
    assert run("resources", "add", "--project", str(demo.id), "--name", "山田") == 0
    assert run("resources", "add", "--project", str(demo.id), "--name", "佐藤", "--role", "DS") == 0
    found = people.by_name(people.read(workspace, demo.id))
    from app.wbs.catalog import catalog

    cat = catalog(workspace.library)
    assert found["山田"].role == (cat.lookup("role", suggested["山田"]) or suggested["山田"])
    assert found["佐藤"].role == cat.lookup("role", "DS")
    capsys.readouterr()
    assert run("resources", "list", "--project", str(demo.id)) == 0
    out = capsys.readouterr().out
    assert "? 山田" not in out and "山田\t-" not in out
