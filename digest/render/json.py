"""JSON as docs/json.md and digest/schema/output.json describe it: one document, UTF-8, non-ASCII
kept, keys in a fixed order."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from digest.model import Article, DocumentResult, Edition, Summary
from digest.render.parts import page_label

if TYPE_CHECKING:
    from digest.archive.views import AddReport, Info, SearchResult, StoredPage, Trend, Trends
    from digest.daily import Digest, Entry, Seen


def article_dict(article: Article, summary: Summary | None, mode: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": article.id,
        "kind": article.kind,
        "headline": list(article.headline),
        "title": article.title,
        "kicker": list(article.kicker),
        "subtitle": list(article.subtitle),
        "dateline": article.dateline,
        "authors": list(article.authors),
    }
    if mode in ("articles", "full"):  # keywords and a plain summarize leave the full text out
        out["paragraphs"] = list(article.paragraphs)
    if article.subheads:
        out["subheads"] = list(article.subheads)
    if article.continued_from:
        out["continued_from"] = article.continued_from
    if article.continues_to:
        out["continues_to"] = article.continues_to
    if article.link:
        out["link"] = article.link
    if article.published:
        out["published"] = article.published
    if mode in ("summarize", "full", "keywords") and summary is not None:
        if mode != "keywords":
            out["summary"] = [s.text for s in summary.sentences]
        # Rounded so that the same input always gives the same bytes.
        out["keywords"] = [{"word": k.word, "weight": round(k.weight, 4)} for k in summary.keywords]
    return out


def edition_dict(edition: Edition, page: bool = True) -> dict[str, Any]:
    """The paper, date (ISO 8601) and page label a page states, None where it does not."""
    out: dict[str, Any] = {
        "paper": edition.paper,
        "date": edition.date.isoformat() if edition.date else None,
    }
    if page:
        out["page"] = edition.page
    return out


def document_dict(result: DocumentResult, mode: str, listing: Listing = list) -> dict[str, Any]:
    doc = result.document
    by_object = {id(a): s for a, s in result.content()}  # two articles may share an id, never an object
    out: dict[str, Any] = {"source": doc.source, **edition_dict(doc.edition)}
    out["articles"] = listing(article_dict(a, by_object.get(id(a)), mode) for a in doc.articles)
    return out


def documents_payload(results: Sequence[DocumentResult], mode: str, listing: Listing = list) -> dict[str, Any]:
    """What `summarize`, `articles` and `keywords` print, as plain data (`listing=Stream`: its
    long lists made one item at a time, as `iter_json` writes them)."""
    return {"documents": listing(document_dict(r, mode, listing) for r in results)}


def dumps(payload: dict[str, Any]) -> str:
    """One JSON document: UTF-8 text as is, indented, ending in a newline."""
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_documents(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    return dumps(documents_payload(results, mode))


def iter_documents(results: Sequence[DocumentResult], mode: str) -> Iterator[str]:
    """`render_documents` in pieces, to be written as they come: the same bytes, one article's
    JSON made at a time (a JSONL input of 100,000 records once took 500 MB more to render whole
    than to summarize)."""
    yield from iter_json(documents_payload(results, mode, Stream))
    yield "\n"


def iter_daily(digest: Digest) -> Iterator[str]:
    """`render_daily` in pieces, as `iter_documents`."""
    yield from iter_json(daily_payload(digest, Stream))
    yield "\n"


class Stream:
    """A JSON array whose items are made one at a time, as `iter_json` writes them."""

    def __init__(self, items: Iterable[Any]) -> None:
        self.items = items


Listing = Callable[[Iterable[Any]], Any]  # list, or Stream


def iter_json(value: Any, level: int = 0) -> Iterator[str]:
    """`value` as json.dumps(indent=2) writes it `level` levels deep, in pieces: a Stream's items
    are made and written one at a time."""
    pad = "\n" + "  " * (level + 1)
    if isinstance(value, Stream):
        empty = True
        for item in value.items:
            yield ("[" if empty else ",") + pad
            yield from iter_json(item, level + 1)
            empty = False
        yield "[]" if empty else "\n" + "  " * level + "]"
    elif isinstance(value, dict) and _streams(value):
        for i, (key, item) in enumerate(value.items()):
            yield ("{" if i == 0 else ",") + pad + json.dumps(key, ensure_ascii=False) + ": "
            yield from iter_json(item, level + 1)
        yield "\n" + "  " * level + "}"
    else:
        # JSON strings never hold a line break: indenting every line after the first is exact.
        yield json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def _streams(value: dict[str, Any]) -> bool:
    return any(isinstance(v, Stream) or (isinstance(v, dict) and _streams(v)) for v in value.values())


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily digest as one JSON document; its shape is documented in docs/json.md."""
    return dumps(daily_payload(digest))


