"""Step 4, paragraphs: a paragraph broken off by a column break is joined with the one that goes on.
"""

from __future__ import annotations

from digest.page.lines import BULLET, DATELINE, ends_sentence


def starts_new_paragraph(paragraph: str) -> bool:
    """Does the paragraph open with something that cannot continue a sentence (bullet, dateline)?"""
    return BULLET.match(paragraph) is not None or DATELINE.match(paragraph) is not None


def rejoin(paragraphs: list[str], subheads: list[str]) -> list[str]:
    """Join a paragraph that breaks off mid-sentence with the one that goes on (科技创新、 / 学生培养)."""
    keep = set(subheads)
    out: list[str] = []
    for p in paragraphs:
        if out and out[-1] not in keep and p not in keep and not ends_sentence(out[-1]) and not starts_new_paragraph(p):
            out[-1] = glue(out[-1], p)
        else:
            out.append(p)
    return out


def glue(left: str, right: str) -> str:
    """Join two pieces of one sentence; a space only between two Latin letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right
