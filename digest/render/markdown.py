"""Markdown (CommonMark): headings per page and article; user text escaped so it renders as written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

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
    page_heading,
    page_label,
)
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.daily import Digest, Entry

# Characters that mean something anywhere in a line; a backslash makes each literal.
_ACTIVE = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
# ... and things that mean something only at the start of a line (lists, headings, rules).
_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+[.)])")


def escape(text: str) -> str:
    """User text as literal Markdown: `visible`, then every active character backslash-escaped.

    >>> escape("<b>**粗**</b> 1. [x](y)")
    '\\\\<b\\\\>\\\\*\\\\*粗\\\\*\\\\*\\\\</b\\\\> 1. \\\\[x\\\\]\\\\(y\\\\)'
    """
    out = _ACTIVE.sub(r"\\\1", visible(text).strip())
    match = _LINE_START.match(out)
    if match and not match.group(2).startswith(("#", ">", "+")):  # those three are escaped already
        end = match.end()
        out = out[: end - 1] + "\\" + out[end - 1 :]
    return out


def _anchor(number: int) -> str:
    return f"a{number}"


def _article(article: Article, summary: Summary | None, mode: str, level: int, number: int | None = None) -> list[str]:
    roles = headline_roles(article)
    title = next((t for r, t in roles if r == "title"), None)
    kickers = [t for r, t in roles if r == "kicker"]
    subtitles = [t for r, t in roles if r == "subtitle"]
    # A Markdown heading holds one line: the kicker goes above it, the subtitle below.
    lines = ["  \n".join(f"*{escape(k)}*" for k in kickers), ""] if kickers else []
    if title is not None or roles:
        heading = escape(title) if title is not None else escape(full_title(article))
    else:  # no headline: the first sentence, in italics, is no title
        heading = f"*{escape(lead_line(article))}*" if lead_line(article) else escape(article.id)
    anchor = f'<a id="{_anchor(number)}"></a>' if number is not None else ""
    prefix = f"\\[{number}\\] " if number is not None else ""
    lines.append(f"{'#' * level} {anchor}{prefix}{heading}")
    if subtitles:
        lines += ["", "  \n".join(f"**{escape(s)}**" for s in subtitles)]
    meta = byline(article)
    if meta:
        lines += ["", f"*{escape(meta)}*"]
    body = body_lines(article, summary, mode)
    if body:
        lines.append("")
        if mode == "articles":
            for para in body:
                lines += [escape(para), ""]
            lines.pop()
        else:
            lines += [f"- {escape(s)}" for s in body]
    words = keyword_words(summary, mode)
    if words:
        lines += ["", f"**{LABELS['keywords']}:** " + "、".join(escape(w) for w in words)]
    text = full_text(article, mode)
    if text:
        lines += ["", f"**{LABELS['full_text']}:**"]
        for para in text:
            lines += ["", escape(para)]
    return lines


def render_documents(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    """Every article of every result as one Markdown document."""
    lines = [f"# {TITLE}", "", f"*{escape(count_line(results))}*"]
    for result in results:
        lines += ["", f"## {escape(document_label(result.document))}"]
        shown = False
        for article, summary in result.content():
            lines += ["", *_article(article, summary, mode, 3)]
            shown = True
        if not shown:
            lines += ["", LABELS["none"]]
    return "\n".join(lines) + "\n"


def _link(digest: Digest, number: int) -> str:
    target = digest.entry(number)
    where = page_label(digest, target.page)
    return f"[\\[{number}\\] {where}《{escape(full_title(target.article))}》](#{_anchor(number)})"


def _entry(digest: Digest, entry: Entry) -> list[str]:
    if entry.duplicate_of is not None:
        label = LABELS["continuation"] if entry.relation == "continuation" else LABELS["repeat"]
        return [
            f'#### <a id="{_anchor(entry.number)}"></a>\\[{entry.number}\\] {escape(full_title(entry.article))}',
            "",
            f"*{label}* {_link(digest, entry.duplicate_of)}",
        ]
    lines = _article(entry.article, entry.summary, "summarize", 4, entry.number)
    if entry.repeats:
        lines += ["", f"*{LABELS['also']}* " + "、".join(_link(digest, n) for n in entry.repeats)]
    return lines


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily digest as one Markdown document."""
    lines = [f"# {DAILY_TITLE}", "", f"*{escape(edition_line(digest))}*", "", f"## {LABELS['top']}", ""]
    for rank, entry in enumerate(digest.top_stories, 1):
        lead = body_lines(entry.article, entry.summary, "summarize")[:1]
        where = f"[{page_label(digest, entry.page)} \\[{entry.number}\\]](#{_anchor(entry.number)})"
        lines.append(f"{rank}. **{escape(full_title(entry.article))}** ({where})" + ("\\" if lead else ""))
        lines += [f"   {escape(s)}" for s in lead]
    if not digest.top_stories:
        lines.append(LABELS["none"])

    lines += ["", f"## {LABELS['pages']}"]
    for page in digest.pages:
        lines += ["", f"### {escape(joined(*page_heading(digest, page)))}"]
        for entry in page.entries:
            lines += ["", *_entry(digest, entry)]
        if not page.entries:
            lines += ["", LABELS["empty_page"]]

    if digest.keywords:
        lines += ["", f"## {LABELS['edition_keywords']}", "", "、".join(escape(k.word) for k in digest.keywords)]
    if digest.index:
        lines += ["", f"## {LABELS['index']}", ""]
        for label, entries in index_by_kind(digest):
            names = "、".join(
                f"{escape(e.name)} " + "".join(f"[\\[{n}\\]](#{_anchor(n)})" for n in e.articles) for e in entries
            )
            lines.append(f"- **{escape(label)}:** {names}")
    return "\n".join(lines) + "\n"
