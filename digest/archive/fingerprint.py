"""Which stories are the same: MinHash signatures of character shingles, and LSH bands.

Two bodies are the same story when `digest.daily` would merge them within one edition: Jaccard
similarity of their 4-character shingles of at least 0.5, or 80 % of the shorter one's shingles
inside the longer one. Comparing a new story with every archived one would grow with the archive,
so each body gets a MinHash signature (NUM_PERM minimums of hashed shingles; two signatures agree
in a position with probability equal to the bodies' Jaccard similarity) cut into BANDS bands of
ROWS positions. Each band is one integer key in an indexed table; bodies sharing a key are
candidates, then compared exactly. With 16 bands of 3 rows a pair at Jaccard 0.5 shares a band
with probability 1 - (1 - 0.5**3)**16 = 0.88, at 0.6 0.98, at 0.3 0.36 and at 0.1 0.02.

The constants are part of the archive's format: bands stored by one version must be found by the
next. Changing them needs a schema migration that recomputes the band table.
"""

from __future__ import annotations

import hashlib
import zlib
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digest.daily import DUPLICATE_CONTAINMENT, DUPLICATE_JACCARD, MIN_SHINGLES
from digest.similar import shingles_in_order

if TYPE_CHECKING:
    import numpy as np

NUM_PERM = 48
BANDS = 16
ROWS = NUM_PERM // BANDS
KEY_BITS = 47  # a band key fits SQLite's 6-byte integers


def _constant(label: str) -> int:
    return int.from_bytes(hashlib.blake2b(label.encode(), digest_size=8).digest(), "little")


def _constants() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    from digest.arrays import np

    # Multiply-shift hashing: h -> (a*h + b) mod 2**64, top 32 bits; a odd. Fixed forever.
    a = np.array([_constant(f"digest minhash a {i}") | 1 for i in range(NUM_PERM)], dtype=np.uint64)
    b = np.array([_constant(f"digest minhash b {i}") for i in range(NUM_PERM)], dtype=np.uint64)
    mix = np.array([_constant(f"digest band {i}") | 1 for i in range(ROWS + 1)], dtype=np.uint64)
    return a, b, mix


_CONSTANTS: tuple[np.ndarray, np.ndarray, np.ndarray] | None = None


def content_fingerprint(headline: Sequence[str], paragraphs: Sequence[str]) -> str:
    """A hash of an article's words (whitespace ignored): equal for the same text printed twice."""
    text = "\n".join(["".join(h.split()) for h in headline] + ["\u2029"] + ["".join(p.split()) for p in paragraphs])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def band_keys(body: str) -> list[int]:
    """The LSH band keys of a body, or [] when it is too short to be matched (as in the daily digest)."""
    global _CONSTANTS
    grams = shingles_in_order(body)
    if len(grams) < MIN_SHINGLES:
        return []
    from digest.arrays import np

    if _CONSTANTS is None:
        _CONSTANTS = _constants()
    a, b, mix = _CONSTANTS
    hashed = np.fromiter((zlib.crc32(g.encode("utf-8")) for g in grams), dtype=np.uint64, count=len(grams))
    with np.errstate(over="ignore"):
        signature = ((a[:, None] * hashed[None, :] + b[:, None]) >> np.uint64(32)).min(axis=1)
        rows = signature.reshape(BANDS, ROWS)
        keys = rows @ mix[:ROWS] + np.arange(BANDS, dtype=np.uint64) * mix[ROWS]
    return [int(k) for k in keys >> np.uint64(64 - KEY_BITS)]


def same_story(a: str, b: str) -> bool:
    """Are these two bodies the same story, by the daily digest's rule?"""
    x, y = set(shingles_in_order(a)), set(shingles_in_order(b))
    if len(x) < MIN_SHINGLES or len(y) < MIN_SHINGLES:
        return False
    common = len(x & y)
    return common / len(x | y) >= DUPLICATE_JACCARD or common / min(len(x), len(y)) >= DUPLICATE_CONTAINMENT
