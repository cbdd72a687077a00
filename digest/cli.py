"""The command line: typer only. Options -> calls -> render -> exit code.

Every option is declared once, in digest.options; this module turns the declarations into typer
parameters, so a command names only the groups of options it takes.

Exit status (docs/json.md): 0 all inputs done; 1 at least one input failed (the others are
still done and written); 2 usage error. Errors go to stderr, one line each.
"""

from __future__ import annotations

import datetime
import inspect
import os
import sys
from collections.abc import Callable, Iterable, Iterator
from enum import Enum
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn, Optional

import typer

from digest import __version__, stopping
from digest.edition import parse_date
from digest.options import (
    ARCHIVE,
    COMMON,
    DASK,
    DAYS,
    EDITION,
    FULL_TEXT,
    LENGTH,
    LIMIT,
    PAPER,
    RANKING,
    RECALL,
    SINCE,
    UNTIL,
    Declared,
    declared,
)

if TYPE_CHECKING:
    from digest.archive.store import Archive
    from digest.model import DocumentResult, Failure, Source
    from digest.options import Settings

app = typer.Typer(
    name="digest",
    help="A news digest and summarizer for Chinese newspaper pages.",
    add_completion=True,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,  # plain help: wraps at any width, no escape codes (NO_COLOR, pipes)
    context_settings={"help_option_names": ["-h", "--help"]},
)

PathsArg = Annotated[
    list[str],
    typer.Argument(help="Pages (.txt, .html), feeds (RSS, Atom), JSONL files (.jsonl), folders (searched "
                        "recursively), http(s):// addresses, or - for stdin.", show_default=False, metavar="PATH"),
]


@cache
def _parameter(opt: Declared) -> inspect.Parameter:
    """The typer parameter for one declared option; its default is the declared one."""
    info = opt.info
    kind: Any = opt.kind if info.choices is None else _choices(opt.name, info.choices())
    text = info.help + (" One of: " + ", ".join(info.choices()) + "." if info.choices is not None else "")
    option = typer.Option(
        *info.flags,
        help=text,
        metavar=None if opt.kind is bool else info.metavar or opt.name.upper(),
        min=info.low,
        max=info.high,
        show_default=opt.default not in (None, False),
        show_choices=False,
    )
    annotation: Any = Annotated[kind if opt.default is not None else Optional[kind], option]  # noqa: UP045
    return inspect.Parameter(opt.name, inspect.Parameter.KEYWORD_ONLY, default=opt.default, annotation=annotation)


@cache
def _choices(name: str, names: tuple[str, ...]) -> type[Enum]:
    """The choices of an option as the str Enum that typer takes, made once per option."""
    return Enum(name.title(), [(n, n) for n in names], type=str)  # type: ignore[return-value]


def command(
    *groups: str, on: typer.Typer | None = None, name: str | None = None, argument: Any = PathsArg
) -> Callable[[Callable[[list[str], Settings], int]], Callable[[list[str], Settings], int]]:
    """Register a command that takes input paths (or another `argument`, or none when None) and the
    options of `groups`, on `app` or the sub-app `on`, named `name` or after the function.

    The command itself receives the resolved Settings and returns its exit status.
    """

    def register(run: Callable[[list[str], Settings], int]) -> Callable[[list[str], Settings], int]:
        def entry(ctx: typer.Context, paths: list[str] | None = None, **values: Any) -> None:
            # Only what the command line gave overrides the config file; the rest are defaults.
            given = {k: v for k, v in values.items() if _from_command_line(ctx, k)}
            _finish(lambda: run(paths or [], _settings(given)))

        params = [inspect.Parameter("ctx", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=typer.Context)]
        if argument is not None:
            params.append(inspect.Parameter("paths", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=argument))
        params += [_parameter(opt) for opt in declared(*groups)]
        entry.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
        entry.__annotations__ = {p.name: p.annotation for p in params}
        entry.__name__ = run.__name__
        entry.__doc__ = run.__doc__
        (on or app).command(name=name or run.__name__)(entry)
        return run

    return register


def _from_command_line(ctx: typer.Context, name: str) -> bool:
    source = ctx.get_parameter_source(name)
    return source is not None and source.name not in ("DEFAULT", "DEFAULT_MAP")


