"""Hostile inputs and hostile surroundings, end to end through the command line.

Each case ends in a valid result (possibly empty) or ONE line on stderr naming the file
and the problem; the other inputs are still processed; never a traceback; with -o, the
previous output file is intact after a failure.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from digest.cli import app
from digest.model import DocumentResult, Source, SummaryOptions
from digest.pipeline import run

runner = CliRunner()
DIGEST = [sys.executable, "-m", "digest.cli"]

PAGE = (
    "滨江日报\n"
    "老街改造完成 百年骑楼重现风貌\n"
    "晚报讯 记者陈某某 历时八个月的老街改造工程昨日完工。街区保留了二十余栋骑楼。"
    "施工方采用传统工艺修复外立面。附近居民对改造效果表示满意。\n"
    "下一步,街区将引入非遗工坊和书店。\n"
)


@pytest.fixture(autouse=True)
def no_user_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DIGEST_CONFIG", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("NO_COLOR", raising=False)

def process_one(source: Source, mode: str, options: SummaryOptions) -> DocumentResult:
    """One source through the whole pipeline, which must not fail."""
    results, failures = run([source], mode, options)
    assert not failures, failures
    return results[0]



def cli(*args: str | Path, input: bytes | None = None) -> tuple[int, str, str]:
    result = runner.invoke(app, [str(a) for a in args], input=input)
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout, result.stderr


def sub(
    *args: str | Path, timeout: float = 60, env: dict[str, str] | None = None, **kw: object
) -> subprocess.CompletedProcess[bytes]:
    base = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "DIGEST_CONFIG")}
    base["XDG_CONFIG_HOME"] = tempfile.gettempdir() + "/digest-tests-no-config"
    kw.setdefault("capture_output", True)
    return subprocess.run([*DIGEST, *map(str, args)], timeout=timeout, env={**base, **(env or {})}, **kw)  # type: ignore[call-overload]


def one_error_line(stderr: str, *needles: str) -> str:
    lines = stderr.strip("\n").split("\n")
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])
    return lines[0]


def page(tmp_path: Path, name: str = "good.txt", text: str = PAGE) -> Path:
    p = tmp_path / name
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    return p


def sources_in(stdout: str) -> list[str]:
    return [Path(d["source"]).name for d in json.loads(stdout)["documents"]]


def all_text(stdout: str) -> str:
    """Every string in a JSON output, joined."""
    out: list[str] = []

    def walk(x: object) -> None:
        if isinstance(x, str):
            out.append(x)
        elif isinstance(x, dict):
            for v in x.values():
                walk(v)
        elif isinstance(x, list):
            for v in x:
                walk(v)

    walk(json.loads(stdout))
    return "\n".join(out)


# --- bad files beside a good one -------------------------------------------------------


def test_binary_file_fails_alone(tmp_path: Path) -> None:
    binary = tmp_path / "photo.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    code, out, err = cli("summarize", binary, page(tmp_path), "-f", "json")
    assert code == 1
    one_error_line(err, "photo.txt", "binary")
    assert sources_in(out) == ["good.txt"]


@pytest.mark.parametrize("content", [b"", b"   \n\t\n\r\n  ", "\u3000\u3000\n".encode()])
def test_empty_and_blank_files_give_an_empty_result_only_when_allowed(tmp_path: Path, content: bytes) -> None:
    blank = tmp_path / "blank.txt"
    blank.write_bytes(content)
    for command in ("summarize", "articles", "keywords"):
        code, out, err = cli(command, blank, "-f", "json")
        assert code == 1 and out == ""
        one_error_line(err, "no articles in", "blank.txt")
        code, out, err = cli(command, blank, "-f", "json", "--allow-empty")
        assert code == 0, err
        (doc,) = json.loads(out)["documents"]
        assert [a for a in doc["articles"] if a.get("paragraphs")] == []


def test_english_only_page_is_processed(tmp_path: Path) -> None:
    english = page(tmp_path, "en.txt", "City Council Meets\nThe council met on Monday. It approved the budget.\n")
    code, out, err = cli("summarize", english, "-f", "json")
    assert code == 0, err
    assert "approved the budget" in all_text(out)


def test_bom_is_not_part_of_the_first_headline(tmp_path: Path) -> None:
    f = tmp_path / "bom.txt"
    f.write_bytes(b"\xef\xbb\xbf" + PAGE.encode())
    code, out, _ = cli("articles", f, "-f", "json")
    assert code == 0 and "\ufeff" not in out and "滨江日报" in out


@pytest.mark.parametrize("codec", ["gb18030", "gbk", "utf-16"])
def test_other_encodings_give_the_same_articles_as_utf8(tmp_path: Path, codec: str) -> None:
    utf8 = page(tmp_path, "page.txt")
    other = tmp_path / "other" / "page.txt"
    other.parent.mkdir()
    other.write_bytes(PAGE.encode(codec))
    _, want, _ = cli("articles", utf8, "-f", "json")
    code, got, err = cli("articles", other, "-f", "json")
    assert code == 0, err
    assert json.loads(got)["documents"][0]["articles"] == json.loads(want)["documents"][0]["articles"]


def test_invalid_bytes_in_the_middle_keep_the_rest(tmp_path: Path) -> None:
    f = tmp_path / "torn.txt"
    data = PAGE.encode()
    cut = data.index("施工方".encode())
    f.write_bytes(data[:cut] + b"\xc3\x28\xff" + data[cut:])
    code, out, err = cli("articles", f, "-f", "json")
    assert code == 0, err
    text = all_text(out)
    assert "二十余栋骑楼" in text and "施工方采用传统工艺" in text


def test_nul_bytes_are_dropped(tmp_path: Path) -> None:
    f = tmp_path / "nul.txt"
    f.write_bytes(PAGE.encode().replace("骑楼".encode(), "骑\x00楼".encode()))
    code, out, err = cli("summarize", f, "-f", "json")
    assert code == 0, err
    assert "\\u0000" not in out and "二十余栋骑楼" in all_text(out)


LONG_SENTENCE = "工程队在雨季来临前完成了排水管网的改造。"


def test_a_200000_character_line_is_parsed(tmp_path: Path) -> None:
    long_line = "晚报讯 " + LONG_SENTENCE * (200_000 // len(LONG_SENTENCE))
    f = page(tmp_path, "long.txt", "长文标题\n" + long_line + "\n")
    code, out, err = cli("articles", f, "-f", "json")
    assert code == 0, err
    articles = json.loads(out)["documents"][0]["articles"]
    assert sum(len(p) for a in articles for p in a["paragraphs"]) > 190_000


def test_a_200000_character_line_is_summarized_in_bounded_memory(tmp_path: Path) -> None:
    import resource

    body = _long_article(200_000, seed=2)
    f = page(tmp_path, "long.txt", "长文标题\n晚报讯 " + body + "\n")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (1536 << 20, 1536 << 20))

    proc = sub("summarize", f, "-f", "json", "--full", timeout=120, preexec_fn=limit)
    assert b"Traceback" not in proc.stderr
    assert proc.returncode == 0, proc.stderr.decode()
    for a in json.loads(proc.stdout)["documents"][0]["articles"]:
        body_text = "".join(a["paragraphs"])
        assert all(s in body_text for s in a.get("summary", []))


# --- markup, escape codes and HTML inside the text ---------------------------------------

NASTY = (
    "[bold red]警告[/] 市民[link=http://evil.example]点击[/link]\n"
    "晚报讯 标题里有\x1b[31m红色\x1b[0m和\x1b]0;改掉终端标题\x07的转义码。"
    "正文中夹着<script>alert('x')</script>和<b>粗体</b>标签。还有一句 [/] 不成对的标记。\n"
)


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "json"])
def test_markup_and_escape_codes_are_shown_as_plain_characters(tmp_path: Path, fmt: str) -> None:
    f = page(tmp_path, "nasty.txt", NASTY)
    if fmt == "markdown":
        pytest.importorskip("digest.render.markdown", reason="markdown renderer not written yet")
    code, out, err = cli("articles", f, "-f", fmt)
    assert code == 0, err
    assert "\x1b" not in out and "\x07" not in out  # never obeyed by the terminal
    if fmt == "markdown":
        out = out.replace("\\", "")  # Markdown's own escaping of [ ] < > is fine
    assert "␛[31m" in out  # but shown
    if fmt != "json":
        assert "[bold red]警告[/]" in out  # not interpreted as rich markup
    assert "<script>" in out or "\\u003cscript" in out or "&lt;script&gt;" in out


def test_markup_in_the_terminal_view_is_not_interpreted(tmp_path: Path) -> None:
    from rich.console import Console

    from digest.load import iter_sources
    from digest.render.rich import live_documents

    f = page(tmp_path, "nasty.txt", NASTY)
    (source,) = list(iter_sources([str(f)]))
    assert isinstance(source, Source)
    result = process_one(source, "articles", SummaryOptions())
    screen = io.StringIO()
    console = Console(file=screen, width=200, record=True, color_system="truecolor", force_terminal=True)
    console.print(live_documents([result], "articles"))
    plain = console.export_text()
    assert "[bold red]警告[/]" in plain and "[link=http://evil.example]" in plain
    assert "\x1b]" not in screen.getvalue()  # no hyperlink or title escape reached the terminal


@pytest.mark.parametrize("command", ["summarize", "articles", "daily"])
def test_html_output_escapes_script_and_markup(tmp_path: Path, command: str) -> None:
    pytest.importorskip("digest.render.html", reason="html renderer not written yet")
    f = page(tmp_path, "nasty.txt", NASTY)
    code, out, err = cli(command, f, "-f", "html")
    assert code == 0, err
    assert "<script>alert" not in out and "<b>粗体</b>" not in out
    assert "&lt;script&gt;" in out and "\x1b" not in out


# --- folders, permissions, vanishing files, loops, devices -------------------------------


def test_folder_with_an_unreadable_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Tests run as root (chmod 000 does not stop root): os.open refuses one path instead.
    page(tmp_path, "a.txt")
    page(tmp_path, "b-locked.txt")
    page(tmp_path, "c.txt")
    real_open = os.open

    def guarded(path: str | os.PathLike[str], flags: int, *a: int, **kw: object) -> int:
        if str(path).endswith("b-locked.txt"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded)
    code, out, err = cli("summarize", tmp_path, "-f", "json")
    assert code == 1
    one_error_line(err, "b-locked.txt", "Permission denied")
    assert sources_in(out) == ["a.txt", "c.txt"]


def test_file_vanishing_during_the_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    page(tmp_path, "a.txt")
    doomed = page(tmp_path, "b.txt")
    page(tmp_path, "c.txt")
    real_open = os.open

    def delete_first(path: str | os.PathLike[str], flags: int, *a: int, **kw: object) -> int:
        if str(path) == str(doomed) and doomed.exists():
            doomed.unlink()  # deleted between the folder listing and the read
        return real_open(path, flags, *a, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", delete_first)
    code, out, err = cli("articles", tmp_path, "-f", "json")
    assert code == 1
    one_error_line(err, "b.txt", "no longer exists")
    assert sources_in(out) == ["a.txt", "c.txt"]


def test_dangling_symlink_and_symlink_loops(tmp_path: Path) -> None:
    page(tmp_path, "sub/a.txt")
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder loop: visited once, silently
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "self.txt").symlink_to(tmp_path / "self.txt")
    code, out, err = cli("articles", tmp_path, "-f", "json")
    assert code == 1
    lines = err.strip().split("\n")
    assert len(lines) == 2 and "Traceback" not in err
    assert "dangling.txt" in lines[0] and "self.txt" in lines[1]
    assert sources_in(out) == ["a.txt"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "fifo"])
def test_a_device_or_fifo_never_hangs(tmp_path: Path, device: str) -> None:
    if device == "fifo":
        device = str(tmp_path / "pipe.txt")
        os.mkfifo(device)  # nobody ever writes to it
    good = page(tmp_path, "good.txt")
    proc = sub("articles", device, good, "-f", "json", timeout=60)
    assert proc.returncode == 1
    one_error_line(proc.stderr.decode(), device, "not a regular file")
    assert sources_in(proc.stdout.decode()) == ["good.txt"]


def test_a_fifo_inside_a_folder_never_hangs(tmp_path: Path) -> None:
    os.mkfifo(tmp_path / "b.txt")
    page(tmp_path, "a.txt")
    proc = sub("articles", tmp_path, "-f", "json", timeout=60)
    assert proc.returncode == 1
    one_error_line(proc.stderr.decode(), "b.txt", "not a regular file")


def test_stdin_dash(tmp_path: Path) -> None:
    code, out, err = cli("articles", "-", "-f", "json", input=PAGE.encode("gb18030"))
    assert code == 0, err
    assert sources_in(out) == ["-"] and "老街改造完成" in out


def test_stdin_jsonl_keeps_order_and_ids() -> None:
    lines = [{"id": "z9", "text": "第一篇。"}, {"id": "a1", "text": "第二篇。"}, {"text": "第三篇。"}]
    data = "".join(json.dumps(x, ensure_ascii=False) + "\n" for x in lines).encode()
    code, out, err = cli("summarize", "-", "-f", "json", "--full", input=data)
    assert code == 0, err
    articles = json.loads(out)["documents"][0]["articles"]
    assert [a["id"] for a in articles][:2] == ["z9", "a1"]
    assert [a["paragraphs"] for a in articles] == [["第一篇。"], ["第二篇。"], ["第三篇。"]]


def test_duplicate_jsonl_ids_keep_their_own_summaries(tmp_path: Path) -> None:
    f = tmp_path / "dup.jsonl"
    f.write_text(
        '{"id": "7", "text": "甲篇第一句。甲篇第二句。"}\n{"id": "7", "text": "乙篇第一句。乙篇第二句。"}\n',
        encoding="utf-8",
    )
    code, out, err = cli("summarize", f, "-f", "json", "--full")
    assert code == 0, err
    articles = json.loads(out)["documents"][0]["articles"]
    assert [a["id"] for a in articles] == ["7", "7"]
    for a in articles:
        assert a["summary"] and all(s in "".join(a["paragraphs"]) for s in a["summary"])
    code, out, err = cli("summarize", f, "-f", "text")
    assert code == 0, err
    assert "甲篇第一句" in out and "乙篇第一句" in out


# --- output: -o, stdout, exit codes ------------------------------------------------------


def test_every_input_failing_exits_1_and_leaves_o_untouched(tmp_path: Path) -> None:
    out = tmp_path / "digest.json"
    out.write_text("yesterday\n", encoding="utf-8")
    code, stdout, err = cli("summarize", tmp_path / "a.txt", tmp_path / "b.txt", "-f", "json", "-o", out)
    assert code == 1 and stdout == ""
    assert err.count("\n") == 2 and "a.txt" in err and "b.txt" in err
    assert out.read_text(encoding="utf-8") == "yesterday\n"


def test_some_inputs_failing_still_writes_o_and_exits_1(tmp_path: Path) -> None:
    out = tmp_path / "digest.json"
    out.write_text("yesterday\n", encoding="utf-8")
    code, _, err = cli("summarize", tmp_path / "gone.txt", page(tmp_path), "-f", "json", "-o", out)
    assert code == 1
    one_error_line(err, "gone.txt")
    assert sources_in(out.read_text(encoding="utf-8")) == ["good.txt"]


def test_o_in_a_missing_folder(tmp_path: Path) -> None:
    code, stdout, err = cli("summarize", page(tmp_path), "-o", tmp_path / "no" / "out.json")
    assert code == 1 and stdout == ""
    one_error_line(err, "out.json", "does not exist")


def test_o_is_a_folder(tmp_path: Path) -> None:
    target = tmp_path / "outdir"
    target.mkdir()
    code, _, err = cli("summarize", page(tmp_path), "-o", target)
    assert code == 1 and target.is_dir()
    one_error_line(err, "outdir", "is a folder")


def test_o_in_a_read_only_folder_leaves_the_previous_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # As root, chmod 555 on the folder would not stop the write: refuse the temporary file.
    out = tmp_path / "digest.txt"
    out.write_text("yesterday\n", encoding="utf-8")

    def refuse(*a: object, **kw: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    code, _, err = cli("summarize", page(tmp_path), "-f", "text", "-o", out)
    assert code == 1
    one_error_line(err, "digest.txt", "Permission denied")
    assert out.read_text(encoding="utf-8") == "yesterday\n"


@pytest.mark.parametrize(("fmt", "where"), [("text", "render"), ("json", "json.article_dict")])
def test_a_crash_while_rendering_is_one_line_and_leaves_o(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, where: str
) -> None:
    """Also when JSON has been partly written to the temporary file (it is written in pieces)."""
    import digest.render
    import digest.render.json

    def boom(*a: object, **kw: object) -> str:
        raise ValueError("renderer bug")

    module = digest.render.json if where.startswith("json.") else digest.render
    monkeypatch.setattr(module, where.rsplit(".", 1)[-1], boom)
    monkeypatch.delenv("DIGEST_DEBUG", raising=False)
    out = tmp_path / "digest.json"
    out.write_text("yesterday\n", encoding="utf-8")
    code, _, err = cli("summarize", page(tmp_path), "-f", fmt, "-o", out)
    assert code == 1
    one_error_line(err, "internal error", "renderer bug")
    assert out.read_text(encoding="utf-8") == "yesterday\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["digest.json", "good.txt"]


def test_unknown_encoding_is_a_usage_error(tmp_path: Path) -> None:
    code, _, err = cli("articles", page(tmp_path), "--encoding", "martian")
    assert code == 2
    one_error_line(err, "martian")


def test_closed_stdout_is_one_line_not_a_traceback(tmp_path: Path) -> None:
    good = page(tmp_path)
    proc = subprocess.run(
        ["sh", "-c", '"$0" -m digest.cli articles "$1" -f json >&-', sys.executable, str(good)],
        capture_output=False,
        stderr=subprocess.PIPE,
        timeout=60,
    )
    assert proc.returncode == 1
    one_error_line(proc.stderr.decode(), "standard output")


def test_full_disk_on_stdout_is_one_line(tmp_path: Path) -> None:
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full")
    with open("/dev/full", "wb") as full:
        proc = sub("articles", page(tmp_path), "-f", "json", stdout=full, capture_output=False, stderr=subprocess.PIPE)
    assert proc.returncode == 1
    one_error_line(proc.stderr.decode(), "standard output", "No space left")


def test_reader_going_away_is_not_an_error(tmp_path: Path) -> None:
    pages = [page(tmp_path, f"p{i}.txt") for i in range(30)]
    proc = subprocess.run(
        [
            "sh",
            "-c",
            '"$0" -m digest.cli articles -f text "$@" | head -c 10 >/dev/null',
            sys.executable,
            *map(str, pages),
        ],
        stderr=subprocess.PIPE,
        timeout=60,
    )
    assert b"Traceback" not in proc.stderr and b"Error" not in proc.stderr


def test_no_colour_codes_when_stdout_is_not_a_terminal(tmp_path: Path) -> None:
    proc = sub("summarize", page(tmp_path))  # default format: rich
    assert proc.returncode == 0
    assert b"\x1b" not in proc.stdout and "老街改造完成".encode() in proc.stdout


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
def test_no_colour_codes_on_a_terminal_with_no_color(tmp_path: Path) -> None:
    def on_terminal(env: dict[str, str]) -> bytes:
        leader, follower = os.openpty()
        try:
            proc = sub(
                "summarize",
                page(tmp_path),
                env={"TERM": "xterm-256color", "COLUMNS": "100", **env},
                stdout=follower,
                capture_output=False,
                stderr=subprocess.PIPE,
            )
            assert proc.returncode == 0, proc.stderr
            os.close(follower)
            chunks = []
            while True:
                try:
                    chunk = os.read(leader, 65536)
                except OSError:
                    break
                if not chunk:
                    break
                chunks.append(chunk)
            return b"".join(chunks)
        finally:
            os.close(leader)

    assert "老街改造完成".encode() in on_terminal({"NO_COLOR": "1"})
    assert b"\x1b[" not in on_terminal({"NO_COLOR": "1"})
    assert b"\x1b[" in on_terminal({})  # the check above could fail: styles are used otherwise


def test_quiet_runs_print_nothing_on_success_but_still_report_errors(tmp_path: Path) -> None:
    pages = [page(tmp_path, f"p{i}.txt") for i in range(3)]
    code, _, err = cli("summarize", *pages, "-q", "-f", "json")
    assert code == 0 and err == ""
    code, _, err = cli("summarize", *pages, tmp_path / "missing.txt", "-q", "-f", "json")
    assert code == 1
    one_error_line(err, "missing.txt")


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_same_input_same_bytes_across_processes(tmp_path: Path, fmt: str) -> None:
    """Hash randomisation differs between processes: a set iterated in the output shows here."""
    folder = tmp_path / "pages"
    page(folder, "a.txt")
    page(folder, "b.txt", PAGE.replace("骑楼", "牌坊") + "评论员文章\n城市更新不能只看外表。更要留住烟火气。\n")
    runs = [sub("summarize", folder, "-f", fmt, env={"PYTHONHASHSEED": seed}) for seed in ("1", "2", "3")]
    assert all(r.returncode == 0 for r in runs), [r.stderr for r in runs]
    assert runs[0].stdout == runs[1].stdout == runs[2].stdout


def _long_article(chars: int, seed: int) -> str:
    import random

    from invented import WORDS

    rng = random.Random(seed)
    vocab = WORDS
    out: list[str] = []
    total = 0
    while total < chars:
        s = "".join(rng.choices(vocab, k=rng.randint(4, 9))) + "。"
        out.append(s)
        total += len(s)
    return "".join(out)


def test_summarizer_memory_grows_linearly_with_article_length() -> None:
    import tracemalloc

    from digest import summarize
    from digest.model import Article

    def peak(chars: int) -> int:
        body = _long_article(chars, seed=chars)
        article = Article(
            id="x", kind="news", headline=("排水管网改造",), dateline=None, authors=(), paragraphs=(body,)
        )
        tracemalloc.start()
        try:
            summarize(article)
            return tracemalloc.get_traced_memory()[1]
        finally:
            tracemalloc.stop()

    summarize(Article(id="w", kind="news", headline=(), dateline=None, authors=(), paragraphs=("预热分词器。",)))
    small, large = peak(15_000), peak(30_000)
    assert large < 2.6 * small, (small >> 20, large >> 20)  # twice the text, ~twice the memory


def test_daily_with_a_bad_input_still_digests_the_good_one(tmp_path: Path) -> None:
    out = tmp_path / "daily.json"
    code, _, err = cli("daily", tmp_path / "gone.txt", page(tmp_path), "-f", "json", "-o", out)
    assert code == 1
    one_error_line(err, "gone.txt")
    assert "老街改造完成" in out.read_text(encoding="utf-8")


def test_daily_with_every_input_failing_leaves_o_untouched(tmp_path: Path) -> None:
    out = tmp_path / "daily.html"
    out.write_text("<p>yesterday</p>\n", encoding="utf-8")
    code, stdout, err = cli("daily", tmp_path / "gone.txt", "-f", "html", "-o", out)
    assert code == 1 and stdout == ""
    one_error_line(err, "gone.txt")
    assert out.read_text(encoding="utf-8") == "<p>yesterday</p>\n"


def test_escape_codes_in_an_output_path_are_not_obeyed_in_the_error(tmp_path: Path) -> None:
    code, _, err = cli("articles", page(tmp_path), "-o", tmp_path / "no\x1b[2J" / "out.txt")
    assert code == 1
    one_error_line(err, "no␛[2J")
    assert "\x1b" not in err


# --- caches and surroundings: a cache only saves time ------------------------------------------


def two_pages(tmp_path: Path) -> list[Path]:
    return [page(tmp_path, "a.txt"), page(tmp_path, "b.txt", PAGE.replace("骑楼", "牌坊"))]


@pytest.mark.parametrize("cache", ["/dev/null/x", "/proc", "home:/proc"])
def test_an_unusable_cache_folder_only_costs_time(tmp_path: Path, cache: str) -> None:
    # XDG_CACHE_HOME under a file, in /proc, or a HOME where nothing can be made (as a read-only
    # HOME is; the tests run as root, for whom chmod changes nothing).
    env = {"HOME": cache[5:], "XDG_CACHE_HOME": ""} if cache.startswith("home:") else {"XDG_CACHE_HOME": cache}
    proc = sub("summarize", page(tmp_path), "-f", "json", env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    articles = json.loads(proc.stdout)["documents"][0]["articles"]
    assert any(a.get("summary") and a.get("keywords") for a in articles)
    verbose = sub("summarize", page(tmp_path), "-f", "json", "-v", env=env)
    assert verbose.returncode == 0 and verbose.stdout == proc.stdout
    one_error_line(verbose.stderr.decode(), "digest: note: no cache folder")
    # Several inputs, on worker processes: each of them works, and the note is still said once.
    both = sub("summarize", *two_pages(tmp_path), "-f", "json", "-v", "--jobs", "2", env=env)
    assert both.returncode == 0
    assert sources_in(both.stdout.decode()) == ["a.txt", "b.txt"]
    one_error_line(both.stderr.decode(), "digest: note: no cache folder")


def test_no_cache_folder_for_textrank4zh_either(tmp_path: Path) -> None:
    proc = sub("summarize", page(tmp_path), "-f", "json", "--engine", "textrank4zh", "-v",
               env={"XDG_CACHE_HOME": "/dev/null/x"})  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    one_error_line(proc.stderr.decode(), "digest: note: no cache folder")


@pytest.fixture
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """An empty cache folder of this test's own, and no table loaded yet."""
    from digest import tokens

    folder = tmp_path / "cache"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    for cached in (tokens.cache_dir, tokens.idf_table):
        cached.cache_clear()
    yield folder / "digest"
    for cached in (tokens.cache_dir, tokens.idf_table):
        cached.cache_clear()


