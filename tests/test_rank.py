"""The ranking primitives: pure functions on small arrays."""

from __future__ import annotations

import numpy as np
import pytest

from digest import rank


def test_cosine_matrix_is_symmetric_with_unit_diagonal() -> None:
    x = np.array([[1.0, 0.0, 1.0], [1.0, 1.0, 0.0], [0.0, 0.0, 0.0]])
    sim = rank.cosine_matrix(x)
    assert sim == pytest.approx(sim.T)
    assert sim[0, 0] == pytest.approx(1.0)
    assert sim[0, 1] == pytest.approx(0.5)
    assert sim[2].tolist() == [0.0, 0.0, 0.0]  # an empty sentence is similar to nothing


def test_textrank_sums_to_one_and_favours_the_hub() -> None:
    # Sentence 0 is similar to every other one; the others only to it.
    sim = np.array([[1, 0.8, 0.8, 0.8], [0.8, 1, 0, 0], [0.8, 0, 1, 0], [0.8, 0, 0, 1]], dtype=float)
    scores = rank.textrank(sim)
    assert scores.sum() == pytest.approx(1.0)
    assert int(np.argmax(scores)) == 0
    assert scores[1] == pytest.approx(scores[2])


def test_textrank_of_unconnected_sentences_is_uniform() -> None:
    assert rank.textrank(np.eye(3)) == pytest.approx([1 / 3] * 3)
    assert rank.textrank(np.zeros((0, 0))).size == 0


def test_lead_prior_decreases_from_one() -> None:
    prior = rank.lead_prior(4, decay=0.5)
    assert prior[0] == pytest.approx(1.0)
    assert prior[3] == pytest.approx(0.5)
    assert list(prior) == sorted(prior, reverse=True)


def test_near_duplicates_marks_the_later_copy() -> None:
    sim = np.array([[1, 0.95, 0.1], [0.95, 1, 0.1], [0.1, 0.1, 1]])
    assert rank.near_duplicates(sim, 0.9).tolist() == [False, True, False]


def test_select_returns_best_in_article_order() -> None:
    scores = np.array([0.2, 0.9, 0.1, 0.8])
    chosen = rank.select(scores, [10] * 4, np.eye(4), max_sentences=2)
    assert chosen == [1, 3]


def test_select_respects_the_character_budget() -> None:
    scores = np.array([0.9, 0.8, 0.7, 0.6])
    chosen = rank.select(scores, [60, 50, 40, 30], np.eye(4), max_sentences=10, max_chars=100)
    assert sum([60, 50, 40, 30][i] for i in chosen) <= 100
    assert chosen == [0, 2]


def test_select_never_returns_empty_when_everything_is_too_long() -> None:
    scores = np.array([0.3, 0.9])
    assert rank.select(scores, [500, 400], np.eye(2), max_sentences=3, max_chars=100) == [1]


def test_select_redundancy_penalty_skips_a_repeat() -> None:
    scores = np.array([1.0, 0.95, 0.6])
    sim = np.array([[1, 0.9, 0.0], [0.9, 1, 0.0], [0.0, 0.0, 1]])
    assert rank.select(scores, [10] * 3, sim, max_sentences=2, params=rank.RankParams(redundancy=0.0)) == [0, 1]
    assert rank.select(scores, [10] * 3, sim, max_sentences=2, params=rank.RankParams(redundancy=0.6)) == [0, 2]


def test_select_honours_eligibility_but_falls_back() -> None:
    scores = np.array([1.0, 0.5])
    ok = np.array([False, True])
    assert rank.select(scores, [10, 10], np.eye(2), 1, eligible=ok) == [1]
    assert rank.select(scores, [10, 10], np.eye(2), 1, eligible=np.array([False, False])) == [0]


def test_select_ties_go_to_the_earlier_sentence() -> None:
    assert rank.select(np.array([0.5, 0.5, 0.5]), [10] * 3, np.eye(3), 1) == [0]


def test_tfidf_matrix_counts_times_weights() -> None:
    x = rank.tfidf_matrix(rank.Bag.of([[0, 0, 2], [], [1]]), [1.0, 2.0, 3.0])
    assert x.tolist() == [[2.0, 0.0, 3.0], [0.0, 0.0, 0.0], [0.0, 2.0, 0.0]]


