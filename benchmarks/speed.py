"""Speed, side by side with textrank4zh: whole CLI runs, cold processes, the same work.

Both sides pick 3 key sentences and 10 keywords per article. Each run is a fresh process,
so imports and dictionary loading count. Workloads:

1. one seed page from a cold start (best of --repeat runs, the two sides taking turns);
2. the article corpus: ../shared/eval/summaries.jsonl (~111 feature articles), or the seed
   pages' articles repeated when ../shared is absent;
3. a 20 MB page file made of the seed pages repeated (digest only: textrank4zh would need
   most of an hour; its time is estimated from its corpus rate and marked as such).

The textrank4zh side gets the articles that digest's own parser found, prepared before the
clock starts, so digest's times include page parsing and textrank4zh's do not.

    python benchmarks/speed.py [--repeat 3] [--big-mb 20] [--markdown]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared"
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
# The installed console command, as users run it (`python -m` would recompile cli.py every time).
_SCRIPT = Path(sys.executable).parent / "digest"
DIGEST = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from digest.cli import run; run()"]
BASELINE = [sys.executable, str(ROOT / "benchmarks" / "textrank_baseline.py")]


@dataclass
class Run:
    seconds: float
    peak_mb: float
    stdout: bytes


def timed(cmd: list[str]) -> Run:
    """Wall time and peak resident memory of one child process."""
    with tempfile.TemporaryFile() as out:
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode not in (0, 1):
            raise SystemExit(f"command failed ({proc.returncode}): {' '.join(cmd)}")
        out.seek(0)
        return Run(seconds, usage.ru_maxrss / 1024, out.read())


def best_of_both(a: list[str], b: list[str], repeat: int) -> tuple[Run, Run]:
    """The fastest of `repeat` runs of each command, the two taking turns: a shared machine's
    speed drifts over minutes, and both sides should meet the same drift."""
    runs_a: list[Run] = []
    runs_b: list[Run] = []
    for _ in range(repeat):
        runs_a.append(timed(a))
        runs_b.append(timed(b))
    return min(runs_a, key=lambda r: r.seconds), min(runs_b, key=lambda r: r.seconds)


def articles_of(paths: list[Path]) -> list[dict[str, str]]:
    """The content articles digest's parser finds, as JSONL records for the baseline."""
    sys.path.insert(0, str(ROOT))
    from digest.load import iter_sources
    from digest.model import Source
    from digest.pipeline import parse_source

    records = []
    for src in iter_sources([str(p) for p in paths]):
        if isinstance(src, Source):
            for a in parse_source(src).content:
                records.append({"title": "\n".join(a.headline), "text": "\n".join(a.paragraphs)})
    return records


