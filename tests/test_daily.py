"""The daily digest: ranking, repeats merged, keywords and index, every format, and the CLI on seeds/."""

from __future__ import annotations

import dataclasses
import html
import json
import re
from pathlib import Path

import pytest
from sample import PORT, article, edition, result, summary
from test_render import EXTENSIONS, WIDTH, check_golden
from typer.testing import CliRunner

from digest.cli import app
from digest.daily import Digest, build_digest
from digest.model import DocumentResult
from digest.render import render_daily
from digest.similar import shingles

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()


@pytest.fixture(scope="module")
def digest() -> Digest:
    return build_digest(edition())


@pytest.mark.parametrize("fmt", ["rich", "text", "markdown", "json", "html"])
def test_daily_format_matches_golden(digest: Digest, fmt: str) -> None:
    check_golden(f"daily.{fmt}.{EXTENSIONS[fmt]}", render_daily(digest, fmt, WIDTH))


def test_same_input_gives_the_same_bytes() -> None:
    for fmt in EXTENSIONS:
        assert render_daily(build_digest(edition()), fmt, WIDTH) == render_daily(build_digest(edition()), fmt, WIDTH)


def test_furniture_is_left_out(digest: Digest) -> None:
    assert [e.article.id for e in digest.entries] == ["p1/1", "p1/2", "p1/3", "p1/4", "p2/1", "p2/2", "p2/3", "p2/4"]


def test_the_lead_story_of_the_front_page_ranks_first(digest: Digest) -> None:
    top = [e.article.id for e in digest.top_stories]
    assert top[0] == "p1/1"
    assert len(top) == 5 and len(set(top)) == 5
    scores = [e.score for e in digest.top_stories]
    assert scores == sorted(scores, reverse=True)


def test_a_story_printed_twice_is_cross_referenced_not_repeated(digest: Digest) -> None:
    repeat = next(e for e in digest.entries if e.article.id == "p2/3")
    assert repeat.duplicate_of == 1 and repeat.relation == "duplicate"
    assert digest.entry(1).repeats == (7,)
    assert "p2/3" not in [e.article.id for e in digest.top_stories]
    text = render_daily(digest, "text", WIDTH)
    assert text.count(PORT[1]) == 1  # the summary is printed once, under the first printing


def test_a_continuation_joins_the_piece_it_continues(digest: Digest) -> None:
    end = next(e for e in digest.entries if e.article.id == "p2/4")
    assert end.duplicate_of == 3 and end.relation == "continuation"


def test_a_jump_to_a_page_not_given_is_left_alone() -> None:
    lone = article("x/1", ("另一篇报道",), ("本届运动会首次增设电子竞技和攀岩项目,比赛场馆全部向市民免费开放。",),
                   continued_from="A9")
    start = article("x/0", ("市运会开幕",), ("市第十六届运动会昨晚开幕,来自各县区的三千余名运动员参加比赛。",),
                    continues_to="2")
    d = build_digest([result("a.txt", [(start, summary(start))]), result("b.txt", [(lone, summary(lone))])])
    assert all(e.duplicate_of is None for e in d.entries)


def test_near_duplicates_are_found_by_shingles() -> None:
    longer = article("y/1", ("南通港吞吐量创新高",), PORT)
    shorter = article("y/2", ("港口快讯",), PORT[:2])  # a shorter printing of the same story
    other = article("y/3", ("崇川大桥主体合龙",), ("崇川大桥主体工程昨天顺利合龙,预计明年五一通车。" * 3,))
    d = build_digest([result("a.txt", [(shorter, None), (other, None)]), result("b.txt", [(longer, None)])])
    by_id = {e.article.id: e for e in d.entries}
    assert by_id["y/2"].duplicate_of == by_id["y/1"].number  # the fuller printing leads
    assert by_id["y/3"].duplicate_of is None
    assert len(shingles("南通港口", 3)) == 2


def test_edition_keywords_add_up_across_stories(digest: Digest) -> None:
    words = {k.word: k.weight for k in digest.keywords}
    assert words["港口"] == pytest.approx(1.0)  # 0.4 on the front page + 0.6 in the commentary
    assert words["南通港"] == pytest.approx(0.9)  # the repeat is not counted again
    assert list(words)[0] == "港口"


def test_the_index_comes_from_entities_only(digest: Digest) -> None:
    entries = {(e.kind, e.name): e for e in digest.index}
    assert entries[("place", "通州湾")].articles == (1, 4)
    assert entries[("place", "南通港")].count == 2  # not 4: the repeat names it again
    assert [e.kind for e in digest.index] == sorted((e.kind for e in digest.index),
                                                     key=["person", "place", "org"].index)
    bare = [dataclasses.replace(r, summaries=tuple(dataclasses.replace(s, entities=()) for s in r.summaries))
            for r in edition()]
    assert build_digest(bare).index == ()


