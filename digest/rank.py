"""Sentence ranking for news: pure functions on numpy arrays, no graph library.

A sentence's score mixes three signals, each scaled to [0, 1] (`news_scores`): centrality
(TextRank over TF-IDF cosine similarity), similarity to the headline, and a lead prior that
decays with position (in an article with sub-headings: a prior for its introduction instead);
a sentence that gives a figure the headline gives (20个项目签约) gets more. Selection then
fills a length budget greedily with a redundancy (MMR) penalty, and returns indices in article
order. `RankParams` holds every weight, in one place.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import chain

from digest.arrays import IntArray, Matrix, Vector, distinct, np, npt


@dataclass(frozen=True, slots=True)
class RankParams:
    """How sentences are scored and chosen; the defaults are the `digest` engine's.

    score = central * centrality + title * similarity to the headline + lead * lead prior (or, in
    an article with sub-headings, intro for a sentence of its introduction), each part scaled to
    [0, 1], + figures if the sentence gives a figure of the headline; centrality and headline
    similarity each mix words and pairs of characters (`chars`, `title_chars`: the pairs' share).
    Centrality and headline overlap carry the content, the lead prior the news convention that
    facts come first; a headline's figure (20个项目签约) is what the story promises, weighed like
    the headline. Set by small grid searches on the development data, values from the middle of
    flat regions where there was one; the last settings (intro, chars, title_chars, stop) were
    chosen inside nested cross-validation, which picked them in 23 folds of 25.
    """

    central: float = 1.0
    title: float = 1.0
    lead: float = 0.6
    lead_decay: float = 0.5  # the k-th sentence's prior is 1/(1+k)**lead_decay
    duplicate: float = 0.85  # a sentence this similar (cosine) to an earlier one is never chosen
    redundancy: float = 0.6  # MMR: minus this times the highest similarity to a chosen sentence
    length_power: float = 0.0  # 0: fill a character budget best-first; per-character density chose worse
    # A character budget is a ceiling, not a target: no sentence whose gain is below this share of
    # the first pick's is added just because it fits. A sentence count is the user's ask, kept.
    stop: float = 0.4
    damping: float = 0.85  # TextRank's
    figures: float = 1.0  # for a figure of the headline (20个项目签约): 0.3-1.0 all gave about the same
    # In an article with sub-headings, its introduction (the sentences before the first) takes the
    # place of the lead prior: this much for each of its sentences, nothing for the sections.
    intro: float = 0.6
    # Centrality and headline similarity are each measured twice: on words and on pairs of
    # characters, which a tokenizer's changing cuts of a name or a new word do not split. The
    # share of the pairs in each (0: words alone).
    chars: float = 0.5
    title_chars: float = 1 / 3


DEFAULT = RankParams()


@dataclass(frozen=True, slots=True)
class Bag:
    """The words of n sentences, flattened in order: each occurrence's sentence and word id."""

    sentence: IntArray
    word: IntArray
    n: int

    @classmethod
    def of(cls, rows: Sequence[Sequence[int]]) -> Bag:
        """From word ids per sentence."""
        sizes = [len(r) for r in rows]
        words = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=sum(sizes))
        return cls(np.repeat(np.arange(len(rows), dtype=np.int64), sizes), words, len(rows))


