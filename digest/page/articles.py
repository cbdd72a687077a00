"""Step 3, articles: the roles walked in page order. Head lines open an article (or are sub-headings
of the open one), bylines and jump markers close it, signed contributions join their introduction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache

from digest.cues import COLUMN_LABEL_ENDINGS
from digest.page import learned
from digest.page.bylines import is_photo_credit, names_in, parse_byline
from digest.page.draft import Draft, add_body, take_glued_byline
from digest.page.heads import is_label
from digest.page.lines import (
    BOX_LABEL,
    CLAUSE_COMMA,
    COLUMN_TAG,
    COMMENTARY_TAG,
    DATELINE,
    LEAD_INS,
    MAX_SUBHEAD,
    NEW_ITEM,
    NEWS_LEAD,
    TRAILING_DATELINE,
    WHOLE_PAREN,
    bucket,
    echo,
    ends_sentence,
    han_pairs,
    signature,
)
from digest.page.paragraphs import rejoin
from digest.page.roles import BODY, BYLINE, CREDIT, END, HEAD, JUMP_FROM, JUMP_TO, JUNK, LABEL, Block
from digest.textsafe import all_han

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
# How much of the text below a head-line group is read for the words it repeats, in characters.
ECHO_SPAN = 400
# A head-line group opens a new article when the model `split` is at least this sure.
SPLIT_ODDS = 0.5

# An editor's note closes the introduction of a set of signed contributions: ——编  者.
EDITOR_NOTE = re.compile(r"^——\s*编\s*者$")
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


# A gap of spaces inside a headline line between its parts: 深化央地合作  实现共赢发展.
SPACED = re.compile(r"\S(?: {2,}|[\u3000\xa0]+)\S")


@lru_cache(maxsize=512)
def head_shape(line: str) -> tuple[bool, ...]:
    """The marks a reader sees at a glance in a heading line: a sub-heading series repeats them
    (all with a comma, all quoted, all numbered, all two parts set apart by spaces), the title of
    the next article need not."""
    return (
        CLAUSE_COMMA.search(line) is not None,
        SPACED.search(line) is not None,
        line.startswith(("“", "\"", "「")),
        line.rstrip().endswith(("”", "\"", "」", "？", "?", "！", "!")),
        NUMBERED.match(line) is not None or line[:1].isdigit(),
        line.rstrip().endswith(LEAD_INS),
    )


@lru_cache(maxsize=256)
def headline_marks(headline: tuple[str, ...]) -> tuple[bool, bool, bool]:
    """(a column tag, a commentary tag, a dash subtitle) in an article's headline lines."""
    return (
        any(COLUMN_TAG.search(h) is not None for h in headline),
        any(COMMENTARY_TAG.search(h) is not None for h in headline),
        any(h.startswith("——") for h in headline),
    )


def signed_by(block: Block) -> tuple[str, ...]:
    """The names in a byline or in a closing note in parentheses ((本报记者 某某))."""
    text = block.text.strip()
    if block.role == END:
        text = text[1:-1]
    return parse_byline(text, bare_ok=block.role == BYLINE) or ()


