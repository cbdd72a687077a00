"""Reading inputs: files, folders, stdin, JSONL, encodings and control characters."""

from __future__ import annotations

import io
import json
import os
import sys
from pathlib import Path

import pytest

from digest.load import clean_text, decode, iter_sources
from digest.model import Failure, Source

PAGE = "江城晚报\n新区建成首座智慧公园\n晚报讯 本周六,新区首座智慧公园正式向市民开放。公园内设有步道和儿童乐园。\n"


def sources(*paths: str | Path, encoding: str | None = None) -> list[Source | Failure]:
    return list(iter_sources([str(p) for p in paths], encoding))


def only_source(items: list[Source | Failure]) -> Source:
    assert len(items) == 1 and isinstance(items[0], Source), items
    return items[0]


def only_failure(items: list[Source | Failure]) -> Failure:
    assert len(items) == 1 and isinstance(items[0], Failure), items
    return items[0]


# --- encodings -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (PAGE.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + PAGE.encode("utf-8"), "utf-8-sig"),
        (PAGE.encode("utf-16"), "utf-16"),  # with BOM
        (PAGE.encode("utf-16-le"), "utf-16-le"),  # no BOM: read as Chinese text it makes sense
        (PAGE.encode("utf-16-be"), "utf-16-be"),
        (PAGE.encode("gb18030"), "gb18030"),
        (PAGE.encode("gbk"), "gb18030"),  # GBK is a subset of GB18030
    ],
)
def test_decode_detects_the_encoding(data: bytes, encoding: str) -> None:
    assert decode(data) == (PAGE, encoding)


@pytest.mark.parametrize(
    "text",
    ["Привет, мир. Это тест на кодировку.\n", "Γειά σου Κόσμε, καλημέρα.\n", "Шановні читачі!\n"],
)
def test_utf8_in_another_script_stays_utf8(text: str) -> None:
    # Also valid GB18030 byte for byte; words of one script say it is UTF-8.
    assert decode(text.encode("utf-8")) == (text, "utf-8")


def test_short_gb18030_that_is_valid_utf8_by_accident_is_read_as_gb18030() -> None:
    data = "图为".encode("gb18030")
    assert data.decode("utf-8") == "ͼΪ"  # two Greek-block letters: no word of a script
    assert decode(data) == ("图为", "gb18030")


def test_decode_detects_bomless_utf16_of_ascii_by_its_nuls() -> None:
    text = "Plain ASCII page, no Chinese at all.\n"
    assert decode(text.encode("utf-16-le")) == (text, "utf-16-le")
    assert decode(text.encode("utf-16-be")) == (text, "utf-16-be")


def test_a_bom_never_reaches_the_text(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + PAGE.encode())
    assert only_source(sources(f)).text == PAGE
    # also when the encoding is forced: a BOM is never content
    assert only_source(sources(f, encoding="utf-8")).text == PAGE


def test_a_few_bad_bytes_in_utf8_keep_the_rest_of_the_text() -> None:
    data = (PAGE * 20).encode()
    middle = len(data) // 2
    middle -= middle % len(PAGE.encode())  # on a character boundary
    broken = data[:middle] + b"\xff\xfe\x80" + data[middle:]
    text, used = decode(broken)
    assert used == "utf-8"
    assert text.count("公园") == 60 and text.count("\ufffd") == 3


