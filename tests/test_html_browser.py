"""The HTML digest in a real browser (headless Chromium): every headline shown, nothing wider than
a phone, screenshots and a PDF produced. Skipped when no Chromium is installed; see docs/html-check.md."""

from __future__ import annotations

import html
import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from sample import article, edition, result, summary

from digest.daily import build_digest
from digest.render import render_daily

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
BROWSER = next((b for b in map(shutil.which, [os.environ.get("DIGEST_BROWSER", ""), *BROWSERS]) if b), None)
pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium binary found (apt-get install chromium)")

FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync", "--hide-scrollbars"]
PHONE = (390, 844)
DESKTOP = (1280, 900)

# A frame of exactly phone width around the page; the page itself stays script-free.
PROBE = """<!DOCTYPE html><html><body style="margin:0">
<iframe id="f" src="{src}" style="width:{w}px;height:{h}px;border:0"></iframe><pre id="out"></pre>
<script>window.addEventListener("load", function () {{
  var d = document.getElementById("f").contentDocument, root = d.documentElement;
  document.getElementById("out").textContent = JSON.stringify(
    {{scroll: root.scrollWidth, client: root.clientWidth, text: d.body.innerText}});
}});</script></body></html>
"""


def chromium(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    cmd = [str(BROWSER), *FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    return subprocess.run(cmd, capture_output=True, text=True, timeout=120, check=False)


@pytest.fixture(scope="module")
def page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    long = article("z/1", ("超长链接",), ("见 https://example.com/" + "a" * 300 + " 以及" + "长" * 80 + "。",))
    results = [*edition(), result("edition/A03.txt", [(long, summary(long, 1))])]
    path = tmp_path_factory.mktemp("html") / "digest.html"
    path.write_text(render_daily(build_digest(results), "html", 100), encoding="utf-8")
    return path


def test_phone_width_shows_every_headline_without_horizontal_scroll(page: Path, tmp_path: Path) -> None:
    probe = page.parent / "probe.html"
    probe.write_text(PROBE.format(src=page.name, w=PHONE[0], h=PHONE[1]), encoding="utf-8")
    done = chromium(tmp_path, "--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                    probe.as_uri())
    found = re.search(r'<pre id="out">(.*?)</pre>', done.stdout, re.S)
    assert found and found.group(1), done.stderr[-2000:]
    measured = json.loads(html.unescape(found.group(1)))
    assert measured["scroll"] <= measured["client"] == PHONE[0]
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
