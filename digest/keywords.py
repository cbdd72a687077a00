"""Keywords and named entities of one article, from its tagged tokens.

Keywords are chosen in two steps.

1. Candidates: what may be a keyword at all. Content words (nouns, names, places, organizations,
   verbal nouns) that are not on the stoplist of generic official-news words (plus the user's);
   unknown words with a person's shape that the tagger did not take for nouns (李若彤/x) and
   letter+digit model names (MIX2S); names the tokenizer cut in two, made whole (曹|金海, 马伊|琍);
   noun pairs kept whole as one term when they recur (小微企业, 危险废物收集) or stand together in
   the headline; 《titles》 of works and documents wherever the article gives them (《一生有你》,
   digits and all: 《复仇者联盟3》); dotted transliterated names; and names no dictionary knows that
   the tokenizer cuts into pieces, not always the same ones (迪丽|热巴, 而迪丽|热巴; 以太|坊;
   易|烊|千玺), found by their recurrence: the same string, noun-shaped, three times or more with
   varied neighbours (those three kinds of name: `digest.names`). A keyword is a word, a name or a
   noun compound, whole: general rules on the tokenizer's information keep out a name with a verb or
   preposition attached (胡刚率, 吴新明会见), a piece of a longer name (金海 of 曹金海, 有限公司 of
   a company's name) and fragments (对小微, 两主, 调研组来通). A recurring pair whose every use sits
   inside the same longer run is a piece of it: the whole run is the term when it is a noun compound
   (江苏省岗位学雷锋标兵, 新时代文明实践中心), else there is no term and the pair's words give up
   those uses (聚力精准 of 聚力精准精细, 立区争作 of 产业立区争作贡献).
2. Ranking: a linear score over features of each candidate (log term frequency, log IDF from
   jieba's table, in the headline, in the lead, first position, kind of name, compound facts),
   with weights learned by `benchmarks/train_keywords.py` and shipped in
   `data/keyword-ranker.json`: one set for articles with a headline, one for articles without
   (there frequency has to carry what the headline says). Best first; a word inside a better
   term (or a term around a better word) is left out.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache, partial
from pathlib import Path
from typing import Literal

from digest.arrays import BoolArray, FloatArray, IntArray, Matrix, distinct, np
from digest.cues import FUNCTION_CHARS, LEGAL_FORMS, NUMERAL_CHARS, PLACE_UNITS, TOP_SURNAMES
from digest.entities import (
    GLUED_TAIL,
    SURNAMES,
    full_form,
    given_name_is_common_word,
    opens_smaller_place,
    plausible_org,
    plausible_person,
    plausible_place,
    stem_is_common,
)
from digest.lexicon import Lexicon
from digest.model import Entity, Keyword
from digest.names import (
    NAME_FLAGS,
    PERSON_FLAGS,
    chinese_full_name,
    dotted_name_uses,
    function_char,
    is_cjk,
    pieces_of,
    recurring_names,
    short_form,
    work_titles,
)
from digest.tokens import has_word, idf_table, tag

Token = tuple[str, str]

# POS flags (jieba.posseg) of words that can be keywords.
NOUN_FLAGS = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "vn", "eng", "an", "j", "l", "nw"})
ENTITY_KINDS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "org"}
# Words a compound may be built from: nouns and verbal nouns, never names of people.
_COMMON_NOUNS = frozenset({"n", "nz"})
_COMPOUND_FLAGS = frozenset({"n", "nz", "vn", "ns", "nt", "nr", "j", "l", "an", "eng"})
# Flags of words that can end a noun phrase (a verb or a mis-tagged name such as 文明/nr cannot).
_NOUN_HEADS = frozenset({"n", "nz", "ng", "nt", "ns", "nrt", "nrfg", "vn"})
# Flags a given name may carry after a lone surname (曹|金海/ns, 徐|惠民/nr), never a common word's.
_GIVEN_NAME_TAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nz", "zg", "ng", "ag", "tg", "vg", "t"})
# Tags of tokens that are never half of a word the tokenizer cut in two: punctuation, function
# words, pronouns, measure words.
_NO_SPLIT_PART = frozenset({"x", "w", "p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "y", "e", "o", "r", "q", "mq"})
# A one-character noun glued after a name is the rest of a longer name (蓝菱|菱).
_NOUN_CHAR_TAGS = frozenset({"n", "ng", "nr", "zg", "nz"})

LEAD = 3  # sentences of the lead
LEAD_BOOST = 0.5  # a mention in the lead counts 1.5 times
COLLOCATION = 0.5  # share of a word's uses inside a pair for the pair to be one term
MAX_TERM_CHARS = 10
MAX_RUN_TOKENS = 6  # tokens of a noun compound a recurring pair may be a piece of
_REACH = MAX_RUN_TOKENS - 2  # tokens a run may reach before its pair
_AROUND = np.arange(-_REACH, MAX_RUN_TOKENS)  # offsets from a pair's first token that a run may reach
_COMPANY_FORMS = ("公司", "集团")  # the legal forms a company's registered name ends in
_WORD = re.compile(r"^[\w·\-]+$")
_HAS_DIGIT = re.compile(r"\d")
_MODEL = re.compile(r"^(?=.*[A-Za-z])(?=.*\d)[A-Za-z0-9\-]{2,12}$")  # MIX2S, P2P, A320

# The ranker's features, in the order of the weight vectors in data/keyword-ranker.json.
FEATURES = (
    "ln_tf",  # log of sublinear term frequency (lead mentions count 1.5)
    "ln_idf",  # log of jieba's IDF
    "in_title",  # the candidate is in the headline
    "in_lead",  # it occurs in the first LEAD sentences
    "first_rel",  # where it first occurs, as a share of the article's tokens
    "person", "place", "org", "nz", "eng", "vn",  # its kind, from the tag of its first use
    "compound",  # a noun pair kept whole
    "strong",  # ... that makes up at least half of each part's uses
    "quoted",  # a 《title》 (in_title says whether of the headline)
    "verb_tail",  # a compound ending in a verbal noun (危险废物收集)
    "oov",  # not in the tokenizer's dictionary
    "recurring",  # a name the tokenizer cut in pieces, found by its recurrence (莎依|娜拉)
)  # fmt: skip
WEIGHTS = Path(__file__).parent / "data" / "keyword-ranker.json"


@cache
def shipped_stopwords() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


@cache
def ranker_weights(path: Path = WEIGHTS) -> dict[str, FloatArray]:
    """{"title": weights, "bare": weights}, each over FEATURES (a feature the file lacks weighs 0)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    out = {}
    for which in ("title", "bare"):
        given = dict(zip(data[which]["features"], data[which]["weights"], strict=True))
        out[which] = np.array([float(given.get(f, 0.0)) for f in FEATURES])
    return out


