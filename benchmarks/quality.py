"""Summary and keyword quality on the shared evaluation data (development split), two tables.

    .venv/bin/python benchmarks/quality.py [--limit N] [--systems digest,lead,textrank4zh,jieba]

Summaries (../shared/eval/summaries.jsonl): ROUGE-1/2/L F1 over characters, punctuation and
whitespace removed, each system's summary joined into one string, at two budgets:
- 150 characters: every system picks whole sentences whose lengths (as printed, punctuation
  included) sum to at most 150 -- digest with its own budget fill, Lead with the leading
  sentences in article order, textrank4zh best-first -- and the joined string is then cut at
  150 characters, which only matters when even the first chosen sentence is longer;
- 3 sentences: the system's 3 chosen sentences in article order.
Keywords: F1 of the top k against the annotated set, exact match after NFKC; input is title and
text. News (../shared/eval/keywords-news.jsonl) at k = 3 and 5; science abstracts
(keywords-sci.jsonl) at k = 5; the same news without their headlines (the text alone, as items
reach a reader without a recognised headline); and the probes (benchmarks/probes.jsonl: 33
invented articles in finance, sport, entertainment, consumer tech and local news, some in the
style of web pages with their debris, gold = the 1-3 core entities), with and without headline.
The probes are a sanity check in registers the development sets lack, written and labelled by
us: 33 items decide nothing alone.

Evaluation data is read from ../shared beside the project and never copied; when it is absent
the benchmark says so and exits 0.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EVAL = ROOT.parent / "shared" / "eval"
sys.path.insert(0, str(ROOT))

PROBES = Path(__file__).resolve().parent / "probes.jsonl"

BUDGET = 150
N_SENTENCES = 3
K = 5


# --- metrics ------------------------------------------------------------------------------------


def chars(text: str) -> str:
    """Text without punctuation, symbols and whitespace, NFKC-folded, as ROUGE sees it."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(ch for ch in text if not ch.isspace() and unicodedata.category(ch)[0] not in "PSZC")


def _f1(overlap: float, n_sys: int, n_ref: int) -> float:
    if overlap <= 0 or n_sys == 0 or n_ref == 0:
        return 0.0
    p, r = overlap / n_sys, overlap / n_ref
    return 2 * p * r / (p + r)


def rouge_n(system: str, reference: str, n: int) -> float:
    def grams(s: str) -> Counter[str]:
        return Counter(s[i : i + n] for i in range(len(s) - n + 1))

    a, b = grams(system), grams(reference)
    return _f1(sum((a & b).values()), sum(a.values()), sum(b.values()))


def lcs_length(a: str, b: str) -> int:
    """Length of the longest common subsequence (bit-parallel, Hyyro 2004)."""
    if not a or not b:
        return 0
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | (1 << i)
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def rouge_l(system: str, reference: str) -> float:
    return _f1(lcs_length(system, reference), len(system), len(reference))


def prf(predicted: list[str], gold: list[str]) -> tuple[float, float, float]:
    pred = [unicodedata.normalize("NFKC", w) for w in predicted]
    ref = {unicodedata.normalize("NFKC", w) for w in gold}
    hit = len(set(pred) & ref)
    p = hit / len(pred) if pred else 0.0
    r = hit / len(ref) if ref else 0.0
    return p, r, (2 * p * r / (p + r) if hit else 0.0)


# --- systems ------------------------------------------------------------------------------------


def to_article(item: dict[str, str]) -> object:
    from digest.model import Article

    lines = tuple(line for line in item["text"].split("\n") if line.strip())
    headline = tuple(line for line in item.get("title", "").split("\n") if line.strip())
    return Article(id=item.get("id", ""), kind="news", headline=headline, dateline=None, authors=(), paragraphs=lines)


def cut(summary: list[str]) -> str:
    return "".join(summary)[:BUDGET]


def digest_summaries(item: dict[str, str]) -> tuple[list[str], list[str]]:
    from digest import summarize
    from digest.model import SummaryOptions

    article = to_article(item)
    at_budget = summarize(article, SummaryOptions(sentences=1000, max_chars=BUDGET, keywords=0))  # type: ignore[arg-type]
    at_n = summarize(article, SummaryOptions(sentences=N_SENTENCES, keywords=0))  # type: ignore[arg-type]
    return [s.text for s in at_budget.sentences], [s.text for s in at_n.sentences]


def lead_summaries(item: dict[str, str]) -> tuple[list[str], list[str]]:
    from digest.sentences import split_sentences

    sentences = [s.text for s in split_sentences(to_article(item).paragraphs)]  # type: ignore[attr-defined]
    return _fill(list(range(len(sentences))), sentences, stop_at_first_misfit=True), sentences[:N_SENTENCES]


def textrank4zh_summaries(item: dict[str, str]) -> tuple[list[str], list[str]]:
    from digest.engines.textrank4zh import key_sentences, map_to_sentences
    from digest.sentences import split_sentences

    article = to_article(item)
    sentences = split_sentences(article.paragraphs)  # type: ignore[attr-defined]
    ranked = map_to_sentences(key_sentences("\n".join(article.paragraphs)), sentences)  # type: ignore[attr-defined]
    texts = [s.text for s in sentences]
    return _fill(ranked, texts), [texts[i] for i in sorted(ranked[:N_SENTENCES])]