@dataclass(frozen=True, slots=True)
class Characters:
    """An article as pairs of adjacent word characters, once punctuation and spaces are taken
    out (会，请 gives 会请): each sentence's pairs, the headline's, and each pair's weight (its
    IDF among the sentences). No pair spans two sentences."""

    bag: Bag
    title: IntArray
    weights: Vector

    @classmethod
    def of(cls, texts: Sequence[str], title: str) -> Characters:
        import re

        # One pass over all the text: word characters kept, a line break between sentences.
        cleaned = re.sub(r"[^\w\n]+|_+", "", "\n".join(t.replace("\n", " ") for t in (*texts, title)))
        # numpy keeps a str as its code points (no codec needed); '' would give one 0.
        codes = np.array([cleaned]).view(np.uint32).astype(np.int64) if cleaned else np.zeros(0, np.int64)
        pairs = (codes[:-1] << 21) | codes[1:]  # code points are below 2**21
        inside = (codes[:-1] != 10) & (codes[1:] != 10)
        row = np.cumsum(codes == 10)[:-1][inside]
        vocab, pair = np.unique(pairs[inside], return_inverse=True)
        pair = pair.ravel()
        n, v = len(texts), len(vocab)
        in_text = row < n
        bag = Bag(row[in_text], pair[in_text], n)
        df = np.bincount(distinct(bag.sentence * v + bag.word) % v, minlength=v) if v else np.zeros(0)
        return cls(bag, pair[~in_text], np.asarray(np.log((n + 1) / (df + 1.0)) + 1.0, dtype=np.float64))


def l2_normalize(x: Matrix) -> Matrix:
    """Rows scaled to unit length (zero rows stay zero)."""
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return np.asarray(np.divide(x, norms, out=np.zeros_like(x), where=norms > 0))


def cosine_matrix(x: Matrix) -> Matrix:
    """Pairwise cosine similarity of the rows of x."""
    unit = l2_normalize(x)
    return np.asarray(unit @ unit.T)


def power_iteration(spread: Callable[[Vector], Vector], n: int, damping: float = 0.85,
                    tol: float = 1e-6, max_iter: int = 100) -> Vector:  # fmt: skip
    """PageRank's fixed point: r = (1 - d)/n + d * spread(r), from the uniform vector.

    `spread(r)` gives what every node receives from the others' rank (the transposed transition
    matrix times r, dangling nodes spreading evenly).
    """
    rank = np.full(n, 1.0 / n)
    for _ in range(max_iter):
        new = (1.0 - damping) / n + damping * spread(rank)
        if np.abs(new - rank).sum() < tol:
            return np.asarray(new)
        rank = new
    return np.asarray(rank)


def textrank(similarity: Matrix, damping: float = 0.85) -> Vector:
    """PageRank on a weighted undirected graph given as a dense matrix (self-loops ignored)."""
    n = similarity.shape[0]
    if n == 0:
        return np.zeros(0)
    w = np.array(similarity, dtype=np.float64)
    np.fill_diagonal(w, 0.0)
    w[w < 0] = 0.0
    out = w.sum(axis=1)
    # Dangling sentences (no similar sentence) spread their rank evenly.
    trans = np.where(out[:, None] > 0, w / np.where(out > 0, out, 1.0)[:, None], 1.0 / n)
    return power_iteration(lambda r: np.asarray(trans.T @ r), n, damping)


def scale01(x: Vector) -> Vector:
    """x divided by its maximum (all zeros stay zeros)."""
    top = float(x.max()) if x.size else 0.0
    return x / top if top > 0 else np.zeros_like(x)


def lead_prior(n: int, decay: float = 0.5) -> Vector:
    """Prior of each of n sentences from its position: 1/(1+k)**decay for the k-th (from 0).

    News puts its facts first, but a slow decay leaves room for the rest of the article.
    """
    return np.asarray(1.0 / np.power(1.0 + np.arange(n, dtype=np.float64), decay))


def tfidf_matrix(bag: Bag, weights: Sequence[float] | Vector) -> Matrix:
    """Sentence x word matrix of term counts times word weights."""
    n, v = bag.n, len(weights)
    counts = np.bincount(bag.sentence * v + bag.word, minlength=n * v).reshape(n, v).astype(np.float64)
    return np.asarray(counts * np.asarray(weights, dtype=np.float64))


# Above this many sentences rank_news avoids every n x n matrix (see _rank_news_large). Real
# articles stay well below it, so their ranking is the dense computation, unchanged.
LARGE_ARTICLE = 400
# In a long article, redundancy checks and MMR only look at this many best-scored candidates
# (or twice the sentence budget, if larger).
LARGE_CANDIDATES = 256
# Sentences x distinct character pairs past which the dense matrices would be too big (16 MB):
# then too the sparse computation of _rank_news_large.
LARGE_MATRIX = 2_000_000
# Past this many characters an article is ranked on its words alone: its pairs of characters
# would take about 80 bytes a character at their peak.
CHARS_LIMIT = 200_000