def test_the_index_names_a_place_once_under_its_full_name() -> None:
    first = article("q1/1", ("青州新建口袋公园",), ("青州今年新建口袋公园三十个。",), position=0)
    second = article("q1/2", ("青州市老街修缮完工",), ("青州市老街修缮工程昨天完工。",), position=1)
    third = article("q1/3", ("崇川区开放图书馆",), ("崇川区图书馆延长开放时间。",), position=2)
    pages = [result("q/A01.txt", [
        (first, summary(first, 1, entities=(("青州", "place", 2),))),
        (second, summary(second, 1, entities=(("青州市", "place", 1), ("崇川区", "place", 1)))),
        (third, summary(third, 1, entities=(("崇川区", "place", 1),))),
    ])]
    index = {(e.kind, e.name): (e.count, e.articles) for e in build_digest(pages).index}
    assert index == {("place", "青州市"): (3, (1, 2)), ("place", "崇川区"): (2, (2, 3))}


def test_daily_json_shape(digest: Digest) -> None:
    doc = json.loads(render_daily(digest, "json", WIDTH))
    assert list(doc) == ["edition", "top_stories", "pages", "keywords", "index"]
    assert doc["edition"] == {"sources": ["edition/A01.txt", "edition/A02.txt"], "paper": None, "date": None,
                              "pages": 2, "articles": 8, "stories": 6}
    first = doc["pages"][0]["articles"][0]
    assert set(first) >= {"id", "kind", "headline", "dateline", "authors", "paragraphs", "summary", "keywords"}
    assert first["repeats"] == ["p2/3"]
    assert doc["pages"][1]["articles"][2]["duplicate_of"] == "p1/1"
    assert doc["top_stories"][0]["rank"] == 1 and doc["top_stories"][0]["id"] == "p1/1"
    assert set(doc["index"]) == {"person", "place", "org"}


def test_an_empty_edition_renders() -> None:
    empty = build_digest([DocumentResult(dataclasses.replace(edition()[0].document, articles=()))])
    for fmt in EXTENSIONS:
        assert render_daily(empty, fmt, WIDTH)


def _markdown_text(source: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", source)


@pytest.mark.parametrize("fmt", ["html", "markdown"])
def test_daily_on_seeds_shows_every_headline(tmp_path: Path, fmt: str) -> None:
    listed = runner.invoke(app, ["articles", str(ROOT / "seeds"), "--format", "json"])
    assert listed.exit_code == 0, listed.output
    headlines = [line for d in json.loads(listed.stdout)["documents"] for a in d["articles"]
                 if a["kind"] in ("news", "photo", "commentary") for line in a["headline"] if line.strip()]
    assert headlines
    out = tmp_path / f"digest.{fmt}"
    done = runner.invoke(app, ["daily", str(ROOT / "seeds"), "--format", fmt, "-o", str(out)])
    assert done.exit_code == 0, done.output
    page = out.read_text(encoding="utf-8")
    shown = html.unescape(page) if fmt == "html" else _markdown_text(page)
    missing = [h for h in headlines if " ".join(h.split()) not in shown]
    assert not missing


@pytest.mark.parametrize("width", [20, 33, 80])
@pytest.mark.parametrize("fmt", ["text", "rich"])
def test_terminal_formats_keep_to_the_width(digest: Digest, fmt: str, width: int) -> None:
    from rich.cells import cell_len

    for line in render_daily(digest, fmt, width).splitlines():
        assert cell_len(line) <= width, line


def test_many_repeats_of_a_few_stories_make_a_few_stories() -> None:
    texts = [
        ("濠河灯会开幕", "第十届濠河灯会昨晚开幕,沿河两岸挂起彩灯两千余盏,游船夜游线路同步开通,市民可在线预约。"),
        ("新建小学启用", "城东新建的实验小学本学期正式启用,设教学班三十个,可容纳学生一千三百余名,配有风雨操场。"),
        ("地铁三号线试运行", "地铁三号线今天起空载试运行,全线设站十八座,预计年底开通运营,沿线公交线路将同步优化调整。"),
    ]
    pieces = []
    for copy in range(300):
        for k, (headline, body) in enumerate(texts):
            tail = "" if copy % 2 == 0 else "(记者 王明)"  # every other printing slightly different
            pieces.append(article(f"r/{3 * copy + k}", (headline,), (body * 2 + tail,)))
    d = build_digest([result("big.txt", [(a, None) for a in pieces[:450]]),
                      result("more.txt", [(a, None) for a in pieces[450:]])])
    stories = d.stories
    assert [e.article.id for e in stories] == ["r/3", "r/4", "r/5"]  # the first of the longer printings
    assert all(len(e.repeats) == 299 for e in stories)
    assert all(d.entry(e.duplicate_of).article.headline == e.article.headline
               for e in d.entries if e.duplicate_of is not None)


def test_top_stories_span_the_edition() -> None:
    from typer.testing import CliRunner

    from digest.cli import app

    result = CliRunner().invoke(app, ["daily", str(Path(__file__).resolve().parent.parent / "seeds"), "-f", "json"])
    top = json.loads(result.stdout)["top_stories"]
    pages = [t["page"] for t in top]
    assert len(top) == 5
    assert max(pages.count(p) for p in set(pages)) <= 2, pages  # no page takes more than two places
    assert pages[0] == 1  # the front page still leads
