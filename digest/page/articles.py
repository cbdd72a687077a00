"""Step 3, articles: the roles walked in page order. Head lines open an article (or are sub-headings
of the open one), bylines and jump markers close it, signed contributions join their introduction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from digest.page import learned
from digest.page.bylines import is_photo_credit, names_in, parse_byline
from digest.page.draft import Draft, add_body, take_glued_byline
from digest.page.lines import (
    CLAUSE_COMMA,
    COLUMN_TAG,
    COMMENTARY_TAG,
    DATELINE,
    LEAD_INS,
    MAX_SUBHEAD,
    NEW_ITEM,
    TRAILING_DATELINE,
    ends_sentence,
    signature,
)
from digest.page.paragraphs import rejoin
from digest.page.roles import BODY, BYLINE, CREDIT, END, HEAD, JUMP_FROM, JUMP_TO, JUNK, LABEL, Block

# Numbered sub-headings: 一、 / （二） / 3. / 第四.
NUMBERED = re.compile(
    r"^(?:[一二三四五六七八九十]{1,3}[、．.]|[(（][一二三四五六七八九十\d]{1,3}[)）]|\d{1,2}[、．.]|第[一二三四五六七八九十]{1,3})"
)
# A question-and-answer section goes on an interview: 记者： / 问：.
QA = re.compile(r"^(?:记者|问|答)[:：]")
# Body length buckets of an open article, in characters.
BODY_SIZES = (200, 500, 800, 1500, 3000)
# Length buckets of a head line.
HEAD_SIZES = (6, 10, 14, 20, 30)
# A head-line group opens a new article when the model `split` is at least this sure.
SPLIT_ODDS = 0.5

# A dated report or column piece shorter than this has no sub-headings.
MIN_FEATURE = 800


def subhead_shape(line: str) -> bool:
    """Is a single line shaped like a sub-heading: short, no column tag, no kicker mark?"""
    if len(line) > MAX_SUBHEAD or COLUMN_TAG.search(line):
        return False
    return not line.endswith(LEAD_INS) and not line.startswith("——")


def group_end(blocks: list[Block], i: int) -> int:
    """Index after the run of head lines that starts at i."""
    k = i
    while k < len(blocks) and blocks[k].role == HEAD:
        k += 1
    return k


def is_photo_run(blocks: list[Block], k: int) -> bool:
    """Is the body from k a short caption closed by a photographer's credit (a photo item)?"""
    chars = count = 0
    while k < len(blocks) and blocks[k].role == BODY:
        chars += len(blocks[k].text)
        count += 1
        k += 1
    if k < len(blocks) and blocks[k].role == BYLINE and is_photo_credit(blocks[k].text):
        return count <= 3 and chars < 400
    return False


def subhead_candidate(blocks: list[Block], i: int, k: int) -> bool:
    """Could the head lines i..k-1 be sub-headings by shape and place (body above and below)?"""
    group = [b.text for b in blocks[i:k]]
    if i == 0 or blocks[i - 1].role != BODY or k >= len(blocks) or blocks[k].role != BODY:
        return False
    if DATELINE.match(blocks[k].text) or is_photo_run(blocks, k) or len(group) > 4:
        return False
    if any(NEW_ITEM.match(g) or COLUMN_TAG.search(g) for g in group):
        return False
    if len(group) == 1:
        return subhead_shape(group[0])
    # A line opening with a dash is a headline's subtitle (——访商务部部长王文涛): a new article.
    return all(len(g) <= 30 for g in group) and not any(g.startswith("——") for g in group[1:])


def subhead_series(blocks: list[Block]) -> dict[int, list[int]]:
    """For each head-line group that could be a sub-heading, the starts of the groups with as many
    lines in the same unbroken stretch of text: a feature's sub-headings come in series, a lone
    short title after an article does not. Lines taken for broken sentences count by their shape
    here, so that a series stays whole when one of its lines is taken for a fragment."""
    blocks = [Block(b.text, HEAD) if b.cut else b for b in blocks]
    series: dict[int, list[int]] = {}
    stretch: dict[int, list[int]] = {}

    def close_stretch() -> None:
        for starts in stretch.values():
            for start in starts:
                series[start] = starts
        stretch.clear()

    i = 0
    while i < len(blocks):
        role = blocks[i].role
        if role == HEAD:
            k = group_end(blocks, i)
            if subhead_candidate(blocks, i, k):
                stretch.setdefault(k - i, []).append(i)
            else:
                close_stretch()
            i = k
            continue
        if role != BODY:
            close_stretch()
        i += 1
    close_stretch()
    return series


