"""Word segmentation, POS tags and IDF weights: the only module that imports jieba or rjieba.

The default path uses rjieba (jieba-rs: jieba's algorithm and dictionary, much faster).
The Python `jieba` package is loaded only for the textrank4zh engine and the benchmark
baselines, with its dictionary cache in a per-user directory and its log kept quiet.
"""

from __future__ import annotations

import array
import bisect
import contextlib
import importlib.util
import mmap
import os
import stat
import struct
import threading
import zlib
from functools import cache
from pathlib import Path
from typing import Any

Token = tuple[str, str]  # (word, POS flag as in jieba.posseg)

_lock = threading.Lock()
_IDF_CACHE_VERSION = 4


@cache
def cache_dir() -> Path | None:
    """The per-user cache folder, made if need be; None when it cannot be (HOME read-only, or
    XDG_CACHE_HOME a file): a cache only saves time, so the run goes on without it."""
    from platformdirs import user_cache_dir

    from digest.notes import note

    slower = "each run builds the word tables again, which takes a second or two"
    try:
        path = Path(user_cache_dir("digest"))
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        note(f"no cache folder ({exc.filename}: {exc.strerror or exc}); {slower}")
        return None
    except RuntimeError:  # no HOME to put it in
        note(f"no cache folder (no home folder); {slower}")
        return None
    return path


def _cache_file(source: Path, stem: str, suffix: str) -> Path | None:
    """Where the cache built from `source` is kept (its name changes with the source's size and
    time), or None with no cache folder."""
    folder = cache_dir()
    if folder is None:
        return None
    st = source.stat()
    return folder / f"{stem}-{st.st_size}-{int(st.st_mtime)}{suffix}"


def _read_cache(path: Path | None) -> mmap.mmap | None:
    """A cache file, mapped; None when there is none, or something else is there (a folder, a
    FIFO: opening one must not block) or it cannot be read."""
    if path is None:
        return None
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size == 0:
            from digest.notes import note

            if not stat.S_ISREG(st.st_mode):
                note(f"cache file {path} is not a regular file; not using it")
            return None
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def _write_cache(path: Path | None, data: bytes) -> None:
    """Write a cache file atomically (a temporary file, then a rename); on any failure, leave
    nothing behind. A cache that cannot be written only costs the next run some time."""
    if path is None:
        return
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException as exc:  # full disk, a folder in the way, a stop signal: no leftover
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise
        from digest.notes import note

        note(f"cannot write cache file {path} ({exc.strerror or exc}); the next run rebuilds it")


def _sealed(payload: bytes) -> bytes:
    """`payload` behind a CRC-32 of itself, so that a damaged cache file is noticed."""
    return struct.pack("<I", zlib.crc32(payload)) + payload


def _unsealed(data: bytes | mmap.mmap) -> memoryview:
    """The payload of a `_sealed` file; ValueError when it does not match its checksum."""
    view = memoryview(data)
    if len(view) < 4 or struct.unpack_from("<I", view)[0] != zlib.crc32(view[4:]):
        raise ValueError("damaged cache file")
    return view[4:]


@cache
def _tagger(user_dict: str | None) -> Any:
    """One rjieba instance per user dictionary, built once per process."""
    import rjieba

    if user_dict is None:
        return rjieba
    from digest.files import read_user_dict

    tagger = rjieba.Jieba()
    for word, freq, tag in read_user_dict(user_dict):
        tagger.add_word(word, freq, tag)
    return tagger


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


def _parse_idf_bytes(data: bytes | mmap.mmap | memoryview) -> IdfTable:
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
    """jieba's IDF table, from the cache file (checked against its checksum: a damaged file would
    give wrong keywords on every run) or built from jieba's idf.txt and cached."""
    source = _jieba_dir() / "analyse" / "idf.txt"
    target = _cache_file(source, f"idf-v{_IDF_CACHE_VERSION}", ".bin")
    mapped = _read_cache(target)
    if mapped is not None:
        try:
            return _parse_idf_bytes(_unsealed(mapped))
        except (ValueError, TypeError, struct.error):
            from digest.notes import note

            note(f"cache file {target} was damaged; rebuilt it")
    data = _build_idf_bytes(source)
    _write_cache(target, _sealed(data))
    return _parse_idf_bytes(data)


# --- the Python jieba package (textrank4zh engine, baselines) -----------------------------------


@cache
def python_jieba(user_dict: str | None = None) -> Any:
    """The `jieba` module, its dictionary loaded from our own checked cache, its log kept off the
    terminal. jieba's cache (a marshal dump in /tmp, trusted as it is, its temporary file left
    behind when the rename fails) is never used."""
    import logging

    logging.getLogger("jieba").setLevel(logging.WARNING)
    import jieba

    jieba.setLogLevel(logging.WARNING)
    if not jieba.dt.initialized:
        jieba.dt.FREQ, jieba.dt.total = _jieba_prefix_dict(jieba.dt)
        jieba.dt.initialized = True
    if user_dict is not None:
        from digest.files import read_user_dict

        for word, freq, tag in read_user_dict(user_dict):
            jieba.add_word(word, freq, tag)
    return jieba


def _jieba_prefix_dict(tokenizer: Any) -> tuple[dict[str, int], int]:
    """jieba's prefix dictionary (its FREQ and total) from the cache, or built and cached."""
    import marshal

    source = _jieba_dir() / "dict.txt"
    target = _cache_file(source, "jieba", ".cache")
    mapped = _read_cache(target)
    if mapped is not None:
        try:
            freq, total = marshal.loads(_unsealed(mapped))
            if isinstance(freq, dict) and isinstance(total, int):
                return freq, total
        except (ValueError, TypeError, EOFError):
            pass
        from digest.notes import note

        note(f"cache file {target} was damaged; rebuilt it")
    with source.open("rb") as fh:
        freq, total = tokenizer.gen_pfdict(fh)
    _write_cache(target, _sealed(marshal.dumps((freq, total))))
    return freq, total
