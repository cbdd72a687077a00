"""Step 1, lines: the page's lines cleaned, and what a single line looks like on its own
(a sentence end, a headline's shape, a dateline, a jump marker, a name).
"""

from __future__ import annotations

import re
from bisect import bisect_left

from digest.cues import (
    BODY_LABELS,
    BOX_LABELS,
    BYLINE_BULLETS,
    COMMENTARY_LABELS,
    EDITING_CREDITS,
    FULL_STOPS,
    ITEM_LABELS,
    LEAD_TIMES,
    NAME_DOTS,
    OUTLET_ENDINGS,
    OWN_PAPER,
    PAGE_CREDITS,
    PAGE_SECTION_ENDINGS,
    PAGE_SECTIONS,
    PLACE_ENDS,
    WIRE_SERVICES,
    alternation,
)
from digest.textsafe import LETTER, all_han, is_han

# Markdown marks that some dumps leave around headlines (## ...) and bold names (**...**).
MD_HEADING = re.compile(r"^#{1,6}\s*")
MD_BOLD = re.compile(r"\*{2,}")


def clean_line(line: str) -> str:
    """A line without markdown marks and surrounding whitespace."""
    line = line.strip()
    if "#" not in line and "*" not in line:
        return line  # most lines carry no marks: no pattern to run
    line = MD_HEADING.sub("", line)
    return MD_BOLD.sub("", line).strip()


# A whole line in bold: **…**.
MD_WHOLE_BOLD = re.compile(r"^\*{2,}[^*]+\*{2,}$")


def marked_lines(text: str) -> frozenset[str]:
    """The cleaned lines that the dump marks as a heading (## …) or sets wholly in bold (**…**):
    clean_line drops the marks, this keeps what they say (a headline's main title)."""
    if not isinstance(text, str) or ("#" not in text and "**" not in text):
        return frozenset()
    out = set()
    for raw in text.splitlines():
        line = raw.strip()
        if MD_HEADING.match(line) or MD_WHOLE_BOLD.match(line):
            cleaned = clean_line(line)
            if cleaned:
                out.add(cleaned)
    return frozenset(out)


def split_lines(text: str) -> list[str]:
    """The page's non-empty lines, cleaned."""
    if not isinstance(text, str):
        return []
    return [c for c in (clean_line(raw) for raw in text.splitlines()) if c]


# --- the shape of one line ---------------------------------------------------------------


# Jump markers: (上接A1版) at the start of a piece, (下转2版) at its end. Parentheses are
# required for the one-character verbs 接/转 because bare 接…版 could be ordinary text.
JUMP = re.compile(
    r"[(（]\s*(上接|下转|接上|转下|接|转)\s*(?:第\s*)?([A-Za-z]{0,2}\d{1,3})\s*版\s*[)）]"
    r"|(上接|下转)\s*(?:第\s*)?([A-Za-z]{0,2}\d{1,3})\s*版"
)
# An outlet's name: 南通日报, 扬子晚报, 中国新闻网.
_OUTLET = rf"{LETTER}{{2,6}}?{alternation(OUTLET_ENDINGS)}"
# An agency's dateline for a report filed from a place on a day: 新华社北京6月30日电.
_FILED = rf"(?:{alternation(OWN_PAPER + WIRE_SERVICES)}|{_OUTLET}){LETTER}{{0,12}}?\d{{1,2}}月\d{{1,2}}日电"
# Datelines at the start of a body paragraph: 本报讯 / 晚报讯 / 新华社北京6月30日电, optionally
# followed by the reporters in parentheses. The agency marker is kept, the names go to authors.
# The paper's own dateline with the place and day: 本报海口3月5日讯 (provincial and city dailies).
# Also with the place alone or the day alone: 本报海口讯, 本报4月7日讯.
_DAY = r"\d{1,2}月\d{1,2}日"
_DATED_OWN = rf"(?:{alternation(OWN_PAPER)}|{_OUTLET})(?:{LETTER}{{1,12}}?{_DAY}|{LETTER}{{2,6}}?|{_DAY})讯"
DATELINE = re.compile(
    rf"^(?P<mark>(?:{alternation(OWN_PAPER)}|{_OUTLET})讯|{_FILED}|{_DATED_OWN})"
    r"\s*"
    r"(?:[(（](?P<who>[^()（）]{1,40})[)）])?\s*"
)
# The same agency marker printed at the end of an article: （新华社北京7月1日电  新华社记者）.
# Compiled when first needed (re caches it): it is rare, and each CJK range costs ~1 ms to compile.
TRAILING_DATELINE = rf"^[(（]\s*(?P<mark>{_FILED})\s*(?P<who>[^()（）]{{0,40}})[)）]$"


