"""A 20 MB input must be digested within 60 s and under 1 GB of memory.

    .venv/bin/python benchmarks/big_page.py            # 20 MB page, summarize, json
    .venv/bin/python benchmarks/big_page.py --mb 5 --command articles --format text
    .venv/bin/python benchmarks/big_page.py --jsonl    # 20 MB of JSONL records, ~1,500 characters each
    .venv/bin/python benchmarks/big_page.py --jsonl --record-chars 30 --mb 6   # 200,000 tiny records
    .venv/bin/python benchmarks/big_page.py --mb 1 -- --engine textrank4zh

Generates a page-like file (or JSONL records) from invented text (headlines, datelines,
bylines, body paragraphs; nothing copied from real pages), runs `digest` on it in a
subprocess and reports wall time and peak memory. Memory is reported three ways: the
largest single process (getrusage RUSAGE_CHILDREN, which does not add up worker
processes), the peak total RSS of the whole process tree, and its peak total PSS (shared
pages divided among the processes that share them: forked workers share most of their
parent's memory, which RSS counts once per process), sampled from /proc every 50 ms.
The limit applies to the RSS figures. Exit status 1 when a limit is exceeded.
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


def make_records(size_bytes: int, record_chars: int, seed: int = 20) -> str:
    """Invented JSONL records (`{"id", "title", "text"}`), about `record_chars` characters of text
    each, about `size_bytes` UTF-8 bytes in all."""
    import json

    rng = random.Random(seed)
    lines: list[str] = []
    total = 0
    n = 0
    while total < size_bytes:
        n += 1
        text = ""
        while len(text) < record_chars:
            text += "".join(rng.choices(WORDS, k=rng.randint(2, 6))) + rng.choice("，。。")
        title = "".join(rng.choices(WORDS, k=rng.randint(2, 5)))
        line = json.dumps({"id": f"r{n}", "title": title, "text": text[: max(record_chars, 2)]}, ensure_ascii=False)
        lines.append(line)
        total += len(line.encode("utf-8")) + 1
    return "\n".join(lines) + "\n"


def tree_rss(pid: int, field: str = "VmRSS:", where: str = "status") -> int:
    """Resident memory of `pid` and all its descendants, in bytes (0 once it has gone)."""
    total = 0
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/{where}") as fh:
                for line in fh:
                    if line.startswith(field):
                        total += int(line.split()[1]) * 1024
            for task in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{task}/children") as fh:
                    todo += [int(c) for c in fh.read().split()]
        except (OSError, ValueError):
            continue
    return total


def tree_pss(pid: int) -> int:
    """Proportional memory of `pid` and its descendants: shared pages counted once in all."""
    return tree_rss(pid, "Pss:", "smaps_rollup")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--mb", type=float, default=20.0, help="page size in MB (default 20)")
    ap.add_argument("--command", default="summarize", choices=["summarize", "articles", "keywords", "daily"])
    ap.add_argument("--format", default="json")
    ap.add_argument("--seed", type=int, default=20)
    ap.add_argument("--jsonl", action="store_true", help="JSONL records instead of a page")
    ap.add_argument("--record-chars", type=int, default=1500, help="characters of text per JSONL record")
    ap.add_argument("--timeout", type=float, default=600.0, help="kill the run after this many seconds")
    ap.add_argument("extra", nargs="*", help="more digest options, after --")
    args = ap.parse_args()

    digest = ROOT / ".venv" / "bin" / "digest"
    cmd_prefix = [str(digest)] if digest.exists() else [sys.executable, "-m", "digest.cli"]
    with tempfile.TemporaryDirectory(prefix="digest-big-") as tmp:
        page = Path(tmp) / ("big.jsonl" if args.jsonl else "big.txt")
        t0 = time.perf_counter()
        size_wanted = int(args.mb * 1_000_000)
        if args.jsonl:
            made = make_records(size_wanted, args.record_chars, args.seed)
        else:
            made = make_page(size_wanted, args.seed)
        page.write_text(made, encoding="utf-8")
        del made
        size = page.stat().st_size
        print(f"generated {size / 1e6:.1f} MB in {time.perf_counter() - t0:.1f} s", file=sys.stderr)

        out = Path(tmp) / "out"
        cmd = [*cmd_prefix, args.command, str(page), "-f", args.format, "-o", str(out), "-q", *args.extra]
        peak_tree = peak_pss = 0
        done = threading.Event()
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)

        def sample() -> None:
            nonlocal peak_tree, peak_pss
            while not done.is_set():
                peak_tree = max(peak_tree, tree_rss(proc.pid))
                peak_pss = max(peak_pss, tree_pss(proc.pid))
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
        usage = resource.getrusage(resource.RUSAGE_CHILDREN)
        peak_one = usage.ru_maxrss * 1024  # KiB on Linux
        cpu = usage.ru_utime + usage.ru_stime  # all processes, workers included: steadier on a busy machine
        out_size = out.stat().st_size if out.exists() else 0

    print(f"command: {' '.join(cmd[len(cmd_prefix) :])}")
    print(f"input: {size / 1e6:.1f} MB; output: {out_size / 1e6:.2f} MB; exit status {proc.returncode}")
    print(f"wall time: {elapsed:.1f} s (limit {LIMIT_SECONDS:.0f} s); CPU time: {cpu:.1f} s")
    print(
        f"peak RSS, largest process: {peak_one / 2**20:.0f} MiB; whole process tree: {peak_tree / 2**20:.0f} MiB"
        f" (limit {LIMIT_BYTES / 2**20:.0f} MiB); tree PSS: {peak_pss / 2**20:.0f} MiB"
    )
    if stderr.strip():
        print("stderr: " + stderr.decode("utf-8", "replace").strip()[-2000:])
    ok = proc.returncode == 0 and elapsed <= LIMIT_SECONDS and max(peak_one, peak_tree) <= LIMIT_BYTES
    print("PASS" if ok else "FAIL")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
