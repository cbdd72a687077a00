"""The lexicon: one id per distinct (word, flag), facts per word and per token read as arrays."""

from __future__ import annotations

import pytest

from digest import lexicon as lexicon_module
from digest.lexicon import Lexicon
from digest.tokens import idf_table


def test_tokens_get_one_id_each_and_parts_are_numbered() -> None:
    lex = Lexicon(frozenset({"的"}))
    ids, part = lex.encode([[("港口", "n")], [("港口", "n"), ("的", "uj"), ("港口", "ns")], []])
    assert part.tolist() == [0, 1, 1, 1]
    assert ids[0] == ids[1] != ids[3]  # same word, another flag: another token
    words = lex.word(ids)
    assert words[0] == words[3]  # ... but the same word
    assert [lex.words[w] for w in words.tolist()] == ["港口", "港口", "的", "港口"]
    assert lex.stop(words).tolist() == [False, False, True, False]
    assert lex.length(words).tolist() == [2, 2, 1, 2]
    assert lex.idf(words)[0] == idf_table().get("港口")
    assert lex.flag(int(ids[3])) == "ns"


def test_ids_stay_the_same_across_articles_and_the_arrays_grow() -> None:
    lex = Lexicon(frozenset())
    first, _ = lex.encode([[("甲乙", "n"), ("丙丁", "v")]])
    many = [[(f"词{i}", "n") for i in range(3000)]]  # past the arrays' first allocation
    ids, _ = lex.encode(many)
    again, _ = lex.encode([[("丙丁", "v"), ("甲乙", "n")]])
    assert again.tolist() == first.tolist()[::-1]
    assert len(lex) == 3002
    assert [lex.words[w] for w in lex.word(ids[-2:]).tolist()] == ["词2998", "词2999"]


def test_a_predicate_is_asked_once_per_distinct_token() -> None:
    asked: list[tuple[str, str]] = []

    def is_noun(word: str, flag: str) -> bool:
        asked.append((word, flag))
        return flag == "n"

    lex = Lexicon(frozenset())
    ids, _ = lex.encode([[("港口", "n"), ("扩建", "v"), ("港口", "n")]])
    assert lex.mask(is_noun, ids).tolist() == [True, False, True]
    more, _ = lex.encode([[("扩建", "v"), ("码头", "n")]])
    assert lex.mask(is_noun, more).tolist() == [False, True]
    assert asked == [("港口", "n"), ("扩建", "v"), ("码头", "n")]


def test_a_tag_test_is_asked_once_per_distinct_tag() -> None:
    lex = Lexicon(frozenset())
    asked: list[str] = []

    def is_verb(tag: str) -> bool:
        asked.append(tag)
        return tag.startswith("v")

    ids, _ = lex.encode([[("修", "v"), ("路", "n"), ("建", "v"), ("桥", "n")]])
    assert lex.tagged(is_verb, ids).tolist() == [True, False, True, False]
    more, _ = lex.encode([[("通车", "vn"), ("修", "v"), ("路", "n")]])
    assert lex.tagged(is_verb, more).tolist() == [True, True, False]
    assert asked == ["v", "n", "vn"]
    assert lex.tagged(is_verb, ids[:0]).tolist() == []


def test_a_very_large_lexicon_is_replaced_by_a_fresh_one(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(lexicon_module, "MAX_TOKENS", 5)
    stop = frozenset({"测试专用停用词"})
    lex = lexicon_module.lexicon(stop)
    assert lexicon_module.lexicon(stop) is lex
    lex.encode([[(f"词{i}", "n") for i in range(6)]])
    fresh = lexicon_module.lexicon(stop)
    assert fresh is not lex and len(fresh) == 0


def encode_at_once(lex: Lexicon, part: list[tuple[str, str]], threads: int) -> list[list[int]]:
    """`part` encoded by several threads that start together."""
    import threading

    start = threading.Barrier(threads)
    encoded: list[list[int]] = []

    def encode() -> None:
        start.wait()
        encoded.append(lex.encode([part])[0].tolist())

    workers = [threading.Thread(target=encode) for _ in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    return encoded


def test_threads_sharing_a_lexicon_get_consistent_ids() -> None:
    import sys

    part = [(f"词{i}", "n" if i % 3 else "v") for i in range(3000)]
    interval = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible, to expose races
    try:
        for _ in range(30):
            lex = Lexicon(frozenset())
            encoded = encode_at_once(lex, part, 4)
            # One id per distinct token, the same in every thread, naming the token it stands for.
            assert len(lex) == len(part)
            assert len(encoded) == 4 and all(ids == encoded[0] for ids in encoded)
            assert [lex.flag(i) for i in encoded[0]] == [f for _, f in part]
    finally:
        sys.setswitchinterval(interval)