def is_subhead_group(
    blocks: list[Block], i: int, current: Draft | None, series: dict[int, list[int]], since: int
) -> bool:
    """Is the run of head lines at i sub-headings inside the open article (begun at block `since`)
    rather than a new headline? It needs a partner of the same shape in that article."""
    if current is None or current.closed or not current.paragraphs or current.furniture:
        return False
    members = series.get(i, [])  # ascending; i is one of them and comes after `since`
    partner = members[-1] if members and members[-1] != i else (members[-2] if len(members) > 1 else -1)
    if partner <= since:
        return False
    # a short dated report or column piece (今日谈) has no sub-headings: this is the next article
    short = sum(map(len, current.paragraphs)) < MIN_FEATURE
    return not (short and (current.dateline is not None or any(COMMENTARY_TAG.search(h) for h in current.headline)))


def _size(n: int, sizes: tuple[int, ...]) -> int:
    return next((b for b in sizes if n <= b), sizes[-1] + 1)


def group_features(blocks: list[Block], i: int, current: Draft, series: dict[int, list[int]], since: int) -> list[str]:
    """What a reader weighs to tell a sub-heading of the open article from the headline of the next
    one: the group's shape, its likeness to the article's other sub-headings, how far the article
    has gone, and what follows (its length, how it ends, whether it answers a question)."""
    k = group_end(blocks, i)
    group = [b.text for b in blocks[i:k]]
    f = [f"n:{min(len(group), 4)}", f"len:{_size(len(group[0]), HEAD_SIZES)}"]
    f += [f"lenmax:{_size(max(map(len, group)), HEAD_SIZES)}"]
    f += [name for name, hit in (
        ("coltag", any(COLUMN_TAG.search(g) for g in group)),
        ("dash", any(g.startswith("——") for g in group)),
        ("leadin", group[0].endswith(LEAD_INS)),
        ("numbered", NUMBERED.match(group[0]) is not None),
        ("quote", group[0].startswith("“")),
        ("question", any(g.rstrip("”").endswith(("？", "?")) for g in group)),
        ("comma", any(CLAUSE_COMMA.search(g) for g in group)),
        ("spaced", any("  " in g or "\u3000" in g or "\xa0" in g for g in group)),
        ("dated", current.dateline is not None),
        ("commentary", current.commentary or any(COMMENTARY_TAG.search(h) for h in current.headline)),
        ("cur:coltag", any(COLUMN_TAG.search(h) for h in current.headline)),
        ("cur:dash", any(h.startswith("——") for h in current.headline)),
    ) if hit]  # fmt: skip
    members = series.get(i, [])
    f.append("partner:before" if any(since < m < i for m in members) else "partner:none-before")
    f.append("partner:after" if any(m > i for m in members) else "partner:none-after")
    f.append(f"subheads:{min(len(current.subheads), 3)}")
    f.append(f"body:{_size(sum(map(len, current.paragraphs)), BODY_SIZES)}")
    f.append(f"cur:n{min(len(current.headline), 3)}")
    if current.subheads:
        last = current.subheads[-1]
        f.append("like-last" if abs(len(last) - len(group[0])) <= 3 else "unlike-last")
        if NUMBERED.match(last) and NUMBERED.match(group[0]):
            f.append("numbered-series")
    f.append("prev:end" if ends_sentence(blocks[i - 1].text) else "prev:open")
    j, chars = k, 0
    while j < len(blocks) and blocks[j].role == BODY:
        chars += len(blocks[j].text)
        j += 1
    f.append(f"next:{_size(chars, BODY_SIZES)}")
    f.append(f"then:{blocks[j].role}" if j < len(blocks) else "then:none")
    if k < len(blocks) and QA.match(blocks[k].text):
        f.append("qa")
    return f


