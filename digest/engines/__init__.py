"""Summarizers, one module each, behind one contract: `(Article, SummaryOptions) -> Summary`.

The table is the interface: the CLI's `--engine` choices, the config check and the help come
from ENGINES. Adding an engine is adding a module with a `summarize` function and a row here.
An engine's module is imported only when the engine is first used.
"""

from __future__ import annotations

import importlib
from typing import Protocol

from digest.errors import DigestError
from digest.model import Article, Summary, SummaryOptions


class Engine(Protocol):
    def __call__(self, article: Article, options: SummaryOptions, /) -> Summary: ...


# Engine name -> its module under digest.engines.
ENGINES: dict[str, str] = {
    "digest": "default",  # TextRank + headline + lead prior, keywords and entities (ours)
    "textrank4zh": "textrank4zh",  # textrank4zh 0.3 itself, for comparison
}


def engine(name: str) -> Engine:
    """The summarizer called `name`."""
    module = ENGINES.get(name)
    if module is None:
        raise DigestError(f"unknown engine {name!r}; use one of {', '.join(ENGINES)}")
    found: Engine = importlib.import_module(f"digest.engines.{module}").summarize
    return found


def summarize(article: Article, options: SummaryOptions) -> Summary:
    """The chosen sentences (verbatim, in article order), keywords best first, and named entities,
    from the engine that `options.engine` names."""
    return engine(options.engine)(article, options)
