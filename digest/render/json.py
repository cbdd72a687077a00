"""JSON as docs/json.md and digest/schema/output.json describe it: one document, UTF-8, non-ASCII
kept, keys in a fixed order."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any

from digest.model import Article, DocumentResult, Edition, Summary
from digest.render.parts import page_label

if TYPE_CHECKING:
    from digest.daily import Digest, Entry


def article_dict(article: Article, summary: Summary | None, mode: str) -> dict[str, Any]:
    out: dict[str, Any] = {
        "id": article.id,
        "kind": article.kind,
        "headline": list(article.headline),
        "dateline": article.dateline,
        "authors": list(article.authors),
        "paragraphs": list(article.paragraphs),
    }
    if article.subheads:
        out["subheads"] = list(article.subheads)
    if article.continued_from:
        out["continued_from"] = article.continued_from
    if article.continues_to:
        out["continues_to"] = article.continues_to
    if mode in ("summarize", "keywords") and summary is not None:
        if mode == "summarize":
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


def document_dict(result: DocumentResult, mode: str) -> dict[str, Any]:
    doc = result.document
    by_object = {id(a): s for a, s in result.content()}  # two articles may share an id, never an object
    out: dict[str, Any] = {"source": doc.source, **edition_dict(doc.edition)}
    out["articles"] = [article_dict(a, by_object.get(id(a)), mode) for a in doc.articles]
    return out


def render_documents(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    return "".join(iter_documents(results, mode))


def iter_documents(results: Iterable[DocumentResult], mode: str) -> Iterator[str]:
    """`render_documents` in pieces, the same bytes as one `json.dumps` of the whole: one article
    at a time is turned into JSON, so that memory does not grow with the output (a JSONL input
    of 100,000 records once took 500 MB more to render than to summarize)."""
    yield '{\n  "documents": ['
    n = -1
    for n, result in enumerate(results):
        doc = result.document
        summaries = {id(a): s for a, s in result.content()}  # two articles may share an id, never an object
        head = _dumps({"source": doc.source, **edition_dict(doc.edition)}, 2)
        yield ("," if n else "") + "\n    " + head[:-1].rstrip() + ',\n      "articles": ['
        for i, article in enumerate(doc.articles):
            yield ("," if i else "") + "\n        " + _dumps(article_dict(article, summaries.get(id(article)), mode), 4)
        yield ("\n      ]" if doc.articles else "]") + "\n    }"
    yield ("\n  ]" if n >= 0 else "]") + "\n}\n"


def _dumps(value: Any, level: int) -> str:
    """`value` as json.dumps(indent=2) writes it `level` levels deep (strings in JSON never hold
    a line break, so indenting every line after the first is exact)."""
    return json.dumps(value, ensure_ascii=False, indent=2).replace("\n", "\n" + "  " * level)


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily digest as one JSON document; its shape is documented in docs/daily.md."""
    ids = {e.number: e.article.id for e in digest.entries}

    def entry_dict(e: Entry) -> dict[str, Any]:
        out = article_dict(e.article, e.summary, "summarize")
        if e.duplicate_of is not None:
            out["duplicate_of"] = ids[e.duplicate_of]
            out["relation"] = e.relation
        else:
            out["score"] = e.score
        if e.repeats:
            out["repeats"] = [ids[n] for n in e.repeats]
        return out

    index: dict[str, list[dict[str, Any]]] = {}
    for item in digest.index:
        index.setdefault(item.kind, []).append(
            {"name": item.name, "count": item.count, "articles": [ids[n] for n in item.articles]}
        )
    payload = {
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
                "summary": [s.text for s in e.summary.sentences] if e.summary else [],
            }
            for rank, e in enumerate(digest.top_stories, 1)
        ],
        "pages": [
            {"page": p.index + 1, "source": p.source, "label": page_label(digest, p.index), "empty": not p.entries,
             "articles": [entry_dict(e) for e in p.entries]}
            for p in digest.pages
        ],
        "keywords": [{"word": k.word, "weight": round(k.weight, 4)} for k in digest.keywords],
        "index": index,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
