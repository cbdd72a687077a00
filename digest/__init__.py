"""digest: a news digest and summarizer for Chinese newspaper pages.

The few functions a library user calls::

    from digest import parse_page, summarize
    doc = parse_page(text, source="page.txt")
    for article in doc.content:
        print(summarize(article).sentences)
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["parse_page", "summarize", "__version__"]

if TYPE_CHECKING:
    from digest.page import parse_page
    from digest.summarize import summarize


def __getattr__(name: str) -> Any:
    # Lazy: `import digest` (and `digest --help`) must not load the tokenizer.
    if name == "parse_page":
        from digest.page import parse_page

        return parse_page
    if name == "summarize":
        from digest.summarize import summarize

        return summarize
    raise AttributeError(name)