def subhead_before_tail(blocks: list[Block], i: int, current: Draft | None) -> bool:
    """In a feature that already has sub-headings, is line i one more, followed by a paragraph
    whose first line is head-shaped (a clause with a comma, broken off by the column)?"""
    if current is None or not current.subheads or i == 0 or i + 2 >= len(blocks):
        return False
    nxt, after = blocks[i + 1], blocks[i + 2]
    if nxt.role != HEAD or after.role != BODY or DATELINE.match(after.text):
        return False
    if COLUMN_TAG.search(nxt.text) or not CLAUSE_COMMA.search(nxt.text) or len(nxt.text) < 12:
        return False
    if current.closed or not current.paragraphs or current.furniture or blocks[i - 1].role != BODY:
        return False
    return subhead_shape(blocks[i].text)


@dataclass(slots=True)
class Walk:
    """The state of one walk over a page's blocks: the drafts so far and what is still pending."""

    blocks: list[Block]
    series: dict[int, list[int]]  # sub-heading candidates and their partners (subhead_series)
    drafts: list[Draft] = field(default_factory=list)
    current: Draft | None = None
    heads: list[str] = field(default_factory=list)  # head lines waiting for their body
    pending_authors: list[str] = field(default_factory=list)  # a byline printed under the headline
    pending_from: str | None = None  # a lone (上接A1版) waiting for its piece
    commentary: bool = False  # a 短评 label waiting for its piece
    since: int = 0  # block index where the current article began
    # Decides "does the head-line group at i open a new article?" from its features; None: the
    # shipped model `split`, or the hand rules without it (training passes the gold answer).
    decide: Callable[[int, list[str]], bool] | None = None
    subhead_lines: set[int] = field(default_factory=set)  # later lines of an accepted sub-heading group
    tails: set[int] = field(default_factory=set)  # head-shaped first lines of a broken paragraph

    def is_open(self) -> bool:
        """Is there an article that text may still be added to?"""
        return self.current is not None and not self.current.closed and not self.heads

    def furniture(self, text: str) -> None:
        """Record a line that is not an article."""
        self.drafts.append(Draft(headline=[text], furniture=True, closed=True))

    def flush_heads(self) -> None:
        """Head lines that no body follows are teasers: furniture."""
        for h in self.heads:
            self.furniture(h)
        self.heads = []

    def head(self, i: int, b: Block) -> None:
        """A head line: a sub-heading of the open article, or a line of the next headline."""
        current = self.current
        if current is not None and not self.heads and subhead_before_tail(self.blocks, i, current):
            self.tails.add(i + 1)
        elif current is None or not (i in self.subhead_lines or (not self.heads and self.is_subhead(i, current))):
            self.heads.append(b.text)
            return
        else:
            self.subhead_lines.update(range(i, group_end(self.blocks, i)))
        current.subheads.append(b.text)
        current.paragraphs.append(b.text)

    def is_subhead(self, i: int, current: Draft) -> bool:
        """Is the head-line group at i a sub-heading of the open article? The unambiguous cues are
        rules (no open article, a dateline or a photo credit below, a label); the rest is weighed
        by the model `split` when there is one."""
        if current.closed or not current.paragraphs or current.furniture:
            return False
        if not subhead_candidate(self.blocks, i, group_end(self.blocks, i)):
            return False
        rule = is_subhead_group(self.blocks, i, current, self.series, self.since)
        features = [*group_features(self.blocks, i, current, self.series, self.since), f"rule:{rule}"]
        if self.decide is not None:
            return not self.decide(i, features)
        p = learned.probability("split", features)
        return rule if p is None else p < SPLIT_ODDS

    def body(self, i: int, b: Block) -> None:
        """A body paragraph: it opens a new article after a headline, a closed article or a jump-in."""
        if self.current is None or self.current.closed or self.heads or self.pending_from is not None:
            self.since = i
            self.current = Draft(
                headline=self.heads,
                authors=self.pending_authors,
                continued_from=self.pending_from,
                commentary=self.commentary,
            )
            self.drafts.append(self.current)
            self.heads, self.pending_authors, self.pending_from, self.commentary = [], [], None, False
        add_body(self.current, b.text)

    def byline(self, i: int, b: Block) -> None:
        """A byline signs and closes the open article, or the one whose headline is above it."""
        names = parse_byline(b.text, bare_ok=True) or ()
        if self.heads:
            self.pending_authors.extend(names)
        elif self.current is not None and self.is_open():
            self.current.authors.extend(names)
            self.current.photo_credit = self.current.photo_credit or is_photo_credit(b.text)
            self.current.commentary = self.current.commentary or signature(b.text) is not None
            self.current.closed = True
        else:
            self.furniture(b.text)

    def credit(self, i: int, b: Block) -> None:
        """A photo or editing credit: names to authors, the line itself to nowhere."""
        names = parse_byline(b.text, bare_ok=False) or ()
        if self.heads:
            self.pending_authors.extend(names)
        elif self.current is not None and self.is_open():
            self.current.authors.extend(names)
            self.current.photo_credit = self.current.photo_credit or is_photo_credit(b.text)

    def end_note(self, i: int, b: Block) -> None:
        """A closing note in parentheses: kept as the last paragraph, or taken as the dateline."""
        if self.current is None or not self.is_open():
            self.furniture(b.text)
            return
        m = re.match(TRAILING_DATELINE, b.text)
        names = parse_byline(b.text.strip()[1:-1], bare_ok=True)
        if m and self.current.dateline is None:
            self.current.dateline = m.group("mark")
            self.current.authors.extend(names_in(m.group("who")))
        elif names is not None:  # a byline printed last, in parentheses: （通讯员 孙伟）
            self.current.authors.extend(names)
        else:
            self.current.paragraphs.append(b.text)
        self.current.closed = True

    def jump_from(self, i: int, b: Block) -> None:
        """A lone (上接A1版): the next body is a continued piece."""
        self.pending_from = b.label
        if self.current is not None and not self.heads:
            self.current.closed = True

    def jump_to(self, i: int, b: Block) -> None:
        """A lone (下转2版): the open article goes on elsewhere."""
        if self.current is not None and not self.heads:
            self.current.continues_to = self.current.continues_to or b.label
            self.current.closed = True

    def label(self, i: int, b: Block) -> None:
        """A 短评 label: the next piece is commentary; the label is no headline."""
        self.flush_heads()
        self.commentary = True

    def junk(self, i: int, b: Block) -> None:
        """Page furniture (>>02, 官方微信, 本版责编)."""
        self.flush_heads()
        self.furniture(b.text)


