"""An article being assembled (a Draft), what is added to it, and the Article it becomes.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass, field

from digest.model import COMMENTARY, FURNITURE, NEWS, PHOTO, Article
from digest.page.bylines import GLUED_BYLINE, is_photo_credit, parse_byline, split_dateline
from digest.page.heads import first_sentence, headline_roles
from digest.page.lines import COMMENTARY_TAG, JUMP, PHOTO_CUE, ends_sentence


@dataclass(slots=True)
class Draft:
    """An article being assembled; frozen into an Article at the end."""

    headline: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    continued_from: str | None = None
    continues_to: str | None = None
    closed: bool = False  # a byline or a jump-out marker ended it
    photo_credit: bool = False
    commentary: bool = False
    furniture: bool = False


def strip_jumps(draft: Draft, paragraph: str) -> str:
    """Remove jump markers from a paragraph, recording them on the draft."""
    if "版" not in paragraph:
        return paragraph
    for m in JUMP.finditer(paragraph):
        verb = m.group(1) or m.group(3)
        label = (m.group(2) or m.group(4)).upper()
        if "转" in verb:
            draft.continues_to = draft.continues_to or label
        else:
            draft.continued_from = draft.continued_from or label
    return JUMP.sub("", paragraph).strip()


def add_body(draft: Draft, paragraph: str) -> None:
    """Append a body paragraph, taking a leading dateline and jump markers out of it."""
    paragraph = strip_jumps(draft, paragraph)
    if not draft.paragraphs and draft.dateline is None:
        mark, names, rest = split_dateline(paragraph)
        if mark is not None:
            draft.dateline = mark
            draft.authors.extend(names)
            paragraph = rest.strip()
    if paragraph:
        draft.paragraphs.append(paragraph)


def take_glued_byline(draft: Draft) -> None:
    """Move a byline glued to the end of the last paragraph (…亿元。记者刘璐) into authors."""
    if not draft.paragraphs:
        return
    last = draft.paragraphs[-1]
    tail = last[-48:]
    m = GLUED_BYLINE.search(tail)
    if m is None:
        return
    names = parse_byline(m.group(1), bare_ok=True)
    if names is None:
        return
    body = last[: len(last) - len(tail) + m.start()].rstrip()
    if not body or not ends_sentence(body):
        return
    draft.paragraphs[-1] = body
    draft.authors.extend(names)
    draft.photo_credit = draft.photo_credit or is_photo_credit(m.group(1))


def kind_of(draft: Draft, default_kind: str | None = None) -> str:
    """news, photo, commentary or furniture, from the cues gathered on the way."""
    body = "".join(draft.paragraphs)
    if draft.furniture or not body:
        return default_kind or FURNITURE  # a record is an article even when empty
    if draft.commentary or any(COMMENTARY_TAG.search(h) for h in draft.headline[-1:]):
        return COMMENTARY
    short = len(body) < 400 and len(draft.paragraphs) <= 3
    if short and (draft.photo_credit or PHOTO_CUE.search(body) or (not draft.headline and draft.authors)):
        return PHOTO
    return NEWS


def freeze(
    draft: Draft, article_id: str, index: int, default_kind: str | None = None, marked: frozenset[str] = frozenset()
) -> Article:
    """The immutable Article for a finished draft; `marked` are the lines the dump marks as
    headings, which name the main title."""
    authors = tuple(dict.fromkeys(unicodedata.normalize("NFC", a) for a in draft.authors))
    kind = kind_of(draft, default_kind)
    kicker, title, subtitle = headline_roles(draft.headline, marked)
    if title is None and kind == PHOTO and draft.paragraphs:
        title = first_sentence(draft.paragraphs[0])  # a caption's first sentence, whole
    return Article(
        id=article_id,
        kind=kind,
        headline=tuple(draft.headline),
        dateline=draft.dateline,
        authors=authors,
        paragraphs=tuple(draft.paragraphs),
        subheads=tuple(draft.subheads),
        continued_from=draft.continued_from,
        continues_to=draft.continues_to,
        position=index,
        title=title,
        kicker=kicker,
        subtitle=subtitle,
    )