def idf_cache_file() -> Path:
    from digest import tokens

    found = tokens._cache_file(tokens._jieba_dir() / "analyse" / "idf.txt", f"idf-v{tokens._IDF_CACHE_VERSION}", ".bin")
    assert found is not None
    return found


def test_a_damaged_idf_cache_is_rebuilt(own_cache: Path) -> None:
    from digest import tokens

    fresh = tokens.idf_table()
    target = idf_cache_file()
    assert target.is_file()
    want = fresh.get("集装箱")
    # Change the stored value of one word (the header and the structure stay valid).
    data = bytearray(target.read_bytes())
    table = tokens._parse_idf_bytes(bytes(data[4:]))
    word = "集装箱".encode()
    index = next(i for i in range(len(table)) if bytes(table._blob[table._off[i] : table._off[i + 1] - 1]) == word)
    values_at = 4 + 16 + 4 * len(table) + 4 * (len(table) + 1)
    data[values_at + 4 * index : values_at + 4 * index + 4] = b"\x00\x00\x80\x3f"  # 1.0
    target.write_bytes(bytes(data))
    tokens.idf_table.cache_clear()
    assert tokens.idf_table().get("集装箱") == want != 1.0
    assert tokens._parse_idf_bytes(tokens._unsealed(target.read_bytes())).get("集装箱") == want  # rewritten