def is_candidate(word: str, flag: str) -> bool:
    """A content word: a noun-like flag, two characters or more, no digits, no punctuation."""
    if flag not in NOUN_FLAGS or len(word) < 2:
        return False
    if word.isascii() and (flag != "eng" or len(word) < 3):
        return False
    if word.isalpha():  # letters only: no digits, numerals or punctuation (the common case)
        return True
    if not _WORD.match(word) or _HAS_DIGIT.search(word):
        return False
    return not any(unicodedata.category(ch).startswith("N") for ch in word)


# --- per-token predicates: (word, flag) -> bool, answered once per distinct token by lexicon.mask


def _is_compound_part(word: str, flag: str) -> bool:
    """A word a term may be built from: a noun-like candidate, and if the dictionary lacks it, a
    clean one (not 对小微 or 周刚率: the tokenizer's guesses with a function word attached)."""
    if flag not in _COMPOUND_FLAGS or not is_candidate(word, flag):
        return False
    return not _glued_phrase(word, flag) or has_word(word)


def _distinguishing_word(word: str, flag: str) -> bool:
    """A dictionary word that only ever modifies a noun (高频, 重型, 公共): it may open a term."""
    return flag == "b" and len(word) >= 2 and has_word(word)


def _glued_phrase(word: str, flag: str) -> bool:
    """An unknown word that is a word with a preposition before it (对小微) or a name with a verb or
    preposition after it (周刚率)."""
    return word[0] in FUNCTION_CHARS or (
        flag in PERSON_FLAGS and len(word) >= 3 and word[-1] in GLUED_TAIL and plausible_person(word[:-1])
    )


def _is_compound_verb(word: str, flag: str) -> bool:
    """A dictionary verb that can close a term after a common noun (危险废物收集, 数据共享); an
    unknown one is the tokenizer's guess and mostly a fragment (调研组|来通)."""
    return flag == "v" and is_candidate(word, "vn") and has_word(word)


def _is_common_noun(tag: str) -> bool:
    return tag in _COMMON_NOUNS


def _given_piece(word: str, flag: str) -> bool:
    """What may follow a lone surname inside one name: 1-2 characters, not a glued verb or preposition."""
    return (
        1 <= len(word) <= 2 and flag != "x" and not word.isascii()
        and word[0] not in GLUED_TAIL and word[0] not in FUNCTION_CHARS
    )  # fmt: skip


def _morpheme_char(word: str, flag: str) -> bool:
    """A lone character the tokenizer could not place (琍 of 马伊琍)."""
    return len(word) == 1 and flag in ("zg", "ng", "x") and is_cjk(word)


def _name_shaped_other(word: str, flag: str) -> bool:
    """An unknown word tagged as no noun (李若彤/x, 吴芊盈/vg) with a person's name shape."""
    return (
        flag not in NAME_FLAGS and flag[:1] != "n" and len(word) == 3 and is_cjk(word)
        and not has_word(word) and plausible_person(word)
    )  # fmt: skip


def _model_name(word: str, flag: str) -> bool:
    """Letters and digits: a product or model name (MIX2S, A320)."""
    return flag == "eng" and bool(_MODEL.match(word))


def _name_tag(tag: str) -> bool:
    return tag in NAME_FLAGS


def _dictionary_word(word: str, flag: str) -> bool:
    return has_word(word)


def _verb_head(word: str, flag: str) -> bool:
    """A dictionary verb that may open a headline term (固化|机理)."""
    return flag == "v" and len(word) >= 2 and has_word(word)


def _modifier(word: str, flag: str) -> bool:
    """What may stand before a noun inside one noun compound: a noun, a name, an adjective or a
    distinguishing word (新|时代, 省级|标兵), never a verb or a person's full name (林海峰 会见|客商)."""
    return (flag[:1] in ("n", "a", "b", "j") or flag in ("vn", "eng", "l")) and not chinese_full_name(word, flag)


def _continues(word: str, flag: str) -> bool:
    """What may follow inside one phrase: a content word that is no name (a name opens a phrase
    of its own, or is the tokenizer's guess: 制水|工艺|土建/ns)."""
    return flag[:1] in ("n", "v", "a", "j") and flag not in NAME_FLAGS and flag not in PERSON_FLAGS


def _plain_verb(tag: str) -> bool:
    return tag[:1] == "v" and tag != "vn"


def _legal_form(word: str, flag: str) -> bool:
    """A word that ends an organization's registered name (有限公司, 集团)."""
    return word.endswith(LEGAL_FORMS) and (flag == "n" or _is_compound_part(word, flag))


def _company_name_end(word: str, flag: str) -> bool:
    """有限公司, 投资集团: the legal form that ends a company's name, with more before it."""
    return len(word) >= 4 and word.endswith(_COMPANY_FORMS)


def _abbreviation_or_verbal_noun(tag: str) -> bool:
    return tag in ("j", "vn")


def _nounish(tag: str) -> bool:
    return tag[:1] == "n" or tag in ("eng", "j", "vn")


def _verb(tag: str) -> bool:
    return tag[:1] == "v"


def _split_part(word: str, flag: str) -> bool:
    """A token that may be half of a word the tokenizer cut in two: letters, digits or Chinese,
    not a function word, a pronoun or a measure word."""
    return flag not in _NO_SPLIT_PART and word.isalnum()


def _kind_person(tag: str) -> bool:
    return tag in PERSON_FLAGS


def _kind_place(tag: str) -> bool:
    return tag == "ns"


def _kind_org(tag: str) -> bool:
    return tag == "nt"


def _kind_nz(tag: str) -> bool:
    return tag == "nz"


def _kind_eng(tag: str) -> bool:
    return tag == "eng"


