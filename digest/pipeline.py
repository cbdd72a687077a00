"""The pipeline: Source -> Document (page) -> Summaries (summarize), for one input or many."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import PurePath
from typing import Any

from digest.model import Article, Document, DocumentResult, Failure, Source, Summary, SummaryOptions

# Below this much body text, starting worker processes costs more than it saves (measured:
# 100K characters of feature articles ran about 10% faster on two processes than on one).
PARALLEL_CHARS = 100_000
MAX_CHUNK = 16  # articles per task sent to a worker, at most


def parse_source(source: Source) -> Document:
    """A page is split into articles; a JSONL file gives one article per record, in order."""
    from digest.edition import edition_of
    from digest.page import parse_page, parse_record

    stem = "stdin" if source.name == "-" else PurePath(source.name).stem
    if source.records is None:
        doc = parse_page(source.text, source=source.name)
        articles = tuple(
            dataclasses.replace(a, id=f"{stem}/{i + 1}", position=i) for i, a in enumerate(doc.articles)
        )
        return Document(source=source.name, articles=articles, edition=edition_of(source.name, source.text))
    articles = tuple(
        dataclasses.replace(
            parse_record(r),
            id=r.id if r.id is not None else f"{stem}/{r.line}",
            position=i,
            link=r.link,
            published=r.published,
        )
        for i, r in enumerate(source.records)
    )
    return Document(source=source.name, articles=articles, edition=edition_of(source.name))


def run(
    sources: Iterable[Source | Failure],
    mode: str,
    options: SummaryOptions,
    on_done: Callable[[str], None] | None = None,
    jobs: int = 0,
) -> tuple[list[DocumentResult], list[Failure]]:
    """Process every source, in order; a failure in one never stops the others.

    Pages are parsed here; summaries are computed on up to `jobs` processes (0: as many as
    the machine has cores, when there is enough text to be worth it). The output does not
    depend on `jobs`.
    """
    if mode != "articles" and options.engine == "digest":
        from digest.tokens import warm_up

        warm_up(options.user_dict)
    failures: list[Failure] = []
    documents: list[Document] = []
    for item in sources:
        if isinstance(item, Failure):
            failures.append(item)
            _notify(on_done, item.source)
            continue
        try:
            documents.append(parse_source(item))
        except Exception as exc:  # a bug of ours must not cost the user the other inputs
            failures.append(_internal(item.name, exc))
            _notify(on_done, item.name)
            continue
        if mode == "articles":
            _notify(on_done, item.name)
    if mode == "articles":
        return [DocumentResult(d) for d in documents], failures

    articles = [a for d in documents for a in d.content]
    summaries = _summarize_all(articles, options, _workers(articles, jobs))
    results: list[DocumentResult] = []
    for doc in documents:
        got: list[Summary] = []
        error: BaseException | None = None
        for _ in doc.content:
            outcome = next(summaries)
            if isinstance(outcome, BaseException):
                error = error or outcome
            else:
                got.append(outcome)
        if error is not None:
            failures.append(_internal(doc.source, error))
        else:
            results.append(DocumentResult(doc, tuple(got)))
        _notify(on_done, doc.source)
    return results, failures


def _workers(articles: Sequence[Article], jobs: int) -> int:
    if jobs > 0:
        return jobs
    size = sum(len(p) for a in articles for p in a.paragraphs)
    return min(os.cpu_count() or 1, 4) if size >= PARALLEL_CHARS else 1


def _summarize_all(
    articles: list[Article], options: SummaryOptions, workers: int
) -> Iterator[Summary | BaseException]:
    """Summaries in article order; an exception stands in for a summary that failed."""
    from digest.engines import summarize

    if workers <= 1 or len(articles) < 2:
        for a in articles:
            yield _safe(summarize, a, options)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from digest.tokens import settle

    # Warm the tokenizer before forking, so every worker inherits it loaded.
    summarize(articles[0], options)
    settle()
    # About four tasks per worker, so that none waits long for the last one.
    size = max(1, min(MAX_CHUNK, len(articles) // (4 * workers)))
    chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
    context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_worker_signals) as pool:
        try:
            for chunk, batch in zip(chunks, pool.map(_summarize_chunk, chunks, [options] * len(chunks)), strict=True):
                for article, outcome in zip(chunk, batch, strict=True):
                    # Workers send back only what they computed; the article is already here.
                    yield outcome if isinstance(outcome, BaseException) else Summary(article, *outcome)
        except BaseException:  # stopped (Ctrl-C, SIGTERM) or abandoned: drop the queued work
            pool.shutdown(wait=True, cancel_futures=True)
            raise


def _worker_signals() -> None:
    """Workers leave Ctrl-C and SIGTERM to the parent, which stops them in order."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _summarize_chunk(articles: list[Article], options: SummaryOptions) -> list[tuple[Any, ...] | BaseException]:
    from digest.engines import summarize

    out: list[tuple[Any, ...] | BaseException] = []
    for a in articles:
        got = _safe(summarize, a, options)
        out.append(got if isinstance(got, BaseException) else (got.sentences, got.keywords, got.entities))
    return out


def _safe(fn: Callable[[Article, SummaryOptions], Summary], a: Article, o: SummaryOptions) -> Summary | BaseException:
    try:
        return fn(a, o)
    except Exception as exc:
        return exc


def _internal(name: str, exc: BaseException) -> Failure:
    return Failure(name, f"internal error ({type(exc).__name__}: {exc}); please report it")


def _notify(on_done: Callable[[str], None] | None, name: str) -> None:
    if on_done is not None:
        on_done(name)
