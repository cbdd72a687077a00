"""http(s):// addresses as inputs, against a server the test starts on 127.0.0.1 (never the internet)."""

from __future__ import annotations

import json
import socket
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import httpx
import pytest
from typer.testing import CliRunner
from webpages import BLOG_HTML, BLOG_TITLE, RSS

from digest.cli import app
from digest.errors import InputError
from digest.loaders.url import MAX_BYTES, _transport_message, fetch

runner = CliRunner()
SLEEP = 3.0  # seconds the slow page waits; the tests allow 0.5
CHUNK = b"x" * 65536


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # noqa: A002  (the base class's name)
        pass

    def _send(self, status: int, body: bytes, kind: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802  (the name http.server calls)
        path = self.path
        try:
            if path == "/post.html":
                self._send(200, BLOG_HTML.encode("utf-8"))
            elif path == "/feed":  # no suffix: the content says it is a feed
                self._send(200, RSS.encode("utf-8"), "application/rss+xml")
            elif path == "/gbk":  # the charset only in the header
                page = "江城晚报\n\n新区建成首座智慧公园\n\n晚报讯 本周六,新区首座智慧公园正式向市民开放。\n"
                self._send(200, page.encode("gbk"), "text/plain; charset=GBK")
            elif path == "/moved":
                self._send(301, b"", Location="/post.html")
            elif path == "/loop-a":
                self._send(302, b"", Location="/loop-b")
            elif path == "/loop-b":
                self._send(302, b"", Location="/loop-a")
            elif path.startswith("/chain/"):
                n = int(path.rsplit("/", 1)[1])
                self._send(302, b"", Location=f"/chain/{n + 1}")
            elif path == "/slow":
                time.sleep(SLEEP)
                self._send(200, b"late")
            elif path == "/huge-declared":  # says so in its Content-Length: refused before reading
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Content-Length", str(MAX_BYTES + 1))
                self.end_headers()
                self.wfile.write(CHUNK)
            elif path == "/huge-stream":  # no length: the reader must stop at the cap
                self.send_response(200)
                self.send_header("Content-Type", "text/plain; charset=utf-8")
                self.send_header("Transfer-Encoding", "chunked")
                self.end_headers()
                for _ in range(MAX_BYTES // len(CHUNK) * 2):  # twice the cap at most, then the end
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(CHUNK), CHUNK))
                self.wfile.write(b"0\r\n\r\n")
            else:
                self._send(404, b"<h1>Not Found</h1>")
        except (BrokenPipeError, ConnectionResetError):  # the client gave up, as it should
            pass


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: Any, client_address: Any) -> None:
        pass  # a TLS handshake sent to plain HTTP, a client that hung up: expected here


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = Server(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A proxy set in the environment must not take the test's requests elsewhere."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")


def fails(url: str, timeout: float = 5.0) -> str:
    with pytest.raises(InputError) as caught:
        fetch(url, timeout=timeout)
    message = caught.value.message
    assert "\n" not in message
    return message


def test_a_good_page_and_a_feed_are_fetched_and_read_by_content(server: str) -> None:
    result = runner.invoke(app, ["articles", f"{server}/post.html", f"{server}/feed", f"{server}/gbk", "-f", "json"])
    assert result.exit_code == 0, result.output
    post, feed, text = json.loads(result.stdout)["documents"]
    assert post["source"] == f"{server}/post.html"
    assert [a["headline"] for a in post["articles"]] == [[BLOG_TITLE]]
    assert [a["link"] for a in feed["articles"][:2]] == [
        "https://news.example.org/2026/07/01/park.html",
        "https://news.example.org/2026/07/02/metro.html",
    ]
    (news,) = [a for a in text["articles"] if a["kind"] == "news"]  # GBK, said only in the header
    assert "新区建成首座智慧公园" in news["headline"] and news["dateline"] == "晚报讯"


def test_a_redirect_is_followed(server: str) -> None:
    got = fetch(f"{server}/moved", timeout=5)
    assert got.url == f"{server}/post.html" and BLOG_TITLE.encode() in got.body


def test_404_is_one_line(server: str) -> None:
    assert fails(f"{server}/missing").startswith("HTTP 404 Not Found")


def test_a_server_that_does_not_answer_in_time_is_a_timeout(server: str) -> None:
    start = time.monotonic()
    message = fails(f"{server}/slow", timeout=0.5)
    assert "timed out after 0.5 s" in message and "--timeout" in message
    assert time.monotonic() - start < SLEEP  # gave up before the server answered


@pytest.mark.parametrize("path", ["/huge-declared", "/huge-stream"])
def test_a_body_over_the_cap_is_refused(server: str, path: str) -> None:
    assert fails(f"{server}{path}").startswith(f"larger than {MAX_BYTES // 2**20} MB")


def test_the_cap_is_checked_while_streaming(server: str) -> None:
    with pytest.raises(InputError, match="larger than 1 MB"):
        fetch(f"{server}/huge-stream", timeout=5, max_bytes=2**20)


def test_a_redirect_loop_is_named_as_such(server: str) -> None:
    message = fails(f"{server}/loop-a")
    assert message.startswith("redirect loop") and "/loop-b" in message


def test_too_many_redirects(server: str) -> None:
    assert fails(f"{server}/chain/1").startswith("more than 5 redirects")


def test_tls_to_a_plain_http_server_is_a_tls_error(server: str) -> None:
    assert fails(server.replace("http://", "https://") + "/post.html").startswith("TLS error")


def test_a_refused_connection(server: str) -> None:
    with socket.socket() as s:  # a port nothing listens on: bound, never listening
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        assert fails(f"http://127.0.0.1:{port}/").startswith("cannot connect")


def test_a_dns_failure_is_named_as_such() -> None:
    # No name server is asked: the error is the one httpx raises when the lookup fails.
    try:
        raise socket.gaierror(-2, "Name or service not known")
    except socket.gaierror as lookup:
        error = httpx.ConnectError(str(lookup))
        error.__cause__ = lookup
    assert _transport_message(error).startswith("cannot find the host (DNS lookup failed")


def test_failed_addresses_are_one_line_each_exit_1_and_the_others_are_done(server: str) -> None:
    bad = [f"{server}/missing", f"{server}/slow", f"{server}/huge-stream", f"{server}/loop-a"]
    result = runner.invoke(
        app, ["summarize", bad[0], f"{server}/post.html", *bad[1:], f"{server}/feed", "--timeout", "0.5", "-f", "json"]
    )
    assert result.exit_code == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == len(bad)
    for url, line, why in zip(bad, lines, ["HTTP 404", "timed out", "larger than", "redirect loop"], strict=True):
        assert line.startswith(f"digest: error: {url}: {why}"), line
    docs = json.loads(result.stdout)["documents"]
    assert [d["source"] for d in docs] == [f"{server}/post.html", f"{server}/feed"]
    assert all(a["summary"] for d in docs for a in d["articles"])


def test_the_library_honours_timeout_too(server: str) -> None:
    """digest.process(url, timeout=...) waits as long as --timeout would, not the default 20 s."""
    import digest

    started = time.monotonic()
    with pytest.raises(digest.InputError) as caught:
        digest.process(f"{server}/slow", timeout=0.5)
    assert time.monotonic() - started < 5
    assert "timed out after 0.5 s" in caught.value.failures[0].message
