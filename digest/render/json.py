"""JSON per CONTRACT.md: one document, UTF-8, non-ASCII kept, keys in a fixed order."""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from digest.model import Article, DocumentResult, Summary


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


def document_dict(result: DocumentResult, mode: str) -> dict[str, Any]:
    doc = result.document
    by_id = {s.article.id: s for s in result.summaries}
    out: dict[str, Any] = {"source": doc.source}
    out["articles"] = [article_dict(a, by_id.get(a.id), mode) for a in doc.articles]
    return out


def render_json(results: Sequence[DocumentResult], mode: str) -> str:
    payload = {"documents": [document_dict(r, mode) for r in results]}
    return json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
