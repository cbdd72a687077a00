"""Tokens and IDF: tagging covers the text exactly; the IDF table finds every word it holds."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
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


# --- the growing tagger: the results of the whole dictionary, without building it ----------------

# Texts of my own in several registers, with names, figures, Latin letters, full-width forms,
# quotes and words the dictionary does not hold.
REGISTERS = [
    "市委书记王晖率队赴北京考察，与中关村管委会负责同志座谈，双方签约项目12个，总投资118.11亿元。",
    "券商板块午后拉升，中信证券涨停，沪指收报3,052.47点；北向资金净买入41.2亿元。",
    "华为Mate70发布会上，余承东说：“这款手表的表带用上了新材料。”iPhone16销量同比下滑8%。",
    "男篮世预赛：中国队82比75战胜日本队，周琦拿下21分11个篮板，赛后主帅乔尔杰维奇感谢球迷。",
    "电影《热辣滚烫》票房突破30亿元，贾玲减重100斤的故事登上微博热搜第一。",
    "如东县洋口港经济开发区今年新建危险废物收集点20个；启东市吕四港镇渔民喜获丰收。",
    "ＡＢＣ公司ｅ时代全角１２３，表情😀与émigré混排，还有\ue000私用区字符。",
    "智能家居、新能源汽车和低空经济成为2025年消费电子展的三大热点。",
]


def whole_dictionary() -> object:
    return tokens._rjieba().Jieba()


def test_the_default_tagger_grows_and_cuts_as_the_whole_dictionary() -> None:
    full = whole_dictionary()
    tagger = tokens._tagger(None)
    assert isinstance(tagger, tokens._GrowingTagger)
    for text in REGISTERS:
        assert tokens.tag(text) == full.tag(text), text  # type: ignore[attr-defined]
        assert tokens.words(text) == full.cut(text), text  # type: ignore[attr-defined]
    for word in ["港口", "集装箱", "吞吐量", "王晖", "热辣滚烫", "智能家居", "表带", "的", "没有这个词吧"]:
        assert tokens.has_word(word) == full.has_word(word), word  # type: ignore[attr-defined]
    # A fresh one (earlier tests may have given the process's tagger much text): it grows.
    words = tokens.word_file()
    assert words is not None
    fresh = tokens._GrowingTagger(tokens._rjieba(), words)
    for text in REGISTERS:
        fresh.tag(text)
    assert not fresh._whole and 0 < fresh._count < tokens._GROWTH_LIMIT


def test_a_fresh_tagger_gives_the_same_results_whatever_it_saw_first() -> None:
    words = tokens.word_file()
    assert words is not None
    full = whole_dictionary()
    forward, backward = tokens._GrowingTagger(tokens._rjieba(), words), tokens._GrowingTagger(tokens._rjieba(), words)
    for a, b in zip(REGISTERS, reversed(REGISTERS), strict=True):
        assert forward.tag(a) == full.tag(a)  # type: ignore[attr-defined]
        assert backward.tag(b) == full.tag(b)  # type: ignore[attr-defined]
    joined = "".join(REGISTERS)
    assert forward.tag(joined) == backward.tag(joined) == full.tag(joined)  # type: ignore[attr-defined]


def test_past_its_limit_the_tagger_builds_the_whole_dictionary(monkeypatch: pytest.MonkeyPatch) -> None:
    words = tokens.word_file()
    assert words is not None
    monkeypatch.setattr(tokens, "_GROWTH_LIMIT", 500)
    tagger = tokens._GrowingTagger(tokens._rjieba(), words)
    assert tagger.tag("港") == whole_dictionary().tag("港") and not tagger._whole  # type: ignore[attr-defined]
    full = whole_dictionary()
    for text in REGISTERS:
        assert tagger.tag(text) == full.tag(text)  # type: ignore[attr-defined]
    assert tagger._whole


def test_importing_digest_and_tagging_never_runs_rjiebas_own_start_up() -> None:
    """`import rjieba` builds the whole dictionary (0.15 s); the compiled module alone does not."""
    code = "import sys; from digest import tokens; tokens.tag('港口集装箱吞吐量'); print('rjieba' in sys.modules)"
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "False"


@pytest.fixture
def fake_dictionary(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A cache folder of the test's own, and jieba's dictionary replaced by a small one."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fake = tmp_path / "jieba"
    fake.mkdir()
    source = fake / "dict.txt"
    source.write_text("港口 300 n\n集装箱 200 n\n港口 350 ns\n吞吐量\n港 5 n\n", encoding="utf-8")
    monkeypatch.setattr(tokens, "_jieba_dir", lambda: fake)
    for cached in (tokens.cache_dir, tokens.word_file):
        cached.cache_clear()
    yield source
    for cached in (tokens.cache_dir, tokens.word_file):
        cached.cache_clear()


def test_a_word_file_reads_the_dictionary_as_jieba_rs_does(fake_dictionary: Path) -> None:
    words = tokens._parse_word_file(tokens._build_word_file(tokens._read_dictionary(fake_dictionary)))
    # Listed twice: the first tag, the last frequency. No frequency: 0.
    assert words.entry("港口") == (350, "n")
    assert words.entry("吞吐量") == (0, "")
    assert words.entry("港") == (5, "n")
    assert words.entry("集装箱") == (200, "n") and words.entry("集装") is None
    assert words.total == 350 + 200 + 0 + 5
    assert sorted(words.lines(tokens._filing_keys("港口"))) == ["港 5 n", "港口 350 n"]


def test_a_dictionary_rjieba_does_not_hold_is_not_used(fake_dictionary: Path) -> None:
    # rjieba embeds jieba's full dictionary: the small one disagrees on the total. The answer is
    # kept, so that the check (a second or so) is not made on every run.
    assert tokens.word_file() is None
    target = next((fake_dictionary.parent.parent / "cache" / "digest").glob("words-*"))
    assert tokens._unsealed(target.read_bytes()) == b""
    tokens.word_file.cache_clear()
    assert tokens.word_file() is None


def test_a_damaged_word_file_is_made_again(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tokens.cache_dir.cache_clear()
    tokens.word_file.cache_clear()
    try:
        made = tokens.word_file()
        assert made is not None and made.entry("集装箱") is not None
        target = next((tmp_path / "cache" / "digest").glob("words-*"))
        data = bytearray(target.read_bytes())
        data[-2] ^= 0x01
        target.write_bytes(bytes(data))
        tokens.word_file.cache_clear()
        again = tokens.word_file()
        assert again is not None and again.total == made.total
        assert tokens._unsealed(target.read_bytes())  # written anew, and whole
    finally:
        tokens.cache_dir.cache_clear()
        tokens.word_file.cache_clear()


def test_without_a_cache_folder_the_whole_dictionary_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "/dev/null/x")
    tokens.cache_dir.cache_clear()
    tokens.word_file.cache_clear()
    try:
        assert tokens.word_file() is None
    finally:
        tokens.cache_dir.cache_clear()
        tokens.word_file.cache_clear()


def test_prepare_readies_the_tagger_before_workers_are_forked(monkeypatch: pytest.MonkeyPatch) -> None:
    words = tokens.word_file()
    assert words is not None
    short, long = tokens._GrowingTagger(tokens._rjieba(), words), tokens._GrowingTagger(tokens._rjieba(), words)
    short.prepare(REGISTERS)
    assert not short._whole and all(short._seen >= tokens._filing_keys(t) for t in REGISTERS)
    given = short._count
    short.tag(REGISTERS[0])
    assert short._count == given  # nothing left to give
    monkeypatch.setattr(tokens, "_WHOLE_FOR", 200)
    long.prepare(REGISTERS)  # more than 200 characters: the whole dictionary at once
    assert long._whole
    full = whole_dictionary()
    assert [long.tag(t) for t in REGISTERS] == [full.tag(t) for t in REGISTERS]  # type: ignore[attr-defined]


def test_the_placeholder_is_not_a_word() -> None:
    assert not tokens.has_word(tokens._PLACEHOLDER)
    assert tokens.tag("港口" + tokens._PLACEHOLDER) == whole_dictionary().tag("港口" + tokens._PLACEHOLDER)  # type: ignore[attr-defined]


def test_a_growth_cut_short_leaves_a_tagger_that_is_still_right(monkeypatch: pytest.MonkeyPatch) -> None:
    """A KeyboardInterrupt (or MemoryError) while words are given must not leave some of them out
    for the rest of the process, nor the total wrong."""
    words = tokens.word_file()
    assert words is not None
    tagger = tokens._GrowingTagger(tokens._rjieba(), words)
    real = tagger._jieba
    calls = [0]

    class Interrupting:
        def add_word(self, *args: object) -> int:
            calls[0] += 1
            if calls[0] == 50:
                raise KeyboardInterrupt
            return int(real.add_word(*args))

        def __getattr__(self, name: str) -> object:
            return getattr(real, name)

    tagger._jieba = Interrupting()
    with pytest.raises(KeyboardInterrupt):
        tagger.tag(REGISTERS[1])
    full = whole_dictionary()
    for text in REGISTERS:
        assert tagger.tag(text) == full.tag(text)  # type: ignore[attr-defined]
    assert tagger.has_word("中国人民银行")


def test_one_long_text_is_tagged_with_the_whole_dictionary_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    words = tokens.word_file()
    assert words is not None
    monkeypatch.setattr(tokens, "_GROWTH_LIMIT", 500)
    tagger = tokens._GrowingTagger(tokens._rjieba(), words)
    given: list[object] = []
    monkeypatch.setattr(tagger, "_jieba", _Counting(tagger._jieba, given))
    text = "".join(REGISTERS)
    assert tagger.tag(text) == whole_dictionary().tag(text)  # type: ignore[attr-defined]
    assert tagger._whole and len(given) <= 1  # not hundreds of words given first: only the placeholder


class _Counting:
    def __init__(self, real: object, given: list[object]) -> None:
        self._real, self._given = real, given

    def add_word(self, *args: object) -> object:
        self._given.append(args)
        return self._real.add_word(*args)  # type: ignore[attr-defined]

    def __getattr__(self, name: str) -> object:
        return getattr(self._real, name)


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_process_forked_while_another_thread_tags_can_tag() -> None:
    code = """
