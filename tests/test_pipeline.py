from __future__ import annotations

import pytest

from digest.model import Failure, Record, Source, SummaryOptions
from digest.pipeline import parse_source, run
from digest.render import render

PAGE = (
    "小镇图书馆重新开放\n\n"
    "晚报讯 昨天上午，改造后的小镇图书馆重新开放，首日接待读者六百余人次。"
    "新馆增设了儿童阅览区和自习室，开放时间延长到晚上九点。\n\n"
    "馆长介绍，今年还将举办二十场读书会，邀请本地作者与读者面对面交流。记者王小明\n\n"
)


def _sources(n: int) -> list[Source | Failure]:
    return [Source(name=f"page{i}.txt", text=PAGE * (i % 3 + 1)) for i in range(n)]


def test_parallel_and_serial_runs_give_identical_output() -> None:
    options = SummaryOptions()
    serial, f1 = run(_sources(80), "summarize", options, jobs=1)
    parallel, f2 = run(_sources(80), "summarize", options, jobs=2)
    assert not f1 and not f2
    assert render(serial, "summarize", "json") == render(parallel, "summarize", "json")


def test_failures_pass_through_in_order_and_do_not_stop_the_rest() -> None:
    items: list[Source | Failure] = [Failure("a.txt", "gone"), *_sources(2), Failure("b.txt", "binary")]
    done: list[str] = []
    results, failures = run(items, "summarize", SummaryOptions(), on_done=done.append)
    assert [f.source for f in failures] == ["a.txt", "b.txt"]
    assert [r.document.source for r in results] == ["page0.txt", "page1.txt"]
    assert sorted(done) == sorted(["a.txt", "b.txt", "page0.txt", "page1.txt"])


def test_jsonl_records_keep_ids_and_order() -> None:
    records = (
        Record(text="第一篇文章的正文。", id="x-9", line=1),
        Record(text="第二篇文章的正文。", line=2),
        Record(text="第三篇文章的正文。", id="7", title="标题一\n标题二", line=3),
    )
    doc = parse_source(Source(name="in.jsonl", records=records))
    assert [a.id for a in doc.articles] == ["x-9", "in/2", "7"]
    assert doc.articles[2].headline == ("标题一", "标题二")


def test_keywords_from_workers_share_their_words() -> None:
    """A word that is a keyword of many articles is held once, not once per batch of articles."""
    results, failures = run(_sources(80), "summarize", SummaryOptions(), jobs=2)
    assert not failures
    by_word: dict[str, set[int]] = {}
    for r in results:
        for s in r.summaries:
            for k in s.keywords:
                by_word.setdefault(k.word, set()).add(id(k.word))
    assert by_word and all(len(ids) == 1 for ids in by_word.values())


def test_an_input_with_too_many_articles_is_refused_alone(monkeypatch: pytest.MonkeyPatch) -> None:
    import digest.load

    monkeypatch.setattr(digest.load, "MAX_ARTICLES", 2)
    results, failures = run([Source(name="big.txt", text=PAGE * 3), *_sources(1)], "summarize", SummaryOptions())
    assert [(f.source, "more than 2" in f.message) for f in failures] == [("big.txt", True)]
    assert [r.document.source for r in results] == ["page0.txt"]


def test_no_more_workers_than_batches_of_work(monkeypatch: pytest.MonkeyPatch) -> None:
    """--jobs 256 (allowed) on a short page once forked 256 processes for two batches."""
    import concurrent.futures

    started: list[int] = []
    real = concurrent.futures.ProcessPoolExecutor

    def counting(*args: object, max_workers: int, **kw: object) -> object:
        started.append(max_workers)
        return real(*args, max_workers=max_workers, **kw)  # type: ignore[arg-type]

    monkeypatch.setattr(concurrent.futures, "ProcessPoolExecutor", counting)
    results, failures = run(_sources(3), "summarize", SummaryOptions(), jobs=256)
    assert not failures and len(results) == 3
    assert started and started[0] <= 6  # one batch per article here: at most as many workers


@pytest.mark.parametrize("jobs", [1, 2])
def test_the_tagger_is_given_every_articles_words_at_once(monkeypatch: pytest.MonkeyPatch, jobs: int) -> None:
    """One call with all the text, serial or parallel (before the workers fork), instead of one
    per sentence: on a long serial input that was a fifth of the run."""
    from digest import tokens

    given: list[list[str]] = []
    real = tokens.prepare

    def prepare(texts: list[str], user_dict: str | None = None) -> None:
        given.append(list(texts))
        real(texts, user_dict)

    monkeypatch.setattr(tokens, "prepare", prepare)
    documents, failures = run(_sources(6), "summarize", SummaryOptions(), jobs=jobs)
    assert not failures
    assert len(given) == 1
    articles = [a for d in documents for a in d.document.content]
    assert all(p in given[0] for a in articles for p in a.paragraphs)
