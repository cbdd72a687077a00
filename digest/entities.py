"""Is a name-tagged word really a person, place or organization?

jieba's dictionary tags many ordinary words as names (城市/ns, 弘扬/nr, 国际化/nt) and its
HMM glues a following character onto unknown names (阎立率). These checks use the shape
of Chinese names instead of any list of particular names: a surname first, an
administrative unit that the dictionary knows, an organization's head noun last; a
"surname" before a common word (高|水平) is no person, a unit after a common word
(文明|城市) no place. What the tokenizer knows comes in as functions (`known`, `tag`, `idf`),
so that these checks stay plain.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from digest.cues import COMPOUND_SURNAMES, PLACE_HEADS, PLACE_UNITS, SURNAME_VARIANTS
from digest.cues import SURNAMES as _COMMON_SURNAMES

# A tagged name may also start with a variant surname that bylines rarely use (阎 beside 闫).
SURNAMES = _COMMON_SURNAMES | SURNAME_VARIANTS

# Characters the HMM often glues onto the end of a name: 阎立率, 胡刚率, 俞海忠同.
GLUED_TAIL = frozenset("率出同在向和与对说称等将为是到赴从让把被也")
# Head nouns that end the name of an organization.
_ORG_HEADS = (
    "公司", "集团", "银行", "大学", "学院", "学校", "中学", "小学", "医院", "研究院", "研究所",
    "委员会", "协会", "学会", "商会", "联合会", "基金会", "政府", "法院", "检察院", "中心", "政协",
    "局", "委", "部", "厅", "办", "署", "院", "所", "站", "台", "社", "报", "馆", "队", "厂", "党",
)


def plausible_person(word: str) -> bool:
    """Surname first, two to four characters in all, no glued-on verb at the end.

    >>> plausible_person("王晓明"), plausible_person("弘扬"), plausible_person("阎立率")
    (True, False, False)
    """
    if word.startswith(COMPOUND_SURNAMES):
        return 3 <= len(word) <= 4
    return (
        2 <= len(word) <= 3
        and word[0] in SURNAMES
        and word[-1] not in GLUED_TAIL
        and not word.endswith(("区", "市", "县", "镇", "化", "性", "感", "度"))
    )


def plausible_place(word: str, known: Callable[[str], bool]) -> bool:
    """A full administrative name (崇川区), or a bare one whose full form is a known word (苏州)."""
    if len(word) >= 3 and word.endswith(PLACE_UNITS):
        return True
    return len(word) >= 2 and any(known(word + unit) for unit in PLACE_UNITS[:6])


def plausible_org(word: str) -> bool:
    """Ends with an organization's head noun (统战部, 农业银行), longer than the head itself."""
    return any(word.endswith(h) and len(word) > len(h) for h in _ORG_HEADS)


# Tags of a common word: what follows a "surname" in 高水平 (水平/n) or opens 文明城市 (文明/nr is
# a dictionary word too, tagged as a name by mistake).
_COMMON_WORD_TAGS = frozenset({"n", "a", "vn", "v", "an", "b"})
_STEM_OPENER_TAGS = frozenset({"n", "vn", "v", "a", "ad", "an", "nr", "d", "b"})
# A given name as frequent as this (IDF below it) is a common word: 水平, 素质, 质量.
COMMON_IDF = 8.0

Tagger = Callable[[str], list[tuple[str, str]]]


def given_name_is_common_word(word: str, known: Callable[[str], bool], tag: Tagger,
                              idf: Callable[[str], float]) -> bool:  # fmt: skip
    """高水平 = 高 + 水平: what follows the "surname" is a frequent dictionary word of another kind."""
    rest = word[1:]
    if not rest or not known(rest):
        return False
    return tag(rest)[0][1] in _COMMON_WORD_TAGS and idf(rest) < COMMON_IDF


def stem_is_common(word: str, known: Callable[[str], bool], tag: Tagger) -> bool:
    """文明城市, 科教兴市: the part before the unit opens with a common dictionary word, so the
    unit is a common noun's last character, not an administrative unit (崇川区: 崇川 is one word)."""
    for unit in sorted(PLACE_UNITS, key=len, reverse=True):
        if word.endswith(unit) and len(word) > len(unit):
            tokens = tag(word[: -len(unit)])
            if len(tokens) == 1:
                return False
            first, flag = tokens[0]
            return len(first) >= 2 and known(first) and flag in _STEM_OPENER_TAGS
    return False


def opens_smaller_place(next_word: str) -> bool:
    """A place right before this word is the first part of a longer name (海港|新村, 人民|路)."""
    return next_word.startswith(PLACE_HEADS)


def full_form(name: str, names: Iterable[str]) -> str | None:
    """The full administrative form of a bare place among `names` (启东 -> 启东市), if any.

    >>> full_form("启东", {"启东市", "南通"}), full_form("南通", {"启东市", "南通"})
    ('启东市', None)
    """
    seen = names if isinstance(names, (set, frozenset)) else set(names)
    return next((name + unit for unit in PLACE_UNITS if name + unit in seen), None)
