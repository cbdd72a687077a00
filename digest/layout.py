"""Page text -> articles. (Placeholder: splits on blank lines; to be replaced by the real parser.)"""

from __future__ import annotations

from digest.model import NEWS, Article, Document, Record


def parse_page(text: str, source: str = "<page>") -> Document:
    paras = [p.strip() for p in text.split("\n") if p.strip()]
    arts = []
    head: list[str] = []
    body: list[str] = []
    for p in paras:
        if len(p) < 40 and not p.endswith("。"):
            if body:
                arts.append((head, body))
                head, body = [], []
            head.append(p)
        else:
            body.append(p)
    if body or head:
        arts.append((head, body))
    return Document(
        source=source,
        articles=tuple(
            Article(id=f"{source}#{i + 1}", kind=NEWS, headline=tuple(h), dateline=None, authors=(),
                    paragraphs=tuple(b), position=i)
            for i, (h, b) in enumerate(arts)
        ),
    )


def parse_record(record: Record) -> Article:
    """One JSONL record -> one article: title lines are the headline, lines are paragraphs."""
    paras = tuple(p.strip() for p in record.text.split("\n") if p.strip())
    headline = tuple(h.strip() for h in (record.title or "").split("\n") if h.strip())
    return Article(id=record.id or str(record.line), kind=NEWS, headline=headline, dateline=None,
                   authors=(), paragraphs=paras)