def rank_news(
    bag: Bag,
    title: Sequence[int] | IntArray,
    weights: Sequence[float] | Vector,
    lengths: Sequence[int],
    eligible: Sequence[bool],
    max_sentences: int,
    max_chars: int | None,
    params: RankParams = DEFAULT,
    figures: Sequence[bool] | None = None,
    intro: Sequence[bool] | None = None,
    chars: Characters | None = None,
) -> list[int]:
    """Chosen sentence indices, in article order, from the sentences' words and the title's (and
    their pairs of characters, `chars`).

    Scores are `news_scores`; near-duplicates of an earlier sentence are never chosen.
    """
    n = bag.n
    if n == 0:
        return []
    title = np.asarray(title, dtype=np.int64)
    if n > LARGE_ARTICLE or (chars is not None and n * len(chars.weights) > LARGE_MATRIX):
        return _rank_news_large(
            bag, title, weights, lengths, eligible, max_sentences, max_chars, params, figures, intro, chars
        )
    sim, to_title = _similarities(bag, title, weights)
    centrality = textrank(sim, params.damping)
    char_centrality = char_to_title = None
    if chars is not None:
        char_sim, char_to_title = _shared_similarities(chars.bag, chars.title, chars.weights)
        char_centrality = textrank(char_sim, params.damping)
    scores = news_scores(centrality, to_title, params, figures, intro, char_centrality, char_to_title)
    ok = np.asarray(eligible, dtype=bool) & ~near_duplicates(sim, params.duplicate)
    return select(scores, lengths, sim, max_sentences, max_chars, params, ok)


def _shared_similarities(bag: Bag, title: IntArray, weights: Sequence[float] | Vector) -> tuple[Matrix, Vector]:
    """What `_similarities` gives off the diagonal, for a bag with many terms each in a single
    sentence (pairs of characters): a term in one sentence only counts towards that sentence's
    length, so the matrix is built over the terms shared by two sentences or with the title."""
    n, v = bag.n, len(weights)
    if not len(bag.word):
        return np.zeros((n, n)), np.zeros(n)
    key = np.sort(bag.sentence * v + bag.word)
    first = np.flatnonzero(np.diff(key, prepend=-1))
    count = np.diff(np.append(first, len(key))).astype(np.float64)
    key = key[first]
    row, term = key // v, key % v
    value = count * np.asarray(weights, dtype=np.float64)[term]
    norm = np.sqrt(np.bincount(row, weights=value * value, minlength=n))
    in_title = np.zeros(v, dtype=bool)
    in_title[title] = True
    shared = (np.bincount(term, minlength=v) >= 2) | in_title
    column = np.cumsum(shared) - 1
    keep = shared[term]
    x = np.zeros((n, int(shared.sum())))
    x[row[keep], column[term[keep]]] = value[keep] / norm[row[keep]]
    return np.asarray(x @ x.T), np.asarray(x @ _title_row(title, weights)[shared])  # the title's terms are shared


def _similarities(bag: Bag, title: IntArray, weights: Sequence[float] | Vector) -> tuple[Matrix, Vector]:
    """The sentences' cosine similarities among themselves and to the title (TF-IDF rows)."""
    unit = l2_normalize(tfidf_matrix(bag, weights))
    sim = np.asarray(unit @ unit.T)  # cosine_matrix, the unit rows kept for the headline
    return sim, np.asarray(unit @ _title_row(title, weights))


def _title_row(title: IntArray, weights: Sequence[float] | Vector) -> Vector:
    """The title's TF-IDF row scaled to unit length (zeros for a title with no known term)."""
    row = np.bincount(title, weights=np.asarray(weights, dtype=np.float64)[title], minlength=len(weights))
    norm = float(np.linalg.norm(row))
    return np.asarray(row / norm) if norm > 0 else np.zeros(len(weights))