def occupy(path: Path, what: str) -> None:
    """Something other than a cache file at `path`: a folder or a FIFO."""
    if what == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)


def answer_within(call: Callable[[], Any], seconds: float = 60) -> list[Any]:
    """[call()] if it returns within `seconds` on a thread of its own, else [] (it blocked)."""
    import threading

    got: list[Any] = []
    worker = threading.Thread(target=lambda: got.append(call()), daemon=True)
    worker.start()
    worker.join(seconds)
    return got


@pytest.mark.parametrize("what", ["folder", "fifo"])
def test_something_else_at_the_idf_cache_path(own_cache: Path, what: str) -> None:
    """A folder there left a 5.7 MB temporary file on every run; a FIFO hung the run."""
    from digest import tokens

    own_cache.mkdir(parents=True)
    target = idf_cache_file()
    occupy(target, what)
    got = answer_within(lambda: tokens.idf_table().get("集装箱"))
    assert got and got[0] > 5, "idf_table() blocked"
    assert sorted(p.name for p in own_cache.iterdir()) == [target.name]  # nothing left behind


@pytest.fixture
def small_jieba(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, own_cache: Path) -> Path:
    """jieba's dictionary replaced by a three-word one, so that building it takes no time."""
    from digest import tokens

    fake = tmp_path / "jieba"
    fake.mkdir()
    (fake / "dict.txt").write_text("港口 300 n\n集装箱 200 n\n吞吐量 100 n\n", encoding="utf-8")
    monkeypatch.setattr(tokens, "_jieba_dir", lambda: fake)
    return fake


