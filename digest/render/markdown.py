"""Markdown (CommonMark): headings per page and article; user text escaped so it renders as written."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digest.model import Article, DocumentResult, Summary
from digest.render import parts
from digest.render.parts import (
    ARCHIVE_LABELS,
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
    seen_label,
    seen_note,
)
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.archive.views import AddReport, Info, SearchResult, Trend, Trends
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
    if entry.seen is not None:
        lines += ["", f"*{escape(seen_note(entry.seen, digest.edition.date))}*"]
    return lines


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily digest as one Markdown document."""
    lines = [f"# {DAILY_TITLE}", "", f"*{escape(edition_line(digest))}*", "", f"## {LABELS['top']}", ""]
    for rank, entry in enumerate(digest.top_stories, 1):
        lead = body_lines(entry.article, entry.summary, "summarize")[:1]
        where = f"[{page_label(digest, entry.page)} \\[{entry.number}\\]](#{_anchor(entry.number)})"
        if entry.seen is not None:
            where += f" *{escape(seen_label(entry.seen, digest.edition.date))}*"
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


# --- the archive's views ------------------------------------------------------------------------


def render_added(report: AddReport, width: int = 100) -> str:
    lines = [f"# {ARCHIVE_LABELS['archive']}", "", f"*{escape(report.path)}*", "", escape(parts.added_counts(report))]
    if report.pages or report.failed:
        lines.append("")
    for page in report.pages:
        lines.append(f"- **{ARCHIVE_LABELS[page.status]}** {escape(page.source)} · {escape(parts.stored_line(page))}")
    for failed in report.failed:
        lines.append(f"- **{ARCHIVE_LABELS['failed']}** {escape(failed.source)}: {escape(failed.message)}")
    return "\n".join(lines) + "\n"


def render_search(result: SearchResult, width: int = 100) -> str:
    lines = [f"# {escape(parts.search_heading(result))}"]
    if not result.hits:
        lines += ["", ARCHIVE_LABELS["no_hits"]]
    for rank, hit in enumerate(result.hits, 1):
        snippet = "".join(f"**{escape(t)}**" if m else escape(t) for t, m in hit.snippet)
        where = f"{parts.hit_line(hit)} · {parts.source_name(hit.source)}"
        lines += ["", f"{rank}. **{escape(hit.title)}**\\", f"   *{escape(where)}*\\", f"   {snippet}"]
    return "\n".join(lines) + "\n"


def _trend_table(trends: tuple[Trend, ...]) -> list[str]:
    if not trends:
        return [LABELS["none"]]
    lines = [f"| | {ARCHIVE_LABELS['current']} | {ARCHIVE_LABELS['previous']} |", "|---|---:|---:|"]
    lines += [f"| {escape(parts.trend_term(t))} | {t.current} | {t.previous} |" for t in trends]
    return lines


def render_trends(trends: Trends, width: int = 100) -> str:
    lines = [f"# {ARCHIVE_LABELS['trends']}", "", f"*{escape(parts.trends_heading(trends))}*"]
    lines += ["", f"## {ARCHIVE_LABELS['trend_keywords']}", "", *_trend_table(trends.keywords)]
    lines += ["", f"## {escape(ARCHIVE_LABELS['trend_entities'])}", "", *_trend_table(trends.entities)]
    return "\n".join(lines) + "\n"


def render_info(info: Info, width: int = 100) -> str:
    lines = [f"# {ARCHIVE_LABELS['info']}", ""]
    lines += [f"- **{label}:** {escape(value)}" for label, value in parts.info_rows(info)]
    return "\n".join(lines) + "\n"
