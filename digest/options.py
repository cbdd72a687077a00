"""Every command-line option, declared once: name, type, default, range and help.

`Settings` is the declaration. Each field is one option: its name is the Python name and the
config-file key, its annotation the type, its default the built-in default, and `option(...)`
adds the flags, the help and the range. The CLI builds its typer parameters from these fields,
the config file is checked against them, and the resolved values come back as one `Settings`.
Options that several commands share form groups, as sqlite-utils shares `output_options`.

Nothing here imports typer or click: the library and the tests read the same declarations.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, get_type_hints

from digest.errors import ConfigError as ConfigError  # a usage error (exit 2); defined beside the others
from digest.model import DEFAULT_SENTENCES, SummaryOptions

# Groups of options; a command takes the groups it needs.
COMMON = "common"  # every command: output and input handling
RANKING = "ranking"  # commands that rank: keywords and the engine
LENGTH = "length"  # commands that print summaries: how long they are
FULL_TEXT = "full text"  # summarize: the whole text besides the summary
# The archive (digest/archive/): each group is the options a set of commands shares.
ARCHIVE = "archive"  # every command that reads or writes the archive: --db
EDITION = "edition"  # commands that store an edition: --date
PAPER = "paper"  # archive add, daily (the paper stored) and search (the paper searched)
RECALL = "recall"  # daily: --archive, --new-only
DAYS = "days"  # daily --archive (how far back a story counts as seen) and trends (the period)
SINCE = "since"  # search
UNTIL = "until"  # search, trends
LIMIT = "limit"  # search, trends: how many
DASK = "dask"  # summarize, keywords, articles, daily, archive add: the work on a Dask cluster


@dataclass(frozen=True, slots=True)
class OptionInfo:
    """What a Settings field needs beyond its name, type and default to be a command-line option."""

    flags: tuple[str, ...]  # "--max-chars", or "--sentences", "-n"
    help: str
    group: str
    low: float | None = None
    high: float | None = None
    choices: Callable[[], tuple[str, ...]] | None = None  # from a registry, looked up when needed
    in_config: bool = True  # may be set in the config file
    metavar: str | None = None  # what --help shows for the value (default: the name in capitals)


def option(
    default: Any,
    *flags: str,
    help: str,  # noqa: A002  (the name every CLI library uses)
    group: str,
    low: float | None = None,
    high: float | None = None,
    choices: Callable[[], tuple[str, ...]] | None = None,
    in_config: bool = True,
    metavar: str | None = None,
) -> Any:
    """A Settings field that is a command-line option."""
    info = OptionInfo(flags, help, group, low, high, choices, in_config, metavar)
    return field(default=default, metadata={"option": info})


def _formats() -> tuple[str, ...]:
    from digest.render import FORMATS

    return tuple(FORMATS)


def _engines() -> tuple[str, ...]:
    from digest.engines import ENGINES

    return tuple(ENGINES)


@dataclass(frozen=True, slots=True)
class Settings:
    """A command's options, resolved: the command line over the config file over these defaults."""

    # --- common: every command
    format: str = option("rich", "--format", "-f", help="Output format.", group=COMMON, choices=_formats)
    output: str | None = option(
        None,
        "--output",
        "-o",
        help="Write to FILE atomically instead of stdout.",
        group=COMMON,
        in_config=False,
        metavar="FILE",
    )
    width: int | None = option(
        None, "--width", help="Line width for rich/text output (default: the terminal's, else 100).", group=COMMON,
        low=20, high=1000, metavar="N",
    )  # fmt: skip
    quiet: bool = option(False, "--quiet", "-q", help="No progress bar; errors only.", group=COMMON)
    verbose: bool = option(
        False, "--verbose", "-v", help="Notes on stderr: what the run did differently and why (no cache...).",
        group=COMMON,
    )  # fmt: skip
    allow_empty: bool = option(
        False, "--allow-empty", help="Write the output even when the inputs hold no article.", group=COMMON
    )
    encoding: str | None = option(None, "--encoding", help="Force the input encoding (default: detect).", group=COMMON)
    timeout: float = option(
        20.0, "--timeout", help="Seconds to fetch each http(s):// address, at most.", group=COMMON,
        low=0.1, high=3600, metavar="S",
    )  # fmt: skip
    config: Path | None = option(
        None, "--config", help="Config file (TOML) with default options.", group=COMMON, in_config=False, metavar="FILE"
    )
    # --- ranking: summarize, keywords, daily
    keywords: int = option(
        10, "--keywords", "-k", help="Keywords per article.", group=RANKING, low=0, high=10_000, metavar="N"
    )
    engine: str = option("digest", "--engine", help="Ranking engine.", group=RANKING, choices=_engines)
    stopwords: Path | None = option(
        None, "--stopwords", help="Extra stopwords, one per line.", group=RANKING, metavar="FILE"
    )
    user_dict: Path | None = option(None, "--user-dict", help="A jieba user dictionary.", group=RANKING, metavar="FILE")
    jobs: int = option(
        0,
        "--jobs",
        "-j",
        help="Worker processes (0: every core, for large inputs).",
        group=RANKING,
        low=0,
        high=256,
        metavar="N",
    )
    # --- length: summarize, daily
    sentences: int | None = option(
        None, "--sentences", "-n", help="Summary sentences, at most. Each length option is a cap and the smallest "
        f"wins; with none, {DEFAULT_SENTENCES} sentences.", group=LENGTH, low=1, high=10_000, metavar="N",
    )  # fmt: skip
    max_chars: int | None = option(
        None, "--max-chars", help="Summary characters, at most (one sentence at least).", group=LENGTH, low=1,
        high=10_000_000, metavar="N",
    )  # fmt: skip
    ratio: float | None = option(
        None, "--ratio", help="Summary sentences as a share of the article's, at most (rounded up).", group=LENGTH,
        low=0.01, high=1.0, metavar="R",
    )  # fmt: skip

    # --- full text: summarize
    full: bool = option(
        False, "--full", help="Also give every article's whole text (JSON: its paragraphs).", group=FULL_TEXT
    )

    # --- the archive (digest/archive/, docs/archive.md)
    db: Path | None = option(
        None, "--db", help="The archive file (default: $DIGEST_DB, else archive.sqlite3 in the user data folder).",
        group=ARCHIVE, metavar="FILE",
    )  # fmt: skip
    date: str | None = option(
        None, "--date", help="The edition date, YYYY-MM-DD (default: from the file or folder name, else the "
        "masthead, else today).", group=EDITION, in_config=False, metavar="DATE",
    )  # fmt: skip
    paper: str | None = option(
        None, "--paper", help="The paper's name: stored with the edition, or the paper to search.", group=PAPER,
        in_config=False, metavar="NAME",
    )  # fmt: skip
    archive: bool = option(
        False, "--archive", help="Also store the edition in the archive and mark stories already reported.",
        group=RECALL,
    )  # fmt: skip
    new_only: bool = option(
        False, "--new-only", help="With --archive: leave out the stories already reported.", group=RECALL
    )
    days: int = option(
        7, "--days", help="Days to look back: for stories already reported, or per period of trends.", group=DAYS,
        low=1, high=36_500, metavar="N",
    )  # fmt: skip
    since: str | None = option(
        None, "--since", help="Only editions on or after this date (YYYY-MM-DD).", group=SINCE, in_config=False,
        metavar="DATE",
    )  # fmt: skip
    until: str | None = option(
        None, "--until", help="Only editions on or before this date (YYYY-MM-DD; trends: default the last one).",
        group=UNTIL, in_config=False, metavar="DATE",
    )  # fmt: skip
    limit: int = option(20, "--limit", "-n", help="How many to show.", group=LIMIT, low=1, high=10_000, metavar="N")

    # --- dask: the work spread over a Dask cluster (digest/cluster.py; needs pip install 'digest[dask]')
    dask: str | None = option(
        None, "--dask", help="Spread the work over a Dask cluster: tcp://HOST:PORT (a running scheduler), or "
        "local / local:N (N worker processes on this machine). Needs pip install 'digest[dask]'.", group=DASK,
        metavar="ADDRESS",
    )  # fmt: skip
    ship_text: bool = option(
        False, "--ship-text", help="With --dask: read the inputs here and send their text to the workers (by "
        "default the workers read the files where they are: the same file system).", group=DASK,
    )  # fmt: skip
    dask_timeout: float = option(
        60.0, "--dask-timeout", help="With --dask: seconds to wait for the cluster, to connect and then for each "
        "next result.", group=DASK, low=1, high=86_400, metavar="S",
    )  # fmt: skip

    def summary_options(self) -> SummaryOptions:
        """The library's SummaryOptions for these settings (reads the stopword file)."""
        from digest.files import read_wordlist

        return SummaryOptions(
            sentences=self.sentences,
            max_chars=self.max_chars,
            ratio=self.ratio,
            keywords=self.keywords,
            engine=self.engine,
            stopwords=read_wordlist(self.stopwords) if self.stopwords else frozenset(),
            user_dict=None if self.user_dict is None else str(self.user_dict),
        )


