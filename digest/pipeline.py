"""The pipeline: Source -> Document (layout) -> Summaries (summarize), for one input or many."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterable
from pathlib import PurePath

from digest.model import Document, DocumentResult, Failure, Source, SummaryOptions

MODES = ("articles", "summarize", "keywords")


def parse_source(source: Source) -> Document:
    """A page is split into articles; a JSONL file gives one article per record, in order."""
    from digest.layout import parse_page, parse_record

    stem = "stdin" if source.name == "-" else PurePath(source.name).stem
    if source.records is None:
        doc = parse_page(source.text, source=source.name)
        articles = tuple(
            dataclasses.replace(a, id=f"{stem}/{i + 1}", position=i) for i, a in enumerate(doc.articles)
        )
        return Document(source=source.name, articles=articles)
    articles = tuple(
        dataclasses.replace(parse_record(r), id=r.id if r.id is not None else f"{stem}/{r.line}", position=i)
        for i, r in enumerate(source.records)
    )
    return Document(source=source.name, articles=articles)


def process(source: Source, mode: str, options: SummaryOptions) -> DocumentResult:
    document = parse_source(source)
    if mode == "articles":
        return DocumentResult(document)
    from digest.summarize import summarize

    return DocumentResult(document, tuple(summarize(a, options) for a in document.content))


def run(
    sources: Iterable[Source | Failure],
    mode: str,
    options: SummaryOptions,
    on_done: Callable[[str], None] | None = None,
) -> tuple[list[DocumentResult], list[Failure]]:
    """Process every source in order; a failure in one never stops the others."""
    results: list[DocumentResult] = []
    failures: list[Failure] = []
    for item in sources:
        if isinstance(item, Failure):
            failures.append(item)
        else:
            try:
                results.append(process(item, mode, options))
            except Exception as exc:  # a bug of ours must not cost the user the other inputs
                failures.append(Failure(item.name, f"internal error ({type(exc).__name__}: {exc}); please report it"))
        if on_done is not None:
            on_done(item.name if isinstance(item, Source) else item.source)
    return results, failures
