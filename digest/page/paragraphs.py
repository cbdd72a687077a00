"""Step 4, paragraphs: a paragraph broken off by a column break is joined with the one that goes on.
"""

from __future__ import annotations

import re

from digest.cues import FULL_STOPS
from digest.page.lines import BULLET, DATELINE, SIGNED_ON, WHOLE_PAREN, ends_sentence, is_body_label


def starts_new_paragraph(paragraph: str) -> bool:
    """Does the paragraph open with something that cannot continue a sentence: a bullet, a
    dateline, or it is a note in parentheses or a date alone (a letter's 2023年9月28日)?"""
    if BULLET.match(paragraph) is not None or DATELINE.match(paragraph) is not None:
        return True
    return WHOLE_PAREN.match(paragraph) is not None or SIGNED_ON.match(paragraph) is not None


def goes_on(left: str, right: str) -> bool:
    """Is `right` the rest of a sentence that `left` breaks off?"""
    return not (ends_sentence(left) or is_body_label(left) or starts_new_paragraph(right))


def rejoin(paragraphs: list[str], subheads: list[str]) -> list[str]:
    """Join a paragraph that breaks off mid-sentence with the one that goes on (科技创新、 / 学生培养)."""
    keep = set(subheads)
    out: list[str] = []
    for p in paragraphs:
        if out and out[-1] not in keep and p not in keep and goes_on(out[-1], p):
            out[-1] = glue(out[-1], p)
        else:
            out.append(p)
    return out


def glue(left: str, right: str) -> str:
    """Join two pieces of one sentence; a space only between two Latin letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


# A stray piece of another column is at least this long: shorter repeats happen in ordinary text.
MIN_DEBRIS = 8
# The end of the last finished sentence in a paragraph.
LAST_STOP = re.compile(rf"^.*[{FULL_STOPS}][”’」』）)]*", re.S)


def drop_debris(paragraphs: list[str], page: str) -> list[str]:
    """An article's last paragraph that breaks off mid-sentence and ends with a piece of text
    printed elsewhere on the page (a column tail set twice) loses that piece, and with it the
    unfinished sentence it ends: neither is the article's text."""
    if not paragraphs or ends_sentence(paragraphs[-1]) or WHOLE_PAREN.match(paragraphs[-1]):
        return paragraphs  # a finished sentence, or a closing note in parentheses
    last = paragraphs[-1]
    finished = LAST_STOP.match(last)
    start = finished.end() if finished else 0
    tail = last[start:]
    # Printed here and somewhere else. A longer piece printed twice has its last MIN_DEBRIS
    # characters printed twice too, so they alone decide (the longest first, tried before, took
    # minutes on a line of a million characters with no full stop).
    if len(tail) >= MIN_DEBRIS and page.count(tail[-MIN_DEBRIS:]) >= 2:
        kept = last[:start].rstrip()
        return [*paragraphs[:-1], kept] if kept else paragraphs[:-1]
    return paragraphs
