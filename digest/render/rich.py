"""The terminal view: headlines set apart, quiet bylines and keywords, a rule between articles.

User text only ever enters as `Text` objects (never as markup), so `[bold]` or `<script>` in an
article is shown as written.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.constrain import Constrain
from rich.measure import Measurement
from rich.padding import Padding
from rich.rule import Rule
from rich.table import Table
from rich.text import Text

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
from digest.render.text import INDENT, wrap
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.daily import Digest, Entry

MAX_WIDTH = 100  # long lines of Chinese are hard to follow on a wide terminal
STYLES = {"kicker": "dim", "title": "bold", "subtitle": "dim italic"}


def _headline(article: Article) -> list[Text]:
    lines = [Text(line, style=STYLES[role]) for role, line in headline_roles(article)]
    if not lines and lead_line(article):  # no headline: the first sentence, quieter than a title
        lines.append(Text(lead_line(article), style="dim italic"))
    meta = byline(article)
    if meta:
        lines.append(Text(meta, style="dim"))
    return lines


class Paragraph:
    """Text wrapped by the Chinese line-breaking rules (no line starts with ,。), at render time."""

    def __init__(self, text: str, style: str = "", first: str = "", rest: str = "", mark: str = "dim",
                 keep: Sequence[str] = ()) -> None:  # fmt: skip
        self.text, self.style, self.first, self.rest, self.mark, self.keep = text, style, first, rest, mark, keep

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        for i, line in enumerate(wrap(self.text, options.max_width, self.first, self.rest, self.keep)):
            prefix = self.first if i == 0 else self.rest
            out = Text(line, style=self.style, no_wrap=True, overflow="ignore")
            if prefix.strip() and line.startswith(prefix):
                out.stylize(self.mark, 0, len(prefix))
            yield out

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement(1, max(1, cell_len(self.first + self.text)))


def _bullets(items: Sequence[str], keep: Sequence[str] = ()) -> Group:
    return Group(*(Paragraph(item, first="• ", rest="  ", keep=keep) for item in items))


def _keywords(words: Sequence[str], label: str = LABELS["keywords"]) -> Paragraph:
    """The label, then the words; the lines they wrap onto hang under the first word."""
    lead = f"{label} "
    return Paragraph("、".join(words), style="dim", first=lead, rest=" " * cell_len(lead), mark="dim bold",
                     keep=words)  # fmt: skip


def _numbered(number: int, body: RenderableType) -> Table:
    """An article of the daily digest with its number in a left margin, for cross-references."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="dim", no_wrap=True, min_width=4, justify="right")
    grid.add_column(overflow="fold")
    grid.add_row(f"[{number}]", body)
    return grid


def _article(article: Article, summary: Summary | None, mode: str) -> Group:
    parts: list[RenderableType] = list(_headline(article))
    body = body_lines(article, summary, mode)
    if mode == "articles" and body:
        parts.append(Padding(Group(*(Paragraph(p, first=INDENT) for p in body)), (1, 0, 0, 0)))
    elif body:
        parts.append(Padding(_bullets(body, keep=names(summary)), (1, 0, 0, 0)))
    words = keyword_words(summary, mode)
    if words:
        parts.append(Padding(_keywords(words), (1 if mode != "keywords" else 0, 0, 0, 0)))
    text = full_text(article, mode)
    if text:
        parts.append(Padding(Text(LABELS["full_text"], style="bold dim"), (1, 0, 0, 0)))
        parts.append(Group(*(Paragraph(p, first=INDENT) for p in text)))
    return Group(*parts)


def _page_rule(text: str) -> Rule:
    return Rule(Text(text, style="bold cyan"), style="cyan", align="left")


def _article_rule() -> Rule:
    return Rule(style="dim")


