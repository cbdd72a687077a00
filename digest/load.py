"""Paths, folders, stdin, addresses and JSONL -> decoded Sources. Encodings are handled here only.

What an input is comes from its content, not its name: a text page, an HTML page or an RSS/Atom
feed (JSONL from its name, or a leading "{" on stdin). HTML pages, feeds and http(s):// addresses
are read by the modules of digest.loaders, imported only when such an input appears.
"""

from __future__ import annotations

import codecs
import dataclasses
import json
import os
import re
import stat
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from digest.model import Failure, Record, Source
from digest.textsafe import clean_text, is_chinese_text, safe_name

PAGE_SUFFIXES = (".txt",)
RECORD_SUFFIXES = (".jsonl",)
WEB_SUFFIXES = (".html", ".htm", ".xml", ".rss", ".atom")  # taken from folders too; read by content
URL_SCHEMES = ("http://", "https://")
URL_TIMEOUT = 20.0  # seconds, the default of --timeout
MAX_BYTES = 200 * 1024 * 1024  # a page larger than this is surely not a page
# An input with more articles is refused: each article and its summary take a kilobyte or two
# until the output is written, and a run must stay well under 1 GB.
MAX_ARTICLES = 200_000


def iter_sources(
    paths: list[str], encoding: str | None = None, timeout: float = URL_TIMEOUT
) -> Iterator[Source | Failure]:
    """Every input named on the command line, in order; folders are walked in sorted order,
    addresses fetched with `timeout` seconds for each."""
    for item in expand(paths, encoding, timeout):
        yield from read(item, encoding) if isinstance(item, FileRef) else (item,)


@dataclass(frozen=True, slots=True)
class FileRef:
    """A file to read, named but not read yet (`expand`): a cluster's worker reads it where it is."""

    path: str  # as the run names it (str of the Path), before it is made safe to show
    size: int  # bytes, when it was listed


def expand(
    paths: list[str], encoding: str | None = None, timeout: float = URL_TIMEOUT
) -> Iterator[FileRef | Source | Failure]:
    """The inputs of `iter_sources`, in the same order, with files named (FileRef) rather than
    read: folders are listed, standard input and addresses read; `read` reads a FileRef. A cheap
    pass: a run on a cluster expands here and reads on the workers."""
    for item in _iter_sources(paths, encoding, timeout):
        yield item if isinstance(item, FileRef) else _shown_safely(item)


def read(ref: FileRef, encoding: str | None = None) -> list[Source | Failure]:
    """What a file named by `expand` holds: a Source, or a Failure that says why not."""
    return [_shown_safely(item) for item in _read_file(Path(ref.path), encoding)]


def _shown_safely(item: Source | Failure) -> Source | Failure:
    """File names are printed in errors and output: escape codes or newlines in them
    (or undecodable bytes, as surrogates) become visible characters too."""
    name = item.name if isinstance(item, Source) else item.source
    safe = safe_name(name)
    if safe == name:
        return item
    return dataclasses.replace(item, name=safe) if isinstance(item, Source) else dataclasses.replace(item, source=safe)