def _line(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def is_name(text: str) -> bool:
    """A personal name: 2-4 CJK characters, or a minority name joined by a middle dot (阿依·买买提)."""
    t = _line(text)
    if 2 <= len(t) <= 4 and all_han(t):
        return True
    for i, ch in enumerate(t):
        if ch in NAME_DOTS:
            return 1 <= i <= 5 and 1 <= len(t) - i - 1 <= 6 and all_han(t[i + 1 :])
        if not is_han(ch):
            return False
    return False


def is_place(text: str) -> bool:
    """A place before a reader's name: 江苏泰州市, 河南省许昌市."""
    t = _line(text)
    return 3 <= len(t) <= 13 and t[-1] in PLACE_ENDS and all_han(t[:-1])


def signature(text: str) -> str | None:
    """The name in a commentary signature (·彭军君· under a 短评), or None."""
    t = _line(text)
    if len(t) < 2 or t[0] not in NAME_DOTS or t[-1] not in NAME_DOTS:
        return None
    name = t[1:-1].strip()
    return name if 2 <= len(name) <= 4 and all_han(name) else None


# Sentence-final punctuation, possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(rf"[{FULL_STOPS}]+[”’」』）)\]】]*$|[{FULL_STOPS}]+[”’」』]*[（(][^()（）]{{0,20}}[)）]$")
# The end of a sentence of English prose: a letter or digit, then . ! or ?, perhaps in quotes.
LATIN_SENTENCE_END = re.compile(r"[A-Za-z0-9][.!?][\"')]?$")
# Characters after which a line cannot end a headline: it breaks off mid-sentence.
OPEN_END = re.compile(r"[、，,；;（(“‘《]$")
# A full stop inside a line: a headline never contains one.
INNER_STOP = re.compile(r"[。！？!?][^”’」』）)]")
# Clause commas: a head-shaped line with two of them reads like a piece of a paragraph.
CLAUSE_COMMA = re.compile(r"[，,]")
# A line wholly in parentheses is a note or credit of the text above (（本报记者某某参与采写）).
WHOLE_PAREN = re.compile(r"^[(（][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*[)）]$")
# A box printed after an article and belonging to it: ■延伸阅读, 推荐读物, 链接.
_BOX = rf"^[{BYLINE_BULLETS}]?\s*{alternation(BOX_LABELS)}[:：]?$"
BOX_LABEL = re.compile(_BOX)
# Labels that open or sign a box inside an article body (核心阅读, ——编者), not headlines.
BODY_LABEL = re.compile(
    rf"^(?:【[^【】]{{1,8}}】|[一二三四五六七八九十]{{1,3}}|{alternation(BODY_LABELS)}|资料来源[:：].*|——\s*编\s*者|这正是[:：])$"
    rf"|{_BOX}"
)
def bucket(n: int, sizes: tuple[int, ...]) -> int:
    """The smallest of the ascending `sizes` that holds `n`, or one past the largest: a length as a
    feature of the learned models."""
    at = bisect_left(sizes, n)
    return sizes[at] if at < len(sizes) else sizes[-1] + 1


# Longest label line, spaces included (■ 延伸阅读, 回  信).
MAX_LABEL_LINE = 16


def is_body_label(line: str) -> bool:
    """Is the line a label inside or after an article's text (核心阅读, ■延伸阅读, 回  信), however
    spaced out?"""
    if len(line) > MAX_LABEL_LINE and not line.startswith("资料来源"):
        return False
    return BODY_LABEL.match("".join(line.split())) is not None


# Notes in parentheses that close an article: the author, helpers, or a dateline printed last.
END_NOTE = re.compile(
    r"^[(（]\s*(?:作者|本报|新华社|摘编自|本系列|本文)|参与采写|整理[)）]$|\d日电|[电讯][)）]$|[(（][^()（）]*记者[^()（）]*[)）]$"
)
# A news lead's opening: when, then a comma (近日，… / 7月3日上午，… / 2023年以来，…).
NEWS_LEAD = re.compile(
    rf"^(?:{alternation(LEAD_TIMES)}|(?:\d{{4}}年)?(?:\d{{1,2}}月)?\d{{1,2}}日|\d{{4}}年(?:\d{{1,2}}月)?)"
    r"[^，。,]{0,6}[，,]"
)
# A date alone on its line: the day a letter or a notice was signed.
SIGNED_ON = re.compile(r"^\d{4}年\d{1,2}月\d{1,2}日$")
# Photo and editing credits that byline parsing cannot split into names: 本报记者某某文 某某摄,
# 某某 某某摄影报道, 以上图片均为某某摄（影像中国）, 本期统筹：某某.
CREDIT_LINE = re.compile(
    r"摄(?:影)?(?:报道)?(?:[(（][^()（）]{1,8}[)）])?$|^(?:本期统筹|统筹|栏目投稿邮箱|投稿邮箱)[:：]|^(?:以上图片|本版图片)"
)
# Labels that head an item of their own (a photo report, a reader's column), never a sub-heading.
NEW_ITEM = re.compile(rf"^{alternation(ITEM_LABELS)}$")
# Lead-in bullets and list marks that start a paragraph of their own.
BULLET = re.compile(r"^[■●▲◆□○◇★☆▶►•\-—]{1}(?!—)")
# A column tag closing a headline: （人民时评）, （今日谈）.
COLUMN_TAG = re.compile(r"[(（][^()（）]{2,24}[)）]$")
# A commentary column tag or a commentary label line.
COMMENTARY_TAG = re.compile(r"[(（][^()（）]{0,8}[评论谈][^()（）]{0,4}[)）]$")
COMMENTARY_LABEL = re.compile(rf"^{alternation(COMMENTARY_LABELS)}[:：]?$")
# Page furniture that is not an article: teasers (>>02), social-media labels, page credits.
FURNITURE_LINE = re.compile(
    r"^(?:>>|》》|→)\s*\S{0,6}$"
    r"|^(?:官方)?(?:微信|微博|抖音|快手|视频号|客户端|公众号|APP|App)(?:公众号|号|账号)?$"
    r"|^(?:扫码|扫一扫|扫描二维码|长按二维码)"
    rf"|^本版{alternation(PAGE_CREDITS)}|^责任(?:编辑|校对)"
    rf"|^{alternation(EDITING_CREDITS)}[:：]"
    r"|^《\s*[^《》]{2,10}\s*》\s*[(（]\s*\d{4}年\d{1,2}月\d{1,2}日\s*[A-Za-z]?\d{1,3}\s*版\s*[)）]$"
    r"|^\d{4}年\d{1,2}月\d{1,2}日\s*(?:星期|周)[一二三四五六日天]$"  # the page's date line
    rf"|^{_OUTLET}$"  # the masthead: the paper's name alone
    rf"|^{alternation(PAGE_SECTIONS)}$"
    rf"|^{LETTER}{{2,4}}{alternation(PAGE_SECTION_ENDINGS)}$"
)
# Words that open a photo caption.
PHOTO_CUE = re.compile(r"图为|(?:^|[。！？])[左右上下中]图")
# Endings of a line that introduces what follows.
LEAD_INS = ("——", "：", ":")
# Longest line that may still be a headline (long double-decker titles reach ~80 characters).
MAX_HEADLINE = 100
# A head-like line longer than this right after an unfinished paragraph is that paragraph's tail.
MAX_FRAGMENT_HEAD = 32
# Longest line that may be a sub-heading inside an article.
MAX_SUBHEAD = 40
# Under a title closed by a column tag, a longer line made of clauses is the lead-in of the body.
MAX_LEADIN_HEAD = 12


def ends_sentence(line: str) -> bool:
    """Does the line end with sentence-final punctuation (。！？… perhaps in quotes), or is it a
    sentence of Latin-script prose (words, then a full stop after a letter)?"""
    if SENTENCE_END.search(line[-40:]) is not None:
        return True
    return " " in line and LATIN_SENTENCE_END.search(line[-4:]) is not None


def could_be_headline(line: str) -> bool:
    """Could the line, on its own shape, be a headline line?"""
    tag = COLUMN_TAG.search(line)
    if tag and tag.start() <= MAX_SUBHEAD and line[tag.start() - 1 : tag.start()] in ("？", "！", "?", "!"):
        line = line[: tag.start() - 1]  # a question as a title: 什么植物适合盐碱地？（栏目）
    if line.startswith("——") and line.endswith(("？", "?")):
        line = line[:-1]  # a subtitle may be a question: ——如何理解…？
    if len(line) > MAX_HEADLINE or ends_sentence(line) or OPEN_END.search(line):
        return False
    if INNER_STOP.search(line) or DATELINE.match(line) or BULLET.match(line):
        return False
    if len(CLAUSE_COMMA.findall(line)) >= 3:  # a list of clauses is prose, not a title
        return False
    return not (WHOLE_PAREN.match(line) or is_body_label(line))


# How much of a line's vocabulary a text repeats, in buckets: a headline's words come back in its
# own lead, a sub-heading's also in the article above it, a new article's seldom.
ECHO_LEVELS = (0.0, 0.2, 0.4, 0.6)


def han_pairs(line: str) -> frozenset[str]:
    """The pairs of adjacent Chinese characters in a line (its vocabulary, roughly)."""
    han = [("\u4e00" <= c <= "\u9fff") or ("\u3400" <= c <= "\u4dbf") for c in line]  # is_han, inlined
    return frozenset(line[k : k + 2] for k in range(len(line) - 1) if han[k] and han[k + 1])


def echo(pairs: frozenset[str], text: str) -> int:
    """How much of a line a text repeats: the share of the line's `pairs` (han_pairs) found in the
    text, as a bucket of ECHO_LEVELS (-1: the line has no such pair)."""
    if not pairs:
        return -1
    share = sum(map(text.__contains__, pairs)) / len(pairs)
    return next((k for k, level in enumerate(ECHO_LEVELS) if share <= level), len(ECHO_LEVELS))


def looks_like_prose(line: str) -> bool:
    """Is a head-shaped line long or comma-laden enough to be a piece of a paragraph?"""
    if COLUMN_TAG.search(line) and len(line) <= MAX_HEADLINE // 2 and not CLAUSE_COMMA.search(line):
        return False  # a column tag (人民时评) closes a title, never a piece of prose
    return len(line) > MAX_FRAGMENT_HEAD or len(CLAUSE_COMMA.findall(line)) >= 2
