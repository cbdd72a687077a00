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
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from digest.arrays import BoolArray, FloatArray, IntArray, np
from digest.cues import TOP_SURNAMES
from digest.entities import plausible_org, plausible_person, plausible_place
from digest.lexicon import Lexicon
from digest.model import Entity, Keyword
from digest.tokens import has_word

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
DOTTED_NAME = r"[\u4e00-\u9fff]{1,6}(?:·[\u4e00-\u9fff]{1,6})+"


@cache
def shipped_stopwords() -> frozenset[str]:
    text = (Path(__file__).parent / "data" / "stopwords.txt").read_text(encoding="utf-8")
    return frozenset(w for w in (line.strip() for line in text.splitlines()) if w and not w.startswith("#"))


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


def _is_compound_part(word: str, flag: str) -> bool:
    return flag in _COMPOUND_FLAGS and is_candidate(word, flag)


def _tf(count: float) -> float:
    """Sublinear term frequency: the tenth mention adds far less than the second."""
    return 1.0 + math.log(count) if count >= 1 else count


def _dotted_names(text: str) -> Counter[str]:
    """Transliterated names joined by a middle dot (蒂尔达·斯文顿), which the tokenizer splits."""
    if "·" not in text:  # most articles: skip compiling the pattern (CJK ranges cost ~1 ms each)
        return Counter()
    return Counter(re.findall(DOTTED_NAME, text))


def _is_compound_verb(word: str, flag: str) -> bool:
    """A verb that can close a term after a common noun (危险废物收集, 数据共享)."""
    return flag == "v" and is_candidate(word, "vn")


def _is_common_noun(word: str, flag: str) -> bool:
    return flag in _COMMON_NOUNS


@dataclass(frozen=True, slots=True)
class _Words:
    """An article's tokens as word ids local to it (0..len(vocab)-1), with per-token weights."""

    vocab: IntArray  # the lexicon's word id of each local word, ascending
    local: IntArray  # the local word of each token
    uses: IntArray  # tokens of each local word
    weight: FloatArray  # each token's weight: more in the lead


def _content_words(lexicon: Lexicon, ids: IntArray, stop: BoolArray, w: _Words) -> tuple[
    dict[str, float], dict[str, int], dict[str, str], dict[str, float]
]:  # fmt: skip
    """Keyword candidates in order of first use: weighted counts, first position (from 1), flag, IDF."""
    at = np.flatnonzero(lexicon.mask(is_candidate, ids) & ~stop)
    counted = np.bincount(w.local[at], weights=w.weight[at], minlength=len(w.vocab))
    seen, first_at = np.unique(w.local[at], return_index=True)
    in_order = np.argsort(at[first_at], kind="stable")
    seen, first_at = seen[in_order], at[first_at][in_order]
    names = [lexicon.words[i] for i in w.vocab[seen].tolist()]
    return (
        dict(zip(names, counted[seen].tolist(), strict=True)),
        dict(zip(names, (first_at + 1).tolist(), strict=True)),
        dict(zip(names, [lexicon.flag(i) for i in ids[first_at].tolist()], strict=True)),
        dict(zip(names, lexicon.idf(w.vocab[seen]).tolist(), strict=True)),
    )


def _recurring_pairs(
    lexicon: Lexicon, ids: IntArray, part: IntArray, stop: BoolArray, w: _Words
) -> list[tuple[tuple[int, int], int, float]]:
    """Adjacent noun pairs of one part seen twice or more, most frequent first (ties: first seen).

    Each is ((local word, local word), occurrences, weighted occurrences). A pair is a noun
    followed by a noun, or by a verb that closes a term after a common noun.
    """
    n = len(ids)
    words = w.vocab[w.local]
    head, tail = np.arange(n - 1), np.arange(1, n)
    noun = lexicon.mask(_is_compound_part, ids)
    closes = noun[tail] | (lexicon.mask(_is_compound_verb, ids)[tail] & lexicon.mask(_is_common_noun, ids)[head])
    at = np.flatnonzero(
        (part[head] == part[tail])
        & noun[head]
        & closes
        & ~stop[tail]
        & (lexicon.length(words[head]) + lexicon.length(words[tail]) <= 10)
    )
    size = len(w.vocab)
    codes, first, which, count = np.unique(
        w.local[at] * size + w.local[at + 1], return_index=True, return_inverse=True, return_counts=True
    )
    weighted = np.bincount(which.ravel(), weights=w.weight[at + 1], minlength=len(codes))
    recurring = sorted(np.flatnonzero(count >= 2).tolist(), key=lambda p: (-count[p], first[p]))
    return [(divmod(int(codes[p]), size), int(count[p]), float(weighted[p])) for p in recurring]