def _settings(given: dict[str, Any]) -> Settings:
    from digest.config import load_config
    from digest.options import resolve

    values = {name: getattr(value, "value", value) for name, value in given.items()}  # Enum choices
    _listen(values.get("verbose", False))  # before the config file is read: it may have something to say
    settings = resolve(values, load_config(values.get("config")))
    _listen(settings.verbose)
    return settings


def _listen(verbose: bool) -> None:
    from digest.notes import listen

    listen(_note if verbose else None)


def _note(message: str) -> None:
    from digest.textsafe import one_line

    if sys.stderr is not None:
        sys.stderr.write(f"digest: note: {one_line(message)}\n")


def _version(value: bool) -> None:
    if value:
        typer.echo(f"digest {__version__}")
        raise typer.Exit()


@app.callback()
def main(
    version: Annotated[bool, typer.Option("--version", callback=_version, is_eager=True,
                                          help="Show the version and exit.")] = False,
) -> None:
    """Summarize Chinese newspaper pages: headlines, authors, key sentences and keywords."""


@command(COMMON, RANKING, LENGTH, FULL_TEXT, DASK)
def summarize(paths: list[str], settings: Settings) -> int:
    """Every article with its headline, authors, key sentences and keywords."""
    return _documents("summarize", paths, settings, view="full" if settings.full else "summarize")


@command(COMMON, DASK)
def articles(paths: list[str], settings: Settings) -> int:
    """The parsed structure of each page: headlines, dateline, authors, body. No ranking."""
    return _documents("articles", paths, settings)


@command(COMMON, RANKING, DASK)
def keywords(paths: list[str], settings: Settings) -> int:
    """Keywords only, best first, for every article."""
    return _documents("keywords", paths, settings)


@command(COMMON, RANKING, LENGTH, RECALL, DAYS, ARCHIVE, EDITION, PAPER, DASK)
def daily(paths: list[str], settings: Settings) -> int:
    """One combined digest of a whole edition: top stories, every article, keywords, index.

    With --archive the edition is also stored, and each story already reported in the last
    --days days is marked with the date it first appeared (--new-only leaves those out).
    """
    if settings.new_only and not settings.archive:
        from digest.options import ConfigError

        raise ConfigError("--new-only needs --archive: it leaves out what the archive says was reported before")
    date = parse_date(settings.date, "--date")  # a bad date is a usage error, before any work
    store = _open_archive(settings, write=True) if settings.archive else None
    try:
        results = _process("summarize", paths, settings)
        if results is None:
            return 1
        from digest import render
        from digest.daily import build_digest, with_edition

        digest = with_edition(build_digest(results[0], settings.summary_options(), made=datetime.date.today()),
                              date, settings.paper)  # fmt: skip
        if store is not None:
            digest, code = _recall(store, digest, results[0], settings)
            results = (results[0], max(results[1], code))
    finally:
        if store is not None:
            store.close()
    if render.is_live(settings.format, settings.output):
        _print_rich(render.live(digest, "summarize", settings.format))
    else:
        _emit(render.render_daily_pieces(digest, settings.format, _width(settings)), settings.output)
    return results[1]


# --- the archive (digest/archive/, docs/archive.md) -----------------------------------------------