def _kind_vn(tag: str) -> bool:
    return tag == "vn"


_KIND_TESTS = (_kind_person, _kind_place, _kind_org, _kind_nz, _kind_eng, _kind_vn)


def _kind_row(flag: str) -> list[bool]:
    return [test(flag) for test in _KIND_TESTS]


def _may_be_candidate(word: str, flag: str) -> bool:
    """Cheap first test: could this token be a keyword candidate at all (a noun-like tag, or
    three characters that may be a name the tagger missed)?"""
    return len(word) >= 2 and (flag in NOUN_FLAGS or len(word) == 3)


def _unknown_phrase(word: str, flag: str) -> bool:
    """A word the dictionary lacks that is a phrase, not a word (对小微, 两主, 现状及)."""
    if not _may_be_candidate(word, flag) or has_word(word):
        return False
    return _repair_unknown(word, "nr" if _name_shaped_other(word, flag) else flag) is None


def _unknown_repaired(word: str, flag: str) -> bool:
    """A word the dictionary lacks that is a name with a verb glued on (胡刚率): its last
    character goes."""
    if not _may_be_candidate(word, flag) or has_word(word):
        return False
    fixed = _repair_unknown(word, "nr" if _name_shaped_other(word, flag) else flag)
    return fixed is not None and fixed != word


def _repair_unknown(word: str, flag: str) -> str | None:
    """A word the dictionary lacks (the tokenizer's guess) as a keyword: itself, repaired
    (胡刚率 -> 胡刚), or None when it is a phrase rather than a word (对小微, 两主, 现状及)."""
    if _glued_phrase(word, flag):
        return None if word[0] in FUNCTION_CHARS else word[:-1]
    if flag not in NAME_FLAGS and (word[0] in NUMERAL_CHARS or function_char(word[0]) or function_char(word[-1])):
        return None
    return word


# --- candidates ----------------------------------------------------------------------------------


@dataclass(slots=True)
class _Term:
    """A candidate that is not a plain token of the article: a compound, a merged name, a title."""

    word: str
    flag: str
    count: float  # weighted occurrences
    idf: float
    first: int  # token position of the first occurrence
    parts: set[int] = field(default_factory=set)  # parts (0 = headline, i + 1 = sentence i) it is in
    compound: bool = False
    strong: bool = False
    quoted: bool = False
    oov: bool = False
    recurring: bool = False
    titled: bool = False  # the headline names it under another form (马斯特森 for 卡尔文·马斯特森)


@dataclass(frozen=True, slots=True)
class Candidates:
    """An article's keyword candidates, one row each: plain words in order of first use, then terms."""

    words: list[str]
    kinds: BoolArray  # rows x 6: person, place, org, nz, eng, vn
    count: FloatArray  # weighted occurrences
    idf: FloatArray
    first: FloatArray  # token position of the first occurrence
    lead: BoolArray  # occurs in the lead
    compound: BoolArray
    strong: BoolArray
    quoted: BoolArray
    oov: BoolArray
    recurring: BoolArray
    titled: BoolArray  # the headline names it under another form
    tokens: int  # tokens in the article


def _shift(mask: BoolArray, by: int) -> BoolArray:
    """mask[i + by] at i (False past the ends)."""
    out = np.zeros_like(mask)
    if by > 0:
        out[:-by] = mask[by:]
    elif by < 0:
        out[-by:] = mask[:by]
    else:
        out[:] = mask
    return out


def _split_names(
    lexicon: Lexicon, ids: IntArray, length: IntArray, same_next: BoolArray
) -> tuple[BoolArray, BoolArray]:
    """(first token of each name the tokenizer cut in two, tokens that are the pieces of one).

    A one-character name-tagged token glued to a short next word is one name (曹|金海); a 2-3
    character name followed by a lone character the tokenizer could not place is one (马伊|琍).
    """
    mask = lexicon.mask
    person = lexicon.tagged(_kind_person, ids)
    surname_at = person & (length == 1) & same_next & _shift(mask(_given_piece, ids), 1)
    claimed = _shift(surname_at, -1)
    short_name = person & (length >= 2) & (length <= 3)
    morpheme_at = short_name & same_next & _shift(mask(_morpheme_char, ids), 1) & ~claimed
    claimed |= morpheme_at | _shift(morpheme_at, -1)
    return surname_at | morpheme_at, claimed


def _inside_org_names(lexicon: Lexicon, ids: IntArray, part: IntArray) -> BoolArray:
    """Tokens of an organization's full name: a chain of three or more nouns ending in a legal
    form (国投|新能源|投资|有限公司). No term is cut from inside one."""
    n = len(ids)
    inside = np.zeros(n, dtype=bool)
    legal = np.flatnonzero(lexicon.mask(_legal_form, ids))
    if not len(legal):
        return inside
    org_part = lexicon.mask(_is_compound_part, ids) | lexicon.tagged(_abbreviation_or_verbal_noun, ids)
    low = n
    for j in legal[::-1].tolist():
        if j >= low:
            continue
        k = j
        while k > 0 and part[k - 1] == part[j] and org_part[k - 1]:
            k -= 1
        if j - k >= 2:
            inside[k : j + 1] = True
        low = k
    return inside


def _inside_one_chain(
    ids: IntArray, words: IntArray, part: IntArray, occ: IntArray,
    before_kind: Callable[[IntArray], BoolArray], after_kind: Callable[[IntArray], BoolArray],
) -> bool:  # fmt: skip
    """Every occurrence of the pair starting at `occ` has the same word of `before_kind` before
    it, or the same word of `after_kind` after it: the pair is a piece of that longer chain."""
    n = len(ids)
    before, after = np.maximum(occ - 1, 0), np.minimum(occ + 2, n - 1)
    has_before = (occ > 0) & (part[before] == part[occ]) & before_kind(ids[before])
    has_after = (occ + 2 < n) & (part[after] == part[occ]) & after_kind(ids[after])
    left = set(np.where(has_before, words[before], -1).tolist())
    right = set(np.where(has_after, words[after], -1).tolist())
    return (len(left) == 1 and -1 not in left) or (len(right) == 1 and -1 not in right)