def group_features(blocks: list[Block], i: int, current: Draft, series: dict[int, list[int]], since: int) -> list[str]:
    """What a reader weighs to tell a sub-heading of the open article from the headline of the next
    one: the group's shape, its likeness to the article's other sub-headings, how far the article
    has gone, and what follows (its length, how it ends, whether it answers a question)."""
    k = group_end(blocks, i)
    group = [b.text for b in blocks[i:k]]
    f = [f"n:{min(len(group), 4)}", f"len:{bucket(len(group[0]), HEAD_SIZES)}"]
    f += [f"lenmax:{bucket(max(map(len, group)), HEAD_SIZES)}"]
    cur_tag, cur_commentary, cur_dash = headline_marks(tuple(current.headline))
    body = "".join(current.paragraphs)
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
        ("commentary", current.commentary or cur_commentary),
        ("cur:coltag", cur_tag),
        ("cur:dash", cur_dash),
    ) if hit]  # fmt: skip
    members = series.get(i, [])
    shape = head_shape(group[0])
    f.append("partner:before" if any(since < m < i for m in members) else "partner:none-before")
    f.append("partner:after" if any(m > i for m in members) else "partner:none-after")
    f.append(f"subheads:{min(len(current.subheads), 3)}")
    f.append(f"body:{bucket(len(body), BODY_SIZES)}")
    f.append(f"cur:n{min(len(current.headline), 3)}")
    if current.subheads:
        last = current.subheads[-1]
        f.append("like-last" if abs(len(last) - len(group[0])) <= 3 else "unlike-last")
        if NUMBERED.match(last) and NUMBERED.match(group[0]):
            f.append("numbered-series")
        f.append("shape:same-last" if head_shape(last) == shape else "shape:unlike-last")
    sizes = {len(h) for h in current.subheads}
    if len(current.subheads) >= 2 and len(sizes) == 1:  # a series set to one measure: does this keep it?
        f.append("measure:kept" if len(group[0]) in sizes else "measure:broken")
    later = [m for m in members if m > i]
    if later:
        same = head_shape(blocks[later[0]].text) == shape
        f.append("shape:same-next" if same else "shape:unlike-next")
    f.append("prev:end" if ends_sentence(blocks[i - 1].text) else "prev:open")
    j, chars = k, 0
    while j < len(blocks) and blocks[j].role == BODY:
        chars += len(blocks[j].text)
        j += 1
    f.append(f"next:{bucket(chars, BODY_SIZES)}")
    f.append(f"then:{blocks[j].role}" if j < len(blocks) else "then:none")
    # Does the group repeat the words of the article above (a sub-heading does) or only those of
    # the text below it (a new article's title, restated by its lead)?
    head = han_pairs("".join(group))
    headline = "".join(current.headline)
    back = echo(head, headline + body)
    below, n = [], 0
    for b in blocks[k:j]:
        if n >= ECHO_SPAN:
            break
        below.append(b.text)
        n += len(b.text)
    fwd = echo(head, "".join(below)[:ECHO_SPAN])
    f += [f"back:{back}", f"fwd:{fwd}", f"headback:{echo(head, headline)}"]
    if fwd - back >= 2:
        f.append("echo:below-only")
    if k < len(blocks) and QA.match(blocks[k].text):
        f.append("qa")
    if k < len(blocks) and NEWS_LEAD.match(blocks[k].text):
        f.append("lead:when")  # the text below opens as a report does: 近日，… / 7月3日，…
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
    pending_byline: str | None = None  # that byline's line
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
        if current.closed or not current.paragraphs or current.furniture or current.box:
            return False  # after a box (■延伸阅读) a heading opens the next article
        if EDITOR_NOTE.match(current.paragraphs[-1]) and self.section_closes(i):
            return False  # after the editor's sign-off, a piece closed by its own note or byline
        if self.signed_by_another(i, current):
            return False
        if not subhead_candidate(self.blocks, i, group_end(self.blocks, i)):
            return False
        if self.decide is None and "split" not in learned.models():  # no model: the hand rule
            return is_subhead_group(self.blocks, i, current, self.series, self.since)
        features = group_features(self.blocks, i, current, self.series, self.since)
        if self.decide is not None:
            return not self.decide(i, features)
        p = learned.probability("split", features)
        return p is not None and p < SPLIT_ODDS

    def goes_on_closed(self, text: str) -> bool:
        """Is a paragraph with no headline above it, right after an article closed by its note or
        byline, still part of that article: a box (■延伸阅读, 推荐读物, 链接) or a note in
        parentheses ((相关报道见第四版), (实习生某某参与制作))?"""
        current = self.current
        if current is None or not current.closed or current.furniture or self.heads or self.pending_from:
            return False
        if current.continues_to is not None or not current.paragraphs:
            return False
        if current.signed_off is not None and text.startswith(current.signed_off):
            return True  # a letter closed by the agency's dateline, then the report on it: one item
        return BOX_LABEL.match(text) is not None or WHOLE_PAREN.match(text) is not None

    def section_end(self, i: int) -> Block | None:
        """The line that ends the text under the head-line group at i, when it is a closing note
        or a byline (the text is a signed piece), else None (it runs on to the next heading)."""
        j = group_end(self.blocks, i)
        while j < len(self.blocks) and self.blocks[j].role == BODY:
            j += 1
        return self.blocks[j] if j < len(self.blocks) and self.blocks[j].role in (END, BYLINE) else None

    def section_closes(self, i: int) -> bool:
        """Does the text under the head-line group at i end with a closing note or a byline?"""
        return self.section_end(i) is not None

    def signed_by_another(self, i: int, current: Draft) -> bool:
        """Is the text under the head-line group at i signed by someone other than the open
        article's authors (a feature by 某某 above, then (本报记者 某某) closing a short item)?"""
        end = self.section_end(i)
        names = signed_by(end) if end is not None and current.authors else ()
        return bool(names) and not set(names) & set(current.authors)

    def body(self, i: int, b: Block) -> None:
        """A body paragraph: it opens a new article after a headline, a closed article or a jump-in."""
        if self.goes_on_closed(b.text):
            assert self.current is not None
            self.current.paragraphs.append(b.text)
            if BOX_LABEL.match(b.text):  # the box's text follows
                self.current.closed, self.current.box = False, True
            elif self.current.signed_off is not None and b.text.startswith(self.current.signed_off):
                self.current.closed, self.current.signed_off = False, None  # the report goes on
                if self.current.byline_below:  # the dateline printed last stays where it was
                    self.current.paragraphs.insert(-1, self.current.byline_below)
            return
        if self.current is None or self.current.closed or self.heads or self.pending_from is not None:
            self.since = i
            self.current = Draft(
                headline=self.heads,
                authors=self.pending_authors,
                continued_from=self.pending_from,
                commentary=self.commentary,
                byline_above=self.pending_byline,
            )
            self.drafts.append(self.current)
            self.heads, self.pending_authors, self.pending_from, self.commentary = [], [], None, False
            self.pending_byline = None
        add_body(self.current, b.text)

    def byline(self, i: int, b: Block) -> None:
        """A byline signs and closes the open article, or the one whose headline is above it."""
        names = parse_byline(b.text, bare_ok=True) or ()
        if self.heads:
            self.pending_authors.extend(names)
            self.pending_byline = self.pending_byline or b.text
        elif self.current is not None and self.is_open():
            self.current.authors.extend(names)
            self.current.photo_credit = self.current.photo_credit or is_photo_credit(b.text)
            self.current.commentary = self.current.commentary or signature(b.text) is not None
            self.current.closed = True
            self.current.byline_below = b.text
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
            self.current.dateline = self.current.signed_off = m.group("mark")
            self.current.authors.extend(names_in(m.group("who")))
            self.current.byline_below = b.text
        elif names is not None:  # a byline printed last, in parentheses: （通讯员 孙伟）
            self.current.authors.extend(names)
            self.current.byline_below = b.text
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


