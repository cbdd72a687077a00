"""Names the tokenizer does not give whole, found on the article's text and tokens.

- Titles in 《》 of works and documents, digits and all (《复仇者联盟3》).
- Transliterated names joined by a middle dot (卡尔文·马斯特森, 杰森・斯坦森), cut where the
  name begins and ends, one name however the dot is written, with their short form (马斯特森).
- Names no dictionary knows, which the tokenizer cuts into pieces and not always the same ones
  (迪丽|热巴, 而迪丽|热巴; 以太|坊), found by their recurrence.

Plain functions of (lexicon, token ids, word ids, part numbers, text); `digest.keywords` makes
keyword candidates of what they find and `extract_entities` puts dotted names in the index.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache, lru_cache
from itertools import accumulate

from digest.arrays import BoolArray, IntArray, np
from digest.cues import NUMERAL_CHARS
from digest.entities import plausible_person
from digest.lexicon import Lexicon
from digest.tokens import has_word, tag

# POS flags (jieba.posseg) of names, and of people's names.
NAME_FLAGS = frozenset({"nr", "nrfg", "nrt", "ns", "nt", "nz", "eng"})
PERSON_FLAGS = frozenset({"nr", "nrfg", "nrt"})
# Flags of a single character that alone is a function word: 及, 其, 的, 了, 这.
FUNCTION_TAGS = frozenset({"p", "c", "u", "uj", "ul", "uz", "ug", "uv", "ud", "r", "d", "m", "q", "y", "e", "o"})

TITLE_QUOTE = re.compile(r"《([^《》]{1,12})》")
_DIGIT = re.compile(r"\d")
NAME_DOTS = "·・•‧∙"  # the middle dots pages join the parts of a transliterated name with
MAX_DOTTED_CHARS = 20
_ONE_DOT = str.maketrans({dot: "·" for dot in NAME_DOTS})
MAX_NAME_CHARS = 6  # a name found by its recurrence alone (莎依娜拉) is at most this long
NAME_RECURS = 3  # ... and occurs at least this often
_NAME_USES_LOOKED_AT = 3  # the first uses of a piece that a name around it is looked for in
# Tags of a lone character that may be a piece of a name the tokenizer does not know (泰坦|币/n,
# 易|烊/x|千玺): nouns, names, characters it could not tag; never a verb (说 after a name).
_PIECE_CHAR_TAGS = frozenset({"n", "ng", "nr", "nrt", "nz", "x", "zg", "j"})
# Characters that end a phrase of time or place rather than a name (工作时, 大学时).
_AFTER_WORD_CHARS = frozenset("时中内后前上下里外间")


def is_cjk(text: str) -> bool:
    """Chinese characters only (the basic block)."""
    return all("\u4e00" <= ch <= "\u9fff" for ch in text)


@cache
def function_char(ch: str) -> bool:
    """A character that alone is a function word (及, 其, 的)."""
    return tag(ch)[0][1] in FUNCTION_TAGS


def chinese_full_name(word: str, flag: str) -> bool:
    """Surname and given name, three characters: it never forms a term with a common word."""
    return flag in PERSON_FLAGS and len(word) == 3 and is_cjk(word) and plausible_person(word)


def _dotted_names(lexicon: Lexicon, ids: IntArray, words: IntArray, part: IntArray) -> dict[str, list[int]]:
    """Transliterated names joined by a middle dot (蒂尔达·斯文顿, 杰森・斯坦森), which the
    tokenizer splits, as the text writes them, each with the token positions of its uses (first
    and last token, inclusive, in pairs). Each side of a dot runs over the tokens a name is made
    of, in its sentence: names, words the dictionary lacks and lone characters; it stops at a
    common word before it (球星|卡尔文·…) and at a verb, localizer or function word after it
    (…·马斯特森|表示, …·斯文顿|与)."""
    dots = set(np.flatnonzero(lexicon.mask(_name_dot, ids)).tolist())
    if not dots:
        return {}
    wtext, n = lexicon.words, len(ids)

    def piece(k: int, before: bool, next_to_dot: bool) -> bool:
        return _name_piece(wtext[int(words[k])], lexicon.flag(int(ids[k])), before, next_to_dot)

    found: dict[str, list[int]] = {}
    written: dict[str, str] = {}
    done: set[int] = set()
    for i in sorted(dots):
        if i in done or i == 0:
            continue
        lo = i  # the word next to a dot is part of the name whatever its tag (大卫/n·桑|德伯格)
        while lo > 0 and part[lo - 1] == part[i] and piece(lo - 1, True, lo == i):
            lo -= 1
        hi = j = i
        while j in dots and part[j] == part[i]:  # every dot of the name (玛丽·安·史密斯)
            done.add(j)
            hi = j + 1
            while hi < n and part[hi] == part[i] and piece(hi, False, hi == j + 1):
                hi += 1
            j = hi
        if lo < i and hi > i + 1 and hi - 1 not in dots:
            name = "".join(wtext[int(w)] for w in words[lo:hi].tolist())
            if len(name) <= MAX_DOTTED_CHARS:
                # One name however its dots are written (杰森・斯坦森, 杰森·斯坦森): as first written.
                found.setdefault(written.setdefault(name.translate(_ONE_DOT), name), []).extend((lo, hi - 1))
    return found


def dotted_name_uses(
    lexicon: Lexicon, ids: IntArray, words: IntArray, part: IntArray, taken: BoolArray
) -> dict[str, list[int]]:
    """Each dotted name with the first token of each of its uses, in full (卡尔文·马斯特森) and by
    its short form (马斯特森, cut or not: 马|斯特森): one person. The tokens of all those uses are
    marked in `taken`: no other name or term is made of them."""
    found = _dotted_names(lexicon, ids, words, part)
    for ends in found.values():
        for lo, hi in zip(ends[::2], ends[1::2], strict=True):
            taken[lo : hi + 1] = True
    wtext = lexicon.words
    return {
        name: sorted(ends[::2] + _mark_uses(wtext, words, part, short_form(name), taken))
        for name, ends in found.items()
    }


def _name_dot(word: str, flag: str) -> bool:
    return word in NAME_DOTS


def _name_piece(word: str, flag: str, before: bool, next_to_dot: bool) -> bool:
    """A token a transliterated name may be made of: the word next to a dot, a name, a word the
    dictionary lacks (before a dot), or one character (马|斯特森, 蒂尔|达, 斯文|顿); after a dot,
    no lone verb, localizer, numeral or function word (…·杜兰特|说, …·斯文顿|与)."""
    if not is_cjk(word) or word in NAME_DOTS:
        return False
    if flag in NAME_FLAGS or (before and not has_word(word)):
        return True
    if next_to_dot:
        return len(word) > 1 or not function_char(word)
    if len(word) != 1:
        return False
    return before or flag == "q" or not (flag[:1] in ("v", "f") or flag in FUNCTION_TAGS)


def work_titles(text: str) -> dict[str, None]:
    """The titles in 《》 (a film, a show, a book, a document), in order: each a name, whole,
    digits and all (复仇者联盟3); not one that is mostly digits (《2024》)."""
    if "《" not in text:
        return {}
    return {
        name: None for name in TITLE_QUOTE.findall(text)
        if len(name) >= 2 and len(_DIGIT.sub("", name)) >= 2 and name.strip() == name
    }  # fmt: skip


def _unsure_piece(word: str, flag: str) -> bool:
    """A token that may be a piece of a name the tokenizer does not know: a word its dictionary
    lacks (莎依, 而迪丽), or a lone character of a noun or name, or one it could not tag (泰坦|币,
    易|烊|千玺)."""
    if not is_cjk(word):
        return False
    if len(word) == 1:
        return flag in _PIECE_CHAR_TAGS
    return flag != "x" and not has_word(word)


def recurring_names(lexicon: Lexicon, ids: IntArray, words: IntArray, part: IntArray, text: str) -> dict[str, int]:
    """Names the tokenizer does not know and cuts into pieces, not always the same ones
    (莎依|娜拉, 而莎依|娜拉; 泰坦|币), found by their recurrence in the text: a string of
    3-MAX_NAME_CHARS Chinese characters around such a piece that the dictionary lacks, that
    occurs at least NAME_RECURS times, each time with varied characters before and after it (so
    it is whole, not a piece of a longer string), that opens a token in one use and closes one in
    one use (the tokenizer's cuts are respected somewhere), and that has a noun's shape
    (`_noun_shaped`). Each name with its count.
    """
    unsure = np.flatnonzero(lexicon.mask(_unsure_piece, ids))
    if not len(unsure):
        return {}
    wtext = lexicon.words
    # Only pieces that recur themselves, and a few uses of each: a name needs NAME_RECURS uses.
    uses: dict[int, list[int]] = {}
    word_at, part_at = words.tolist(), part.tolist()  # plain lists: one item at a time below
    for i in unsure.tolist():
        uses.setdefault(word_at[i], []).append(i)
    aligned: dict[str, tuple[bool, bool]] = {}  # name -> (opens a token somewhere, closes one somewhere)
    n = len(ids)
    seen: dict[str, bool] = {}

    def recurs(sub: str) -> bool:
        found = seen.get(sub)
        if found is None:
            found = seen[sub] = text.count(sub) >= NAME_RECURS
        return found

    for w, where in uses.items():
        if len(where) < 2 or (len(where) < NAME_RECURS and text.count(wtext[w]) < NAME_RECURS):
            continue
        piece = wtext[w]
        for i in where[:_NAME_USES_LOOKED_AT]:
            # A name around the piece takes in the character before it or the one after it, and
            # recurs with it: most uses end here.
            before = wtext[word_at[i - 1]][-1] + piece if i and part_at[i - 1] == part_at[i] else ""
            after = piece + wtext[word_at[i + 1]][0] if i + 1 < n and part_at[i + 1] == part_at[i] else ""
            if not (before and recurs(before)) and not (after and recurs(after)):
                continue
            lo, hi = i, i + 1  # tokens around the piece, in its sentence
            while lo > 0 and i - lo < 2 and part_at[lo - 1] == part_at[i]:
                lo -= 1
            while hi < n and hi - i < 3 and part_at[hi] == part_at[i]:
                hi += 1
            pieces = [wtext[x] for x in word_at[lo:hi]]
            cuts = set(accumulate((len(p) for p in pieces), initial=0))  # token bounds
            start = sum(len(p) for p in pieces[: i - lo])
            local = "".join(pieces)
            end = start + len(pieces[i - lo])
            # Strings of Chinese characters around the piece that recur, grown outwards: a
            # string that does not recur has no longer one that does. Only strings that open or
            # close a token here are kept: one that does neither here does so at another use.
            for a in range(start, max(0, end - MAX_NAME_CHARS) - 1, -1):
                if a < start and (not is_cjk(local[a]) or not recurs(local[a:end])):
                    break
                for b in range(end, min(len(local), a + MAX_NAME_CHARS) + 1):
                    if b > end and (not is_cjk(local[b - 1]) or not recurs(local[a:b])):
                        break
                    if b - a >= 3 and (a in cuts or b in cuts):
                        opens, closes = aligned.get(local[a:b], (False, False))
                        aligned[local[a:b]] = (opens or a in cuts, closes or b in cuts)
    # A name opens a token in one use at least and closes one in one use at least (not 危废|收 of
    # 危废|收集 and 危废|收运).
    return {
        name: text.count(name) for name, (opens, closes) in aligned.items()
        if opens and closes and _whole_in(name, text) and not has_word(name) and _noun_shaped(name)
    }  # fmt: skip


@lru_cache(maxsize=4096)
def _noun_shaped(name: str) -> bool:
    """A string that may be a name, as the tokenizer reads it alone: no function word, measure,
    numeral or verb inside (组的比赛, 每个人, 拿下周琦, 李正亮说, 尖椒去籽); it does not end in a
    word of place or time (工作时, 头以上); and it is no person's full name with a word added
    (导演毛卫宁)."""
    tokens = tag(name)
    flags = [f for _, f in tokens]
    if any(f in FUNCTION_TAGS or f == "v" for f in flags) or flags[0] == "zg" or flags[-1][:1] in ("v", "f", "t"):
        return False
    if name[-1] in _AFTER_WORD_CHARS:
        return False
    return len(tokens) == 1 or not any(chinese_full_name(w, f) for w, f in tokens)


def _may_overlap(word: str, name: str) -> bool:
    """Whether `word` can stand across `name` in a text: one inside the other, or an end of one
    the other's start (而莎依 and 莎依娜拉)."""
    if word in name or name in word:
        return True
    return any(name.startswith(word[k:]) or name.endswith(word[: len(word) - k]) for k in range(1, len(word)))


def _spans(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    """Where each of `names` occurs in `text`: (start, end) of every occurrence."""
    out = []
    for name in names:
        at = text.find(name)
        while at >= 0:
            out.append((at, at + len(name)))
            at = text.find(name, at + 1)
    return out


def _whole_in(name: str, text: str) -> bool:
    """`name` occurs NAME_RECURS times or more, with two different characters or more before it
    and after it, never after a numeral (两|条河流: a measure word opens it), and no function word
    at either end."""
    if text.count(name) < NAME_RECURS or function_char(name[0]) or function_char(name[-1]):
        return False
    uses = _spans(text, [name])
    before = [text[s - 1] if s else "" for s, _ in uses]
    if any(ch.isdigit() or (ch and ch in NUMERAL_CHARS) for ch in before):
        return False
    return len(set(before)) >= 2 and len({text[e : e + 1] for _, e in uses}) >= 2


def short_form(name: str) -> str:
    """The last part of a dotted name (马斯特森 of 卡尔文·马斯特森), by which an article names the
    person again."""
    return name.translate(_ONE_DOT).rsplit("·", 1)[-1]


def pieces_of(names: Iterable[str], words: list[str], text: str) -> list[bool]:
    """For each of `words`: does it only ever stand across one of `names` in `text` (莎依 and
    而莎依 of 莎依娜拉)? Then it is a piece of that name."""
    names = list(names)
    covered = bytearray(len(text))  # 1 where one of the names stands
    for s, e in _spans(text, names):
        covered[s:e] = b"\x01" * (e - s)
    in_names = set("".join(names))
    out = []
    for word in words:
        piece = False
        if word not in names and not in_names.isdisjoint(word) and any(_may_overlap(word, n) for n in names):
            own = _spans(text, [word])
            piece = bool(own) and all(1 in covered[a:b] for a, b in own)
        out.append(piece)
    return out


def _mark_uses(wtext: list[str], words: IntArray, part: IntArray, name: str, taken: BoolArray) -> list[int]:
    """The first tokens of the uses of `name` as whole tokens (one or several, in one sentence)
    outside `taken`; those tokens are marked taken. For a short form the tokenizer may cut
    (马|斯特森)."""
    if len(name) < 2:
        return []
    found = []
    n = len(words)
    word_at = words.tolist()
    opening = {w for w in set(word_at) if name.startswith(wtext[w])}
    for i in [i for i, w in enumerate(word_at) if w in opening]:
        if taken[i]:
            continue
        j, joined = i, ""
        while j < n and not taken[j] and part[j] == part[i] and len(joined) < len(name):
            joined += wtext[word_at[j]]
            j += 1
        if joined == name:
            taken[i:j] = True
            found.append(i)
    return found