def write_jsonl(records: list[dict[str, str]], path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for r in records:
            fh.write(json.dumps(r, ensure_ascii=False) + "\n")


def count(paths: list[Path]) -> tuple[int, int]:
    """(articles, body characters) that digest's parser finds in `paths` (untimed: the JSON of
    a summary run leaves the paragraphs out without --full)."""
    records = articles_of(paths)
    return len(records), sum(len(r["text"].replace("\n", "")) for r in records)


def row(name: str, side: str, run: Run, articles: int, chars: int, note: str = "") -> dict[str, object]:
    return {
        "workload": name,
        "side": side,
        "seconds": run.seconds,
        "articles/s": articles / run.seconds,
        "chars/s": chars / run.seconds,
        "peak MB": run.peak_mb,
        "note": note,
    }


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3, help="runs per cold-start measurement (best is kept)")
    ap.add_argument("--big-mb", type=float, default=20.0, help="size of the big page in MB (0 to skip)")
    ap.add_argument("--markdown", action="store_true", help="print the table as Markdown")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="digest-speed-"))
    # Bytecode as a regular (non-editable) install leaves it, like the baseline's packages have.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "digest")], check=True)
    rows: list[dict[str, object]] = []
    ratios: list[str] = []
    opts = ["-n", "3", "-k", "10", "-f", "json", "--quiet"]

    # 1. One seed page from a cold start.
    page = SEEDS[0]
    write_jsonl(articles_of([page]), work / "page.jsonl")
    d, t = best_of_both([*DIGEST, "summarize", str(page), *opts], [*BASELINE, str(work / "page.jsonl")], args.repeat)
    n, chars = count([page])
    rows += [row("one seed page, cold", "digest", d, n, chars), row("one seed page, cold", "textrank4zh", t, n, chars)]
    ratios.append(f"cold start: digest takes {d.seconds / t.seconds:.2f} of textrank4zh's time "
                  f"(1/{t.seconds / d.seconds:.1f})")

    # 2. The article corpus.
    corpus = SHARED / "eval" / "summaries.jsonl"
    if corpus.is_file():
        name = f"{sum(1 for _ in corpus.open(encoding='utf-8'))} feature articles (eval)"
        records = [json.loads(x) for x in corpus.open(encoding="utf-8") if x.strip()]
    else:
        records = articles_of(SEEDS) * 5
        name = f"{len(records)} seed articles (repeated; ../shared absent)"
    write_jsonl([{"title": r.get("title", ""), "text": r["text"]} for r in records], work / "corpus.jsonl")
    d = timed([*DIGEST, "summarize", str(work / "corpus.jsonl"), *opts])
    t = timed([*BASELINE, str(work / "corpus.jsonl")])
    n, chars = count([work / "corpus.jsonl"])
    rows += [row(name, "digest", d, n, chars), row(name, "textrank4zh", t, n, chars)]
    base_rate = chars / t.seconds
    ratios.append(f"corpus throughput: digest {t.seconds / d.seconds:.0f}x textrank4zh")

    # 3. A 20 MB page.
    if args.big_mb > 0:
        text = "\n\n".join(p.read_text(encoding="utf-8") for p in SEEDS)
        reps = int(args.big_mb * 2**20 // len(text.encode("utf-8"))) + 1
        big = work / "big.txt"
        big.write_text("\n\n".join([text] * reps), encoding="utf-8")
        mb = big.stat().st_size / 2**20
        d = timed([*DIGEST, "summarize", str(big), *opts])
        n, chars = count(SEEDS)  # the seed pages, repeated: their articles reps times
        n, chars = n * reps, chars * reps
        rows.append(row(f"{mb:.0f} MB page", "digest", d, n, chars))
        est = chars / base_rate
        rows.append({"workload": f"{mb:.0f} MB page", "side": "textrank4zh", "seconds": est,
                     "articles/s": n / est, "chars/s": base_rate, "peak MB": float("nan"),
                     "note": "estimated from its corpus rate, not run"})
        ratios.append(f"{mb:.0f} MB page: {d.seconds:.1f} s, peak {d.peak_mb:.0f} MB")

    print_table(rows, args.markdown)
    print()
    for r in ratios:
        print(("- " if args.markdown else "") + r)
    print(("- " if args.markdown else "") + f"machine: {machine()}")
    return 0


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}, {platform.system()}"


def print_table(rows: list[dict[str, object]], markdown: bool) -> None:
    cols = ["workload", "side", "seconds", "articles/s", "chars/s", "peak MB", "note"]

    def fmt(v: object) -> str:
        if isinstance(v, float):
            if v != v:
                return "-"
            return f"{v:,.0f}" if v >= 100 else f"{v:.2f}"
        return str(v)

    cells = [[fmt(r[c]) for c in cols] for r in rows]
    if markdown:
        print("| " + " | ".join(cols) + " |")
        print("|" + "|".join("---" for _ in cols) + "|")
        for c in cells:
            print("| " + " | ".join(c) + " |")
        return
    widths = [max(len(cols[i]), *(len(c[i]) for c in cells)) for i in range(len(cols))]
    print("  ".join(cols[i].ljust(widths[i]) for i in range(len(cols))))
    for c in cells:
        print("  ".join(c[i].ljust(widths[i]) for i in range(len(cols))))


if __name__ == "__main__":
    sys.exit(main())
