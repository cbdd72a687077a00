"""Renderers: one module per output format, none of which prints.

FORMATS is the interface: the CLI's `--format` choices and the config check come from it.
Each format's module has `render_documents(results, mode, width) -> str` and
`render_daily(digest, width) -> str`, and for the archive's views `render_added`,
`render_search`, `render_trends` and `render_info` (value, width) -> str; a live format (rich)
also draws renderables for a terminal (`live_documents`, `live_daily`, `live_<view>`).
Adding a format is adding a module and a row here.
"""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from digest.daily import Digest
    from digest.model import DocumentResult


@dataclass(frozen=True, slots=True)
class Format:
    module: str  # digest.render.<module>, imported only when the format is used
    suffix: str  # the usual file name suffix
    live: bool = False  # drawn with colour on a person's terminal


FORMATS: dict[str, Format] = {
    "rich": Format("rich", ".txt", live=True),
    "text": Format("text", ".txt"),
    "markdown": Format("markdown", ".md"),
    "json": Format("json", ".json"),
    "html": Format("html", ".html"),
}
DEFAULT_WIDTH = 100  # columns of rich and text output that goes to a file or a pipe


def _module(fmt: str) -> Any:
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    return importlib.import_module(f"digest.render.{FORMATS[fmt].module}")


def render(results: Sequence[DocumentResult], mode: str, fmt: str, width: int = DEFAULT_WIDTH) -> str:
    """Results of one command as a complete document in the given format."""
    out: str = _module(fmt).render_documents(results, mode, width)
    return out


def render_pieces(results: Sequence[DocumentResult], mode: str, fmt: str, width: int = DEFAULT_WIDTH) -> Iterable[str]:
    """`render` in pieces, to be written as they are made: a format module's `iter_documents` when
    it has one (json: memory then stays flat however long the output), else one piece."""
    module = _module(fmt)
    pieces = getattr(module, "iter_documents", None)
    if pieces is None:
        return (render(results, mode, fmt, width),)
    out: Iterable[str] = pieces(results, mode)
    return out


def render_daily_pieces(digest: Digest, fmt: str, width: int = DEFAULT_WIDTH) -> Iterable[str]:
    """`render_daily` in pieces, as `render_pieces` (a format module's `iter_daily`)."""
    pieces = getattr(_module(fmt), "iter_daily", None)
    if pieces is None:
        return (render_daily(digest, fmt, width),)
    out: Iterable[str] = pieces(digest)
    return out


def render_daily(digest: Digest, fmt: str, width: int = DEFAULT_WIDTH) -> str:
    """A daily digest as a complete document in the given format."""
    out: str = _module(fmt).render_daily(digest, width)
    return out


def render_view(view: str, value: Any, fmt: str, width: int = DEFAULT_WIDTH) -> str:
    """One of the archive's views as a complete document: "added" (an AddReport), "search" (a
    SearchResult), "trends" (Trends) or "info" (Info); each format has `render_<view>`."""
    out: str = getattr(_module(fmt), f"render_{view}")(value, width)
    return out


def live_view(view: str, value: Any, fmt: str) -> Any:
    """The renderable a live format draws for one of the archive's views."""
    return getattr(_module(fmt), f"live_{view}")(value)


def is_live(fmt: str, output: str | None) -> bool:
    """Is this output for a person at a terminal, to be drawn live with colour?

    Only a live format going to stdout that is a terminal, and never with NO_COLOR set
    (https://no-color.org) or TERM=dumb.
    """
    return (
        FORMATS[fmt].live
        and output in (None, "-")
        and sys.stdout is not None
        and sys.stdout.isatty()
        and not os.environ.get("NO_COLOR")
        and os.environ.get("TERM") != "dumb"
    )


def live(view: Sequence[DocumentResult] | Digest, mode: str, fmt: str) -> Any:
    """The renderable a live format draws on the terminal for these results or this digest."""
    module = _module(fmt)
    from digest.daily import Digest

    return module.live_daily(view) if isinstance(view, Digest) else module.live_documents(view, mode)
