"""Word segmentation, POS tags and IDF weights: the only module that imports jieba or rjieba.

The default path uses rjieba (jieba-rs: jieba's algorithm and dictionary, much faster), its
dictionary given to it word by word as the texts need it (see "the tagger" below).
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
import weakref
import zlib
from collections.abc import Sequence
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
    name = f"{stem}-{st.st_size}-{int(st.st_mtime)}{suffix}"
    _IN_USE.add(name)
    return folder / name


# The names of the cache files this process reads or writes: never stale, whatever their age.
_IN_USE: set[str] = set()
# A cache file (or its check marker, or a temporary file left by a killed run) that no run has
# written, or read where access times are kept, for this long is stale: an install of jieba that
# is gone, most likely. Long, because access times are often kept coarsely or not at all.
_STALE_AFTER = 30 * 86_400.0
_CACHE_NAME = r"\.?(?:idf-v\d+|words-v\d+|jieba)(?:-\d+)+\.(?:bin|cache)(?:\.checked)?(?:\.\d+\.tmp)?"


def _read_cache(path: Path | None) -> tuple[mmap.mmap, os.stat_result] | None:
    """A cache file, mapped, and what fstat said of it; None when there is none, or something
    else is there (a folder, a FIFO: opening one must not block) or it cannot be read."""
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
        return mmap.mmap(fd, 0, access=mmap.ACCESS_READ), st
    except (OSError, ValueError):
        return None
    finally:
        os.close(fd)


def _checked(path: Path, found: tuple[mmap.mmap, os.stat_result]) -> memoryview:
    """The payload of the sealed cache file mapped from `path`; ValueError when it is damaged.

    Its checksum is verified in full once (13 MB for the word file and the IDF table, 4 % of a
    one-page run). A stamp beside it then records the file as verified: its device, inode, size
    and modification and change times. While they are the same, the file is untouched (any
    write to it, or a new file in its place, changes its change time), and the check is spared.
    """
    mapped, st = found
    stamp = f"{st.st_dev} {st.st_ino} {st.st_size} {st.st_mtime_ns} {st.st_ctime_ns}".encode()
    marker = path.with_name(path.name + ".checked")
    seen = _read_cache(marker)
    if seen is not None and seen[1].st_size == len(stamp) and seen[0][:] == stamp:
        return memoryview(mapped)[4:]
    payload = _unsealed(mapped)
    _write_cache(marker, stamp)
    return payload


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
        return
    if not path.name.endswith(".checked"):
        _remove_stale(path)


def _remove_stale(written: Path) -> None:
    """Remove the cache files beside `written` that no run has used for _STALE_AFTER.

    Every install names its cache files after its own jieba files, so each new venv or upgrade
    writes a new set (5-13 MB) and the old ones would stay for ever. A new cache file is written
    right after such a change, so that is when the folder is tidied. A file another install
    still uses is written or read within that time (reading shows where access times are kept);
    a file it loses all the same only costs its next run a rebuild. Only regular files with the
    names written here are touched, and nothing that goes wrong here stops the run.
    """
    import re
    import time

    try:
        in_use = _IN_USE.copy()  # one step: other threads may be adding to it
        keep = {written.name} | in_use | {f"{name}.checked" for name in in_use}
        pattern = re.compile(_CACHE_NAME)
        cutoff = time.time() - _STALE_AFTER
        for entry in list(os.scandir(written.parent)):
            if entry.name in keep or not pattern.fullmatch(entry.name):
                continue
            with contextlib.suppress(OSError):  # gone already, or not ours to remove
                st = entry.stat(follow_symlinks=False)
                if stat.S_ISREG(st.st_mode) and max(st.st_mtime, st.st_atime) < cutoff:
                    os.unlink(entry.path)
    except Exception:  # a cache folder that cannot be listed, or anything else: tidying can wait
        return


def _sealed(payload: bytes) -> bytes:
    """`payload` behind a CRC-32 of itself, so that a damaged cache file is noticed."""
    return struct.pack("<I", zlib.crc32(payload)) + payload


def _unsealed(data: bytes | mmap.mmap) -> memoryview:
    """The payload of a `_sealed` file; ValueError when it does not match its checksum."""
    view = memoryview(data)
    if len(view) < 4 or struct.unpack_from("<I", view)[0] != zlib.crc32(view[4:]):
        raise ValueError("damaged cache file")
    return view[4:]


# --- the tagger ---------------------------------------------------------------------------------
# `import rjieba` builds jieba's whole dictionary (349,045 words) into a trie: about 0.15 s that
# hold the GIL, more than all the rest of a one-page run. Segmenting a text only ever consults the
# dictionary words that occur in it, each with its frequency against the dictionary's total. So
# the default tagger starts empty and, before each call, is given the dictionary words that may
# occur in the new text: every word filed under one of its characters or pairs of characters
# (a word file in the user cache holds them in that order). One placeholder word, made of
# characters jieba never segments, carries the rest of the total. Cuts, tags and the guesses for
# unknown words come out as with the whole dictionary, which `tests/test_tokens.py` checks.

_WORDS_CACHE_VERSION = 1
_PLACEHOLDER = "\ufdd0\ufdd1"  # Unicode noncharacters: outside every run of text jieba segments
# Giving a word costs about 2.5 us, building the whole dictionary about as much as 60,000 words.
_GROWTH_LIMIT = 60_000  # words given one by one; past it the whole dictionary is built at once
_WHOLE_FOR = 100_000  # characters of text that `prepare` readies the whole dictionary for
_KNOWN_LIMIT = 200_000  # answers of has_word kept
_CHECKED_EVERY = 16  # words whose tag and frequency are checked against rjieba's: one in this many


@cache
def _rjieba() -> Any:
    """rjieba's compiled module, loaded without running `rjieba/__init__.py` (which builds a
    default tagger with the whole dictionary at import). Should the package's layout change, it
    is imported the ordinary way."""
    import sys
    from importlib.machinery import EXTENSION_SUFFIXES

    name = "rjieba.rjieba"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec("rjieba")
    folders = list(spec.submodule_search_locations or []) if spec is not None else []
    for path in (Path(folder) / f"rjieba{suffix}" for folder in folders for suffix in EXTENSION_SUFFIXES):
        found = importlib.util.spec_from_file_location(name, path)
        if path.is_file() and found is not None and found.loader is not None:
            module = importlib.util.module_from_spec(found)
            sys.modules[name] = module  # a later `import rjieba` finds it: it cannot be loaded twice
            found.loader.exec_module(module)
            return module
    import rjieba

    return rjieba


class WordFile:
    """jieba's dictionary, filed by the first character or two of each word: `total` is the sum
    of all frequencies; `lines(keys)` gives the words under those keys as "word freq tag" lines."""

    def __init__(self, total: int, keys: memoryview, offsets: memoryview, blob: memoryview) -> None:
        self.total = total
        self._keys = keys
        self._off = offsets
        self._blob = blob
        self._n = len(keys)

    def lines(self, keys: set[int]) -> list[str]:
        found = []
        table, off, blob, n = self._keys, self._off, self._blob, self._n
        for key in keys:
            i = bisect.bisect_left(table, key)
            if i < n and table[i] == key:
                found.append(str(blob[off[i] : off[i + 1]], "utf-8"))
        return "\n".join(found).split("\n") if found else []

    def entry(self, word: str) -> tuple[int, str] | None:
        """The frequency and tag of a word of the dictionary; None for any other."""
        for line in self.lines({_filing_key(word)}):
            listed, freq, tag = line.split(" ")
            if listed == word:
                return int(freq), tag
        return None


def _filing_key(word: str) -> int:
    """Where a word file files `word`: under its first two characters, or its one."""
    return ord(word[0]) << 21 | (ord(word[1]) if len(word) > 1 else 0)


def _filing_keys(text: str) -> set[int]:
    """The keys of every word that may occur in `text`: each character, and each pair."""
    keys = {ord(a) << 21 | ord(b) for a, b in zip(text, text[1:], strict=False)}
    keys.update(ord(c) << 21 for c in text)
    return keys


def _read_dictionary(source: Path) -> dict[str, tuple[int, str]]:
    """A jieba dictionary file's words with their frequency and tag, read as jieba-rs reads it:
    a word listed twice keeps its first tag and its last frequency; a missing frequency is 0."""
    entries: dict[str, tuple[int, str]] = {}
    with source.open(encoding="utf-8") as fh:
        for line in fh:
            fields = line.split()
            if not fields:
                continue
            word, freq = fields[0], int(fields[1]) if len(fields) > 1 else 0
            tag = entries[word][1] if word in entries else (fields[2] if len(fields) > 2 else "")
            entries[word] = (freq, tag)
    return entries


def _build_word_file(entries: dict[str, tuple[int, str]]) -> bytes:
    """The word file of a dictionary's entries."""
    filed: dict[int, list[str]] = {}
    for word, (freq, tag) in entries.items():
        filed.setdefault(_filing_key(word), []).append(f"{word} {freq} {tag}")
    keys = sorted(filed)
    offsets = array.array("I", [0])
    blob = bytearray()
    for key in keys:
        blob += "\n".join(filed[key]).encode("utf-8")
        offsets.append(len(blob))
    total = sum(freq for freq, _ in entries.values())
    header = struct.pack("<iQI", _WORDS_CACHE_VERSION, total, len(keys))
    return header + array.array("Q", keys).tobytes() + offsets.tobytes() + bytes(blob)