def test_rank_news_title_and_lead_and_budget() -> None:
    rows = rank.Bag.of([[0], [1, 2], [2, 3], [4]])
    common = {"weights": [1.0] * 5, "lengths": [10, 10, 10, 10], "eligible": [True] * 4, "max_chars": None}
    # The title points at sentence 3, the lead prior at sentence 0.
    by_title = rank.RankParams(central=0.0, title=1.0, lead=0.0)
    by_lead = rank.RankParams(central=0.0, title=0.0, lead=1.0)
    assert rank.rank_news(rows, title=[4], max_sentences=1, params=by_title, **common) == [3]
    assert rank.rank_news(rows, title=[4], max_sentences=1, params=by_lead, **common) == [0]
    assert (
        rank.rank_news(rank.Bag.of([]), title=[], weights=[], lengths=[], eligible=[], max_sentences=3, max_chars=None)
        == []
    )


def test_the_long_article_path_ranks_like_the_dense_one(monkeypatch: pytest.MonkeyPatch) -> None:
    import random

    rng = random.Random(0)
    for _ in range(12):
        n, v = rng.randint(20, 200), rng.randint(5, 60)
        rows = rank.Bag.of([[rng.randrange(v) for _ in range(rng.randint(0, 8))] for _ in range(n)])
        weights = [rng.uniform(0.5, 10) for _ in range(v)]
        x = rank.tfidf_matrix(rows, weights)
        dense = rank.textrank(rank.cosine_matrix(x))
        assert rank._textrank_factored(rank._unit_sparse(rows, weights)) == pytest.approx(dense, abs=1e-9)
        args = {
            "title": [rng.randrange(v) for _ in range(rng.randint(0, 4))],
            "weights": weights,
            "lengths": [rng.randint(5, 80) for _ in range(n)],
            "eligible": [rng.random() > 0.1 for _ in range(n)],
        }
        # Pairs of characters as texts give them: most in one sentence only, weights uneven.
        alphabet = "青禾市新建口袋公园居民步行五分钟到达今年计划"
        texts = ["".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30))) + "。" for _ in range(n)]
        chars = rank.Characters.of(texts, "".join(rng.choice(alphabet) for _ in range(6)))
        for max_sentences, max_chars in [(3, None), (5, 150), (40, None)]:
            for by in ({}, {"chars": chars}):
                monkeypatch.setattr(rank, "LARGE_ARTICLE", 400)
                want = rank.rank_news(rows, max_sentences=max_sentences, max_chars=max_chars, **args, **by)
                monkeypatch.setattr(rank, "LARGE_ARTICLE", 0)
                assert rank.rank_news(rows, max_sentences=max_sentences, max_chars=max_chars, **args, **by) == want


def test_the_long_article_path_skips_repeated_sentences() -> None:
    n = rank.LARGE_ARTICLE + 600
    rows = [[0, 1, 2]] * n  # the same sentence over and over
    rows[700] = [3, 4]
    chosen = rank.rank_news(
        rank.Bag.of(rows),
        title=[3],
        weights=[1.0] * 5,
        lengths=[10] * n,
        eligible=[True] * n,
        max_sentences=3,
        max_chars=None,
    )
    assert chosen == [0, 700]


def test_select_stops_filling_a_character_budget_with_weak_sentences() -> None:
    scores = np.array([1.0, 0.8, 0.3, 0.2])
    fill = {"lengths": [10] * 4, "similarity": np.eye(4), "max_sentences": 10, "max_chars": 100}
    assert rank.select(scores, **fill) == [0, 1]  # 0.3 < 0.4 x 1.0
    assert rank.select(scores, **fill, params=rank.RankParams(stop=0.0)) == [0, 1, 2, 3]
    # A sentence count is what the user asked for: it is kept.
    assert rank.select(scores, [10] * 4, np.eye(4), max_sentences=3) == [0, 1, 2]


def test_distinct_is_numpys_unique() -> None:
    from digest.arrays import distinct, np

    for values in ([], [3], [5, 1, 5, 2, 1, 9], [7, 7, 7]):
        array = np.array(values, dtype=np.int64)
        assert distinct(array).tolist() == np.unique(array).tolist()


