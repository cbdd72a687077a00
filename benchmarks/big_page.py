"""A 20 MB page must be digested within 60 s and under 1 GB of memory.

    .venv/bin/python benchmarks/big_page.py            # 20 MB, summarize, json
    .venv/bin/python benchmarks/big_page.py --mb 5 --command articles --format text

Generates a page-like file from invented text (headlines, datelines, bylines, body
paragraphs; nothing copied from real pages), runs `digest` on it in a subprocess and
reports wall time and peak memory. Memory is reported two ways: the largest single
process (getrusage RUSAGE_CHILDREN, which does not add up worker processes) and the
peak total RSS of the whole process tree, sampled from /proc every 50 ms.
Exit status 1 when a limit is exceeded.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LIMIT_SECONDS = 60.0
LIMIT_BYTES = 1 << 30

sys.path.insert(0, str(ROOT / "tests"))
from invented import GIVEN, SURNAMES, WORDS  # noqa: E402  the vocabulary the property tests use


def make_page(size_bytes: int, seed: int = 20) -> str:
    """Invented page-like text of about `size_bytes` UTF-8 bytes; the same seed gives the same page."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0

    def sentence() -> str:
        clauses = ["".join(rng.choices(WORDS, k=rng.randint(2, 6))) for _ in range(rng.randint(1, 3))]
        return "，".join(clauses) + rng.choice("。。。！？")

    def name() -> str:
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    n = 0
    while total < size_bytes:
        n += 1
        lines = ["".join(rng.choices(WORDS, k=rng.randint(3, 7)))]
        if rng.random() < 0.5:
            lines.append(f"记者 {name()} 通讯员 {name()}")
        paragraphs = ["".join(sentence() for _ in range(rng.randint(2, 8))) for _ in range(rng.randint(2, 12))]
        paragraphs[0] = (
            rng.choice(["晚报讯 ", "本报讯 ", f"新华社北京{rng.randint(1, 12)}月{rng.randint(1, 28)}日电 "])
            + paragraphs[0]
        )
        lines += ["\u3000\u3000" + p for p in paragraphs]
        if rng.random() < 0.1:
            lines.append(f"(下转{rng.randint(2, 8)}版)")
        block = "\n".join(lines) + "\n\n"
        parts.append(block)
        total += len(block.encode("utf-8"))
    return "".join(parts)


def tree_rss(pid: int) -> int:
    """Resident memory of `pid` and all its descendants, in bytes (0 once it has gone)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as fh:
                for line in fh:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="page size in MB (default 20)")
    ap.add_argument("--command", default="summarize", choices=["summarize", "articles", "keywords", "daily"])
    ap.add_argument("--format", default="json")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--timeout", type=float, default=600.0, help="kill the run after this many seconds")
    ap.add_argument("extra", nargs="*", help="more digest options, after --")
    args = ap.parse_args()

    digest = ROOT / ".venv" / "bin" / "digest"
    cmd_prefix = [str(digest)] if digest.exists() else [sys.executable, "-m", "digest.cli"]
    with tempfile.TemporaryDirectory(prefix="digest-big-") as tmp:
        page = Path(tmp) / "big.txt"
        t0 = time.perf_counter()
        page.write_text(make_page(int(args.mb * 1_000_000), args.seed), encoding="utf-8")
        size = page.stat().st_size
        print(f"generated {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

        out = Path(tmp) / "out"
        cmd = [*cmd_prefix, args.command, str(page), "-f", args.format, "-o", str(out), "-q", *args.extra]
        peak_tree = 0
        done = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

        def sample() -> None:
            nonlocal peak_tree
            while not done.is_set():
                peak_tree = max(peak_tree, tree_rss(proc.pid))
                done.wait(0.05)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        try:
            _, stderr = proc.communicate(timeout=args.timeout)
        except subprocess.TimeoutExpired:
            proc.kill()
            _, stderr = proc.communicate()
        elapsed = time.perf_counter() - start
        done.set()
        sampler.join()
        peak_one = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # KiB on Linux
        out_size = out.stat().st_size if out.exists() else 0

    print(f"command: {' '.join(cmd[len(cmd_prefix) :])}")
    print(f"input: {size / 1e6:.1f} MB; output: {out_size / 1e6:.2f} MB; exit status {proc.returncode}")
    print(f"wall time: {elapsed:.1f} s (limit {LIMIT_SECONDS:.0f} s)")
    print(
        f"peak RSS, largest process: {peak_one / 2**20:.0f} MiB; whole process tree: {peak_tree / 2**20:.0f} MiB"
        f" (limit {LIMIT_BYTES / 2**20:.0f} MiB)"
    )
    if stderr.strip():
        print("stderr: " + stderr.decode("utf-8", "replace").strip()[-2000:])
    ok = proc.returncode == 0 and elapsed <= LIMIT_SECONDS and max(peak_one, peak_tree) <= LIMIT_BYTES
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
