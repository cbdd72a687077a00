"""JSON per CONTRACT.md: one document, UTF-8, non-ASCII kept, keys in a fixed order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from digest.model import Article, DocumentResult, Summary
from digest.render.parts import content

if TYPE_CHECKING:
    from digest.daily import Digest, Entry


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


def document_dict(result: DocumentResult, mode: str) -> dict[str, Any]:
    doc = result.document
    by_object = {id(a): s for a, s in content(result)}  # two articles may share an id, never an object
    out: dict[str, Any] = {"source": doc.source}
    out["articles"] = [article_dict(a, by_object.get(id(a)), mode) for a in doc.articles]
    return out


def render_json(results: Sequence[DocumentResult], mode: str) -> str:
    payload = {"documents": [document_dict(r, mode) for r in results]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"


def render_daily_json(digest: Digest) -> str:
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
            }
            for rank, e in enumerate(digest.top_stories, 1)
        ],
        "pages": [
            {"page": p.index + 1, "source": p.source, "empty": not p.entries,
             "articles": [entry_dict(e) for e in p.entries]}
            for p in digest.pages
        ],
        "keywords": [{"word": k.word, "weight": round(k.weight, 4)} for k in digest.keywords],
        "index": index,
    }
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
