"""A writer process for the two-process test: edits one project through the operations for a while.

``python -m tests.two_writers DB NAME SECONDS LOG`` edits, at random, a field only this writer
touches (its own answer note, its own proposal section) and fields both writers touch (a shared
note, a shared section), each write based on the value it last read. Every acknowledged write is
logged as one JSON line (field, base, new) with fsync; a refused write (conflict, busy) is logged
as such. The test then checks that no acknowledged write was lost.
"""

from __future__ import annotations

import json
import os
import random
import sys
import time

import app.features  # noqa: F401  (registers the features' content types)
from app.core import operations as ops
from app.core.documents import DocumentService
from app.core.errors import ConflictError, DatabaseBusy
from app.core.projects import ProjectService
from app.core.workspace import Workspace
from app.hearing import operations as hearing_ops
from app.hearing.answers import AnswerService
from app.proposal.service import KIND

OWN_ITEM = {"a": "hearing.basics.background", "b": "hearing.basics.purpose_goal"}
SHARED_ITEM = "hearing.basics.accuracy_avc"


def main(argv: list[str]) -> int:
    db, name, seconds, log_path = argv[0], argv[1], float(argv[2]), argv[3]
    ws = Workspace.open(db)
    project = ProjectService(ws.db).list()[0]
    pid = project.id
    answers = AnswerService(ws.db, ws.library)
    documents = DocumentService(ws.db)
    rng = random.Random(f"{name}-{os.getpid()}")
    n = 0
    with open(log_path, "a", encoding="utf-8") as log:

        def note(entry: dict) -> None:
            log.write(json.dumps(entry, ensure_ascii=False) + "\n")
            log.flush()
            os.fsync(log.fileno())

        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            n += 1
            value = f"{name}-{n}"
            kind = rng.choice(["own_answer", "shared_answer", "own_section", "shared_section"])
            try:
                if kind.endswith("answer"):
                    item = OWN_ITEM[name] if kind == "own_answer" else SHARED_ITEM
                    shown = answers.answer(pid, item)
                    time.sleep(rng.random() * 0.01)  # the user types a moment after the page showed it
                    ops.run(ws, hearing_ops.update_answer(pid, item, base=shown, note=value))
                    note({"field": f"answer:{item}", "base": shown.note, "new": value})
                else:
                    section = f"own_{name}" if kind == "own_section" else "shared"
                    loaded = documents.get(pid, KIND)
                    after = json.loads(json.dumps(loaded))
                    after.setdefault("texts", {}).setdefault(section, {})["ja"] = value
                    time.sleep(rng.random() * 0.01)
                    ops.run(ws, ops.patch_document(pid, KIND, loaded, after))
                    base = loaded.get("texts", {}).get(section, {}).get("ja", "")
                    note({"field": f"section:{section}", "base": base, "new": value})
            except ConflictError:
                note({"field": kind, "refused": "conflict"})
            except DatabaseBusy:
                note({"field": kind, "refused": "busy"})
    ws.close()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