def _whole_run(
    lexicon: Lexicon, ids: IntArray, words: IntArray, part: IntArray, stop: BoolArray, occ: IntArray
) -> tuple[int, int] | Literal["phrase", "long"]:
    """The longest run around a recurring pair (first tokens at `occ`) that every occurrence
    shares, as token offsets (lo, hi) from the pair's first token: (0, 2) is the pair alone.

    Each step takes the same word before (a noun or modifier: a verb before a noun phrase governs
    it) or the same content word after (no name), in the same sentence, at every occurrence. A
    verb or verbal noun at the end is the phrase's predicate or action (数字|技术 赋能, 民生|项目
    建设) and is left off, and so is a stopword before it (土建 全面 完工). The run, if longer than the pair,
    is the term when it is a noun compound of reasonable length (青禾湾|产业|创新|协同|区). When it
    has no compound's shape (it opens with a verb, ends in an adjective, or holds after its first
    word one the dictionary lacks that is no name: 聚力|精准|精细, 立区|争作 of 产业|立区|争作|贡献),
    the pair is a piece of a phrase: "phrase". When it only runs long (more than MAX_TERM_CHARS),
    it may have run on into the next phrase (市政府|党组 开展|主题|教育|典型): "long". Either way
    the pair is no term.
    """
    n = len(ids)
    # The words and sentences around each use as lists (columns: offsets -REACH..MAX_RUN_TOKENS-1;
    # sentence -1 past the ends), so each step below is plain Python.
    at = occ[:, None] + _AROUND
    inside = (at >= 0) & (at < n)
    at = np.where(inside, at, 0)
    near_words, near_parts = words[at].tolist(), np.where(inside, part[at], -1).tolist()
    s0 = int(occ[0])
    wtext, flag = lexicon.words, lexicon.flag

    def token(i: int) -> tuple[str, str]:
        return wtext[int(words[i])], flag(int(ids[i]))

    def same(offset: int, allowed: Callable[[str, str], bool]) -> bool:
        """The same word, of the allowed kind, at `offset` from every use, in its sentence."""
        j = offset + _REACH
        word = near_words[0][j]
        return all(
            ws[j] == word and ps[j] == ps[_REACH] for ws, ps in zip(near_words, near_parts, strict=True)
        ) and allowed(*token(s0 + offset))

    lo, hi = 0, 2
    while hi - lo < MAX_RUN_TOKENS and same(lo - 1, _modifier):
        lo -= 1
    while hi - lo < MAX_RUN_TOKENS and same(hi, _continues):
        hi += 1
    predicate = False
    while hi > 2:
        if _verb(flag(int(ids[s0 + hi - 1]))):
            predicate = True
        elif not (predicate and stop[s0 + hi - 1]):
            break
        hi -= 1
    if (lo, hi) == (0, 2):
        return lo, hi
    span = [token(i) for i in range(s0 + lo, s0 + hi)]
    if _plain_verb(span[0][1]) or span[-1][1] not in _NOUN_HEADS:
        return "phrase"
    if not all(has_word(w) or _name_tag(f) for w, f in span[1:]):
        return "phrase"  # the tokenizer's guess glued across words inside (产业|立区|争作)
    return "long" if sum(len(w) for w, _ in span) > MAX_TERM_CHARS else (lo, hi)


