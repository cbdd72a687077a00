"""The stop-signal stress run: tests/test_signals.py with more trials and a bigger page.

    .venv/bin/python benchmarks/signals.py                          # 200 trials per count, 300K page
    .venv/bin/python benchmarks/signals.py --trials 50 --chars 1000000

Each trial starts `digest summarize PAGE -o FILE --jobs 2`, sends 1, 2 or 3 stop signals
(SIGTERM, SIGINT, SIGHUP, mixed) to its process group at a random moment, and checks: exit
status 143/130/129, one line on stderr, no traceback, no temporary file, the previous output
unchanged, no worker left, nothing still running 10 s later. A last test kills the parent
with SIGKILL and checks that its workers follow within 2 s. The normal test run does 20
trials per count on a 60,000-character page (about 30 s on two idle cores). Linux only.
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
    ap.add_argument("--trials", type=int, default=200, help="trials per number of signals (default 200)")
    ap.add_argument("--chars", type=int, default=300_000, help="characters of the invented page (default 300,000)")
    args = ap.parse_args()
    if not Path("/proc/self/status").exists():
        print("needs Linux (/proc); skipped")
        return 0
    env = {**os.environ, "DIGEST_SIGNAL_TRIALS": str(args.trials), "DIGEST_SIGNAL_PAGE_CHARS": str(args.chars)}
    start = time.monotonic()
    code = subprocess.call(
        [sys.executable, "-m", "pytest", "tests/test_signals.py", "-q", "-p", "no:randomly", "--durations=0"],
        cwd=ROOT,
        env=env,
    )
    print(f"{3 * args.trials} signalled runs and 6 killed ones on a {args.chars:,}-character page: "
          f"exit {code} after {time.monotonic() - start:.0f} s")  # fmt: skip
    return code


if __name__ == "__main__":
    sys.exit(main())