def gather_contributions(drafts: list[Draft]) -> list[Draft]:
    """Signed pieces that follow an introduction closed by an editor's note are parts of it.

    Each piece keeps its title as a sub-heading, its byline line where it was printed, and its
    author; the run ends at furniture, at a piece with no byline, a dateline or a column tag of its
    own (the next article).
    """
    out: list[Draft] = []
    host: Draft | None = None
    for d in drafts:
        own = d.furniture or not d.authors or d.dateline is not None or any(COLUMN_TAG.search(h) for h in d.headline)
        if host is not None and not own and d.headline:
            take_piece(host, d)
            continue
        host = d if not d.furniture and d.paragraphs and EDITOR_NOTE.match(d.paragraphs[-1]) else None
        out.append(d)
    return out


def take_piece(host: Draft, piece: Draft) -> None:
    """Append a signed piece to the article it is part of: its title lines as sub-headings, its
    byline lines where they were printed (they say who wrote which piece), its authors."""
    host.subheads.extend(piece.headline)
    host.paragraphs.extend(piece.headline)
    host.paragraphs.extend([piece.byline_above] if piece.byline_above else [])
    host.paragraphs.extend(piece.paragraphs)
    host.paragraphs.extend([piece.byline_below] if piece.byline_below else [])
    host.authors.extend(a for a in piece.authors if a not in host.authors)
    host.closed = piece.closed


# A column's items are short: a signed piece longer than this is an article of its own.
MAX_ITEM = 1500
# A column's label is a word or three (来论, 财经短波, 一句话新闻).
MAX_COLUMN_LABEL = 6


def is_column_label(line: str) -> bool:
    """A label printed over a column of short items: a known item label (来论, 市场资讯) or a word
    or three ending as such labels do (财经短波, 代表之声, 海南简讯). A place over a title (海口 /
    公交线路再优化) is not one: its story is an article of its own."""
    if NEW_ITEM.match(line) is not None:
        return True
    return len(line) <= MAX_COLUMN_LABEL and all_han(line) and line.endswith(COLUMN_LABEL_ENDINGS)


def is_item(d: Draft, headline: list[str]) -> bool:
    """Is the draft, under these title lines, a short signed item of a column: a title of one to
    three lines with no column tag, no dateline, a short body, a byline above it or a closing
    byline or note below?"""
    if d.furniture or not headline or len(headline) > 3 or not d.paragraphs or d.dateline is not None:
        return False
    if d.continues_to is not None or any(COLUMN_TAG.search(h) for h in headline):
        return False
    return sum(map(len, d.paragraphs)) <= MAX_ITEM and (d.byline_above is not None or d.closed)


