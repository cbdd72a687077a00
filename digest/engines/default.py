"""The `digest` engine: TextRank centrality, headline overlap and a lead prior (digest.rank),
keywords and named entities (digest.keywords), all from one tagging pass (digest.analysis)."""

from __future__ import annotations

from digest import rank
from digest.analysis import (
    Analysis,
    analyse,
    budget,
    gives_headline_figures,
    introduction,
    is_content,
    is_summary_material,
    openings,
    reads_alone,
)
from digest.arrays import np
from digest.keywords import extract_entities, extract_keywords
from digest.model import Article, Summary, SummaryOptions
from digest.sentences import MAX_SENTENCE_CHARS

PARAMS = rank.RankParams()


def rank_sentences(
    analysis: Analysis, max_sentences: int, max_chars: int | None, params: rank.RankParams = PARAMS, title: str = ""
) -> list[int]:
    """Indices of the chosen sentences, in article order (`title`: the headline as printed)."""
    n = len(analysis.sentences)
    if n == 0:
        return []
    lex, ids, part = analysis.lexicon, analysis.ids, analysis.part
    words = lex.word(ids)
    content = lex.tagged(is_content, ids) & ~lex.stop(words) & (part > 0)
    # The article's vocabulary: its content words numbered in order of first use.
    vocab, first, where = np.unique(words[content], return_index=True, return_inverse=True)
    order = np.argsort(first, kind="stable")
    number = np.empty_like(order)
    number[order] = np.arange(len(order))
    title_words = words[part == 0]
    at = np.searchsorted(vocab, title_words)
    known = at < len(vocab)
    known[known] = vocab[at[known]] == title_words[known]
    texts = [s.text for s in analysis.sentences]
    return rank.rank_news(
        rank.Bag(part[content] - 1, number[where.ravel()], n),
        title=number[at[known]],
        weights=lex.idf(vocab[order]),
        lengths=[len(t) for t in texts],
        eligible=eligible(analysis),
        max_sentences=max_sentences,
        max_chars=max_chars,
        params=params,
        figures=gives_headline_figures(analysis.sentences, title),
        intro=introduction(analysis.sentences),
        chars=rank.Characters.of(texts, title) if _by_characters(texts, params) else None,
    )


def _by_characters(texts: list[str], params: rank.RankParams) -> bool:
    """Are the sentences also compared by their pairs of characters (not past rank.CHARS_LIMIT)?"""
    return params.chars + params.title_chars > 0 and sum(map(len, texts)) <= rank.CHARS_LIMIT


def eligible(analysis: Analysis) -> list[bool]:
    """Which sentences may be chosen: summary material that a reader would take on its own."""
    texts = [s.text for s in analysis.sentences]
    return [
        is_summary_material(text) and reads_alone(text, opening, texts[i - 1] if i else "")
        for i, (text, opening) in enumerate(zip(texts, openings(analysis), strict=True))
    ]


def summarize(article: Article, options: SummaryOptions) -> Summary:
    """The chosen sentences (verbatim, in article order), keywords best first, and named entities."""
    analysis = analyse(article, options.user_dict, options.stopwords)
    max_sentences, max_chars = budget(options, len(analysis.sentences))
    title = "\n".join(article.headline)
    chosen = rank_sentences(analysis, max_sentences, max_chars, PARAMS, title)
    # Never a run of text with no mark (see digest.sentences), even when nothing else is left.
    chosen = [i for i in chosen if len(analysis.sentences[i].text) <= MAX_SENTENCE_CHARS]
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
