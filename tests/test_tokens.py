"""Tokens and IDF: tagging covers the text exactly; the IDF table finds every word it holds."""

from __future__ import annotations

from pathlib import Path

import pytest

from digest import tokens


def small_table(tmp_path: Path, entries: dict[str, float]) -> tokens.IdfTable:
    source = tmp_path / "idf.txt"
    source.write_text("".join(f"{w} {v}\n" for w, v in entries.items()), encoding="utf-8")
    return tokens._parse_idf_bytes(tokens._build_idf_bytes(source))


def test_idf_table_finds_each_word_and_gives_the_median_otherwise(tmp_path: Path) -> None:
    entries = {"港口": 7.5, "集装箱": 9.25, "吞吐量": 10.5, "a b": 3.0, "的": 0.5}
    table = small_table(tmp_path, entries)
    assert len(table) == 5
    for word, value in entries.items():
        assert table.get(word) == value
        assert word in table
    assert table.median == 7.5
    assert table.get("码头") == 7.5 and "码头" not in table
    assert table.get("码头", 1.25) == 1.25
    assert table.get("") == 7.5


def test_idf_table_tells_apart_words_whose_checksums_collide(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Every word gets the same checksum: only the stored words can tell them apart.
    monkeypatch.setattr(tokens, "_checksum", lambda key: 42)
    entries = {"甲": 1.0, "乙": 2.0, "丙丁": 3.0, "戊": 4.0}
    table = small_table(tmp_path, entries)
    assert [table.get(w) for w in entries] == [1.0, 2.0, 3.0, 4.0]
    assert table.get("己", -1.0) == -1.0


def test_shipped_idf_table_gives_rare_words_more_weight() -> None:
    table = tokens.idf_table()
    assert len(table) > 100_000
    assert table.get("集装箱") > table.get("工作")
    assert "没有这个词吧" not in table


def test_stale_idf_cache_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "idf.txt"
    source.write_text("港口 7.5\n", encoding="utf-8")
    data = bytearray(tokens._build_idf_bytes(source))
    data[0] ^= 0xFF  # another format version
    with pytest.raises(ValueError, match="stale"):
        tokens._parse_idf_bytes(bytes(data))


def test_tags_cover_the_text_exactly() -> None:
    text = "东港区今年新建危险废物收集点20个，投资3.5亿元。"
    tagged = tokens.tag(text)
    assert "".join(w for w, _ in tagged) == text
    assert all(flag for _, flag in tagged)


def test_warm_up_builds_the_unknown_word_model_in_the_background() -> None:
    tokens.warm_up()
    tokens.settle()
    assert tokens._warming is not None and not tokens._warming.is_alive()
    tokens.warm_up()  # once per process
    assert not tokens._warming.is_alive()
    # An unknown name still comes out whole, tagged as a name.
    assert ("王晖", "nr") in tokens.tag("市委书记王晖率队赴北京考察")


def test_truncated_idf_cache_is_refused(tmp_path: Path) -> None:
    source = tmp_path / "idf.txt"
    source.write_text("港口 7.5\n集装箱 9.25\n", encoding="utf-8")
    data = tokens._build_idf_bytes(source)
    for cut in (len(data) - 1, len(data) - 3, 20):
        with pytest.raises((ValueError, TypeError)):
            tokens._parse_idf_bytes(data[:cut])


def test_idf_table_reads_a_mapped_cache_file(tmp_path: Path) -> None:
    source = tmp_path / "idf.txt"
    source.write_text("港口 7.5\n集装箱 9.25\n", encoding="utf-8")
    cached = tmp_path / "idf.bin"
    cached.write_bytes(tokens._build_idf_bytes(source))
    table = tokens._parse_idf_bytes(tokens._map(cached))
    assert table.get("集装箱") == 9.25 and "码头" not in table
