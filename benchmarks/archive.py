"""The archive at scale: a million invented articles, then search, trends and daily --archive.

    .venv/bin/python benchmarks/archive.py                      # 1,000,000 articles (about 15 min to build)
    .venv/bin/python benchmarks/archive.py --articles 20000     # a quick look
    .venv/bin/python benchmarks/archive.py --db /tmp/a.sqlite3 --keep   # measure an archive built before

Builds an archive of invented articles (tests/invented.py's words, plus invented names, places
and organizations drawn with a Zipf law, so that some words are everywhere and most are rare;
nothing copied from real pages). The articles are stored as `archive add` stores them (the same
rows, full-text words and band keys, one transaction per edition), but without summarizing:
their keywords and names are the invented words they were made of. One edition a day of
--per-day articles; about 5 % of the articles retell, with a sentence changed, one of the
days before.

Then it measures: the file's size; search latency over 100 queries of one and two words (median
and 95th percentile, in process, the archive open); `trends` over 7 days; `daily --archive` on the
seed pages against that archive, next to `daily` alone (whole command runs); and the same-story
lookup on the seed pages against this archive and against a small one, to show that its cost
does not grow with the archive.

Targets: search median <= 50 ms and p95 <= 200 ms; `daily --archive` at most 0.3 s slower than
`daily`. Exit status 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime
import math
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from bisect import bisect
from itertools import accumulate
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))
from invented import GIVEN, SURNAMES, WORDS  # noqa: E402  the vocabulary the property tests use

from digest.model import Article, Document, DocumentResult, Edition, Entity, Keyword, Sentence, Summary  # noqa: E402

SEARCH_MEDIAN_MS, SEARCH_P95_MS, DAILY_EXTRA_S = 50.0, 200.0, 0.3
START = datetime.date(2021, 1, 1)
PAPER = "江海晚报"
RETOLD = 0.05  # share of articles that retell one of the days before
_SCRIPT = Path(sys.executable).parent / "digest"
DIGEST = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-c", "from digest.cli import run; run()"]


# --- invented articles --------------------------------------------------------------------------


def _vocabulary() -> tuple[list[str], list[str], list[float]]:
    """Invented names, places and organizations, with their kinds and Zipf weights (rank 1 first)."""
    rng = random.Random(7)
    chars = sorted({ch for w in WORDS for ch in w if "\u4e00" <= ch <= "\u9fff"} | set(GIVEN) | set(SURNAMES))
    terms: dict[str, str] = {}
    for s in SURNAMES:
        for g in GIVEN:
            terms[s + g] = "person"
            terms[s + g + rng.choice(GIVEN)] = "person"
    suffixes = ["湖", "路", "镇", "村", "街道", "公园", "大桥", "新城", "港", "山"]
    while len(terms) < 30_000:
        place = "".join(rng.choices(chars, k=2)) + rng.choice(suffixes)
        terms.setdefault(place, "place")
        if rng.random() < 0.3:
            terms.setdefault(place[:2] + rng.choice(["侨联", "商会", "医院", "学校", "集团", "合作社"]), "org")
    names = sorted(terms)
    rng.shuffle(names)
    weights = [1.0 / (rank + 1) for rank in range(len(names))]
    return names, [terms[n] for n in names], list(accumulate(weights))


NAMES, KINDS, CUMULATIVE = _vocabulary()
KIND_OF = dict(zip(NAMES, KINDS, strict=True))


def _term(rng: random.Random) -> str:
    return NAMES[bisect(CUMULATIVE, rng.random() * CUMULATIVE[-1])]


def _sentence(rng: random.Random, used: list[str]) -> str:
    words = []
    for _ in range(rng.randint(8, 16)):
        if rng.random() < 0.25:
            term = _term(rng)
            used.append(term)
            words.append(term)
        else:
            words.append(rng.choice(WORDS))
    return "".join(words) + "。"


def invented(day: int, i: int) -> tuple[list[str], list[str], list[str]]:
    """Article i of day `day` (days from START): (headline, paragraphs, invented terms in it)."""
    rng = random.Random(day * 100_003 + i)
    if day > 0 and rng.random() < RETOLD:
        back = rng.randint(1, min(5, day))
        headline, paragraphs, used = invented(day - back, rng.randrange(1000))
        changed = list(paragraphs)
        changed[-1] = _sentence(rng, used)  # the last paragraph rewritten: the same story, moved on
        return headline, changed, used
    used: list[str] = []
    headline = [_sentence(rng, used)[:-1][:24]]
    paragraphs = ["".join(_sentence(rng, used) for _ in range(rng.randint(1, 3))) for _ in range(rng.randint(2, 4))]
    return headline, paragraphs, used


def edition_result(day: int, per_day: int) -> DocumentResult:
    """One day's edition as the pipeline would give it, keywords and names from the invented terms."""
    articles, summaries = [], []
    for i in range(per_day):
        headline, paragraphs, used = invented(day, i)
        a = Article(id=f"p{day}/{i + 1}", kind="news", headline=tuple(headline), dateline="本报讯",
                    authors=(used[0],) if used else (), paragraphs=tuple(paragraphs), position=i)
        counts: dict[str, int] = {}
        for t in used:
            counts[t] = counts.get(t, 0) + 1
        top = sorted(counts, key=lambda t: (-counts[t], t))
        keywords = tuple(Keyword(t, round(counts[t] / len(used), 4)) for t in top[:8])
        entities = tuple(Entity(t, KIND_OF[t], counts[t]) for t in top[:5])
        first = paragraphs[0].split("。")[0] + "。"
        articles.append(a)
        summaries.append(Summary(a, (Sentence(first, 0, 0),), keywords, entities))
    date = START + datetime.timedelta(days=day)
    doc = Document(f"invented/{date.isoformat()}.txt", tuple(articles), Edition(PAPER, date, None, "file name"))
    return DocumentResult(doc, tuple(summaries))