archive_app = typer.Typer(
    name="archive",
    help="The archive of past editions: add pages to it, see what it holds.",
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
app.add_typer(archive_app)
QueryArg = Annotated[
    list[str],
    typer.Argument(help="Words to find (all of them), e.g. 南通 侨联.", metavar="QUERY...", show_default=False),
]


@command(COMMON, RANKING, LENGTH, ARCHIVE, EDITION, PAPER, DASK, on=archive_app, name="add")
def archive_add(paths: list[str], settings: Settings) -> int:
    """Parse, summarize and store pages; a page stored before is left as it is."""
    from digest.archive import library

    date = parse_date(settings.date, "--date")
    with _open_archive(settings, write=True) as store:
        failed: list[Failure] = []
        prepared: list[Any] = []
        results = _process("summarize", paths, settings, failed, prepared if settings.dask else None)
        if results is None:
            return 1
        if settings.dask:  # computed on the cluster; this one writer stores the pages in order, batched
            report = library.add_prepared(store, results[0], prepared, date, settings.paper)
        else:
            report = library.add(store, results[0], date, settings.paper)
    from dataclasses import replace

    from digest.archive.views import Failed

    report = replace(report, failed=tuple(Failed(f.source, f.message) for f in failed) + report.failed)
    for problem in report.failed[len(failed):]:
        _error(f"{problem.source}: {problem.message}")
    _inform(library.date_line(report.pages), settings)
    _view("added", report, settings)
    return 1 if report.failed else results[1]


@command(COMMON, ARCHIVE, on=archive_app, name="info", argument=None)
def archive_info(paths: list[str], settings: Settings) -> int:
    """Where the archive is, its size, editions, articles, first and last date, schema version."""
    from digest.archive import library

    with library.open_for_reading(settings.db, current=False) as store:
        _view("info", library.info(store), settings)
    return 0


@command(COMMON, ARCHIVE, SINCE, UNTIL, PAPER, LIMIT, argument=QueryArg)
def search(paths: list[str], settings: Settings) -> int:
    """Full-text search of the archive's headlines and bodies, best matches first."""
    from digest.archive import library

    since, until = parse_date(settings.since, "--since"), parse_date(settings.until, "--until")
    with library.open_for_reading(settings.db) as store:
        found = library.search(store, " ".join(paths), since, until, settings.paper, settings.limit)
    _view("search", found, settings)
    return 0


@command(COMMON, ARCHIVE, DAYS, UNTIL, LIMIT, argument=None)
def trends(paths: list[str], settings: Settings) -> int:
    """Keywords and names whose counts rose most in the last --days days against the days before."""
    from digest.archive import library

    until = parse_date(settings.until, "--until")
    with library.open_for_reading(settings.db) as store:
        found = library.trends(store, settings.days, until, settings.limit)
    _view("trends", found, settings)
    return 0


def _open_archive(settings: Settings, write: bool) -> Archive:
    from digest.archive import library

    return library.open_for_writing(settings.db) if write else library.open_for_reading(settings.db)


def _recall(store: Archive, digest: Any, results: list[DocumentResult], settings: Settings) -> tuple[Any, int]:
    """daily --archive: mark the stories reported before, then store the edition."""
    from digest.archive import library

    date = parse_date(settings.date, "--date")
    seen = library.seen_before(store, digest, settings.days, date)
    report = library.add_edition(store, results, date, settings.paper)
    for problem in report.failed:
        _error(f"{problem.source}: {problem.message}")
    _inform(library.date_line(report.pages), settings)
    from digest.daily import recall

    marked = recall(digest, seen, settings.new_only)
    return marked, 1 if report.failed else 0


def _view(view: str, value: Any, settings: Settings) -> None:
    from digest import render

    if render.is_live(settings.format, settings.output):
        _print_rich(render.live_view(view, value, settings.format))
    else:
        _emit(render.render_view(view, value, settings.format, _width(settings)), settings.output)


def _inform(message: str, settings: Settings) -> None:
    """One line of information on stderr, unless --quiet."""
    if message and not settings.quiet and sys.stderr is not None:
        from digest.textsafe import one_line

        sys.stderr.write(f"digest: {one_line(message)}\n")


def _documents(mode: str, paths: list[str], settings: Settings, view: str | None = None) -> int:
    """summarize, articles and keywords: every document in the chosen format, shown as `view`
    (the mode itself, or "full" for summaries with the whole text)."""
    results = _process(mode, paths, settings)
    if results is None:
        return 1
    from digest import render

    if render.is_live(settings.format, settings.output):
        _print_rich(render.live(results[0], view or mode, settings.format))
    else:
        _emit(render.render_pieces(results[0], view or mode, settings.format, _width(settings)), settings.output)
    return results[1]


def _preparer(settings: Settings) -> Callable[[DocumentResult], Any]:
    """archive add --dask: what the workers make of each result, the rows the archive stores."""
    from functools import partial

    from digest.archive.library import prepare

    return partial(prepare, date=parse_date(settings.date, "--date"), paper=settings.paper)


def _width(settings: Settings) -> int:
    from digest.render import DEFAULT_WIDTH

    return settings.width or DEFAULT_WIDTH


def _process(
    mode: str, paths: list[str], s: Settings, failed: list[Failure] | None = None, prepared: list[Any] | None = None,
) -> tuple[list[DocumentResult], int] | None:
    """Every input through the pipeline: (results, exit status so far), or None when there is
    nothing to write. Each failed input is reported on its own line (and added to `failed`).
    With --dask the work is done on the cluster (digest/cluster.py), and for `archive add`
    (`prepared` given) also the rows to store, one per result, added to `prepared`."""
    options = s.summary_options()
    if s.dask is not None:
        from digest import cluster

        items = cluster.inputs(paths, s)
        found = len(items)
        prepare = _preparer(s) if prepared is not None else None
        with _progress(found, quiet=s.quiet) as advance:
            results, failures, extras = cluster.run(items, mode, options, s, on_done=advance, prepare=prepare)
        if prepared is not None:
            prepared.extend(extras)
    else:
        from digest.load import iter_sources
        from digest.pipeline import run

        sources = list(iter_sources(paths, s.encoding, s.timeout))
        found = len(sources)
        with _progress(found, quiet=s.quiet) as advance:
            results, failures = run(_handed_over(sources), mode, options, on_done=advance, jobs=s.jobs)
    stopping.check()  # failures caused by a stop (workers killed) are not the inputs' fault
    for failure in failures:
        _error(f"{failure.source}: {failure.message}")
    if failed is not None:
        failed.extend(failures)
    if not results and failures:
        return None  # every input failed, each said why: leave any previous -o file as it was
    if not s.allow_empty and not any(r.document.content for r in results):
        # An edition with no article is never written: a cron job's previous output stays.
        _error(_no_articles(paths, found, results))
        return None
    return results, 1 if failures else 0


def _finish(work: Callable[[], int]) -> None:
    """Run a command's work; library errors become one line and an exit status."""
    try:
        code = work()
        stopping.check()  # a stop signal swallowed on the way (inside a finalizer) still stops
    except BaseException as exc:  # noqa: BLE001  (each kind is sorted out below)
        if isinstance(exc, typer.Exit):
            raise
        message, code = _outcome(exc)
        _fail(message, code)
    raise typer.Exit(code)


def _outcome(exc: BaseException) -> tuple[str, int]:
    """The line and exit status for an exception that ended a command."""
    from digest.errors import DigestError, Terminated
    from digest.options import ConfigError

    if isinstance(exc, Terminated):
        return stopping.outcome(exc.signum)
    signum = stopping.stopped()
    if signum is not None:  # raised once a stop signal arrived (a worker it killed, say): that stop
        return stopping.outcome(signum)
    if isinstance(exc, KeyboardInterrupt):
        return "interrupted", 130
    if isinstance(exc, ConfigError):  # a broken config file or option value: a usage error
        return str(exc), 2
    if isinstance(exc, DigestError):
        return str(exc), 1
    if not isinstance(exc, Exception) or os.environ.get("DIGEST_DEBUG"):
        raise exc
    # A bug of ours: one line, not a traceback (DIGEST_DEBUG=1 shows it).
    return f"internal error ({type(exc).__name__}: {exc}); please report it", 1


def _handed_over(items: list[Source | Failure]) -> Iterator[Source | Failure]:
    """The items of `items`, each dropped from the list as it is handed over: once parsed, an
    input's text is held only by its articles."""
    items.reverse()
    while items:
        yield items.pop()


def _no_articles(paths: list[str], found: int, results: list[DocumentResult]) -> str:
    """One line for a run that found no article at all."""
    where = ", ".join(paths)
    why = "no page, feed or JSONL file found" if not found else "the inputs hold no article text"
    return f"no articles in {where}: {why}; nothing was written (--allow-empty writes an empty result)"


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    encoding = getattr(sys.stdout, "encoding", None) or "ascii"
    try:
        "新闻摘要".encode(encoding)
    except (UnicodeEncodeError, LookupError):
        # A terminal in Latin-1 or ASCII: what it cannot show is written as \u escapes.
        sys.stdout.reconfigure(errors="backslashreplace")  # type: ignore[union-attr]
        _warning(
            f"this terminal's encoding ({encoding}) cannot show Chinese, so it is shown as \\u escapes;"
            " use a UTF-8 locale (LANG=C.UTF-8) or -o FILE"
        )
    Console(highlight=False).print(renderable)


def _emit(data: str | Iterable[str], output: str | None) -> None:
    stopping.check()  # never replace the previous output once a stop signal has arrived
    if output is not None and output != "-":
        from digest.output import write_atomic

        # The output is complete once renamed into place: a stop signal from just before the
        # rename on changes nothing (after it, the previous file is gone).
        write_atomic(output, data, before_replace=stopping.too_late)
        stopping.too_late()  # also when written to a device (`-o /dev/stdout`), where nothing is renamed
        return
    from digest.errors import OutputError

    if sys.stdout is None:  # started with stdout closed (`digest ... >&-`)
        raise OutputError("standard output is closed; use -o FILE")
    try:
        for piece in (data,) if isinstance(data, str) else data:
            sys.stdout.buffer.write(piece.encode("utf-8", errors="replace"))
        sys.stdout.flush()
        stopping.too_late()  # everything is written: a stop signal from now on changes nothing
    except BrokenPipeError:
        # The reader went away (`digest ... | head`): not an error of ours.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except OSError as exc:  # a full disk (`> /dev/full`), a closed descriptor
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())  # so that the flush at exit cannot fail again
        raise OutputError(f"cannot write to standard output ({exc.strerror or exc})") from None


