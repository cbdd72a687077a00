"""Page text -> articles, in five steps, one module each:

    lines       the page's lines, and the shape of each line on its own
    roles       a role for every line (head, body, byline, jump marker, label, furniture)
    articles    the roles walked in page order into drafts of articles
    paragraphs  paragraphs broken by column breaks rejoined
    stitch      pieces of one article printed apart put back together

`bylines` reads bylines, credits and datelines; `draft` holds an article being assembled.
Every rule is a general cue of Chinese newspaper layout (sentence-final punctuation, line
length, dateline and byline shapes, jump markers), never a fact about one page; the words
those cues are made of live in `digest.cues`.
"""

from __future__ import annotations

from digest.model import NEWS, Article, Document, Record
from digest.page.articles import gather_contributions, group_articles
from digest.page.bylines import is_photo_credit, parse_byline
from digest.page.draft import Draft, add_body, freeze, take_glued_byline
from digest.page.lines import clean_line, marked_lines, split_lines
from digest.page.paragraphs import drop_debris
from digest.page.roles import classify
from digest.page.stitch import stitch_pieces

__all__ = ["parse_page", "parse_record"]


def parse_page(text: str, source: str = "<page>") -> Document:
    """Split one page of text into articles and furniture, in page order."""
    blocks = classify(split_lines(text))
    drafts = stitch_pieces(gather_contributions(group_articles(blocks)))
    for d in drafts:
        if not d.furniture and d.continues_to is None:
            d.paragraphs = drop_debris(d.paragraphs, text)
    marked = marked_lines(text)
    articles = tuple(freeze(d, f"{source}#{i + 1}", i, marked=marked) for i, d in enumerate(drafts))
    return Document(source=source, articles=articles)


def parse_record(record: Record) -> Article:
    """One JSONL record -> one article: title lines are the headline, text lines the paragraphs."""
    headline = [clean_line(h) for h in (record.title or "").split("\n")]
    draft = Draft(headline=[h for h in headline if h])
    lines = split_lines(record.text or "")
    for n, line in enumerate(lines):
        names = parse_byline(line, bare_ok=True) if n == len(lines) - 1 and draft.paragraphs else None
        if names is not None:  # a byline line closes the record
            draft.authors.extend(names)
            draft.photo_credit = is_photo_credit(line)
        else:
            add_body(draft, line)
    take_glued_byline(draft)
    # A record's title lines are given, not guessed: the first is the title, the rest subtitles.
    marked = frozenset(draft.headline[:1])
    return freeze(draft, record.id or str(record.line), 0, default_kind=NEWS, marked=marked)
