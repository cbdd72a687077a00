"""Article -> Summary: sentences, one tagging pass, ranking, keywords and entities."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from digest.model import Article, Sentence, Summary, SummaryOptions

# Sentences that are only a byline, a dateline or a photo credit are never summary material.
_BYLINE = re.compile(
    r"^[(（【\[]?\s*(?:本报|特约|实习)?(?:记者|通讯员|摄影|摄|编辑|责编|责任编辑|见习记者|来源|图|文)"
    r"[\s:：/]*[\u4e00-\u9fff·\s、/]{0,24}[)）】\]]?\s*$"
)
_DATELINE = re.compile(
    r"^[(（]?(?:本报讯|晚报讯|本报[\u4e00-\u9fff]{0,8}电|新华社[\u4e00-\u9fff\d]{0,12}电|据[\u4e00-\u9fff]{1,10}(?:报道|消息))[)）]?\s*$"
)
MIN_SENTENCE_CHARS = 6
SUBHEAD_CHARS = 20  # a shorter line with no end mark is a sub-heading
_END_MARKS = set("。！？；!?;…")

# Ranking weights: centrality and headline overlap carry the content, the lead prior the news
# convention that facts come first. Scores are each scaled to [0, 1] before mixing.
W_CENTRAL = 1.0
W_TITLE = 1.0
W_LEAD = 0.6
LEAD_DECAY = 0.5
REDUNDANCY = 0.6
LENGTH_POWER = 0.0  # 0: fill a character budget best-first; per-character density chose worse
DUPLICATE = 0.85
# Content-word flags for sentence vectors: nouns, verbs, adjectives, idioms, names, foreign words.
_CONTENT_INITIALS = frozenset("nvaijlts")


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article split and tagged once, shared by the ranker and the keyword extractor."""

    sentences: list[Sentence]
    tokens: list[list[tuple[str, str]]]  # per sentence
    title_tokens: list[tuple[str, str]]


def analyse(article: Article, user_dict: str | None = None) -> Analysis:
    from digest import tokens
    from digest.sentences import split_sentences

    sentences = split_sentences(article.paragraphs)
    tagged = [tokens.tag(s.text, user_dict) for s in sentences]
    title = tokens.tag("\n".join(article.headline), user_dict) if article.headline else []
    return Analysis(sentences, tagged, title)


def is_byline(text: str) -> bool:
    return bool(_BYLINE.match(text) or _DATELINE.match(text))


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


def rank_sentences(
    analysis: Analysis,
    max_sentences: int,
    max_chars: int | None,
    stopwords: frozenset[str] = frozenset(),
) -> list[int]:
    """Indices of the chosen sentences, in article order."""
    from digest import rank
    from digest.keywords import shipped_stopwords
    from digest.tokens import idf_table

    if not analysis.sentences:
        return []
    stop = shipped_stopwords() | stopwords
    vocab: dict[str, int] = {}
    rows = [
        [
            vocab.setdefault(w, len(vocab))
            for w, f in toks
            if (f[0] in _CONTENT_INITIALS or f == "eng") and w not in stop
        ]
        for toks in analysis.tokens
    ]
    idf = idf_table()
    return rank.rank_news(
        rows,
        title=[vocab[w] for w, _ in analysis.title_tokens if w in vocab],
        weights=[idf.get(w) for w in vocab],
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
    from digest.tokens import idf_table

    analysis = analyse(article, options.user_dict)
    max_sentences, max_chars = budget(options, len(analysis.sentences))
    chosen = rank_sentences(analysis, max_sentences, max_chars, options.stopwords)
    text = "\n".join(article.headline) + "".join(s.text for s in analysis.sentences)
    keywords = extract_keywords(
        analysis.title_tokens, analysis.tokens, idf_table(), options.keywords, options.stopwords, text=text
    )
    entities = extract_entities(analysis.tokens, analysis.title_tokens)
    return Summary(
        article=article,
        sentences=tuple(analysis.sentences[i] for i in chosen),
        keywords=tuple(keywords),
        entities=tuple(entities),
    )
