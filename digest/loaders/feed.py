"""An RSS or Atom feed -> a Source of records, one per item, in the feed's order.

feedparser reads every RSS and Atom version and their date formats. An item's title is the
headline; its full content (Atom <content>, RSS <content:encoded>), else its description or
summary, is the text, with the HTML taken out (a line per paragraph); its link and date go with
it into the JSON.
"""

from __future__ import annotations

import re
import time
from typing import Any

from digest.errors import InputError
from digest.model import Record, Source
from digest.textsafe import clean_text

_ENCODING_DECLARED = re.compile(r"""\A(\s*<\?xml[^>]*?)\s+encoding\s*=\s*["'][^"']*["']""")
_HTML_TYPES = ("text/html", "application/xhtml+xml")


def feed_source(name: str, text: str) -> Source:
    """The items of a feed as records; an InputError when it cannot be read as a feed at all."""
    import feedparser

    # The text is decoded already: feedparser gets UTF-8 bytes, and no declaration that says otherwise.
    data = _ENCODING_DECLARED.sub(r"\1", text, count=1).encode("utf-8", "replace")
    parsed: Any = feedparser.parse(data, sanitize_html=True, resolve_relative_uris=False)
    if not parsed.entries and (parsed.get("bozo") or not parsed.get("version")):
        why = parsed.get("bozo_exception") or "no <rss>, <feed> or <rdf:RDF> with items"
        raise InputError(name, f"not a readable RSS or Atom feed ({_first_line(why)}); check the file")
    records = tuple(_record(entry, n) for n, entry in enumerate(parsed.entries, start=1))
    return Source(name=name, records=records)


def _record(entry: Any, n: int) -> Record:
    title = _plain(entry.get("title", ""), entry.get("title_detail", {}).get("type", "text/plain"))
    body = ""
    kind = "text/html"
    contents = [c for c in entry.get("content", []) if c.get("value", "").strip()]
    if contents:
        best = max(contents, key=lambda c: len(c.get("value", "")))  # the first of the longest
        body, kind = best["value"], best.get("type", kind)
    elif entry.get("summary"):
        body, kind = entry["summary"], entry.get("summary_detail", {}).get("type", kind)
    link = entry.get("link") or None
    return Record(
        text=clean_text("\n".join(_lines(body, kind))),
        title=clean_text(" ".join(title)) or None,
        line=n,
        link=clean_text(link) if isinstance(link, str) else None,
        published=_published(entry),
    )


def _lines(value: str, kind: str) -> list[str]:
    if kind in _HTML_TYPES or "<" in value:
        from digest.loaders.html import html_lines

        return html_lines(value)
    return [line.strip() for line in value.splitlines() if line.strip()]


def _plain(value: str, kind: str) -> list[str]:
    return _lines(value, kind) if value else []


def _published(entry: Any) -> str | None:
    """The item's date: ISO 8601 in UTC when feedparser could read it, else as the feed gives it."""
    for key in ("published", "updated", "created"):
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return time.strftime("%Y-%m-%dT%H:%M:%SZ", parsed)
    for key in ("published", "updated", "created"):
        raw = entry.get(key)
        if isinstance(raw, str) and raw.strip():
            return clean_text(" ".join(raw.split()))
    return None


def _first_line(why: object) -> str:
    return " ".join(str(why).split())[:200]
