"""Step 2, roles: every line gets a role (head, body, byline, jump marker, label, furniture) from its
shape, then the roles that depend on the neighbours are fixed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from digest.page.bylines import has_role_word, parse_byline
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
    WHOLE_PAREN,
    could_be_headline,
    ends_sentence,
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
    blocks: list[Block] = []
    for line in lines:
        jump = jump_label(line)
        if jump is not None:
            blocks.append(Block(line, jump[0], jump[1]))
        elif FURNITURE_LINE.search(line):
            blocks.append(Block(line, JUNK))
        elif COMMENTARY_LABEL.match(line):
            blocks.append(Block(line, LABEL))
        elif parse_byline(line, bare_ok=True) is not None:
            blocks.append(Block(line, BYLINE))
        elif CREDIT_LINE.search(line) and len(line) <= MAX_FRAGMENT_HEAD + 8 and not INNER_STOP.search(line):
            blocks.append(Block(line, CREDIT))
        elif could_be_headline(line):
            blocks.append(Block(line, HEAD))
        else:
            blocks.append(Block(line, BODY))
    return fix_roles(blocks)


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
    """(作者为…), (本报记者…参与采写), (本报迪拜8月3日电) end an article."""
    if b.role == BODY and WHOLE_PAREN.match(b.text) and END_NOTE.search(b.text):
        return Block(b.text, END)
    return b


def lead_in_line(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A kicker (某某—— / 外交部发言人：) is followed by its title; between body paragraphs such a
    line introduces a speaker or a section inside the article."""
    between_body = prev is not None and prev.role == BODY and nxt is not None and nxt.role == BODY
    return Block(b.text, BODY) if b.role == HEAD and b.text.endswith(LEAD_INS) and between_body else b


ROLE_RULES: tuple[Callable[[Block, Block | None, Block | None, list[Block], int], Block], ...] = (
    bare_byline_needs_body,
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