def group_articles(blocks: list[Block], decide: Callable[[int, list[str]], bool] | None = None) -> list[Draft]:
    """Walk the blocks in page order: head lines open an article, bylines and jump-outs close it."""
    walk = Walk(blocks, subhead_series(blocks), decide=decide)
    handlers: dict[str, Callable[[int, Block], None]] = {
        HEAD: walk.head,
        BODY: walk.body,
        BYLINE: walk.byline,
        CREDIT: walk.credit,
        END: walk.end_note,
        JUMP_FROM: walk.jump_from,
        JUMP_TO: walk.jump_to,
        LABEL: walk.label,
        JUNK: walk.junk,
    }
    for i, b in enumerate(blocks):
        if b.role == HEAD and i in walk.tails:
            b = Block(b.text, BODY)
        handlers[b.role](i, b)
    walk.flush_heads()
    for d in walk.drafts:
        take_glued_byline(d)
        d.paragraphs = rejoin(d.paragraphs, d.subheads)
    return walk.drafts


# An editor's note closes the introduction of a set of signed contributions: ——编  者.
EDITOR_NOTE = re.compile(r"^——\s*编\s*者$")


def gather_contributions(drafts: list[Draft]) -> list[Draft]:
    """Signed pieces that follow an introduction closed by an editor's note are parts of it.

    Each piece keeps its title as a sub-heading and its author; the run ends at furniture, at a
    piece with no byline, a dateline or a column tag of its own (the next article).
    """
    out: list[Draft] = []
    host: Draft | None = None
    for d in drafts:
        own = d.furniture or not d.authors or d.dateline is not None or any(COLUMN_TAG.search(h) for h in d.headline)
        if host is not None and not own and d.headline:
            host.subheads.extend(d.headline)
            host.paragraphs.extend([*d.headline, *d.paragraphs])
            host.authors.extend(a for a in d.authors if a not in host.authors)
            continue
        host = d if not d.furniture and d.paragraphs and EDITOR_NOTE.match(d.paragraphs[-1]) else None
        out.append(d)
    return out
