"""Throughput on a Dask cluster (--dask) against the plain multi-core run (--jobs).

    .venv/bin/python benchmarks/scale.py                 # 1,000 invented pages, 3 runs each
    .venv/bin/python benchmarks/scale.py --pages 200 --runs 1

Generates invented pages (tests/invented.py: several articles a page, datelines, bylines; nothing
copied from real pages), then times whole `digest summarize FOLDER -f json -o FILE` runs in fresh
processes: plain with --jobs 1 and --jobs 2, and with --dask local:1, local:2 and local:4 (the
cluster's start included: it is part of every run). Every run's output must be byte-identical to
the plain run's. Then Dask's own overhead per task: tasks that do nothing, on a local cluster of
two worker processes, as the run submits them. Needs the extra: pip install 'digest[dask]'.

Reports the median of --runs runs (the machine is shared: single runs vary). Exit status 1 when
an output differs or --dask local:2 reaches less than 80 % of the plain --jobs 2 throughput.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
from invented import invented_page  # noqa: E402  the vocabulary the property tests use

TARGET = 0.80  # --dask local:2 against the plain multi-core run


def make_pages(folder: Path, pages: int) -> tuple[int, int]:
    """`pages` invented pages of 3 to 9 articles in 10 sub-folders; (articles, bytes)."""
    articles = size = 0
    for i in range(pages):
        sub = folder / f"{i % 10:02d}"
        sub.mkdir(exist_ok=True)
        count = 3 + i % 7
        text = invented_page(i, articles=count)
        (sub / f"{i:05d}.txt").write_text(text, encoding="utf-8")
        articles += count
        size += len(text.encode("utf-8"))
    return articles, size


def timed(args: list[str], output: Path) -> float:
    started = time.perf_counter()
    proc = subprocess.run([sys.executable, "-m", "digest", *args, "-o", str(output), "--quiet"],
                          capture_output=True, text=True)  # fmt: skip
    took = time.perf_counter() - started
    if proc.returncode != 0:
        sys.exit(f"scale: {' '.join(args)} failed ({proc.returncode}): {proc.stderr.strip()}")
    return took


def overhead_per_task(tasks: int = 2000) -> tuple[float, float]:
    """Seconds per task of Dask itself, on 2 local worker processes: (submitted one by one and
    gathered in order as digest does, the same with client.map)."""
    import logging

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                      silence_logs=logging.CRITICAL) as cluster, Client(cluster) as client:  # fmt: skip
        client.submit(int, 0).result()  # the workers are up
        started = time.perf_counter()
        futures = [client.submit(int, i, pure=False) for i in range(tasks)]
        assert [f.result() for f in futures] == list(range(tasks))
        one_by_one = (time.perf_counter() - started) / tasks
        started = time.perf_counter()
        assert client.gather(client.map(int, range(tasks), pure=False)) == list(range(tasks))
        mapped = (time.perf_counter() - started) / tasks
    return one_by_one, mapped


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    try:
        import distributed  # noqa: F401
    except ImportError:
        print("scale: needs Dask: pip install 'digest[dask]'")
        return 0
    from digest import cluster
    from digest.load import expand

    with tempfile.TemporaryDirectory(prefix="digest-scale-") as tmp:
        folder = Path(tmp) / "pages"
        folder.mkdir()
        articles, size = make_pages(folder, args.pages)
        items = list(expand([str(folder)]))
        print(f"{args.pages:,} invented pages, {articles:,} articles, {size / 2**20:.1f} MB; "
              f"{os.cpu_count()} cores; Python {sys.version.split()[0]}")  # fmt: skip
        print(f"tasks of a --dask run: {len(cluster._batches(items, 1))} on 1 worker, "
              f"{len(cluster._batches(items, 2))} on 2, {len(cluster._batches(items, 4))} on 4")  # fmt: skip
        setups = [
            ("plain, --jobs 1", ["--jobs", "1"]),
            ("plain, --jobs 2", ["--jobs", "2"]),
            ("--dask local:1", ["--dask", "local:1"]),
            ("--dask local:2", ["--dask", "local:2"]),
            ("--dask local:4", ["--dask", "local:4"]),
        ]
        reference = Path(tmp) / "plain.json"
        timed(["summarize", str(folder), "-f", "json", "--jobs", "1"], reference)  # also warms the caches
        expected = reference.read_bytes()
        times: dict[str, list[float]] = {name: [] for name, _ in setups}
        for _ in range(args.runs):  # alternating, so that a busy moment of the machine hits every setup
            for name, extra in setups:
                out = Path(tmp) / "out.json"
                times[name].append(timed(["summarize", str(folder), "-f", "json", *extra], out))
                if out.read_bytes() != expected:
                    print(f"scale: the output of {name} differs from the plain run's")
                    return 1
        print()
        print("| run | seconds (median) | all runs | pages/s | articles/s | vs plain --jobs 2 |")
        print("|---|---|---|---|---|---|")
        base = statistics.median(times["plain, --jobs 2"])
        for name, _ in setups:
            median = statistics.median(times[name])
            runs = ", ".join(f"{t:.2f}" for t in times[name])
            print(f"| {name} | {median:.2f} | {runs} | {args.pages / median:,.0f} | {articles / median:,.0f} | "
                  f"{base / median:.0%} |")  # fmt: skip
        one_by_one, mapped = overhead_per_task()
        print()
        print(f"Dask's overhead per task (2 local workers, 2,000 empty tasks): {one_by_one * 1000:.2f} ms submitted "
              f"one by one and gathered in order (as digest does), {mapped * 1000:.2f} ms with client.map")  # fmt: skip
        ratio = base / statistics.median(times["--dask local:2"])
        print(f"--dask local:2 reaches {ratio:.0%} of the plain --jobs 2 throughput (target: {TARGET:.0%} at least)")
        return 0 if ratio >= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
