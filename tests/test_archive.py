"""The archive: adding is idempotent, stories reported before are marked, Chinese search finds
two-character words, and the file survives concurrent writers, SIGKILL, foreign files, newer
schemas, migrations and read-only folders."""

from __future__ import annotations

import contextlib
import datetime
import hashlib
import json
import os
import random
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from invented import GIVEN, SURNAMES, WORDS
from typer.testing import CliRunner

from digest.archive import store
from digest.cli import app

ROOT = Path(__file__).resolve().parent.parent
runner = CliRunner()
CLI = [sys.executable, "-c", "from digest.cli import run; run()"]
FORMATS = ("rich", "text", "markdown", "json", "html")


def _sentences(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        out.append("，".join("".join(rng.choices(WORDS, k=rng.randint(3, 6))) for _ in range(rng.randint(2, 3))) + "。")
    return "".join(out)


def story(seed: int, paragraphs: int = 4) -> tuple[str, list[str]]:
    """An invented story: a headline and paragraphs, the same for the same seed."""
    rng = random.Random(seed)
    headline = "".join(rng.choices(WORDS[:54], k=4))
    return headline, [_sentences(rng, 3) for _ in range(paragraphs)]


def page_text(stories: list[tuple[str, list[str]]], seed: int = 0) -> str:
    """A page of these stories, as e-paper dumps lay them out."""
    rng = random.Random(seed)
    parts = []
    for headline, paragraphs in stories:
        parts += [headline, "晚报讯 " + paragraphs[0], *paragraphs[1:],
                  f"记者 {rng.choice(SURNAMES)}{''.join(rng.choices(GIVEN, k=2))}"]  # fmt: skip
    return "\n\n".join(parts) + "\n"


def edition(folder: Path, day: str, pages: list[list[tuple[str, list[str]]]]) -> Path:
    """A folder named after its date holding one file per page."""
    where = folder / day
    where.mkdir(parents=True, exist_ok=True)
    for i, stories in enumerate(pages, 1):
        (where / f"A{i:02d}.txt").write_text(page_text(stories, i), encoding="utf-8")
    return where


def invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def counts(db: Path) -> dict[str, int]:
    """Rows of each table; "search": of all the parts of the full-text index."""
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        def rows(table: str) -> int:
            return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])

        found = {t: rows(t) for t in ("edition", "page", "article", "band")}
        found["search"] = sum(rows(t) for t in store.search_tables(conn))
        return found