def _iter_sources(paths: list[str], encoding: str | None, timeout: float) -> Iterator[FileRef | Source | Failure]:
    for raw in paths:
        if raw[:8].lower().startswith(URL_SCHEMES):
            yield from _fetch(raw, encoding, timeout)
            continue
        if raw == "-":
            try:
                if sys.stdin is None:  # started with stdin closed (`digest summarize - <&-`)
                    raise OSError("standard input is closed")
                data = sys.stdin.buffer.read()
            except OSError as exc:
                yield Failure("-", f"cannot read standard input ({exc.strerror or exc}); pipe a page into it")
                continue
            # JSONL on stdin is recognised by its first character.
            yield from _from_bytes("-", data, encoding, jsonl=data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{")
            continue
        if raw == "":  # Path("") is ".": an empty argument must not digest the current folder
            yield Failure(repr(raw), "empty path; give a file, a folder or - for standard input")
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except FileNotFoundError:
            if re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", raw):
                yield Failure(raw, "only http:// and https:// addresses are fetched; save the page, give the file")
            else:
                yield Failure(raw, "no such file or folder; check the path")
            continue
        except OSError as exc:
            yield Failure(raw, f"cannot read ({exc.strerror or exc}); check the path and its permissions")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path)
        else:
            yield FileRef(str(path), st.st_size)


def _walk(folder: Path) -> Iterator[FileRef | Failure]:
    seen: set[tuple[int, int]] = set()
    files: list[FileRef] = []
    failures: list[Failure] = []

    def visit(d: Path) -> None:
        try:
            st = d.stat()
        except OSError as exc:
            failures.append(Failure(str(d), f"cannot open folder ({exc.strerror or exc}); check the path"))
            return
        key = (st.st_dev, st.st_ino)
        if key in seen:  # a symlink loop or a folder reached twice
            return
        seen.add(key)
        try:
            entries = sorted(os.scandir(d), key=lambda e: e.name)
        except OSError as exc:
            failures.append(Failure(str(d), f"cannot list folder ({exc.strerror or exc}); check its permissions"))
            return
        for entry in entries:
            p = Path(entry.path)
            try:
                is_dir = entry.is_dir()
            except OSError:
                is_dir = False
            if is_dir:
                visit(p)
            elif entry.name.lower().endswith(PAGE_SUFFIXES + RECORD_SUFFIXES + WEB_SUFFIXES):
                files.append(FileRef(str(p), _size(entry)))

    visit(folder)
    yield from failures
    yield from files


def _size(entry: os.DirEntry[str]) -> int:
    try:
        return entry.stat().st_size
    except OSError:
        return 0  # reading it will say what is wrong


def _read_file(path: Path, encoding: str | None) -> Iterator[Source | Failure]:
    name = str(path)
    try:
        # O_NONBLOCK so that a FIFO with no writer cannot hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        yield Failure(name, "no longer exists (deleted during the run, or a dangling symlink); check the path")
        return
    except OSError as exc:
        yield Failure(name, f"cannot read ({exc.strerror or exc}); check its permissions")
        return
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            yield Failure(name, "not a regular file (a device, FIFO or socket); give a text file")
            return
        if st.st_size > MAX_BYTES:
            yield Failure(name, f"too large ({st.st_size // 2**20} MB); split it into pages")
            return
        with os.fdopen(fd, "rb", closefd=False) as fh:
            data = fh.read()
    except OSError as exc:  # an I/O error on a failing disk or a network share that went away
        yield Failure(name, f"cannot read ({exc.strerror or exc}); check the file and try again")
        return
    finally:
        os.close(fd)
    yield from _from_bytes(name, data, encoding, jsonl=name.endswith(RECORD_SUFFIXES))


def _fetch(url: str, encoding: str | None, timeout: float) -> Iterator[Source | Failure]:
    from digest.errors import InputError
    from digest.loaders.url import fetch

    try:
        got = fetch(url, timeout=timeout)
    except InputError as exc:
        yield Failure(url, exc.message)
        return
    except Exception as exc:  # a bug of ours, or of a library: the other inputs still go on
        yield Failure(url, f"internal error while downloading ({type(exc).__name__}: {exc}); please report it")
        return
    yield from _from_bytes(url, got.body, encoding, jsonl=got.path.endswith(RECORD_SUFFIXES), charset=got.charset)


def _from_bytes(
    name: str, data: bytes, encoding: str | None, jsonl: bool, charset: str | None = None
) -> Iterator[Source | Failure]:
    if _looks_binary(data):
        yield Failure(name, "looks like a binary file, not text; give a UTF-8 or GB18030 text file")
        return
    try:
        declared = None if encoding or jsonl else _declared_text(data, charset)
        text, used = declared or decode(data, encoding)
    except LookupError:
        yield Failure(name, f"unknown encoding {encoding!r}; try utf-8 or gb18030")
        return
    except UnicodeDecodeError as exc:
        yield Failure(name, f"not valid {exc.encoding} at byte {exc.start}; try another --encoding")
        return
    except UndecodableError:
        yield Failure(name, "not text in UTF-8, UTF-16 or GB18030; name its encoding with --encoding")
        return
    if jsonl:
        yield from _records(name, text)
        return
    kind = sniff(text)
    if kind == "text":
        yield Source(name=name, text=clean_text(text))
        return
    if kind == "xml":
        yield Failure(name, "XML, but not an RSS or Atom feed; give a feed, a web page or a text page")
        return
    from digest.errors import InputError

    try:
        if kind == "html":
            from digest.loaders.html import html_source

            yield html_source(name, text)
        else:
            from digest.loaders.feed import feed_source

            yield feed_source(name, text)
    except InputError as exc:
        yield Failure(name, exc.message)
    except Exception as exc:  # a bug of ours, or of a parser: the other inputs still go on
        yield Failure(name, f"internal error while reading it ({type(exc).__name__}: {exc}); please report it")


# The start of a document in markup: comments, processing instructions and a doctype, then the
# first element's name.
_PROLOG = re.compile(r"(?:\s+|<!--.*?-->|<\?.*?\?>|<!DOCTYPE[^>]*>)*<([A-Za-z][\w:.-]*)", re.DOTALL | re.IGNORECASE)
_HTML_TAGS = frozenset({
    "html", "head", "body", "meta", "title", "link", "base", "style", "script", "noscript", "div", "p",
    "span", "a", "b", "i", "u", "em", "strong", "font", "center", "article", "section", "main", "header",
    "footer", "nav", "aside", "h1", "h2", "h3", "h4", "h5", "h6", "table", "ul", "ol", "li", "dl", "br", "hr",
    "img", "form", "pre", "blockquote", "figure",
})


def sniff(text: str) -> str:
    """What a decoded input is, from its first element: "html", "feed" (RSS or Atom), "xml"
    (another XML document) or "text".

    >>> sniff("<?xml version='1.0'?><rss version='2.0'>"), sniff("<!DOCTYPE html><p>"), sniff("晚报讯")
    ('feed', 'html', 'text')
    """
    head = text[:16384].lstrip("\ufeff")
    found = _PROLOG.match(head)
    if found is None:
        return "html" if re.search(r"<(?:html|body)[\s>]", head[:2048], re.IGNORECASE) else "text"
    tag = found.group(1).lower()
    if tag.rsplit(":", 1)[-1] in ("rss", "feed", "rdf"):
        return "feed"
    if tag in _HTML_TAGS or re.match(r"\s*(?:<!--.*?-->\s*)*<!DOCTYPE\s+html", head, re.DOTALL | re.IGNORECASE):
        return "html"
    return "xml" if head.lstrip().startswith("<?xml") else "text"


_CHARSET = re.compile(
    rb"""<\?xml[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)|<meta[^>]*?charset\s*=\s*["']?([A-Za-z0-9._:-]+)""",
    re.IGNORECASE,
)
# Names pages give that browsers read as a larger encoding (the WHATWG Encoding Standard does).
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030",
                    "iso-8859-1": "cp1252", "latin1": "cp1252", "ascii": "cp1252", "us-ascii": "cp1252"}


