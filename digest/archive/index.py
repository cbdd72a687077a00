"""Words for full-text search in Chinese, search expressions, and snippets.

SQLite's FTS5 splits text on spaces and punctuation; a run of Chinese characters would be one
token, so 南通港闸 could never be found by 南通. The archive therefore indexes words, cut by jieba
(digest.tokens) and joined by spaces, and, in columns of their own, every two-character piece
of a longer word (港闸区 also as 港闸 and 闸区): a two-character word is found even where jieba
kept it inside a longer one (市侨联). A search cuts its query the same way, and finds each query
word as written: its words in a row, or its pieces in a row inside a longer word (产业园 inside
产业园区). docs/archive.md explains why.
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


def index_text(parts: Iterable[str]) -> tuple[str, str]:
    """The words of `parts` for the full-text index, separated by spaces, in order; and apart, the
    two-character pieces of the longer Chinese words (kept out of the words' own stream, so that
    words that follow each other in the text stay next to each other in the index)."""
    from digest.tokens import words

    out: list[str] = []
    pieces: list[str] = []
    for part in parts:
        for word in words(part):  # punctuation and spaces too: FTS5's tokenizer drops them
            out.append(word)
            if len(word) >= 3 and _is_han(word):
                pieces.extend(_pieces(word))
    return " ".join(out), " ".join(pieces)


def _quoted(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def query_words(query: str) -> list[tuple[str, list[str]]]:
    """Each word of a query (separated by spaces) with its words as the index cut them."""
    from digest.tokens import words

    out: list[tuple[str, list[str]]] = []
    for part in dict.fromkeys(query.split()):
        cut = [w for w in words(part) if _WORDISH.search(w)]
        if cut:
            out.append((part, cut))
    return out


def query_terms(query: str) -> list[str]:
    """What a snippet marks: each query word as written, and its words."""
    found = query_words(query)
    return list(dict.fromkeys([w for w, _ in found] + [t for _, cut in found for t in cut]))


def match_expression(found: Sequence[tuple[str, list[str]]]) -> str:
    """An FTS5 expression that needs every query word, each as written: its words in a row in
    the title or body, or (a Chinese word) its two-character pieces in a row inside a longer word."""
    parts = []
    for word, cut in found:
        main = "{title body} : " + _quoted(" ".join(cut))
        if len(word) >= 2 and _is_han(word):
            main = f"({main} OR {{title_pieces body_pieces}} : {_quoted(' '.join(_pieces(word)))})"
        parts.append(main)
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
