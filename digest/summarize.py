"""Article -> Summary: sentences, one tagging pass, ranking, keywords and entities."""

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
from digest.model import Article, Sentence, Summary, SummaryOptions
from digest.textsafe import HAN

if TYPE_CHECKING:
    from digest.arrays import IntArray
    from digest.lexicon import Lexicon

# Sentences that are only a byline, a dateline or a photo credit are never summary material.
_CREDIT_OPENERS = ("本报", *ROLE_QUALIFIERS)
_BYLINE = (
    rf"^[(（【\[]?\s*{alternation(_CREDIT_OPENERS)}?{alternation(CREDIT_ROLES)}"
    rf"[\s:：/]*[{HAN}·\s、/]{{0,24}}[)）】\]]?\s*$"
)
_DATELINE = (
    rf"^[(（]?(?:{alternation(OWN_PAPER)}讯|{alternation(OWN_PAPER + WIRE_SERVICES)}[{HAN}\d]{{0,12}}电"
    rf"|{CITED_OPENING}[{HAN}]{{1,10}}{alternation(CITED_ENDINGS)})[)）]?\s*$"
)
# How each must begin (after one opening bracket and spaces): tested first, so that most runs
# never compile the patterns (their CJK ranges cost about a millisecond each).
_BYLINE_OPENINGS = _CREDIT_OPENERS + CREDIT_ROLES
_DATELINE_OPENINGS = (*OWN_PAPER, *WIRE_SERVICES, CITED_OPENING)
MIN_SENTENCE_CHARS = 6
SUBHEAD_CHARS = 20  # a shorter line with no end mark is a sub-heading
_END_MARKS = frozenset(FULL_STOPS + CLAUSE_STOPS)

# Ranking weights: centrality and headline overlap carry the content, the lead prior the news
# convention that facts come first. Scores are each scaled to [0, 1] before mixing.
W_CENTRAL = 1.0
W_TITLE = 1.0
W_LEAD = 0.6
LEAD_DECAY = 0.5
REDUNDANCY = 0.6
LENGTH_POWER = 0.0  # 0: fill a character budget best-first; per-character density chose worse
DUPLICATE = 0.85
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


def _is_content(word: str, flag: str) -> bool:
    """Words that carry a sentence's content: nouns, verbs, adjectives, idioms, names, foreign words."""
    return flag[:1] in _CONTENT_INITIALS or flag == "eng"


def is_byline(text: str) -> bool:
    opened = text[1:] if text[:1] in "(（【[" else text
    if opened.lstrip().startswith(_BYLINE_OPENINGS) and re.match(_BYLINE, text):
        return True
    opened = text[1:] if text[:1] in "(（" else text
    return opened.startswith(_DATELINE_OPENINGS) and re.match(_DATELINE, text) is not None


def is_summary_material(text: str) -> bool:
    """Not a byline or dateline, not a fragment, not a sub-heading (short, with no end mark)."""
    if len(text) < MIN_SENTENCE_CHARS or is_byline(text):
        return False
    return len(text) >= SUBHEAD_CHARS or text.rstrip("”’」』）)】》\"' ")[-1:] in _END_MARKS


def budget(options: SummaryOptions, n_sentences: int) -> tuple[int, int | None]:
    """(max sentences, max chars) from -n, --ratio (share of sentences) and --max-chars."""
    count = options.sentences
    if options.ratio is not None:
        count = max(1, math.ceil(options.ratio * n_sentences))
    return count, options.max_chars


def rank_sentences(analysis: Analysis, max_sentences: int, max_chars: int | None) -> list[int]:
    """Indices of the chosen sentences, in article order."""
    from digest import rank
    from digest.arrays import np

    n = len(analysis.sentences)
    if n == 0:
        return []
    lex, ids, part = analysis.lexicon, analysis.ids, analysis.part
    words = lex.word(ids)
    content = lex.mask(_is_content, ids) & ~lex.stop(words) & (part > 0)
    # The article's vocabulary: its content words numbered in order of first use.
    vocab, first, where = np.unique(words[content], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    number = np.empty_like(order)
    number[order] = np.arange(len(order))
    title_words = words[part == 0]
    at = np.searchsorted(vocab, title_words)
    known = at < len(vocab)
    known[known] = vocab[at[known]] == title_words[known]
    return rank.rank_news(
        rank.Bag(part[content] - 1, number[where.ravel()], n),
        title=number[at[known]],
        weights=lex.idf(vocab[order]),
        lengths=[len(s.text) for s in analysis.sentences],
        eligible=[is_summary_material(s.text) for s in analysis.sentences],
        max_sentences=max_sentences,
        max_chars=max_chars,
        weighting=(W_CENTRAL, W_TITLE, W_LEAD),
        lead_decay=LEAD_DECAY,
        duplicate=DUPLICATE,
        redundancy=REDUNDANCY,
        length_power=LENGTH_POWER,
    )


def summarize(article: Article, options: SummaryOptions = SummaryOptions()) -> Summary:  # noqa: B008
    """The chosen sentences (verbatim, in article order), keywords best first, and named entities."""
    if options.engine == "textrank4zh":
        from digest.textrank_engine import summarize_textrank4zh

        return summarize_textrank4zh(article, options)
    if options.engine != "digest":
        from digest.errors import DigestError

        raise DigestError(f"unknown engine {options.engine!r}; use 'digest' or 'textrank4zh'")
    from digest.keywords import extract_entities, extract_keywords

    analysis = analyse(article, options.user_dict, options.stopwords)
    max_sentences, max_chars = budget(options, len(analysis.sentences))
    chosen = rank_sentences(analysis, max_sentences, max_chars)
    title = "\n".join(article.headline)
    keywords = extract_keywords(
        analysis.lexicon, analysis.ids, analysis.part, options.keywords,
        title=title, text=title + "".join(s.text for s in analysis.sentences),
    )  # fmt: skip
    entities = extract_entities(analysis.lexicon, analysis.ids, analysis.part)
    return Summary(
        article=article,
        sentences=tuple(analysis.sentences[i] for i in chosen),
        keywords=tuple(keywords),
        entities=tuple(entities),
    )
