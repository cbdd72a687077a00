from __future__ import annotations

import pytest

from digest.entities import plausible_org, plausible_person, plausible_place
from digest.keywords import extract_entities
from digest.lexicon import Lexicon


@pytest.mark.parametrize(
    ("word", "ok"),
    [("王晓明", True), ("欧阳明月", True), ("李强", True), ("弘扬", False), ("殷切希望", False),
     ("阎立率", False), ("钟楼区", False), ("安全感", False)],
)
def test_person_shape(word: str, ok: bool) -> None:
    assert plausible_person(word) is ok


def test_place_is_a_full_unit_or_a_known_bare_name() -> None:
    known = {"桃源县", "青州市"}.__contains__
    assert plausible_place("东港区", known)
    assert plausible_place("桃源", known)
    assert plausible_place("青州", known)
    assert not plausible_place("城市", known)
    assert not plausible_place("深度", known)


@pytest.mark.parametrize(
    ("word", "ok"), [("统战部", True), ("农业银行", True), ("国际化", False), ("大力开展", False), ("局", False)]
)
def test_org_ends_with_a_head_noun(word: str, ok: bool) -> None:
    assert plausible_org(word) is ok


def test_mis_tagged_common_words_are_not_entities() -> None:
    tokens = [[("文明", "nr"), ("城市", "ns"), ("国际化", "nt"), ("赵海波", "nr"), ("上海", "ns"), ("公安局", "nt")]]
    lex = Lexicon(frozenset())
    names = {(e.name, e.kind) for e in extract_entities(lex, *lex.encode([[], *tokens]))}
    assert names == {("赵海波", "person"), ("上海", "place"), ("公安局", "org")}


def names(*sentences: list[tuple[str, str]]) -> dict[tuple[str, str], int]:
    lex = Lexicon(frozenset())
    return {(e.name, e.kind): e.count for e in extract_entities(lex, *lex.encode([[], *sentences]))}


def test_a_surname_before_a_common_word_is_no_person() -> None:
    # 高水平 is in the dictionary as a name; 水平 is a frequent common word.
    assert not names([("推动", "v"), ("高水平", "nr"), ("发展", "vn")])
    assert names([("赵海波", "nr"), ("说", "v")]) == {("赵海波", "person"): 1}


def test_a_piece_of_a_longer_name_is_no_name() -> None:
    assert ("张芝", "person") not in names([("张芝", "nrfg"), ("山镇", "ns"), ("的", "uj"), ("居民", "n")])
    assert ("蓝菱", "person") not in names([("小江豚", "n"), ("蓝菱", "nr"), ("菱", "n")])
    assert ("海港", "place") not in names([("家住", "v"), ("海港", "ns"), ("新村", "n")])
    assert ("文明城市", "place") not in names([("创建", "v"), ("文明城市", "ns")])


def test_a_place_named_bare_and_in_full_is_one_place_under_the_full_name() -> None:
    found = names([("青州", "ns"), ("今年", "t")], [("青州市", "ns"), ("新建", "v")], [("青州", "ns"), ("的", "uj")])
    assert found == {("青州市", "place"): 3}