import os, signal, sys, threading
from digest import tokens
tokens.tag("预热")
stop = False
def busy():
    while not stop:
        tokens.tag("港口集装箱吞吐量同比增长12%，券商板块午后拉升。")
worker = threading.Thread(target=busy)
worker.start()
ok = 0
for _ in range(10):
    pid = os.fork()
    if pid == 0:
        signal.alarm(20)
        tokens.tag("市委书记王晖率队赴北京考察")
        os._exit(0)
    _, status = os.waitpid(pid, 0)
    ok += os.waitstatus_to_exitcode(status) == 0
stop = True
worker.join()
print(ok)
"""
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "10"


def test_a_word_file_that_cannot_be_kept_is_not_made_on_every_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Made and checked, a word file costs about 2 s: when it cannot be written (a folder in the
    way, a read-only cache), the run builds the whole dictionary (0.15 s) instead."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    tokens.cache_dir.cache_clear()
    tokens.word_file.cache_clear()
    try:
        folder = tokens.cache_dir()
        assert folder is not None
        target = tokens._cache_file(tokens._jieba_dir() / "dict.txt", tokens._word_file_stem(), ".bin")
        assert target is not None
        target.mkdir()
        built: list[Path] = []
        monkeypatch.setattr(tokens, "_build_word_file", lambda source: built.append(source) or b"")
        assert tokens.word_file() is None
        assert built == []
    finally:
        tokens.cache_dir.cache_clear()
        tokens.word_file.cache_clear()


def test_rjiebas_dictionary_is_checked_against_jiebas() -> None:
    entries = tokens._read_dictionary(tokens._jieba_dir() / "dict.txt")
    total = sum(freq for freq, _ in entries.values())
    assert tokens._agrees_with_rjieba(entries, total)
    other_tags = {word: (freq, "zz") for word, (freq, _) in entries.items()}
    assert not tokens._agrees_with_rjieba(other_tags, total)
    rarer = {word: (max(freq // 2, 1), tag) for word, (freq, tag) in entries.items()}
    assert not tokens._agrees_with_rjieba(rarer, sum(freq for freq, _ in rarer.values()))
    fewer = dict(list(entries.items())[: len(entries) // 2])
    assert not tokens._agrees_with_rjieba(fewer, sum(freq for freq, _ in fewer.values()))


def test_a_cache_file_is_checksummed_once_until_it_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "table.bin"
    tokens._write_cache(target, tokens._sealed(b"payload" * 1000))
    sums: list[int] = []
    real = tokens._unsealed
    monkeypatch.setattr(tokens, "_unsealed", lambda data: sums.append(1) or real(data))

    def read() -> bytes:
        found = tokens._read_cache(target)
        assert found is not None
        return bytes(tokens._checked(target, found))

    assert read() == b"payload" * 1000 and len(sums) == 1
    assert read() == b"payload" * 1000 and len(sums) == 1  # the stamp spares the check
    # Damaged in place, same size: the stamp no longer matches, and the damage is found.
    data = bytearray(target.read_bytes())
    data[-1] ^= 0x01
    target.write_bytes(bytes(data))
    with pytest.raises(ValueError, match="damaged"):
        read()
    assert len(sums) == 2
    # Replaced by a good file: checked again, then spared again.
    tokens._write_cache(target, tokens._sealed(b"other"))
    assert read() == b"other" and read() == b"other" and len(sums) == 3


@pytest.mark.parametrize("what", ["folder", "fifo", "big"])
def test_something_else_at_the_stamps_path_is_ignored(tmp_path: Path, what: str) -> None:
    target = tmp_path / "table.bin"
    tokens._write_cache(target, tokens._sealed(b"payload"))
    marker = tmp_path / "table.bin.checked"
    if what == "folder":
        marker.mkdir()
    elif what == "fifo":
        os.mkfifo(marker)
    else:
        marker.write_bytes(b"x" * 10_000)
    found = tokens._read_cache(target)
    assert found is not None
    assert bytes(tokens._checked(target, found)) == b"payload"  # checked in full, no hang


def test_writing_a_cache_file_removes_the_stale_ones_of_older_installs(tmp_path: Path) -> None:
    # Each install (a new venv, an upgrade) names its cache files after its own jieba files, so
    # the old ones would pile up in the user's cache folder, 5-13 MB a set, with every reinstall.
    # Writing a new one removes those that no run has used for a month. A file another install
    # used today stays, and so does anything that is not a cache file of ours.
    import time

    long_ago = time.time() - 31 * 86_400  # a month and a day
    old = ["idf-v3-6200957-1796018126.bin", "idf-v4-6200957-1796020364.bin", "idf-v4-6200957-1796020364.bin.checked",
           "words-v1-4778824-1796041390-5071852-1796018126.bin", "jieba-5071852-1796020364.cache",
           ".idf-v4-6200957-1796020364.bin.4242.tmp"]  # fmt: skip
    recent = "idf-v4-6200957-1796030313.bin"  # another install, used today
    theirs = ["notes.txt", "idf-v4-backup.bin", "my-6200957-1796020364.bin"]
    for name in [*old, recent, *theirs]:
        (tmp_path / name).write_bytes(b"x")
    for name in [*old, *theirs]:
        os.utime(tmp_path / name, (long_ago, long_ago))
    tokens._write_cache(tmp_path / "idf-v4-6200957-1796099999.bin", tokens._sealed(b"new"))
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted(["idf-v4-6200957-1796099999.bin", recent, *theirs])
    # A file read lately (its access time) stays however old its writing; so does a file this
    # process uses, and a folder or a link of the same shape.
    (tmp_path / old[1]).write_bytes(b"x")
    os.utime(tmp_path / old[1], (time.time(), long_ago))
    (tmp_path / old[4]).write_bytes(b"x")
    os.utime(tmp_path / old[4], (long_ago, long_ago))
    tokens._IN_USE.add(old[4])
    (tmp_path / "idf-v2-1-2.bin").mkdir()
    (tmp_path / "idf-v2-3-4.bin").symlink_to(tmp_path / "notes.txt")
    try:
        tokens._write_cache(tmp_path / "idf-v4-6200957-1796099998.bin", tokens._sealed(b"new"))
    finally:
        tokens._IN_USE.discard(old[4])
    for name in (old[1], old[4], "idf-v2-1-2.bin", "idf-v2-3-4.bin", "notes.txt"):
        assert (tmp_path / name).exists(), name
    (tmp_path / old[1]).unlink()
    # A marker of a check is no new cache file: writing one removes nothing.
    (tmp_path / old[1]).write_bytes(b"x")
    os.utime(tmp_path / old[1], (long_ago, long_ago))
    tokens._write_cache(tmp_path / "idf-v4-6200957-1796099999.bin.checked", b"stamp")
    assert (tmp_path / old[1]).exists()