def _pair_terms(
    lexicon: Lexicon, ids: IntArray, words: IntArray, part: IntArray, stop: BoolArray, claimed: BoolArray,
    local: IntArray, vocab: IntArray, weight: FloatArray, known_words: set[str],
) -> tuple[list[_Term], dict[int, float]]:  # fmt: skip
    """Noun pairs kept whole, and the weighted occurrences each plain word gives up to them.

    A pair is one term when it recurs and makes up at least half of each word's uses (小微企业,
    a "strong" term: its words lose those occurrences), or when it stands in the headline as a
    whole two-word noun run; a dictionary verb + noun pair of the headline that recurs too
    (固化机理). A word that only modifies nouns (区别词: 高频, 重型) may open a pair before a
    noun (高频噪声). A pair is never a person's full name with anything else (吴新明|会见, two people
    side by side: 张海涛|李晓岚), two places, a piece of an organization's name, or a pair that
    always sits inside the same longer chain.
    """
    n = len(ids)
    mask = lexicon.mask
    noun = mask(_is_compound_part, ids)
    verb_head = mask(_verb_head, ids)
    kind_head = mask(_distinguishing_word, ids)
    # Where a pair may start; the finer tests below look at these positions only.
    head = np.flatnonzero(
        (noun[:-1] | verb_head[:-1] | kind_head[:-1])
        & (part[:-1] == part[1:]) & ~stop[1:] & ~claimed[:-1] & ~claimed[1:]
    )  # fmt: skip
    tail = head + 1
    common, name_tag, place = (lexicon.tagged(test, ids) for test in (_is_common_noun, _name_tag, _kind_place))
    full_name = mask(chinese_full_name, ids)
    closes = noun[tail] | (mask(_is_compound_verb, ids[tail]) & common[head])
    verb_pair = verb_head[head] & common[tail] & noun[tail] & ~stop[head]
    name_and_word = full_name[head] | full_name[tail]
    inside_org = _inside_org_names(lexicon, ids, part)
    ok = (
        ((noun[head] | kind_head[head] & noun[tail]) & closes | verb_pair)
        & (lexicon.length(words[head]) + lexicon.length(words[tail]) <= MAX_TERM_CHARS)
        & ~name_and_word & ~(place[head] & place[tail])
        & ~inside_org[head] & ~inside_org[tail]
    )  # fmt: skip
    at = head[ok]
    size = len(vocab)
    uses = np.bincount(local, minlength=size)
    codes, first_i, which, count = np.unique(
        local[at] * size + local[at + 1], return_index=True, return_inverse=True, return_counts=True
    )
    which = which.ravel()
    weighted = np.bincount(which, weights=weight[at + 1], minlength=len(codes))
    in_title = np.bincount(which, weights=(part[at] == 0).astype(float), minlength=len(codes))
    by_pair = np.argsort(which, kind="stable")
    bounds = np.searchsorted(which[by_pair], np.arange(len(codes) + 1))
    # Pairs with the same word before every use, or after: the only ones that may be pieces of a
    # longer run (most pairs have neither, and skip the finer look of _whole_run).
    around = []
    for step in (-1, 2):
        near = np.minimum(np.maximum(at + step, 0), n - 1)
        word_near = np.where((at + step >= 0) & (at + step < n) & (part[near] == part[at]), words[near], -1)
        by_group = word_near[by_pair]
        low, high = np.minimum.reduceat(by_group, bounds[:-1]), np.maximum.reduceat(by_group, bounds[:-1])
        around.append((low == high) & (low >= 0))
    may_extend = around[0] | around[1]
    # Pairs that may be terms: strong ones (no verb head, recurring, at least half of each word's
    # uses) or headline ones; most frequent first, then first seen.
    first_at = at[first_i]
    head_verb = verb_head[first_at]
    part_a, part_b = np.divmod(codes, size)
    recurring = count >= 2
    together = (count >= COLLOCATION * uses[part_a]) & (count >= COLLOCATION * uses[part_b])
    may_be_strong = ~head_verb & recurring & together
    loose = (in_title > 0) & (recurring | ~head_verb)
    maybe = np.flatnonzero(may_be_strong | loose)
    maybe = maybe[np.lexsort((first_i[maybe], -count[maybe]))]
    word_idf = lexicon.idf(vocab)
    terms: list[_Term] = []
    seen_terms: set[str] = set()
    given_up: dict[int, float] = {}  # local word -> weighted occurrences taken by strong terms or phrases
    in_term: set[int] = set()
    in_phrase = np.zeros(n, dtype=bool)  # tokens of phrases that are no term
    wtext = lexicon.words
    for p, a, b, together, i0, strong_shape, is_loose, extends in zip(
        maybe.tolist(), part_a[maybe].tolist(), part_b[maybe].tolist(), count[maybe].tolist(),
        first_at[maybe].tolist(), may_be_strong[maybe].tolist(), loose[maybe].tolist(), may_extend[maybe].tolist(),
        strict=True,
    ):  # fmt: skip
        strong = strong_shape and not in_term.intersection((a, b))
        if not strong and not is_loose:
            continue
        if together == 1 and (
            (i0 > 0 and part[i0 - 1] == part[i0] and noun[i0 - 1])
            or (i0 + 2 < n and part[i0 + 2] == part[i0] and noun[i0 + 2])
        ):
            continue  # a headline-only pair inside a longer noun run
        occ = at[by_pair[bounds[p] : bounds[p + 1]]]
        second = wtext[int(vocab[b])], lexicon.flag(int(ids[i0 + 1]))
        term = wtext[int(vocab[a])] + second[0]
        idf = max(float(word_idf[a]), float(word_idf[b]))
        members: set[int] = {a, b}
        if together >= 2 and extends:
            run = _whole_run(lexicon, ids, words, part, stop, occ)
            if run == "long":
                continue  # no term, but its words are no pieces of a phrase: they keep their uses
            if run == "phrase":  # a piece of a longer phrase that is no noun compound (聚力|精准|精细):
                # its words' uses there are uses of no keyword (立区 of 产业|立区|争作|贡献)
                pos = np.concatenate([occ, occ + 1])
                pos = pos[~in_phrase[pos]]
                in_phrase[pos] = True
                for x, w in zip(local[pos].tolist(), weight[pos].tolist(), strict=True):
                    if x not in in_term:
                        given_up[x] = given_up.get(x, 0.0) + w
                continue
            lo, hi = run
            if (lo, hi) != (0, 2):  # a piece of a longer noun compound: the whole is the term
                span = ids[i0 + lo : i0 + hi]
                term = "".join(wtext[w] for w in lexicon.word(span).tolist())
                second = second[0], lexicon.flag(int(span[-1]))
                idf = max(idf, float(lexicon.idf(lexicon.word(span)).max()))
                # The whole is strong when it makes up at least half of each of its words' uses.
                members = set(local[i0 + lo : i0 + hi].tolist())
                strong = not in_term.intersection(members) and all(
                    together >= COLLOCATION * uses[x] for x in members
                )
        if term in lexicon.stopwords or term in seen_terms or term in known_words:
            continue
        weighted_p = float(weighted[p])
        if strong:
            in_term.update(members)
            for x in members:
                given_up[x] = given_up.get(x, 0.0) + weighted_p
        seen_terms.add(term)
        terms.append(
            _Term(
                term, "vn" if _verb(second[1]) else "n", weighted_p, idf,
                i0, set(part[occ].tolist()), compound=True, strong=strong,
            )
        )  # fmt: skip
    return terms, given_up


def _headline_splits(
    lexicon: Lexicon, ids: IntArray, words: IntArray, part: IntArray, claimed: BoolArray, same_next: BoolArray,
    naming: int = 0,
) -> dict[str, list[int]]:  # fmt: skip
    """Words of the headline the tokenizer cut in two (穿|搭, 王子|文, 萨尔玛|特, 料理|机, 歼|20,
    B|站), with the positions of their first token, in order of first use. `naming` is the
    part that names the story: 0, the headline, or 1, the first sentence of an article without one.

    Two tokens side by side in that part make one word when the pair recurs in the body (three
    times in all), mostly stands together (at least half of each token's uses), one of the two is
    a single character or unknown to the dictionary, and the pair has a word's shape: no adverb,
    locative, numeral or suffix first, no locative last (nor a longer adverb or suffix); a verb
    first only before one character or digits, never before a verb or an adjective; a verb last
    only as one character. A pair always inside the same longer chain is a piece of it.
    """
    mask = lexicon.mask
    # The pairs of the naming part first (a few tokens): most articles stop here.
    lo, hi = np.searchsorted(part, [naming, naming + 1])
    if hi - lo < 2:
        return {}
    near = ids[lo:hi]
    split_part = mask(_split_part, near)
    lengths = lexicon.length(words[lo:hi])
    lone = (lengths == 1) | ~mask(_dictionary_word, near)
    named = np.flatnonzero(
        split_part[:-1] & split_part[1:] & ~claimed[lo : hi - 1] & ~claimed[lo + 1 : hi]
        & (lengths[:-1] + lengths[1:] <= 8) & (lone[:-1] | lone[1:])
    ) + lo  # fmt: skip
    if not len(named):
        return {}
    # Then every occurrence of those pairs in the article; a word needs three in all.
    size = int(words.max()) + 1
    pair_code = words[:-1] * size + words[1:]
    wanted = distinct(pair_code[named])
    free = same_next[:-1] & ~claimed[:-1] & ~claimed[1:]
    hits = (pair_code[:, None] == wanted[None, :]) & free[:, None]  # tokens x headline pairs (few)
    common = np.flatnonzero(hits.sum(axis=0) >= 3)
    if not len(common):
        return {}
    wtext = lexicon.words
    found: dict[str, list[int]] = {}
    by_first_use = sorted(common.tolist(), key=lambda c: int(np.argmax(hits[:, c])))
    for c in by_first_use:
        where = np.flatnonzero(hits[:, c]).tolist()
        a, b = int(words[where[0]]), int(words[where[0] + 1])
        if any(len(where) < COLLOCATION * np.count_nonzero(words == w) for w in (a, b)):
            continue
        i = where[0]
        head_tag, tail_tag = lexicon.flag(int(ids[i]))[:1], lexicon.flag(int(ids[i + 1]))[:1]
        tail = wtext[b]
        if head_tag in "dfmkq" or tail_tag == "f" or (tail_tag in "dk" and len(tail) > 1):
            continue
        if tail_tag == "m" and not tail.isdigit():
            continue
        if head_tag == "v" and (tail_tag in "va" or not (len(tail) == 1 or tail.isascii())):
            continue
        if tail_tag == "v" and len(tail) > 1:
            continue
        split = partial(mask, _split_part)
        if _inside_one_chain(ids, words, part, np.asarray(where), split, split):
            continue
        found[wtext[a] + tail] = where
    return found


