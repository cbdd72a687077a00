"""The library: what other programs call, with the CLI's options and its JSON.

    import digest

    doc = digest.parse_page(text, source="A01.txt")         # page text -> articles
    summary = digest.summarize(doc.content[0], sentences=2)  # article -> sentences and keywords
    data = digest.process("today/", command="daily")         # paths -> what --format json prints

Every function is pure for its caller: the tokenizer and the IDF table are loaded once per
process and shared read-only; calls are safe from several threads at once and from worker
processes, forked or spawned.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Mapping
from typing import Any

from digest.errors import InputError
from digest.model import Article, Document, DocumentResult, Failure, Source, Summary, SummaryOptions
from digest.options import ConfigError, Settings, check, declared, resolve

# What each command computes, and how its JSON shows it.
COMMANDS = ("summarize", "articles", "keywords", "daily")


def parse_page(text: str, source: str = "<page>") -> Document:
    """A page's text split into articles and page furniture, in page order.

    >>> doc = parse_page("新区建设提速\\n\\n晚报讯 新区今年完成道路建设三十公里。\\n\\n记者 王晓明\\n")
    >>> [(a.title, a.dateline, a.authors) for a in doc.content]
    [('新区建设提速', '晚报讯', ('王晓明',))]
    """
    from digest.page import parse_page as parse

    return parse(text, source=source)


def summarize(article: Article, options: SummaryOptions | None = None, **settings: Any) -> Summary:
    """An article's summary (verbatim sentences in article order), keywords and named entities.

    Length and keywords come from `options`, or from the CLI's option names as keywords:
    `summarize(article, sentences=2, keywords=5)`; each value is checked as the CLI checks it.
    """
    from digest.engines import summarize as run_engine

    if options is not None and settings:
        raise ConfigError("give either options or option keywords, not both")
    return run_engine(article, options if options is not None else _summary_options(settings))


def _summary_options(settings: Mapping[str, Any]) -> SummaryOptions:
    """The checked options of `summarize`, made once for each set of option keywords: a caller
    summarizing article after article with the same keywords pays the check once, as the CLI does."""
    try:
        key = tuple(sorted((name, type(value), value) for name, value in settings.items()))  # 1 is not True
        hash(key)
    except TypeError:  # a value that cannot be a key (a list): checked, and refused, as usual
        return settings_of(settings).summary_options()
    return _checked_options(key)


@functools.lru_cache(maxsize=64)
def _checked_options(key: tuple[tuple[str, type, Any], ...]) -> SummaryOptions:
    return settings_of({name: value for name, _, value in key}).summary_options()


def process(
    *inputs: str | os.PathLike[str],
    command: str = "summarize",
    text: str | None = None,
    name: str = "page.txt",
    **settings: Any,
) -> dict[str, Any]:
    """What `digest COMMAND INPUT... --format json` prints, as plain data.

    `inputs` are what the CLI takes (files, folders, http(s) addresses); `text` is a page given as
    a string instead, called `name`. `settings` are the CLI's options by name (`sentences=2`,
    `max_chars=150`, `engine="textrank4zh"`, `full=True`). An input that cannot be read raises
    InputError, whose `failures` lists every failed input and whose `partial` holds the result of
    the others.
    """
    if command not in COMMANDS:
        raise ConfigError(f"unknown command {command!r}; use one of {', '.join(COMMANDS)}")
    chosen = settings_of(settings)
    results, failures = _results(inputs, text, name, command, chosen)
    payload = _payload(results, command, chosen)
    if failures:
        first = failures[0]
        raise InputError(first.source, first.message, failures=tuple(failures), partial=payload)
    return payload


def settings_of(settings: Mapping[str, Any]) -> Settings:
    """Settings from option names and values, checked as the command line checks them."""
    known = {opt.name: opt for opt in declared()}
    unknown = sorted(set(settings) - set(known))
    if unknown:
        raise ConfigError(f"unknown option {unknown[0]!r}; known: {', '.join(sorted(known))}")
    checked = {name: check(known[name], value, name) for name, value in settings.items() if value is not None}
    return resolve(checked, {})


def _results(
    inputs: tuple[str | os.PathLike[str], ...], text: str | None, name: str, command: str, settings: Settings
) -> tuple[list[DocumentResult], list[Failure]]:
    from digest.textsafe import clean_text

    paths = [os.fspath(p) for p in inputs]
    page = [Source(name=name, text=clean_text(text))] if text is not None else []
    mode = "summarize" if command == "daily" else command
    if settings.dask is not None:  # on a Dask cluster (digest/cluster.py): the same result
        from digest import cluster

        results, failures, _ = cluster.run([*cluster.inputs(paths, settings), *page], mode,
                                           settings.summary_options(), settings)  # fmt: skip
        return results, failures
    from digest.load import iter_sources
    from digest.pipeline import run

    sources: list[Source | Failure] = [*iter_sources(paths, settings.encoding, settings.timeout), *page]
    return run(sources, mode, settings.summary_options(), jobs=settings.jobs)


def _payload(results: list[DocumentResult], command: str, settings: Settings) -> dict[str, Any]:
    from digest.render.json import daily_payload, documents_payload

    if command == "daily":
        from digest.daily import build_digest

        return daily_payload(build_digest(results, settings.summary_options()))
    view = "full" if command == "summarize" and settings.full else command
    return documents_payload(results, view)