def test_a_few_bad_bytes_in_gb18030_keep_the_rest_of_the_text() -> None:
    data = (PAGE * 20).encode("gb18030")
    broken = data[: len(data) // 2] + b"\xff" + data[len(data) // 2 :]
    text, used = decode(broken)
    assert used == "gb18030"
    assert text.count("晚报讯") >= 19


def test_forced_encoding_is_used_and_bad_bytes_fail_the_file(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_bytes(PAGE.encode("gbk"))
    assert only_source(sources(f, encoding="gbk")).text == PAGE
    failure = only_failure(sources(f, encoding="utf-8"))
    assert failure.source == str(f) and "--encoding" in failure.message


def test_a_non_text_codec_is_not_an_encoding(tmp_path: Path) -> None:
    f = tmp_path / "page.txt"
    f.write_bytes(PAGE.encode())
    assert "unknown encoding" in only_failure(sources(f, encoding="base64")).message


def test_random_bytes_are_binary(tmp_path: Path) -> None:
    import random

    f = tmp_path / "noise.txt"
    rng = random.Random(7)
    f.write_bytes(bytes(rng.randrange(256) for _ in range(20_000)))
    failure = only_failure(sources(f))
    assert "binary" in failure.message or "not text" in failure.message


def test_high_bytes_without_controls_are_not_text(tmp_path: Path) -> None:
    # Random bytes >= 0x80 decode "successfully" as rare GB18030 characters, with
    # replacement characters sprinkled in: that is not a page.
    import random

    f = tmp_path / "noise.txt"
    rng = random.Random(3)
    f.write_bytes(bytes(rng.randrange(0x80, 0x100) for _ in range(20_000)))
    assert "not text" in only_failure(sources(f)).message


def test_a_few_nul_bytes_are_dropped_not_binary(tmp_path: Path) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(PAGE.encode().replace("公园".encode(), "公\x00园".encode()))
    assert only_source(sources(f)).text == PAGE


# --- control characters ----------------------------------------------------------------


def test_clean_text_makes_escape_codes_visible() -> None:
    text = clean_text("红\x1b[31m色\x1b]0;pwned\x07\x9b2J。\r\n下一行\r末行")
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert text == "红␛[31m色␛]0;pwned␇2J。\n下一行\n末行"


def test_clean_text_replaces_lone_surrogates() -> None:
    # json.loads("\"\\ud800\"") gives a lone surrogate; it could never be written as UTF-8.
    text = clean_text(json.loads('"前\\ud800后"'))
    assert text == "前\ufffd后"
    text.encode("utf-8")


# --- paths and folders -----------------------------------------------------------------


def test_folders_are_walked_recursively_in_sorted_order_txt_and_jsonl_only(tmp_path: Path) -> None:
    for rel in ["b.txt", "a/z.txt", "a/c.jsonl", "notes.md", "a/b/x.TXT.bak", "c.txt"]:
        p = tmp_path / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text('{"text": "正文。"}\n' if rel.endswith(".jsonl") else PAGE, encoding="utf-8")
    names = [Path(s.name).relative_to(tmp_path).as_posix() for s in sources(tmp_path) if isinstance(s, Source)]
    assert names == ["a/c.jsonl", "a/z.txt", "b.txt", "c.txt"]


def test_inputs_keep_command_line_order(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "b.txt").write_text(PAGE, encoding="utf-8")
    items = sources(tmp_path / "b.txt", tmp_path / "missing.txt", tmp_path / "a.txt")
    got = [i.name if isinstance(i, Source) else i.source for i in items]
    assert [Path(n).name for n in got] == ["b.txt", "missing.txt", "a.txt"]
    assert isinstance(items[1], Failure)


def test_a_symlink_loop_in_a_folder_is_visited_once(tmp_path: Path) -> None:
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "page.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "sub" / "back").symlink_to(tmp_path)  # folder loop
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")  # file loop
    items = sources(tmp_path)
    pages = [s for s in items if isinstance(s, Source)]
    failed = [f for f in items if isinstance(f, Failure)]
    assert [Path(s.name).name for s in pages] == ["page.txt"]
    assert [Path(f.source).name for f in failed] == ["self.txt"]


def test_a_file_that_vanishes_is_one_failure(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "gone.txt").symlink_to(tmp_path / "deleted-meanwhile.txt")
    items = sources(tmp_path)
    assert isinstance(items[0], Source)
    failure = items[1]
    assert isinstance(failure, Failure) and failure.source.endswith("gone.txt")
    assert "no longer exists" in failure.message


def test_an_unreadable_file_is_one_failure_and_the_rest_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Tests run as root, for whom chmod 000 changes nothing: make os.open refuse one path.
    for name in ("a.txt", "locked.txt", "z.txt"):
        (tmp_path / name).write_text(PAGE, encoding="utf-8")
    real_open = os.open

    def guarded_open(path: str | os.PathLike[str], flags: int, *args: int, **kw: object) -> int:
        if Path(path).name == "locked.txt":
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded_open)
    items = sources(tmp_path)
    assert [type(i).__name__ for i in items] == ["Source", "Failure", "Source"]
    assert "Permission denied" in items[1].message  # type: ignore[union-attr]


def test_an_unlistable_folder_is_one_failure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "ok").mkdir()
    (tmp_path / "ok" / "a.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / "shut").mkdir()
    (tmp_path / "shut" / "b.txt").write_text(PAGE, encoding="utf-8")
    real_scandir = os.scandir

    def guarded_scandir(path: str | os.PathLike[str]) -> object:
        if Path(path).name == "shut":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    items = sources(tmp_path)
    assert [Path(s.name).name for s in items if isinstance(s, Source)] == ["a.txt"]
    (failure,) = [f for f in items if isinstance(f, Failure)]
    assert failure.source.endswith("shut") and "permissions" in failure.message


@pytest.mark.parametrize("device", ["/dev/null", "/dev/zero"])
def test_a_device_is_refused_without_reading_it(device: str) -> None:
    assert "not a regular file" in only_failure(sources(device)).message


def test_a_fifo_with_no_writer_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "not a regular file" in only_failure(sources(fifo)).message
    assert "not a regular file" in only_failure(sources(tmp_path)).message  # found in a folder too


def test_an_oversized_file_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import digest.load

    monkeypatch.setattr(digest.load, "MAX_BYTES", 100)
    f = tmp_path / "big.txt"
    f.write_text(PAGE * 10, encoding="utf-8")
    assert "too large" in only_failure(sources(f)).message


# --- stdin -----------------------------------------------------------------------------


class FakeStdin:
    def __init__(self, data: bytes) -> None:
        self.buffer = io.BytesIO(data)


def test_stdin_page(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(PAGE.encode("gb18030")))
    source = only_source(sources("-"))
    assert source.name == "-" and source.is_page and source.text == PAGE


def test_stdin_jsonl_is_recognised(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", FakeStdin(b'\xef\xbb\xbf{"id": "x", "text": "\xe6\xad\xa3\xe6\x96\x87"}\n'))
    source = only_source(sources("-"))
    assert source.records is not None and [r.id for r in source.records] == ["x"]


def test_closed_stdin_is_one_failure(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "stdin", None)
    assert "standard input" in only_failure(sources("-")).message


# --- JSONL -----------------------------------------------------------------------------


def test_jsonl_records_keep_order_ids_and_titles(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    lines = [
        {"id": "b-2", "title": "第一行\n第二行", "text": "第二篇正文。"},
        {"text": "没有编号的正文。"},
        {"id": 7, "text": "数字编号。"},
    ]
    f.write_text("\n".join(json.dumps(x, ensure_ascii=False) for x in lines) + "\n\n", encoding="utf-8")
    source = only_source(sources(f))
    assert source.records is not None
    assert [(r.id, r.title, r.text, r.line) for r in source.records] == [
        ("b-2", "第一行\n第二行", "第二篇正文。", 1),
        (None, None, "没有编号的正文。", 2),
        ("7", None, "数字编号。", 3),
    ]


def test_jsonl_bad_lines_fail_alone_with_their_line_number(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "好。"}\nnot json\n[1, 2]\n{"title": "无正文"}\n{"text": "也好。"}\n', encoding="utf-8")
    items = sources(f)
    failures = [i for i in items if isinstance(i, Failure)]
    assert [x.source for x in failures] == [f"{f}:2", f"{f}:3", f"{f}:4"]
    (source,) = [i for i in items if isinstance(i, Source)]
    assert source.records is not None and [r.text for r in source.records] == ["好。", "也好。"]


def test_jsonl_line_separator_inside_a_string_does_not_split_the_line(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text('{"text": "上半\u2028下半。"}\n', encoding="utf-8")  # raw U+2028 is valid JSON
    source = only_source(sources(f))
    assert source.records is not None and len(source.records) == 1


def test_jsonl_escape_codes_in_id_and_title_are_made_visible(tmp_path: Path) -> None:
    f = tmp_path / "feed.jsonl"
    f.write_text(json.dumps({"id": "a\x1b[2J", "title": "\x1b[31m题", "text": "正文\ud800。"}) + "\n")
    source = only_source(sources(f))
    assert source.records is not None
    (record,) = source.records
    assert record.id == "a␛[2J" and record.title == "␛[31m题" and record.text == "正文\ufffd。"


@pytest.mark.parametrize("raw", [""])
def test_an_empty_path_is_a_failure_not_the_current_folder(raw: str) -> None:
    (failure,) = iter_sources([raw])
    assert isinstance(failure, Failure) and "empty path" in failure.message


def test_jsonl_nested_too_deeply_is_one_failure(tmp_path: Path) -> None:
    f = tmp_path / "deep.jsonl"
    f.write_text("[" * 100_000 + "]" * 100_000 + '\n{"text": "正常的一行。"}\n', encoding="utf-8")
    items = sources(f)
    assert isinstance(items[0], Failure) and items[0].source == f"{f}:1" and "nested" in items[0].message
    assert isinstance(items[1], Source) and items[1].records is not None and len(items[1].records) == 1


def test_escape_codes_and_newlines_in_file_names_are_made_visible(tmp_path: Path) -> None:
    (tmp_path / "a\x1b[31m\nb.txt").write_text(PAGE, encoding="utf-8")
    (tmp_path / os.fsdecode(b"c\xff.txt")).write_text(PAGE, encoding="utf-8")  # not UTF-8
    names = [Path(s.name).name for s in sources(tmp_path) if isinstance(s, Source)]
    assert names == ["a␛[31m␊b.txt", "c\ufffd.txt"]
    failure = only_failure(sources(tmp_path / "gone\x1b]0;x\x07.txt"))
    assert failure.source.endswith("gone␛]0;x␇.txt")