def keyword_candidates(
    lexicon: Lexicon, ids: IntArray, part: IntArray, title: str = "", text: str = "", lead: int = LEAD
) -> Candidates:
    """Every candidate of the article with what the ranker's features are made from.

    `ids`, `part`, `title` and `text` are as for extract_keywords.
    """
    n = len(ids)
    mask = lexicon.mask
    words = lexicon.word(ids)
    stop = lexicon.stop(words)
    vocab, local = np.unique(words, return_inverse=True)
    local = local.ravel()
    in_lead = (part > 0) & (part <= lead)
    weight = np.where(in_lead, 1.0 + LEAD_BOOST, 1.0)
    wtext = lexicon.words
    same_next = np.zeros(n, dtype=bool)
    same_next[:-1] = part[:-1] == part[1:]

    split_at, claimed = _split_names(lexicon, ids, lexicon.length(words), same_next)
    # The tokens of a dotted name and of its short form are its own: no other term is cut from
    # them, and no word of them is a keyword alone (球星|卡尔文·马|斯特森, 马|斯特森).
    dotted = dotted_name_uses(lexicon, ids, words, part, claimed)
    split_at &= ~claimed
    merged: dict[str, list[int]] = {}
    for i in np.flatnonzero(split_at).tolist():
        merged.setdefault(wtext[int(words[i])] + wtext[int(words[i + 1])], []).append(i)
    if n > 1:
        naming = 0 if title else 1  # without a headline, the first sentence names the story
        for name, where in _headline_splits(lexicon, ids, words, part, claimed, same_next, naming).items():
            at_split = np.asarray(where)
            claimed[at_split] = claimed[at_split + 1] = True
            merged.setdefault(name, []).extend(where)

    shaped_token = mask(_name_shaped_other, ids)
    extra = (shaped_token | mask(_model_name, ids)) & ~stop & ~claimed
    at = np.flatnonzero((mask(is_candidate, ids) & ~stop & ~claimed) | extra)
    # Plain words in order of first use (row r is word `plain[r]`).
    counted = np.bincount(local[at], weights=weight[at], minlength=len(vocab))
    leading = np.bincount(local[at], weights=in_lead[at].astype(float), minlength=len(vocab))
    seen, first_at = np.unique(local[at], return_index=True)
    order = np.argsort(at[first_at], kind="stable")
    seen, first_tok = seen[order], at[first_at][order]
    plain = [wtext[i] for i in vocab[seen].tolist()]
    count: FloatArray = counted[seen].astype(np.float64)
    row = dict(zip(plain, range(len(plain)), strict=True))

    terms, given_up = (
        _pair_terms(lexicon, ids, words, part, stop, claimed, local, vocab, weight, set(row)) if n > 1 else ([], {})
    )
    for local_word, taken in given_up.items():
        r = row.get(wtext[int(vocab[local_word])])
        if r is not None:
            count[r] -= taken
    by_word = {t.word: t for t in terms}
    stopwords = lexicon.stopwords
    for name, where in merged.items():
        if name in stopwords:
            continue
        if name in row:
            count[row[name]] += float(weight[where].sum())
            continue
        t = by_word.get(name)
        if t is None:
            t = by_word[name] = _Term(
                name, "nr" if name[0] in SURNAMES else "nz", 0.0,
                _term_idf(lexicon, name), where[0],
            )  # fmt: skip
        t.count += float(weight[where].sum())
        t.parts.update(part[where].tolist())
        t.first = min(t.first, where[0])
    for name, uses in dotted.items():
        if name not in stopwords:
            by_word[name] = _Term(
                name, "nr", float(weight[uses].sum()), lexicon.table.median, uses[0], set(part[uses].tolist()),
                titled=bool(title) and short_form(name) in title,
            )  # fmt: skip

    def found_in_text(name: str, uses: float, **facts: bool) -> _Term:
        """A candidate found in the text, not among the tokens: its first use placed by where it
        stands in the text."""
        in_title = bool(title) and name in title
        at = 0 if in_title else text.find(name)
        first = int(at / max(len(text), 1) * n)
        return _Term(name, "nz", uses, _term_idf(lexicon, name), first, {0} if in_title else set(), **facts)

    recurring = recurring_names(lexicon, ids, words, part, text) if n > 1 else {}
    for name, k in recurring.items():
        if name in by_word:
            by_word[name].recurring = True
        elif name not in stopwords and name not in row:
            by_word[name] = found_in_text(name, float(k), oov=True, recurring=True)
    for name in work_titles(text):
        if name not in stopwords and name not in by_word:
            by_word[name] = found_in_text(name, float(max(text.count(name), 1)), quoted=True)

    drop = count <= 0
    # A word that only ever stands across a name found by its recurrence is a piece of it, no
    # keyword (莎依 and 而莎依 of 莎依娜拉).
    if recurring:
        for r in np.flatnonzero(pieces_of(recurring, plain, text)).tolist():
            drop[r] = True
    # A legal-form word that only ever follows a noun is the tail of a longer name (…投资|有限公司).
    legal = np.flatnonzero(mask(_company_name_end, ids)[first_tok])
    if len(legal):
        after_noun = _shift(lexicon.tagged(_nounish, ids), -1) & _shift(same_next, -1)
        for r in legal.tolist():
            drop[r] |= bool(after_noun[at[local[at] == seen[r]]].all())
    # Words the dictionary lacks: dropped as phrases, repaired (胡刚率 -> 胡刚), or kept (and marked).
    first_ids = ids[first_tok]
    oov = ~mask(_dictionary_word, first_ids)
    drop |= mask(_unknown_phrase, first_ids)
    for r in np.flatnonzero(mask(_unknown_repaired, first_ids) & ~drop).tolist():
        fixed = plain[r][:-1]
        if fixed in row or fixed in by_word:
            drop[r] = True
        else:
            plain[r] = fixed
    keep = np.flatnonzero(~drop)
    # A word's kind is that of its first use; name-shaped unknown words count as people.
    kept_ids = first_ids[keep]
    kinds = np.column_stack([lexicon.tagged(test, kept_ids) for test in _KIND_TESTS]).reshape(len(keep), 6)
    shaped = shaped_token[first_tok[keep]]
    kinds[shaped] = False
    kinds[shaped, 0] = True
    extras: list[_Term] = []
    for t in by_word.values():
        if t.count <= 0:
            continue
        if not t.compound and not t.quoted and not has_word(t.word):
            t.oov = True
            fixed = _repair_unknown(t.word, t.flag)
            if fixed is None or (fixed != t.word and (fixed in row or fixed in by_word)):
                continue
            t.word = fixed
        extras.append(t)

    def column(plain_values: IntArray | FloatArray | BoolArray, term_values: list[float] | list[bool]) -> FloatArray:
        return np.concatenate([np.asarray(plain_values, dtype=float)[keep], np.asarray(term_values, dtype=float)])

    none = [False] * len(keep)
    if extras:
        kinds = np.vstack([kinds, np.array([_kind_row(t.flag) for t in extras], dtype=bool)])
    return Candidates(
        words=[plain[r] for r in keep.tolist()] + [t.word for t in extras],
        kinds=kinds,
        count=column(count, [t.count for t in extras]),
        idf=column(lexicon.idf(vocab[seen]), [t.idf for t in extras]),
        first=column(first_tok, [float(t.first) for t in extras]),
        lead=column(leading[seen] > 0, [any(0 < s <= lead for s in t.parts) for t in extras]) > 0,
        compound=np.array(none + [t.compound for t in extras], dtype=bool),
        strong=np.array(none + [t.strong for t in extras], dtype=bool),
        quoted=np.array(none + [t.quoted for t in extras], dtype=bool),
        oov=column(oov, [t.oov for t in extras]) > 0,
        recurring=np.array(none + [t.recurring for t in extras], dtype=bool),
        titled=np.array(none + [t.titled for t in extras], dtype=bool),
        tokens=n,
    )


