"""The command line: typer only. Options -> calls -> render -> exit code.

Exit status (CONTRACT.md): 0 all inputs done; 1 at least one input failed (the others are
still done and written); 2 usage error. Errors go to stderr, one line each.
"""

from __future__ import annotations

import os
import sys
from enum import Enum
from pathlib import Path
from typing import Annotated, Any, NoReturn, Optional

import typer

from digest import __version__

app = typer.Typer(
    name="digest",
    help="A news digest and summarizer for Chinese newspaper pages.",
    add_completion=False,
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Format(str, Enum):  # noqa: UP042  typer wants a str Enum for choices
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
    html = "html"


class Engine(str, Enum):  # noqa: UP042
    digest = "digest"
    textrank4zh = "textrank4zh"


PathsArg = Annotated[
    list[str],
    typer.Argument(help="Page files (.txt), JSONL files (.jsonl), folders (searched recursively) or - for stdin.",
                   show_default=False),
]
FormatOpt = Annotated[Optional[Format], typer.Option("--format", "-f", help="Output format.  [default: rich]")]
OutputOpt = Annotated[Optional[str], typer.Option("--output", "-o", help="Write to FILE atomically instead of stdout.")]
EncodingOpt = Annotated[Optional[str], typer.Option("--encoding", help="Force the input encoding (default: detect).")]
QuietOpt = Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; errors only.")]
WidthOpt = Annotated[Optional[int], typer.Option("--width", min=20, max=1000, help="Line width for rich/text output.")]
ConfigOpt = Annotated[Optional[Path], typer.Option("--config", help="Config file (TOML) with default options.")]
SentencesOpt = Annotated[
    Optional[int], typer.Option("--sentences", "-n", min=1, help="Summary sentences.  [default: 3]")
]
MaxCharsOpt = Annotated[Optional[int], typer.Option("--max-chars", min=1, help="Summary length limit in characters.")]
RatioOpt = Annotated[Optional[float], typer.Option("--ratio", min=0.01, max=1.0,
                                                   help="Summary length as a share of the article's sentences.")]
KeywordsOpt = Annotated[
    Optional[int], typer.Option("--keywords", "-k", min=0, help="Keywords per article.  [default: 10]")
]
EngineOpt = Annotated[Optional[Engine], typer.Option("--engine", help="Ranking engine.  [default: digest]")]
StopwordsOpt = Annotated[Optional[Path], typer.Option("--stopwords", help="Extra stopwords, one per line.")]
UserDictOpt = Annotated[Optional[Path], typer.Option("--user-dict", help="A jieba user dictionary.")]
AllowEmptyOpt = Annotated[
    bool, typer.Option("--allow-empty", help="Write the output even when the inputs hold no article.")
]
JobsOpt = Annotated[
    Optional[int], typer.Option("--jobs", "-j", min=0, help="Worker processes (0: every core, for large inputs).")
]


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


@app.command()
def summarize(
    paths: PathsArg,
    format: FormatOpt = None,
    output: OutputOpt = None,
    sentences: SentencesOpt = None,
    max_chars: MaxCharsOpt = None,
    ratio: RatioOpt = None,
    keywords: KeywordsOpt = None,
    engine: EngineOpt = None,
    stopwords: StopwordsOpt = None,
    user_dict: UserDictOpt = None,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    width: WidthOpt = None,
    quiet: QuietOpt = False,
    allow_empty: AllowEmptyOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Every article with its headline, authors, key sentences and keywords."""
    _run("summarize", locals())


@app.command()
def articles(
    paths: PathsArg,
    format: FormatOpt = None,
    output: OutputOpt = None,
    encoding: EncodingOpt = None,
    width: WidthOpt = None,
    quiet: QuietOpt = False,
    allow_empty: AllowEmptyOpt = False,
    config: ConfigOpt = None,
) -> None:
    """The parsed structure of each page: headlines, dateline, authors, body. No ranking."""
    _run("articles", locals())


@app.command()
def keywords(
    paths: PathsArg,
    format: FormatOpt = None,
    output: OutputOpt = None,
    keywords: KeywordsOpt = None,
    engine: EngineOpt = None,
    stopwords: StopwordsOpt = None,
    user_dict: UserDictOpt = None,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    width: WidthOpt = None,
    quiet: QuietOpt = False,
    allow_empty: AllowEmptyOpt = False,
    config: ConfigOpt = None,
) -> None:
    """Keywords only, best first, for every article."""
    _run("keywords", locals())


@app.command()
def daily(
    paths: PathsArg,
    format: FormatOpt = None,
    output: OutputOpt = None,
    sentences: SentencesOpt = None,
    max_chars: MaxCharsOpt = None,
    ratio: RatioOpt = None,
    keywords: KeywordsOpt = None,
    engine: EngineOpt = None,
    stopwords: StopwordsOpt = None,
    user_dict: UserDictOpt = None,
    jobs: JobsOpt = None,
    encoding: EncodingOpt = None,
    width: WidthOpt = None,
    quiet: QuietOpt = False,
    allow_empty: AllowEmptyOpt = False,
    config: ConfigOpt = None,
) -> None:
    """One combined digest of a whole edition: top stories, every article, keywords, index."""
    _run("daily", locals())


def _run(command: str, opts: dict[str, Any]) -> None:
    from digest.config import ConfigError, load_config, resolve
    from digest.errors import DigestError, Terminated

    try:
        settings = resolve(opts, load_config(opts.get("config")))
        code = _execute(command, settings)
    except ConfigError as exc:  # a broken config file or option value: a usage error
        _fail(str(exc), code=2)
    except DigestError as exc:
        _fail(str(exc), code=1)
    except KeyboardInterrupt:
        _fail("interrupted", code=130)
    except Terminated:
        _fail("terminated", code=143)
    except Exception as exc:  # a bug of ours: one line, not a traceback (DIGEST_DEBUG=1 shows it)
        if os.environ.get("DIGEST_DEBUG"):
            raise
        _fail(f"internal error ({type(exc).__name__}: {exc}); please report it", code=1)
    raise typer.Exit(code)


def _execute(command: str, s: Any) -> int:
    from digest.load import iter_sources
    from digest.pipeline import run

    # Colour and escape codes only for a person at a terminal (https://no-color.org).
    stdout_tty = (
        s.output is None
        and sys.stdout is not None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )
    fmt = s.format or "rich"
    mode = "summarize" if command == "daily" else command
    sources = list(iter_sources(s.paths, s.encoding))
    with _progress(len(sources), quiet=s.quiet) as advance:
        results, failures = run(sources, mode, s.summary_options(), on_done=advance, jobs=s.jobs)
    for failure in failures:
        _error(f"{failure.source}: {failure.message}")
    if not results and failures:
        return 1  # every input failed, each said why: leave any previous -o file as it was
    if not s.allow_empty and not any(r.document.content for r in results):
        # An edition with no article is never written: a cron job's previous output stays.
        _error(_no_articles(s.paths, sources, results))
        return 1

    if command == "daily":
        from digest.daily import build_digest
        from digest.render import render_daily

        digest = build_digest(results, s.summary_options())
        if fmt == "rich" and stdout_tty:
            from digest.render.rich import render_daily_rich

            _print_rich(render_daily_rich(digest))
        else:
            _emit(render_daily(digest, fmt, s.width or 100), s.output)
    elif fmt == "rich" and stdout_tty:
        from digest.render.rich import render_rich

        _print_rich(render_rich(results, mode))
    else:
        from digest.render import render

        _emit(render(results, mode, fmt, s.width or 100), s.output)
    return 1 if failures else 0


def _no_articles(paths: list[str], sources: list[Any], results: list[Any]) -> str:
    """One line for a run that found no article at all."""
    where = ", ".join(paths)
    why = "no page (.txt) or JSONL (.jsonl) file found" if not sources else "the inputs hold no article text"
    return f"no articles in {where}: {why}; nothing was written (--allow-empty writes an empty result)"


def _print_rich(renderable: Any) -> None:
    from rich.console import Console

    Console(highlight=False).print(renderable)


def _emit(data: str, output: str | None) -> None:
    if output is not None and output != "-":
        from digest.output import write_atomic

        write_atomic(output, data)
        return
    from digest.errors import OutputError

    if sys.stdout is None:  # started with stdout closed (`digest ... >&-`)
        raise OutputError("standard output is closed; use -o FILE")
    try:
        sys.stdout.buffer.write(data.encode("utf-8", errors="replace"))
        sys.stdout.flush()
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
        self.enabled = total > 1 and not quiet and sys.stderr.isatty()
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


def _fail(message: str, code: int) -> NoReturn:
    _error(message)
    raise typer.Exit(code)


def _on_sigterm(signum: int, frame: Any) -> None:
    from digest.errors import Terminated

    raise Terminated


def run() -> None:
    """Console entry point: a usage error is one line on stderr and exit status 2.

    SIGTERM (a cron job's timeout, a service stopping) unwinds like Ctrl-C: workers are stopped,
    no temporary file is left, any previous output file stays as it was; exit status 143.
    """
    import signal

    signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        code = app(standalone_mode=False)
    except Exception as exc:
        # click's UsageError family (bad option, missing argument, bad value): duck-typed, so
        # that it works whether typer vendors click or not.
        if not (hasattr(exc, "format_message") and hasattr(exc, "exit_code")):
            raise
        if type(exc).__name__ == "NoArgsIsHelpError":
            exc.show()  # type: ignore[attr-defined]  # `digest` alone prints the help
        else:
            ctx = getattr(exc, "ctx", None)
            where = ctx.command_path if ctx is not None else "digest"
            _error(f"{exc.format_message()} (see '{where} --help')")
        sys.exit(exc.exit_code)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    run()
