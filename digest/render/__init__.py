"""Renderers: one module per output format. Each turns results into a string (rich also
into a renderable for the terminal); none of them prints."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from digest.daily import Digest
    from digest.model import DocumentResult



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


def render_daily(digest: Digest, fmt: str, width: int = 100) -> str:
    """A daily digest as a complete document in the given format."""
    if fmt == "json":
        from digest.render.json import render_daily_json

        return render_daily_json(digest)
    if fmt == "text":
        from digest.render.text import render_daily_text

        return render_daily_text(digest, width)
    if fmt == "markdown":
        from digest.render.markdown import render_daily_markdown

        return render_daily_markdown(digest)
    if fmt == "html":
        from digest.render.html import render_daily_html

        return render_daily_html(digest)
    if fmt == "rich":
        from digest.render.rich import render_daily_rich_text

        return render_daily_rich_text(digest, width)
    raise ValueError(f"unknown format {fmt!r}")
