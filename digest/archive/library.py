"""What the archive commands do, apart from the command line: add, recall, search, trends, info.

Each function takes an open `store.Archive` and plain values and returns a value of `views.py`;
errors are `ArchiveError` (the archive) or `ConfigError` (a bad option value), one line each.
"""

from __future__ import annotations

import datetime
import hashlib
import json
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from digest.archive.store import Archive, Prepared, default_path, open_archive, prepare_index
from digest.archive.views import AddReport, Failed, Hit, Info, SearchResult, StoredPage, Trend, Trends
from digest.errors import ArchiveError
from digest.model import Article, DocumentResult, Edition, Summary
from digest.options import ConfigError

if TYPE_CHECKING:
    import sqlite3

    from digest.daily import Digest, Seen

CANDIDATES = 8  # archived stories compared exactly with each new one, those sharing most bands first
NEWEST_MATCHES = 5_000  # a search stops reading older parts of the index once it has seen this many matches
NEWEST_PARTS = 2  # ... or once these newest parts (of store.SEARCH_PART articles) have given enough hits
MIN_TREND = 2  # a term named in fewer articles of the period is not a trend
DATE_FROM = {
    "option": "from --date",
    "file name": "from the file name",
    "folder name": "from the folder name",
    "text": "from the masthead",
    "today": "today's date: none in the names or the text",
}


def archive_path(db: Path | None) -> Path:
    """The archive's file: --db or the config file's `db`, else $DIGEST_DB, else the default."""
    return db.expanduser() if db is not None else default_path()


def open_for_writing(db: Path | None) -> Archive:
    return open_archive(archive_path(db), write=True)


def open_for_reading(db: Path | None, current: bool = True) -> Archive:
    return open_archive(archive_path(db), write=False, current=current)


def edition_date(edition: Edition, override: datetime.date | None) -> tuple[datetime.date, str]:
    """The edition date and where it came from: --date, the page's names or masthead, else today."""
    if override is not None:
        return override, "option"
    if edition.date is not None:
        return edition.date, edition.date_from or "text"
    return datetime.date.today(), "today"


def date_line(pages: Sequence[StoredPage]) -> str:
    """One line saying which edition date was used, and where it came from."""
    found = Counter((p.date, p.date_from) for p in pages)
    if not found:
        return ""
    if len(found) == 1:
        (date, where), _ = found.popitem()
        return f"edition date {date.isoformat()} ({DATE_FROM.get(where, where)})"
    parts = [f"{d.isoformat()} ({DATE_FROM.get(w, w)}) ×{n}" for (d, w), n in sorted(found.items())]
    return "edition dates " + ", ".join(parts)


def title_of(article: Article) -> str:
    """The article's main title: `Article.title` where the model has it, else its headline lines."""
    title = getattr(article, "title", None)
    return title if isinstance(title, str) and title.strip() else " ".join(article.headline)


# --- add ----------------------------------------------------------------------------------------


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _article_row(article: Article, summary: Summary | None) -> dict[str, Any]:
    from digest.archive.fingerprint import content_fingerprint

    return {
        "position": article.position,
        "ident": article.id,
        "kind": article.kind,
        "title": title_of(article),
        "headline": list(article.headline),
        "dateline": article.dateline,
        "authors": list(article.authors),
        "paragraphs": list(article.paragraphs),
        "summary": [s.text for s in summary.sentences] if summary else [],
        "keywords": [[k.word, round(k.weight, 4)] for k in summary.keywords] if summary else [],
        "entities": [[e.name, e.kind, e.count] for e in summary.entities] if summary else [],
        "fingerprint": content_fingerprint(article.headline, article.paragraphs),
    }


def _page_fingerprint(date: datetime.date, paper: str, label: str | None, rows: Sequence[dict[str, Any]]) -> str:
    """The same page is the same date, paper, page label and articles, wherever its file lies."""
    digest = hashlib.sha256(_dumps([date.isoformat(), paper, label or ""]).encode("utf-8"))
    for row in rows:
        digest.update(row["fingerprint"].encode("ascii"))
    return digest.hexdigest()[:32]


