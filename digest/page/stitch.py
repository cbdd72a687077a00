"""Step 5, stitching: a piece that breaks off mid-sentence is joined to the later piece that opens
with the rest of that sentence (an article jumped to another column or page).
"""

from __future__ import annotations

import bisect
import re

from digest.page.draft import Draft
from digest.page.lines import OPEN_END, ends_sentence
from digest.page.paragraphs import glue, rejoin
from digest.textsafe import is_han

# A sentence fragment that completes a broken sentence is short.
MAX_STITCH_FRAGMENT = 16


def ends_mid_sentence(draft: Draft) -> bool:
    """Does the draft stop in the middle of a sentence with no byline after it?"""
    if draft.furniture or draft.closed or not draft.paragraphs:
        return False
    last = draft.paragraphs[-1]
    return not ends_sentence(last) and last not in draft.subheads and not OPEN_END.search(last[-1:])


def opens_with_fragment(draft: Draft) -> bool:
    """Does the draft's body start with the rest of someone else's sentence (发展胜势。…)?"""
    if draft.furniture or draft.dateline is not None or not draft.paragraphs:
        return False
    first = draft.paragraphs[0]
    m = re.search(r"[。！？!?]", first[: MAX_STITCH_FRAGMENT + 1])
    if m is None or m.start() < 2:
        return False
    head = first[: m.start()]
    return is_han(head[:1]) and not re.search(r"[，,：:“”\"]", head)


def stitch_pieces(drafts: list[Draft]) -> list[Draft]:
    """Stitch a piece that breaks off mid-sentence to a later piece that opens with the rest."""
    openers = [k for k, d in enumerate(drafts) if opens_with_fragment(d)]  # sorted; taken ones removed
    used: set[int] = set()
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        if i in used:
            continue
        if ends_mid_sentence(d):
            at = bisect.bisect_right(openers, i)
            if at < len(openers):
                j = openers.pop(at)
                used.add(j)
                d = merge(d, drafts[j])
        out.append(d)
    return out


def merge(first: Draft, second: Draft) -> Draft:
    """One article from two pieces; the later piece's jump headline names it."""
    paragraphs = first.paragraphs[:-1] + [glue(first.paragraphs[-1], second.paragraphs[0])] + second.paragraphs[1:]
    return Draft(
        headline=second.headline or first.headline,
        paragraphs=rejoin(paragraphs, first.subheads + second.subheads),
        subheads=first.subheads + second.subheads,
        authors=first.authors + [a for a in second.authors if a not in first.authors],
        dateline=first.dateline or second.dateline,
        continued_from=first.continued_from or second.continued_from,
        continues_to=second.continues_to or first.continues_to,
        closed=second.closed,
        photo_credit=first.photo_credit or second.photo_credit,
        commentary=first.commentary or second.commentary,
    )