def jieba_cache_file() -> Path:
    from digest import tokens

    found = tokens._cache_file(tokens._jieba_dir() / "dict.txt", "jieba", ".cache")
    assert found is not None
    return found


def test_the_jieba_dictionary_cache_is_checked(small_jieba: Path) -> None:
    import jieba

    from digest import tokens

    freq, total = tokens._jieba_prefix_dict(jieba.Tokenizer())
    assert (freq["集装箱"], total) == (200, 600)
    target = jieba_cache_file()
    data = bytearray(target.read_bytes())
    data[-3] ^= 0x01  # the total, in the marshal dump: still loadable, but wrong
    target.write_bytes(bytes(data))
    assert tokens._jieba_prefix_dict(jieba.Tokenizer()) == (freq, total)


@pytest.mark.parametrize("what", ["folder", "fifo"])
def test_something_else_at_the_jieba_cache_path(small_jieba: Path, own_cache: Path, what: str) -> None:
    import jieba

    from digest import tokens

    own_cache.mkdir(parents=True)
    target = jieba_cache_file()
    occupy(target, what)
    got = answer_within(lambda: tokens._jieba_prefix_dict(jieba.Tokenizer())[1])
    assert got == [600], "blocked"
    assert sorted(p.name for p in own_cache.iterdir()) == [target.name]


