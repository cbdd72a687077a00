"""Words for full-text search in Chinese, search expressions, and snippets.

SQLite's FTS5 splits text on spaces and punctuation; a run of Chinese characters would be one
token, so 南通港闸 could never be found by 南通. The archive therefore indexes words, cut by jieba
(digest.tokens) and joined by spaces, and adds every two-character piece of a longer word
(港闸区 also as 港闸 and 闸区): a two-character word is found even where jieba kept it inside a
longer one (市侨联). A search cuts its query the same way; a word of three characters or more is
found as itself or as the run of its two-character pieces, so 产业园 is found inside 产业园区.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from digest.textsafe import visible

_HAN = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")
_WORDISH = re.compile(r"\w")
SNIPPET = 64  # characters of context around the first match


def _is_han(word: str) -> bool:
    return _HAN.match(word) is not None


def _pieces(word: str) -> list[str]:
    return [word[i : i + 2] for i in range(len(word) - 1)]


def index_text(parts: Iterable[str]) -> str:
    """The words of `parts` for the full-text index, separated by spaces."""
    from digest.tokens import words

    out: list[str] = []
    for part in parts:
        for word in words(part):  # punctuation and spaces too: FTS5's tokenizer drops them
            out.append(word)
            if len(word) >= 3 and _is_han(word):
                out.extend(_pieces(word))
    return " ".join(out)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def query_terms(query: str) -> list[str]:
    """The words a query asks for, cut as the index was."""
    from digest.tokens import words

    return [w for part in query.split() for w in words(part) if _WORDISH.search(w)]


def match_expression(terms: Sequence[str]) -> str:
    """An FTS5 expression that needs every term; a long Chinese word also matches its pieces in a row."""
    parts = []
    for term in terms:
        if len(term) >= 3 and _is_han(term):
            parts.append(f"({_quoted(term)} OR {_quoted(' '.join(_pieces(term)))})")
        else:
            parts.append(_quoted(term))
    return " AND ".join(parts)


def snippet(title: str, body: str, terms: Sequence[str], size: int = SNIPPET) -> tuple[tuple[str, bool], ...]:
    """A piece of the body around the first match (the title's start when only the title matched),
    as (text, matched) pieces; every match inside it marked."""
    needles = sorted({t.casefold() for t in terms if t}, key=len, reverse=True)
    text = visible(" ".join(body.split()))
    folded = text.casefold()
    first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=-1)
    if first < 0:
        text = visible(" ".join(title.split())) if not body.strip() else text
        folded = text.casefold()
        first = min((i for i in (folded.find(n) for n in needles) if i >= 0), default=0)
    start = max(0, first - size // 3)
    end = min(len(text), start + size)
    start = max(0, min(start, end - size))
    window, low = text[start:end], folded[start:end]
    pieces: list[tuple[str, bool]] = [("…", False)] if start > 0 else []
    i = plain = 0
    while i < len(window):
        hit = next((n for n in needles if low.startswith(n, i)), None)
        if hit is None:
            i += 1
            continue
        if plain < i:
            pieces.append((window[plain:i], False))
        pieces.append((window[i : i + len(hit)], True))
        i = plain = i + len(hit)
    if plain < len(window):
        pieces.append((window[plain:], False))
    if end < len(text):
        pieces.append(("…", False))
    return _merged(pieces)


def _merged(pieces: list[tuple[str, bool]]) -> tuple[tuple[str, bool], ...]:
    out: list[tuple[str, bool]] = []
    for text, marked in pieces:
        if out and out[-1][1] == marked:
            out[-1] = (out[-1][0] + text, marked)
        else:
            out.append((text, marked))
    return tuple(out)
