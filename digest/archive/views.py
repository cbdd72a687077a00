"""What the archive commands return, for the renderers: plain frozen dataclasses, no sqlite3."""

from __future__ import annotations

import datetime
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class StoredPage:
    """One input of `archive add` (or `daily --archive`) and what became of it."""

    source: str
    status: str  # "added", "present" (the same page was stored before) or "empty" (no article)
    date: datetime.date
    date_from: str  # "option", "file name", "folder name", "text" or "today"
    paper: str | None = None
    page: str | None = None
    articles: int = 0


@dataclass(frozen=True, slots=True)
class Failed:
    source: str
    message: str


@dataclass(frozen=True, slots=True)
class AddReport:
    pages: tuple[StoredPage, ...]
    failed: tuple[Failed, ...] = ()
    path: str = ""

    def count(self, status: str) -> int:
        return sum(1 for p in self.pages if p.status == status)


@dataclass(frozen=True, slots=True)
class Hit:
    id: int  # the archive's number of the article
    date: datetime.date
    paper: str | None
    source: str
    title: str
    snippet: tuple[tuple[str, bool], ...]  # pieces of text, True where the query matched
    score: float  # bm25, higher is better, rounded


@dataclass(frozen=True, slots=True)
class SearchResult:
    query: str
    hits: tuple[Hit, ...]


@dataclass(frozen=True, slots=True)
class Trend:
    term: str
    kind: str  # "keyword", or an entity kind: "person", "place", "org"
    current: int  # articles that name it in the period
    previous: int  # ... in the period before, of the same length


@dataclass(frozen=True, slots=True)
class Trends:
    start: datetime.date  # the period: start..until, `days` days
    until: datetime.date
    days: int
    keywords: tuple[Trend, ...]
    entities: tuple[Trend, ...]
    articles: int = 0  # articles in the period
    previous_articles: int = 0

    @property
    def previous_start(self) -> datetime.date:
        return self.start - datetime.timedelta(days=self.days)

    @property
    def previous_until(self) -> datetime.date:
        return self.start - datetime.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Info:
    path: str
    size: int  # bytes on disk, with the write-ahead log
    editions: int
    pages: int
    articles: int
    first: datetime.date | None
    last: datetime.date | None
    schema: int
