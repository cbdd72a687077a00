from __future__ import annotations

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
