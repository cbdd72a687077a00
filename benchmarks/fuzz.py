"""A long fuzz run: the properties of tests/test_properties.py with many random examples.

    .venv/bin/python benchmarks/fuzz.py                      # 5000 examples per property
    .venv/bin/python benchmarks/fuzz.py --examples 20000 -k verbatim
    .venv/bin/python benchmarks/fuzz.py --minutes 30         # repeat rounds until time is up
    .venv/bin/python benchmarks/fuzz.py --option-files --minutes 30   # --stopwords, --user-dict, config

Unlike the normal test run (fixed seed, a few dozen examples), every round draws fresh
random examples, and failures are saved in .hypothesis/ so that the next plain
`pytest tests/test_properties.py` run replays them first. A failure prints the
shrunk example and a `@reproduce_failure(...)` line; see docs/fuzzing.md.

After each round and at the end it reports, per property, the examples tried (passing,
failing and invalid, from hypothesis's statistics), the seconds spent and the examples per
second.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# The properties about files that options name (tests/test_properties.py).
OPTION_FILES = "stopword_file or user_dictionary or config_file or any_option_file"
_TEST = re.compile(r"^tests/test_properties\.py::(\w+):")
_PHASE = re.compile(r"- during \w+ phase \(([\d.]+) seconds\)")
_CASES = re.compile(r"- (\d+) passing, (\d+) failing, and (\d+) invalid")


def tried(output: str) -> dict[str, tuple[int, float]]:
    """(examples tried, seconds) per property, from `--hypothesis-show-statistics` output."""
    found: dict[str, tuple[int, float]] = {}
    name = None
    for line in output.splitlines():
        line = line.strip()
        if m := _TEST.match(line):
            name = m.group(1)
            found[name] = (0, 0.0)
        elif name and (m := _PHASE.match(line)):
            n, sec = found[name]
            found[name] = (n, sec + float(m.group(1)))
        elif name and (m := _CASES.match(line)):
            n, sec = found[name]
            found[name] = (n + sum(int(g) for g in m.groups()), sec)
    return found


def report(title: str, counts: dict[str, tuple[int, float]]) -> None:
    print(f"{title}:")
    for name, (n, sec) in sorted(counts.items()):
        print(f"  {name:<78} {n:>8,} examples {sec:>8.0f} s {n / sec if sec else 0:>8.1f}/s")
    n = sum(c[0] for c in counts.values())
    sec = sum(c[1] for c in counts.values())
    print(f"  {'all':<78} {n:>8,} examples {sec:>8.0f} s {n / sec if sec else 0:>8.1f}/s", flush=True)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=5000, help="examples per property and round (default 5000)")
    ap.add_argument("--minutes", type=float, default=0.0, help="keep running new rounds for this long")
    ap.add_argument("-k", dest="select", default="", help="only properties whose name matches (pytest -k)")
    ap.add_argument("--option-files", action="store_true", help="only the properties of option files")
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
    select = " and ".join(f"({k})" for k in (args.select, OPTION_FILES if args.option_files else "") if k)
    if select:
        cmd += ["-k", select]
    deadline = time.monotonic() + args.minutes * 60
    round_no = 0
    totals: dict[str, tuple[int, float]] = defaultdict(lambda: (0, 0.0))
    while True:
        round_no += 1
        seed_args = ["--hypothesis-seed", str(args.seed)] if args.seed is not None else []
        start = time.monotonic()
        print(f"round {round_no}: {args.examples} examples per property", flush=True)
        proc = subprocess.Popen([*cmd, *seed_args], cwd=ROOT, env=env, stdout=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        output = []
        for line in proc.stdout:  # shown as it comes, kept for the statistics
            sys.stdout.write(line)
            output.append(line)
        code = proc.wait()
        print(f"round {round_no}: exit {code} after {time.monotonic() - start:.0f} s", flush=True)
        counts = tried("".join(output))
        for name, (n, sec) in counts.items():
            totals[name] = (totals[name][0] + n, totals[name][1] + sec)
        report(f"round {round_no}", counts)
        if code != 0 or time.monotonic() >= deadline or args.seed is not None:
            report(f"all {round_no} rounds", dict(totals))
            return code


if __name__ == "__main__":
    sys.exit(main())