@dataclass(frozen=True, slots=True)
class Declared:
    """One option as declared: the Settings field with its type and OptionInfo."""

    name: str
    kind: type  # int, float, str, bool or Path (None is allowed when the default is None)
    default: Any
    info: OptionInfo

    @property
    def flag(self) -> str:
        """The long flag, as errors name the option."""
        return self.info.flags[0]


def _kind(annotation: Any) -> type:
    args = [a for a in getattr(annotation, "__args__", (annotation,)) if a is not type(None)]
    return args[0] if isinstance(args[0], type) else str


def declared(*groups: str) -> tuple[Declared, ...]:
    """The options of these groups (all options when none is named), in declaration order."""
    return tuple(opt for opt in _all_declared() if not groups or opt.info.group in groups)


@cache
def _all_declared() -> tuple[Declared, ...]:
    hints = get_type_hints(Settings)
    return tuple(
        Declared(f.name, _kind(hints[f.name]), f.default, f.metadata["option"])
        for f in dataclasses.fields(Settings)
        if "option" in f.metadata
    )


_KIND_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false", Path: "a path"}


def check(option: Declared, value: Any, label: str) -> Any:
    """`value` for `option`, converted and checked against its type, choices and range; `label`
    names the option in errors (--ratio, or the config file and key)."""
    kind = option.kind
    if kind is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if kind is Path and isinstance(value, str):
        value = Path(value)
    if not isinstance(value, kind) or (kind in (int, float) and isinstance(value, bool)):
        raise ConfigError(f"{label} must be {_KIND_NAMES.get(kind, kind.__name__)}")
    info = option.info
    if info.choices is not None and value not in info.choices():
        raise ConfigError(f"{label} must be one of {', '.join(info.choices())}")
    if isinstance(value, (int, float)):
        low = -math.inf if info.low is None else info.low
        high = math.inf if info.high is None else info.high
        if not (low <= value <= high):  # also refuses nan, which compares false with everything
            raise ConfigError(f"{label} must be between {low:g} and {high:g}")
    if option.name == "encoding" and isinstance(value, str):
        check_encoding(value, f"{label}: ")
    if option.name == "dask" and isinstance(value, str):
        dask_address(value, label)
    if option.name == "output" and value == "":
        raise ConfigError(f"{label} is empty; give a file name, or - for standard output")
    return value


