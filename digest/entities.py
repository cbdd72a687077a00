"""Is a name-tagged word really a person, place or organization?

jieba's dictionary tags many ordinary words as names (城市/ns, 弘扬/nr, 国际化/nt) and its
HMM glues a following character onto unknown names (阎立率). These checks use the shape
of Chinese names instead of any list of particular names: a surname first, an
administrative unit that the dictionary knows, an organization's head noun last.
"""

from __future__ import annotations

from collections.abc import Callable

from digest.cues import COMPOUND_SURNAMES, PLACE_UNITS, SURNAME_VARIANTS
from digest.cues import SURNAMES as _COMMON_SURNAMES

# A tagged name may also start with a variant surname that bylines rarely use (阎 beside 闫).
SURNAMES = _COMMON_SURNAMES | SURNAME_VARIANTS

# Characters the HMM often glues onto the end of a name: 阎立率, 胡刚率, 俞海忠同.
_GLUED_TAIL = frozenset("率出同在向和与对说称等将为是到赴从让把被也")
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
        and word[-1] not in _GLUED_TAIL
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
