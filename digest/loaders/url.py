"""An http:// or https:// address -> its body, within limits, or an InputError of one line.

The limits: `timeout` seconds for the whole download (connecting, each read, and the body as a
whole), at most MAX_BYTES of body (the body is streamed and the download stopped past the cap,
after decompression, so a small compressed body cannot unpack into a huge one), and at most
MAX_REDIRECTS redirects, a loop said as such. The body is then read like a file: digest.load
tells an HTML page, a feed and plain text apart by content.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import Any

from digest import __version__
from digest.errors import InputError

MAX_BYTES = 20 * 1024 * 1024  # a news page or feed is well under 1 MB
MAX_REDIRECTS = 5
HEADERS = {
    "User-Agent": f"digest/{__version__} (news digest)",
    "Accept": "text/html, application/xhtml+xml, application/rss+xml, application/atom+xml, "
    "application/xml;q=0.9, text/plain;q=0.9, */*;q=0.5",
}


@dataclass(frozen=True, slots=True)
class Fetched:
    url: str  # after redirects
    body: bytes
    charset: str | None  # as the server named it (Content-Type), else None
    path: str  # the final address's path: "/feed.jsonl"


def fetch(url: str, timeout: float, max_bytes: int = MAX_BYTES) -> Fetched:
    """The body at `url`; an InputError (one line: what went wrong, what to do) otherwise."""
    import httpx

    deadline = time.monotonic() + timeout
    try:
        with httpx.Client(timeout=httpx.Timeout(timeout), headers=HEADERS, follow_redirects=False) as client:
            request = client.build_request("GET", url)
            seen = [str(request.url)]
            while True:
                response = client.send(request, stream=True)
                try:
                    if response.next_request is None:
                        return _body(url, response, deadline, timeout, max_bytes)
                finally:
                    response.close()
                request = response.next_request
                target = str(request.url)
                if target in seen:
                    raise InputError(url, f"redirect loop ({' -> '.join([*seen[seen.index(target):], target])}); "
                                          "check the address, or open it in a browser")
                seen.append(target)
                if len(seen) > MAX_REDIRECTS + 1:
                    raise InputError(url, f"more than {MAX_REDIRECTS} redirects; give the address they lead to")
    except httpx.TimeoutException:
        raise _timed_out(url, timeout) from None
    except httpx.HTTPError as exc:
        raise InputError(url, _transport_message(exc)) from None


def _body(url: str, response: Any, deadline: float, timeout: float, max_bytes: int) -> Fetched:
    if not 200 <= response.status_code < 300:
        raise InputError(url, f"HTTP {response.status_code} {response.reason_phrase}; check the address".strip())
    too_large = InputError(url, f"larger than {max_bytes // 2**20} MB; save the page and give parts of it as files")
    length = response.headers.get("content-length", "")
    if length.isdigit() and int(length) > max_bytes:
        raise too_large
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > max_bytes:
            raise too_large
        if time.monotonic() > deadline:
            raise _timed_out(url, timeout)
        chunks.append(chunk)
    return Fetched(str(response.url), b"".join(chunks), response.charset_encoding, response.url.path)


def _timed_out(url: str, timeout: float) -> InputError:
    return InputError(url, f"timed out after {timeout:g} s; try again later, or allow more with --timeout")


def _transport_message(exc: Exception) -> str:
    """What a failed connection means, in words a user can act on."""
    import socket
    import ssl

    import httpx

    causes: list[BaseException] = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    detail = " ".join(str(exc).split()) or type(exc).__name__
    if any(isinstance(c, socket.gaierror) for c in causes) or "Name or service not known" in detail:
        return f"cannot find the host (DNS lookup failed: {detail}); check the address and the network"
    if any(isinstance(c, ssl.SSLError) for c in causes) or "SSL" in detail or "CERTIFICATE" in detail.upper():
        return f"TLS error ({detail}); the site's certificate or encryption could not be checked"
    if isinstance(exc, httpx.UnsupportedProtocol):
        return f"unsupported address ({detail}); only http:// and https:// can be fetched"
    if isinstance(exc, httpx.InvalidURL):
        return f"not a valid address ({detail}); check it"
    if isinstance(exc, httpx.ConnectError):
        return f"cannot connect ({detail}); check the address, or try again later"
    if isinstance(exc, httpx.TooManyRedirects):
        return f"too many redirects ({detail}); give the address they lead to"
    return f"download failed ({type(exc).__name__}: {detail}); try again later"