def _term_idf(lexicon: Lexicon, name: str) -> float:
    """The IDF of a term made of several tokens: its own when the table has it, else the median."""
    return max(lexicon.table.get(name), lexicon.table.median)


def features(c: Candidates, title: str) -> Matrix:
    """One row per candidate, one column per name in FEATURES."""
    tf = np.where(c.count >= 1, 1.0 + np.log(np.maximum(c.count, 1.0)), c.count)
    in_title = np.array([bool(title) and w in title for w in c.words], dtype=bool) | c.titled
    n = max(c.tokens, 1)
    return np.column_stack(
        [
            np.log(np.maximum(tf, 1e-3)), np.log(np.maximum(c.idf, 1e-3)), in_title, c.lead,
            np.minimum(c.first, c.tokens) / n, c.kinds, c.compound, c.strong, c.quoted, c.compound & c.kinds[:, 5],
            c.oov, c.recurring,
        ]
    ).astype(float)  # fmt: skip


def extract_keywords(
    lexicon: Lexicon,
    ids: IntArray,
    part: IntArray,
    k: int = 10,
    lead: int = LEAD,
    title: str = "",
    text: str = "",
) -> list[Keyword]:
    """The k best keywords with weights summing to at most 1, best first; ties by first occurrence.

    `ids` are the article's token ids (title first), `part` says where each token is: 0 in the
    title, i + 1 in sentence i. `title` and `text` are the headline and the whole article as text.
    Stopwords are the lexicon's. A keyword's weight is its share of the softmax of the scores.
    """
    c = keyword_candidates(lexicon, ids, part, title, text, lead)
    if not c.words or k <= 0:
        return []
    scores = features(c, title) @ ranker_weights()["title" if title.strip() else "bare"]
    share = np.exp(scores - scores.max())
    share /= share.sum()
    return [Keyword(c.words[i], round(float(share[i]), 4)) for i in choose(c, scores, k)]


def choose(c: Candidates, scores: FloatArray, k: int) -> list[int]:
    """Rows of the k best candidates, best first (ties: first seen), leaving out a word inside a
    better-ranked term or a term around one: it says the same thing again."""
    chosen: list[int] = []
    for i in np.lexsort((c.first, -scores)).tolist():
        if len(chosen) >= k:
            break
        word = c.words[i]
        if any(word in c.words[j] or c.words[j] in word for j in chosen):
            continue
        chosen.append(i)
    return chosen


# --- named entities ------------------------------------------------------------------------------


def _plausible(word: str, flag: str, kind: str) -> bool:
    """The word has the shape of a name of its kind (the dictionary's name tags are noisy)."""
    if kind == "person":
        # Plain "nr" on a two-character dictionary word is mostly a mis-tagged common word
        # (文明, 蓝图); unknown names come from the HMM, famous ones are tagged "nrfg"/"nrt".
        if flag == "nr" and has_word(word):
            if not (len(word) == 3 and word[0] in TOP_SURNAMES):
                return False
            if given_name_is_common_word(word, has_word, tag, idf_table().get):
                return False  # 高水平: 高 + 水平
        return plausible_person(word)
    if kind == "place":
        return plausible_place(word, has_word) and not stem_is_common(word, has_word, tag)
    return plausible_org(word)