def _parse_word_file(data: bytes | mmap.mmap | memoryview) -> WordFile:
    (total, n), pos = _header(data, "<iQI", _WORDS_CACHE_VERSION, "word file")
    (keys, offsets), blob = _arrays(data, pos, "word file", ("Q", n), ("I", n + 1))
    if offsets[n] != len(blob):
        raise ValueError("truncated word file")
    return WordFile(total, keys, offsets, blob)


def _agrees_with_rjieba(entries: dict[str, tuple[int, str]], total: int) -> bool:
    """Does rjieba's own dictionary agree with jieba's? (It embeds a copy; a new release could
    change it.) Checked once, when the word file is made: every word is rjieba's; one word in
    `_CHECKED_EVERY` has rjieba's tag and frequency (all of them would take a second more);
    and the total is rjieba's, which words only rjieba holds would change."""
    full = _rjieba().Jieba()
    if not all(map(full.has_word, entries)):
        return False
    for word in list(entries)[::_CHECKED_EVERY]:
        tagged = full.tag(word, False)
        freq, tag = entries[word]
        # A word cut whole: suggest_freq is its frequency, + 1 but for rounding.
        if len(tagged) == 1 and (tagged[0][1] != tag or full.suggest_freq(word) not in (freq, freq + 1)):
            return False
    # For two words a, b cut apart, suggest_freq(a + b) is freq(a) * freq(b) / total + 1.
    for a, b in (("的", "的"), ("我们", "的"), ("中国", "人民")):
        if a not in entries or b not in entries:
            return False
        if abs(full.suggest_freq(a + b) - (entries[a][0] * entries[b][0] / total + 1)) > 2:
            return False
    return True


