"""A user's defaults: the config file, checked against the option declarations.

The config file is TOML, found at `--config FILE`, else `$DIGEST_CONFIG`, else
`$XDG_CONFIG_HOME/digest/config.toml` (`~/.config/digest/config.toml`). Its keys are the
options' names (`max_chars` or `max-chars`); see `digest.options`. Example::

    format = "text"
    sentences = 4
    keywords = 8
    stopwords = "~/.config/digest/stopwords.txt"
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from digest.options import ConfigError, check, declared


def default_path() -> Path | None:
    base = os.environ.get("XDG_CONFIG_HOME")
    if not base:
        try:
            base = str(Path.home() / ".config")
        except RuntimeError:  # no $HOME and no passwd entry (some cron setups): no config
            return None
    return Path(base) / "digest" / "config.toml"


def load_config(path: Path | None) -> dict[str, Any]:
    """The config file's settings, each checked; {} when there is none. A broken file is an error.

    The usual place (`default_path`) may be out of reach (HOME is a file, a folder on the way
    cannot be read): then there is no config, as when nothing is there. Only a file named by
    --config or $DIGEST_CONFIG must exist.
    """
    from digest.files import read_text

    explicit = path is not None or bool(os.environ.get("DIGEST_CONFIG"))
    found = path or os.environ.get("DIGEST_CONFIG") or default_path()
    if found is None:
        return {}
    target = Path(found).expanduser()
    if not explicit:
        try:
            target.stat()
        except OSError as exc:
            if not isinstance(exc, FileNotFoundError):
                from digest.notes import note

                note(f"no config file read: {target} is out of reach ({exc.strerror or exc})")
            return {}
    fix = "check --config or $DIGEST_CONFIG" if explicit else "fix or remove it"
    raw = read_text(target, "config file", fix)
    import tomllib  # only when there is a config file: most runs have none

    try:
        data = tomllib.loads(raw)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"config file {target}: not valid TOML ({exc}); fix or remove it") from None
    options = {opt.name: opt for opt in declared() if opt.info.in_config}
    out: dict[str, Any] = {}
    for key, value in data.items():
        name = key.replace("-", "_")
        if name not in options:
            raise ConfigError(f"config file {target}: unknown setting {key!r}; known: {', '.join(sorted(options))}")
        out[name] = check(options[name], value, f"config file {target}: {name}")
    return out