def daily_payload(digest: Digest, listing: Listing = list) -> dict[str, Any]:
    """What `daily` prints, as plain data (`listing`: as in `documents_payload`)."""
    ids = {e.number: e.article.id for e in digest.entries}

    def entry_dict(e: Entry) -> dict[str, Any]:
        out = article_dict(e.article, e.summary, "full")
        if e.duplicate_of is not None:
            out["duplicate_of"] = ids[e.duplicate_of]
            out["relation"] = e.relation
        else:
            out["score"] = e.score
        if e.repeats:
            out["repeats"] = [ids[n] for n in e.repeats]
        if e.seen is not None:
            out["seen"] = seen_dict(e.seen)
        return out

    index: dict[str, list[dict[str, Any]]] = {}
    for item in digest.index:
        index.setdefault(item.kind, []).append(
            {"name": item.name, "count": item.count, "articles": [ids[n] for n in item.articles]}
        )
    return {
        "edition": {
            "sources": list(digest.sources),
            **edition_dict(digest.edition, page=False),
            "pages": len(digest.pages),
            "articles": len(digest.entries),
            "stories": len(digest.stories),
        },
        "top_stories": [
            {
                "rank": rank,
                "id": e.article.id,
                "source": e.source,
                "page": e.page + 1,
                "score": e.score,
                "headline": list(e.article.headline),
                "title": e.article.title,
                "summary": [s.text for s in e.summary.sentences] if e.summary else [],
                **({"seen": seen_dict(e.seen)} if e.seen is not None else {}),
            }
            for rank, e in enumerate(digest.top_stories, 1)
        ],
        "pages": listing(
            {"page": p.index + 1, "source": p.source, "label": page_label(digest, p.index), "empty": not p.entries,
             "articles": listing(entry_dict(e) for e in p.entries)}
            for p in digest.pages
        ),
        "keywords": [{"word": k.word, "weight": round(k.weight, 4)} for k in digest.keywords],
        "index": index,
    }


def seen_dict(seen: Seen) -> dict[str, Any]:
    """Where a story was reported before: the date, the archive's article number (as `digest search`
    gives it), the paper, the article's id in its edition and its title."""
    return {"date": seen.date.isoformat(), "id": seen.id, "paper": seen.paper, "article": seen.article,
            "title": seen.title}  # fmt: skip


def _stored(page: StoredPage) -> dict[str, Any]:
    return {"source": page.source, "date": page.date.isoformat(), "date_from": page.date_from, "paper": page.paper,
            "page": page.page, "articles": page.articles}  # fmt: skip


def render_added(report: AddReport, width: int = 100) -> str:
    payload: dict[str, Any] = {"archive": report.path}
    for status in ("added", "present", "empty"):
        payload[status] = [_stored(p) for p in report.pages if p.status == status]
    payload["failed"] = [{"source": f.source, "message": f.message} for f in report.failed]
    return dumps(payload)


def render_search(result: SearchResult, width: int = 100) -> str:
    hits = [
        {"id": h.id, "date": h.date.isoformat(), "paper": h.paper, "source": h.source, "title": h.title,
         "snippet": "".join(f"【{t}】" if hit else t for t, hit in h.snippet), "score": h.score}
        for h in result.hits
    ]  # fmt: skip
    return dumps({"query": result.query, "hits": hits})


def _trend(t: Trend, key: str) -> dict[str, Any]:
    out: dict[str, Any] = {key: t.term}
    if key == "name":
        out["kind"] = t.kind
    out.update(current=t.current, previous=t.previous)
    return out


def render_trends(trends: Trends, width: int = 100) -> str:
    return dumps({
        "from": trends.start.isoformat(), "until": trends.until.isoformat(), "days": trends.days,
        "articles": trends.articles,
        "previous": {"from": trends.previous_start.isoformat(), "until": trends.previous_until.isoformat(),
                     "articles": trends.previous_articles},
        "keywords": [_trend(t, "word") for t in trends.keywords],
        "entities": [_trend(t, "name") for t in trends.entities],
    })  # fmt: skip


def render_info(info: Info, width: int = 100) -> str:
    return dumps({
        "path": info.path, "size": info.size, "editions": info.editions, "pages": info.pages,
        "articles": info.articles, "first": info.first.isoformat() if info.first else None,
        "last": info.last.isoformat() if info.last else None, "schema": info.schema,
    })  # fmt: skip
