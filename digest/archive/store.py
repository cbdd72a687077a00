"""The archive file: one SQLite database, opened with care, its schema versioned and migrated.

Safety, in order of the ways an archive could be lost:

- A file that is not a digest archive is refused before SQLite ever opens it: its first 100 bytes
  must be an SQLite header with this program's application id. A newer schema is refused too.
  Neither file is written, so it keeps its bytes and its modification time.
- An existing file is opened without the right to create one (`mode=rw` / `mode=ro`); a new
  archive is built complete under a temporary name and linked into place, so a path holds either
  nothing or a whole archive, and two runs creating it at once end up sharing one.
- Writes are transactions begun with BEGIN IMMEDIATE on a write-ahead log with a busy timeout,
  retried while another writer holds the lock: two cron jobs writing at once both succeed.
  A run killed mid-write (SIGKILL, power loss) leaves the last committed state: SQLite's WAL
  commits whole transactions or nothing, with `synchronous=FULL`.
- Read-only commands open the file with `mode=ro`, and as immutable when not even the folder is
  writable (a read-only mount, a copy on a CD).
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from digest.errors import ArchiveError

SCHEMA_VERSION = 2
APPLICATION_ID = 0x44474131  # "DGA1": marks the file as a digest archive (PRAGMA application_id)
MAGIC = b"SQLite format 3\x00"
BUSY_SECONDS = 60.0  # how long a writer waits for another one's transaction
RETRIES = 8  # ... and how many times it begins again after that (with growing pauses)
MIGRATION_BATCH = 500  # articles indexed per round while migrating
SEARCH_PART = 50_000  # articles per full-text table (search_table)
TOKENIZE = "unicode61 remove_diacritics 2"  # the words are cut beforehand (index.py): split on spaces

T = TypeVar("T")
# What the index holds of an article: (words, pieces) of its title and of its body, and band keys.
Prepared = tuple[tuple[str, str], tuple[str, str], tuple[int, ...]]


def default_path() -> Path:
    """$DIGEST_DB, else archive.sqlite3 in the per-user data folder."""
    found = os.environ.get("DIGEST_DB")
    if found:
        return Path(found).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("digest")) / "archive.sqlite3"


# --- the schema ---------------------------------------------------------------------------------


def _v1(conn: sqlite3.Connection) -> None:
    """Editions, their pages and articles, with everything the digest knew of each."""
    for statement in (
        """CREATE TABLE edition (
            id INTEGER PRIMARY KEY,
            paper TEXT NOT NULL,  -- '' when unknown
            date TEXT NOT NULL,   -- YYYY-MM-DD
            UNIQUE (paper, date))""",
        """CREATE TABLE page (
            id INTEGER PRIMARY KEY,
            edition INTEGER NOT NULL REFERENCES edition (id),
            source TEXT NOT NULL,          -- the input as named when it was added
            label TEXT,                    -- the page label as printed (A2), when known
            date_from TEXT NOT NULL,       -- where the date came from: option, file name, folder name, text, today
            fingerprint TEXT NOT NULL UNIQUE,  -- the same page added again is found by this
            articles INTEGER NOT NULL)""",
        # Small columns first: SQLite reads a row's columns in order, and the long paragraphs
        # would otherwise be read (from overflow pages) by every query that wants the keywords.
        """CREATE TABLE article (
            id INTEGER PRIMARY KEY,
            page INTEGER NOT NULL REFERENCES page (id),
            date TEXT NOT NULL,       -- the edition's, repeated here for searches by date
            paper TEXT NOT NULL,      -- the edition's ('' when unknown)
            position INTEGER NOT NULL,
            ident TEXT NOT NULL,      -- the article's id in its edition (A01/1)
            kind TEXT NOT NULL,
            fingerprint TEXT NOT NULL,  -- a hash of the headline and body
            title TEXT NOT NULL,
            keywords TEXT NOT NULL,   -- JSON list of [word, weight]
            entities TEXT NOT NULL,   -- JSON list of [name, kind, count]
            dateline TEXT,
            authors TEXT NOT NULL,    -- JSON list
            headline TEXT NOT NULL,   -- JSON list of lines
            summary TEXT NOT NULL,    -- JSON list of sentences
            paragraphs TEXT NOT NULL)""",  # JSON list
        "CREATE INDEX article_date ON article (date)",
        "CREATE INDEX article_page ON article (page)",
        "CREATE INDEX article_fingerprint ON article (fingerprint)",
    ):
        conn.execute(statement)


def _v2(conn: sqlite3.Connection) -> None:
    """The same-story band table and the full-text index, built for the articles already kept."""
    conn.execute(
        """CREATE TABLE band (
            key INTEGER NOT NULL,  -- an LSH band of the body's MinHash signature (fingerprint.py)
            day INTEGER NOT NULL,  -- the edition date as a day number (date.toordinal)
            article INTEGER NOT NULL,
            PRIMARY KEY (key, day, article)) WITHOUT ROWID"""
    )
    conn.execute(
        """CREATE TABLE search_part (
            part INTEGER PRIMARY KEY,  -- the articles whose (id - 1) // SEARCH_PART is part ...
            name TEXT NOT NULL)"""  # ... are in the full-text table of this name (search_<part>)
    )
    last = 0
    while True:
        rows = conn.execute(
            "SELECT id, date, headline, dateline, authors, paragraphs FROM article WHERE id > ? ORDER BY id LIMIT ?",
            (last, MIGRATION_BATCH),
        ).fetchall()
        if not rows:
            break
        for ident, date, headline, dateline, authors, paragraphs in rows:
            index_article(conn, ident, date, json.loads(headline), dateline, json.loads(authors),
                          json.loads(paragraphs))  # fmt: skip
        last = rows[-1][0]


MIGRATIONS: tuple[tuple[int, Callable[[sqlite3.Connection], None]], ...] = ((1, _v1), (2, _v2))


def index_article(
    conn: sqlite3.Connection,
    ident: int,
    date: str,
    headline: list[str],
    dateline: str | None,
    authors: list[str],
    paragraphs: list[str],
    prepared: Prepared | None = None,
) -> None:
    """The full-text and same-story index rows of one stored article (`prepared`: computed before)."""
    import datetime

    (title, title_pieces), (body, body_pieces), keys = prepared or prepare_index(headline, dateline, authors,
                                                                                 paragraphs)  # fmt: skip
    table = search_table(conn, (ident - 1) // SEARCH_PART, create=True)
    conn.execute(f"INSERT INTO {table} (rowid, title, body, title_pieces, body_pieces) VALUES (?, ?, ?, ?, ?)",
                 (ident, title, body, title_pieces, body_pieces))  # fmt: skip
    day = datetime.date.fromisoformat(date).toordinal()
    conn.executemany("INSERT OR IGNORE INTO band (key, day, article) VALUES (?, ?, ?)", [(k, day, ident) for k in keys])


def search_table(conn: sqlite3.Connection, part: int, create: bool = False) -> str:
    """The name of the full-text table of one part of the archive (made when `create` and missing).

    The index is cut into parts of SEARCH_PART articles: FTS5's bm25 counts, for every query, the
    articles that have each word, so one table of a million articles would make a common word
    cost hundreds of milliseconds; a search reads the newest parts first (library.search).
    """
    name = f"search_{part}"
    if create and conn.execute("SELECT 1 FROM search_part WHERE part = ?", (part,)).fetchone() is None:
        conn.execute(f"CREATE VIRTUAL TABLE {name} USING fts5(title, body, title_pieces, body_pieces, content='', "
                     f"tokenize='{TOKENIZE}')")  # fmt: skip
        conn.execute("INSERT INTO search_part (part, name) VALUES (?, ?)", (part, name))
    return name


def search_tables(conn: sqlite3.Connection) -> list[str]:
    """The full-text tables, newest part first."""
    return [name for (name,) in conn.execute("SELECT name FROM search_part ORDER BY part DESC")]


def prepare_index(
    headline: list[str], dateline: str | None, authors: list[str], paragraphs: list[str]
) -> Prepared:
    """What `index_article` stores, computed outside any transaction: the words and pieces of the title and
    the body for the full-text index, and the body's band keys."""
    from digest.archive.fingerprint import band_keys
    from digest.archive.index import index_text

    body = [dateline or "", *authors, *paragraphs]
    return index_text(headline), index_text(body), band_keys("".join(paragraphs))