class _progress:
    """A progress bar on stderr for runs of several inputs, only on a terminal."""

    def __init__(self, total: int, quiet: bool) -> None:
        # A live bar moves the cursor with escape codes: never with NO_COLOR or on a dumb terminal;
        # none when stderr is closed (`2>&-`: sys.stderr is None) or not a terminal.
        plain = bool(os.environ.get("NO_COLOR")) or os.environ.get("TERM") == "dumb"
        self.enabled = total > 1 and not quiet and not plain and sys.stderr is not None and sys.stderr.isatty()
        self.total = total
        self.bar: Any = None

    def __enter__(self) -> Any:
        if not self.enabled:
            return lambda name: None
        from rich.console import Console
        from rich.progress import Progress

        self.bar = Progress(console=Console(stderr=True), transient=True)
        self.bar.start()
        task = self.bar.add_task("digesting", total=self.total)
        return lambda name: self.bar.update(task, advance=1, description=Path(name).name[:30])

    def __exit__(self, *exc: object) -> None:
        if self.bar is not None:
            self.bar.stop()


def _error(message: str) -> None:
    from digest.textsafe import one_line  # an escape code in a file name is shown, not obeyed

    line = one_line(message)
    if sys.stderr is not None:
        sys.stderr.write(f"digest: error: {line}\n")


