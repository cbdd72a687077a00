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
