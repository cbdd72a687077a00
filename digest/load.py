"""Paths, folders, stdin and JSONL -> decoded Sources. Encodings are handled here only."""

from __future__ import annotations

import json
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from digest.model import Failure, Record, Source

PAGE_SUFFIXES = (".txt",)
RECORD_SUFFIXES = (".jsonl",)
MAX_BYTES = 200 * 1024 * 1024  # a page larger than this is surely not a page


def iter_sources(paths: list[str], encoding: str | None = None) -> Iterator[Source | Failure]:
    """Every input named on the command line, in order; folders are walked in sorted order."""
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read()
            # JSONL on stdin is recognised by its first character.
            yield from _from_bytes("-", data, encoding, jsonl=data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{")
            continue
        path = Path(raw)
        try:
            st = path.stat()
        except FileNotFoundError:
            yield Failure(raw, "no such file or folder; check the path")
            continue
        except OSError as exc:
            yield Failure(raw, f"cannot read ({exc.strerror or exc}); check the path and its permissions")
            continue
        if stat.S_ISDIR(st.st_mode):
            yield from _walk(path, encoding)
        else:
            yield from _read_file(path, encoding, explicit=True)


def _walk(folder: Path, encoding: str | None) -> Iterator[Source | Failure]:
    seen: set[tuple[int, int]] = set()
    files: list[Path] = []
    failures: list[Failure] = []

    def visit(d: Path) -> None:
        try:
            st = d.stat()
        except OSError as exc:
            failures.append(Failure(str(d), f"cannot open folder ({exc.strerror or exc})"))
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
            elif entry.name.endswith(PAGE_SUFFIXES + RECORD_SUFFIXES):
                files.append(p)

    visit(folder)
    yield from failures
    for p in files:
        yield from _read_file(p, encoding, explicit=False)


def _read_file(path: Path, encoding: str | None, explicit: bool) -> Iterator[Source | Failure]:
    name = str(path)
    try:
        # O_NONBLOCK so that a FIFO with no writer cannot hang the run.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except FileNotFoundError:
        yield Failure(name, "vanished before it could be read")
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
    except OSError as exc:
        yield Failure(name, f"cannot read ({exc.strerror or exc})")
        return
    finally:
        os.close(fd)
    yield from _from_bytes(name, data, encoding, jsonl=name.endswith(RECORD_SUFFIXES))


def _from_bytes(name: str, data: bytes, encoding: str | None, jsonl: bool) -> Iterator[Source | Failure]:
    if _looks_binary(data):
        yield Failure(name, "looks like a binary file, not text; give a UTF-8 or GB18030 text file")
        return
    try:
        text, used = decode(data, encoding)
    except LookupError:
        yield Failure(name, f"unknown encoding {encoding!r}; try utf-8 or gb18030")
        return
    except UnicodeDecodeError as exc:
        yield Failure(name, f"not valid {exc.encoding} at byte {exc.start}; try another --encoding")
        return
    if jsonl:
        yield from _records(name, text, used)
    else:
        yield Source(name=name, text=clean_text(text), encoding=used)


def _records(name: str, text: str, encoding: str) -> Iterator[Source | Failure]:
    records: list[Record] = []
    for lineno, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        where = f"{name}:{lineno}"
        try:
            obj = json.loads(line)
        except ValueError as exc:
            yield Failure(where, f"not valid JSON ({getattr(exc, 'msg', exc)}); each line must be one JSON object")
            continue
        if not isinstance(obj, dict) or not isinstance(obj.get("text"), str):
            yield Failure(where, 'each line must be a JSON object with a "text" string')
            continue
        rid = obj.get("id")
        title = obj.get("title")
        records.append(
            Record(
                text=clean_text(obj["text"]),
                id=None if rid is None else str(rid),
                title=clean_text(title) if isinstance(title, str) else None,
                line=lineno,
            )
        )
    yield Source(name=name, encoding=encoding, records=tuple(records))


# C0 controls other than tab and newline become visible Control Pictures (␛ for ESC),
# so terminal escape codes in a page are shown, never obeyed; NUL is dropped.
_CONTROLS: dict[int, int | None] = {c: 0x2400 + c for c in range(32) if c not in (9, 10, 13)}
_CONTROLS.update({0: None, 0x7F: 0x2421, 13: 10})
_CONTROLS.update({c: None for c in range(0x80, 0xA0)})  # C1 controls: never meaningful in a page


def clean_text(text: str) -> str:
    """Line endings unified, NULs dropped, control characters made visible.

    >>> clean_text("a\r\nb\x1b[31m")
    'a\nb␛[31m'
    """
    return text.replace("\r\n", "\n").translate(_CONTROLS)


def _looks_binary(data: bytes) -> bool:
    head = data[:8192]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 with BOM: NULs are expected
        return False
    if not head:
        return False
    # NUL bytes are rare in text; a run of them or many control bytes means binary.
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return head.count(0) > len(head) // 10 or controls > len(head) // 5


def decode(data: bytes, encoding: str | None = None) -> tuple[str, str]:
    """Bytes -> (text, encoding used). Detects UTF-8 (with or without BOM), UTF-16 and GB18030."""
    if encoding:
        return data.decode(encoding), encoding
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        return data.decode("gb18030"), "gb18030"
    except UnicodeDecodeError:
        pass
    # Mostly UTF-8 with a few bad bytes: keep the text, mark the bad bytes.
    if utf8_error.start > len(data) // 2 or _mostly_utf8(data):
        return data.decode("utf-8", errors="replace"), "utf-8"
    return data.decode("gb18030", errors="replace"), "gb18030"


def _mostly_utf8(data: bytes) -> bool:
    text = data.decode("utf-8", errors="replace")
    return text.count("\ufffd") * 50 < len(text)
