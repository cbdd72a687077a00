"""The files that options name: --stopwords, --user-dict and the config file.

Each must be a regular file of UTF-8 text, and small: it is opened without blocking (a FIFO
would otherwise stop the run forever) and refused if it is a folder, a FIFO or a device, or
larger than MAX_BYTES. Problems are usage errors (ConfigError, exit 2) naming the file and,
in a user dictionary, the line.
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from digest.errors import ConfigError

MAX_BYTES = 4 * 2**20  # jieba's own dictionary, 350,000 words, is 5 MB
MAX_WORD_CHARS = 32  # the longest word of jieba's dictionary has 16
MAX_FREQUENCY = 10**9  # jieba's most frequent word has 900,000 or so
_DIGITS = re.compile(r"[0-9]+")


def read_text(path: str | Path, what: str, fix: str) -> str:
    """The text of the `what` file (a "stopword file") at `path`; `fix` ends each error."""
    target = _expanded(path)
    try:
        fd = os.open(target, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        raise ConfigError(f"{what} {target} not found; {fix}") from None
    except OSError as exc:
        raise ConfigError(f"{what} {target}: cannot read ({exc.strerror or exc}); {fix}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = "a folder" if stat.S_ISDIR(mode) else "a FIFO, device or socket, not a regular file"
            raise ConfigError(f"{what} {target}: cannot read (it is {kind}); {fix}")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read(MAX_BYTES + 1)
    except OSError as exc:
        raise ConfigError(f"{what} {target}: cannot read ({exc.strerror or exc}); {fix}") from None
    finally:
        os.close(fd)
    if len(data) > MAX_BYTES:
        raise ConfigError(f"{what} {target}: larger than {MAX_BYTES // 2**20} MB; {fix}")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{what} {target}: not UTF-8 text (at byte {exc.start}); save it as UTF-8") from None


def read_wordlist(path: str | Path) -> frozenset[str]:
    """One word per line; blank lines and lines starting with # are ignored."""
    text = read_text(path, "stopword file", "check --stopwords: a UTF-8 text file, one word per line")
    return frozenset(w.strip() for w in text.splitlines() if w.strip() and not w.lstrip().startswith("#"))


def read_user_dict(path: str | Path) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba-format user dictionary: `word [frequency] [tag]` per line."""
    hint = "check --user-dict: a UTF-8 file, one `word [frequency] [tag]` per line"
    text = read_text(path, "user dictionary", hint)
    entries: list[tuple[str, int | None, str | None]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        where = f"user dictionary {_expanded(path)}, line {number}"
        word, freq, tag = parts[0], None, None
        if len(word) > MAX_WORD_CHARS:
            raise ConfigError(f"{where}: a word of {len(word):,} characters; words have at most {MAX_WORD_CHARS}")
        for extra in parts[1:3]:
            if _DIGITS.fullmatch(extra):
                freq = int(extra)
                if freq > MAX_FREQUENCY:
                    raise ConfigError(f"{where}: frequency {extra} is too large; at most {MAX_FREQUENCY:,}")
            else:
                tag = extra
        entries.append((word, freq, tag))
    return entries


def _expanded(path: str | Path) -> Path:
    try:
        return Path(path).expanduser()
    except RuntimeError:  # ~ with no HOME
        return Path(path)