@cache
def word_file() -> WordFile | None:
    """jieba's dictionary as a word file, from the cache or made and cached; None when there is no
    cache folder (made anew on every run, it would cost more than it saves) or when rjieba's own
    dictionary is not jieba's."""
    source = _jieba_dir() / "dict.txt"
    stem = _word_file_stem()
    target = None if stem is None else _cache_file(source, stem, ".bin")
    if target is None:
        return None
    found = _read_cache(target)
    if found is not None:
        try:
            payload = _checked(target, found)
            return _parse_word_file(payload) if len(payload) else None  # empty: rjieba disagrees
        except (ValueError, TypeError, struct.error):
            from digest.notes import note

            note(f"cache file {target} was damaged; rebuilt it")
    elif os.path.lexists(target) or not os.access(target.parent, os.W_OK):
        return None  # something else is there, or the folder is read-only: it could not be kept
    entries = _read_dictionary(source)
    data = _build_word_file(entries)
    words = _parse_word_file(data)
    if not _agrees_with_rjieba(entries, words.total):
        _write_cache(target, _sealed(b""))
        return None
    _write_cache(target, _sealed(data))
    return words


def _word_file_stem() -> str | None:
    """The word file's name before its source's size and time: it also changes with rjieba's
    compiled module, whose dictionary it is checked against."""
    rust = Path(_rjieba().__file__)
    if not rust.is_file():
        return None
    st = rust.stat()
    return f"words-v{_WORDS_CACHE_VERSION}-{st.st_size}-{int(st.st_mtime)}"