def _declared_text(data: bytes, charset: str | None) -> tuple[str, str] | None:
    """Markup read in the encoding it declares (an HTTP charset, else <?xml encoding>, else
    <meta charset>) when the bytes are valid in it; None otherwise (detection then decides)."""
    if data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")) or data.lstrip()[:1] != b"<":
        return None
    if charset is None:
        found = _CHARSET.search(data[:4096])
        if found is None:
            return None
        charset = (found.group(1) or found.group(2)).decode("ascii")
    name = _CHARSET_ALIASES.get(charset.lower(), charset)
    try:
        if not getattr(codecs.lookup(name), "_is_text_encoding", True):
            return None
        if codecs.lookup(name).name == "cp1252" and not data.isascii():
            return None  # "latin-1" on a Chinese page is a server's default, not the page's encoding
        return data.decode(name), name
    except (LookupError, UnicodeDecodeError):
        return None


def _records(name: str, text: str) -> Iterator[Source | Failure]:
    records: list[Record] = []
    # Split on "\n" only: str.splitlines() would also split on U+2028 and friends,
    # which JSON allows raw inside strings.
    for lineno, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Failure(where, f"not valid JSON ({getattr(exc, 'msg', exc)}); each line must be one JSON object")
            continue
        except RecursionError:  # [[[[...]]]] nested thousands deep
            yield Failure(where, "JSON nested too deeply; each line must be one flat JSON object")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Failure(where, 'each line must be a JSON object with a "text" string')
            continue
        if len(records) == MAX_ARTICLES:
            yield Failure(name, f"more than {MAX_ARTICLES:,} records; split it into smaller files")
            return
        rid = obj.get("id")
        title = obj.get("title")
        records.append(
            Record(
                text=clean_text(obj["text"]),
                id=None if rid is None else clean_text(rid if isinstance(rid, str) else json.dumps(rid)),
                title=clean_text(title) if isinstance(title, str) else None,
                line=lineno,
            )
        )
    yield Source(name=name, records=tuple(records))


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if not head or head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False  # UTF-16: NULs are expected
    # A few NULs or escape codes happen in text dumps; binary data (images, archives,
    # executables) has many NULs or other control bytes (~10% in random bytes).
    controls = sum(1 for b in head if b < 9 or 13 < b < 32 and b != 27)
    if head.count(0) <= len(head) // 10 and controls <= len(head) // 20:
        return False
    return not (_utf16_without_bom(head) or _plausible_utf16(head))