def state(path: Path) -> tuple[str, int]:
    """A file's bytes (as a hash) and modification time."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


# --- add ----------------------------------------------------------------------------------------


def test_adding_the_same_edition_again_changes_nothing(tmp_path: Path) -> None:
    day = edition(tmp_path, "2024-03-01", [[story(1), story(2)], [story(3)]])
    db = tmp_path / "archive.sqlite3"
    code, out, err = invoke("archive", "add", str(day), "--db", str(db), "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    assert [p["articles"] for p in report["added"]] == [2, 1] and report["present"] == []
    assert {p["date"] for p in report["added"]} == {"2024-03-01"}
    assert err.strip().splitlines() == ["digest: edition date 2024-03-01 (from the folder name)"]
    before = counts(db)
    dump = "\n".join(sqlite3.connect(db).iterdump())

    code, out, err = invoke("archive", "add", str(day), "--db", str(db), "-f", "json")
    assert code == 0, err
    report = json.loads(out)
    assert report["added"] == [] and [p["source"] for p in report["present"]] == sorted(
        str(p) for p in day.glob("*.txt")
    )
    assert counts(db) == before == {"edition": 1, "page": 2, "article": 3, "band": before["band"], "search": 3}
    assert before["band"] > 0
    assert "\n".join(sqlite3.connect(db).iterdump()) == dump


def test_date_comes_from_the_option_over_the_names(tmp_path: Path) -> None:
    day = edition(tmp_path, "2024-03-01", [[story(1)]])
    db = tmp_path / "a.sqlite3"
    code, out, err = invoke("archive", "add", str(day), "--db", str(db), "--date", "2024-05-06",
                            "--paper", "江海晚报", "-f", "json")  # fmt: skip
    assert code == 0, err
    (added,) = json.loads(out)["added"]
    assert (added["date"], added["date_from"], added["paper"]) == ("2024-05-06", "option", "江海晚报")
    assert "edition date 2024-05-06 (from --date)" in err
    code, _, err = invoke("archive", "add", str(day), "--db", str(db), "--date", "5 May")
    assert code == 2 and "--date must be a date like 2024-03-01" in err


def test_every_format_shows_the_add_report(tmp_path: Path) -> None:
    day = edition(tmp_path, "2024-03-01", [[story(1)]])
    db = tmp_path / "a.sqlite3"
    for fmt in FORMATS:
        code, out, err = invoke("archive", "add", str(day), "--db", str(db), "-f", fmt, "-q")
        assert code == 0 and err == "", err
        assert "A01.txt" in out, fmt


# --- daily --archive: stories reported before ---------------------------------------------------


@pytest.fixture()
def two_days(tmp_path: Path) -> tuple[Path, Path, Path, Path]:
    """Day one: three stories. Day three: the first one retold (its last paragraph rewritten, the
    headline changed) and a new one. Day twenty: the first one again, weeks later."""
    first, second, third, new = story(11), story(12), story(13), story(14)
    retold = ("港口发展再提速", first[1][:3] + [_sentences(random.Random(5), 3)])
    one = edition(tmp_path, "2024-03-01", [[first, second], [third]])
    three = edition(tmp_path, "2024-03-03", [[new, retold]])
    twenty = edition(tmp_path, "2024-03-20", [[story(15), first]])
    return tmp_path / "archive.sqlite3", one, three, twenty


def _stories(out: str) -> dict[str, dict[str, object] | None]:
    doc = json.loads(out)
    return {a["headline"][0]: a.get("seen") for p in doc["pages"] for a in p["articles"]}


def test_a_story_retold_days_later_is_marked_with_its_first_date(two_days: tuple[Path, Path, Path, Path]) -> None:
    db, one, three, _ = two_days
    code, out, err = invoke("daily", str(one), "--archive", "--db", str(db), "-f", "json")
    assert code == 0, err
    assert all(seen is None for seen in _stories(out).values())  # nothing before it
    first_id = json.loads(invoke("search", story(11)[0], "--db", str(db), "-f", "json")[1])["hits"][0]["id"]

    code, out, err = invoke("daily", str(three), "--archive", "--db", str(db), "-f", "json")
    assert code == 0, err
    seen = _stories(out)
    assert seen[story(14)[0]] is None
    assert seen["港口发展再提速"] == {"date": "2024-03-01", "id": first_id, "paper": None,
                                 "article": "A01/1", "title": story(11)[0]}  # fmt: skip
    top = {t["headline"][0]: t.get("seen") for t in json.loads(out)["top_stories"]}
    assert top["港口发展再提速"] == seen["港口发展再提速"] and top[story(14)[0]] is None


def test_the_mark_appears_in_every_format(two_days: tuple[Path, Path, Path, Path]) -> None:
    db, one, three, _ = two_days
    assert invoke("daily", str(one), "--archive", "--db", str(db), "-q")[0] == 0
    for fmt in FORMATS:  # the same edition again: already stored, still marked, same bytes
        code, out, err = invoke("daily", str(three), "--archive", "--db", str(db), "-f", fmt)
        assert code == 0, err
        assert ('"seen": {\n' if fmt == "json" else "已报道 3月1日") in out, fmt
        assert story(11)[0] in out, fmt  # the earlier article's title: where it was reported
        again = invoke("daily", str(three), "--archive", "--db", str(db), "-f", fmt)[1]
        assert again == out, fmt


def test_new_only_leaves_out_the_stories_seen_before(two_days: tuple[Path, Path, Path, Path]) -> None:
    db, one, three, _ = two_days
    assert invoke("daily", str(one), "--archive", "--db", str(db), "-q")[0] == 0
    code, out, err = invoke("daily", str(three), "--archive", "--new-only", "--db", str(db), "-f", "json")
    assert code == 0, err
    assert list(_stories(out)) == [story(14)[0]]
    assert [t["headline"][0] for t in json.loads(out)["top_stories"]] == [story(14)[0]]
    text = invoke("daily", str(three), "--archive", "--new-only", "--db", str(db), "-f", "text")[1]
    assert "港口发展再提速" not in text and story(14)[0] in text


def test_daily_stores_the_edition_all_or_nothing(two_days: tuple[Path, Path, Path, Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    from digest.archive import library

    db, one, _, _ = two_days
    assert invoke("archive", "info", "--db", str(db))[0] == 1  # no archive yet
    written = library._write_page
    calls: list[int] = []

    def failing(conn: sqlite3.Connection, prepared: library.PreparedPage) -> str:
        calls.append(1)
        if len(calls) == 2:  # the disk fills up while the second page is written
            raise sqlite3.OperationalError("database or disk is full")
        return written(conn, prepared)

    monkeypatch.setattr(library, "_write_page", failing)
    code, out, err = invoke("daily", str(one), "--archive", "--db", str(db), "-f", "json")
    assert code == 1 and json.loads(out)["edition"]["articles"] == 3  # the digest is still printed
    assert len(err.strip().splitlines()) == 2 and "disk is full" in err  # one line per page not stored
    assert counts(db) == {"edition": 0, "page": 0, "article": 0, "band": 0, "search": 0}
    monkeypatch.setattr(library, "_write_page", written)
    assert invoke("daily", str(one), "--archive", "--db", str(db), "-q")[0] == 0
    assert counts(db)["page"] == 2


def test_only_the_last_days_count(two_days: tuple[Path, Path, Path, Path]) -> None:
    db, one, three, twenty = two_days
    for day in (one, three):
        assert invoke("daily", str(day), "--archive", "--db", str(db), "-q")[0] == 0
    out = invoke("daily", str(twenty), "--archive", "--db", str(db), "-f", "json")[1]
    assert _stories(out)[story(11)[0]] is None  # 17 days after its last report: news again
    out = invoke("daily", str(twenty), "--archive", "--db", str(db), "--days", "30", "-f", "json")[1]
    assert _stories(out)[story(11)[0]]["date"] == "2024-03-01"  # type: ignore[index]


def test_the_date_given_is_the_edition_date_shown(two_days: tuple[Path, Path, Path, Path]) -> None:
    db, one, three, _ = two_days
    assert invoke("daily", str(one), "--archive", "--db", str(db), "-q")[0] == 0
    code, out, err = invoke("daily", str(three), "--archive", "--db", str(db), "--date", "2024-03-05",
                            "--paper", "江海晚报", "-f", "text")  # fmt: skip
    assert code == 0, err
    assert "江海晚报 · 2024年3月5日" in out and "已报道 3月1日" in out
    assert "edition date 2024-03-05 (from --date)" in err


def test_new_only_needs_the_archive(tmp_path: Path) -> None:
    day = edition(tmp_path, "2024-03-01", [[story(1)]])
    code, _, err = invoke("daily", str(day), "--new-only")
    assert code == 2 and "--new-only needs --archive" in err
    # Without the archive, --date and --paper are the edition's date and paper shown in the digest.
    code, out, err = invoke("daily", str(day), "--date", "2024-03-09", "--paper", "滨江晚报", "-f", "text")
    assert code == 0, err
    assert "滨江晚报 · 2024年3月9日" in out
    code, _, err = invoke("daily", str(day), "--date", "3.9.")
    assert code == 2 and "--date must be a date" in err
    code, out, err = invoke("daily", str(day), "--archive", "--db", str(tmp_path / "a.sqlite3"), "--date", "1.3.")
    assert code == 2 and "--date must be a date" in err and out == ""
    assert not (tmp_path / "a.sqlite3").exists()


# --- search, trends, info -----------------------------------------------------------------------

CHINESE = [
    ("市侨联召开全委会议", ["2月28日，市侨联召开九届二次全委扩大会议，研究部署今年工作任务，团结带领归侨侨眷发挥优势。"
                    "会议指出，要更好服务全市发展大局。"]),
    ("港闸区推进老街改造", ["南通港闸区今年将完成老街骑楼改造，新建口袋公园三处，居民出行更加便利。"
                    "区有关负责人介绍，项目年底前全部完工。"]),
    ("宝月湖公园开放", ["宝月湖公园昨天正式向市民开放，湖区面积约八十亩，配套建设了健身步道和儿童乐园。"
                  "游客说，这里成了家门口的好去处。"]),
    ("区域合作再提速", ["长三角一体化发展迈出新步伐，沪苏两地签署协议，共建跨江融合示范区。"
                  "双方将在交通、产业、人才等方面深化合作。"]),
]  # fmt: skip


@pytest.fixture()
def chinese(tmp_path: Path) -> Path:
    db = tmp_path / "archive.sqlite3"
    day = edition(tmp_path, "2024-03-01", [CHINESE[:2], CHINESE[2:]])
    code, _, err = invoke("archive", "add", str(day), "--db", str(db), "--paper", "江海晚报", "-q")
    assert code == 0, err
    later = edition(tmp_path, "2024-04-10", [[story(1), story(2)]])
    assert invoke("archive", "add", str(later), "--db", str(db), "-q")[0] == 0
    return db


@pytest.mark.parametrize(("query", "title"), [("侨联", "市侨联召开全委会议"), ("南通", "港闸区推进老街改造"),
                                              ("港闸", "港闸区推进老街改造"), ("宝月湖", "宝月湖公园开放"),
                                              ("港闸 老街", "港闸区推进老街改造"), ("一体", "区域合作再提速"),
                                              ("三角 一体", "区域合作再提速")])  # fmt: skip
def test_chinese_search_finds_two_character_words(chinese: Path, query: str, title: str) -> None:
    code, out, err = invoke("search", *query.split(), "--db", str(chinese), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert set(doc) == {"query", "hits"} and doc["query"] == query
    assert [h["title"] for h in doc["hits"]] == [title]
    (hit,) = doc["hits"]
    assert set(hit) == {"id", "date", "paper", "source", "title", "snippet", "score"}
    assert (hit["date"], hit["paper"]) == ("2024-03-01", "江海晚报") and hit["source"].endswith(".txt")
    marked = re.findall("【(.*?)】", hit["snippet"])
    assert all(any(w in m for m in marked) for w in query.split()), hit["snippet"]


def test_search_reads_every_part_of_the_index_and_stops_at_the_newest_matches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from digest.archive import library

    monkeypatch.setattr(store, "SEARCH_PART", 2)  # a full-text table for every two articles
    db = tmp_path / "a.sqlite3"
    port = [(f"港口新闻第{i}则", [f"南通港口第{i}期工程今年完工，{'码头' * (i + 1)}建设提速。"]) for i in range(7)]
    for i, item in enumerate(port):
        day = edition(tmp_path, f"2024-03-{i + 1:02d}", [[item]])
        assert invoke("archive", "add", str(day), "--db", str(db), "-q")[0] == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert len(store.search_tables(conn)) == 4
    with library.open_for_reading(db) as archive:
        found = library.search(archive, "码头", limit=10)
        assert sorted(h.date.day for h in found.hits) == list(range(1, 8))  # from every part
        scores = [h.score for h in found.hits]
        assert scores == sorted(scores, reverse=True)
        monkeypatch.setattr(library, "NEWEST_PARTS", 2)  # the two newest parts hold three hits
        assert sorted(h.date.day for h in library.search(archive, "码头", limit=3).hits) == [5, 6, 7]
        assert sorted(h.date.day for h in library.search(archive, "码头", limit=4).hits) == [4, 5, 6, 7]
        # Parts without a match in the dates asked for do not count: older ones are still read.
        until = datetime.date(2024, 3, 3)
        assert sorted(h.date.day for h in library.search(archive, "码头", until=until, limit=2).hits) == [2, 3]
        monkeypatch.setattr(library, "NEWEST_MATCHES", 3)
        assert sorted(h.date.day for h in library.search(archive, "码头", limit=10).hits) == [5, 6, 7]
        assert [h.date.day for h in library.search(archive, "第2期", limit=10).hits] == [3]


def test_search_filters_by_date_and_paper(chinese: Path) -> None:
    def titles(*extra: str) -> list[str]:
        return [h["title"] for h in json.loads(invoke("search", "侨联", "--db", str(chinese), "-f", "json",
                                                      *extra)[1])["hits"]]  # fmt: skip

    assert titles("--since", "2024-03-01", "--until", "2024-03-01") == ["市侨联召开全委会议"]
    assert titles("--since", "2024-03-02") == []
    assert titles("--paper", "人民日报") == []
    assert titles("--paper", "江海晚报", "-n", "1") == ["市侨联召开全委会议"]


def test_search_in_every_format(chinese: Path) -> None:
    for fmt in FORMATS:
        code, out, err = invoke("search", "侨联", "--db", str(chinese), "-f", fmt)
        assert code == 0, err
        assert "市侨联召开全委会议" in out and "侨联" in out, fmt
    assert "<mark>侨联</mark>" in invoke("search", "侨联", "--db", str(chinese), "-f", "html")[1]


def test_trends_compare_two_periods(tmp_path: Path) -> None:
    db = tmp_path / "a.sqlite3"
    quiet = [story(20 + i) for i in range(3)]
    port = [("港口建设", [f"南通港口今年吞吐量再创新高，港口集团负责人介绍了第{i}期工程。" * 3]) for i in range(4)]
    assert invoke("archive", "add", str(edition(tmp_path, "2024-03-01", [quiet])), "--db", str(db), "-q")[0] == 0
    assert invoke("archive", "add", str(edition(tmp_path, "2024-03-08", [port])), "--db", str(db), "-q")[0] == 0
    code, out, err = invoke("trends", "--db", str(db), "--days", "7", "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert (doc["from"], doc["until"], doc["articles"]) == ("2024-03-02", "2024-03-08", 4)
    assert doc["previous"] == {"from": "2024-02-24", "until": "2024-03-01", "articles": 3}
    words = {k["word"]: (k["current"], k["previous"]) for k in doc["keywords"]}
    assert any(w.startswith("港口") or w == "南通" for w in words)
    assert all(cur > prev for cur, prev in words.values())
    for fmt in FORMATS:
        assert invoke("trends", "--db", str(db), "-f", fmt)[0] == 0


def test_info(chinese: Path) -> None:
    code, out, err = invoke("archive", "info", "--db", str(chinese), "-f", "json")
    assert code == 0, err
    doc = json.loads(out)
    assert doc["path"] == str(chinese) and doc["size"] == chinese.stat().st_size + (
        Path(f"{chinese}-wal").stat().st_size if Path(f"{chinese}-wal").exists() else 0)
    assert (doc["editions"], doc["pages"], doc["articles"]) == (2, 3, 6)
    assert (doc["first"], doc["last"], doc["schema"]) == ("2024-03-01", "2024-04-10", store.SCHEMA_VERSION)
    for fmt in FORMATS:
        assert invoke("archive", "info", "--db", str(chinese), "-f", fmt)[0] == 0


def test_db_comes_from_the_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "from-env.sqlite3"
    monkeypatch.setenv("DIGEST_DB", str(db))
    assert invoke("archive", "add", str(edition(tmp_path, "2024-03-01", [[story(1)]])), "-q")[0] == 0
    assert db.exists()
    assert json.loads(invoke("archive", "info", "-f", "json")[1])["path"] == str(db)


def test_reading_a_missing_archive_is_one_line(tmp_path: Path) -> None:
    code, out, err = invoke("search", "南通", "--db", str(tmp_path / "none.sqlite3"))
    assert code == 1 and out == ""
    assert err.strip().count("\n") == 0 and "no archive at" in err
    assert not (tmp_path / "none.sqlite3").exists()


# --- never lose or corrupt the archive ----------------------------------------------------------


def test_two_writers_at_once_both_succeed(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"  # neither finds it: they also race to create it
    days = [edition(tmp_path, f"2024-03-0{d}", [[story(100 * d + i) for i in range(3)] for _ in range(6)])
            for d in (1, 2)]  # fmt: skip
    procs = [subprocess.Popen([*CLI, "archive", "add", str(day), "--db", str(db), "-f", "json", "-q"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for day in days]  # fmt: skip
    outcomes = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, outcomes, strict=True):
        assert proc.returncode == 0, err
        assert "locked" not in err and len(json.loads(out)["added"]) == 6
    assert counts(db)["page"] == 12 and counts(db)["edition"] == 2
    assert not list(tmp_path.glob(".archive.sqlite3.*"))  # no temporary file left


def _consistent(db: Path) -> dict[str, int]:
    with contextlib.closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        pages = conn.execute("SELECT id, articles FROM page").fetchall()
        for page, articles in pages:  # every page is all in
            assert conn.execute("SELECT count(*) FROM article WHERE page = ?", (page,)).fetchone()[0] == articles
        indexed = sum(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in store.search_tables(conn))
        assert indexed == sum(a for _, a in pages)
    return counts(db)


WRITER = """
import sys
from digest.archive import library
from digest.model import Article, Document, DocumentResult, Edition
sys.path.insert(0, {tests!r})
from test_archive import story
with library.open_for_writing(__import__("pathlib").Path({db!r})) as archive:
    for p in range({pages}):
        articles = tuple(Article(f"A{{p}}/{{i}}", "news", (h,), None, (), tuple(ps), position=i)
                         for i, (h, ps) in enumerate(story(1000 * p + k, 3) for k in range({per_page})))
        doc = Document(f"A{{p:02d}}.txt", articles, Edition(None, None, f"A{{p}}"))
        prepared = library.prepare(DocumentResult(doc), __import__("datetime").date(2024, 3, 1))
        print(p, flush=True)
        library.write(archive, prepared)  # one transaction per page, as `archive add` does
