"""Paragraphs -> sentences, for Chinese news text.

A sentence ends at 。！？；… (and half-width ?!;); closing quotes and brackets stay with it;
a short attribution after a quotation (“……。”他说。) is joined to the quotation. Decimals and
abbreviations never split because a half-width full stop is not an end mark. Every sentence is
a verbatim substring of its paragraph, stripped of surrounding whitespace, never empty.

A "sentence" longer than MAX_SENTENCE_CHARS (real ones stay under 200) is cut after a clause
mark, an end mark or a space, into pieces of at most that length; a run of text with no such
mark is cut into pieces of at most LONG_RUN_CHARS, longer than any summary sentence may be, so
never chosen for one (digest.analysis), but still read for keywords in bounded pieces.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

from digest.cues import CLAUSE_STOPS, CLOSERS, FULL_STOPS, SPEECH_VERBS, alternation
from digest.model import Sentence

_END = FULL_STOPS + CLAUSE_STOPS
_CLOSE = CLOSERS
# An end-mark run with its closers, or the end of the paragraph.
_SENTENCE = re.compile(rf"[^{re.escape(_END)}]*(?:[{re.escape(_END)}]+[{re.escape(_CLOSE)}\s]*|$)")
# “……。”他说。 / ”记者了解到，  — the speaker after a quotation, with nothing else said.
_ATTRIBUTION = re.compile(
    rf"^[^。！？；!?;“”「」]{{0,14}}?{alternation(SPEECH_VERBS)}(?:道)?[。！？；!?;，,]?$"
)
_QUOTE_END = tuple("”」』'\"")
# “太好了！”他笑着说，“明年再来。” — the speaker between two parts of one quotation.
_ATTRIBUTION_BETWEEN = re.compile(
    rf"^[^。！？；!?;“”「」]{{0,14}}?{alternation(SPEECH_VERBS)}[，,：:]“"
)


MAX_SENTENCE_CHARS = 300
LONG_RUN_CHARS = 2_000
_CLAUSE_MARKS = "，、：,:"
# Where an over-long sentence may be cut: after the first of a run of marks or spaces (a run of
# a million 。 is no sentence, and must not make the one before it a million characters long).
_BREAK = re.compile(rf"[{re.escape(_END + _CLAUSE_MARKS)}\s](?<![{re.escape(_END + _CLAUSE_MARKS)}\s].)")


def split_paragraph(paragraph: str) -> list[str]:
    """Sentences of one paragraph, verbatim.

    >>> split_paragraph("“今年产量增长3.5%。”他说。记者了解到")
    ['“今年产量增长3.5%。”他说。', '记者了解到']
    """
    spans: list[tuple[int, int]] = []
    for match in _SENTENCE.finditer(paragraph):
        piece = match.group()
        stripped = piece.strip()
        if not any(ch not in _END + _CLOSE for ch in stripped):
            continue  # nothing but marks: not a sentence
        start = match.start() + piece.index(stripped)
        end = start + len(stripped)
        if spans and _joins_previous(paragraph[slice(*spans[-1])], stripped):
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    out: list[str] = []
    for a, b in spans:
        if b - a <= MAX_SENTENCE_CHARS:
            out.append(paragraph[a:b])
            continue
        for i, j in _cut_long(paragraph, a, b):
            piece = paragraph[i:j].strip()
            if any(ch not in _END + _CLOSE for ch in piece):
                out.append(piece)
    return out


def _cut_long(text: str, start: int, end: int) -> Iterator[tuple[int, int]]:
    """Consecutive pieces of text[start:end]: each ends at a break and is at most
    MAX_SENTENCE_CHARS long where the breaks allow; a longer run with no break is cut in equal
    pieces of at most LONG_RUN_CHARS (each longer than MAX_SENTENCE_CHARS)."""
    breaks = [m.end() for m in _BREAK.finditer(text, start, end)]  # just after each break
    i = start
    while i < end:
        if end - i <= MAX_SENTENCE_CHARS:
            yield i, end
            return
        k = bisect.bisect_right(breaks, i + MAX_SENTENCE_CHARS) - 1
        if k >= 0 and breaks[k] > i:
            stop = breaks[k]
        else:  # no break within reach: a run that goes on to the next break
            k = bisect.bisect_right(breaks, i)
            run = (breaks[k] if k < len(breaks) else end) - i
            parts = -(-run // LONG_RUN_CHARS)
            stop = i + -(-run // parts)
        yield i, stop
        i = stop


def _joins_previous(previous: str, piece: str) -> bool:
    """A piece that is only the speaker of the quotation before it."""
    return previous.endswith(_QUOTE_END) and bool(_ATTRIBUTION.match(piece) or _ATTRIBUTION_BETWEEN.match(piece))


def split_sentences(paragraphs: Iterable[str]) -> list[Sentence]:
    """All sentences of an article, numbered in order, each knowing its paragraph."""
    out: list[Sentence] = []
    for pi, paragraph in enumerate(paragraphs):
        for text in split_paragraph(paragraph):
            out.append(Sentence(text=text, index=len(out), paragraph=pi))
    return out
