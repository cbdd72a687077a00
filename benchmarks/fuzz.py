"""A long fuzz run: the properties of tests/test_properties.py with many random examples.

    .venv/bin/python benchmarks/fuzz.py                      # 5000 examples per property
    .venv/bin/python benchmarks/fuzz.py --examples 20000 -k verbatim
    .venv/bin/python benchmarks/fuzz.py --minutes 30         # repeat rounds until time is up

Unlike the normal test run (fixed seed, a few dozen examples), every round draws fresh
random examples, and failures are saved in .hypothesis/ so that the next plain
`pytest tests/test_properties.py` run replays them first. A failure prints the
shrunk example and a `@reproduce_failure(...)` line; see docs/fuzzing.md.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=5000, help="examples per property and round (default 5000)")
    ap.add_argument("--minutes", type=float, default=0.0, help="keep running new rounds for this long")
    ap.add_argument("-k", dest="select", default="", help="only properties whose name matches (pytest -k)")
    ap.add_argument("--seed", type=int, help="hypothesis seed, to repeat a round exactly")
    args = ap.parse_args()

    env = {**os.environ, "DIGEST_FUZZ_EXAMPLES": str(args.examples), "PYTHONHASHSEED": "random"}
    cmd = [
        sys.executable,
        "-m",
        "pytest",
        "tests/test_properties.py",
        "-x",
        "-q",
        "-p",
        "no:randomly",
        "--hypothesis-show-statistics",
    ]
    if args.select:
        cmd += ["-k", args.select]
    deadline = time.monotonic() + args.minutes * 60
    round_no = 0
    while True:
        round_no += 1
        seed_args = ["--hypothesis-seed", str(args.seed)] if args.seed is not None else []
        start = time.monotonic()
        print(f"round {round_no}: {args.examples} examples per property", flush=True)
        code = subprocess.call([*cmd, *seed_args], cwd=ROOT, env=env)
        print(f"round {round_no}: exit {code} after {time.monotonic() - start:.0f} s", flush=True)
        if code != 0 or time.monotonic() >= deadline or args.seed is not None:
            return code


if __name__ == "__main__":
    sys.exit(main())