def extract_keywords(
    lexicon: Lexicon,
    ids: IntArray,
    part: IntArray,
    k: int = 10,
    lead: int = 3,
    title: str = "",
    text: str = "",
) -> list[Keyword]:
    """The k best keywords with weights summing to at most 1, best first; ties by first occurrence.

    `ids` are the article's token ids (title first), `part` says where each token is: 0 in the
    title, i + 1 in sentence i. `title` and `text` are the headline and the whole article as text.
    Stopwords are the lexicon's.
    """
    n = len(ids)
    words = lexicon.word(ids)
    stop = lexicon.stop(words)
    vocab, local = np.unique(words, return_inverse=True)
    local = local.ravel()
    # Occurrences weighted by where they are: the headline counts most, the lead a little more.
    weight = np.where((part > 0) & (part <= lead), 1.0 + LEAD_BOOST, 1.0)
    w = _Words(vocab, local, np.bincount(local, minlength=len(vocab)), weight)
    counts, first, flags, idf = _content_words(lexicon, ids, stop, w)
    # Recurring noun pairs that make up at least half of each word's uses are one term
    # (小微企业 when 小微 rarely stands alone, not a frequent word with whatever follows it);
    # the words they are made of lose those occurrences.
    terms: dict[str, tuple[float, float]] = {}  # term -> (weighted count, idf)
    in_term: set[int] = set()
    for pair, together, tf in _recurring_pairs(lexicon, ids, part, stop, w):
        # A word belongs to one term at most: of 国投新能源 and 新能源投资 the more frequent wins.
        if not all(together >= COLLOCATION * w.uses[i] for i in pair) or in_term.intersection(pair):
            continue
        in_term.update(pair)
        pair_words = [lexicon.words[i] for i in vocab[list(pair)].tolist()]
        term = "".join(pair_words)
        terms[term] = (tf, float(lexicon.idf(vocab[list(pair)]).max()))
        first.setdefault(term, min(first.get(x, n) for x in pair_words))
        flags.setdefault(term, "n")
        for x in pair_words:
            if x in counts:
                counts[x] -= tf
    stopwords = lexicon.stopwords
    for name, c in _dotted_names(text).items():
        if name not in stopwords:
            terms[name] = (float(c), lexicon.table.median)
            first.setdefault(name, text.find(name))
            flags[name] = "nr"
    for name in TITLE_QUOTE.findall(title):
        if name not in stopwords and not _HAS_DIGIT.search(name) and len(name) >= 2:
            terms[name] = (float(max(text.count(name), 1)), max(lexicon.table.get(name), lexicon.table.median))
            first.setdefault(name, 0)
            flags[name] = "nz"
    scores: dict[str, float] = {}
    for word, count in counts.items():
        if count > 0:
            scores[word] = _tf(count) * idf[word]
    for term, (count, term_idf) in terms.items():
        if count > 0 and term not in stopwords:
            scores[term] = _tf(count) * term_idf
    for word in scores:
        if flags.get(word) in NAME_FLAGS:
            scores[word] *= NAME_BOOST
        if word in title:
            scores[word] *= TITLE_BOOST
    ranked = sorted(scores.items(), key=lambda kv: (-kv[1], first.get(kv[0], n)))
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


def _plausible(word: str, flag: str, kind: str) -> bool:
    """The word has the shape of a name of its kind (the dictionary's name tags are noisy)."""
    if kind == "person":
        # Plain "nr" on a two-character dictionary word is mostly a mis-tagged common word
        # (文明, 蓝图); unknown names come from the HMM, famous ones are tagged "nrfg"/"nrt".
        if flag == "nr" and has_word(word) and not (len(word) == 3 and word[0] in TOP_SURNAMES):
            return False
        return plausible_person(word)
    if kind == "place":
        return plausible_place(word, has_word)
    return plausible_org(word)


def _is_entity(word: str, flag: str) -> bool:
    """A name-tagged word with the shape of a name of its kind."""
    kind = ENTITY_KINDS.get(flag)
    return kind is not None and len(word) >= 2 and not _HAS_DIGIT.search(word) and _plausible(word, flag, kind)


def _is_noun(word: str, flag: str) -> bool:
    return flag in ("n", "vn")


def extract_entities(lexicon: Lexicon, ids: IntArray, part: IntArray) -> list[Entity]:
    """People, places and organizations named in the article, most mentioned first.

    `ids` and `part` are as for extract_keywords. A name-tagged word that mostly stands before
    a noun is the first half of a term (小微 in 小微企业), not a name.
    """
    at = np.flatnonzero(lexicon.mask(_is_entity, ids))
    after = np.minimum(at + 1, len(ids) - 1)
    before_a_noun = (at + 1 < len(ids)) & (part[after] == part[at]) & lexicon.mask(_is_noun, ids)[after]
    counts: Counter[tuple[str, str]] = Counter()
    uses: Counter[str] = Counter()
    before_noun: Counter[str] = Counter()
    for token, word_id, noun_next in zip(
        ids[at].tolist(), lexicon.word(ids[at]).tolist(), before_a_noun.tolist(), strict=True
    ):
        word = lexicon.words[word_id]
        counts[(word, ENTITY_KINDS[lexicon.flag(token)])] += 1
        uses[word] += 1
        before_noun[word] += noun_next
    # Counter keeps first-seen order, so equal counts stay in order of first mention.
    ranked = sorted(
        (item for item in counts.items() if before_noun[item[0][0]] < max(2, COLLOCATION * uses[item[0][0]] + 1e-9)),
        key=lambda kv: -kv[1],
    )
    return [Entity(name, kind, count) for (name, kind), count in ranked]
