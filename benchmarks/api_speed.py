"""The Python API on one article against the CLI's own path, in one process, warm.

`digest.summarize(article, sentences=3, keywords=10)` (options checked as the CLI checks them, on
every call) against what the pipeline calls for each article (`digest.engines.summarize` with
the SummaryOptions the CLI builds once per run), on the seed pages' articles, alternating, best of
--rounds. Needs no evaluation data.

    .venv/bin/python benchmarks/api_speed.py
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=7, help="rounds over all articles; the best is kept")
    args = ap.parse_args()

    import digest
    from digest.engines import summarize as engine_summarize
    from digest.options import resolve

    pages = sorted((ROOT / "seeds").glob("*.txt"))
    articles = [a for p in pages for a in digest.parse_page(p.read_text("utf-8")).content]
    options = resolve({"sentences": 3, "keywords": 10}, {}).summary_options()  # what the CLI builds once per run
    for a in articles:  # warm: tokenizer, lexicon, caches
        engine_summarize(a, options)

    def api() -> None:
        for a in articles:
            digest.summarize(a, sentences=3, keywords=10)

    def cli_path() -> None:
        for a in articles:
            engine_summarize(a, options)

    best = {"api": float("inf"), "cli": float("inf")}
    for _ in range(args.rounds):
        for name, fn in (("api", api), ("cli", cli_path)):
            t = time.perf_counter()
            fn()
            best[name] = min(best[name], time.perf_counter() - t)
    n = len(articles)
    same = [digest.summarize(a, sentences=3, keywords=10) for a in articles]
    assert same == [engine_summarize(a, options) for a in articles]
    print(f"{n} seed articles, best of {args.rounds} rounds, warm, one process")
    labels = {"api": "digest.summarize(article, sentences=3, keywords=10)", "cli": "the CLI's path (engines.summarize)"}
    for name, label in labels.items():
        print(f"  {label:55s} {best[name] / n * 1000:6.2f} ms per article")
    print(f"  API / CLI path: {best['api'] / best['cli']:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
