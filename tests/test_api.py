"""The Python API: the README's example as written, the CLI's JSON, threads and worker processes."""

from __future__ import annotations

import json
import multiprocessing
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from typer.testing import CliRunner

import digest
from digest.cli import app

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))


def test_the_readme_example_runs_as_written() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Python API", 1)[1]
    code = re.search(r"```python\n(.*?)```", section, re.S)
    assert code is not None
    proc = subprocess.run([sys.executable, "-c", code.group(1)], capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stderr
    first = proc.stdout.splitlines()[0]
    assert first == "新区建设提速 晚报讯 ('王晓明',)"  # the comment in the example says what it prints


def test_the_package_docstring_example_works_after_the_pipeline_ran() -> None:
    # `from digest import summarize` once gave the module digest.summarize, not the function.
    digest.process(str(SEEDS[0]), command="keywords")
    from digest import parse_page, summarize

    doc = parse_page(SEEDS[0].read_text(encoding="utf-8"), source="page.txt")
    summary = summarize(doc.content[0], sentences=1)
    assert len(summary.sentences) == 1 and summary.keywords


def test_every_public_name_resolves() -> None:
    for name in digest.__all__:
        assert getattr(digest, name) is not None, name
    with pytest.raises(AttributeError):
        digest.nothing_here  # noqa: B018


@pytest.mark.parametrize("command", ["summarize", "articles", "keywords", "daily"])
def test_process_gives_what_the_cli_prints(command: str) -> None:
    length = ["-n", "2"] if command in ("summarize", "daily") else []
    cli = CliRunner().invoke(app, [command, *map(str, SEEDS), "-f", "json", *length])
    assert cli.exit_code == 0, cli.stderr
    data = digest.process(*SEEDS, command=command, sentences=2 if length else None)
    assert json.dumps(data, ensure_ascii=False, indent=2) + "\n" == cli.stdout


def test_option_keywords_are_checked_on_every_call_though_made_once() -> None:
    """summarize() keeps the options it made for a set of keywords; a bad value is still refused
    each time, a value of another type is not mistaken for an equal one, and a list is refused."""
    article = digest.parse_page(SEEDS[0].read_text(encoding="utf-8")).content[0]
    two = digest.summarize(article, sentences=2, keywords=3)
    assert len(two.sentences) == 2 and len(two.keywords) == 3
    assert digest.summarize(article, keywords=3, sentences=2) == two  # same keywords, any order
    for _ in range(2):
        with pytest.raises(digest.ConfigError):
            digest.summarize(article, sentences=0)
    assert len(digest.summarize(article, sentences=1).sentences) == 1
    with pytest.raises(digest.ConfigError, match="whole number"):
        digest.summarize(article, sentences=True)  # True == 1, but it is no count
    with pytest.raises(digest.ConfigError, match="whole number"):
        digest.summarize(article, sentences=[2])


def test_options_are_checked_as_on_the_command_line() -> None:
    article = digest.parse_page(SEEDS[0].read_text(encoding="utf-8")).content[0]
    with pytest.raises(digest.ConfigError, match="between"):
        digest.summarize(article, sentences=0)
    with pytest.raises(digest.ConfigError, match="unknown option 'sentense'"):
        digest.process(str(SEEDS[0]), sentense=2)
    with pytest.raises(digest.ConfigError, match="unknown command"):
        digest.process(str(SEEDS[0]), command="summary")


def test_a_failed_input_raises_with_the_others_done(tmp_path: Path) -> None:
    with pytest.raises(digest.InputError) as caught:
        digest.process(str(tmp_path / "missing.txt"), str(SEEDS[0]), command="articles")
    assert [f.source for f in caught.value.failures] == [str(tmp_path / "missing.txt")]
    assert caught.value.partial is not None
    assert [Path(d["source"]).name for d in caught.value.partial["documents"]] == [SEEDS[0].name]


def _summaries(path: str) -> list[list[str]]:
    doc = digest.parse_page(Path(path).read_text(encoding="utf-8"), source=path)
    return [[s.text for s in digest.summarize(a).sentences] for a in doc.content]


def test_threads_give_the_same_results_as_one_after_another() -> None:
    alone = [_summaries(str(p)) for p in SEEDS]
    with ThreadPoolExecutor(max_workers=4) as pool:
        together = list(pool.map(_summaries, [str(p) for p in SEEDS] * 3))
    assert together == alone * 3


@pytest.mark.parametrize("start", ["fork", "spawn"])
def test_worker_processes_give_the_same_results(start: str) -> None:
    alone = [_summaries(str(p)) for p in SEEDS]  # also starts the tokenizer's warm-up in this process
    with multiprocessing.get_context(start).Pool(2) as pool:
        assert pool.map(_summaries, [str(p) for p in SEEDS]) == alone


def test_mypy_checks_a_program_that_uses_the_api(tmp_path: Path) -> None:
    pytest.importorskip("mypy")
    user = tmp_path / "user.py"
    user.write_text(
        "import digest\n"
        "doc: digest.Document = digest.parse_page('标题\\n\\n正文。')\n"
        "summary: digest.Summary = digest.summarize(doc.content[0], sentences=1)\n"
        "words: list[str] = [k.word for k in summary.keywords]\n"
        "data: dict[str, object] = digest.process(text='正文。')\n"
        "wrong: int = digest.parse_page('x')\n",
        encoding="utf-8",
    )
    # mypy cannot follow an editable install's import hook: point it at the package's folder.
    env = {**os.environ, "MYPYPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "mypy", "--strict", "--ignore-missing-imports", str(user)],
                          capture_output=True, text=True, cwd=tmp_path, env=env)  # fmt: skip
    # The one wrong line is found, and only it: the package is typed.
    errors = [line for line in proc.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and "user.py:6" in errors[0], proc.stdout