@dataclass(frozen=True, slots=True)
class PreparedPage:
    """A page ready to be written: its rows and index entries, computed outside any transaction."""

    page: StoredPage
    fingerprint: str = ""
    rows: tuple[dict[str, Any], ...] = ()
    index: tuple[Prepared, ...] = ()


def prepare(result: DocumentResult, date: datetime.date | None = None, paper: str | None = None,
            index: bool = True) -> PreparedPage:  # fmt: skip
    """What storing a page writes (`index`: with the words and band keys, else only the rows)."""
    doc = result.document
    day, date_from = edition_date(doc.edition, date)
    paper_name = paper or doc.edition.paper or ""
    rows = tuple(_article_row(a, s) for a, s in result.content())
    page = StoredPage(doc.source, "empty" if not rows else "added", day, date_from, paper_name or None,
                      doc.edition.page, len(rows))  # fmt: skip
    fingerprint = _page_fingerprint(day, paper_name, doc.edition.page, rows) if rows else ""
    prepared = PreparedPage(page, fingerprint, rows)
    return with_index(prepared) if index else prepared


def with_index(prepared: PreparedPage) -> PreparedPage:
    rows = prepared.rows
    index = tuple(prepare_index(r["headline"], r["dateline"], r["authors"], r["paragraphs"]) for r in rows)
    return replace(prepared, index=index)


def store_result(
    archive: Archive, result: DocumentResult, date: datetime.date | None = None, paper: str | None = None
) -> StoredPage:
    """Store one page with its summaries in one transaction; a page stored before is left as it is."""
    prepared = prepare(result, date, paper, index=False)
    if not prepared.rows:
        return prepared.page
    if archive.read("SELECT 1 FROM page WHERE fingerprint = ?", (prepared.fingerprint,)):
        return replace(prepared.page, status="present")
    return write(archive, with_index(prepared))


def write(archive: Archive, prepared: PreparedPage) -> StoredPage:
    """Write a prepared page in one transaction: all of it, or (another run stored it) nothing."""
    return replace(prepared.page, status=archive.write(lambda conn: _write_page(conn, prepared)))