MAX_LOCAL_WORKERS = 256


def dask_address(value: str, label: str = "--dask") -> str | int:
    """What --dask names: the number of worker processes of a local cluster (`local`: one per
    core, `local:N`), or a scheduler's address (`tcp://HOST:PORT`). A usage error otherwise.

    >>> dask_address("local:2"), dask_address("tcp://127.0.0.1:8786")
    (2, 'tcp://127.0.0.1:8786')
    """
    import os
    import re

    local = re.fullmatch(r"local(?::(\d{1,4}))?", value)
    if local:
        workers = int(local.group(1)) if local.group(1) else os.cpu_count() or 1
        if 1 <= workers <= MAX_LOCAL_WORKERS:
            return workers
        raise ConfigError(f"{label}: local:N takes 1 to {MAX_LOCAL_WORKERS} worker processes, not {workers}")
    remote = re.fullmatch(r"tcp://(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9._-]+):(\d{1,5})", value)
    if remote and 1 <= int(remote.group(2)) <= 65_535:
        return value
    shown = value if len(value) <= 80 else value[:80] + "..."
    raise ConfigError(
        f"{label}: {shown!r} is not a Dask cluster; give tcp://HOST:PORT (a scheduler, e.g. tcp://10.0.0.5:8786), "
        "local, or local:N for N worker processes on this machine"
    )


def check_encoding(name: str, where: str = "") -> None:
    """A usage error unless `name` is a text encoding Python knows."""
    import codecs

    try:
        known = getattr(codecs.lookup(name), "_is_text_encoding", True)
    except LookupError:
        known = False
    if not known:
        raise ConfigError(f"{where}unknown encoding {name!r}; try utf-8, gb18030 or utf-16")


def resolve(given: Mapping[str, Any], config: Mapping[str, Any]) -> Settings:
    """Settings from the command line's values (None or False: not given) over the config file's
    (already checked by `digest.config.load_config`) over the declared defaults."""
    values: dict[str, Any] = {}
    for opt in declared():
        value = given.get(opt.name)
        if value is None or value is False:
            value = config.get(opt.name, opt.default if value is None else value)
        else:
            value = check(opt, value, opt.flag)
        if isinstance(value, Path):
            value = value.expanduser()
        values[opt.name] = value
    settings = Settings(**values)
    if settings.ship_text and settings.dask is None:
        raise ConfigError("--ship-text goes with --dask: it sends the inputs' text to the cluster's workers")
    if settings.user_dict is not None:
        from digest.files import read_user_dict

        read_user_dict(settings.user_dict)  # every problem in it is found now, before any work
    return settings