def _utf16_without_bom(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' for BOM-less UTF-16 with some ASCII (line breaks at least)."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) * 4 > len(odd) and not even.count(0):
        return "utf-16-le"
    if even.count(0) * 4 > len(even) and not odd.count(0):
        return "utf-16-be"
    return None


def _plausible_utf16(head: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when the bytes read that way are nearly all Chinese text."""
    head = head[: len(head) // 2 * 2]
    if len(head) < 8:
        return None
    for name in ("utf-16-le", "utf-16-be"):
        text = head.decode(name, errors="replace")
        good = sum(
            1
            for c in text
            # Extension A is left out: ASCII digit-letter pairs read as UTF-16 land there.
            if c in "\n\r\t" or " " <= c <= "~" or (is_chinese_text(c) and not "\u3400" <= c <= "\u4dbf")
        )
        if good * 10 >= len(text) * 9:
            return name
    return None


class UndecodableError(ValueError):
    """The bytes are not text in any encoding we can detect."""


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding used). Detects UTF-8 (with or without BOM), UTF-16 and GB18030.

    >>> decode("晚报讯".encode("gb18030"))
    ('晚报讯', 'gb18030')
    """
    if encoding:
        info = codecs.lookup(encoding)  # LookupError for an unknown name
        if not getattr(info, "_is_text_encoding", True):
            raise LookupError(encoding)
        name = "utf-8-sig" if info.name == "utf-8" else info.name  # a BOM is never content
        return data.decode(name), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    utf16 = _utf16_without_bom(data[:8192])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        # Short GB18030 text can be valid UTF-8 by accident (图为 -> ͼΪ); a Chinese page
        # read as UTF-8 has Chinese in it.
        gb = _gb18030_instead(data) if _no_cjk_no_latin(text) and not _has_word_of_a_script(text) else None
        return (gb, "gb18030") if gb is not None else (text, "utf-8")
    # Checked only once UTF-8 has failed: pairs of ASCII letters also read as CJK in UTF-16.
    utf16 = _plausible_utf16(data[:8192])
    if utf16:
        return data.decode(utf16, errors="replace"), utf16
    # UTF-8 with a few bad bytes (a truncated download, a botched edit): keep the text,
    # mark the bad bytes. GBK text read as UTF-8 turns nearly every non-ASCII byte bad.
    utf8 = data.decode("utf-8", errors="replace")
    bad = utf8.count("\ufffd")
    non_ascii = sum(1 for c in utf8 if c > "\x7f")
    if bad * 20 <= non_ascii:
        return utf8, "utf-8"
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    gb = data.decode("gb18030", errors="replace")
    best, used = (gb, "gb18030") if gb.count("\ufffd") <= bad else (utf8, "utf-8")
    if best.count("\ufffd") * 100 > len(best) and best.count("\ufffd") > 10:
        raise UndecodableError(used)
    return best, used


def _no_cjk_no_latin(text: str) -> bool:
    """Non-ASCII text with no Chinese and no accented Latin letters or typographic punctuation."""
    return not text.isascii() and not any(
        is_chinese_text(c) or "\x80" <= c <= "\u024f" or "\u2000" <= c <= "\u20cf" for c in text
    )


def _has_word_of_a_script(text: str, letters: int = 4) -> bool:
    """Four letters in a row of one non-Latin script (Привет, Κόσμε): text written in it.

    GB18030 bytes that happen to be valid UTF-8 (only short texts manage it) give a letter or
    two at a time instead (图为 -> ͼΪ); four in a row of one script are most unlikely.
    """
    import unicodedata

    run, script = 0, ""
    for c in text:
        if c.isalpha() and c > "\u024f":
            name = unicodedata.name(c, "").split(" ", 1)[0]
            run = run + 1 if name == script else 1
            script = name
            if run >= letters:
                return True
        else:
            run, script = 0, ""
    return False


def _gb18030_instead(data: bytes) -> str | None:
    """The GB18030 reading of bytes that are also valid UTF-8, if it is mostly Chinese."""
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        return None
    non_ascii = [c for c in text if c > "\x7f"]
    return text if sum(map(is_chinese_text, non_ascii)) * 2 >= len(non_ascii) else None
