"""Step 2, roles: every line gets a role (head, body, byline, jump marker, label, furniture) from its
shape, then the roles that depend on the neighbours are fixed.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from dataclasses import dataclass
from itertools import accumulate

from digest.page import learned
from digest.page.bylines import has_role_word, parse_byline
from digest.page.heads import first_sentence, is_label
from digest.page.lines import (
    CLAUSE_COMMA,
    COLUMN_TAG,
    COMMENTARY_LABEL,
    CREDIT_LINE,
    DATELINE,
    END_NOTE,
    FURNITURE_LINE,
    INNER_STOP,
    JUMP,
    LEAD_INS,
    MAX_FRAGMENT_HEAD,
    MAX_LEADIN_HEAD,
    NEWS_LEAD,
    SIGNED_ON,
    WHOLE_PAREN,
    bucket,
    could_be_headline,
    echo,
    ends_sentence,
    han_pairs,
    is_body_label,
    looks_like_prose,
)

HEAD, BODY, BYLINE, JUMP_FROM, JUMP_TO, LABEL, JUNK = "head", "body", "byline", "from", "to", "label", "junk"
END = "end"  # a note in parentheses that closes an article
CREDIT = "credit"  # a photo or editing credit: no part of the text, and it ends nothing


@dataclass(frozen=True, slots=True)
class Block:
    """One non-empty line of the page with its role."""

    text: str
    role: str
    label: str | None = None  # page label of a jump marker
    cut: bool = False  # head-shaped, but taken for the first half of a sentence a column break cut


def jump_label(line: str) -> tuple[str, str] | None:
    """(role, page label) when the whole line is a jump marker."""
    m = JUMP.fullmatch(line.strip())
    if m is None:
        return None
    verb = m.group(1) or m.group(3)
    label = (m.group(2) or m.group(4)).upper()
    return (JUMP_TO if "转" in verb else JUMP_FROM), label


def classify(lines: list[str]) -> list[Block]:
    """Give every line a role from its shape, then fix the roles that depend on neighbours."""
    return fix_roles(mark_fragments(shape_roles(lines)))


def shape_roles(lines: list[str]) -> list[Block]:
    """Every line's role from its own shape."""
    blocks: list[Block] = []
    for line in lines:
        jump = jump_label(line)
        if jump is not None:
            blocks.append(Block(line, jump[0], jump[1]))
        elif FURNITURE_LINE.match(line):  # every branch is anchored at the start
            blocks.append(Block(line, JUNK))
        elif COMMENTARY_LABEL.match(line):
            blocks.append(Block(line, LABEL))
        elif parse_byline(line, bare_ok=True) is not None:
            blocks.append(Block(line, BYLINE))
        elif len(line) <= MAX_FRAGMENT_HEAD + 8 and CREDIT_LINE.search(line) and not INNER_STOP.search(line):
            blocks.append(Block(line, CREDIT))
        elif could_be_headline(line):
            blocks.append(Block(line, HEAD))
        else:
            blocks.append(Block(line, BODY))
    return blocks


def fix_roles(blocks: list[Block]) -> list[Block]:
    """Roles that depend on the neighbours, decided line by line in page order."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        prev = out[-1] if out else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        for rule in ROLE_RULES:
            b = rule(b, prev, nxt, blocks, i)
        out.append(b)
    return out


def bare_byline_needs_body(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A bare name line (方某 许某) only signs an article that has a body right above it, or a
    piece whose one-line title is right above it and body right below (让科学教育更科学 / 姚建欣)."""
    under_title = (
        prev is not None and prev.role == HEAD and nxt is not None and nxt.role == BODY
        and (i < 2 or blocks[i - 2].role != HEAD) and len("".join(b.text.split())) <= 3
    )  # fmt: skip
    if b.role == BYLINE and not has_role_word(b.text) and (prev is None or prev.role != BODY) and not under_title:
        return Block(b.text, HEAD if could_be_headline(b.text) else BODY)
    return b


