"""The pipeline: Source -> Document (page) -> Summaries (summarize), for one input or many."""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import PurePath
from typing import Any

from digest import stopping
from digest.model import Article, Document, DocumentResult, Failure, Keyword, Source, Summary, SummaryOptions

# Below this much body text, starting worker processes costs more than it saves (measured:
# 100K characters of feature articles ran about 10% faster on two processes than on one).
PARALLEL_CHARS = 100_000
MAX_CHUNK = 16  # articles per task sent to a worker, at most


def parse_source(source: Source) -> Document:
    """A page is split into articles; a JSONL file gives one article per record, in order."""
    from digest.edition import edition_of
    from digest.errors import DigestError
    from digest.load import MAX_ARTICLES
    from digest.page import parse_page, parse_record

    stem = "stdin" if source.name == "-" else PurePath(source.name).stem
    if source.records is None:
        doc = parse_page(source.text, source=source.name)
        if len(doc.articles) > MAX_ARTICLES:
            raise DigestError(f"{len(doc.articles):,} articles, more than {MAX_ARTICLES:,}; split the page")
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
    results: list[DocumentResult] = []
    with _Summaries(articles, options, _workers(articles, jobs)) as summaries:
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


def one(item: Source | Failure, mode: str, options: SummaryOptions) -> tuple[DocumentResult | Failure, bool]:
    """One input through the pipeline, in this process, as `run` does it: its result or its
    failure, and whether the failure came after parsing (`run` reports those after all the
    failures of reading and parsing). What a cluster's worker runs for each input."""
    if isinstance(item, Failure):
        return item, False
    try:
        doc = parse_source(item)
    except Exception as exc:  # a bug of ours must not cost the user the other inputs
        return _internal(item.name, exc), False
    if mode == "articles":
        return DocumentResult(doc), False
    from digest.engines import summarize

    got = [_safe(summarize, a, options) for a in doc.content]
    error = next((g for g in got if isinstance(g, BaseException)), None)
    if error is not None:
        return _internal(doc.source, error), True
    return DocumentResult(doc, tuple(g for g in got if isinstance(g, Summary))), False


def _workers(articles: Sequence[Article], jobs: int) -> int:
    if jobs > 0:
        return jobs
    size = sum(len(p) for a in articles for p in a.paragraphs)
    return min(os.cpu_count() or 1, 4) if size >= PARALLEL_CHARS else 1