"""


def test_sigkill_mid_add_leaves_the_archive_whole(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    assert invoke("archive", "add", str(edition(tmp_path, "2024-02-01", [[story(1)]])), "--db", str(db), "-q")[0] == 0
    pages, per_page = 3, 150
    script = WRITER.format(tests=str(ROOT / "tests"), db=str(db), pages=pages, per_page=per_page)
    rng = random.Random(3)
    wal = Path(f"{db}-wal")
    killed = 0
    for _ in range(4):
        before = _consistent(db)
        proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        assert proc.stdout is not None
        proc.stdout.readline()  # the first page is about to be written
        base = wal.stat().st_size if wal.exists() else 0
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size != base:  # a transaction is being written
                break
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.02))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            killed += 1
        proc.wait(timeout=60)
        after = _consistent(db)  # every page all in or all out, the index matching
        assert after["page"] >= before["page"]
        if after["page"] == 1 + pages:
            break
    assert killed >= 1
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert proc.returncode == 0, proc.stderr
    assert _consistent(db)["page"] == 1 + pages and _consistent(db)["article"] == 1 + pages * per_page


def test_sigterm_mid_add_rolls_back_and_says_so_in_one_line(tmp_path: Path) -> None:
    """A stop signal (a cron timeout, a service stopping) during `archive add`: the page being
    written is rolled back, the pages committed before it stay, exit 143 with one line; adding
    the edition again completes it."""
    db = tmp_path / "archive.sqlite3"
    assert invoke("archive", "add", str(edition(tmp_path, "2024-02-01", [[story(1)]])), "--db", str(db), "-q")[0] == 0
    pages, per_page = 4, 120
    day = edition(tmp_path, "2024-03-01", [[story(1000 * p + k, 3) for k in range(per_page)] for p in range(pages)])
    env = {k: v for k, v in os.environ.items() if k not in ("DIGEST_CONFIG", "NO_COLOR")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "no-config")
    wal = Path(f"{db}-wal")
    rng = random.Random(5)
    stopped = 0
    for trial in range(4):
        before = _consistent(db)
        if before["page"] == 1 + pages:
            break
        base = wal.stat().st_size if wal.exists() else 0
        proc = subprocess.Popen([*CLI, "archive", "add", str(day), "--db", str(db), "-q"], env=env,
                                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)  # fmt: skip
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if wal.exists() and wal.stat().st_size != base:  # a page's transaction is being written
                break
            time.sleep(0.001)
        time.sleep(rng.uniform(0, 0.05) if trial else 0)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            stopped += 1
        _, err = proc.communicate(timeout=10)
        after = _consistent(db)  # every page all in or all out, the index matching
        assert after["page"] >= before["page"]
        if proc.returncode == 0:
            continue
        assert proc.returncode == 143 and err.decode() == "digest: error: terminated\n", (proc.returncode, err)
    assert stopped >= 1
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    code, _, err = invoke("archive", "add", str(day), "--db", str(db), "-q")
    assert code == 0, err
    assert _consistent(db)["page"] == 1 + pages and _consistent(db)["article"] == 1 + pages * per_page


def test_sigterm_during_daily_archive_keeps_the_output_and_the_archive_whole(tmp_path: Path) -> None:
    """`daily --archive -o FILE` stopped at random moments: exit 143 with one line and the previous
    digest left as it was, or exit 0 with the new one; the edition is in the archive whole or not
    at all; and a run to the end afterwards gives the digest an unstopped run gives."""
    db = tmp_path / "archive.sqlite3"
    out = tmp_path / "digest.json"
    out.write_text("yesterday's digest\n", encoding="utf-8")
    day = edition(tmp_path, "2024-03-01", [[story(100 * p + k, 3) for k in range(60)] for p in range(3)])
    env = {k: v for k, v in os.environ.items() if k not in ("DIGEST_CONFIG", "NO_COLOR")}
    env["XDG_CONFIG_HOME"] = str(tmp_path / "no-config")
    args = ["daily", str(day), "--archive", "--db", str(db), "-f", "json", "-o", str(out), "-q"]
    rng = random.Random(7)
    stopped = 0
    for _ in range(4):
        previous = out.read_text(encoding="utf-8")
        proc = subprocess.Popen([*CLI, *args], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                start_new_session=True)  # fmt: skip
        time.sleep(rng.uniform(0.3, 1.5))
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGTERM)
            stopped += 1
        _, err = proc.communicate(timeout=30)
        if db.exists():
            pages = _consistent(db)["page"]
            assert pages in (0, 3), pages  # the whole edition or none of it
        if proc.returncode == 143:
            assert err.decode() == "digest: error: terminated\n"
            assert out.read_text(encoding="utf-8") == previous
        else:
            assert proc.returncode == 0, err.decode()
            assert json.loads(out.read_text(encoding="utf-8"))["top_stories"]
        assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    assert stopped >= 1
    code, _, err = invoke(*args)
    assert code == 0, err
    assert _consistent(db)["page"] == 3
    reference = tmp_path / "reference.json"
    assert invoke("daily", str(day), "--archive", "--db", str(tmp_path / "fresh.sqlite3"), "-f", "json",
                  "-o", str(reference), "-q")[0] == 0  # fmt: skip
    assert json.loads(out.read_text(encoding="utf-8"))["top_stories"] == json.loads(
        reference.read_text(encoding="utf-8"))["top_stories"]  # fmt: skip


@pytest.mark.parametrize(
    ("where", "says"),
    [
        ("folder", "is a folder, not an archive file"),
        ("under-a-file", "plain-file is not a folder"),
        ("/proc/archive.sqlite3", "cannot create the archive /proc/archive.sqlite3"),
    ],
)
def test_an_archive_that_cannot_be_made_is_one_line(tmp_path: Path, where: str, says: str) -> None:
    plain = tmp_path / "plain-file"
    plain.write_text("not a folder\n", encoding="utf-8")
    db = {"folder": tmp_path, "under-a-file": plain / "archive.sqlite3"}.get(where, Path(where))
    day = edition(tmp_path, "2024-03-01", [[story(1)]])
    for args in (["archive", "add", str(day)], ["daily", str(day), "--archive"]):
        code, out, err = invoke(*args, "--db", str(db), "-q")
        assert code == 1 and out == "", args
        lines = err.strip().splitlines()
        assert len(lines) == 1 and says in lines[0] and "Traceback" not in err, lines
    assert plain.read_text(encoding="utf-8") == "not a folder\n"


def _foreign_files(tmp_path: Path) -> list[Path]:
    text = tmp_path / "notes.txt"
    text.write_text("这不是档案。\n", encoding="utf-8")
    other = tmp_path / "other.sqlite3"
    with contextlib.closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.commit()
    empty = tmp_path / "empty.sqlite3"
    empty.write_bytes(b"")
    return [text, other, empty]


def test_a_foreign_file_is_refused_and_left_untouched(tmp_path: Path) -> None:
    day = edition(tmp_path, "2024-03-01", [[story(1)]])
    for path in _foreign_files(tmp_path):
        os.utime(path, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
        before = state(path)
        for args in (["archive", "add", str(day)], ["daily", str(day), "--archive"], ["search", "南通"],
                     ["trends"], ["archive", "info"]):  # fmt: skip
            code, out, err = invoke(*args, "--db", str(path))
            assert code == 1, (path, args)
            lines = err.strip().splitlines()
            assert len(lines) == 1 and "not a digest archive" in lines[0] and "Traceback" not in err, lines
            assert out == ""
            assert state(path) == before, (path, args)
        assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(path.name)) == [path.name]


def test_a_newer_schema_is_refused_and_left_untouched(tmp_path: Path) -> None:
    db = tmp_path / "archive.sqlite3"
    assert invoke("archive", "add", str(edition(tmp_path, "2024-03-01", [[story(1)]])), "--db", str(db), "-q")[0] == 0
    with contextlib.closing(sqlite3.connect(db)) as conn:
        conn.execute(f"PRAGMA user_version = {store.SCHEMA_VERSION + 1}")
    before = state(db)
    for args in (["archive", "add", str(edition(tmp_path, "2024-03-02", [[story(2)]]))], ["search", "南通"],
                 ["archive", "info"], ["trends"]):  # fmt: skip
        code, _, err = invoke(*args, "--db", str(db))
        assert code == 1
        assert err.strip().count("\n") == 0 and "newer than this digest's" in err, err
        assert state(db) == before


def test_a_version_1_archive_is_migrated_with_its_data(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite3"
    with contextlib.closing(sqlite3.connect(db, isolation_level=None)) as conn:
        store.migrate(conn, target=1)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("INSERT INTO edition (paper, date) VALUES ('江海晚报', '2023-12-30')")
        conn.execute("INSERT INTO page (edition, source, label, date_from, fingerprint, articles) "
                     "VALUES (1, 'old/A01.txt', 'A1', 'file name', 'x', 1)")  # fmt: skip
        title, paragraphs = CHINESE[0]
        conn.execute(
            "INSERT INTO article (page, date, paper, position, ident, kind, title, headline, dateline, authors, "
            "paragraphs, summary, keywords, entities, fingerprint) VALUES "
            "(1, '2023-12-30', '江海晚报', 0, 'A01/1', 'news', ?, ?, '晚报讯', '[]', ?, '[]', ?, '[]', 'f')",
            (title, json.dumps([title], ensure_ascii=False), json.dumps(paragraphs, ensure_ascii=False),
             json.dumps([["侨联", 0.5]], ensure_ascii=False)),
        )  # fmt: skip
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
    assert {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")} >= {"article"}
    assert "band" not in {r[0] for r in sqlite3.connect(db).execute("SELECT name FROM sqlite_master")}

    code, out, err = invoke("search", "侨联", "--db", str(db), "-f", "json")
    assert code == 0, err
    (hit,) = json.loads(out)["hits"]
    assert (hit["title"], hit["date"], hit["paper"], hit["source"]) == (title, "2023-12-30", "江海晚报", "old/A01.txt")
    with contextlib.closing(sqlite3.connect(db)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == store.SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM band").fetchone()[0] == 16
        assert conn.execute("SELECT keywords FROM article").fetchone()[0] == '[["侨联", 0.5]]'
    info = json.loads(invoke("archive", "info", "--db", str(db), "-f", "json")[1])
    assert (info["articles"], info["first"], info["schema"]) == (1, "2023-12-30", store.SCHEMA_VERSION)


@contextlib.contextmanager
def read_only(folder: Path, folder_too: bool = True) -> Iterator[None]:
    """The folder's files (and the folder) read-only, even for root (the immutable attribute), then
    restored."""
    files = [folder, *folder.iterdir()] if folder_too else list(folder.iterdir())
    modes = {p: p.stat().st_mode for p in files}
    for p in files:
        p.chmod(0o555 if p.is_dir() else 0o444)
    immutable = os.geteuid() == 0 and shutil.which("chattr") is not None
    if immutable and subprocess.run(["chattr", "+i", *map(str, files)], capture_output=True).returncode != 0:
        immutable = False
    try:
        if os.access(files[-1], os.W_OK):
            pytest.skip("cannot make a file read-only here (root without chattr)")
        yield
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", *map(str, files)], check=True)
        for p, mode in modes.items():
            p.chmod(mode)


@pytest.mark.parametrize("folder_too", [True, False], ids=["read-only folder", "read-only file"])
def test_search_trends_and_info_work_on_a_read_only_archive(chinese: Path, folder_too: bool) -> None:
    folder = chinese.parent / "ro"
    folder.mkdir()
    db = folder / "archive.sqlite3"
    shutil.copy(chinese, db)
    before = state(db)
    with read_only(folder, folder_too):
        for args in (["search", "侨联"], ["trends"], ["archive", "info"]):
            code, out, err = invoke(*args, "--db", str(db), "-f", "json")
            assert code == 0, (args, err)
            assert out.startswith("{")
        assert json.loads(invoke("search", "侨联", "--db", str(db), "-f", "json")[1])["hits"]
        code, _, err = invoke("archive", "add", str(chinese.parent / "2024-03-01"), "--db", str(db))
        assert code == 1 and err.strip().count("\n") == 0
    assert state(db) == before


# --- the archive is optional --------------------------------------------------------------------


def test_a_plain_run_never_loads_sqlite3(tmp_path: Path) -> None:
    page = tmp_path / "A01.txt"
    page.write_text(page_text([story(1)]), encoding="utf-8")
    code = (
        "import sys\n"
        "from digest.cli import app\n"
        f"for args in (['summarize', {str(page)!r}, '-f', 'text'], ['daily', {str(page)!r}, '-f', 'html']):\n"
        "    try:\n        app(args)\n    except SystemExit as e:\n        assert not e.code, e.code\n"
        "assert 'sqlite3' not in sys.modules and 'digest.archive' not in sys.modules\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env={**os.environ, "DIGEST_DB": str(tmp_path / "never.sqlite3")})  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["A01.txt"]


def test_dates_in_the_edition_line(tmp_path: Path) -> None:
    from digest.archive.library import date_line
    from digest.archive.views import StoredPage

    d = datetime.date(2024, 3, 1)
    one = [StoredPage("a", "added", d, "text"), StoredPage("b", "added", d, "text")]
    assert date_line(one) == "edition date 2024-03-01 (from the masthead)"
    two = [*one, StoredPage("c", "added", datetime.date.today(), "today")]
    assert date_line(two).startswith("edition dates 2024-03-01 (from the masthead) ×2, ")


def test_pages_prepared_elsewhere_are_stored_as_add_stores_them(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """archive add --dask: the rows come from the workers and one writer stores them in batches;
    the report and the rows are add's, also when one page of a batch cannot be stored."""
    from digest.archive import library
    from digest.model import Source, SummaryOptions
    from digest.pipeline import run

    sources = [Source(f"p{i}.txt", page_text([story(10 * i + j) for j in range(3)], seed=i)) for i in range(5)]
    results, failures = run(sources, "summarize", SummaryOptions())
    assert not failures and len(results) == 5
    day = datetime.date(2026, 3, 1)
    prepared = [library.prepare(r, day, None) for r in results]
    prepared[1] = None  # not prepared by a worker: the writer prepares it
    real = library._write_page

    def refuse_p3(conn: sqlite3.Connection, page: library.PreparedPage) -> str:
        if page.page.source == "p3.txt":
            raise sqlite3.IntegrityError("refused for the test")
        return real(conn, page)

    monkeypatch.setattr(library, "_write_page", refuse_p3)
    monkeypatch.setattr(library, "WRITE_BATCH", 3)  # p3 fails inside the second batch, with p4
    reports = {}
    for name in ("add", "add_prepared"):
        with library.open_for_writing(tmp_path / f"{name}.sqlite3") as archive:
            if name == "add":
                report = library.add(archive, results, day)
            else:
                report = library.add_prepared(archive, results, prepared, day)
            again = library.add_prepared(archive, results, prepared, day) if name == "add_prepared" else None
        db = str(tmp_path / f"{name}.sqlite3")
        reports[name] = (report.pages, [(f.source, f.message.replace(db, "DB")) for f in report.failed])
        rows = sqlite3.connect(tmp_path / f"{name}.sqlite3").execute(
            "SELECT id, page, position, title, summary, fingerprint FROM article ORDER BY id").fetchall()
        reports[name] += (rows,)
    assert reports["add"] == reports["add_prepared"]
    assert [p.source for p in reports["add"][0]] == ["p0.txt", "p1.txt", "p2.txt", "p4.txt"]
    assert [f[0] for f in reports["add"][1]] == ["p3.txt"]
    assert again is not None and [p.status for p in again.pages] == ["present"] * 4
    assert [f.source for f in again.failed] == ["p3.txt"]
