"""What every format shows, decided once: labels, headline roles, bylines and safe text.

The formats differ only in how they set these pieces; user text always goes through
`visible` first, then through the format's own escaping.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING

from digest.model import COMMENTARY, PHOTO, Article, DocumentResult, Summary
from digest.page.heads import first_sentence
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.daily import Digest, IndexEntry

TITLE = "新闻摘要"
DAILY_TITLE = "每日新闻摘要"
LABELS = {
    "top": "今日要闻",
    "pages": "各版内容",
    "keywords": "关键词",
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
    """The main title, or the first sentence of the body, whole, when there is none."""
    if article.title is not None and article.title.strip():
        return visible(article.title).strip()
    body = visible(article.body).strip()
    return first_sentence(body) if body else article.id


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
    if mode == "summarize":
        if summary is not None and summary.sentences:
            return [visible(s.text) for s in summary.sentences]
        return [visible(p) for p in article.paragraphs[:1]]
    return []


def keyword_words(summary: Summary | None, mode: str) -> list[str]:
    """The keywords to show, best first; none in articles mode."""
    if mode == "articles" or summary is None:
        return []
    return [visible(k.word) for k in summary.keywords]


def content(result: DocumentResult) -> Iterator[tuple[Article, Summary | None]]:
    """The articles of a result (no furniture), each with its summary when there is one."""
    articles = result.document.content
    # One summary per content article, in order (by position: two JSONL records may share an id).
    summaries: Sequence[Summary | None] = result.summaries or [None] * len(articles)
    yield from zip(articles, summaries, strict=True)


def page_label(index: int) -> str:
    """ "第1版" for the first page of the edition."""
    return f"第{index + 1}版"


def source_name(source: str) -> str:
    """A source as shown: its file name, or "stdin"."""
    if source == "-":
        return "stdin"
    return visible(source.replace("\\", "/").rsplit("/", 1)[-1])


def count_line(results: Sequence[DocumentResult]) -> str:
    """ "2 个文件 · 9 篇文章" for a run over several sources."""
    n = sum(len(r.document.content) for r in results)
    return f"{len(results)} 个文件 · {n} 篇文章"


def edition_line(digest: Digest) -> str:
    """ "5 版 · 23 篇文章 · 21 则新闻" for a daily digest."""
    return f"{len(digest.pages)} 版 · {len(digest.entries)} 篇文章 · {len(digest.stories)} 则新闻"


def index_by_kind(digest: Digest) -> list[tuple[str, list[IndexEntry]]]:
    """The name index in groups of one kind, with the kind's label, in index order."""
    groups: dict[str, list[IndexEntry]] = {}
    for entry in digest.index:
        groups.setdefault(entry.kind, []).append(entry)
    return [(LABELS.get(kind, visible(kind)), entries) for kind, entries in groups.items()]
