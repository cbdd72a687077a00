"""What every engine shares: an article split into sentences and tagged once, which sentences
may be summary material, and how long a summary may be."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from digest.cues import (
    CITED_ENDINGS,
    CITED_OPENING,
    CLAUSE_STOPS,
    CREDIT_ROLES,
    FULL_STOPS,
    OWN_PAPER,
    ROLE_QUALIFIERS,
    WIRE_SERVICES,
    alternation,
)
from digest.model import DEFAULT_SENTENCES, Article, Sentence, SummaryOptions
from digest.textsafe import LETTER

if TYPE_CHECKING:
    from digest.arrays import IntArray
    from digest.lexicon import Lexicon

# Sentences that are only a byline, a dateline or a photo credit are never summary material.
_CREDIT_OPENERS = ("本报", *ROLE_QUALIFIERS)
_BYLINE = (
    rf"^[(（【\[]?\s*{alternation(_CREDIT_OPENERS)}?{alternation(CREDIT_ROLES)}"
    rf"[\s:：/]*(?:{LETTER}|[·\s、/]){{0,24}}[)）】\]]?\s*$"
)
_DATELINE = (
    rf"^[(（]?(?:{alternation(OWN_PAPER)}讯|{alternation(OWN_PAPER + WIRE_SERVICES)}(?:{LETTER}|\d){{0,12}}电"
    rf"|{CITED_OPENING}{LETTER}{{1,10}}{alternation(CITED_ENDINGS)})[)）]?\s*$"
)
# How each must begin (after one opening bracket and spaces): tested first, so that most runs
# never compile the patterns (their CJK ranges cost about a millisecond each).
_BYLINE_OPENINGS = _CREDIT_OPENERS + CREDIT_ROLES
_DATELINE_OPENINGS = (*OWN_PAPER, *WIRE_SERVICES, CITED_OPENING)
MIN_SENTENCE_CHARS = 6
SUBHEAD_CHARS = 20  # a shorter line with no end mark is a sub-heading
_END_MARKS = frozenset(FULL_STOPS + CLAUSE_STOPS)

# Content-word flags for sentence vectors.
_CONTENT_INITIALS = frozenset("nvaijlts")


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article split and tagged once, shared by the ranker and the keyword extractor."""

    sentences: list[Sentence]
    lexicon: Lexicon
    ids: IntArray  # token ids (see digest.lexicon) of the title, then of every sentence
    part: IntArray  # for each of those tokens: 0 in the title, i + 1 in sentence i


def analyse(article: Article, user_dict: str | None = None, stopwords: frozenset[str] = frozenset()) -> Analysis:
    from digest import tokens
    from digest.keywords import shipped_stopwords
    from digest.lexicon import lexicon
    from digest.sentences import split_sentences

    sentences = split_sentences(article.paragraphs)
    lex = lexicon(shipped_stopwords() | stopwords)
    # Each part's tokens are encoded as soon as tagged, then dropped: ids are all that is kept.
    texts = ["\n".join(article.headline), *(s.text for s in sentences)]
    ids, part = lex.encode(tokens.tag(t, user_dict) if t else [] for t in texts)
    return Analysis(sentences, lex, ids, part)


def is_content(word: str, flag: str) -> bool:
    """Words that carry a sentence's content: nouns, verbs, adjectives, idioms, names, foreign words."""
    return flag[:1] in _CONTENT_INITIALS or flag == "eng"


def is_byline(text: str) -> bool:
    opened = text[1:] if text[:1] in "(（【[" else text
    if opened.lstrip().startswith(_BYLINE_OPENINGS) and re.match(_BYLINE, text):
        return True
    opened = text[1:] if text[:1] in "(（" else text
    return opened.startswith(_DATELINE_OPENINGS) and re.match(_DATELINE, text) is not None


def is_summary_material(text: str) -> bool:
    """Not a byline or dateline, not a fragment, not a sub-heading (short, with no end mark), not
    a run of text with no mark at all (longer than MAX_SENTENCE_CHARS: see digest.sentences)."""
    from digest.sentences import MAX_SENTENCE_CHARS

    if not MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS or is_byline(text):
        return False
    return len(text) >= SUBHEAD_CHARS or text.rstrip("”’」』）)】》\"' ")[-1:] in _END_MARKS


def budget(options: SummaryOptions, n_sentences: int) -> tuple[int, int | None]:
    """(max sentences, max chars): every length option given is a cap and the smallest wins;
    with none, DEFAULT_SENTENCES sentences."""
    caps = []
    if options.sentences is not None:
        caps.append(options.sentences)
    if options.ratio is not None:
        caps.append(max(1, math.ceil(options.ratio * n_sentences)))
    if not caps and options.max_chars is None:
        caps.append(DEFAULT_SENTENCES)
    return (min(caps) if caps else max(n_sentences, 1)), options.max_chars
