"""Sentence ranking for news: pure functions on numpy arrays, no graph library.

A sentence's score mixes three signals, each scaled to [0, 1]:
centrality (TextRank over TF-IDF cosine similarity), similarity to the headline, and a
lead prior that decays with position. Selection then fills a length budget greedily by
score per character with a redundancy (MMR) penalty, and returns indices in article order.
"""

from __future__ import annotations

import os
from collections.abc import Sequence

# The matrices here are small (sentences x words of one article): BLAS threads only cost time,
# and a lot of it on a busy machine. Set before numpy loads; a user's own setting wins.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

import numpy as np  # noqa: E402
import numpy.typing as npt  # noqa: E402

Matrix = npt.NDArray[np.float64]
Vector = npt.NDArray[np.float64]


def l2_normalize(x: Matrix) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(np.divide(x, norms, out=np.zeros_like(x), where=norms > 0))


def cosine_matrix(x: Matrix) -> Matrix:
    """Pairwise cosine similarity of the rows of x."""
    unit = l2_normalize(x)
    return np.asarray(unit @ unit.T)


def textrank(similarity: Matrix, damping: float = 0.85, tol: float = 1e-6, max_iter: int = 100) -> Vector:
    """PageRank by power iteration on a weighted undirected graph (self-loops ignored)."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    w = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(w, 0.0)
    w[w < 0] = 0.0
    out = w.sum(axis=1)
    # Dangling sentences (no similar sentence) spread their rank evenly.
    trans = np.where(out[:, None] > 0, w / np.where(out > 0, out, 1.0)[:, None], 1.0 / n)
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = (1.0 - damping) / n + damping * (trans.T @ rank)
        if np.abs(new - rank).sum() < tol:
            rank = new
            break
        rank = new
    return np.asarray(rank)


def scale01(x: Vector) -> Vector:
    """x divided by its maximum (all zeros stay zeros)."""
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else np.zeros_like(x)


def lead_prior(n: int, decay: float = 0.5) -> Vector:
    """Prior of each of n sentences from its position: 1/(1+k)**decay for the k-th (from 0).

    News puts its facts first, but a slow decay leaves room for the rest of the article.
    """
    return np.asarray(1.0 / np.power(1.0 + np.arange(n, dtype=np.float64), decay))


def tfidf_matrix(rows: Sequence[Sequence[int]], weights: Sequence[float]) -> Matrix:
    """Sentence x word matrix of term counts times word weights, from word ids per sentence."""
    n, v = len(rows), len(weights)
    flat = np.fromiter((i * v + j for i, ids in enumerate(rows) for j in ids), dtype=np.int64)
    counts = np.bincount(flat, minlength=n * v).reshape(n, v).astype(np.float64)
    return np.asarray(counts * np.asarray(weights, dtype=np.float64))


def rank_news(
    rows: Sequence[Sequence[int]],
    title: Sequence[int],
    weights: Sequence[float],
    lengths: Sequence[int],
    eligible: Sequence[bool],
    max_sentences: int,
    max_chars: int | None,
    weighting: tuple[float, float, float] = (1.0, 1.0, 0.6),
    lead_decay: float = 0.5,
    duplicate: float = 0.85,
    redundancy: float = 0.6,
    length_power: float = 0.0,
) -> list[int]:
    """Chosen sentence indices, in article order, from word ids per sentence and of the title.

    score = a * centrality + b * similarity to the title + c * lead prior (`weighting` = a, b, c),
    each part scaled to [0, 1]; near-duplicates of an earlier sentence are never chosen.
    """
    n = len(rows)
    if n == 0:
        return []
    x = tfidf_matrix(rows, weights)
    sim = cosine_matrix(x)
    central = scale01(textrank(sim))
    query = tfidf_matrix([title], weights)
    to_title = scale01(l2_normalize(x) @ l2_normalize(query)[0]) if title else np.zeros(n)
    a, b, c = weighting
    scores = a * central + b * to_title + c * lead_prior(n, lead_decay)
    ok = np.asarray(eligible, dtype=bool) & ~near_duplicates(sim, duplicate)
    return select(scores, lengths, sim, max_sentences, max_chars, redundancy, length_power, ok)


def near_duplicates(similarity: Matrix, threshold: float = 0.8) -> npt.NDArray[np.bool_]:
    """True for each sentence that repeats an earlier one (cosine >= threshold)."""
    upper = np.triu(similarity, k=1)
    return np.asarray((upper >= threshold).any(axis=0))


def select(
    scores: Vector,
    lengths: Sequence[int],
    similarity: Matrix,
    max_sentences: int,
    max_chars: int | None = None,
    redundancy: float = 0.5,
    length_power: float = 0.5,
    eligible: npt.NDArray[np.bool_] | None = None,
) -> list[int]:
    """Greedy MMR fill of the budget; indices in article order; never empty if any sentence exists.

    The gain of a candidate is its score minus `redundancy` times its highest similarity to a
    chosen sentence, divided by length**length_power when a character budget is set, so that
    the budget goes to dense sentences rather than to one long one.
    """
    n = len(scores)
    if n == 0 or max_sentences <= 0:
        return []
    lens = np.maximum(np.asarray(lengths, dtype=np.float64), 1.0)
    ok = np.ones(n, dtype=bool) if eligible is None else eligible.copy()
    if not ok.any():
        ok = np.ones(n, dtype=bool)
    chosen: list[int] = []
    used = 0
    max_sim = np.zeros(n)
    while len(chosen) < max_sentences:
        room = ok.copy()
        room[chosen] = False
        if max_chars is not None:
            room &= used + lens <= max_chars
        if not room.any():
            break
        gain = scores - redundancy * max_sim
        if max_chars is not None:
            gain = gain / np.power(lens, length_power)
        gain = np.where(room, gain, -np.inf)
        best = int(np.argmax(gain))  # argmax breaks ties toward the earlier sentence
        chosen.append(best)
        used += int(lens[best])
        max_sim = np.maximum(max_sim, similarity[best])
    if not chosen:
        # Even the best sentence is over budget: a non-empty article still gets one sentence.
        pool = np.where(ok, scores, -np.inf)
        chosen.append(int(np.argmax(pool)))
    return sorted(chosen)
