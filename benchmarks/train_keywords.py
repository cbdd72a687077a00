"""Train the keyword ranker on the development keyword sets, with k-fold cross-validation.

    .venv/bin/python benchmarks/train_keywords.py            # cross-validation report only
    .venv/bin/python benchmarks/train_keywords.py --save     # ... then write digest/data/keyword-ranker.json

Data: ../shared/eval/keywords-news.jsonl (news) and keywords-sci.jsonl (science abstracts), read
in place and never copied; without them the script says so and exits 0. numpy only.

Each article gives its candidates (digest.keywords.keyword_candidates, exactly what the
extractor ranks) with one feature row each (digest.keywords.features); a candidate is positive
when it is one of the annotated keywords (exact match after NFKC). The model is a listwise
logistic (softmax) ranker: per article, the cross-entropy between the softmax of the scores and
the annotated keywords' share, summed over articles with a small L2 penalty, minimised by
Newton's method with a line search. Both registers train one model and weigh the same (each
article the same within its register), so the weights are no fit to one kind of text.

Two weight sets are trained: "title" on the articles as given, "bare" on the same articles
with the headline dropped (an item without a headline must let frequency carry what a headline
would say). Cross-validation: folds over articles within each register (seed 0); each fold's
model is trained on the other folds of both registers and scored on the held-out fold of each.
Reported: F1@3 and F1@5, mean ± s.d. over folds, [min, max], and each fold.
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from quality import EVAL, prf, to_article  # noqa: E402

REGISTERS = {"news": "keywords-news.jsonl", "sci": "keywords-sci.jsonl"}
WEIGHTS = HERE.parent / "digest" / "data" / "keyword-ranker.json"
KS = (3, 5)


def nfkc(word: str) -> str:
    return unicodedata.normalize("NFKC", word)


def read(name: str) -> list[dict[str, object]]:
    with open(EVAL / name, encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def prepare(items: list[dict[str, object]], bare: bool):  # type: ignore[no-untyped-def]
    """Per article: (feature rows, labels, candidates, gold keywords)."""
    import numpy as np

    from digest.analysis import analyse
    from digest.keywords import features, keyword_candidates

    out = []
    for item in items:
        if bare:
            item = {**item, "title": ""}
        article = to_article(item)  # type: ignore[arg-type]
        an = analyse(article)  # type: ignore[arg-type]
        title = "\n".join(article.headline)  # type: ignore[attr-defined]
        text = title + "".join(s.text for s in an.sentences)
        c = keyword_candidates(an.lexicon, an.ids, an.part, title, text)
        gold = list(item["keywords"])  # type: ignore[call-overload]
        wanted = {nfkc(k) for k in gold}
        y = np.array([nfkc(w) in wanted for w in c.words], dtype=float)
        out.append((features(c, title), y, c, gold))
    return out


def fit(groups, targets, article_weights, l2: float = 1e-3, iters: int = 50):  # type: ignore[no-untyped-def]
    """Damped Newton on the listwise softmax loss; articles without a positive candidate are skipped."""
    import numpy as np

    d = groups[0].shape[1]
    w = np.zeros(d)
    keep = [(x, y / y.sum(), g) for x, y, g in zip(groups, targets, article_weights, strict=True)
            if y.sum() > 0 and len(y) > 1]  # fmt: skip

    def loss(w):  # type: ignore[no-untyped-def]
        total = 0.5 * l2 * w @ w
        for x, t, g in keep:
            s = x @ w
            m = s.max()
            total += g * (-(t @ s) + m + np.log(np.exp(s - m).sum()))
        return total

    current = loss(w)
    for _ in range(iters):
        grad = l2 * w
        hess = l2 * np.eye(d)
        for x, t, g in keep:
            s = x @ w
            p = np.exp(s - s.max())
            p /= p.sum()
            grad = grad + g * (x.T @ (p - t))
            xp = x.T @ p
            hess = hess + g * ((x * p[:, None]).T @ x - np.outer(xp, xp))
        step = np.linalg.solve(hess, grad)
        a = 1.0
        while a > 1e-4:
            new = loss(w - a * step)
            if new <= current:
                break
            a *= 0.5
        w = w - a * step
        done = current - new < 1e-9
        current = new
        if done:
            break
    return w


def scores(w, data):  # type: ignore[no-untyped-def]
    """F1@k (k in KS) of every article, in percent, as an array articles x len(KS)."""
    import numpy as np

    from digest.keywords import choose

    rows = []
    for x, _, c, gold in data:
        s = x @ w if c.words else np.zeros(0)
        rows.append([prf([c.words[i] for i in choose(c, s, k)], gold)[2] for k in KS])
    return 100 * np.array(rows)


def folds(n: int, k: int, seed: int):  # type: ignore[no-untyped-def]
    import numpy as np

    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(k)]


def training_set(data, registers, leave_out):  # type: ignore[no-untyped-def]
    """Feature rows, labels and article weights of every article not left out; each register weighs 1."""
    xs, ys, gw = [], [], []
    for r in registers:
        kept = [d for i, d in enumerate(data[r]) if i not in leave_out.get(r, set())]
        xs += [d[0] for d in kept]
        ys += [d[1] for d in kept]
        gw += [1.0 / len(kept)] * len(kept)
    return xs, ys, gw


def cross_validate(data, k: int, seed: int, l2: float):  # type: ignore[no-untyped-def]
    """{register: folds x len(KS) array of mean F1}."""
    import numpy as np

    splits = {r: folds(len(d), k, seed) for r, d in data.items()}
    result: dict[str, list[object]] = {r: [] for r in data}
    for f in range(k):
        held = {r: set(splits[r][f].tolist()) for r in data}
        w = fit(*training_set(data, list(data), held), l2=l2)
        for r in data:
            result[r].append(scores(w, [data[r][i] for i in splits[r][f]]).mean(axis=0))
    return {r: np.array(v) for r, v in result.items()}


def report(name: str, cv, shipped) -> None:  # type: ignore[no-untyped-def]
    for r, a in cv.items():
        cells = []
        for j, k in enumerate(KS):
            col = a[:, j]
            cells.append(
                f"F1@{k} {col.mean():5.2f} ±{col.std():4.2f} [{col.min():5.2f}, {col.max():5.2f}]"
                f" folds {' '.join(f'{v:5.2f}' for v in col)}"
            )
        tail = f" | shipped weights (in-sample) @3 {shipped[r][0]:5.2f} @5 {shipped[r][1]:5.2f}" if shipped else ""
        print(f"  {name:5s} {r:4s} " + "  ".join(cells) + tail)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--l2", type=float, default=1e-3, help="L2 penalty on the weights")
    parser.add_argument("--save", action="store_true", help=f"fit on all data and write {WEIGHTS.name}")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"skipped: no evaluation data at {EVAL}", file=sys.stderr)
        return 0
    from digest.keywords import FEATURES, ranker_weights

    items = {r: read(f) for r, f in REGISTERS.items()}
    shipped_weights = ranker_weights() if WEIGHTS.exists() else None
    fitted: dict[str, object] = {}
    print(f"{args.folds}-fold cross-validation, seed {args.seed}, l2 {args.l2}; F1 in percent")
    for which, bare in (("title", False), ("bare", True)):
        data = {r: prepare(v, bare) for r, v in items.items()}
        cv = cross_validate(data, args.folds, args.seed, args.l2)
        shipped = (
            {r: scores(shipped_weights[which], d).mean(axis=0) for r, d in data.items()} if shipped_weights else None
        )
        report(which, cv, shipped)
        if args.save:
            w = fit(*training_set(data, list(data), {}), l2=args.l2)
            fitted[which] = {"features": list(FEATURES), "weights": [round(float(v), 5) for v in w]}
            print("    " + ", ".join(f"{f} {v:+.2f}" for f, v in zip(FEATURES, w, strict=True)))
    if args.save:
        about = (
            "keyword ranker: listwise logistic weights over digest.keywords.FEATURES, written by "
            "benchmarks/train_keywords.py on the development keyword sets (news and science, each "
            "weighing the same); title = articles with a headline, bare = without"
        )
        text = json.dumps({"about": about, **fitted}, ensure_ascii=False, indent=1) + "\n"
        WEIGHTS.write_text(text, encoding="utf-8")
        print(f"wrote {WEIGHTS}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
