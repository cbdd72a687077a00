"""A user's defaults: command-line options over the config file over built-in defaults.

The config file is TOML, found at `--config FILE`, else `$DIGEST_CONFIG`, else
`$XDG_CONFIG_HOME/digest/config.toml` (`~/.config/digest/config.toml`). Example::

    format = "text"
    sentences = 4
    keywords = 8
    stopwords = "~/.config/digest/stopwords.txt"
"""

from __future__ import annotations

import codecs
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from digest.errors import DigestError
from digest.model import SummaryOptions

KEYS = {
    "format": str,
    "sentences": int,
    "max_chars": int,
    "ratio": float,
    "keywords": int,
    "engine": str,
    "stopwords": str,
    "user_dict": str,
    "encoding": str,
    "width": int,
    "quiet": bool,
    "allow_empty": bool,
    "jobs": int,
}
CHOICES = {
    "format": ("rich", "text", "markdown", "json", "html"),
    "engine": ("digest", "textrank4zh"),
}
_KIND_NAMES = {str: "a string", int: "a whole number", float: "a number", bool: "true or false"}
# The same bounds as the command-line options, so a config file cannot set what a flag can't.
RANGES: dict[str, tuple[float, float]] = {
    "sentences": (1, 10_000),
    "max_chars": (1, 10_000_000),
    "ratio": (0.01, 1.0),
    "keywords": (0, 10_000),
    "width": (20, 1000),
    "jobs": (0, 256),
}


class ConfigError(DigestError):
    """A broken config file or option value: a usage error (exit 2), nothing was processed."""


def default_path() -> Path | None:
    base = os.environ.get("XDG_CONFIG_HOME")
    if not base:
        try:
            base = str(Path.home() / ".config")
        except RuntimeError:  # no $HOME and no passwd entry (some cron setups): no config
            return None
    return Path(base) / "digest" / "config.toml"


def load_config(path: Path | None) -> dict[str, Any]:
    """The config file's settings; {} when there is none. A broken file is an error."""
    explicit = path is not None or bool(os.environ.get("DIGEST_CONFIG"))
    found = path or os.environ.get("DIGEST_CONFIG") or default_path()
    if found is None:
        return {}
    target = Path(found).expanduser()
    try:
        raw = target.read_bytes()
    except FileNotFoundError:
        if explicit:
            raise ConfigError(f"config file {target} not found; check --config or $DIGEST_CONFIG") from None
        return {}
    except OSError as exc:
        raise ConfigError(f"config file {target}: cannot read ({exc.strerror or exc}); fix or remove it") from None
    import tomllib  # only when there is a config file: most runs have none

    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except (UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"config file {target}: not valid TOML ({exc}); fix or remove it") from None
    out: dict[str, Any] = {}
    for key, value in data.items():
        key = key.replace("-", "_")
        kind = KEYS.get(key)
        if kind is None:
            raise ConfigError(f"config file {target}: unknown setting {key!r}; known: {', '.join(sorted(KEYS))}")
        if kind is float and isinstance(value, int) and not isinstance(value, bool):
            value = float(value)
        if not isinstance(value, kind) or (kind is int and isinstance(value, bool)):
            raise ConfigError(f"config file {target}: {key} must be {_KIND_NAMES[kind]}")
        if key in CHOICES and value not in CHOICES[key]:
            raise ConfigError(f"config file {target}: {key} must be one of {', '.join(CHOICES[key])}")
        checked: Any = value
        if key in RANGES and not RANGES[key][0] <= checked <= RANGES[key][1]:
            low, high = RANGES[key]
            raise ConfigError(f"config file {target}: {key} must be between {low:g} and {high:g}")
        if key == "encoding":
            check_encoding(checked, f"config file {target}: ")
        out[key] = value
    return out


def check_encoding(name: str, where: str = "") -> None:
    """A usage error unless `name` is a text encoding Python knows."""
    try:
        known = getattr(codecs.lookup(name), "_is_text_encoding", True)
    except LookupError:
        known = False
    if not known:
        raise ConfigError(f"{where}unknown encoding {name!r}; try utf-8, gb18030 or utf-16")


@dataclass(frozen=True, slots=True)
class Settings:
    paths: list[str]
    format: str | None
    output: str | None
    encoding: str | None
    width: int | None
    quiet: bool
    sentences: int
    max_chars: int | None
    ratio: float | None
    keywords: int
    engine: str
    stopwords: frozenset[str]
    user_dict: str | None
    jobs: int = 0
    allow_empty: bool = False

    def summary_options(self) -> SummaryOptions:
        return SummaryOptions(
            sentences=self.sentences,
            max_chars=self.max_chars,
            ratio=self.ratio,
            keywords=self.keywords,
            engine=self.engine,
            stopwords=self.stopwords,
            user_dict=self.user_dict,
        )


def resolve(opts: dict[str, Any], config: dict[str, Any]) -> Settings:
    def pick(key: str, default: Any = None) -> Any:
        value = opts.get(key)
        value = getattr(value, "value", value)  # an Enum choice
        if value is None or value is False:
            value = config.get(key, default if value is None else value)
        return value

    stopwords_file = pick("stopwords")
    user_dict = pick("user_dict")
    if user_dict is not None:
        user_dict = str(Path(user_dict).expanduser())
        if not Path(user_dict).is_file():
            raise ConfigError(f"user dictionary {user_dict} not found; check --user-dict")
    encoding = pick("encoding")
    if encoding is not None:
        check_encoding(encoding, "--encoding: ")
    return Settings(
        paths=list(opts["paths"]),
        format=pick("format"),
        output=opts.get("output"),
        encoding=encoding,
        width=pick("width"),
        quiet=bool(pick("quiet", False)),
        sentences=pick("sentences", 3),
        max_chars=pick("max_chars"),
        ratio=pick("ratio"),
        keywords=pick("keywords", 10),
        engine=pick("engine", "digest"),
        stopwords=read_wordlist(stopwords_file) if stopwords_file else frozenset(),
        user_dict=user_dict,
        jobs=int(pick("jobs", 0) or 0),
        allow_empty=bool(pick("allow_empty", False)),
    )


def read_wordlist(path: str | Path) -> frozenset[str]:
    """One word per line; blank lines and lines starting with # are ignored."""
    target = Path(path).expanduser()
    try:
        text = target.read_text(encoding="utf-8-sig")
    except FileNotFoundError:
        raise ConfigError(f"stopword file {target} not found; check --stopwords") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(f"stopword file {target}: cannot read ({exc}); give a UTF-8 text file") from None
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#"))
