"""Which stories are the same: MinHash signatures of character shingles, and LSH bands.

Two bodies are the same story when `digest.daily` would merge them within one edition: Jaccard
similarity of their 4-character shingles of at least 0.5, or 80 % of the shorter one's shingles
inside the longer one. Comparing a new story with every archived one would grow with the archive,
so each body gets a MinHash signature (NUM_PERM minimums of hashed shingles, by one permutation
hashing; two signatures agree in a position with probability about the bodies' Jaccard
similarity) cut into BANDS bands of ROWS positions. Each band is one integer key in an indexed
table; bodies sharing a key are candidates, then compared exactly. With 16 bands of 3 rows a
pair at Jaccard 0.5 shares a band with probability 1 - (1 - 0.5**3)**16 = 0.88, at 0.6 0.98, at
0.3 0.36 and at 0.1 0.02.

The constants are part of the archive's format: bands stored by one version must be found by the
next. Changing them needs a schema migration that recomputes the band table.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from functools import lru_cache
from typing import TYPE_CHECKING

from digest.daily import DUPLICATE_CONTAINMENT, DUPLICATE_JACCARD, MIN_SHINGLES
from digest.similar import SHINGLE

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 48
BANDS = 16
ROWS = NUM_PERM // BANDS
KEY_BITS = 47  # a band key fits SQLite's 6-byte integers


def _constant(label: str) -> int:
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "little")


def _constants() -> np.ndarray:
    from digest.arrays import np

    return np.array([_constant(f"digest band {i}") | 1 for i in range(ROWS + 1)], dtype=np.uint64)


_CONSTANTS: np.ndarray | None = None


def content_fingerprint(headline: Sequence[str], paragraphs: Sequence[str]) -> str:
    """A hash of an article's words (whitespace ignored): equal for the same text printed twice."""
    text = "\n".join(["".join(h.split()) for h in headline] + ["\u2029"] + ["".join(p.split()) for p in paragraphs])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def shingle_hashes(body: str) -> np.ndarray:
    """The body's distinct 4-character shingles (whitespace ignored), each as a 64-bit hash, sorted.

    The same shingles as `digest.similar.shingles`, hashed with numpy rather than built as strings.
    """
    from digest.arrays import np

    chars = "".join(body.split())
    if len(chars) < SHINGLE:
        return np.zeros(0, dtype=np.uint64)
    points = np.frombuffer(chars.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(points) - SHINGLE + 1
    hashed = np.zeros(n, dtype=np.uint64)
    with np.errstate(over="ignore"):
        for k in range(SHINGLE):
            hashed = hashed * np.uint64(_MULTIPLIER) + points[k : k + n]
        hashed ^= hashed >> np.uint64(29)
        hashed *= np.uint64(_SCRAMBLE)
        hashed ^= hashed >> np.uint64(32)
    return np.unique(hashed)


_MULTIPLIER = 0x100000001B3  # FNV's prime: mixes the four code points
_SCRAMBLE = 0xBF58476D1CE4E5B9  # splitmix64's: spreads them over the 64 bits


def signature(hashed: np.ndarray) -> np.ndarray:
    """The MinHash signature of a set of shingle hashes, by one permutation hashing: each hash falls
    into one of NUM_PERM bins by its high bits, and a bin's value is the least low half that falls
    into it; an empty bin takes the next full one's value, shifted by the distance (densification).
    Two sets agree in a bin with probability about their Jaccard similarity."""
    from digest.arrays import np

    bins = np.arange(NUM_PERM, dtype=np.uint64)
    keyed = np.sort(((hashed >> np.uint64(32)) % np.uint64(NUM_PERM)) << np.uint64(32) | (hashed & _LOW))
    first = np.minimum(np.searchsorted(keyed, bins << np.uint64(32)), len(keyed) - 1)
    values = keyed[first]
    full = (values >> np.uint64(32)) == bins
    values &= _LOW
    if not full.all():
        filled = np.flatnonzero(full)
        empty = np.flatnonzero(~full)
        donor = filled[np.searchsorted(filled, empty) % len(filled)]
        distance = ((donor - empty) % NUM_PERM).astype(np.uint64)
        with np.errstate(over="ignore"):
            values[empty] = (values[donor] + distance * np.uint64(_SCRAMBLE)) & _LOW
    return values


_LOW = 0xFFFFFFFF


@lru_cache(maxsize=1024)
def band_keys(body: str) -> tuple[int, ...]:
    """The LSH band keys of a body, or () when it is too short to be matched (as in the daily
    digest). Kept for the last bodies asked for: `daily --archive` looks up a story, then stores it."""
    global _CONSTANTS
    from digest.arrays import np

    hashed = shingle_hashes(body)
    if len(hashed) < MIN_SHINGLES:
        return ()
    if _CONSTANTS is None:
        _CONSTANTS = _constants()
    mix = _CONSTANTS
    with np.errstate(over="ignore"):
        rows = signature(hashed).reshape(BANDS, ROWS)
        keys = rows @ mix[:ROWS] + np.arange(BANDS, dtype=np.uint64) * mix[ROWS]
    return tuple(int(k) for k in keys >> np.uint64(64 - KEY_BITS))


def same_story(a: np.ndarray, b: np.ndarray) -> bool:
    """Are two bodies, given by their `shingle_hashes`, the same story by the daily digest's rule?"""
    from digest.arrays import np

    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    common = len(np.intersect1d(a, b, assume_unique=True))
    union = len(a) + len(b) - common
    return common / union >= DUPLICATE_JACCARD or common / min(len(a), len(b)) >= DUPLICATE_CONTAINMENT
