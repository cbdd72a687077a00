"""Train the page parser's small learned decisions (digest/page/learned.py) on the development pages.

Run: .venv/bin/python benchmarks/train_layout.py [--folds 5] [--write]

Models, each a logistic regression over named binary features with an L2 penalty:

    fragment   is a head-shaped line the first half of a sentence cut by a column break? Examples:
               the development pages broken at random points inside sentences (other seeds than
               benchmarks/pages.py uses), the left halves that look like headings (yes) against
               every other head-shaped line followed by text (no).
    split      does a group of head lines after body text open a new article (yes) or is it a
               sub-heading of the open one (no)? Examples: every group the parser's walk weighs on
               the development pages, the walk led by the gold answer.

Cross-validation: the pages are dealt into folds; for each fold the models are trained on the other
pages and benchmarks/pages.py's rows are measured on the fold's pages alone, so every figure is
on pages the models never saw. Per-fold figures and their spread are printed. With --write the
models trained on all pages go to digest/data/layout.json.

The data is read in place and never copied; without ../shared the script skips (exit 0).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import zlib
from collections import Counter
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from scipy.optimize import minimize

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import pages as bench  # noqa: E402

from digest.page import learned, roles  # noqa: E402
from digest.page.articles import group_articles  # noqa: E402
from digest.page.lines import clean_line  # noqa: E402
from digest.page.roles import (  # noqa: E402
    FRAGMENT_ODDS,
    classify,
    fragment_features,
    may_be_fragment,
    near_text,
    series_near,
    shape_roles,
)

Sample = tuple[list[str], int]
# Features seen fewer times than this in training get no weight.
MIN_COUNT = 10
# L2 penalty on the weights (not on the bias).
L2 = 10.0
SETTINGS = {"l2": L2, "min_count": MIN_COUNT}
# Training breaks: this many broken copies of each page, with seeds other than the benchmark's.
COPIES = 2


def broken_lines(page: dict[str, Any], copy: int) -> tuple[list[str], set[int]]:
    """The page's cleaned lines with body paragraphs broken as benchmarks/pages.py breaks them
    (another seed), and the indices of the left halves."""
    rng = random.Random(zlib.crc32(f"{page.get('id', '')}/train{copy}".encode()))
    titles = {bench.norm(t) for art in page["articles"] for t in (art.get("title") or "").split("\n")}
    lines: list[str] = []
    left: set[int] = set()
    for raw in page["text_plain"].split("\n"):
        line = clean_line(raw)
        if not line:
            continue
        if len(line) < bench.BREAK_MIN or bench.norm(line) in titles or rng.randrange(bench.BREAK_EVERY):
            lines.append(line)
            continue
        cuts = [
            k for k in range(bench.BREAK_MARGIN, len(line) - bench.BREAK_MARGIN)
            if not bench.SENTENCE_END.search(line[:k][-3:]) and not line[k].isspace()
        ]  # fmt: skip
        if not cuts:
            lines.append(line)
            continue
        k = rng.choice(cuts)
        left.add(len(lines))
        lines += [line[:k].strip(), line[k:].strip()]
    return lines, left


def fragment_samples(pages: list[dict[str, Any]]) -> list[Sample]:
    """(features, is the first half of a broken sentence) for every head-shaped line followed by text."""
    out: list[Sample] = []
    for page in pages:
        for copy in range(COPIES):
            lines, left = broken_lines(page, copy)
            blocks = shape_roles(lines)
            for i, b in enumerate(blocks):
                if may_be_fragment(blocks, i):
                    prev = blocks[i - 1] if i else None
                    near, series = near_text(blocks, i), series_near(blocks, i)
                    feats = fragment_features(b.text, blocks[i + 1].text, prev, near, series)
                    out.append((feats, int(i in left)))
    return out


def gold_lines(page: dict[str, Any]) -> tuple[list[str], set[int]]:
    """The page's cleaned lines (as split_lines gives them) and the indices of those that open a
    gold article."""
    starts = {art["plain_start"] for art in page["articles"]}
    lines: list[str] = []
    opening: set[int] = set()
    offset = 0
    for raw in page["text_plain"].split("\n"):
        line = clean_line(raw)
        if line:
            if offset in starts or offset + (len(raw) - len(raw.lstrip())) in starts:
                opening.add(len(lines))
            lines.append(line)
        offset += len(raw) + 1
    return lines, opening


def split_samples(pages: list[dict[str, Any]]) -> list[Sample]:
    """(features, opens a new article) for every head-line group the walk weighs, the walk led by
    the gold answer."""
    out: list[Sample] = []
    for page in pages:
        lines, opening = gold_lines(page)

        def decide(i: int, features: list[str], opening: set[int] = opening) -> bool:
            out.append((features, int(i in opening)))
            return i in opening

        group_articles(classify(lines), decide)
    return out


# Trained in this order, each with the models before it in use.
MODELS: dict[str, Callable[[list[dict[str, Any]]], list[Sample]]] = {
    "fragment": fragment_samples,
    "split": split_samples,
}


def fit(samples: list[Sample]) -> dict[str, float]:
    """Logistic regression weights by feature name (bias under learned.BIAS)."""
    counts = Counter(f for feats, _ in samples for f in set(feats))
    names = sorted(f for f, c in counts.items() if c >= SETTINGS["min_count"])
    index = {f: j for j, f in enumerate(names)}
    x = np.zeros((len(samples), len(names) + 1), dtype=np.float64)
    x[:, -1] = 1.0
    for i, (feats, _) in enumerate(samples):
        for f in feats:
            j = index.get(f)
            if j is not None:
                x[i, j] = 1.0
    y = np.array([label for _, label in samples], dtype=np.float64)
    penalty = np.full(len(names) + 1, SETTINGS["l2"])
    penalty[-1] = 0.0

    def loss(w: np.ndarray) -> tuple[float, np.ndarray]:
        z = x @ w
        p = 1.0 / (1.0 + np.exp(-z))
        value = float(np.sum(np.logaddexp(0.0, z) - y * z) + 0.5 * np.sum(penalty * w * w))
        grad = x.T @ (p - y) + penalty * w
        return value, grad

    w = minimize(loss, np.zeros(len(names) + 1), jac=True, method="L-BFGS-B").x
    weights = {f: round(float(w[j]), 3) for f, j in index.items() if abs(w[j]) >= 0.005}
    weights[learned.BIAS] = round(float(w[-1]), 3)
    return weights


def train(pages: list[dict[str, Any]]) -> dict[str, dict[str, float]]:
    """Every model trained on these pages; the samples are read with no model in use."""
    models: dict[str, dict[str, float]] = {}
    for name, samples in MODELS.items():
        learned.use(dict(models))
        models[name] = fit(samples(pages))
    return models


def measure(pages: list[dict[str, Any]]) -> dict[str, float]:
    """benchmarks/pages.py's figures on these pages: normalized F1, headline exact, broken F1, rejoined."""
    out: dict[str, float] = {}
    gold, pred, found, exact = bench.run(pages, True, False)
    out["F1"] = 2 * found / (gold + pred) if gold + pred else 0.0
    out["head"] = exact / found if found else 0.0
    broken = [bench.break_paragraphs(page) for page in pages]
    gold, pred, found, _ = bench.run(pages, True, False, [text for text, _ in broken])
    out["broken F1"] = 2 * found / (gold + pred) if gold + pred else 0.0
    spans = sum(len(s) for _, s in broken)
    out["rejoined"] = sum(bench.rejoined(t, s) for t, s in broken) / spans if spans else 0.0
    return out


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="write digest/data/layout.json")
    parser.add_argument("--l2", type=float, default=SETTINGS["l2"], help="L2 penalty")
    parser.add_argument("--min-count", type=int, default=int(SETTINGS["min_count"]), help="rarer features: no weight")
    parser.add_argument("--odds", type=float, nargs="*", default=[], help="fragment thresholds to compare")
    args = parser.parse_args(argv)
    SETTINGS.update(l2=args.l2, min_count=args.min_count)
    if not bench.PAGES.exists():
        print(f"skipped: {bench.PAGES} not found (the shared evaluation data is not beside the project)")
        return 0
    pages = [json.loads(line) for line in bench.PAGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    order = list(range(len(pages)))
    random.Random(0).shuffle(order)
    folds = [[pages[i] for i in order[k :: args.folds]] for k in range(args.folds)]
    rows = []
    for k, test in enumerate(folds):
        rest = [p for j, fold in enumerate(folds) if j != k for p in fold]
        models = train(rest)
        learned.use({})
        base = measure(test)
        for odds in args.odds:
            roles.FRAGMENT_ODDS = odds
            learned.use(models)
            print(f"  odds {odds}: " + "  ".join(f"{key} {v:.1%}" for key, v in measure(test).items()))
        roles.FRAGMENT_ODDS = FRAGMENT_ODDS
        learned.use(models)
        rows.append(measure(test))
        print(f"fold {k + 1} ({len(test)} pages): " + "  ".join(
            f"{key} {base[key]:.1%} -> {rows[-1][key]:.1%}" for key in rows[-1]))
    for key in rows[0]:
        values = np.array([r[key] for r in rows])
        print(f"{key:<10} mean {values.mean():.1%}  min {values.min():.1%}  max {values.max():.1%}"
              f"  spread {values.max() - values.min():.1%}")
    learned.use(None)
    if args.write:
        models = train(pages)
        learned.WEIGHTS_FILE.write_text(
            json.dumps({"about": "trained by benchmarks/train_layout.py on the development pages",
                        "models": models}, ensure_ascii=False, sort_keys=True) + "\n",
            encoding="utf-8",
        )
        print(f"wrote {learned.WEIGHTS_FILE} ({sum(map(len, models.values()))} weights)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