class _GrowingTagger:
    """An rjieba tagger given jieba's dictionary as the texts it sees need it (see above). Thread
    safe: the words are added and used under one lock, as rjieba refuses to change a tagger that
    another thread is using."""

    def __init__(self, module: Any, words: WordFile) -> None:
        self._module = module
        self._words = words
        self._jieba = module.Jieba.empty()
        self._jieba.add_word(_PLACEHOLDER, words.total, "x")
        self._seen: set[int] = set()
        self._given = 0  # frequencies given so far
        self._count = 0  # words given so far
        self._whole = False
        self._known: dict[str, bool] = {}  # has_word's answers, which growing never changes
        self._lock = threading.Lock()
        _GROWING.add(self)

    def _grow(self, text: str) -> None:
        if self._whole:
            return
        keys = _filing_keys(text)
        keys -= self._seen
        if not keys:
            return
        lines = self._words.lines(keys)
        if self._count + len(lines) > _GROWTH_LIMIT:
            self._make_whole()
            return
        add = self._jieba.add_word
        given = 0
        try:
            for line in lines:
                word, freq, tag = line.split(" ")
                f = int(freq)
                add(word, f, tag)
                given += f
            add(_PLACEHOLDER, self._words.total - self._given - given, "x")
        except BaseException:  # a stop signal, no memory: some words given, the total off
            self._make_whole()  # the whole dictionary is right whatever was given
            raise
        self._seen |= keys
        self._given += given
        self._count += len(lines)

    def _make_whole(self) -> None:
        self._jieba, self._whole = self._module.Jieba(), True

    def prepare(self, texts: Sequence[str]) -> None:
        with self._lock:
            if sum(map(len, texts)) >= _WHOLE_FOR:
                self._make_whole()
            for text in texts:
                self._grow(text)

    def tag(self, text: str) -> list[Token]:
        with self._lock:
            self._grow(text)
            tagged: list[Token] = self._jieba.tag(text)
            return tagged

    def cut(self, text: str) -> list[str]:
        with self._lock:
            self._grow(text)
            cut: list[str] = self._jieba.cut(text)
            return cut

    def has_word(self, word: str) -> bool:
        known = self._known.get(word)  # asked about a thousand times per page, mostly again
        if known is None:
            with self._lock:
                self._grow(word)
                known = word != _PLACEHOLDER and bool(self._jieba.has_word(word))
            if len(self._known) >= _KNOWN_LIMIT:
                self._known.clear()
            self._known[word] = known
        return known


# Every growing tagger's lock is taken before a fork and let go after it on both sides, so that a
# child never inherits one held by a thread that is not there (it would wait for it forever) nor a
# dictionary half given.
_GROWING: weakref.WeakSet[_GrowingTagger] = weakref.WeakSet()
_held: list[_GrowingTagger] = []


def _lock_taggers() -> None:
    _lock.acquire()
    _held[:] = list(_GROWING)
    for tagger in _held:
        tagger._lock.acquire()


def _unlock_taggers() -> None:
    for tagger in _held:
        tagger._lock.release()
    _held.clear()
    _lock.release()


os.register_at_fork(before=_lock_taggers, after_in_parent=_unlock_taggers, after_in_child=_unlock_taggers)


@cache
def _tagger(user_dict: str | None) -> Any:
    """One tagger per user dictionary, made once per process: with none, one that grows; with one,
    rjieba with jieba's whole dictionary and the user's words added."""
    module = _rjieba()
    if user_dict is None:
        words = word_file()
        return module.Jieba() if words is None else _GrowingTagger(module, words)
    from digest.files import read_user_dict

    tagger = module.Jieba()
    for word, freq, tag in read_user_dict(user_dict):
        tagger.add_word(word, freq, tag)
    return tagger


