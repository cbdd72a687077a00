"""The terminal view. (Minimal; the renderers issue makes it good.)"""

from __future__ import annotations

import io
from collections.abc import Sequence

from rich.console import Console, Group, RenderableType
from rich.text import Text

from digest.model import DocumentResult


def render_rich(results: Sequence[DocumentResult], mode: str) -> RenderableType:
    parts: list[RenderableType] = []
    for r in results:
        by_id = {s.article.id: s for s in r.summaries}
        for a in r.document.content:
            for h in a.headline:
                parts.append(Text(h, style="bold"))
            s = by_id.get(a.id)
            body = [x.text for x in s.sentences] if s and mode == "summarize" else list(a.paragraphs)
            for p in body:
                parts.append(Text(p))
            parts.append(Text(""))
    return Group(*parts)


def render_rich_text(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    buf = io.StringIO()
    Console(file=buf, width=width, color_system=None, force_terminal=False).print(render_rich(results, mode))
    return buf.getvalue()