def test_a_page_run_does_not_load_numpys_masked_arrays() -> None:
    """numpy.ma costs 3 % of a one-page run; nothing in the pipeline needs it."""
    import subprocess
    import sys
    from pathlib import Path

    seeds = Path(__file__).resolve().parent.parent / "seeds"
    code = "import sys, digest\ndigest.process(sys.argv[1])\nprint('numpy.ma' in sys.modules)\n"
    out = subprocess.run([sys.executable, "-c", code, str(seeds)], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_pairs_of_characters_tie_a_name_the_tokenizer_cuts_differently() -> None:
    # The tokenizer cuts 莎依|娜拉 in the headline but 而莎依|娜拉 in the text: as words, the
    # sentence shares only 娜拉 with the headline; as pairs of characters, all of the name.
    from digest.tokens import words

    texts = ["而莎依娜拉的首张专辑收录十首歌曲。", "唱片公司举办新歌推介会，请来了乐评人。"]
    assert "莎依" in words("莎依娜拉首张专辑") and "莎依" not in words(texts[0])
    chars = rank.Characters.of(texts, "莎依娜拉")
    first, second = (set(chars.bag.word[chars.bag.sentence == i].tolist()) for i in (0, 1))
    assert set(chars.title.tolist()) <= first and not set(chars.title.tolist()) & second
    # Punctuation makes no pair, and no pair spans two sentences: 15 + 16 pairs.
    assert [int((chars.bag.sentence == i).sum()) for i in (0, 1)] == [15, 16]
    assert len(chars.weights) == len(first | second | set(chars.title.tolist()))
    # A pair in both sentences (none here) would weigh less than one in a single sentence.
    shared = rank.Characters.of(["新歌发布。", "新歌很好。"], "")
    weight = dict(zip(shared.bag.word.tolist(), shared.weights[shared.bag.word].tolist(), strict=True))
    assert weight[int(shared.bag.word[0])] < weight[int(shared.bag.word[1])]


def test_centrality_and_headline_similarity_mix_words_and_characters() -> None:
    flat, rising, falling = np.ones(3), np.array([0.0, 1.0, 2.0]), np.array([2.0, 1.0, 0.0])
    params = rank.RankParams(central=1.0, title=0.0, lead=0.0, chars=0.5, title_chars=0.0)
    mixed = rank.news_scores(rising, flat, params, char_centrality=falling)
    assert mixed.tolist() == pytest.approx([0.5, 0.5, 0.5])  # half each, each scaled to [0, 1]
    assert rank.news_scores(rising, flat, params).tolist() == pytest.approx([0.0, 0.5, 1.0])  # words alone


def test_similarities_over_shared_pairs_are_the_cosines() -> None:
    import random

    rng = random.Random(1)
    for _ in range(50):
        n, v = rng.randint(1, 25), rng.randint(1, 80)
        rows = rank.Bag.of([[rng.randrange(v) for _ in range(rng.randint(0, 10))] for _ in range(n)])
        weights = np.array([rng.uniform(0.5, 5) for _ in range(v)])
        title = np.array([rng.randrange(v) for _ in range(rng.randint(0, 5))], dtype=np.int64)
        want_sim, want_title = rank._similarities(rows, title, weights)
        sim, to_title = rank._shared_similarities(rows, title, weights)
        off = ~np.eye(n, dtype=bool)
        assert sim[off] == pytest.approx(want_sim[off], abs=1e-12)
        assert to_title == pytest.approx(want_title, abs=1e-12)


def test_headline_similarity_mixes_words_and_characters() -> None:
    flat, rising, falling = np.ones(3), np.array([0.0, 1.0, 2.0]), np.array([2.0, 1.0, 0.0])
    params = rank.RankParams(central=0.0, title=1.0, lead=0.0, chars=0.0, title_chars=0.25)
    scores = rank.news_scores(flat, rising, params, char_to_title=falling)
    assert scores.tolist() == pytest.approx([0.25, 0.5, 0.75])


def test_a_very_long_article_is_ranked_on_its_words_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    from digest.engines import default

    texts = ["青禾市新建口袋公园三十个。"] * 3
    assert default._by_characters(texts, default.PARAMS)
    monkeypatch.setattr(rank, "CHARS_LIMIT", 30)  # the pairs of a long article would cost memory
    assert not default._by_characters(texts, default.PARAMS)
