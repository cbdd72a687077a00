"""Which paper, which day, which page: what a page's file name, folder and first lines say.

E-paper dumps are named and filed in many ways (`jhwb/2024-03-01/A02.txt`,
`江海晚报_20240301_A2版.txt`, a folder per day) and some pages print a masthead or a credit line
(`江海晚报 2024年3月1日 星期五 A2版`, `《人民日报》（2023年07月02日 01 版）`). Each fact is taken
from the most specific place that states it: the page's own text, then its file name, then its
folders. Nothing is guessed: an unknown fact stays None.
"""

from __future__ import annotations

import datetime
import re
from pathlib import PurePath

from digest.cues import OUTLET_ENDINGS
from digest.model import Edition
from digest.textsafe import LETTER, all_han

# A date in a file or folder name: 2024-03-01, 2024_03_01, 2024.3.1, 20240301.
_NAME_DATE = re.compile(r"(?<!\d)(20\d\d|19\d\d)([-_./]?)(0?[1-9]|1[0-2])\2(0?[1-9]|[12]\d|3[01])(?!\d)")
# A date in running text: 2024年3月1日.
_TEXT_DATE = re.compile(r"((?:19|20)\d\d)\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日")
# A page label: A2版, 第A02版, 01 版; in a name also a bare A02 or 第3版 between separators.
_TEXT_PAGE = re.compile(r"(?:第\s*)?([A-Za-z]?\d{1,3})\s*版")
_NAME_PAGE = re.compile(r"(?:^|[_\-\s.])(?:第)?([A-Za-z]\d{1,3}|\d{1,2})(?:版)?$")
# A paper's name: a few Chinese characters ending like an outlet's (江海晚报, 人民日报, 南方周末 is
# not caught and stays unknown), alone on a line or at the start of a masthead, or in 《》.
_PAPER_ENDINGS = tuple(e for e in OUTLET_ENDINGS if e.endswith("报")) + ("时报", "周报", "商报", "早报")
_QUOTED_PAPER = re.compile(rf"《\s*({LETTER}{{2,10}}?)\s*》")
MASTHEAD_LINES = 3  # a masthead is among a page's first few non-empty lines


def _date(year: str, month: str, day: str) -> datetime.date | None:
    try:
        return datetime.date(int(year), int(month), int(day))
    except ValueError:  # 2024-02-30
        return None


def date_in_name(name: str) -> datetime.date | None:
    """The date a file or folder name holds (2024-03-01, 20240301), or None.

    >>> date_in_name("jhwb_20240301_A2.txt")
    datetime.date(2024, 3, 1)
    """
    for m in _NAME_DATE.finditer(name):
        found = _date(m.group(1), m.group(3), m.group(4))
        if found is not None:
            return found
    return None


def _is_paper(word: str) -> bool:
    return 2 < len(word) <= 10 and word.endswith(_PAPER_ENDINGS) and all_han(word)


def _paper_in(text: str) -> str | None:
    m = _QUOTED_PAPER.search(text)
    if m and _is_paper(m.group(1)):
        return m.group(1)
    head = text.split()[0] if text.split() else ""
    return head if _is_paper(head) else None


def _masthead(lines: list[str]) -> Edition:
    """A masthead or credit line among `lines`: a short line with the paper's name alone or with a
    date, or a date with a weekday or a page label (江海晚报 2024年3月1日 星期五 A2版). A headline
    that merely mentions a date is not one."""
    for line in lines:
        if len(line) > 48:
            continue
        date_match = _TEXT_DATE.search(line)
        page_match = _TEXT_PAGE.search(line)
        paper = _paper_in(line)
        if date_match is not None and not (paper or page_match or "星期" in line or "周" in line):
            date_match = None
        if paper is not None and date_match is None and line.strip("《》 ") != paper:
            paper = None
        if date_match is None and paper is None:
            continue
        return Edition(
            paper=paper,
            date=_date(*date_match.groups()) if date_match else None,
            page=page_match.group(1).upper() if page_match else None,
        )
    return Edition()


def edition_of(name: str, text: str = "") -> Edition:
    """The paper, date and page of the page called `name` (a path, or - for stdin) with `text`.

    The date comes from the file name, else a folder name, else the page's masthead; the paper
    from the masthead, else a folder or the file name; the page label from the masthead, else
    the file name.
    """
    lines = [line.strip() for line in text.split("\n") if line.strip()] if text else []
    found = _masthead(lines[:MASTHEAD_LINES] + lines[-MASTHEAD_LINES:])
    paper, page = found.paper, found.page
    date: datetime.date | None = None
    date_from: str | None = None
    if name not in ("-", ""):
        path = PurePath(name)
        date = date_in_name(path.stem)
        date_from = "file name" if date is not None else None
        for folder in reversed(path.parent.parts):
            if date is None and (date := date_in_name(folder)) is not None:
                date_from = "folder name"
            if paper is None and _is_paper(folder):
                paper = folder
        stem = _NAME_DATE.sub(" ", path.stem)
        if paper is None:
            paper = next((part for part in re.split(r"[_\-\s]+", stem) if _is_paper(part)), None)
        if page is None and (m := _NAME_PAGE.search(stem.rstrip())) is not None:
            page = m.group(1).upper()
    if date is None and found.date is not None:
        date, date_from = found.date, "text"
    return Edition(paper, date, page, date_from)
