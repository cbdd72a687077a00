"""Renderers: golden files per format at a fixed width, hostile text, CJK wrapping.

Regenerate the goldens after an intended change with `UPDATE_GOLDEN=1 pytest tests/test_render.py
tests/test_daily.py` and review the diff in tests/golden/.
"""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from sample import HOSTILE, article, edition, result

from digest.model import DocumentResult
from digest.render import render
from digest.render.markdown import escape as md_escape
from digest.render.parts import lead_line
from digest.render.rich import live_documents
from digest.render.text import wrap

GOLDEN = Path(__file__).parent / "golden"
WIDTH = 80
EXTENSIONS = {"rich": "txt", "text": "txt", "markdown": "md", "json": "json", "html": "html"}


def check_golden(name: str, actual: str) -> None:
    """Compare with tests/golden/<name>, or write it when UPDATE_GOLDEN=1."""
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN") == "1":
        path.parent.mkdir(exist_ok=True)
        path.write_text(actual, encoding="utf-8", newline="\n")
    assert path.exists(), f"no golden {path}; run with UPDATE_GOLDEN=1 to create it"
    assert actual == path.read_text(encoding="utf-8"), f"{name} differs; UPDATE_GOLDEN=1 to accept"


@pytest.fixture(scope="module")
def results() -> list[DocumentResult]:
    return edition()


@pytest.mark.parametrize("fmt", ["rich", "text", "markdown", "json", "html"])
@pytest.mark.parametrize("mode", ["summarize", "articles", "keywords"])
def test_format_matches_golden(results: list[DocumentResult], fmt: str, mode: str) -> None:
    check_golden(f"{mode}.{fmt}.{EXTENSIONS[fmt]}", render(results, mode, fmt, WIDTH))


def test_rich_renderable_on_a_plain_console_matches_rich_text(results: list[DocumentResult]) -> None:
    buf = io.StringIO()
    Console(file=buf, width=WIDTH, color_system=None).print(live_documents(results, "summarize"))
    plain = "\n".join(line.rstrip() for line in buf.getvalue().splitlines()).rstrip("\n") + "\n"
    assert plain == render(results, "summarize", "rich", WIDTH)


def test_rendering_is_deterministic(results: list[DocumentResult]) -> None:
    for fmt in EXTENSIONS:
        assert render(results, "summarize", fmt, WIDTH) == render(edition(), "summarize", fmt, WIDTH)


def test_furniture_is_not_shown(results: list[DocumentResult]) -> None:
    for fmt in ("rich", "text", "markdown", "html"):
        assert ">>02" not in render(results, "articles", fmt, WIDTH)
        assert "&gt;&gt;02" not in render(results, "articles", fmt, WIDTH)


@pytest.mark.parametrize("fmt", ["rich", "text"])
def test_hostile_text_is_shown_literally_in_the_terminal_formats(results: list[DocumentResult], fmt: str) -> None:
    out = render(results, "articles", fmt, 200)
    assert "[bold red]x[/]" in out
    assert "<script>alert(1)</script>" in out
    assert "\x1b" not in out and "␛[31m" in out


def test_hostile_text_on_a_colour_terminal_is_not_markup(results: list[DocumentResult]) -> None:
    buf = io.StringIO()
    console = Console(file=buf, width=200, color_system="truecolor", force_terminal=True)
    console.print(live_documents(results, "articles"))
    out = re.sub(r"\x1b\[[0-9;]*m", "", buf.getvalue())  # rich's own styling
    assert "[bold red]x[/]" in out
    assert "␛[31m" in out


def test_hostile_text_is_escaped_in_html(results: list[DocumentResult]) -> None:
    for mode in ("articles", "summarize", "keywords"):
        out = render(results, mode, "html", WIDTH)
        assert "<script" not in out.lower()
        assert "<b>钱七" not in out
        assert "&lt;script&gt;" in out
        assert "\x1b" not in out


def test_hostile_text_is_safe_in_markdown(results: list[DocumentResult]) -> None:
    from markdown_it import MarkdownIt

    source = render(results, "summarize", "markdown", WIDTH)
    page = MarkdownIt("commonmark").render(source)
    assert "<script" not in page.lower()
    assert 'href="javascript' not in page
    assert "<b>钱七" not in page
    text = html.unescape(re.sub(r"<[^>]+>", "", page))
    assert "<script>alert(1)</script> [bold red]x[/] **粗** ␛[31m红字 # 1. _下划线_ `代码` &amp;" in text
    assert "[link](javascript:alert(1))" in text


@pytest.mark.parametrize("text", [HOSTILE, "- 列表", "1. 编号", "# 标题", "> 引用", "+ 加", "=== ", "    缩进"])
def test_markdown_escape_renders_as_written(text: str) -> None:
    from markdown_it import MarkdownIt

    page = MarkdownIt("commonmark").render(md_escape(text))
    assert page.startswith("<p>"), page
    assert html.unescape(re.sub(r"<[^>]+>", "", page)).strip() == text.strip().replace("\x1b", "␛")


