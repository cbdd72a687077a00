"""The `textrank4zh` engine: textrank4zh 0.3 itself, kept so users can compare it with ours.

textrank4zh 0.3 calls `networkx.from_numpy_matrix`, which networkx 3 removed; the same graph
comes from `from_numpy_array`, so that name is put back on the module before textrank4zh runs.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from digest.analysis import analyse, budget, is_byline
from digest.errors import DigestError
from digest.keywords import extract_entities
from digest.model import Article, Keyword, Sentence, Summary, SummaryOptions
from digest.sentences import MAX_SENTENCE_CHARS, split_sentences

# textrank4zh builds a graph with an edge for every pair of sentences: 1,000 sentences take it
# about 14 s and 120 MB, and both grow with the square.
MAX_SENTENCES = 600


def patch_networkx() -> None:
    import networkx as nx

    if not hasattr(nx, "from_numpy_matrix"):
        nx.from_numpy_matrix = nx.from_numpy_array


@cache
def _textrank4zh(user_dict: str | None) -> Any:
    import digest.arrays  # noqa: F401  (numpy single-threaded, before networkx loads it)
    from digest.tokens import python_jieba

    python_jieba(user_dict)  # textrank4zh segments with jieba.posseg: configure jieba first
    patch_networkx()
    import textrank4zh

    return textrank4zh


def key_sentences(text: str, user_dict: str | None = None) -> list[tuple[int, str]]:
    """(index, sentence) pairs from textrank4zh, best first; index is textrank4zh's own."""
    tr = _textrank4zh(user_dict).TextRank4Sentence()
    tr.analyze(text=text, lower=True, source="all_filters")
    return [(int(item.index), str(item.sentence)) for item in tr.key_sentences]


def keywords(text: str, k: int, user_dict: str | None = None) -> list[Keyword]:
    tr = _textrank4zh(user_dict).TextRank4Keyword()
    tr.analyze(text=text, lower=True, window=2)
    return [Keyword(str(item.word), round(float(item.weight), 4)) for item in tr.get_keywords(k, word_min_len=2)]


def map_to_sentences(pieces: list[tuple[int, str]], sentences: list[Sentence]) -> list[int]:
    """Our sentence holding each of textrank4zh's pieces (it splits on more marks and strips them)."""
    out: list[int] = []
    for _, piece in pieces:
        for s in sentences:
            if piece in s.text:
                out.append(s.index)
                break
    return list(dict.fromkeys(out))


def summarize(article: Article, options: SummaryOptions) -> Summary:
    """textrank4zh's key sentences within our budget, its keywords, and our named entities."""

    sentences = split_sentences(article.paragraphs)
    if len(sentences) > MAX_SENTENCES:
        raise DigestError(
            f"article {article.id} has {len(sentences):,} sentences; --engine textrank4zh compares every pair"
            f" and takes at most {MAX_SENTENCES:,} (use --engine digest)"
        )
    # Our sentences, one a line: textrank4zh splits at line breaks too, so a run of text with no
    # mark reaches it in bounded pieces (see digest.sentences), never as one huge sentence.
    text = "\n".join(s.text for s in sentences)
    ranked = map_to_sentences(key_sentences(text, options.user_dict), sentences)
    ranked = [i for i in ranked if len(sentences[i].text) <= MAX_SENTENCE_CHARS]
    ranked = [i for i in ranked if not is_byline(sentences[i].text)] or ranked
    max_sentences, max_chars = budget(options, len(sentences))
    chosen = fill_budget(ranked, [len(s.text) for s in sentences], max_sentences, max_chars)
    title = "\n".join(article.headline)
    kws = [kw for kw in keywords(f"{title}\n{text}", options.keywords * 3, options.user_dict)]
    kws = [kw for kw in kws if kw.word not in options.stopwords][: options.keywords]
    # Entities come from our own tagger so the daily index is the same whichever engine ranks.
    analysis = analyse(article, options.user_dict, options.stopwords)
    entities = extract_entities(analysis.lexicon, analysis.ids, analysis.part)
    return Summary(
        article=article,
        sentences=tuple(sentences[i] for i in chosen),
        keywords=tuple(kws),
        entities=tuple(entities),
    )


def fill_budget(ranked: list[int], lengths: list[int], max_sentences: int, max_chars: int | None) -> list[int]:
    """Best-first sentences while they fit, in article order; at least one if any exists."""
    chosen: list[int] = []
    used = 0
    for i in ranked:
        if len(chosen) >= max_sentences:
            break
        if max_chars is not None and used + lengths[i] > max_chars:
            continue
        chosen.append(i)
        used += lengths[i]
    if not chosen and ranked:
        chosen = [ranked[0]]
    return sorted(chosen)
