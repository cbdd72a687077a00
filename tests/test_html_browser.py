"""The HTML digest in a real browser (headless Chromium), at phone and desktop width: nothing wider
than the window, the masthead and the date in the first screen, every in-page link's target there
and shown, every headline shown, screenshots and a PDF produced. Skipped when no Chromium is
installed (CI installs it and requires it); see docs/html-check.md."""

from __future__ import annotations

import datetime
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from sample import article, edition, result, summary

from digest.daily import build_digest
from digest.render import render_daily

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((b for b in map(shutil.which, [os.environ.get("DIGEST_BROWSER", ""), *BROWSERS]) if b), None)
# CI sets DIGEST_REQUIRE_BROWSER=1 after installing Chromium: there a missing browser is a failure.
if BROWSER is None and os.environ.get("DIGEST_REQUIRE_BROWSER"):
    raise RuntimeError("DIGEST_REQUIRE_BROWSER is set but no Chromium was found (apt-get install chromium)")
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium binary found (apt-get install chromium)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
PHONE = (390, 844)
SEEDS = Path(__file__).resolve().parent.parent / "seeds"
DESKTOP = (1280, 900)

# A frame of exactly the window's size around the page; the page itself stays script-free. It
# reports the page's width against the frame's, what the reader sees first (the masthead), and for
# every in-page link whether its target exists and is shown.
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{src}" style="width:{w}px;height:{h}px;border:0"></iframe><pre id="out"></pre>
<script>window.addEventListener("load", function () {{
  var d = document.getElementById("f").contentDocument, root = d.documentElement;
  var head = d.querySelector("header.masthead"), box = head ? head.getBoundingClientRect() : null;
  var links = Array.prototype.map.call(d.querySelectorAll('a[href^="#"]'), function (a) {{
    var t = d.getElementById(a.getAttribute("href").slice(1)), r = t ? t.getBoundingClientRect() : null;
    return {{href: a.getAttribute("href"), found: !!t, shown: !!(r && r.height > 0 && r.width > 0)}};
  }});
  document.getElementById("out").textContent = JSON.stringify({{
    scroll: root.scrollWidth, client: root.clientWidth, text: d.body.innerText,
    masthead: head ? {{top: box.top, bottom: box.bottom, text: head.innerText}} : null,
    articles: d.querySelectorAll("article[id]").length, links: links}});
}});</script></body></html>
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(BROWSER), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


MADE = datetime.date(2026, 3, 1)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    long = article("z/1", ("超长链接",), ("见 https://example.com/" + "a" * 300 + " 以及" + "长" * 80 + "。",))
    results = [*edition(), result("edition/A03.txt", [(long, summary(long, 1))])]
    path = tmp_path_factory.mktemp("html") / "digest.html"
    path.write_text(render_daily(build_digest(results, made=MADE), "html", 100), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def seeds_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The daily digest of the five seed pages, as a cron job writes it."""
    path = tmp_path_factory.mktemp("seeds") / "today.html"
    proc = subprocess.run([sys.executable, "-c", "from digest.cli import run; run()", "daily", str(SEEDS), "-f",
                           "html", "-o", str(path)], capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return path


def measure(page: Path, tmp_path: Path, size: tuple[int, int]) -> dict[str, Any]:
    probe = page.parent / f"probe-{size[0]}.html"
    probe.write_text(PROBE.format(src=page.name, w=size[0], h=size[1]), encoding="utf-8")
    done = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                    probe.as_uri())
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1), done.stderr[-2000:]
    measured: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return measured


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
@pytest.mark.parametrize("which", ["sample", "seeds"])
def test_no_overflow_masthead_and_date_in_view_every_anchor_reachable(
    page: Path, seeds_page: Path, tmp_path: Path, size: tuple[int, int], which: str
) -> None:
    measured = measure(page if which == "sample" else seeds_page, tmp_path, size)
    assert measured["scroll"] <= measured["client"] == size[0]  # nothing wider than the window
    head = measured["masthead"]
    assert head is not None and 0 <= head["top"] < head["bottom"] <= size[1]  # in the first screen
    assert "每日新闻摘要" in head["text"]
    assert re.search(r"\d{4}年\d{1,2}月\d{1,2}日", head["text"]), head["text"]  # the date, shown
    assert measured["articles"] > 0 and measured["links"]
    for link in measured["links"]:
        assert link["found"] and link["shown"], link


def test_phone_width_shows_every_headline(page: Path, tmp_path: Path) -> None:
    measured = measure(page, tmp_path, PHONE)
    headlines = ("港口发展迎来新机遇", "崇川大桥主体合龙", "<script>alert(1)</script>", "短评:让港口红利惠及更多市民",
                 "超长链接")
    for headline in headlines:
        assert headline in measured["text"]


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_screenshot(page: Path, tmp_path: Path, size: tuple[int, int]) -> None:
    png = tmp_path / "shot.png"
    done = chromium(tmp_path, f"--screenshot={png}", f"--window-size={size[0]},{size[1]}", page.as_uri())
    assert png.exists(), done.stderr[-2000:]
    data = png.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n" and len(data) > 5000


def test_print_to_pdf(page: Path, tmp_path: Path) -> None:
    pdf = tmp_path / "digest.pdf"
    done = chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", page.as_uri())
    assert pdf.exists(), done.stderr[-2000:]
    assert pdf.read_bytes()[:5] == b"%PDF-"