class _Summaries:
    """Summaries of `articles` in order, an exception standing in for one that failed; computed
    here, or on `workers` forked processes.

    A context manager, so that the workers are always stopped in the caller's frame, never in a
    generator's finalizer (where an exception, a stop signal's among them, would be dropped):
    leaving the block normally waits for them to exit, leaving it by an exception (a stop
    signal, an error) kills them at once.
    """

    def __init__(self, articles: list[Article], options: SummaryOptions, workers: int) -> None:
        self.articles = articles
        self.options = options
        self.workers = workers
        self.pool: Any = None

    def __enter__(self) -> Iterator[Summary | BaseException]:
        from digest.engines import summarize

        if self.options.engine == "digest" and self.articles:
            from digest.tokens import prepare

            # Every word the articles need given at once (for a long input, the whole dictionary),
            # not sentence by sentence; forked workers inherit the tagger ready.
            prepare([p for a in self.articles for p in (a.title or "", *a.paragraphs)], self.options.user_dict)
        if self.workers <= 1 or len(self.articles) < 2:
            return (_safe(summarize, a, self.options) for a in self.articles)
        try:
            return self._start()
        except BaseException as exc:
            self.__exit__(type(exc), exc, exc.__traceback__)
            raise

    def _start(self) -> Iterator[Summary | BaseException]:
        import multiprocessing
        import signal
        from concurrent.futures import ProcessPoolExecutor

        from digest.engines import summarize
        from digest.tokens import settle

        articles, options = self.articles, self.options
        # Warm the tokenizer before forking, so every worker inherits it loaded.
        summarize(articles[0], options)
        settle()
        # About four tasks per worker, so that none waits long for the last one.
        size = max(1, min(MAX_CHUNK, len(articles) // (4 * self.workers)))
        chunks = [articles[i : i + size] for i in range(0, len(articles), size)]
        workers = min(self.workers, len(chunks))  # --jobs 256 on a short page: no idle processes
        context = multiprocessing.get_context("fork" if os.name == "posix" else "spawn")
        # Stop signals wait while the workers are forked: a worker must not receive one before
        # it has set its own handlers (it would run the parent's, and print a traceback).
        stops = stopping.SIGNALS
        blocked = hasattr(signal, "pthread_sigmask")
        if blocked:
            signal.pthread_sigmask(signal.SIG_BLOCK, stops)
        try:
            self.pool = ProcessPoolExecutor(
                max_workers=workers, mp_context=context, initializer=_worker_start, initargs=(os.getpid(),)
            )
            futures = [self.pool.submit(_summarize_chunk, chunk, options) for chunk in chunks]  # forks here
        finally:
            if blocked:
                signal.pthread_sigmask(signal.SIG_UNBLOCK, stops)  # a pending stop is raised now
        return self._collect(chunks, futures)

    @staticmethod
    def _collect(chunks: list[list[Article]], futures: list[Any]) -> Iterator[Summary | BaseException]:
        from concurrent.futures.process import BrokenProcessPool

        futures.reverse()
        for chunk in chunks:
            try:
                batch = futures.pop().result()
            except BrokenProcessPool:  # a worker was killed (the OOM killer, say)
                batch = [WorkerDied()] * len(chunk)
            for article, outcome in zip(chunk, batch, strict=True):
                # Workers send back only what they computed; the article is already here.
                yield outcome if isinstance(outcome, BaseException) else _summary(article, *outcome)

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> None:
        pool, self.pool = self.pool, None
        if pool is None:
            return
        try:
            if kind is not None:  # stopped or failed: the queued work is dropped with the workers
                _kill_workers(pool)
            pool.shutdown(wait=True)
        except BaseException:  # a stop signal during a normal shutdown: kill them instead
            _kill_workers(pool)
            pool.shutdown(wait=True)
            raise


def _summary(article: Article, sentences: Any, keywords: tuple[Keyword, ...], entities: Any) -> Summary:
    """A worker's summary: its keywords' words are made one string each, shared by every article
    that has the word (a fresh copy came with each batch; 100,000 short records held 120 MB of
    them until the output was written)."""
    words = tuple(Keyword(sys.intern(k.word), k.weight) for k in keywords)
    return Summary(article, sentences, words, entities)


class WorkerDied(Exception):
    """A worker process died before sending its summaries back."""

    def __str__(self) -> str:
        return "a worker process was killed (out of memory?); try --jobs 1"


def _kill_workers(pool: Any) -> None:
    """Kill a ProcessPoolExecutor's workers now; its manager thread then fails what was queued."""
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        with contextlib.suppress(Exception):
            process.kill()


def _worker_start(parent: int) -> None:
    """In each worker: stop signals are the parent's to handle (it stops the workers itself);
    the worker dies with its parent, even one killed by SIGKILL or the OOM killer."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group
    for name in ("SIGTERM", "SIGHUP"):
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_DFL)
    _die_with_parent(parent)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, stopping.SIGNALS)


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process when its parent dies (PR_SET_PDEATHSIG). Elsewhere,
    a thread checks every half second whether the parent is still there."""
    import signal
    import threading
    import time

    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        set_death_signal = libc.prctl(1, signal.SIGKILL, 0, 0, 0) == 0  # 1: PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        set_death_signal = False
    if os.getppid() != parent:  # the parent died before the death signal was set
        os._exit(1)
    if set_death_signal:
        return

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch, name="digest-parent-watch", daemon=True).start()


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
    from digest.errors import DigestError

    if isinstance(exc, (WorkerDied, DigestError)):  # explained already: not a bug of ours
        return Failure(name, str(exc))
    return Failure(name, f"internal error ({type(exc).__name__}: {exc}); please report it")


def _notify(on_done: Callable[[str], None] | None, name: str) -> None:
    if on_done is not None:
        on_done(name)