def prose_after_body(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A long or comma-laden head-shaped line after body text is body text: always after an
    unfinished paragraph, else unless a head line or a dateline paragraph follows it."""
    if b.role != HEAD or prev is None or prev.role != BODY or not looks_like_prose(b.text):
        return b
    titled = (nxt is not None and nxt.role == HEAD) or heads_dateline(blocks, i)
    return Block(b.text, BODY) if not ends_sentence(prev.text) or not titled else b


def source_after_body(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """——某某 after body text is a quotation's source; a ——subtitle follows a title."""
    if b.role == HEAD and prev is not None and prev.role == BODY and b.text.startswith("——"):
        return Block(b.text, BODY)
    return b


def lead_in_under_column_title(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """Under a title, a long line of clauses is the body's lead-in (shorter ones count under a
    title closed by a column tag such as （人民时评））."""
    if b.role != HEAD or prev is None or prev.role != HEAD or b.text.startswith("——"):
        return b
    if not CLAUSE_COMMA.search(b.text) or nxt is None or nxt.role != BODY or heads_dateline(blocks, i):
        return b
    limit = MAX_LEADIN_HEAD if COLUMN_TAG.search(prev.text) else MAX_FRAGMENT_HEAD - 2
    return Block(b.text, BODY) if len(b.text) > limit else b


def closing_note(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """(作者为…), (本报记者…参与采写), (本报迪拜8月3日电), (通讯员 某某), and after body text a name
    alone, (某某), end an article."""
    if b.role != BODY or not WHOLE_PAREN.match(b.text):
        return b
    if END_NOTE.search(b.text) or parse_byline(b.text.strip()[1:-1], bare_ok=False) is not None:
        return Block(b.text, END)
    if prev is not None and prev.role == BODY and parse_byline(b.text.strip()[1:-1], bare_ok=True) is not None:
        return Block(b.text, END)  # a short item signed with the reporter's name alone: （赵展慧）
    return b


def lead_in_line(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A kicker (某某—— / 外交部发言人：) is followed by its title; between body paragraphs such a
    line introduces a speaker or a section inside the article, and under a headline a line ending
    with a colon right above the text is its salutation (某某同学们：)."""
    if b.role != HEAD or not b.text.endswith(LEAD_INS) or nxt is None or nxt.role != BODY or prev is None:
        return b
    if prev.role == BODY or (prev.role == HEAD and b.text.endswith(("：", ":")) and not DATELINE.match(nxt.text)):
        return Block(b.text, BODY)
    return b


# Paired marks: a line that opens one and does not close it breaks off inside a quotation.
PAIRS = (("“", "”"), ("（", "）"), ("(", ")"), ("《", "》"), ("‘", "’"))
# Length buckets of a line, in characters.
LENGTHS = (4, 8, 12, 16, 24, 32, 48)
FIRST_STOP = re.compile(r"[。！？!?]")


# Marks that go on a clause: a line opening with one continues the line above.
GOES_ON = "，、；：,;:”’）)》"
# Lines either side of a break whose text tells which pairs of characters run on inside words.
NEAR = 30
# Sub-headings of one series differ in length by this many characters at most.
SERIES_SPREAD = 3


class Surroundings:
    """What the lines around each line of a page are, computed once per page: their text (for the
    pairs of characters a page prints inside its lines) and the head-shaped lines by length (for
    sub-heading series)."""

    def __init__(self, blocks: list[Block]) -> None:
        self.blocks = blocks
        self.text = "\n".join(b.text for b in blocks)
        self.starts = [0, *accumulate(len(b.text) + 1 for b in blocks)]
        self.heads: dict[int, list[int]] = {}  # length -> indices of head-shaped lines, ascending
        self.placed: dict[int, list[int]] = {}  # the same, of those with text above and below
        last = len(blocks) - 1
        for j in [j for j, b in enumerate(blocks) if b.role == HEAD]:
            n = len(blocks[j].text)
            self.heads.setdefault(n, []).append(j)
            if 0 < j < last and blocks[j - 1].role == BODY == blocks[j + 1].role:
                self.placed.setdefault(n, []).append(j)

    def near(self, i: int) -> str:
        """The text of the lines around line i, one line apart from the next (no pair spans two
        lines)."""
        lo, hi = max(0, i - NEAR), min(len(self.blocks), i + NEAR + 2)
        return self.text[self.starts[lo] : self.starts[hi - 1] + len(self.blocks[hi - 1].text)]

    @staticmethod
    def _count(indices: list[int], i: int) -> int:
        """How many of the indices lie within NEAR lines of i, i itself left out."""
        n = bisect_right(indices, i + NEAR) - bisect_left(indices, i - NEAR)
        return n - (1 if i in indices else 0)

    def series(self, i: int) -> int:
        """How many other head-shaped lines near line i have about its length (sub-headings come
        in series of one shape; the first halves of broken sentences have any length)."""
        n = len(self.blocks[i].text)
        return sum(self._count(self.heads.get(k, []), i) for k in range(n - SERIES_SPREAD, n + SERIES_SPREAD + 1))

    def twins(self, i: int) -> int:
        """How many head-shaped lines near line i have exactly its length and stand where
        sub-headings stand (text above and below): a series set to one measure, which broken
        sentences never are."""
        return self._count(self.placed.get(len(self.blocks[i].text), []), i)


def _mark(ch: str) -> str:
    """A character as the fragment model sees it: any digit as 0, any Latin letter as a."""
    if ch.isdigit():
        return "0"
    return "a" if ch.isascii() and ch.isalpha() else ch


def fragment_features(
    line: str, nxt: str | None, prev: Block | None, near: str = "", series: int = 0
) -> list[str]:
    """What a reader sees in a head-shaped line followed by more text, for the question: is it a
    heading, or the first half of a sentence that a column break cut (在上海大学教授李瑊 / 看来，…)?
    `near` is the text around it: a pair of characters across the break that the page prints
    elsewhere inside a line (党|员) says the break cut a word."""
    f = [f"len:{bucket(len(line), LENGTHS)}", f"last:{_mark(line[-1])}", f"first:{_mark(line[0])}"]
    f.append(f"series:{min(series, 3)}")
    if nxt and near:
        if line[-1] + nxt[0] in near:
            f.append("pair:near")
        if line[-2:] + nxt[0] in near or line[-1] + nxt[:2] in near:
            f.append("triple:near")
    f += [f"open:{a}" for a, b in PAIRS if line.count(a) > line.count(b)]
    f += [f"has:{c}" for c in "，、：" if c in line]
    if line[-1].isdigit():
        f.append("end:digit")
    if line.endswith(LEAD_INS):
        f.append("end:leadin")
    if COLUMN_TAG.search(line):
        f.append("coltag")
    if nxt:
        f.append(f"next:{_mark(nxt[0])}")
        stop = FIRST_STOP.search(nxt)
        f.append(f"nextstop:{bucket(stop.start() if stop else len(nxt), LENGTHS)}")
        if nxt[0].isdigit():
            f.append("next:digit")
        if NEWS_LEAD.match(nxt):
            f.append("next:when")  # a report's lead (近日，…) does not go on with a broken sentence
        if line[-1].isdigit() and nxt[0].isdigit():
            f.append("digits:split")
    if prev is None:
        f.append("prev:none")
    elif prev.role == BODY:
        f.append("prev:body-end" if ends_sentence(prev.text) else "prev:body-open")
    else:
        f.append(f"prev:{prev.role}")
    return f


# Lines above a head-shaped line whose words it may repeat: the first half of a broken sentence
# goes on the text above, a heading's words come back in the first sentence below it.
ECHO_LINES = 2


def fragment_evidence(blocks: list[Block], i: int, around: Surroundings | None = None) -> list[str]:
    """fragment_features of block i with its neighbours: the text around it, the head lines of its
    length nearby, and how much of its words the first sentence below and the lines above repeat. `around` is the
    page's Surroundings, made once for all its lines."""
    around = around or Surroundings(blocks)
    prev = blocks[i - 1] if i else None
    f = fragment_features(blocks[i].text, blocks[i + 1].text, prev, around.near(i), around.series(i))
    pairs = han_pairs(blocks[i].text)
    lead = echo(pairs, first_sentence(blocks[i + 1].text))
    above = echo(pairs, "".join(b.text for b in blocks[max(0, i - ECHO_LINES) : i]))
    return [*f, f"lead:{lead}", f"above:{above}", f"twins:{min(around.twins(i), 3)}"]


# A head-shaped line is the first half of a broken sentence when the model is at least this sure.
FRAGMENT_ODDS = 0.55


def may_be_fragment(blocks: list[Block], i: int) -> bool:
    """Is block i a head-shaped line with text going on below it (no dateline), and text or a
    headline above it (after a byline, a closing note or furniture a line opens the next item)?"""
    if blocks[i].role != HEAD or i + 1 >= len(blocks) or (i and blocks[i - 1].role not in (BODY, HEAD)):
        return False
    nxt = blocks[i + 1]
    if nxt.role == HEAD:  # a headline of several lines, unless the next line goes on a clause
        return nxt.text[0] in GOES_ON
    # a label below (回  信, 核心阅读) opens a part of its own: the line above it is not cut
    return nxt.role == BODY and DATELINE.match(nxt.text) is None and not is_body_label(nxt.text)


def mark_fragments(blocks: list[Block]) -> list[Block]:
    """A head-shaped line that a column break cut from the sentence going on below is body text
    (learned from the development pages with random breaks: the model `fragment`)."""
    if learned.models().get("fragment") is None:
        return blocks
    out = list(blocks)
    around: Surroundings | None = None
    for i, b in enumerate(blocks):
        if may_be_fragment(blocks, i):
            around = around or Surroundings(blocks)
            p = learned.probability("fragment", fragment_evidence(blocks, i, around))
            if p is not None and p >= FRAGMENT_ODDS:
                out[i] = Block(b.text, BODY, cut=True)
    return out


def kicker_over_title(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A sentence that leads into the title below with a dash (某省建成零工市场39家。记者实地探访——),
    printed where an article begins (at the top of the page or after one that closed), is the
    headline's kicker however long it is."""
    if b.role != BODY or not b.text.endswith("——") or nxt is None or nxt.role != HEAD:
        return b
    if prev is not None and prev.role not in (END, BYLINE, JUNK, CREDIT):
        return b
    return Block(b.text, HEAD)


# The signer's name over that date is a few characters (习近平, 某某大学).
MAX_SIGNER = 12


def letter_signature(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A letter or notice ends with its signer and the date it was signed (某某 / 2023年9月28日):
    both are the end of its text, not a headline."""
    if b.role != HEAD:
        return b
    if SIGNED_ON.match(b.text) and prev is not None and prev.role == BODY:
        return Block(b.text, BODY)  # the signer's line above has become body already
    after_body = prev is not None and prev.role == BODY
    if after_body and nxt is not None and SIGNED_ON.match(nxt.text) and len(b.text) <= MAX_SIGNER:
        return Block(b.text, BODY)
    return b


def section_name_under_masthead(
    b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int
) -> Block:
    """Under the page's masthead and date, a word alone above the first headline is the page's
    section name (城市, 民生): furniture, not a kicker."""
    if b.role != HEAD or prev is None or nxt is None or nxt.role != HEAD or not is_label(b.text):
        return b
    if any(x.role != JUNK for x in blocks[:i]):
        return b
    return Block(b.text, JUNK)


ROLE_RULES: tuple[Callable[[Block, Block | None, Block | None, list[Block], int], Block], ...] = (
    section_name_under_masthead,
    letter_signature,
    bare_byline_needs_body,
    kicker_over_title,
    prose_after_body,
    source_after_body,
    lead_in_under_column_title,
    closing_note,
    lead_in_line,
)


def heads_dateline(blocks: list[Block], i: int) -> bool:
    """Is block i part of a run of head lines that a dateline paragraph follows?"""
    j = i + 1
    while j < len(blocks) and blocks[j].role in (HEAD, JUNK) and j - i < 6:
        j += 1
    return j < len(blocks) and blocks[j].role == BODY and DATELINE.match(blocks[j].text) is not None
