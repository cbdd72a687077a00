"""Paragraphs -> sentences, for Chinese news text.

A sentence ends at 。！？；… (and half-width ?!;); closing quotes and brackets stay with it;
a short attribution after a quotation (“……。”他说。) is joined to the quotation. Decimals and
abbreviations never split because a half-width full stop is not an end mark. Every sentence is
a verbatim substring of its paragraph, stripped of surrounding whitespace, never empty.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

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
    return [paragraph[a:b] for a, b in spans]


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