def _prepare_day(args: tuple[int, int]) -> object:
    from digest.archive import library

    day, per_day = args
    return library.prepare(edition_result(day, per_day))


# --- build --------------------------------------------------------------------------------------


def build(path: Path, total: int, per_day: int, jobs: int) -> float:
    from digest.archive import library

    days = math.ceil(total / per_day)
    started = time.perf_counter()
    with library.open_for_writing(path) as store, multiprocessing.get_context("fork").Pool(jobs) as pool:
        for n, prepared in enumerate(pool.imap(_prepare_day, [(d, per_day) for d in range(days)], chunksize=2), 1):
            library.write(store, prepared)  # type: ignore[arg-type]
            if n % 50 == 0 or n == days:
                rate = n * per_day / (time.perf_counter() - started)
                print(f"  {n * per_day:>9,} articles, {rate:,.0f}/s", file=sys.stderr, flush=True)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return time.perf_counter() - started


def size_of(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists())


# --- measurements -------------------------------------------------------------------------------


def queries(n: int = 100) -> list[str]:
    """Half one word, half two: invented names and places drawn by frequency (as readers look for
    what is in the news), now and then a common word of the vocabulary."""
    rng = random.Random(99)
    out = []
    for k in range(n):
        words = [rng.choice(WORDS[:54]) if rng.random() < 0.15 else _term(rng) for _ in range(1 + k % 2)]
        out.append(" ".join(words))
    return out


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1)]


CPU_TIMES: dict[str, list[float]] = {}


