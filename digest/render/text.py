"""Plain text, for mail and pipes. (Minimal; the renderers issue makes it good.)"""

from __future__ import annotations

from collections.abc import Sequence

from digest.model import DocumentResult


def render_text(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    lines: list[str] = []
    for r in results:
        by_id = {s.article.id: s for s in r.summaries}
        lines.append(f"== {r.document.source}")
        for a in r.document.content:
            lines.extend(a.headline)
            s = by_id.get(a.id)
            if s and mode == "summarize":
                lines.extend(x.text for x in s.sentences)
            elif mode == "articles":
                lines.extend(a.paragraphs)
            if s and s.keywords:
                lines.append("  ".join(k.word for k in s.keywords))
            lines.append("")
    return "\n".join(lines) + "\n"