def news_scores(
    centrality: Vector,
    to_title: Vector,
    params: RankParams = DEFAULT,
    figures: Sequence[bool] | None = None,
    intro: Sequence[bool] | None = None,
    char_centrality: Vector | None = None,
    char_to_title: Vector | None = None,
) -> Vector:
    """Each sentence's score: centrality, similarity to the headline and the lead prior, each
    scaled to [0, 1], mixed by `params`; plus `params.figures` where `figures` is true. Given
    `intro` (the article has sub-headings), `params.intro` for a sentence of its introduction
    takes the place of the lead prior. Given the centrality and headline similarity measured on
    pairs of characters, each part is a mix of the two, `params.chars` and `params.title_chars`
    of it the characters'."""
    n = len(centrality)
    if intro is None:
        position = params.lead * lead_prior(n, params.lead_decay)
    else:
        position = params.intro * np.asarray(intro, dtype=np.float64)
    central = _mixed(centrality, char_centrality, params.chars)
    titled = _mixed(to_title, char_to_title, params.title_chars)
    score = params.central * central + params.title * titled + position
    if figures is not None and params.figures:
        score = score + params.figures * np.asarray(figures, dtype=np.float64)
    return np.asarray(score)


def _mixed(words: Vector, chars: Vector | None, share: float) -> Vector:
    """scale01(words), or that mixed with scale01(chars), `share` of it the characters'."""
    if chars is None:
        return scale01(words)
    return np.asarray((1.0 - share) * scale01(words) + share * scale01(chars))


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
    params: RankParams = DEFAULT,
    eligible: npt.NDArray[np.bool_] | None = None,
) -> list[int]:
    """Greedy MMR fill of the budget; indices in article order; never empty if any sentence exists.

    The gain of a candidate is its score minus `params.redundancy` times its highest similarity
    to a chosen sentence, divided by length**`params.length_power` when a character budget is set.
    With a character budget, filling stops once the best gain left is below `params.stop` times
    the first pick's.
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
    top = 0.0
    while len(chosen) < max_sentences:
        room = ok.copy()
        room[chosen] = False
        if max_chars is not None:
            room &= used + lens <= max_chars
        if not room.any():
            break
        gain = scores - params.redundancy * max_sim
        if max_chars is not None:
            gain = gain / np.power(lens, params.length_power)
        gain = np.where(room, gain, -np.inf)
        best = int(np.argmax(gain))  # argmax breaks ties toward the earlier sentence
        if not chosen:
            top = float(gain[best])
        elif max_chars is not None and gain[best] < params.stop * top:
            break
        chosen.append(best)
        used += int(lens[best])
        max_sim = np.maximum(max_sim, similarity[best])
    if not chosen:
        # Even the best sentence is over budget: a non-empty article still gets one sentence.
        pool = np.where(ok, scores, -np.inf)
        chosen.append(int(np.argmax(pool)))
    return sorted(chosen)


# --- very long articles: the same scores without n x n matrices --------------------------------


def _unit_sparse(bag: Bag, weights: Sequence[float] | Vector):  # type: ignore[no-untyped-def]
    """Sparse (CSR) TF-IDF rows scaled to unit length: tfidf_matrix + l2_normalize, in O(words)."""
    from scipy import sparse  # only here: importing scipy costs time every normal run would pay

    n, v = bag.n, len(weights)
    indptr = np.zeros(n + 1, dtype=np.int64)
    indptr[1:] = np.cumsum(np.bincount(bag.sentence, minlength=n))
    cols = bag.word
    w = np.asarray(weights, dtype=np.float64)
    x = sparse.csr_matrix((w[cols] if cols.size else np.zeros(0), cols, indptr), shape=(n, v))
    x.sum_duplicates()  # repeated words become counts times weight
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    x = sparse.diags(np.divide(1.0, norms, out=np.zeros(n), where=norms > 0)) @ x
    return x.tocsr()


def _textrank_factored(unit, damping: float = 0.85) -> Vector:  # type: ignore[no-untyped-def]
    """textrank(cosine_matrix(x)) computed from the unit rows, never forming the n x n matrix.

    With W = U U^T minus its diagonal (cosines of non-negative TF-IDF rows are >= 0), each
    power-iteration step W^T r = U (U^T r) - diag(U U^T) * r costs O(non-zeros).
    """
    n = unit.shape[0]
    self_sim = np.asarray(unit.multiply(unit).sum(axis=1)).ravel()
    out = unit @ np.asarray(unit.sum(axis=0)).ravel() - self_sim
    linked = out > 1e-12
    inv_out = np.divide(1.0, out, out=np.zeros(n), where=linked)

    def spread(rank: Vector) -> Vector:
        r = rank * inv_out
        return np.asarray(unit @ (unit.T @ r) - self_sim * r + rank[~linked].sum() / n)

    return power_iteration(spread, n, damping)


class _Rows:
    """Rows of the cosine matrix among `index` sentences, computed when asked (for select)."""

    def __init__(self, unit, index: npt.NDArray[np.int64]) -> None:  # type: ignore[no-untyped-def]
        self.sub = unit[index]

    def __getitem__(self, i: int) -> Vector:
        return np.asarray((self.sub @ self.sub[i].T).toarray()).ravel()


def _rank_news_large(
    bag: Bag,
    title: IntArray,
    weights: Sequence[float] | Vector,
    lengths: Sequence[int],
    eligible: Sequence[bool],
    max_sentences: int,
    max_chars: int | None,
    params: RankParams,
    figures: Sequence[bool] | None = None,
    intro: Sequence[bool] | None = None,
    chars: Characters | None = None,
) -> list[int]:
    """rank_news for a very long article in memory and time near-linear in its length.

    Centrality is the same TextRank, iterated on the factored similarity (U U^T) instead of a
    dense matrix. Near-duplicate checks and MMR only consider the best-scored eligible
    sentences: they are scanned best first, in blocks compared with every earlier sentence,
    until enough non-duplicates are found.
    """
    unit = _unit_sparse(bag, weights)
    centrality, to_title = _textrank_factored(unit, params.damping), np.asarray(unit @ _title_row(title, weights))
    char_centrality = char_to_title = None
    if chars is not None:
        char_unit = _unit_sparse(chars.bag, chars.weights)
        char_centrality = _textrank_factored(char_unit, params.damping)
        char_to_title = np.asarray(char_unit @ _title_row(chars.title, chars.weights))
    scores = news_scores(centrality, to_title, params, figures, intro, char_centrality, char_to_title)
    n = bag.n
    ok = np.asarray(eligible, dtype=bool)
    if not ok.any():
        ok = np.ones(n, dtype=bool)
    order = np.flatnonzero(ok)
    order = order[np.argsort(-scores[order], kind="stable")]
    want = max(LARGE_CANDIDATES, 2 * max_sentences)
    keep: list[npt.NDArray[np.int64]] = []
    found = 0
    block = 128
    unit_t = unit.T.tocsc()
    # Each block costs O(block x n); past this many scanned sentences (a text of mostly repeats)
    # the scan stops, keeping the total near-linear.
    scan = min(len(order), max(16 * want, 4096))
    for start in range(0, scan, block):
        idx = order[start : min(start + block, scan)]
        sims = (unit[idx] @ unit_t).toarray()  # block x n
        earlier = np.arange(n)[None, :] < idx[:, None]
        dup = ((sims >= params.duplicate) & earlier).any(axis=1)
        fresh = idx[~dup]
        keep.append(fresh)
        found += fresh.size
        if found >= want:
            break
    cand = np.sort(np.concatenate(keep)) if found else order[:1]
    sub = select(
        scores[cand],
        [lengths[i] for i in cand],
        _Rows(unit, cand),  # type: ignore[arg-type]
        max_sentences,
        max_chars,
        params,
    )
    return [int(cand[i]) for i in sub]
