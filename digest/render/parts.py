"""What every format shows, decided once: labels, headline roles, bylines and safe text.

The formats differ only in how they set these pieces; user text always goes through
`visible` first, then through the format's own escaping.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digest.model import COMMENTARY, PHOTO, Article, Document, DocumentResult, Edition, Summary
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.daily import Digest, EditionPage, IndexEntry

TITLE = "新闻摘要"
DAILY_TITLE = "每日新闻摘要"
LABELS = {
    "top": "今日要闻",
    "pages": "各版内容",
    "keywords": "关键词",
    "full_text": "全文",
    "edition_keywords": "本期关键词",
    "index": "人名 · 地名 · 机构索引",
    "person": "人物",
    "place": "地点",
    "org": "机构",
    "also": "同见",
    "repeat": "重复刊登,见",
    "continuation": "续前文,见",
    "none": "(无)",
    "empty_page": "(空白页:本版没有文章)",
}
KIND_TAGS = {PHOTO: "图片", COMMENTARY: "评论"}

def headline_roles(article: Article) -> list[tuple[str, str]]:
    """Each headline line with its role, as the parser decided: "kicker", "title" (exactly one
    when there is a title) or "subtitle"."""
    roles = [("kicker", k) for k in article.kicker]
    if article.title is not None:
        roles.append(("title", article.title))
    roles += [("subtitle", s) for s in article.subtitle]
    return [(role, visible(line).strip()) for role, line in roles if line.strip()]


def main_title(article: Article) -> str:
    """The main title, or the body's first sentence (`lead_line`) when there is none."""
    if article.title is not None and article.title.strip():
        return visible(article.title).strip()
    return lead_line(article) or article.id


LEAD_CELLS = 60  # columns: 30 Chinese characters
_SENTENCE_END = re.compile(r"[。！？!?]|\.(?:\s|$)")
_CLAUSE_END = "，,、；;：:—"


def lead_line(article: Article, cells: int = LEAD_CELLS) -> str:
    """What stands in for a missing headline: the first sentence of the body, without its full
    stop, cut at a clause or word boundary with "…" when longer than `cells` columns. Formats show
    it in a quieter style than a headline: it is not one. "" when there is no body."""
    first = next((visible(p).strip() for p in article.paragraphs if p.strip()), "")
    end = _SENTENCE_END.search(first)
    sentence = first[: end.start()] if end else first
    widths = [2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in sentence]
    if sum(widths) <= cells:
        return sentence
    fit = 0  # how many characters fit, with the "…"
    for w in widths:
        if cells - 1 - w < 0:
            break
        cells -= w
        fit += 1
    head = sentence[:fit]
    clause = max(head.rfind(c) for c in _CLAUSE_END)
    if clause >= fit // 3:
        return head[:clause] + "…"
    space = head.rfind(" ")
    if space >= fit // 3:
        return head[:space] + "…"
    while fit > 1 and sentence[fit - 1].isascii() and sentence[fit - 1].isalnum() and sentence[fit].isascii() \
            and sentence[fit].isalnum():
        fit -= 1  # not inside a number or a Latin word
    return sentence[:fit] + "…"


def full_title(article: Article) -> str:
    """Every headline line on one line, for lists and cross-references."""
    return " ".join(line for _, line in headline_roles(article)) or main_title(article)


def byline(article: Article) -> str:
    """Dateline, authors and kind on one quiet line, "" when there is nothing to say."""
    parts = []
    if article.kind in KIND_TAGS:
        parts.append(KIND_TAGS[article.kind])
    if article.dateline:
        parts.append(visible(article.dateline))
    if article.authors:
        parts.append("、".join(visible(a) for a in article.authors))
    if article.continued_from:
        parts.append(f"上接{_page(article.continued_from)}")
    if article.continues_to:
        parts.append(f"下转{_page(article.continues_to)}")
    return " · ".join(parts)


def _page(label: str) -> str:
    label = visible(label).strip()
    return label if label.endswith("版") else f"{label}版"


