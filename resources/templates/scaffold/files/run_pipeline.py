#!/usr/bin/env python3
"""Run the experiment pipeline: dataset list -> preprocess -> train -> evaluate -> record.

    python run_pipeline.py                      # every step; unchanged steps are skipped (cache)
    python run_pipeline.py --from train         # start part-way (preprocessing is reused)
    python run_pipeline.py --only evaluate      # one step
    python run_pipeline.py --force              # ignore the cache
    python run_pipeline.py --note "what changed" --issue 12 --owner yamada

Settings live in configs/pipeline.json; the data to use is the dataset-list CSV it names.
Python 3.10+. The steps are plain Python; the model (model.py in the code folder) uses the
framework of requirements.txt: replace the steps' and the model's insides with the real work.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
STEPS = ("preprocess", "train", "evaluate")


def load_config(path: Path) -> dict:
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--config", default="configs/pipeline.json", help="settings file (default: configs/pipeline.json)"
    )
    parser.add_argument(
        "--from", dest="start", choices=STEPS, help="run from this step on (earlier results are reused)"
    )
    parser.add_argument("--only", choices=STEPS, help="run just this step")
    parser.add_argument("--force", action="store_true", help="run every step even when nothing changed")
    parser.add_argument("--note", default="", help="summary of changes for the experiment record")
    parser.add_argument("--issue", default="", help="related issue number")
    parser.add_argument("--owner", default="", help="who ran the experiment")
    args = parser.parse_args(argv)

    config = load_config(ROOT / args.config)
    sys.path.insert(0, str(ROOT / config["paths"]["code"]))
    # the pipeline's own modules live in the code folder
    import common
    import evaluate
    import preprocess
    import train

    modules = {"preprocess": preprocess, "train": train, "evaluate": evaluate}
    selected = [args.only] if args.only else list(STEPS[STEPS.index(args.start) :] if args.start else STEPS)
    forced = set(selected) if (args.force or args.start or args.only) else set()
    evaluated = False
    for step in STEPS:
        if step not in selected:
            continue
        ran = common.run_step(ROOT, config, step, modules[step].run, force=step in forced)
        evaluated = evaluated or (ran and step == "evaluate")
        print(f"{step:<10} {'done' if ran else 'cached (nothing changed)'}")
    if not evaluated:
        print("no new evaluation: no new experiment record (use --force to run everything again)")
        return 0
    record = common.record_experiment(ROOT, config, note=args.note, issue=args.issue, owner=args.owner)
    print(f"recorded   {record['model_name']}: {record['eval_summary']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