def test_closed_stderr_with_several_inputs(tmp_path: Path) -> None:
    a, b = two_pages(tmp_path)
    for extra, code in (([], 0), ([str(tmp_path / "missing.txt")], 1)):
        proc = subprocess.run(
            ["sh", "-c", '"$0" -m digest summarize -f json "$@" 2>&-', sys.executable, str(a), str(b), *extra],
            capture_output=True,
            timeout=60,
        )
        assert proc.returncode == code
        assert sources_in(proc.stdout.decode()) == ["a.txt", "b.txt"]


# A Latin-1 terminal (no Latin-1 locale need be installed: PYTHONIOENCODING stands for it), and
# LANG=C as issue 15 wrote it: by default Python then switches to UTF-8 (PEP 538 and 540) and the
# Chinese is shown; with both switches off the terminal's encoding is ASCII.
TERMINALS = {
    "latin-1": ({"PYTHONIOENCODING": "latin-1"}, "iso8859-1"),
    "ascii": ({"PYTHONIOENCODING": "ascii"}, "ascii"),
    "LANG=C": ({"LANG": "C", "LC_ALL": "C", "LC_CTYPE": "C"}, None),
    "LANG=C-no-coercion": ({"LANG": "C", "LC_ALL": "C", "LC_CTYPE": "C", "PYTHONCOERCECLOCALE": "0", "PYTHONUTF8": "0"},
                           "ascii"),  # fmt: skip
}