def timed_cli(args: list[str], repeat: int) -> list[float]:
    """Wall times of `repeat` runs of the command; their CPU times (user + system) go to CPU_TIMES."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        proc = subprocess.Popen([*DIGEST, *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        times.append(time.perf_counter() - start)
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"failed: digest {' '.join(args)}")
        CPU_TIMES.setdefault(args[0] + (" --archive" if "--archive" in args else ""), []).append(
            usage.ru_utime + usage.ru_stime)
    return times


def seed_digest() -> object:
    from digest.daily import build_digest
    from digest.load import iter_sources
    from digest.model import SummaryOptions
    from digest.pipeline import run

    results, _ = run(list(iter_sources([str(ROOT / "seeds")])), "summarize", SummaryOptions())
    return build_digest(results)


def lookup_ms(path: Path, digest: object, date: datetime.date, repeat: int = 20) -> float:
    from digest.archive import library

    with library.open_for_reading(path) as store:
        library.seen_before(store, digest, 7, date)  # type: ignore[arg-type]
        times = []
        for _ in range(repeat):
            start = time.perf_counter()
            library.seen_before(store, digest, 7, date)  # type: ignore[arg-type]
            times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--per-day", type=int, default=1000)
    parser.add_argument("--db", type=Path, default=Path(tempfile.gettempdir()) / "digest-bench" / "archive.sqlite3")
    parser.add_argument("--keep", action="store_true", help="measure the archive already at --db")
    parser.add_argument("--jobs", type=int, default=max(1, (os.cpu_count() or 2)))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    from digest.archive import library

    path: Path = args.db
    if not args.keep:
        for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
            p.unlink(missing_ok=True)
        path.parent.mkdir(parents=True, exist_ok=True)
        print(f"building {args.articles:,} articles in {path}", file=sys.stderr)
        seconds = build(path, args.articles, args.per_day, args.jobs)
        print(f"built in {seconds:,.0f} s ({args.articles / seconds:,.0f} articles/s)")
    with library.open_for_reading(path) as store:
        info = library.info(store)
    print(f"archive: {info.articles:,} articles, {info.editions:,} editions, {info.first} to {info.last}")
    print(f"size on disk: {size_of(path) / 1e9:.2f} GB ({size_of(path) / max(1, info.articles):,.0f} bytes/article)")
    assert info.last is not None

    # Search: in process, the archive open, as a long-running caller (or the CLI after its start).
    # Wall time, and the process's CPU time (SQLite works in the process): on a shared machine the
    # second says what the search costs when other programs take the cores.
    print(f"load average before measuring: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    latencies, cpu, counts = [], [], []
    with library.open_for_reading(path) as store:
        library.search(store, "南通")  # the first query reads the index's root pages
        for q in queries():
            start, start_cpu = time.perf_counter(), time.process_time()
            found = library.search(store, q, limit=20)
            latencies.append((time.perf_counter() - start) * 1000)
            cpu.append((time.process_time() - start_cpu) * 1000)
            counts.append(len(found.hits))
    median, p95 = statistics.median(latencies), percentile(latencies, 95)
    print(f"search, 100 queries of 1-2 words: median {median:.1f} ms, p95 {p95:.1f} ms, max {max(latencies):.1f} ms; "
          f"CPU median {statistics.median(cpu):.1f} ms, p95 {percentile(cpu, 95):.1f} ms; "
          f"{sum(1 for c in counts if c)} found something")
    cli_search = statistics.median(timed_cli(["search", "宝月湖", "--db", str(path), "-f", "json"], args.repeat))
    print(f"search as a command (start included): {cli_search:.2f} s")

    with library.open_for_reading(path) as store:
        # The last day of invented editions (the daily runs below, and earlier ones, add seed editions).
        (last_invented,) = store.read("SELECT max(date) FROM article WHERE ident LIKE 'p%/%'")[0]
        until = datetime.date.fromisoformat(last_invented)
        start, start_cpu = time.perf_counter(), time.process_time()
        found_trends = library.trends(store, 7, until)
        trend_ms = (time.perf_counter() - start) * 1000
        trend_cpu = (time.process_time() - start_cpu) * 1000
    print(f"trends over 7 days: {trend_ms:.0f} ms in process, CPU {trend_cpu:.0f} ms "
          f"({found_trends.articles:,} articles in the period, {found_trends.previous_articles:,} before)")
    cli_trends = statistics.median(timed_cli(["trends", "--db", str(path), "--until", until.isoformat(), "-f", "json"],
                                             args.repeat))  # fmt: skip
    print(f"trends as a command: {cli_trends:.2f} s")

    # daily --archive on the seed pages, each run a new edition date after the archive's last.
    plain = timed_cli(["daily", "seeds", "-f", "json", "-q"], args.repeat)
    archived = []
    for k in range(args.repeat):
        day = (info.last + datetime.timedelta(days=k + 1)).isoformat()
        archived += timed_cli(["daily", "seeds", "--archive", "--db", str(path), "--date", day, "-f", "json", "-q"], 1)
    extra = statistics.median(archived) - statistics.median(plain)
    cpu_extra = statistics.median(CPU_TIMES["daily --archive"]) - statistics.median(CPU_TIMES["daily"])
    print(f"daily: {statistics.median(plain):.2f} s; daily --archive: {statistics.median(archived):.2f} s "
          f"(+{extra:.2f} s, median of {args.repeat}); CPU {statistics.median(CPU_TIMES['daily']):.2f} s and "
          f"{statistics.median(CPU_TIMES['daily --archive']):.2f} s (+{cpu_extra:.2f} s)")

    # The same-story lookup against this archive and against a small one.
    digest = seed_digest()
    day = info.last + datetime.timedelta(days=1)
    big = lookup_ms(path, digest, day)
    with tempfile.TemporaryDirectory() as tmp:
        small = Path(tmp) / "small.sqlite3"
        build(small, 10 * args.per_day, args.per_day, args.jobs)
        small_ms = lookup_ms(small, digest, START + datetime.timedelta(days=10))
    print(f"same-story lookup for the seed edition's stories: {big:.1f} ms against {info.articles:,} articles, "
          f"{small_ms:.1f} ms against {10 * args.per_day:,}")

    missed = []
    if median > SEARCH_MEDIAN_MS or p95 > SEARCH_P95_MS:
        missed.append("search latency")
    if extra > DAILY_EXTRA_S:
        missed.append("daily --archive overhead")
    if missed:
        print("MISSED: " + ", ".join(missed))
        return 1
    print("targets met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