def _is_entity(word: str, flag: str) -> bool:
    """A name-tagged word with the shape of a name of its kind."""
    kind = ENTITY_KINDS.get(flag)
    return kind is not None and len(word) >= 2 and not _HAS_DIGIT.search(word) and _plausible(word, flag, kind)


def _is_noun(tag: str) -> bool:
    return tag in ("n", "vn")


def _lone_surname(word: str, flag: str) -> bool:
    return len(word) == 1 and flag in PERSON_FLAGS and word in SURNAMES


def _ends_a_place_name(word: str, flag: str) -> bool:
    """What ends a place's name but is no place alone (山镇 of 张芝山镇, 市 of 启东市)."""
    return word.startswith(PLACE_UNITS) or (flag == "ns" and not plausible_place(word, has_word))


def _lone_noun_char(word: str, flag: str) -> bool:
    return len(word) == 1 and flag in _NOUN_CHAR_TAGS and is_cjk(word)


def _adverb(tag: str) -> bool:
    return tag == "d"


def _opens_smaller_place(word: str, flag: str) -> bool:
    return opens_smaller_place(word)


def _pieces_of_longer_names(lexicon: Lexicon, ids: IntArray, part: IntArray, at: IntArray) -> BoolArray:
    """Which mentions at `at` are part of a longer name, or no name at all: a "person" followed by
    what ends a place's name (张芝|山镇) or by a lone noun character (蓝菱|菱), or modified by an
    adverb (更|高水平); a place followed by the head of a smaller place's name (海港|新村)."""
    mask = lexicon.mask
    n = len(ids)
    after, before = np.minimum(at + 1, n - 1), np.maximum(at - 1, 0)
    next_same = (at + 1 < n) & (part[after] == part[at])
    previous_same = (at > 0) & (part[before] == part[at])
    here, following = ids[at], ids[after]
    person_piece = next_same & (mask(_ends_a_place_name, following) | mask(_lone_noun_char, following))
    person_piece |= previous_same & lexicon.tagged(_adverb, ids[before])
    place_piece = next_same & mask(_opens_smaller_place, following)
    pieces: BoolArray = (lexicon.tagged(_kind_person, here) & person_piece) | (
        lexicon.tagged(_kind_place, here) & place_piece
    )
    return pieces


def extract_entities(lexicon: Lexicon, ids: IntArray, part: IntArray) -> list[Entity]:
    """People, places and organizations named in the article, most mentioned first.

    `ids` and `part` are as for extract_keywords. A name-tagged word that mostly stands before
    a noun is the first half of a term (小微 in 小微企业), not a name; a mention that is part of
    a longer name is not counted; a surname the tokenizer cut from a name-like given name
    (曹|金海) is a person; one place named bare and in full (启东, 启东市) is one entry, in full;
    a dotted name is one person, with the uses of its last part (卡尔文·马斯特森, 马斯特森).
    """
    n = len(ids)
    mask = lexicon.mask
    wtext = lexicon.words
    words = lexicon.word(ids)
    # Dotted names (卡尔文·马斯特森) are people, with the uses of their short form (马斯特森);
    # no piece of them is a name of its own.
    taken = np.zeros(n, dtype=bool)
    dotted = dotted_name_uses(lexicon, ids, words, part, taken)
    at = np.flatnonzero(mask(_is_entity, ids) & ~taken)
    at = at[~_pieces_of_longer_names(lexicon, ids, part, at)]
    after = np.minimum(at + 1, n - 1)
    before_a_noun = (at + 1 < n) & (part[after] == part[at]) & lexicon.tagged(_is_noun, ids[after])
    kind = np.where(lexicon.tagged(_kind_person, ids[at]), 0, np.where(lexicon.tagged(_kind_place, ids[at]), 1, 2))
    counts: Counter[tuple[str, str]] = Counter({(name, "person"): len(uses) for name, uses in dotted.items()})
    uses: Counter[str] = Counter()
    before_noun: Counter[str] = Counter()
    kinds = ("person", "place", "org")
    for word_id, k, noun_next in zip(words[at].tolist(), kind.tolist(), before_a_noun.tolist(), strict=True):
        word = wtext[word_id]
        counts[(word, kinds[k])] += 1
        uses[word] += 1
        before_noun[word] += noun_next
    # A one-character surname cut from its given name (曹|金海/ns, 徐|惠民/nr) is a person; a
    # common word after it (校长/n) is not a given name.
    for i in np.flatnonzero(lexicon.mask(_lone_surname, ids) & ~taken).tolist():
        if i + 1 < n and part[i + 1] == part[i] and not taken[i + 1]:
            word = wtext[int(words[i])] + wtext[int(words[i + 1])]
            if lexicon.flag(int(ids[i + 1])) in _GIVEN_NAME_TAGS and plausible_person(word) and not has_word(word):
                counts[(word, "person")] += 1
                uses[word] += 1
    kept = {
        key: c for key, c in counts.items() if before_noun[key[0]] < max(2, COLLOCATION * uses[key[0]] + 1e-9)
    }
    return _ranked_entities(_merge_places(kept))


def _merge_places(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    """A place named bare and in full (启东, 启东市) counted once, under the full form, where the
    first of the two was first seen."""
    places = {name for name, kind in counts if kind == "place"}
    full = {name: f for name in places if (f := full_form(name, places))}
    if not full:
        return counts
    merged: dict[tuple[str, str], int] = {}
    for (name, kind), c in counts.items():
        key = (full.get(name, name), kind) if kind == "place" else (name, kind)
        merged[key] = merged.get(key, 0) + c
    return merged


def _ranked_entities(counts: dict[tuple[str, str], int]) -> list[Entity]:
    """Most mentioned first; a dict keeps first-seen order, so ties stay in order of first mention."""
    return [Entity(name, kind, c) for (name, kind), c in sorted(counts.items(), key=lambda kv: -kv[1])]