def gather_columns(drafts: list[Draft]) -> list[Draft]:
    """Short signed items printed under a column's label (来论, 财经短波, 代表之声) are one article
    titled by the label, each item a part with its title as a sub-heading.

    The label heads the first item's title (来论 / 强化安全出行意识), or an introduction closed by
    the editor's note (代表之声 … ——编者); the column runs while the next drafts are short items
    signed alike (each with a byline under its title, or each closed by a byline or a note), and
    needs at least one besides the first.
    """
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        d = drafts[i]
        label = d.headline[0] if d.headline and not d.furniture else None
        intro = d.headline == [label] and bool(d.paragraphs) and EDITOR_NOTE.match(d.paragraphs[-1]) is not None
        first = label is not None and len(d.headline) > 1 and is_item(d, d.headline[1:])
        j = i + 1
        signed = (d.byline_above is not None) if first else None  # the column's items are signed alike
        while j < len(drafts) and is_item(drafts[j], drafts[j].headline):
            heads = drafts[j].headline
            if len(heads) > 1 and is_label(heads[0]):
                break  # a label of its own (海口 / …): items of one shape, each its own article
            if signed is None:
                signed = drafts[j].byline_above is not None
            elif signed != (drafts[j].byline_above is not None):
                break
            j += 1
        if label is None or not is_column_label(label) or not (intro or first) or j == i + 1:
            out.append(d)
            i += 1
            continue
        host = Draft(headline=[label], commentary=d.commentary)
        if intro:
            host.paragraphs.extend(d.paragraphs)
            host.authors.extend(d.authors)
        else:
            take_piece(host, replace(d, headline=d.headline[1:]))
        for item in drafts[i + 1 : j]:
            take_piece(host, item)
        out.append(host)
        i = j
    return out



# A feature's introduction under its tagged headline is short: a longer text is an article.
MAX_INTRO = 800


# A feature's signed section runs to several paragraphs; a shorter signed text is a story of its
# own (provincial papers sign every short story above its text).
MIN_SECTION = 600


def is_section(d: Draft) -> bool:
    """Could the draft be a signed section of a feature: a heading of a few lines with no column
    tag, a byline under it, no dateline, a text of some length?"""
    if d.furniture or d.byline_above is None or not d.headline or len(d.headline) > 4 or not d.paragraphs:
        return False
    if d.dateline is not None or sum(map(len, d.paragraphs)) < MIN_SECTION:
        return False
    return not any(COLUMN_TAG.search(h) for h in d.headline)


def section_shape(headline: list[str]) -> tuple[int, tuple[bool, ...]]:
    """What parallel sections share: as many heading lines, the first shaped alike."""
    return len(headline), head_shape(headline[0])


def gather_sections(drafts: list[Draft]) -> list[Draft]:
    """A feature under a headline with a column tag (强军一线, 美丽中国) whose sections each have a
    heading and a byline of their own, set alike, is one article: the sections' headings become
    sub-headings and their byline lines stay where they were printed.

    The feature's headline is followed by a short introduction, or its first section's heading
    is printed in the same group of head lines (标题（栏目） / 某某村党支部书记某某—— / “……”);
    at least two sections must follow, every one set like the first.
    """
    out: list[Draft] = []
    i = 0
    while i < len(drafts):
        d = drafts[i]
        tagged = next((k for k, h in enumerate(d.headline) if COLUMN_TAG.search(h)), None)
        own = d.headline[tagged + 1 :] if tagged is not None else []
        host_ok = tagged is not None and not d.furniture and d.dateline is None and bool(d.paragraphs)
        if host_ok and not own:
            host_ok = d.byline_above is None and sum(map(len, d.paragraphs)) <= MAX_INTRO
        shape = section_shape(own) if own else None
        j = i + 1
        while host_ok and j < len(drafts) and is_section(drafts[j]):
            if shape is None:
                shape = section_shape(drafts[j].headline)
            elif section_shape(drafts[j].headline) != shape:
                break
            j += 1
        if tagged is None or not host_ok or j - i < 3:
            out.append(d)
            i += 1
            continue
        host = replace(d, headline=d.headline[: tagged + 1], subheads=[], paragraphs=[], byline_above=None)
        host.byline_below = None
        if own:
            take_piece(host, replace(d, headline=own))
        else:
            host.paragraphs.extend(d.paragraphs)
            host.paragraphs.extend([d.byline_below] if d.byline_below else [])
        for section in drafts[i + 1 : j]:
            take_piece(host, section)
        out.append(host)
        i = j
    return out
