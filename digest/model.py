"""The data that flows through the pipeline: plain frozen dataclasses, no behaviour."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field

# Kinds of item found on a page. Only the first three are articles; the rest is
# page furniture kept for completeness but never summarised or scored.
NEWS = "news"
PHOTO = "photo"
COMMENTARY = "commentary"
FURNITURE = "furniture"
ARTICLE_KINDS = frozenset({NEWS, PHOTO, COMMENTARY})


@dataclass(frozen=True, slots=True)
class Record:
    """One line of a JSONL input: one article, not split further."""

    text: str
    id: str | None = None  # echoed in the output
    title: str | None = None  # headline lines joined by "\n"
    line: int = 0
    link: str | None = None  # a feed item's address
    published: str | None = None  # a feed item's date, ISO 8601 when it could be read


@dataclass(frozen=True, slots=True)
class Source:
    """One input as read: a page of text, or the records of a JSONL file, a feed or a web article."""

    name: str  # path as given, "-" for stdin
    text: str = ""
    records: tuple[Record, ...] | None = None  # set for JSONL, feeds and single web articles

    @property
    def is_page(self) -> bool:
        return self.records is None


@dataclass(frozen=True, slots=True)
class Article:
    id: str
    kind: str
    headline: tuple[str, ...]
    dateline: str | None
    authors: tuple[str, ...]
    paragraphs: tuple[str, ...]
    subheads: tuple[str, ...] = ()
    continued_from: str | None = None  # page label of an earlier piece (上接A1版)
    continues_to: str | None = None  # page label of a later piece (下转2版)
    position: int = 0  # order of the article on its page
    # The headline's roles: headline == kicker + (title,) + subtitle when there is a headline. A
    # photo item with no headline is titled by its caption's first sentence; otherwise None.
    title: str | None = None
    kicker: tuple[str, ...] = ()  # lines leading into the title (引题)
    subtitle: tuple[str, ...] = ()  # lines after it (副题, a dash line, a banner)
    link: str | None = None  # where the article is published (a feed item's link)
    published: str | None = None  # when (a feed item's date, ISO 8601 when it could be read)

    @property
    def body(self) -> str:
        return "".join(self.paragraphs)


@dataclass(frozen=True, slots=True)
class Edition:
    """What is known of a page's paper, date and page label (digest.edition); None where unknown."""

    paper: str | None = None
    date: datetime.date | None = None
    page: str | None = None  # as printed, without 版: "A2", "01"
    date_from: str | None = None  # where the date was read: "file name", "folder name" or "text"


@dataclass(frozen=True, slots=True)
class Document:
    """Everything recovered from one source: its articles and page furniture, in page order."""

    source: str
    articles: tuple[Article, ...]
    edition: Edition = Edition()

    @property
    def content(self) -> tuple[Article, ...]:
        return tuple(a for a in self.articles if a.kind in ARTICLE_KINDS)


@dataclass(frozen=True, slots=True)
class Sentence:
    text: str  # verbatim from the article body
    index: int  # position in the article: output order and tie-break
    paragraph: int  # index of the paragraph it comes from


@dataclass(frozen=True, slots=True)
class Keyword:
    word: str
    weight: float


@dataclass(frozen=True, slots=True)
class Entity:
    """A person, place or organization named in an article."""

    name: str
    kind: str  # "person" | "place" | "org"
    count: int = 1


@dataclass(frozen=True, slots=True)
class Summary:
    article: Article
    sentences: tuple[Sentence, ...]
    keywords: tuple[Keyword, ...]
    entities: tuple[Entity, ...] = ()


DEFAULT_SENTENCES = 3  # a summary's length when no length option is given


@dataclass(frozen=True, slots=True)
class SummaryOptions:
    """How long a summary is and how keywords are chosen; one immutable config.

    `sentences`, `ratio` and `max_chars` are caps: each one given limits the summary, and the
    smallest wins. With none of them a summary has DEFAULT_SENTENCES sentences.
    """

    sentences: int | None = None  # at most this many sentences
    max_chars: int | None = None  # at most this many characters (one sentence at least)
    ratio: float | None = None  # at most this share of the article's sentences (rounded up)
    keywords: int = 10
    engine: str = "digest"  # "digest" or "textrank4zh"
    stopwords: frozenset[str] = field(default_factory=frozenset)
    user_dict: str | None = None


@dataclass(frozen=True, slots=True)
class Failure:
    """An input that could not be processed: reported on one line, never a traceback."""

    source: str
    message: str


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """One processed source: its document and, for `summarize`/`keywords`, one Summary per
    content article (same order as `document.content`)."""

    document: Document
    summaries: tuple[Summary, ...] = ()

    def content(self) -> Iterator[tuple[Article, Summary | None]]:
        """The articles (no furniture), each with its summary when there is one."""
        articles = self.document.content
        # One summary per content article, in order (by position: two JSONL records may share an id).
        summaries: Sequence[Summary | None] = self.summaries or [None] * len(articles)
        yield from zip(articles, summaries, strict=True)