def _warning(message: str) -> None:
    if sys.stderr is not None:
        sys.stderr.write(f"digest: warning: {message}\n")


def _fail(message: str, code: int) -> NoReturn:
    _error(message)
    raise typer.Exit(code)


def run() -> None:
    """Console entry point: a usage error is one line on stderr and exit status 2.

    SIGTERM, SIGINT (Ctrl-C) or SIGHUP stops a run (digest.stopping): workers are stopped, no
    temporary file is left, any previous output file stays as it was; one line, exit status
    128 + the signal's number (143, 130, 129). Only the first such signal counts.
    """
    from digest.errors import Terminated

    stopping.hold_closed_streams()
    stopping.handle()
    try:
        code = app(standalone_mode=False, prog_name="digest")
    except Terminated as exc:  # stopped outside a command's work (while options were parsed)
        stopping.exit_stopped(exc.signum)
    except Exception as exc:
        stopping.exit_if_stopped(exc)  # an error a stop caused on its way out is the stop
        # click's UsageError family (bad option, missing argument, bad value): duck-typed, so
        # that it works whether typer vendors click or not.
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":
            # `digest` alone prints the help; typer's rich help is printed already, leaving an
            # empty message that would be one empty line on stderr.
            if exc.format_message().strip():
                exc.show()  # type: ignore[attr-defined]
        else:
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "digest"
            _error(f"{exc.format_message()} (see '{where} --help')")
        _exit(exc.exit_code)
    _exit(code if isinstance(code, int) else 0)


def _exit(code: int) -> NoReturn:
    stopping.ignore()  # from here on a stop signal changes nothing, not even the exit status
    sys.exit(code)


if __name__ == "__main__":
    run()
