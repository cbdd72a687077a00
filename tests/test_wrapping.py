"""Lines wrap as a reader expects at any width: no name, page reference or number with its unit is
split, continuation lines hang under their label, and --help keeps each choice whole."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from digest.cli import app
from digest.render.text import wrap

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
WIDTHS = (40, 60, 80, 120)
runner = CliRunner()


def test_a_kept_piece_is_never_split() -> None:
    text = "市委书记王晖率队赴北京考察,对新就任的龚旗煌校长表示祝贺"
    for width in range(10, 40):
        lines = wrap(text, width, keep=("王晖", "龚旗煌"))
        assert any("王晖" in line for line in lines) and any("龚旗煌" in line for line in lines), width


def test_a_number_keeps_its_unit() -> None:
    text = "昨天下午共有20个项目集中签约,总投资达118.11亿元,同比增长12%。"
    for width in range(10, 40):  # 118.11亿元 takes 10 columns; on a narrower line it must be cut
        joined = "\n".join(wrap(text, width))
        for piece in ("20个", "118.11亿元", "12%"):
            assert piece in joined, (width, joined)


@pytest.fixture(scope="module")
def daily_text() -> dict[int, str]:
    out = {}
    for width in WIDTHS:
        result = runner.invoke(app, ["daily", str(SEEDS), "-f", "text", "--width", str(width)])
        assert result.exit_code == 0, result.stderr
        out[width] = result.stdout
    return out


@pytest.mark.parametrize("width", WIDTHS)
def test_daily_text_keeps_page_references_and_names_whole(daily_text: dict[int, str], width: int) -> None:
    text = daily_text[width]
    assert all(len(line) <= width for line in text.splitlines())  # CJK counts two: a weak bound
    top = text.split("各版内容")[0]
    refs = re.findall(r"\d+\. ", top)
    assert len(re.findall(r"[(（][^()（）\n]*版 \[\d+\][)）]", top)) == len(refs) > 0
    index = text.split("人名 · 地名 · 机构索引")[1]
    wide = daily_text[120].split("人名 · 地名 · 机构索引")[1]
    names = re.findall(r"([^\s、:：\[\]\d]{2,}) \[", wide)
    assert names
    for name in names:
        assert name in index, name


@pytest.mark.parametrize("width", WIDTHS)
def test_keyword_lines_hang_under_their_label(width: int) -> None:
    for fmt in ("rich", "text"):
        result = runner.invoke(app, ["summarize", str(SEEDS / "000_ec62a4f18dae8dc6.txt"), "-f", fmt,
                                     "--width", str(width)])  # fmt: skip
        lines = result.stdout.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("关键词"):
                j = i + 1
                while j < len(lines) and lines[j].strip():
                    cont = lines[j]
                    assert cont.startswith("  ") and not cont.lstrip().startswith(("·", "、")), (fmt, width, cont)
                    j += 1


@pytest.mark.parametrize("width", WIDTHS)
def test_help_keeps_every_choice_whole(width: int) -> None:
    env = {**os.environ, "COLUMNS": str(width), "NO_COLOR": "1", "TERM": "xterm"}
    proc = subprocess.run([sys.executable, "-c", "from digest.cli import run; run()", "summarize", "--help"],
                          capture_output=True, text=True, env=env)  # fmt: skip
    assert proc.returncode == 0
    flat = re.sub(r"[│╭╮╰╯─\s]+", " ", proc.stdout)
    for choice in ("rich", "text", "markdown", "json", "html", "digest", "textrank4zh"):
        assert re.search(rf"\b{choice}\b", flat), (width, choice)