@pytest.mark.skipif(not hasattr(os, "openpty"), reason="needs a pseudo-terminal")
@pytest.mark.parametrize("terminal", list(TERMINALS))
def test_a_terminal_that_cannot_show_chinese(tmp_path: Path, terminal: str) -> None:
    settings, encoding = TERMINALS[terminal]
    dropped = ("NO_COLOR", "DIGEST_CONFIG", "PYTHONIOENCODING", "PYTHONUTF8", "LANGUAGE")
    env = {k: v for k, v in os.environ.items() if k not in dropped and not k.startswith("LC_")}
    env.update(settings, TERM="xterm", COLUMNS="100")
    leader, follower = os.openpty()
    try:
        proc = subprocess.run([*DIGEST, "summarize", str(page(tmp_path))], env=env, timeout=60,
                              stdout=follower, stderr=subprocess.PIPE)  # fmt: skip
        os.close(follower)
        screen = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:
                break
            if not chunk:
                break
            screen += chunk
    finally:
        os.close(leader)
    assert proc.returncode == 0, proc.stderr.decode()
    if encoding is None:  # Python chose UTF-8 for this locale: nothing to say
        assert proc.stderr == b""
        assert "老街".encode() in screen
        return
    one_error_line(proc.stderr.decode(), "digest: warning:", f"encoding ({encoding}) cannot show Chinese", "UTF-8")
    assert b"\\u8001\\u8857" in screen  # 老街, as escapes


