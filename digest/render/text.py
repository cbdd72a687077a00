"""Plain text for mail and pipes: fixed-width lines, CJK counted as two columns, no escape codes."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len

from digest.model import Article, DocumentResult, Summary
from digest.render.parts import (
    DAILY_TITLE,
    LABELS,
    TITLE,
    body_lines,
    byline,
    count_line,
    document_label,
    edition_line,
    full_text,
    full_title,
    headline_roles,
    index_by_kind,
    joined,
    keyword_words,
    lead_line,
    names,
    page_heading,
    page_label,
)
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.daily import Digest, Entry

# Chinese line-breaking rules (禁则): these never start a line, those never end one.
NO_START = frozenset("，。、；：？！）》」』】〕”’…—·,.;:?!)]}%")
NO_END = frozenset("（《「『【〔“‘([{")
INDENT = "\u3000\u3000"  # a Chinese paragraph starts two ideographic spaces in


def wrap(text: str, width: int, first: str = "", rest: str = "", keep: Iterable[str] = ()) -> list[str]:
    """`text` in lines of at most `width` columns; CJK breaks anywhere but by the 禁则, words stay whole,
    so do a number and its unit (118.11亿元) and every piece of `keep` (names, page references).

    >>> wrap("南通港口,集装箱吞吐量创新高。", 12)
    ['南通港口,集', '装箱吞吐量创', '新高。']
    """
    units = _units(text, keep)
    lines: list[list[str]] = []
    line: list[str] = []
    prefix = first
    used = cell_len(prefix)
    for unit in units:
        size = cell_len(unit)
        if unit == " " and not line:
            continue
        if used + size > width and line:
            carry: list[str] = []
            # Pull a character down with a closing mark, and never leave an opening one behind.
            if unit[0] in NO_START and len(line) > 1:
                carry.append(line.pop())
            while len(line) > 1 and line[-1][-1] in NO_END:
                carry.insert(0, line.pop())
            if carry and cell_len(rest) + sum(cell_len(u) for u in carry) + size > width:
                line.extend(carry)  # the rules cannot be kept on so narrow a line: the width wins
                carry = []
            lines.append([prefix, *line])
            line, prefix = carry, rest
            used = cell_len(prefix) + sum(cell_len(u) for u in line)
            if unit == " ":
                continue
        while used + size > width and len(unit) > 1 and not line:
            # A word wider than the line: cut it.
            cut = _fit(unit, width - used)
            lines.append([prefix, cut])
            unit, prefix = unit[len(cut):], rest
            used, size = cell_len(prefix), cell_len(unit)
        line.append(unit)
        used += size
    if line or not lines:
        lines.append([prefix, *line])
    return ["".join(parts).rstrip() for parts in lines]


# Characters that measure what a number counts (个, 亿元, 12%): a number is never parted from them.
NUMBER_UNITS = frozenset("个万亿千百十元角分年月日时秒%％‰人名家座条项次倍吨米度岁户所期届件台辆只头亩平方公里斤克升")
MAX_UNIT = 2  # characters of unit kept with a number (亿元, 万人)


def _units(text: str, keep: Iterable[str] = ()) -> list[str]:
    """Unbreakable pieces: a piece of `keep`, a run of non-CJK letters and digits (with the unit of a
    number), a space, or a single other character."""
    text = " ".join(text.split())
    starts: dict[str, list[str]] = {}
    for piece in sorted({k for k in keep if k}, key=len, reverse=True):
        starts.setdefault(piece[0], []).append(piece)
    units: list[str] = []
    word = ""
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        kept = next((k for k in starts.get(ch, ()) if text.startswith(k, i)), "")
        if kept:
            if word:
                units.append(word)
                word = ""
            units.append(kept)
            i += len(kept)
            continue
        if ch != " " and cell_len(ch) == 1 and (ch.isalnum() or ch in "-_/'@#&+.%"):
            word += ch
            i += 1
            continue
        if word:
            if word[-1].isdigit():  # a number keeps its unit: 20个, 118.11亿元
                end = i
                while end < n and end - i < MAX_UNIT and text[end] in NUMBER_UNITS:
                    end += 1
                word += text[i:end]
                if end > i:
                    units.append(word)
                    word = ""
                    i = end
                    continue
            units.append(word)
            word = ""
        units.append(ch)
        i += 1
    if word:
        units.append(word)
    return units


def _fit(word: str, room: int) -> str:
    """The longest start of `word` that fits in `room` columns (at least one character)."""
    end = 1
    while end < len(word) and cell_len(word[: end + 1]) <= room:
        end += 1
    return word[:end]


def _rule(width: int, ch: str = "-") -> str:
    return ch * width


def _article(article: Article, summary: Summary | None, mode: str, width: int, number: int | None = None) -> list[str]:
    lines: list[str] = []
    roles = headline_roles(article)
    for role, text in roles:
        lead = f"[{number}] " if number is not None and not lines else ""
        if role == "title":
            lines += wrap(f"【{text}】", width, lead, " " * cell_len(lead))
        else:
            lines += wrap(text, width, lead, " " * cell_len(lead))
    if not roles:  # no headline: the first sentence, without the 【】 of a title
        lead = f"[{number}] " if number is not None else ""
        if lead or lead_line(article):
            lines += wrap(f"{lead}{lead_line(article)}".rstrip(), width, "", " " * cell_len(lead))
    meta = byline(article)
    if meta:
        lines += wrap(meta, width)
    body = body_lines(article, summary, mode)
    kept = names(summary)
    if body:
        lines.append("")
        for para in body:
            if mode == "articles":
                lines += wrap(para, width, INDENT, keep=kept)
            else:
                lines += wrap(para, width, "· ", "  ", keep=kept)
    words = keyword_words(summary, mode)
    if words:
        if mode != "keywords":
            lines.append("")
        lines += wrap(f"{LABELS['keywords']}:" + "、".join(words), width, "", "  ", keep=words)
    whole = full_text(article, mode)
    if whole:
        lines += ["", LABELS["full_text"] + ":"]
        for para in whole:
            lines += wrap(para, width, INDENT)
    return lines


def _heading(text: str, width: int) -> list[str]:
    lines = wrap(text, width)
    return [*lines, _rule(min(width, max(cell_len(line) for line in lines)))]


def _page_header(text: str, width: int) -> list[str]:
    return [_rule(width, "="), *wrap(text, width), _rule(width, "=")]


def render_documents(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    """Every article of every result as plain text, `width` columns wide."""
    lines = [*wrap(f"{TITLE} · {count_line(results)}", width), ""]
    for result in results:
        lines += _page_header(document_label(result.document), width)
        first = True
        for article, summary in result.content():
            if not first:
                lines.append(_rule(width))
            lines.append("")
            lines += _article(article, summary, mode, width)
            lines.append("")
            first = False
        if first:
            lines += ["", LABELS["none"], ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def _where(digest: Digest, number: int | None) -> str:
    """ "[7] 第2版": an entry and its page, never split across lines."""
    assert number is not None
    return f"[{number}] {page_label(digest, digest.entry(number).page)}"


def _cross_reference(digest: Digest, entry: Entry) -> str:
    assert entry.duplicate_of is not None
    target = digest.entry(entry.duplicate_of)
    label = LABELS["continuation"] if entry.relation == "continuation" else LABELS["repeat"]
    return f"{label} {_where(digest, target.number)}《{full_title(target.article)}》"


def _also(digest: Digest, entry: Entry) -> str:
    return f"{LABELS['also']} " + "、".join(_where(digest, n) for n in entry.repeats)


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily digest as plain text, `width` columns wide."""
    stories = digest.stories
    lines = [_rule(width, "="), *wrap(DAILY_TITLE, width), *wrap(edition_line(digest), width), _rule(width, "=")]

    lines += ["", *_heading(LABELS["top"], width), ""]
    for rank, entry in enumerate(digest.top_stories, 1):
        lead = f"{rank:>2}. "
        pad = " " * len(lead)
        where = f"({page_label(digest, entry.page)} [{entry.number}])"
        lines += wrap(f"{full_title(entry.article)}{where}", width, lead, pad, keep=(where,))
        lead_sentence = body_lines(entry.article, entry.summary, "summarize")[:1]
        for sentence in lead_sentence:
            lines += wrap(sentence, width, pad, pad, keep=names(entry.summary))
        lines.append("")
    if not stories:
        lines += [LABELS["none"], ""]

    lines += ["", *_heading(LABELS["pages"], width)]
    for page in digest.pages:
        lines += ["", *_page_header(joined(*page_heading(digest, page)), width)]
        if not page.entries:
            lines += ["", LABELS["empty_page"]]
        for i, entry in enumerate(page.entries):
            if i:
                lines.append(_rule(width))
            lines.append("")
            if entry.duplicate_of is not None:
                lines += wrap(f"[{entry.number}] {full_title(entry.article)}", width, "", "    ")
                lines += wrap(_cross_reference(digest, entry), width, keep=(_where(digest, entry.duplicate_of),))
            else:
                lines += _article(entry.article, entry.summary, "summarize", width, entry.number)
                if entry.repeats:
                    lines += wrap(_also(digest, entry), width, keep=[_where(digest, n) for n in entry.repeats])
            lines.append("")

    if digest.keywords:
        lines += ["", *_heading(LABELS["edition_keywords"], width)]
        lines += wrap("、".join(visible(k.word) for k in digest.keywords), width)
    if digest.index:
        lines += ["", *_heading(LABELS["index"], width)]
        for kind, entries in index_by_kind(digest):
            listed = "、".join(f"{visible(e.name)} " + "".join(f"[{n}]" for n in e.articles) for e in entries)
            refs = {f"[{n}]" for e in entries for n in e.articles}
            lines += wrap(f"{kind}:{listed}", width, "", "  ", keep=[*(visible(e.name) for e in entries), *refs])
    return "\n".join(lines).rstrip("\n") + "\n"
