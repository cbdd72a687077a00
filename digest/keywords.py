"""Keywords and named entities of one article, from its tagged tokens.

TF-IDF over content words (nouns, names, places, organizations, verbal nouns) with jieba's IDF
table; words of the headline and of the lead weigh more; names weigh more; a shipped stoplist
of generic official-news words (plus the user's) is left out; adjacent nouns that recur
together are kept whole as one term (小微企业, 危险废物收集).
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache
from pathlib import Path

from digest.entities import plausible_org, plausible_person, plausible_place
from digest.model import Entity, Keyword
from digest.tokens import IdfTable, has_word

Token = tuple[str, str]

# POS flags (jieba.posseg) of words that can be keywords.
NOUN_FLAGS = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "vn", "eng", "an", "j", "l", "nw"})
NAME_FLAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz", "eng"})
ENTITY_KINDS = {"nr": "person", "nrfg": "person", "nrt": "person", "ns": "place", "nt": "org"}
# Words a compound may be built from: nouns and verbal nouns, never names of people.
_COMMON_NOUNS = frozenset({"n", "nz"})
_COMPOUND_FLAGS = frozenset({"n", "nz", "vn", "ns", "nt", "nr", "j", "l", "an", "eng"})

TITLE_BOOST = 5.0  # multiplier for words of the headline: what the editor chose to say
LEAD_BOOST = 0.5  # extra weight for words of the first sentences
NAME_BOOST = 1.5  # multiplier for names of people, places, organizations and brands
COLLOCATION = 0.5  # share of a word's uses inside a pair for the pair to be one term
TITLE_QUOTE = re.compile(r"《([^《》]{1,12})》")
_WORD = re.compile(r"^[\w·\-]+$")
_HAS_DIGIT = re.compile(r"\d")
DOTTED_NAME = re.compile(r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6})+")


@cache
def shipped_stopwords() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


@lru_cache(maxsize=65536)
def is_candidate(word: str, flag: str) -> bool:
    """A content word: a noun-like flag, two characters or more, no digits, no punctuation."""
    if flag not in NOUN_FLAGS or len(word) < 2 or not _WORD.match(word) or _HAS_DIGIT.search(word):
        return False
    if word.isascii() and (flag != "eng" or len(word) < 3):
        return False
    return not any(unicodedata.category(ch).startswith("N") for ch in word)


@lru_cache(maxsize=65536)
def _is_compound_part(word: str, flag: str) -> bool:
    return flag in _COMPOUND_FLAGS and is_candidate(word, flag)


def _is_compound_tail(word: str, flag: str, head_flag: str) -> bool:
    """A noun continues a term; a verb can close one after a common noun (危险废物收集, 数据共享)."""
    if _is_compound_part(word, flag):
        return True
    return flag == "v" and head_flag in _COMMON_NOUNS and is_candidate(word, "vn")


@lru_cache(maxsize=16)
def _stopset(extra: frozenset[str]) -> frozenset[str]:
    return shipped_stopwords() | extra


def _tf(count: float) -> float:
    """Sublinear term frequency: the tenth mention adds far less than the second."""
    return 1.0 + math.log(count) if count >= 1 else count


def _dotted_names(text: str) -> Counter[str]:
    """Transliterated names joined by a middle dot (蒂尔达·斯文顿), which the tokenizer splits."""
    return Counter(DOTTED_NAME.findall(text))


def extract_keywords(
    title: Sequence[Token],
    sentences: Sequence[Sequence[Token]],
    idf: IdfTable,
    k: int = 10,
    stopwords: Iterable[str] = (),
    lead: int = 3,
    text: str | None = None,
) -> list[Keyword]:
    """The k best keywords with weights summing to at most 1, best first; ties by first occurrence.

    `text` is the headline and body as one string (rebuilt from the tokens when not given).
    """
    get_idf = idf.get
    stop = _stopset(frozenset(stopwords))
    parts = [list(title), *map(list, sentences)]
    # Occurrences weighted by where they are: the headline counts most, the lead a little more.
    where = [1.0] + [1.0 + (LEAD_BOOST if i < lead else 0.0) for i in range(len(sentences))]
    counts: dict[str, float] = defaultdict(float)
    uses: Counter[str] = Counter()
    pairs: dict[tuple[str, str], float] = defaultdict(float)  # adjacent noun pairs, weighted like words
    pair_n: Counter[tuple[str, str]] = Counter()
    first: dict[str, int] = {}
    flags: dict[str, str] = {}
    order = 0
    for weight, tokens in zip(where, parts, strict=True):
        prev: tuple[str, str] | None = None
        for word, flag in tokens:
            order += 1
            uses[word] += 1
            part = _is_compound_part(word, flag)
            if (
                prev is not None
                and _is_compound_tail(word, flag, prev[1])
                and word not in stop
                and len(prev[0]) + len(word) <= 10
            ):
                pairs[(prev[0], word)] += weight
                pair_n[(prev[0], word)] += 1
            prev = (word, flag) if part else None
            if not is_candidate(word, flag) or word in stop:
                continue
            counts[word] += weight
            if word not in first:
                first[word] = order
                flags[word] = flag
    # Recurring noun pairs that make up at least half of each word's uses are one term
    # (小微企业 when 小微 rarely stands alone, not a frequent word with whatever follows it);
    # the words they are made of lose those occurrences.
    terms: dict[str, tuple[float, float]] = {}  # term -> (weighted count, idf)
    in_term: set[str] = set()
    for words, n in sorted(pair_n.items(), key=lambda kv: -kv[1]):
        # A word belongs to one term at most: of 国投新能源 and 新能源投资 the more frequent wins.
        if n < 2 or not all(n >= COLLOCATION * uses[w] for w in words) or in_term.intersection(words):
            continue
        in_term.update(words)
        tf = pairs[words]
        term = "".join(words)
        terms[term] = (tf, max(get_idf(w) for w in words))
        first.setdefault(term, min(first.get(w, order) for w in words))
        flags.setdefault(term, "n")
        for w in words:
            if w in counts:
                counts[w] -= tf
    if text is None:
        text = "".join(w for tokens in parts for w, _ in tokens)
    for name, c in _dotted_names(text).items():
        if name not in stop:
            terms[name] = (float(c), idf.median)
            first.setdefault(name, text.find(name))
            flags[name] = "nr"
    title_text = "".join(w for w, _ in title)
    for name in TITLE_QUOTE.findall(title_text):
        if name not in stop and not _HAS_DIGIT.search(name) and len(name) >= 2:
            terms[name] = (float(max(text.count(name), 1)), max(get_idf(name), idf.median))
            first.setdefault(name, 0)
            flags[name] = "nz"
    scores: dict[str, float] = {}
    for word, count in counts.items():
        if count > 0:
            scores[word] = _tf(count) * get_idf(word)
    for term, (count, weight) in terms.items():
        if count > 0 and term not in stop:
            scores[term] = _tf(count) * weight
    for word in scores:
        if flags.get(word) in NAME_FLAGS:
            scores[word] *= NAME_BOOST
        if word in title_text:
            scores[word] *= TITLE_BOOST
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], first.get(kv[0], order)))
    chosen: list[tuple[str, float]] = []
    for word, score in ranked:
        if len(chosen) >= k:
            break
        # A word inside a better-ranked term, or a term around one, says the same thing again.
        if any(word in c or c in word for c, _ in chosen):
            continue
        chosen.append((word, score))
    total = sum(scores.values()) or 1.0
    return [Keyword(word, round(s / total, 4)) for word, s in chosen]


# The twenty commonest surnames: a three-character dictionary "nr" word starting with one is
# far more often a person (王建国) than a mis-tagged common word.
_TOP_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗")


@lru_cache(maxsize=65536)
def _plausible(word: str, flag: str, kind: str) -> bool:
    """The word has the shape of a name of its kind (the dictionary's name tags are noisy)."""
    if kind == "person":
        # Plain "nr" on a two-character dictionary word is mostly a mis-tagged common word
        # (文明, 蓝图); unknown names come from the HMM, famous ones are tagged "nrfg"/"nrt".
        if flag == "nr" and has_word(word) and not (len(word) == 3 and word[0] in _TOP_SURNAMES):
            return False
        return plausible_person(word)
    if kind == "place":
        return plausible_place(word, has_word)
    return plausible_org(word)


def extract_entities(sentences: Sequence[Sequence[Token]], title: Sequence[Token] = ()) -> list[Entity]:
    """People, places and organizations named in the article, most mentioned first.

    A name-tagged word that mostly stands before a noun is the first half of a term
    (小微 in 小微企业), not a name.
    """
    counts: Counter[tuple[str, str]] = Counter()
    uses: Counter[str] = Counter()
    before_noun: Counter[str] = Counter()
    for tokens in [title, *sentences]:
        for i, (word, flag) in enumerate(tokens):
            kind = ENTITY_KINDS.get(flag)
            if kind is None or len(word) < 2 or _HAS_DIGIT.search(word) or not _plausible(word, flag, kind):
                continue
            counts[(word, kind)] += 1
            uses[word] += 1
            if i + 1 < len(tokens) and tokens[i + 1][1] in ("n", "vn"):
                before_noun[word] += 1
    # Counter keeps first-seen order, so equal counts stay in order of first mention.
    ranked = sorted(
        (item for item in counts.items() if before_noun[item[0][0]] < max(2, COLLOCATION * uses[item[0][0]] + 1e-9)),
        key=lambda kv: -kv[1],
    )
    return [Entity(name, kind, count) for (name, kind), count in ranked]