def live_documents(results: Sequence[DocumentResult], mode: str) -> RenderableType:
    """Every article of every result as one renderable for a terminal."""
    parts: list[RenderableType] = [Text(f"{TITLE} · {count_line(results)}", style="bold"), Text()]
    for result in results:
        parts.append(_page_rule(document_label(result.document)))
        shown = 0
        for article, summary in result.content():
            if shown:
                parts.append(_article_rule())
            parts += [_article(article, summary, mode), Text()]
            shown += 1
        if not shown:
            parts += [Text(LABELS["none"], style="dim"), Text()]
    return Constrain(Group(*parts), width=MAX_WIDTH)


def _to_text(renderable: RenderableType, width: int) -> str:
    buf = io.StringIO()
    console = Console(file=buf, width=width, color_system=None, force_terminal=False, highlight=False,
                      emoji=False, legacy_windows=False)
    console.print(renderable)
    return "\n".join(line.rstrip() for line in buf.getvalue().splitlines()).rstrip("\n") + "\n"


def render_documents(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    """The terminal view as plain text with no escape codes, for -o and pipes."""
    return _to_text(live_documents(results, mode), width)


def _cross_reference(digest: Digest, entry: Entry) -> Table:
    assert entry.duplicate_of is not None
    target = digest.entry(entry.duplicate_of)
    label = LABELS["continuation"] if entry.relation == "continuation" else LABELS["repeat"]
    note = Text(f"{label} [{target.number}] {page_label(digest, target.page)}《", style="dim")
    note.append(full_title(target.article), style="dim")
    note.append("》", style="dim")
    return _numbered(entry.number, Group(Text(full_title(entry.article), style="bold"), note))


def live_daily(digest: Digest) -> RenderableType:
    """The daily digest as one renderable for a terminal."""
    parts: list[RenderableType] = [
        Rule(Text(DAILY_TITLE, style="bold"), style="bold"),
        Text(edition_line(digest), style="dim", justify="center"),
        Text(),
        _page_rule(LABELS["top"]),
    ]
    top = Table.grid(padding=(0, 1))
    top.add_column(justify="right", style="bold", no_wrap=True)
    top.add_column(overflow="fold")
    for rank, entry in enumerate(digest.top_stories, 1):
        title = Text(full_title(entry.article), style="bold")
        title.append(f"  {page_label(digest, entry.page)} [{entry.number}]", style="dim")
        lead = body_lines(entry.article, entry.summary, "summarize")[:1]
        top.add_row(f"{rank}.", Group(title, *(Paragraph(s) for s in lead)))
        top.add_row("", "")
    parts += [top if digest.top_stories else Text(LABELS["none"], style="dim"), Text()]

    for page in digest.pages:
        parts.append(_page_rule(joined(*page_heading(digest, page))))
        for i, entry in enumerate(page.entries):
            if i:
                parts.append(_article_rule())
            if entry.duplicate_of is not None:
                parts.append(_cross_reference(digest, entry))
            else:
                block: list[RenderableType] = [_article(entry.article, entry.summary, "summarize")]
                if entry.repeats:
                    also = "、".join(f"[{n}] {page_label(digest, digest.entry(n).page)}" for n in entry.repeats)
                    block.append(Text(f"{LABELS['also']} {also}", style="dim"))
                parts.append(_numbered(entry.number, Group(*block)))
            parts.append(Text())
        if not page.entries:
            parts += [Text(LABELS["empty_page"], style="dim"), Text()]

    if digest.keywords:
        parts += [_page_rule(LABELS["edition_keywords"]),
                  Text(" · ".join(visible(k.word) for k in digest.keywords)), Text()]
    if digest.index:
        parts.append(_page_rule(LABELS["index"]))
        for label, entries in index_by_kind(digest):
            line = Text(f"{label} ", style="bold")
            for j, e in enumerate(entries):
                if j:
                    line.append(" · ")
                line.append(visible(e.name))
                line.append(" " + "".join(f"[{n}]" for n in e.articles), style="dim")
            parts.append(line)
    return Constrain(Group(*parts), width=MAX_WIDTH)


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily terminal view as plain text with no escape codes."""
    return _to_text(live_daily(digest), width)
