"""Page splitting on the People's Daily development pages (../shared/eval/pages.jsonl, text_plain).

Run: .venv/bin/python benchmarks/pages.py [-v]

Gold articles are the `articles` spans of `text_plain`; a gold article's text is its span
minus its title lines, and items with no such text (editor credit lines) are not scored.
A predicted content article (news/photo/commentary) with a body is found when the set of its
sentences (8 characters or more, split on 。！？ and the like) has Jaccard >= 0.9 with a gold
article's set; matching is one-to-one, best first. Precision is over predicted content
articles with a body, recall over scored gold articles; headline-exact is over found articles
(headline lines == gold title lines after NFKC and whitespace removal).

Two rows are printed. "strict" is the definition above, word for word. "normalized" also drops
a leading agency dateline from the first sentence and the unterminated tail (a byline or
credit after the last full stop) on both sides alike: the contract moves datelines and bylines
out of `paragraphs`, which under the strict row makes every short dated report unmatchable.
A third row, "broken", measures what the development pages cannot: they have no column breaks.
One in three body paragraphs of 30 characters or more is broken in two at a random point inside a
sentence (never right after a full stop), as a column break does, with a fixed seed per page; the
row scores the splitting of the broken pages against the same gold (normalized), and the line
under the table says how many of the breaks the parser joined back (the two sides of the break
are contiguous in one paragraph of its output).

The data is read in place and never copied; without ../shared the benchmark skips (exit 0).
"""

from __future__ import annotations

import json
import random
import re
import sys
import time
import unicodedata
import zlib
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
PAGES = ROOT.parent / "shared" / "eval" / "pages.jsonl"
sys.path.insert(0, str(ROOT))

from digest.model import ARTICLE_KINDS  # noqa: E402
from digest.page import parse_page  # noqa: E402

# Sentence ends: the text between two of them is one sentence.
SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)]*")
# Gold items that are editor credit lines (本版责编：…, 《 人民日报 》（ 2023年07月02日 01 版）) are
# not articles, whatever contact line follows them: they are not scored.
EDITOR_CREDIT = re.compile(r"^(?:本版责编|本版编辑|责任编辑|责编)|^《\s*人民日报\s*》")
# For the normalized row only: an agency dateline opening a sentence (本报北京7月1日电（记者…）).
LEADING_DATELINE = re.compile(r"^[^。！？]{0,24}?(?:讯|\d日电)(?:[(（][^()（）]{0,40}[)）])?")
MIN_SENTENCE = 8
THRESHOLD = 0.9
# Column breaks: one in BREAK_EVERY body paragraphs of BREAK_MIN characters or more is broken,
# the break at least BREAK_MARGIN characters from either end.
BREAK_EVERY, BREAK_MIN, BREAK_MARGIN = 3, 30, 4


def norm(text: str) -> str:
    """NFKC with all whitespace removed, so spacing and full/half width never matter."""
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def sentences(text: str, normalized: bool = False) -> frozenset[str]:
    """The set of sentences of 8 characters or more in a text.

    normalized: drop a leading agency dateline from the first sentence and the unterminated tail
    (a byline or credit after the last full stop), on both sides alike, so that a parser that
    moves datelines and bylines out of the body, as the contract asks, is not counted wrong.
    """
    parts = SENTENCE_END.split(norm(text))
    if normalized:
        parts = [LEADING_DATELINE.sub("", p, count=1) if i == 0 else p for i, p in enumerate(parts[:-1])]
    return frozenset(s for s in parts if len(s) >= MIN_SENTENCE)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """Jaccard similarity of two sentence sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def gold_articles(page: dict[str, Any], normalized: bool) -> list[tuple[list[str], frozenset[str]]]:
    """(title lines, sentence set) of each gold article; the title lines are cut from the span."""
    text = page["text_plain"]
    out = []
    for art in page["articles"]:
        titles = [t for t in (art.get("title") or "").split("\n") if t.strip()]
        lines = [ln for ln in text[art["plain_start"] : art["plain_end"]].split("\n") if ln.strip()]
        title_keys = [norm(t) for t in titles]
        body = list(lines)
        for key in title_keys:  # the title lines open the span, in order
            if body and norm(body[0]) == key:
                body.pop(0)
        if titles and EDITOR_CREDIT.match(norm(titles[0])):
            continue
        out.append(([norm(t) for t in titles], sentences("".join(body), normalized)))
    return out


def break_paragraphs(page: dict[str, Any]) -> tuple[str, list[str]]:
    """The page's text_plain with body paragraphs broken mid-sentence, as column breaks break
    them, and for each break the text that spans it (a few characters either side)."""
    rng = random.Random(zlib.crc32(page.get("id", "").encode("utf-8")))
    text = page["text_plain"]
    titles = {norm(t) for art in page["articles"] for t in (art.get("title") or "").split("\n")}
    out: list[str] = []
    spans: list[str] = []
    for line in text.split("\n"):
        stripped = line.strip()
        if len(stripped) < BREAK_MIN or norm(stripped) in titles or rng.randrange(BREAK_EVERY):
            out.append(line)
            continue
        cuts = [
            k for k in range(BREAK_MARGIN, len(stripped) - BREAK_MARGIN)
            if not SENTENCE_END.search(stripped[:k][-3:]) and not stripped[k].isspace()
        ]  # fmt: skip
        if not cuts:
            out.append(line)
            continue
        k = rng.choice(cuts)
        out += [stripped[:k], "", stripped[k:]]
        spans.append(norm(stripped[max(0, k - 6) : k + 6]))
    return "\n".join(out), spans


def rejoined(text: str, spans: list[str]) -> int:
    """How many of the spans are whole inside one paragraph of the parser's output."""
    doc = parse_page(text)
    paragraphs = [norm(p) for a in doc.articles for p in (*a.paragraphs, *a.headline)]
    return sum(any(span in p for p in paragraphs) for span in spans)