def test_html_is_one_self_contained_page(results: list[DocumentResult]) -> None:
    out = render(results, "summarize", "html", WIDTH)
    assert out.startswith("<!DOCTYPE html>")
    assert '<html lang="zh-CN">' in out and "<title>" in out
    assert 'name="viewport"' in out and "@media print" in out
    for remote in ("http://", "https://", "//fonts", "<link", "<script", "@import", "url("):
        assert remote not in out


def test_wrap_counts_cjk_as_two_columns() -> None:
    lines = wrap("南通港集装箱吞吐量突破两百万标准箱", 10)
    assert lines == ["南通港集装", "箱吞吐量突", "破两百万标", "准箱"]


def test_wrap_never_starts_a_line_with_closing_punctuation() -> None:
    assert wrap("一二三四五。六七", 10) == ["一二三四", "五。六七"]
    assert wrap("一二三“四五六", 8) == ["一二三", "“四五六"]


def test_wrap_keeps_latin_words_whole() -> None:
    assert wrap("南通 Python digest 工具", 12) == ["南通 Python", "digest 工具"]


@given(st.text(alphabet="南通港口,。、“”《》abc 12", max_size=60), st.integers(min_value=6, max_value=30))
def test_wrap_fits_the_width_and_keeps_every_character(text: str, width: int) -> None:
    lines = wrap(text, width, "　　", "")
    assert all(cell_len(line) <= width for line in lines)
    assert "".join(lines).replace(" ", "").replace("　", "") == text.replace(" ", "")


@pytest.mark.parametrize("mode", ["summarize", "articles", "keywords"])
def test_json_in_pieces_is_the_bytes_of_one_dump(results: list[DocumentResult], mode: str) -> None:
    """JSON is written one article at a time (memory); the bytes are json.dumps's of the whole."""
    import dataclasses
    import json

    from digest.render.json import documents_payload, dumps, iter_documents

    no_articles = dataclasses.replace(results[0], document=dataclasses.replace(results[0].document, articles=()),
                                      summaries=())  # fmt: skip
    for case in (results, [], [no_articles], [no_articles, *results]):
        whole = json.dumps(documents_payload(case, mode), ensure_ascii=False, indent=2) + "\n"
        assert "".join(iter_documents(case, mode)) == whole == dumps(documents_payload(case, mode))


def test_daily_json_in_pieces_is_the_bytes_of_one_dump(results: list[DocumentResult]) -> None:
    from digest.daily import build_digest
    from digest.model import SummaryOptions
    from digest.render.json import iter_daily, render_daily

    digest = build_digest(results, SummaryOptions())
    assert "".join(iter_daily(digest)) == render_daily(digest)


UNTITLED = "本周六,新区首座智慧公园正式向市民开放,公园内设有步道、儿童乐园和大片草坪以及环湖的自行车道。市民免费入园。"


@pytest.mark.parametrize("fmt", ["text", "rich", "markdown", "html"])
def test_an_article_without_headline_shows_its_first_sentence_cut_at_a_boundary(fmt: str) -> None:
    a = article("notitle/1", (), (UNTITLED,))
    lead = lead_line(a)
    # The first sentence, cut after a clause (never inside a word), and marked as cut.
    assert lead == "本周六,新区首座智慧公园正式向市民开放,公园内设有步道…"
    out = render([result("notitle.jsonl", [(a, None)])], "articles", fmt, WIDTH)
    heading = next(line for line in out.splitlines() if "公园内设有步道…" in line)
    # Shown in a quieter style than a headline: plain, not 【】, not bold, not a plain heading.
    quiet = {"text": "【" not in heading, "rich": "【" not in heading,
             "markdown": f"*{lead}*" in heading, "html": 'class="lead"' in heading}
    assert quiet[fmt], heading


@pytest.mark.parametrize(
    ("text", "lead"),
    [
        ("市民可免费入园。其余从略。", "市民可免费入园"),  # short: the whole sentence
        ("The new park opens on Saturday to everyone in the city, with paths and a lake. More.",
         "The new park opens on Saturday to everyone in the city…"),  # 60 columns, then the clause
        ("The new park opens on Saturday to everyone in the city with paths and a lake. More.",
         "The new park opens on Saturday to everyone in the city…"),  # a space: a word boundary
        ("新区首座智慧公园周六开放公园内设有步道儿童乐园和大片草坪以及环湖自行车道2026年全部建成",
         "新区首座智慧公园周六开放公园内设有步道儿童乐园和大片草坪以…"),  # no boundary: cut, marked
        ("一座公园内设有步道儿童乐园和大片草坪以及环湖自行车道预计在20260701完成",
         "一座公园内设有步道儿童乐园和大片草坪以及环湖自行车道预计在…"),  # never inside a number
    ],
)
def test_lead_line_cuts_at_a_boundary(text: str, lead: str) -> None:
    assert lead_line(article("x/1", (), (text,))) == lead
