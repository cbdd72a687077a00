"""Invented pages in other papers' conventions (tests/pages/*.txt) and the split a reader makes
of them (tests/pages/expected.json): bylines set above the body (■ 本报记者 某某), datelines with a
place (本报海口3月5日讯), short items with one-line titles after a feature with sub-headings, a
byline or dateline printed at the end, an opinion page with labels and a footer."""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path
from typing import Any

import pytest

from digest.page import parse_page

PAGES = Path(__file__).resolve().parent / "pages"
EXPECTED: dict[str, list[dict[str, Any]]] = json.loads((PAGES / "expected.json").read_text(encoding="utf-8"))["pages"]


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_invented_page_splits_as_a_reader_would(name: str) -> None:
    doc = parse_page((PAGES / name).read_text(encoding="utf-8"), source=name)
    content = list(doc.content)
    assert [a.title for a in content] == [e["title"] for e in EXPECTED[name]]
    for article, expected in zip(content, EXPECTED[name], strict=True):
        where = expected["title"]
        assert _key(article.body).startswith(_key(expected["starts"])), where
        assert _key(article.body).endswith(_key(expected["ends"])), where
        assert list(article.authors) == expected.get("authors", []), where
        assert article.dateline == expected.get("dateline"), where
        assert list(article.kicker) == expected.get("kicker", []), where
        assert list(article.subtitle) == expected.get("subtitle", []), where
        assert list(article.subheads) == expected.get("subheads", []), where
        if "kind" in expected:
            assert article.kind == expected["kind"], where