def migrate(conn: sqlite3.Connection, target: int = SCHEMA_VERSION) -> int:
    """Bring the schema up to `target` in one transaction; returns the version found before."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        found = _version(conn)
        if found == 0:
            conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        for version, step in MIGRATIONS:
            if found < version <= target:
                step(conn)
                conn.execute(f"PRAGMA user_version = {version}")
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    return found


def _version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


# --- opening ------------------------------------------------------------------------------------


def check_header(path: Path) -> int:
    """The schema version in the file's header; ArchiveError unless it is a digest archive this
    version can read. Reads 100 bytes and nothing else: the file is never changed."""
    try:
        with path.open("rb") as fh:
            head = fh.read(100)
    except IsADirectoryError:
        raise ArchiveError(f"{path} is a folder, not an archive file; give a file name with --db") from None
    except OSError as exc:
        raise ArchiveError(f"cannot read the archive {path} ({exc.strerror or exc})") from None
    if not head:
        raise ArchiveError(f"{path} is an empty file, not a digest archive; left as it is (remove it or use --db)")
    if len(head) < 100 or not head.startswith(MAGIC):
        raise ArchiveError(f"{path} is not a digest archive (not an SQLite file); left as it is (choose another --db)")
    if int.from_bytes(head[68:72], "big") != APPLICATION_ID:
        raise ArchiveError(
            f"{path} is an SQLite file of another program, not a digest archive; left as it is (choose another --db)"
        )
    version = int.from_bytes(head[60:64], "big")
    _refuse_newer(path, version)
    return version


def _refuse_newer(path: Path, version: int) -> None:
    if version > SCHEMA_VERSION:
        raise ArchiveError(
            f"{path} has archive schema version {version}, newer than this digest's {SCHEMA_VERSION}; "
            "left as it is (upgrade digest to use it)"
        )


class Archive:
    """An open archive: its path, and a connection in autocommit mode (transactions are explicit)."""

    def __init__(self, path: Path, conn: sqlite3.Connection, writable: bool, version: int) -> None:
        self.path = path
        self.conn = conn
        self.writable = writable
        self.version = version

    def __enter__(self) -> Archive:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    def write(self, work: Callable[[sqlite3.Connection], T]) -> T:
        """Run `work` in one write transaction: all of it is stored, or (on any error) none of it.

        BEGIN IMMEDIATE takes the write lock at once, waiting up to BUSY_SECONDS for another
        writer; if that is not enough, it begins again a few times after a pause.
        """
        if not self.writable:
            raise ArchiveError(f"the archive {self.path} is open read-only")
        pause = 0.05
        for attempt in range(RETRIES):
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                break
            except sqlite3.OperationalError as exc:
                if not _busy(exc) or attempt == RETRIES - 1:
                    raise ArchiveError(f"cannot write to the archive {self.path} ({exc})") from None
                time.sleep(pause)
                pause = min(pause * 2, 2.0)
        try:
            result = work(self.conn)
            self.conn.execute("COMMIT")
            return result
        except BaseException as exc:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            if isinstance(exc, sqlite3.Error):
                raise ArchiveError(f"cannot write to the archive {self.path} ({exc}); nothing was changed") from None
            raise

    def read(self, sql: str, params: tuple[Any, ...] | dict[str, Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.conn.execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot read the archive {self.path} ({exc})") from None


    def read_tables(self) -> list[str]:
        """The full-text tables, newest part first."""
        try:
            return search_tables(self.conn)
        except sqlite3.Error as exc:
            raise ArchiveError(f"cannot read the archive {self.path} ({exc})") from None


def _busy(exc: sqlite3.OperationalError) -> bool:
    text = str(exc).lower()
    return "locked" in text or "busy" in text


def _connect(path: Path, mode: str) -> sqlite3.Connection:
    uri = f"{path.resolve().as_uri()}?mode={mode}"
    if mode == "ro" and not os.access(path.parent, os.W_OK):
        # Nowhere to put the shared-memory file of the write-ahead log: read the file as it is.
        uri += "&immutable=1"
    conn = sqlite3.connect(uri, uri=True, timeout=BUSY_SECONDS, isolation_level=None, check_same_thread=False)
    return conn


def open_archive(path: Path, *, write: bool, current: bool = True) -> Archive:
    """The archive at `path`: created when writing and there is none; migrated to this version's
    schema when it is older (and `current` is asked for). ArchiveError for anything else."""
    path = path.expanduser()
    if not path.exists() and not path.is_symlink():
        if not write:
            raise ArchiveError(
                f"no archive at {path}; `digest archive add PAGES` or `digest daily PAGES --archive` makes one"
            )
        _create(path)
    version = check_header(path)
    if write and not os.access(path, os.W_OK):
        raise ArchiveError(f"the archive {path} is read-only; nothing was stored (search, trends and info can read it)")
    writable = write or (version < SCHEMA_VERSION and current and os.access(path, os.W_OK))
    try:
        conn = _connect(path, "rw" if writable else "ro")
        try:
            version = _version(conn)  # the header may lag behind the write-ahead log
            _refuse_newer(path, version)
            if writable:
                conn.execute("PRAGMA synchronous = FULL")
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode = WAL")
                if version < SCHEMA_VERSION:
                    migrate(conn)
                    version = SCHEMA_VERSION
            elif current and version < SCHEMA_VERSION:
                raise ArchiveError(
                    f"{path} has archive schema version {version}, older than this digest's {SCHEMA_VERSION}, and "
                    "cannot be upgraded here (read-only); run `digest archive add` once where it is writable"
                )
        except BaseException:
            conn.close()
            raise
    except sqlite3.Error as exc:
        raise ArchiveError(f"cannot open the archive {path} ({exc})") from None
    return Archive(path, conn, write, version)


def _create(path: Path) -> None:
    """A new, empty archive at `path`, built under a temporary name and linked into place."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except FileExistsError:  # mkdir's word for "something else is there"
        raise ArchiveError(f"cannot create the archive {path}: {path.parent} is not a folder; check --db") from None
    except OSError as exc:
        raise ArchiveError(f"cannot create the archive's folder {path.parent} ({exc.strerror or exc})") from None
    tmp = path.with_name(f".{path.name}.{os.getpid()}.{time.monotonic_ns()}.tmp")
    try:
        conn = sqlite3.connect(tmp, isolation_level=None)
        try:
            migrate(conn)
            conn.execute("PRAGMA journal_mode = WAL")
        finally:
            conn.close()
        with contextlib.suppress(FileExistsError):  # another run made it first: use theirs
            os.link(tmp, path)
        _sync_folder(path.parent)
    except (OSError, sqlite3.Error) as exc:
        raise ArchiveError(f"cannot create the archive {path} ({getattr(exc, 'strerror', None) or exc})") from None
    finally:
        with contextlib.suppress(OSError):
            tmp.unlink()


def _sync_folder(folder: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


@contextlib.contextmanager
def reading(path: Path, current: bool = True) -> Iterator[Archive]:
    """The archive opened for reading only, closed afterwards."""
    archive = open_archive(path, write=False, current=current)
    try:
        yield archive
    finally:
        archive.close()