# A name the dictionary does not hold: tagging it needs the model of unknown words.
_UNKNOWN_WORD = "王晖"
_warming: threading.Thread | None = None


def warm_up(user_dict: str | None = None) -> None:
    """Load the tokenizer now, and its model of unknown words in the background.

    jieba-rs builds that model on first need (about 30 ms), for every tagger at once, without
    holding the GIL; so an empty tagger of its own builds it while the caller goes on reading and
    parsing its input. Call `settle` before forking.
    """
    global _warming
    with _lock:
        _tagger(user_dict)
        if _warming is None:
            empty = _rjieba().Jieba.empty()
            _warming = threading.Thread(target=empty.tag, args=(_UNKNOWN_WORD,), name="digest-warm-up", daemon=True)
            _warming.start()


def settle() -> None:
    """Wait for `warm_up`'s background work (a forked child must not inherit it half done)."""
    if _warming is not None:
        _warming.join()


# A process that forks (multiprocessing, a task runner's workers) first lets the warm-up finish:
# a thread does not survive a fork, and a child must not inherit its half-built model or lock.
os.register_at_fork(before=settle)


def prepare(texts: Sequence[str], user_dict: str | None = None) -> None:
    """Give the tagger now every word that `texts` may need (for a long text, the whole
    dictionary): processes forked next inherit it ready."""
    with _lock:
        tagger = _tagger(user_dict)
    if isinstance(tagger, _GrowingTagger):
        tagger.prepare(texts)


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
    """Is `word` in the tokenizer's dictionary? (Asked tens of thousands of times per run: once
    made, the tagger is kept at hand, without the lock.)"""
    tagger = _plain[0] if _plain else _plain_tagger()
    known: bool = tagger.has_word(word)
    return known


_plain: list[Any] = []  # the tagger without a user dictionary, once made (it never changes)


def _plain_tagger() -> Any:
    with _lock:
        tagger = _tagger(None)
    _plain[:] = [tagger]
    return tagger


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
    (n, median), pos = _header(data, "<iid", _IDF_CACHE_VERSION, "idf cache")
    (checksums, offsets, values), blob = _arrays(data, pos, "idf cache", ("I", n), ("i", n + 1), ("f", n))
    if offsets[n] != len(blob):
        raise ValueError("truncated idf cache")
    return IdfTable(blob, checksums, offsets, values, median)


def _header(data: bytes | mmap.mmap | memoryview, fmt: str, version: int, what: str) -> tuple[tuple[Any, ...], int]:
    """A cache file's header fields after its version, and where what follows begins; ValueError
    when the file is of another version."""
    fields = struct.unpack_from(fmt, data)
    if fields[0] != version:
        raise ValueError(f"stale {what}")
    return fields[1:], struct.calcsize(fmt)


def _arrays(
    data: bytes | mmap.mmap | memoryview, pos: int, what: str, *shapes: tuple[str, int]
) -> tuple[list[memoryview[Any]], memoryview]:
    """Views of the arrays at `pos`, one per (typecode, length) in `shapes`, and of the rest:
    nothing is copied. ValueError when the file is too short for them."""
    view = memoryview(data)
    arrays = []
    for code, length in shapes:
        size = struct.calcsize(code) * length
        part = view[pos : pos + size]
        if len(part) != size:
            raise ValueError(f"truncated {what}")
        arrays.append(part.cast(code))  # type: ignore[call-overload]
        pos += size
    return arrays, view[pos:]


def _map(path: Path) -> mmap.mmap:
    with path.open("rb") as fh:
        return mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)


@cache
def idf_table() -> IdfTable:
    """jieba's IDF table, from the cache file (checked against its checksum: a damaged file would
    give wrong keywords on every run) or built from jieba's idf.txt and cached."""
    source = _jieba_dir() / "analyse" / "idf.txt"
    target = _cache_file(source, f"idf-v{_IDF_CACHE_VERSION}", ".bin")
    found = _read_cache(target)
    if target is not None and found is not None:
        try:
            return _parse_idf_bytes(_checked(target, found))
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
    found = _read_cache(target)
    if target is not None and found is not None:
        try:
            freq, total = marshal.loads(_checked(target, found))
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
