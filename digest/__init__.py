"""digest: a news digest and summarizer for Chinese newspaper pages.

The library a program calls (see the README's "Python API")::

    import digest

    doc = digest.parse_page(text, source="A01.txt")       # page text -> articles
    for article in doc.content:
        summary = digest.summarize(article, sentences=2)  # article -> sentences and keywords
        print(article.title, [s.text for s in summary.sentences], [k.word for k in summary.keywords])

    data = digest.process("today/", command="daily")       # paths -> what --format json prints

Nothing heavy is imported until a function is first called: `import digest` stays cheap.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = [
    "__version__",
    # functions
    "parse_page",
    "summarize",
    "process",
    # what they take and give
    "SummaryOptions",
    "Document",
    "Article",
    "Summary",
    "Sentence",
    "Keyword",
    "Entity",
    "Edition",
    # what they raise
    "DigestError",
    "InputError",
    "ConfigError",
]

if TYPE_CHECKING:
    from digest.api import parse_page, process, summarize
    from digest.errors import DigestError, InputError
    from digest.model import Article, Document, Edition, Entity, Keyword, Sentence, Summary, SummaryOptions
    from digest.options import ConfigError

# Public name -> the module that defines it, imported on first use.
_HOME = {
    "parse_page": "digest.api",
    "summarize": "digest.api",
    "process": "digest.api",
    "DigestError": "digest.errors",
    "InputError": "digest.errors",
    "ConfigError": "digest.options",
    **{name: "digest.model" for name in
       ("SummaryOptions", "Document", "Article", "Summary", "Sentence", "Keyword", "Entity", "Edition")},
}  # fmt: skip


def __getattr__(name: str) -> Any:
    home = _HOME.get(name)
    if home is None:
        raise AttributeError(f"module 'digest' has no attribute {name!r}")
    import importlib

    return getattr(importlib.import_module(home), name)
