"""Word segmentation, POS tags and IDF weights: the only module that imports jieba or rjieba.

The default path uses rjieba (jieba-rs: jieba's algorithm and dictionary, much faster).
The Python `jieba` package is loaded only for the textrank4zh engine and the benchmark
baselines, with its dictionary cache in a per-user directory and its log kept quiet.
"""

from __future__ import annotations

import array
import bisect
import importlib.util
import mmap
import os
import struct
import threading
import zlib
from functools import cache
from pathlib import Path
from typing import Any

Token = tuple[str, str]  # (word, POS flag as in jieba.posseg)

_lock = threading.Lock()
_IDF_CACHE_VERSION = 3


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    path = Path(user_cache_dir("digest"))
    path.mkdir(parents=True, exist_ok=True)
    return path


@cache
def _tagger(user_dict: str | None) -> Any:
    """One rjieba instance per user dictionary, built once per process."""
    import rjieba

    if user_dict is None:
        return rjieba
    tagger = rjieba.Jieba()
    for word, freq, tag in read_user_dict(user_dict):
        tagger.add_word(word, freq, tag)
    return tagger


def read_user_dict(path: str) -> list[tuple[str, int | None, str | None]]:
    """Entries of a jieba-format user dictionary: `word [freq] [tag]` per line."""
    from digest.errors import DigestError

    try:
        text = Path(path).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise DigestError(f"cannot read user dictionary {path}: {exc}; give a UTF-8 file, one word per line") from exc
    entries: list[tuple[str, int | None, str | None]] = []
    for line in text.splitlines():
        parts = line.split()
        if not parts or parts[0].startswith("#"):
            continue
        word, freq, tag = parts[0], None, None
        for extra in parts[1:3]:
            if extra.isdigit():
                freq = int(extra)
            else:
                tag = extra
        entries.append((word, freq, tag))
    return entries


# A name the dictionary does not hold: tagging it needs the model of unknown words.
_UNKNOWN_WORD = "王晖"
_warming: threading.Thread | None = None


def warm_up(user_dict: str | None = None) -> None:
    """Load the tokenizer now, and its model of unknown words in the background.

    jieba-rs builds that model on first need (about 30 ms) without holding the GIL, so it is
    built while the caller goes on reading and parsing its input. Call `settle` before forking.
    """
    global _warming
    with _lock:
        tagger = _tagger(user_dict)
        if _warming is None:
            _warming = threading.Thread(target=tagger.tag, args=(_UNKNOWN_WORD,), name="digest-warm-up", daemon=True)
            _warming.start()


def settle() -> None:
    """Wait for `warm_up`'s background work (a forked child must not inherit it half done)."""
    if _warming is not None:
        _warming.join()


# A process that forks (multiprocessing, a task runner's workers) first lets the warm-up finish:
# a thread does not survive a fork, and a child must not inherit its half-built model or lock.
os.register_at_fork(before=settle)


def tag(text: str, user_dict: str | None = None) -> list[Token]:
    """(word, flag) pairs covering `text` exactly, like jieba.posseg.cut."""
    with _lock:
        tagger = _tagger(user_dict)
    tagged: list[Token] = tagger.tag(text)  # a new list of (word, flag) tuples
    return tagged


def words(text: str) -> list[str]:
    """The words of `text` in order, with jieba's default dictionary (no user dictionary), so
    that what the archive indexes and what a search asks for are cut alike."""
    with _lock:
        tagger = _tagger(None)
    cut: list[str] = tagger.cut(text)
    return cut


def has_word(word: str) -> bool:
    """Is `word` in the tokenizer's dictionary?"""
    return bool(_tagger(None).has_word(word))


# --- IDF ----------------------------------------------------------------------------------------
# jieba ships an IDF table (jieba/analyse/idf.txt, 270k words). Parsing it into a dict costs
# more than the rest of a page's work, so it is converted once into a binary file in the user
# cache dir: words ordered by their CRC-32, looked up by binary search on the checksums and
# confirmed against the stored word, without ever building a dict.


