from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


def test_articles_json_on_seeds_has_every_page() -> None:
    result = runner.invoke(app, ["articles", str(ROOT / "seeds"), "--format", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    names = [Path(d["source"]).name for d in doc["documents"]]
    assert names == sorted(p.name for p in (ROOT / "seeds").glob("*.txt"))
    for d in doc["documents"]:
        assert d["articles"], d["source"]
        for a in d["articles"]:
            assert set(a) >= {"id", "kind", "headline", "dateline", "authors", "paragraphs"}
            assert "summary" not in a


def test_summarize_json_summary_sentences_are_verbatim() -> None:
    result = runner.invoke(app, ["summarize", str(ROOT / "seeds"), "-f", "json", "--full"])
    assert result.exit_code == 0, result.output
    for d in json.loads(result.stdout)["documents"]:
        for a in d["articles"]:
            if a["kind"] == "furniture":
                continue
            body = "".join(a["paragraphs"])
            assert a["summary"], a["headline"]
            pos = [body.index(s) for s in a["summary"]]
            assert pos == sorted(pos)


def test_missing_input_beside_a_good_one_exits_1_and_digests_the_good_one(tmp_path: Path) -> None:
    good = ROOT / "seeds" / "000_ec62a4f18dae8dc6.txt"
    result = runner.invoke(app, ["summarize", str(tmp_path / "missing.txt"), str(good), "-f", "json"])
    assert result.exit_code == 1
    assert "missing.txt" in result.stderr and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    docs = json.loads(result.stdout)["documents"]
    assert [Path(d["source"]).name for d in docs] == [good.name]


def test_usage_error_exits_2() -> None:
    result = runner.invoke(app, ["summarize", "--sentences", "0", "x.txt"])
    assert result.exit_code == 2


def test_help_loads_no_tokenizer() -> None:
    code = (
        "import sys\n"
        "from digest.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "bad = [m for m in ('jieba', 'rjieba', 'numpy', 'textrank4zh', 'dask', 'distributed') if m in sys.modules]\n"
        "assert not bad, bad\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


def test_usage_error_from_the_console_entry_is_one_line_and_exit_2() -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from digest.cli import run; run()", "summarize", "--sentences", "0", "x.txt"],
        capture_output=True,
        text=True,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digest: error:") and "--sentences" in lines[0]
    assert proc.stdout == ""


@pytest.mark.parametrize(
    ("signame", "code", "message"), [("SIGTERM", 143, "terminated"), ("SIGINT", 130, "interrupted")]
)
def test_a_stopped_run_ends_cleanly_and_leaves_the_previous_output(
    tmp_path: Path, signame: str, code: int, message: str
) -> None:
    import random
    import signal
    import time

    from invented import WORDS

    rng = random.Random(5)
    paragraph = lambda: "".join(rng.choice(WORDS) for _ in range(60)) + "。"  # noqa: E731
    page = tmp_path / "big.txt"
    page.write_text(
        "\n\n".join(f"新区建设提速\n\n晚报讯 {paragraph()}{paragraph()}\n\n{paragraph()}" for _ in range(4000)),
        encoding="utf-8",
    )
    out = tmp_path / "digest.json"
    out.write_text("昨天的摘要\n", encoding="utf-8")
    proc = subprocess.Popen(
        [sys.executable, "-c", "from digest.cli import run; run()", "summarize", str(page), "-o", str(out), "-q"],
        stderr=subprocess.PIPE,
        text=True,
    )
    # Until run() has installed its handlers, SIGINT is Python's KeyboardInterrupt (exit -2): on a
    # loaded machine importing the CLI can take more than a second.
    status = Path(f"/proc/{proc.pid}/status")
    deadline = time.monotonic() + 30
    while status.exists() and time.monotonic() < deadline and proc.poll() is None:
        caught = [line for line in status.read_text().splitlines() if line.startswith("SigCgt:")]
        if caught and int(caught[0].split()[1], 16) & (1 << (signal.SIGTERM - 1)):
            break
        time.sleep(0.01)
    time.sleep(0.2 if status.exists() else 1.0)  # the page being summarized
    assert proc.poll() is None, "the run ended before it could be stopped: make the page bigger"
    proc.send_signal(getattr(signal, signame))
    _, err = proc.communicate(timeout=60)  # returns once the workers too have closed stderr
    assert proc.returncode == code
    assert err.strip().splitlines() == [f"digest: error: {message}"]
    assert out.read_text(encoding="utf-8") == "昨天的摘要\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["big.txt", "digest.json"]


# --- an edition with no article never replaces a previous output ------------------------------


def _previous(tmp_path: Path) -> Path:
    out = tmp_path / "today.html"
    out.write_text("昨天的好摘要\n", encoding="utf-8")
    return out


@pytest.mark.parametrize("command", ["daily", "summarize", "articles", "keywords"])
def test_an_empty_folder_exits_1_and_leaves_the_previous_output(tmp_path: Path, command: str) -> None:
    empty = tmp_path / "edition"
    empty.mkdir()
    out = _previous(tmp_path)
    result = runner.invoke(app, [command, str(empty), "-f", "html", "-o", str(out)])
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("digest: error: no articles in ") and str(empty) in lines[0]
    assert out.read_text(encoding="utf-8") == "昨天的好摘要\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["edition", "today.html"]


def test_an_empty_page_alone_is_no_edition(tmp_path: Path) -> None:
    page = tmp_path / "A06.txt"
    page.write_text("\n  \n", encoding="utf-8")
    out = _previous(tmp_path)
    result = runner.invoke(app, ["daily", str(page), "-f", "text", "-o", str(out)])
    assert result.exit_code == 1
    assert "no articles in" in result.stderr and "A06.txt" in result.stderr
    assert out.read_text(encoding="utf-8") == "昨天的好摘要\n"


def test_a_jsonl_file_of_invalid_lines_never_replaces_the_output(tmp_path: Path) -> None:
    records = tmp_path / "feed.jsonl"
    records.write_text('not json\n{"no": "text"}\n', encoding="utf-8")
    out = _previous(tmp_path)
    result = runner.invoke(app, ["summarize", str(records), "-f", "json", "-o", str(out)])
    assert result.exit_code == 1
    assert out.read_text(encoding="utf-8") == "昨天的好摘要\n"
    assert "no articles in" in result.stderr.strip().splitlines()[-1]


def test_an_edition_with_an_empty_page_succeeds_and_names_that_page(tmp_path: Path) -> None:
    edition = tmp_path / "edition"
    edition.mkdir()
    (edition / "A01.txt").write_text((ROOT / "seeds" / "000_ec62a4f18dae8dc6.txt").read_text(encoding="utf-8"))
    (edition / "A02.txt").write_text("", encoding="utf-8")
    for fmt in ("text", "markdown", "html"):
        result = runner.invoke(app, ["daily", str(edition), "-f", fmt])
        assert result.exit_code == 0, result.stderr
        assert "A02" in result.stdout and "空白页" in result.stdout, fmt
    result = runner.invoke(app, ["daily", str(edition), "-f", "json"])
    pages = json.loads(result.stdout)["pages"]
    assert [p["empty"] for p in pages] == [False, True]


def test_allow_empty_writes_the_empty_digest(tmp_path: Path) -> None:
    empty = tmp_path / "edition"
    empty.mkdir()
    out = _previous(tmp_path)
    result = runner.invoke(app, ["daily", str(empty), "-f", "json", "-o", str(out), "--allow-empty"])
    assert result.exit_code == 0, result.stderr
    assert json.loads(out.read_text(encoding="utf-8"))["edition"]["articles"] == 0


def test_n_is_never_overruled_by_ratio_on_the_command_line() -> None:
    result = runner.invoke(app, ["summarize", str(ROOT / "seeds"), "-f", "json", "-n", "2", "--ratio", "0.9"])
    assert result.exit_code == 0, result.stderr
    documents = json.loads(result.stdout)["documents"]
    counts = [len(a["summary"]) for d in documents for a in d["articles"] if "summary" in a]
    assert counts and max(counts) == 2
    help_text = runner.invoke(app, ["summarize", "--help"]).stdout
    assert "smallest" in help_text and "wins" in help_text


def test_json_carries_the_full_text_only_where_it_is_asked_for() -> None:
    def articles(*args: str) -> list[dict[str, object]]:
        result = runner.invoke(app, [*args, str(ROOT / "seeds" / "000_ec62a4f18dae8dc6.txt"), "-f", "json"])
        assert result.exit_code == 0, result.stderr
        return [a for d in json.loads(result.stdout)["documents"] for a in d["articles"]]

    assert all("paragraphs" in a and "summary" not in a for a in articles("articles"))
    assert all("paragraphs" not in a and "summary" not in a for a in articles("keywords"))
    assert all("paragraphs" not in a for a in articles("summarize"))
    full = articles("summarize", "--full")
    assert all("paragraphs" in a for a in full) and any("summary" in a for a in full)
    size = len(runner.invoke(app, ["keywords", str(ROOT / "seeds"), "-f", "json"]).stdout.encode())
    assert size < len(runner.invoke(app, ["articles", str(ROOT / "seeds"), "-f", "json"]).stdout.encode()) / 1.8
    text = runner.invoke(app, ["summarize", str(ROOT / "seeds" / "000_ec62a4f18dae8dc6.txt"), "-f", "text", "--full"])
    assert "全文" in text.stdout


# --- NO_COLOR, and shell completion -------------------------------------------------------------


def _on_a_terminal(args: list[str], env: dict[str, str]) -> bytes:
    """What the command writes to stdout and stderr when both are a terminal (a pseudo-terminal)."""
    import os
    import pty

    main, secondary = pty.openpty()
    proc = subprocess.Popen([sys.executable, "-c", "from digest.cli import run; run()", *args],
                            stdout=secondary, stderr=secondary, env={**os.environ, **env})  # fmt: skip
    os.close(secondary)
    out = b""
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:  # the terminal closed: the command is done
            break
        if not chunk:
            break
        out += chunk
    proc.wait(timeout=60)
    os.close(main)
    return out


def test_no_color_means_no_escape_codes_in_help_or_progress(tmp_path: Path) -> None:
    env = {"NO_COLOR": "1", "TERM": "xterm-256color", "COLUMNS": "80"}
    assert b"\x1b[" not in _on_a_terminal(["summarize", "--help"], env)
    out = tmp_path / "out.json"
    seeds = sorted(str(p) for p in (ROOT / "seeds").glob("*.txt"))
    screen = _on_a_terminal(["summarize", *seeds, "-f", "json", "-o", str(out)], env)
    assert b"\x1b" not in screen, screen[:200]
    assert json.loads(out.read_text(encoding="utf-8"))["documents"]


def test_shell_completion_completes_commands_and_choices() -> None:
    def complete(words: str, cword: int) -> list[str]:
        import os

        env = {**os.environ, "_DIGEST_COMPLETE": "complete_bash", "COMP_WORDS": words, "COMP_CWORD": str(cword)}
        proc = subprocess.run([sys.executable, "-c", "from digest.cli import run; run()"], env=env,
                              capture_output=True, text=True)  # fmt: skip
        assert proc.returncode == 0, proc.stderr
        return proc.stdout.split()

    assert complete("digest sum", 1) == ["summarize"]
    assert complete("digest daily --format ", 3) == ["rich", "text", "markdown", "json", "html"]
    script = subprocess.run([sys.executable, "-c", "from digest.cli import run; run()", "--show-completion", "bash"],
                            capture_output=True, text=True)  # fmt: skip
    assert "_digest_completion" in script.stdout


@pytest.mark.parametrize("when", ["before", "after"])
def test_a_stop_signal_at_the_rename_of_the_output_is_too_late(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, when: str
) -> None:
    """A stop signal whose handler runs just after the temporary file was renamed over -o: it said
    exit 143 with the new file in place, though exit 143 promises the previous file. Either the
    run stops and the previous file stays, or it is too late and the new file is complete."""
    import signal

    import digest.output
    from digest import stopping

    monkeypatch.setattr(stopping, "_stopped", None)
    monkeypatch.setattr(stopping, "_too_late", False)
    real_replace = os.replace

    def replace_and_signal(src: str, dst: str) -> None:
        if when == "before":
            stopping._on_signal(signal.SIGTERM, None)
        real_replace(src, dst)
        if when == "after":
            stopping._on_signal(signal.SIGTERM, None)

    monkeypatch.setattr(digest.output.os, "replace", replace_and_signal)
    page = tmp_path / "page.txt"
    page.write_text("老街改造完成\n\n晚报讯 老街骑楼修缮工程昨天完工，市民可以免费参观。\n", encoding="utf-8")
    out = _previous(tmp_path)
    result = runner.invoke(app, ["summarize", str(page), "-f", "json", "-o", str(out)])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["page.txt", "today.html"]
    if result.exit_code == 143:  # stopped: then the previous output, as promised
        assert result.stderr == "digest: error: terminated\n"
        assert out.read_text(encoding="utf-8") == "昨天的好摘要\n"
    else:  # too late: the new output, complete
        assert (result.exit_code, result.stderr) == (0, "")
        assert json.loads(out.read_text(encoding="utf-8"))["documents"]
