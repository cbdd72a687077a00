"""Article -> Summary, with the engine that the options name (see digest.engines)."""

from __future__ import annotations

from digest.model import Article, Summary, SummaryOptions


def summarize(article: Article, options: SummaryOptions = SummaryOptions()) -> Summary:  # noqa: B008
    """The chosen sentences (verbatim, in article order), keywords best first, and named entities."""
    from digest.engines import engine

    return engine(options.engine)(article, options)
