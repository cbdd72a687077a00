"""Headline roles: which headline line is the main title, which lines lead into it (kicker, 引题)
and which follow it (subtitles, banners).

A reader's cues, in order: a line the dump marks (`## …`, `**…**`) is the main title; a line that
opens with a dash, a slogan of short phrases (学思想 强党性 重实践), a column label (来论) or a note
in parentheses is never the main title; a line that leads into the next one (ends with a colon, a
dash or a verb of speech, 某某时强调) is a kicker, and so is a factual line over a title that states
a thesis (two parallel parts, an exhortation verb, a column tag). Lines before the main title are
kickers, lines after it subtitles.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from digest.cues import KICKER_CLAUSES, KICKER_ENDS, TITLE_VERBS, alternation
from digest.page.lines import COLUMN_TAG, COMMENTARY_LABEL, LEAD_INS, NEW_ITEM, WHOLE_PAREN

# Whitespace or a comma between the parts of a title (深化央地合作 实现共赢发展).
_PARTS = re.compile(r"[\s\u3000\xa0]+|[，,]")
_SPACES = re.compile(r"[\s\u3000\xa0]+")
# A kicker that reports a speech in a clause of its own, with no title run into it: …调研，强调以学促干.
_CLAUSE_KICKER = re.compile(rf"[，,]{alternation(KICKER_CLAUSES)}")
# Parallel parts of a thesis title are 4-12 characters each and of about the same length.
MIN_PART, MAX_PART, PART_SPREAD = 4, 12, 4
# A kicker that ends with a verb of speech or a time (…时强调, …考察时) is a sentence: never shorter.
MIN_KICKER = 6
# A banner is three or more short phrases (学思想 强党性 重实践 建新功).
MAX_BANNER_PHRASE = 5


def is_banner(line: str) -> bool:
    """A slogan of three or more short phrases set apart by spaces."""
    parts = [p for p in _SPACES.split(line.strip()) if p]
    return len(parts) >= 3 and all(len(p) <= MAX_BANNER_PHRASE for p in parts)


def is_thesis(line: str) -> bool:
    """Is the line shaped like a main title that states a thesis: two parallel parts (聚焦常态长效,
    聚力精准精细) or an exhortation verb first (推动…, 确保…)?"""
    parts = [p for p in _PARTS.split(line.strip()) if p]
    parallel = len(parts) == 2 and all(MIN_PART <= len(p) <= MAX_PART for p in parts)
    if parallel and abs(len(parts[0]) - len(parts[1])) <= PART_SPREAD:
        return True
    return line.startswith(TITLE_VERBS)


def may_be_title(line: str) -> bool:
    """Can the line be the main title at all?"""
    if line.startswith("——") or is_banner(line) or WHOLE_PAREN.match(line):
        return False
    return not (NEW_ITEM.match(line) or COMMENTARY_LABEL.match(line))


def leads_into(line: str, nxt: str) -> bool:
    """Is `line` a kicker leading into the title candidate `nxt` below it?"""
    text = line.rstrip()
    if text.endswith(LEAD_INS) or (text.endswith(KICKER_ENDS) and len(text) >= MIN_KICKER):
        return True
    clause = _CLAUSE_KICKER.search(text)
    if clause is not None and _SPACES.search(text, clause.end()) is None:
        return True
    if COLUMN_TAG.search(text):
        return False  # the main title carries the column tag
    if COLUMN_TAG.search(nxt):
        return True
    return is_thesis(nxt) and not is_thesis(text)


def headline_roles(
    headline: Sequence[str], marked: frozenset[str] = frozenset()
) -> tuple[tuple[str, ...], str | None, tuple[str, ...]]:
    """(kicker lines, main title, subtitle lines) of a headline; the title is None when there is
    no headline. `marked` are lines the dump marks as a heading (## …) or in bold."""
    lines = list(headline)
    if not lines:
        return (), None, ()
    at = next((i for i, h in enumerate(lines) if h in marked), None)
    if at is None:
        candidates = [i for i, h in enumerate(lines) if may_be_title(h)]
        at = candidates[0] if candidates else 0
        for here, below in zip(candidates, candidates[1:], strict=False):
            if not leads_into(lines[here], lines[below]):
                break
            at = below
    return tuple(lines[:at]), lines[at], tuple(lines[at + 1 :])


# The first sentence of a text: up to the first full stop and any closing quotes.
FIRST_SENTENCE = re.compile(r"^.*?[。！？!?…]+[”’」』）)]*")


def first_sentence(text: str) -> str:
    """The first sentence of a text, whole (the text itself when it has no full stop)."""
    m = FIRST_SENTENCE.match(text.strip())
    return m.group(0) if m else text.strip()