def body_lines(article: Article, summary: Summary | None, mode: str) -> list[str]:
    """What goes under the headline: the body (articles), the summary (summarize) or nothing (keywords)."""
    if mode == "articles":
        return [visible(p) for p in article.paragraphs]
    if mode in ("summarize", "full"):
        if summary is not None and summary.sentences:
            return [visible(s.text) for s in summary.sentences]
        return [visible(p) for p in article.paragraphs[:1]]
    return []


def names(summary: Summary | None) -> list[str]:
    """The people, places and organizations a summary names: kept whole when lines wrap."""
    return [visible(e.name) for e in summary.entities] if summary is not None else []


def full_text(article: Article, mode: str) -> list[str]:
    """The whole body after the summary and keywords, with --full; nothing otherwise."""
    return [visible(p) for p in article.paragraphs] if mode == "full" else []


def keyword_words(summary: Summary | None, mode: str) -> list[str]:
    """The keywords to show, best first; none in articles mode."""
    if mode == "articles" or summary is None:
        return []
    return [visible(k.word) for k in summary.keywords]


def page_label(digest: Digest, index: int) -> str:
    """The page as the paper numbers it (A2版) when the page says so, else "第1版" for the first."""
    page = digest.pages[index].edition.page
    return f"{visible(page)}版" if page else f"第{index + 1}版"


def source_name(source: str) -> str:
    """A source as shown: its file name, or "stdin"."""
    if source == "-":
        return "stdin"
    return visible(source.replace("\\", "/").rsplit("/", 1)[-1])


def edition_label(edition: Edition, page: bool = True) -> str:
    """ "江海晚报 · 2024年3月1日 · A2版" with what is known of a page; "" when nothing is."""
    parts = [visible(edition.paper)] if edition.paper else []
    if edition.date is not None:
        parts.append(f"{edition.date.year}年{edition.date.month}月{edition.date.day}日")
    if page and edition.page:
        parts.append(f"{visible(edition.page)}版")
    return " · ".join(parts)


def document_label(document: Document) -> str:
    """A document's heading: its paper, date and page when known, else its file name."""
    return edition_label(document.edition) or source_name(document.source)


def page_heading(digest: Digest, page: EditionPage) -> tuple[str, str]:
    """A page's heading in the daily digest, as (label, detail): "A2版" with the paper and date
    when they are not the whole edition's, and the file name only when the page says nothing of
    itself ("第1版", "A01.txt")."""
    label = page_label(digest, page.index)
    own = page.edition
    if own == Edition():
        return label, source_name(page.source)
    same = (own.paper, own.date) == (digest.edition.paper, digest.edition.date)
    return label, "" if same else edition_label(own, page=False)


def joined(*parts: str) -> str:
    """Parts of a heading joined with " · ", empty ones left out."""
    return " · ".join(p for p in parts if p)


def count_line(results: Sequence[DocumentResult]) -> str:
    """ "2 个文件 · 9 篇文章" for a run over several sources."""
    n = sum(len(r.document.content) for r in results)
    return f"{len(results)} 个文件 · {n} 篇文章"


def edition_line(digest: Digest) -> str:
    """ "江海晚报 · 2024年3月1日 · 5 版 · 23 篇文章 · 21 则新闻" for a daily digest; without a date
    from the pages, the day it was made: "生成于2026年11月30日"."""
    known = edition_label(digest.edition, page=False)
    if digest.edition.date is None and digest.made is not None:
        known = joined(known, f"生成于{digest.made.year}年{digest.made.month}月{digest.made.day}日")
    counts = f"{len(digest.pages)} 版 · {len(digest.entries)} 篇文章 · {len(digest.stories)} 则新闻"
    return f"{known} · {counts}" if known else counts


def index_by_kind(digest: Digest) -> list[tuple[str, list[IndexEntry]]]:
    """The name index in groups of one kind, with the kind's label, in index order."""
    groups: dict[str, list[IndexEntry]] = {}
    for entry in digest.index:
        groups.setdefault(entry.kind, []).append(entry)
    return [(LABELS.get(kind, visible(kind)), entries) for kind, entries in groups.items()]