@pytest.mark.parametrize("where", ["XDG_CONFIG_HOME", "HOME"])
def test_a_config_folder_out_of_reach_is_no_config(tmp_path: Path, where: str) -> None:
    a_file = tmp_path / "plain-file"
    a_file.write_text("not a folder\n", encoding="utf-8")
    env = {"XDG_CONFIG_HOME": str(a_file)}
    if where == "HOME":
        env = {"HOME": str(a_file), "XDG_CONFIG_HOME": ""}
    proc = sub("summarize", page(tmp_path), "-f", "json", env=env)
    assert proc.returncode == 0, proc.stderr.decode()
    assert proc.stderr == b""
    verbose = sub("summarize", page(tmp_path), "-f", "json", "-v", env=env)
    assert verbose.returncode == 0
    assert "no config file read" in verbose.stderr.decode()
    explicit = sub("summarize", page(tmp_path), "--config", a_file / "config.toml")
    assert explicit.returncode == 2
    one_error_line(explicit.stderr.decode(), "config file", "plain-file")
    named = sub("summarize", page(tmp_path), env={**env, "DIGEST_CONFIG": str(a_file / "config.toml")})
    assert named.returncode == 2
    one_error_line(named.stderr.decode(), "config file", "plain-file", "DIGEST_CONFIG")


# --- files given to options ------------------------------------------------------------------


@pytest.mark.parametrize("option", ["--stopwords", "--user-dict", "--config", "DIGEST_CONFIG"])
def test_an_option_file_that_is_a_fifo_never_hangs(tmp_path: Path, option: str) -> None:
    fifo = tmp_path / "words.txt"
    os.mkfifo(fifo)  # nobody ever writes to it
    args, env = ([option, fifo], None) if option.startswith("--") else ([], {option: str(fifo)})
    proc = sub("summarize", page(tmp_path), *args, env=env, timeout=60)
    assert proc.returncode == 2
    one_error_line(proc.stderr.decode(), str(fifo), "FIFO")


@pytest.mark.parametrize("option", ["--stopwords", "--user-dict", "--config"])
def test_an_option_file_that_is_a_folder_says_so(tmp_path: Path, option: str) -> None:
    code, _, err = cli("summarize", page(tmp_path), option, tmp_path)
    assert code == 2
    one_error_line(err, str(tmp_path), "is a folder")


@pytest.mark.parametrize(
    ("line", "problem"),
    [
        ("词语 99999999999999999999999 n", "frequency 99999999999999999999999 is too large"),
        ("长" * 100_000 + " 5 n", "a word of 100,000 characters"),
        ("词语 ² n", None),  # a superscript two is a tag here, not a number
    ],
)
def test_a_user_dictionary_line_that_cannot_be(tmp_path: Path, line: str, problem: str | None) -> None:
    words = tmp_path / "user.txt"
    words.write_text("老街 20 n\n" + line + "\n", encoding="utf-8")
    for engine in ("digest", "textrank4zh"):
        code, out, err = cli("summarize", page(tmp_path), "--user-dict", words, "--engine", engine, "-f", "json")
        if problem is None:
            assert code == 0, err
            continue
        assert code == 2 and out == ""
        one_error_line(err, str(words), "line 2", problem)


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "NaN"])
def test_ratio_that_is_not_a_number_is_a_usage_error(tmp_path: Path, value: str) -> None:
    proc = sub("summarize", page(tmp_path), "--ratio", value)
    assert proc.returncode == 2 and proc.stdout == b""
    one_error_line(proc.stderr.decode(), "--ratio")
    config = tmp_path / "config.toml"
    config.write_text(f"ratio = {value.lower()}\n", encoding="utf-8")
    proc = sub("summarize", page(tmp_path), "--config", config)
    assert proc.returncode == 2
    one_error_line(proc.stderr.decode(), "ratio must be between")