def _jieba_dir() -> Path:
    spec = importlib.util.find_spec("jieba")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("the jieba package is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def _checksum(key: bytes) -> int:
    return zlib.crc32(key)


class IdfTable:
    """IDF of a word (the median for unknown words): a binary search on word checksums."""

    def __init__(
        self, blob: memoryview, checksums: memoryview, offsets: memoryview, values: memoryview[float], median: float
    ) -> None:
        self._blob = blob
        self._sums = checksums
        self._off = offsets
        self._val = values
        self.median = median
        self._n = len(values)

    def get(self, word: str, default: float | None = None) -> float:
        key = word.encode("utf-8")
        h = _checksum(key)
        sums, off, blob = self._sums, self._off, self._blob
        i = bisect.bisect_left(sums, h)
        while i < self._n and sums[i] == h:  # checksums collide now and then: compare the words
            if blob[off[i] : off[i + 1] - 1] == key:
                return float(self._val[i])
            i += 1
        return self.median if default is None else default

    def __contains__(self, word: str) -> bool:
        return self.get(word, -1.0) >= 0

    def __len__(self) -> int:
        return self._n


def _build_idf_bytes(source: Path) -> bytes:
    pairs: dict[bytes, float] = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        word, _, value = line.strip().rpartition(" ")
        if word:
            pairs[word.encode("utf-8")] = float(value)
    keys = sorted(pairs, key=lambda k: (_checksum(k), k))
    checksums = array.array("I", (_checksum(k) for k in keys))
    values = array.array("f", (pairs[k] for k in keys))
    offsets = array.array("i", [0])
    for k in keys:
        offsets.append(offsets[-1] + len(k) + 1)
    ordered = sorted(values)
    median = ordered[len(ordered) // 2]
    header = struct.pack("<iid", _IDF_CACHE_VERSION, len(keys), median)
    return header + checksums.tobytes() + offsets.tobytes() + values.tobytes() + b"\n".join(keys) + b"\n"


def _parse_idf_bytes(data: bytes | mmap.mmap) -> IdfTable:
    """The table over `data` as it is (a mapped file is never copied)."""
    version, n, median = struct.unpack_from("<iid", data)
    if version != _IDF_CACHE_VERSION:
        raise ValueError("stale idf cache")
    view = memoryview(data)
    pos = struct.calcsize("<iid")
    checksums = view[pos : pos + 4 * n].cast("I")
    pos += 4 * n
    offsets = view[pos : pos + 4 * (n + 1)].cast("i")
    pos += 4 * (n + 1)
    values = view[pos : pos + 4 * n].cast("f")
    pos += 4 * n
    blob = view[pos:]
    if len(checksums) != n or len(values) != n or len(offsets) != n + 1 or offsets[n] != len(blob):
        raise ValueError("truncated idf cache")
    return IdfTable(blob, checksums, offsets, values, median)


def _map(path: Path) -> mmap.mmap:
    with path.open("rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


@cache
def idf_table() -> IdfTable:
    source = _jieba_dir() / "analyse" / "idf.txt"
    stat = source.stat()
    target = cache_dir() / f"idf-v{_IDF_CACHE_VERSION}-{stat.st_size}-{int(stat.st_mtime)}.bin"
    try:
        return _parse_idf_bytes(_map(target))
    except (OSError, ValueError, TypeError, struct.error):
        pass
    data = _build_idf_bytes(source)
    tmp = target.with_suffix(f".{os.getpid()}.tmp")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, target)
    except OSError:  # a read-only cache only costs speed
        pass
    return _parse_idf_bytes(data)


# --- the Python jieba package (textrank4zh engine, baselines) -----------------------------------


@cache
def python_jieba(user_dict: str | None = None) -> Any:
    """The `jieba` module, with a per-user dictionary cache and its log kept off the terminal."""
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.tmp_dir = str(cache_dir())
    jieba.dt.cache_file = "jieba.cache"
    jieba.initialize()
    if user_dict is not None:
        jieba.load_userdict(user_dict)
    return jieba