def score_page(page: dict[str, Any], normalized: bool = False, text: str | None = None) -> dict[str, Any]:
    """Counts and misses for one page (parsed from `text` when given, else its text_plain)."""
    gold = [g for g in gold_articles(page, normalized) if g[1]]
    doc = parse_page(page["text_plain"] if text is None else text, source=page.get("id", "<page>"))
    pred = []
    for a in doc.articles:
        if a.kind not in ARTICLE_KINDS or not a.paragraphs:
            continue
        text = "".join(a.paragraphs) + "".join(s for s in a.subheads if s not in a.paragraphs)
        pred.append(([norm(h) for h in a.headline], sentences(text, normalized)))
    pairs = sorted(
        ((jaccard(p[1], g[1]), i, j) for i, p in enumerate(pred) for j, g in enumerate(gold) if p[1] & g[1]),
        reverse=True,
    )
    used_p: set[int] = set()
    used_g: set[int] = set()
    found = exact = 0
    for score, i, j in pairs:
        if score < THRESHOLD or i in used_p or j in used_g:
            continue
        used_p.add(i)
        used_g.add(j)
        found += 1
        exact += pred[i][0] == gold[j][0]
    misses = [" / ".join(gold[j][0]) or "(no title)" for j in range(len(gold)) if j not in used_g]
    extras = [" / ".join(pred[i][0]) or "(no headline)" for i in range(len(pred)) if i not in used_p]
    return {"gold": len(gold), "pred": len(pred), "found": found, "exact": exact, "misses": misses, "extras": extras}


def run(
    pages: list[dict[str, Any]], normalized: bool, verbose: bool, texts: list[str] | None = None
) -> tuple[int, int, int, int]:
    """(gold, predicted, found, headline-exact) over all pages (parsed from `texts` when given)."""
    gold = pred = found = exact = 0
    for n, page in enumerate(pages):
        result = score_page(page, normalized, None if texts is None else texts[n])
        gold, pred = gold + result["gold"], pred + result["pred"]
        found, exact = found + result["found"], exact + result["exact"]
        if verbose and (result["misses"] or result["extras"]):
            print(f"{page.get('id')}: missed {result['misses']} extra {result['extras']}")
    return gold, pred, found, exact


def main(argv: list[str]) -> int:
    if not PAGES.exists():
        print(f"skipped: {PAGES} not found (the shared evaluation data is not beside the project)")
        return 0
    verbose = "-v" in argv
    pages = [json.loads(line) for line in PAGES.read_text(encoding="utf-8").splitlines() if line.strip()]
    start = time.perf_counter()
    rows = [
        (name, run(pages, normalized, verbose and normalized))
        for name, normalized in (("strict", False), ("normalized", True))
    ]
    broken = [break_paragraphs(page) for page in pages]
    rows.append(("broken", run(pages, True, False, [text for text, _ in broken])))
    breaks = sum(len(spans) for _, spans in broken)
    joined = sum(rejoined(text, spans) for text, spans in broken)
    elapsed = time.perf_counter() - start
    print(f"{'':<11}{'pages':>6} {'gold':>6} {'pred':>6} {'found':>6} {'P':>6} {'R':>6} {'F1':>6} {'head%':>6}")
    for name, (gold, pred, found, exact) in rows:
        p = found / pred if pred else 0.0
        r = found / gold if gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        head = exact / found if found else 0.0
        print(f"{name:<11}{len(pages):>6} {gold:>6} {pred:>6} {found:>6} {p:>6.1%} {r:>6.1%} {f1:>6.1%} {head:>6.1%}")
    print(f"mid-sentence breaks rejoined: {joined}/{breaks} = {joined / breaks if breaks else 0.0:.1%}")
    print(f"four runs in {elapsed:.2f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
