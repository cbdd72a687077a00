"""Web pages and feeds as inputs: detected by content, read into the same articles as text pages."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from typer.testing import CliRunner
from webpages import ATOM, BLOG_BOILERPLATE, BLOG_HTML, BLOG_PARAGRAPHS, BLOG_TITLE, RSS, epaper_html

from digest.cli import app
from digest.load import iter_sources, sniff
from digest.model import Failure, Source
from digest.pipeline import parse_source

ROOT = Path(__file__).resolve().parent.parent
SEEDS = sorted((ROOT / "seeds").glob("*.txt"))
runner = CliRunner()
SCHEMA = json.loads((resources.files("digest") / "schema/output.json").read_text(encoding="utf-8"))


def run_json(*args: str, code: int = 0) -> dict[str, Any]:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code == code, result.output
    doc: dict[str, Any] = json.loads(result.stdout)
    jsonschema.validate(doc, SCHEMA)
    return doc


def articles_of(path: Path) -> list[dict[str, Any]]:
    docs = run_json("articles", str(path))["documents"]
    assert len(docs) == 1
    articles: list[dict[str, Any]] = docs[0]["articles"]
    return articles


# --- HTML ------------------------------------------------------------------------------


@pytest.mark.parametrize("seed", SEEDS, ids=[p.name[:3] for p in SEEDS])
def test_an_epaper_page_in_html_gives_the_same_articles_as_its_text_dump(tmp_path: Path, seed: Path) -> None:
    source = next(iter_sources([str(seed)]))
    assert isinstance(source, Source)
    page = tmp_path / f"{seed.stem}.html"  # the same stem, so that the ids are the same too
    page.write_text(epaper_html(parse_source(source)), encoding="utf-8")
    from_text = articles_of(seed)
    from_html = articles_of(page)
    assert [a["headline"] for a in from_html] == [a["headline"] for a in from_text]
    assert from_html == from_text


def test_the_epaper_page_keeps_no_furniture_of_the_site(tmp_path: Path) -> None:
    source = next(iter_sources([str(SEEDS[0])]))
    assert isinstance(source, Source)
    page = tmp_path / "page.html"
    page.write_text(epaper_html(parse_source(source)), encoding="utf-8")
    text = json.dumps(articles_of(page), ensure_ascii=False)
    for chrome in ("A2版 城事", "广告热线", "版权所有", "上一版", "window.pageId"):
        assert chrome not in text


def test_a_blog_page_gives_its_one_article_and_no_boilerplate(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_text(BLOG_HTML, encoding="utf-8")
    (article,) = articles_of(page)
    assert article["headline"] == [BLOG_TITLE]
    body = article["paragraphs"]
    assert [p for p in body if p in BLOG_PARAGRAPHS] == list(BLOG_PARAGRAPHS)
    text = json.dumps(article, ensure_ascii=False)
    assert [b for b in BLOG_BOILERPLATE if b in text] == []


def test_html_is_detected_by_content_not_by_name(tmp_path: Path) -> None:
    saved = tmp_path / "post.txt"  # a page saved under a text name
    saved.write_text(BLOG_HTML, encoding="utf-8")
    (article,) = articles_of(saved)
    assert article["headline"] == [BLOG_TITLE]
    assert "<" not in json.dumps(article, ensure_ascii=False)
    dump = tmp_path / "page.html"  # and a text dump under an HTML name is read as text
    dump.write_bytes(SEEDS[0].read_bytes())
    same = tmp_path / f"{SEEDS[0].stem}.html"
    dump.rename(same)
    assert articles_of(same) == articles_of(SEEDS[0])


def test_a_summarized_html_page_has_no_markup_in_its_keywords(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_text(BLOG_HTML, encoding="utf-8")
    (doc,) = run_json("summarize", str(page))["documents"]
    words = [k["word"] for a in doc["articles"] for k in a["keywords"]]
    assert words and not {"html", "head", "title", "script", "meta", "charset"} & set(words)


def test_a_folder_of_html_pages_gives_their_articles(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(BLOG_HTML, encoding="utf-8")
    source = next(iter_sources([str(SEEDS[1])]))
    assert isinstance(source, Source)
    (tmp_path / "b.htm").write_text(epaper_html(parse_source(source)), encoding="utf-8")
    docs = run_json("articles", str(tmp_path))["documents"]
    assert [Path(d["source"]).name for d in docs] == ["a.html", "b.htm"]
    assert all(d["articles"] for d in docs)
    result = runner.invoke(app, ["articles", str(tmp_path), "-f", "text"])
    assert result.exit_code == 0 and "2 个文件" in result.stdout


@pytest.mark.parametrize(
    ("declared", "encoding"),
    [('<meta charset="gb2312">', "gbk"), ('<meta http-equiv="Content-Type" content="text/html; charset=GBK">', "gbk"),
     ("<meta charset='big5'>", "big5")],
)
def test_a_page_is_read_in_the_encoding_it_declares(tmp_path: Path, declared: str, encoding: str) -> None:
    html = BLOG_HTML.replace('<meta charset="utf-8">', declared)
    if encoding == "big5":  # traditional characters: Big5 has them all
        html = html.replace(BLOG_TITLE, "老街騎樓修繕完工")
        for p in BLOG_PARAGRAPHS:
            html = html.replace(p, "歷時兩年的老街騎樓修繕工程昨天完工,三十餘棟騎樓恢復了當年的樣子。")
    page = tmp_path / "post.html"
    page.write_bytes(html.encode(encoding, errors="xmlcharrefreplace"))  # © as &#169;
    (article,) = articles_of(page)
    assert article["headline"] == ([BLOG_TITLE] if encoding == "gbk" else ["老街騎樓修繕完工"])


def test_xhtml_with_an_encoding_declaration_is_read(tmp_path: Path) -> None:
    html = BLOG_HTML.replace("<!DOCTYPE html>", '<?xml version="1.0" encoding="gb18030"?>\n<!DOCTYPE html>')
    page = tmp_path / "post.xhtml.html"
    page.write_bytes(html.replace('<meta charset="utf-8">', "").encode("gb18030"))
    (article,) = articles_of(page)
    assert article["headline"] == [BLOG_TITLE]


def test_a_page_without_headings_is_split_like_a_text_dump(tmp_path: Path) -> None:
    lines = [line for line in SEEDS[0].read_text(encoding="utf-8").splitlines() if line.strip()]
    page = tmp_path / f"{SEEDS[0].stem}.html"
    page.write_text("<html><body>" + "".join(f"<p>{line}</p>\n" for line in lines) + "</body></html>", "utf-8")
    assert [a["headline"] for a in articles_of(page)] == [a["headline"] for a in articles_of(SEEDS[0])]


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("<!doctype html><title>x</title>", "html"),
        ("<!-- saved --><html><body><p>一</p></body></html>", "html"),
        ("\ufeff  <p>晚报讯 本周六</p>", "html"),
        ('<?xml version="1.0"?>\n<!-- feed --><rss version="2.0"><channel/></rss>', "feed"),
        ('<feed xmlns="http://www.w3.org/2005/Atom"></feed>', "feed"),
        ('<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"></rdf:RDF>', "feed"),
        ('<?xml version="1.0"?><urlset></urlset>', "xml"),
        ("江城晚报\n<b>新区</b>建成首座智慧公园\n", "text"),
        ("<江城晚报>\n晚报讯 本周六,新区首座智慧公园正式开放。\n", "text"),
        ("", "text"),
    ],
)
def test_sniff_tells_pages_feeds_and_text_apart(text: str, kind: str) -> None:
    assert sniff(text) == kind


def test_an_xml_file_that_is_no_feed_is_one_error_and_the_others_go_on(tmp_path: Path) -> None:
    (tmp_path / "sitemap.xml").write_text('<?xml version="1.0"?><urlset><url/></urlset>', encoding="utf-8")
    result = runner.invoke(app, ["articles", str(tmp_path / "sitemap.xml"), str(SEEDS[0]), "-f", "json"])
    assert result.exit_code == 1
    (line,) = result.stderr.strip().splitlines()
    assert "sitemap.xml" in line and "not an RSS or Atom feed" in line
    assert len(json.loads(result.stdout)["documents"]) == 1


# --- feeds -----------------------------------------------------------------------------


def test_rss_items_are_articles_with_title_link_and_date(tmp_path: Path) -> None:
    feed = tmp_path / "city.rss"
    feed.write_text(RSS, encoding="utf-8")
    park, metro, untitled = articles_of(feed)
    assert park["headline"] == ["新区建成首座智慧公园"]
    assert park["link"] == "https://news.example.org/2026/07/01/park.html"
    assert park["published"] == "2026-07-01T00:30:00Z"  # +0800 in the feed, UTC here
    assert park["dateline"] == "晚报讯"
    assert park["paragraphs"] == [
        "本周六,新区首座智慧公园正式向市民开放。",
        "公园内设有步道和儿童乐园,导览图已在入口处张贴。",  # the link's text kept, its markup gone
    ]
    # The full content, not the short description; a <br> is a line break, not markup.
    assert metro["paragraphs"][0] == "地铁三号线今天开始空载试运行,为期三个月。"
    assert "".join(metro["paragraphs"][1:]) == "试运行期间,列车将按照正式运营的时刻表运行。沿线各站同步开展设备调试。"
    assert metro["published"] == "2026-07-02T07:00:00Z"
    assert untitled["headline"] == [] and "link" not in untitled and "published" not in untitled
    assert untitled["paragraphs"] == ["老街骑楼修缮工程昨天完工,三十余栋骑楼恢复了当年的样子,沿街商铺陆续重新开张。"]
    assert [a["id"] for a in (park, metro, untitled)] == ["city/1", "city/2", "city/3"]


def test_atom_entries_are_articles_with_markup_taken_out(tmp_path: Path) -> None:
    feed = tmp_path / "notes.xml"
    feed.write_text(ATOM, encoding="utf-8")
    first, second = articles_of(feed)
    assert first["headline"] == ["老街骑楼修缮完工"]
    assert first["link"] == "https://blog.example.org/qilou"
    assert first["published"] == "2026-07-01T02:00:00Z"
    assert first["paragraphs"] == ["历时两年的老街骑楼修缮工程昨天完工。", "修缮坚持修旧如旧,木构件尽量保留原物。"]
    assert second["published"] == "2026-07-02T09:00:00Z"  # no <published>: <updated>
    assert second["paragraphs"] == [
        "住在骑楼二层的居民将在下个月陆续回迁。",
        "社区志愿者已经挨家挨户登记需求,帮助老人搬运家具。",
    ]


def test_a_feed_in_gbk_is_read_in_the_encoding_it_declares(tmp_path: Path) -> None:
    feed = tmp_path / "city.xml"
    feed.write_bytes(RSS.replace('encoding="UTF-8"', 'encoding="gb2312"').encode("gbk"))
    park, _, _ = articles_of(feed)
    assert park["headline"] == ["新区建成首座智慧公园"]


def test_a_summarized_feed_has_summaries_and_keywords(tmp_path: Path) -> None:
    feed = tmp_path / "notes.atom"
    feed.write_text(ATOM, encoding="utf-8")
    (doc,) = run_json("summarize", str(feed))["documents"]
    assert all(a["summary"] and a["keywords"] for a in doc["articles"])


def test_a_broken_feed_is_one_error(tmp_path: Path) -> None:
    feed = tmp_path / "broken.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><item><title>断', encoding="utf-8")
    items = list(iter_sources([str(feed)]))
    assert len(items) == 1
    # A feed cut short still gives what it has; one with nothing readable is a failure.
    assert isinstance(items[0], (Source, Failure))
    empty = tmp_path / "empty.rss"
    empty.write_text('<?xml version="1.0"?><rss version="2.0"><', encoding="utf-8")
    (failure,) = list(iter_sources([str(empty)]))
    assert isinstance(failure, Failure) and "not a readable RSS or Atom feed" in failure.message


# --- what a plain run loads ------------------------------------------------------------


def test_a_plain_text_run_imports_no_web_library() -> None:
    code = (
        "import sys\n"
        "from digest.cli import app\n"
        f"try:\n    app(['summarize', {str(SEEDS[0])!r}, '-f', 'json'])\nexcept SystemExit as exc:\n"
        "    assert exc.code == 0, exc.code\n"
        "web = ('httpx', 'feedparser', 'trafilatura', 'lxml', 'selectolax', 'justext', 'digest.loaders')\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in web or m.startswith('digest.loaders'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


def test_control_characters_written_as_references_are_made_visible(tmp_path: Path) -> None:
    page = tmp_path / "post.html"
    page.write_text(BLOG_HTML.replace(BLOG_PARAGRAPHS[0], BLOG_PARAGRAPHS[0] + "&#x1b;[31m&#0;"), encoding="utf-8")
    text = json.dumps(articles_of(page), ensure_ascii=False)
    assert "\x1b" not in text and "\x00" not in text and "␛[31m" in text


def test_a_page_that_breaks_the_extractor_is_one_error_and_the_others_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import digest.loaders.html

    def broken(text: str) -> None:
        raise RuntimeError("extractor failed")

    monkeypatch.setattr(digest.loaders.html, "_main_text", broken)
    page = tmp_path / "post.html"
    page.write_text(BLOG_HTML, encoding="utf-8")
    items = list(iter_sources([str(page), str(SEEDS[0])]))
    assert isinstance(items[0], Failure) and "internal error" in items[0].message
    assert isinstance(items[1], Source)


def test_an_epaper_page_with_its_lead_story_in_h1_still_gives_every_article(tmp_path: Path) -> None:
    source = next(iter_sources([str(SEEDS[0])]))
    assert isinstance(source, Source)
    doc = parse_source(source)
    lead = doc.content[0].title
    html = epaper_html(doc).replace(f'<h2 class="title">{lead}</h2>', f'<h1 class="title">{lead}</h1>')
    assert "<h1" in html
    page = tmp_path / f"{SEEDS[0].stem}.html"
    page.write_text(html, encoding="utf-8")
    assert articles_of(page) == articles_of(SEEDS[0])
