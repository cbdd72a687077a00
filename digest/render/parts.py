"""What every format shows, decided once: labels, headline roles, bylines and safe text.

The formats differ only in how they set these pieces; user text always goes through
`visible` first, then through the format's own escaping.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digest.model import COMMENTARY, PHOTO, Article, DocumentResult, Summary
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

# A kicker (引题) leads into the main title: "…时强调", "…表示:", "…指出".
_KICKER_END = re.compile(r"(强调|指出|表示|要求|提出|认为|说|称|寄语|[:：])$")


def headline_roles(headline: Sequence[str]) -> list[tuple[str, str]]:
    """Each headline line with its role: "kicker", "title" (exactly one when any) or "subtitle"."""
    lines = [visible(h).strip() for h in headline if h.strip()]
    if not lines:
        return []
    main = 1 if len(lines) > 1 and _KICKER_END.search(lines[0]) else 0
    return [("kicker" if i < main else "title" if i == main else "subtitle", line) for i, line in enumerate(lines)]


def main_title(article: Article) -> str:
    """The main title line, or the start of the body when there is no headline."""
    for role, line in headline_roles(article.headline):
        if role == "title":
            return line
    body = visible(article.body).strip()
    return body[:24] + ("…" if len(body) > 24 else "") if body else article.id


def full_title(article: Article) -> str:
    """Every headline line on one line, for lists and cross-references."""
    return " ".join(line for _, line in headline_roles(article.headline)) or main_title(article)


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