def _write_page(conn: sqlite3.Connection, prepared: PreparedPage) -> str:
    """The rows of one page, inside the caller's transaction: "added", or "present" when it is there."""
    from digest.archive.store import index_article

    page, rows = prepared.page, prepared.rows
    day, paper_name = page.date.isoformat(), page.paper or ""
    if conn.execute("SELECT 1 FROM page WHERE fingerprint = ?", (prepared.fingerprint,)).fetchone():
        return "present"  # another run stored it meanwhile
    conn.execute("INSERT OR IGNORE INTO edition (paper, date) VALUES (?, ?)", (paper_name, day))
    (edition,) = conn.execute("SELECT id FROM edition WHERE paper = ? AND date = ?", (paper_name, day)).fetchone()
    page_id = conn.execute(
        "INSERT INTO page (edition, source, label, date_from, fingerprint, articles) VALUES (?, ?, ?, ?, ?, ?)",
        (edition, page.source, page.page, page.date_from, prepared.fingerprint, len(rows)),
    ).lastrowid
    for row, index in zip(rows, prepared.index, strict=True):
        ident = conn.execute(
            """INSERT INTO article (page, date, paper, position, ident, kind, title, headline, dateline, authors,
               paragraphs, summary, keywords, entities, fingerprint)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            (page_id, day, paper_name, row["position"], row["ident"], row["kind"], row["title"],
             _dumps(row["headline"]), row["dateline"], _dumps(row["authors"]), _dumps(row["paragraphs"]),
             _dumps(row["summary"]), _dumps(row["keywords"]), _dumps(row["entities"]), row["fingerprint"]),
        ).lastrowid  # fmt: skip
        assert ident is not None
        index_article(conn, ident, day, row["headline"], row["dateline"], row["authors"], row["paragraphs"], index)
    return "added"


def add_edition(
    archive: Archive, results: Sequence[DocumentResult], date: datetime.date | None = None, paper: str | None = None
) -> AddReport:
    """Store every page of an edition in one transaction (daily --archive): all of them or none."""
    prepared = [prepare(r, date, paper, index=False) for r in results]
    todo = [p for p in prepared if p.rows and not archive.read("SELECT 1 FROM page WHERE fingerprint = ?",
                                                               (p.fingerprint,))]  # fmt: skip
    ready = {id(p): with_index(p) for p in todo}
    try:
        statuses = archive.write(lambda conn: {key: _write_page(conn, p) for key, p in ready.items()})
    except ArchiveError as exc:
        return AddReport((), tuple(Failed(r.document.source, str(exc)) for r in results), str(archive.path))
    pages = tuple(
        replace(p.page, status=statuses[id(p)]) if id(p) in statuses else p.page if not p.rows
        else replace(p.page, status="present")
        for p in prepared
    )  # fmt: skip
    return AddReport(pages, (), str(archive.path))


def add(
    archive: Archive, results: Sequence[DocumentResult], date: datetime.date | None = None, paper: str | None = None
) -> AddReport:
    """Store every page, each in its own transaction; a page that cannot be stored is reported."""
    pages: list[StoredPage] = []
    failed: list[Failed] = []
    for result in results:
        try:
            pages.append(store_result(archive, result, date, paper))
        except ArchiveError as exc:
            failed.append(Failed(result.document.source, str(exc)))
    return AddReport(tuple(pages), tuple(failed), str(archive.path))


WRITE_BATCH = 64  # pages per transaction when a cluster computed them (archive add --dask)


def add_prepared(
    archive: Archive,
    results: Sequence[DocumentResult],
    prepared: Sequence[PreparedPage | None],
    date: datetime.date | None = None,
    paper: str | None = None,
) -> AddReport:
    """`add` for pages prepared elsewhere (on a cluster's workers, `prepare`; None: prepare it
    here): the one writer stores them in order, WRITE_BATCH pages per transaction. Each page is
    still all in or all out; a batch that cannot be written is tried again page by page, so that
    only the pages that cannot be stored are reported. The report is `add`'s, page for page."""
    pages: list[StoredPage] = []
    failed: list[Failed] = []
    ready = [p if p is not None else prepare(r, date, paper) for r, p in zip(results, prepared, strict=True)]
    for start in range(0, len(ready), WRITE_BATCH):
        batch = ready[start : start + WRITE_BATCH]
        sources = [r.document.source for r in results[start : start + WRITE_BATCH]]
        todo = [p for p in batch if p.rows and not archive.read("SELECT 1 FROM page WHERE fingerprint = ?",
                                                                (p.fingerprint,))]  # fmt: skip
        def write_batch(conn: sqlite3.Connection, todo: list[PreparedPage] = todo) -> dict[int, str]:
            return {id(p): _write_page(conn, p) for p in todo}

        try:
            statuses = archive.write(write_batch)
        except ArchiveError:
            statuses = {}
            waiting = {id(p) for p in todo}
            for p, source in zip(batch, sources, strict=True):
                if id(p) in waiting:
                    try:
                        statuses[id(p)] = write(archive, p).status
                    except ArchiveError as exc:
                        failed.append(Failed(source, str(exc)))
                        statuses[id(p)] = ""
        for p in batch:
            status = statuses.get(id(p), "present" if p.rows else p.page.status)
            if status:
                pages.append(replace(p.page, status=status))
    return AddReport(tuple(pages), tuple(failed), str(archive.path))


# --- daily --archive: stories reported before ---------------------------------------------------


def seen_before(
    archive: Archive, digest: Digest, days: int, date: datetime.date | None = None
) -> dict[int, Seen]:
    """Each story of `digest` already reported in the `days` days before its edition date: the
    earliest such report, by the story's entry number. Found through the band index (only bands of
    that window are read), then compared exactly."""
    from digest.archive.fingerprint import band_keys, same_story, shingle_hashes
    from digest.daily import Seen

    found: dict[int, Seen] = {}
    for entry in digest.stories:
        keys = band_keys(entry.article.body)
        if not keys:
            continue
        day, _ = edition_date(digest.pages[entry.page].edition, date)
        low = (day - datetime.timedelta(days=days)).toordinal()
        high = day.toordinal() - 1
        marks = ",".join("?" * len(keys))
        candidates = archive.read(
            f"""SELECT article FROM band WHERE key IN ({marks}) AND day BETWEEN ? AND ?
                GROUP BY article ORDER BY count(*) DESC, article LIMIT ?""",
            (*keys, low, high, CANDIDATES),
        )
        if not candidates:
            continue
        mine = shingle_hashes(entry.article.body)  # only for a story that has candidates
        ids = [c[0] for c in candidates]
        rows = archive.read(
            f"""SELECT id, date, paper, ident, title, paragraphs FROM article WHERE id IN ({','.join('?' * len(ids))})
                ORDER BY date, id""",
            tuple(ids),
        )
        for ident, when, paper, article, title, paragraphs in rows:
            if same_story(mine, shingle_hashes("".join(json.loads(paragraphs)))):
                found[entry.number] = Seen(datetime.date.fromisoformat(when), ident, title, paper or None, article)
                break
    return found


# --- search -------------------------------------------------------------------------------------


def search(
    archive: Archive,
    query: str,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
    paper: str | None = None,
    limit: int = 20,
) -> SearchResult:
    """Articles matching every word of `query`, best first by bm25 (a title match weighs 4 times a
    body match), with a snippet around the first match."""
    from digest.archive.index import match_expression, query_terms, query_words, snippet

    found = query_words(query)
    if not found:
        raise ConfigError(f"nothing to search for in {query!r}; give a word")
    expression, terms = match_expression(found), query_terms(query)
    where: list[str] = ["search MATCH ?"]
    params: list[Any] = [expression]
    if since is not None:
        where.append("a.date >= ?")
        params.append(since.isoformat())
    if until is not None:
        where.append("a.date <= ?")
        params.append(until.isoformat())
    if paper:
        where.append("a.paper = ?")
        params.append(paper)
    # The newest parts of the index first, until NEWEST_MATCHES matches have been seen (a word in
    # half the archive is ranked among its newest matches, at the cost of one part), or until
    # the newest NEWEST_PARTS parts with matches have given `limit` hits: FTS5's bm25 counts the matches of
    # each query word over a whole part, so two common words that seldom meet would otherwise
    # cost a count in every part of the archive.
    best: list[tuple[int, float]] = []
    seen = matching = 0
    for table in archive.read_tables():
        if matching >= NEWEST_PARTS and len(best) >= limit:
            break
        source = f"{table} AS search" + (" JOIN article a ON a.id = search.rowid" if len(where) > 1 else "")
        condition = " AND ".join(where).replace("search MATCH", f"{table} MATCH")
        newest = archive.read(
            f"SELECT search.rowid FROM {source} WHERE {condition} ORDER BY search.rowid DESC LIMIT ?",
            (*params, NEWEST_MATCHES - seen),
        )
        if not newest:
            continue  # a part with no match (or none in the dates asked for) does not count
        seen += len(newest)
        matching += 1
        bound = newest[-1][0] if seen >= NEWEST_MATCHES else 0
        best += archive.read(
            f"""SELECT search.rowid, bm25({table}, 4.0, 1.0, 4.0, 1.0) AS score FROM {source}
                WHERE {condition} AND search.rowid >= ? ORDER BY score, search.rowid DESC LIMIT ?""",
            (*params, bound, limit),
        )
        if seen >= NEWEST_MATCHES:
            break
    if not best:
        return SearchResult(query, ())
    best = sorted(best, key=lambda b: (b[1], -b[0]))[:limit]
    scores = {ident: score for ident, score in best}
    marks = ",".join("?" * len(scores))
    rows = {
        row[0]: row
        for row in archive.read(
            f"""SELECT a.id, a.date, a.paper, p.source, a.title, a.headline, a.paragraphs
                FROM article a JOIN page p ON p.id = a.page WHERE a.id IN ({marks})""",
            tuple(scores),
        )
    }
    ranked = [(*rows[ident], scores[ident]) for ident, _ in best if ident in rows]
    hits = []
    for ident, date, paper_name, source, title, headline, paragraphs, score in ranked:
        body = "".join(json.loads(paragraphs))
        hits.append(Hit(ident, datetime.date.fromisoformat(date), paper_name or None, source, title,
                        snippet(" ".join(json.loads(headline)), body, terms), round(-score, 4)))  # fmt: skip
    return SearchResult(query, tuple(hits))


# --- trends -------------------------------------------------------------------------------------


def trends(archive: Archive, days: int = 7, until: datetime.date | None = None, limit: int = 20) -> Trends:
    """Keywords and named entities whose article counts rose most over the `days` days up to `until`
    (default: the last edition's date) against the `days` days before."""
    if until is None:
        (last,) = archive.read("SELECT max(date) FROM article")[0]
        until = datetime.date.fromisoformat(last) if last else datetime.date.today()
    start = until - datetime.timedelta(days=days - 1)
    before = start - datetime.timedelta(days=days)
    # Counted by SQLite's JSON functions: each article lists a keyword or a (name, kind) once.
    window = {"before": before.isoformat(), "start": start.isoformat(), "until": until.isoformat()}
    counted = archive.read(
        """SELECT 'keyword', k.value ->> 0, sum(a.date >= :start), sum(a.date < :start)
           FROM article a, json_each(a.keywords) k WHERE a.date BETWEEN :before AND :until GROUP BY 2
           UNION ALL
           SELECT e.value ->> 1, e.value ->> 0, sum(a.date >= :start), sum(a.date < :start)
           FROM article a, json_each(a.entities) e WHERE a.date BETWEEN :before AND :until GROUP BY 1, 2""",
        window,
    )
    (current_articles, previous_articles) = archive.read(
        "SELECT sum(date >= :start), sum(date < :start) FROM article WHERE date BETWEEN :before AND :until", window
    )[0]
    rising = [
        Trend(term, kind, current, previous)
        for kind, term, current, previous in counted
        if current >= MIN_TREND and current > previous
    ]
    rising.sort(key=lambda t: (-_rise(t), -t.current, t.kind, t.term))
    return Trends(
        start=start,
        until=until,
        days=days,
        keywords=tuple(t for t in rising if t.kind == "keyword")[:limit],
        entities=tuple(t for t in rising if t.kind != "keyword")[:limit],
        articles=current_articles or 0,
        previous_articles=previous_articles or 0,
    )


def _rise(t: Trend) -> float:
    """How much a term rose: the increase, over the square root of the earlier count (plus one), so
    that 2 -> 12 outranks 100 -> 110, and 0 -> 3 does not outrank 5 -> 20."""
    return round((t.current - t.previous) / math.sqrt(t.previous + 1), 6)


# --- info ---------------------------------------------------------------------------------------


def info(archive: Archive) -> Info:
    (editions,) = archive.read("SELECT count(*) FROM edition")[0]
    (pages,) = archive.read("SELECT count(*) FROM page")[0]
    (articles, first, last) = archive.read("SELECT count(*), min(date), max(date) FROM article")[0]
    size = sum(p.stat().st_size for p in (archive.path, Path(f"{archive.path}-wal")) if p.exists())
    return Info(
        path=str(archive.path),
        size=size,
        editions=editions,
        pages=pages,
        articles=articles,
        first=datetime.date.fromisoformat(first) if first else None,
        last=datetime.date.fromisoformat(last) if last else None,
        schema=archive.version,
    )