def test_empty_output_name_is_a_usage_error(tmp_path: Path) -> None:
    proc = sub("summarize", page(tmp_path), "-o", "")
    assert proc.returncode == 2 and proc.stdout == b""
    one_error_line(proc.stderr.decode(), "--output is empty")


def test_digest_alone_prints_the_help_and_no_blank_line() -> None:
    proc = sub()
    assert proc.returncode == 2
    shown = proc.stdout + proc.stderr
    assert b"Usage" in shown and b"summarize" in shown
    assert proc.stderr == b"" or proc.stderr.strip()  # once a lone empty line on stderr
    assert not shown.startswith(b"\n") and not shown.endswith(b"\n\n")  # nor a blank line around the help


# --- resource limits ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        "老街骑楼修缮工程" * 250_000 + "。",  # 2 million characters, one mark: once a 5 MB "summary"
        "开头的一句话。" + "。" * 1_000_000,  # a million 。 : once a 3 MB "summary"
    ],
    ids=["no-mark", "million-stops"],
)
def test_summaries_of_an_endless_line_stay_short(tmp_path: Path, body: str) -> None:
    f = page(tmp_path, "endless.txt", "长文标题\n晚报讯 " + body + "\n")
    proc = sub("summarize", f, "-f", "json", "--full", timeout=120)
    assert proc.returncode == 0, proc.stderr.decode()
    for a in json.loads(proc.stdout)["documents"][0]["articles"]:
        text = "".join(a["paragraphs"])
        assert all(len(s) <= 300 and s in text for s in a.get("summary", [])), [len(s) for s in a["summary"]]


def test_a_line_of_two_million_characters_with_no_full_stop_is_parsed_in_seconds(tmp_path: Path) -> None:
    """The check for a column tail printed twice tried every length of the unfinished tail: it
    took minutes on such a line (here the repeated text makes the whole tail such a piece)."""
    f = page(tmp_path, "endless.txt", "长文标题\n晚报讯 开头的一句话。" + "老街骑楼修缮工程" * 250_000 + "\n")
    proc = sub("articles", f, "-f", "json", timeout=60)
    assert proc.returncode == 0, proc.stderr.decode()
    assert "开头的一句话。" in all_text(proc.stdout.decode())


@given(st.text(alphabet="甲乙丙。(", max_size=60), st.lists(st.text(alphabet="甲乙丙。(", max_size=40), max_size=3))
@settings(max_examples=300, deadline=None, derandomize=True)
def test_the_debris_check_is_trying_every_length(before: str, paragraphs: list[str]) -> None:
    from digest.page import paragraphs as module

    def every_length(paragraphs: list[str], page_text: str) -> list[str]:  # as it was
        if not paragraphs or module.ends_sentence(paragraphs[-1]) or module.WHOLE_PAREN.match(paragraphs[-1]):
            return paragraphs
        finished = module.LAST_STOP.match(paragraphs[-1])
        start = finished.end() if finished else 0
        tail = paragraphs[-1][start:]
        for k in range(len(tail), module.MIN_DEBRIS - 1, -1):
            if page_text.count(tail[-k:]) >= 2:
                kept = paragraphs[-1][:start].rstrip()
                return [*paragraphs[:-1], kept] if kept else paragraphs[:-1]
        return paragraphs

    page_text = "\n".join([before, *paragraphs])
    assert module.drop_debris(paragraphs, page_text) == every_length(paragraphs, page_text)


def test_textrank4zh_refuses_an_article_it_cannot_rank_in_bounded_memory(tmp_path: Path) -> None:
    from digest.engines.textrank4zh import MAX_SENTENCES

    huge = page(tmp_path, "a-huge.txt", "长文标题\n晚报讯 " + _long_article(30 * (MAX_SENTENCES + 50), seed=4) + "\n")
    code, out, err = cli("summarize", huge, page(tmp_path), "--engine", "textrank4zh", "-f", "json")
    assert code == 1
    one_error_line(err, "a-huge.txt", f"at most {MAX_SENTENCES}", "--engine digest")
    assert sources_in(out) == ["good.txt"]


def test_a_jsonl_file_of_too_many_records_is_refused_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every article and its summary are held until the output is written: an input with more
    than MAX_ARTICLES (200,000; here 3) is refused in one line rather than exhausting memory."""
    import digest.load

    monkeypatch.setattr(digest.load, "MAX_ARTICLES", 3)
    many = tmp_path / "many.jsonl"
    many.write_text("".join(json.dumps({"text": f"第{i}篇。"}, ensure_ascii=False) + "\n" for i in range(4)))
    few = tmp_path / "few.jsonl"
    few.write_text("".join(json.dumps({"text": f"第{i}篇。"}, ensure_ascii=False) + "\n" for i in range(3)))
    code, out, err = cli("summarize", many, few, "-f", "json")
    assert code == 1
    one_error_line(err, "many.jsonl", "more than 3 records", "split")
    assert sources_in(out) == ["few.jsonl"]
