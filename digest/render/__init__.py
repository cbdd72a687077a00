"""Renderers: one module per output format. Each turns results into a string (rich also
into a renderable for the terminal); none of them prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digest.model import DocumentResult

FORMATS = ("rich", "text", "markdown", "json", "html")
MODES = ("articles", "summarize", "keywords")


def render(results: Sequence[DocumentResult], mode: str, fmt: str, width: int = 100) -> str:
    """Results of one command as a complete document in the given format."""
    if fmt == "json":
        from digest.render.json import render_json

        return render_json(results, mode)
    if fmt == "text":
        from digest.render.text import render_text

        return render_text(results, mode, width)
    if fmt == "markdown":
        from digest.render.markdown import render_markdown

        return render_markdown(results, mode)
    if fmt == "html":
        from digest.render.html import render_html

        return render_html(results, mode)
    if fmt == "rich":
        from digest.render.rich import render_rich_text

        return render_rich_text(results, mode, width)
    raise ValueError(f"unknown format {fmt!r}")