def _fill(ranked: list[int], texts: list[str], stop_at_first_misfit: bool = False) -> list[str]:
    """Ranked sentences that fit the budget, in article order; the first one alone if none fits."""
    chosen: list[int] = []
    used = 0
    for i in ranked:
        if used + len(texts[i]) > BUDGET:
            if stop_at_first_misfit and chosen:
                break
            continue
        chosen.append(i)
        used += len(texts[i])
    if not chosen and ranked:
        chosen = [ranked[0]]
    return [texts[i] for i in sorted(chosen)]


def digest_keywords(item: dict[str, str], k: int = K) -> list[str]:
    from digest import summarize
    from digest.model import SummaryOptions

    return [w.word for w in summarize(to_article(item), SummaryOptions(sentences=1, keywords=k)).keywords]  # type: ignore[arg-type]


def textrank4zh_keywords(item: dict[str, str], k: int = K) -> list[str]:
    from digest.engines.textrank4zh import keywords

    return [w.word for w in keywords(_title_and_text(item), k)]


def jieba_keywords(item: dict[str, str], k: int = K) -> list[str]:
    from digest.tokens import python_jieba

    python_jieba()  # per-user dictionary cache, quiet log
    import jieba.analyse

    return list(jieba.analyse.extract_tags(_title_and_text(item), topK=k))


def _title_and_text(item: dict[str, str]) -> str:
    return f"{item['title']}\n{item['text']}" if item.get("title") else item["text"]


# --- running ------------------------------------------------------------------------------------


def read(name: str, limit: int | None) -> list[dict[str, object]]:
    with open(EVAL / name, encoding="utf-8") as f:
        items = [json.loads(line) for line in f if line.strip()]
    return items[:limit] if limit else items


def without_headlines(items: list[dict[str, object]]) -> list[dict[str, object]]:
    return [{**item, "title": ""} for item in items]


def mean(xs: Iterable[float]) -> float:
    values = list(xs)
    return 100 * sum(values) / len(values) if values else 0.0


def score_summaries(
    fn: Callable[[dict[str, str]], tuple[list[str], list[str]]], items: list[dict[str, object]]
) -> tuple[list[float], float]:
    rows: list[tuple[float, ...]] = []
    start = time.perf_counter()
    outputs = [fn(item) for item in items]  # type: ignore[arg-type]
    seconds = time.perf_counter() - start
    for item, (at_budget, at_n) in zip(items, outputs, strict=True):
        ref = chars(str(item["summary"]))
        b, n = chars(cut(at_budget)), chars("".join(at_n))
        rows.append(
            (
                rouge_n(b, ref, 1),
                rouge_n(b, ref, 2),
                rouge_l(b, ref),
                rouge_n(n, ref, 1),
                rouge_n(n, ref, 2),
                rouge_l(n, ref),
            )
        )
    return [mean(col) for col in zip(*rows, strict=True)], seconds


def score_keywords(fn: Callable[[dict[str, str], int], list[str]], items: list[dict[str, object]], k: int) -> float:
    """Mean F1@k, in percent."""
    return mean(prf(fn(item, k)[:k], list(item["keywords"]))[2] for item in items)  # type: ignore[arg-type]


def print_table(header: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(r, widths, strict=True))))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N items of each file")
    parser.add_argument("--systems", default="digest,lead,textrank4zh,jieba", help="comma-separated systems to run")
    args = parser.parse_args(argv)
    if not EVAL.is_dir():
        print(f"skipped: no evaluation data at {EVAL}", file=sys.stderr)
        return 0
    wanted = args.systems.split(",")
    summaries = read("summaries.jsonl", args.limit)
    news = read("keywords-news.jsonl", args.limit)
    sci = read("keywords-sci.jsonl", args.limit)
    with open(PROBES, encoding="utf-8") as f:
        probes = [json.loads(line) for line in f if line.strip()]
    systems = {
        "digest": (digest_summaries, digest_keywords),
        "lead": (lead_summaries, None),
        "textrank4zh": (textrank4zh_summaries, textrank4zh_keywords),
        "jieba tf-idf": (None, jieba_keywords),
    }
    chosen = {name: fns for name, fns in systems.items() if name.split()[0] in wanted}

    print(
        f"Summaries: {len(summaries)} People's Daily features, ROUGE F1 over characters, at {BUDGET} characters "
        f"and at {N_SENTENCES} sentences (sec = wall time of the summary runs, first-use loading included)"
    )
    rows = []
    for name, (summ, _) in chosen.items():
        if summ is not None:
            scores, seconds = score_summaries(summ, summaries)  # type: ignore[arg-type]
            rows.append([name, *(f"{x:.1f}" for x in scores), f"{seconds:.2f}"])
    print_table(["system", "R1@150", "R2@150", "RL@150", "R1@3s", "R2@3s", "RL@3s", "sec"], rows)

    print(
        f"\nKeywords: F1@k (k after @) against the annotated keywords; news {len(news)} items, science {len(sci)}, "
        f"probes {len(probes)} (invented; a sanity check); -bare: the headline left out"
    )
    sets = [
        ("news@3", news, 3),
        ("news@5", news, 5),
        ("sci@5", sci, 5),
        ("news-bare@3", without_headlines(news), 3),
        ("news-bare@5", without_headlines(news), 5),
        ("probes@3", probes, 3),
        ("probes@5", probes, 5),
        ("probes-bare@3", without_headlines(probes), 3),
        ("probes-bare@5", without_headlines(probes), 5),
    ]
    rows = []
    for name, (_, kw) in chosen.items():
        if kw is not None:
            rows.append([name, *(f"{score_keywords(kw, items, k):.1f}" for _, items, k in sets)])  # type: ignore[arg-type]
    print_table(["system", *(label for label, _, _ in sets)], rows)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
