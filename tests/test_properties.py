"""Properties that hold for any input, checked by hypothesis through the public APIs.

Modest example counts and a fixed seed by default, so this file is quick and repeatable.
`benchmarks/fuzz.py` runs the same properties with thousands of random examples
(DIGEST_FUZZ_EXAMPLES=N); see docs/fuzzing.md.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from invented import GIVEN, SURNAMES, WORDS  # noqa: E402
from typer.testing import CliRunner

from digest.cli import app
from digest.load import clean_text, decode, iter_sources
from digest.model import ARTICLE_KINDS, DocumentResult, Failure, Source, SummaryOptions
from digest.pipeline import run
from digest.render import render

FUZZ_EXAMPLES = int(os.environ.get("DIGEST_FUZZ_EXAMPLES", "0"))

def process_one(source: Source, mode: str, options: SummaryOptions) -> DocumentResult:
    """One source through the whole pipeline, which must not fail."""
    results, failures = run([source], mode, options)
    assert not failures, failures
    return results[0]



def budget(examples: int) -> settings:
    """`examples` in the normal run (fixed seed); the fuzz run's count and fresh randomness otherwise."""
    return settings(
        max_examples=FUZZ_EXAMPLES or examples,
        deadline=None,  # the parser and summarizer are being rewritten; speed lives in benchmarks/
        derandomize=not FUZZ_EXAMPLES,
        database=None if not FUZZ_EXAMPLES else settings.default.database,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much],
        print_blob=True,
    )


# --- page-like text ----------------------------------------------------------------------

words = st.sampled_from(WORDS)
clause = st.lists(words, min_size=1, max_size=5).map("".join)
sentence = st.builds(
    lambda parts, end: "，".join(parts) + end,
    st.lists(clause, min_size=1, max_size=3),
    st.sampled_from(["。", "。", "。", "！", "？", "；", "……", "。”", ""]),
)
paragraph = st.builds(
    lambda indent, sents: indent + "".join(sents),
    st.sampled_from(["", "", "\u3000\u3000", "  "]),
    st.lists(sentence, min_size=1, max_size=5),
)
headline = st.lists(words, min_size=1, max_size=5).map("".join)
dateline = st.sampled_from(
    ["晚报讯", "本报讯", "本报讯 ", "新华社北京6月30日电", "新华社南京12月3日电", "江城日报讯", "本报讯（记者 王某）"]
)
person = st.builds(
    lambda a, b: a + b, st.sampled_from(SURNAMES), st.sampled_from([g + h for g in GIVEN[:8] for h in ("", "明", "华")])
)
byline = st.builds(
    lambda role, names: role + " ".join(names),
    st.sampled_from(["记者", "本报记者", "通讯员", "记者 ", "文/", "摄影 "]),
    st.lists(person, min_size=1, max_size=3),
)
furniture = st.sampled_from(
    [">>02", "下转2版", "(上接A1版)", "（下转第3版）", "第5版", "本版编辑 李某", "A2", "——", "图为", "☆"]
)


@st.composite
def article_text(draw: st.DrawFn) -> str:
    lines = draw(st.lists(headline, min_size=0, max_size=3))
    if draw(st.booleans()):
        lines.append(draw(byline))
    paras = draw(st.lists(paragraph, min_size=1, max_size=5))
    if draw(st.booleans()):
        paras[0] = draw(dateline) + draw(st.sampled_from(["", " ", "　", "（记者 王某）"])) + paras[0]
    lines += paras
    if draw(st.booleans()):
        lines.append(draw(st.one_of(byline, furniture)))
    return "\n".join(lines)


@st.composite
def page_text(draw: st.DrawFn) -> str:
    parts = draw(st.lists(st.one_of(article_text(), article_text(), furniture), min_size=1, max_size=6))
    sep = draw(st.sampled_from(["\n", "\n\n", "\n \n"]))
    return sep.join(parts) + draw(st.sampled_from(["", "\n"]))


# Arbitrary Unicode, plus the page-like kind, plus the two glued together.
any_text = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
texts = st.one_of(any_text, page_text(), st.builds(lambda a, b: a + "\n" + b, page_text(), any_text))


# --- helpers -----------------------------------------------------------------------------

OPTIONS = SummaryOptions()


def summarize_page(text: str) -> DocumentResult:
    return process_one(Source(name="page.txt", text=text), "summarize", OPTIONS)


def assert_summaries_are_verbatim_and_in_order(result: DocumentResult) -> None:
    content = result.document.content
    assert len(result.summaries) == len(content)
    for article, summary in zip(content, result.summaries, strict=True):
        assert summary.article == article
        body = article.body
        at = 0
        for s in summary.sentences:
            assert s.text, "an empty summary sentence"
            found = body.find(s.text, at)
            assert found >= 0, (s.text, body)
            at = found + len(s.text)
        indices = [s.index for s in summary.sentences]
        assert indices == sorted(set(indices))


def assert_keywords_occur_in_their_article(result: DocumentResult) -> None:
    for summary in result.summaries:
        article = summary.article
        text = "\n".join((*article.headline, *article.paragraphs)).casefold()
        for k in summary.keywords:
            assert k.word and k.word.casefold() in text, (k.word, text[:200])


# --- properties --------------------------------------------------------------------------


@budget(150)
@given(texts)
def test_parser_never_raises_and_keeps_its_shape(text: str) -> None:
    result = process_one(Source(name="page.txt", text=text), "articles", OPTIONS)
    for a in result.document.articles:
        assert isinstance(a.kind, str) and a.kind
        assert all(isinstance(p, str) and p for p in a.paragraphs)
        assert all(isinstance(h, str) for h in a.headline)
    ids = [a.id for a in result.document.articles]
    assert len(ids) == len(set(ids))


@budget(120)
@given(texts)
def test_summary_sentences_are_verbatim_and_in_order(text: str) -> None:
    assert_summaries_are_verbatim_and_in_order(summarize_page(text))


@budget(120)
@given(texts)
def test_keywords_occur_in_their_article(text: str) -> None:
    assert_keywords_occur_in_their_article(summarize_page(text))


@budget(60)
@given(page_text(), st.integers(1, 6), st.integers(0, 12))
def test_options_are_obeyed(text: str, n: int, k: int) -> None:
    options = SummaryOptions(sentences=n, keywords=k)
    result = process_one(Source(name="page.txt", text=text), "summarize", options)
    for summary in result.summaries:
        assert len(summary.sentences) <= n
        assert len(summary.keywords) <= k
        weights = [kw.weight for kw in summary.keywords]
        assert weights == sorted(weights, reverse=True)  # best first
    assert_summaries_are_verbatim_and_in_order(result)


@budget(80)
@given(
    st.lists(
        st.fixed_dictionaries({"text": texts}, optional={"id": st.text(max_size=8), "title": st.text(max_size=20)}),
        max_size=5,
    )
)
def test_jsonl_records_stay_in_order_with_their_ids(records: list[dict[str, Any]]) -> None:
    from digest.model import Record

    recs = tuple(
        Record(
            text=clean_text(r["text"]),
            id=clean_text(r["id"]) if "id" in r else None,
            title=clean_text(r["title"]) if "title" in r else None,
            line=i + 1,
        )
        for i, r in enumerate(records)
    )
    result = process_one(Source(name="feed.jsonl", records=recs), "summarize", OPTIONS)
    arts = result.document.articles
    assert len(arts) == len(recs)
    for a, r in zip(arts, recs, strict=True):
        if r.id is not None:
            assert a.id == r.id
    assert_summaries_are_verbatim_and_in_order(result)


@budget(100)
@given(texts, st.sampled_from(["articles", "summarize", "keywords"]))
def test_json_output_is_valid_and_matches_the_results(text: str, mode: str) -> None:
    result = process_one(Source(name="page.txt", text=text), mode, OPTIONS)
    out = render([result], "full" if mode == "summarize" else mode, "json")  # with the full text
    doc = json.loads(out)
    (d,) = doc["documents"]
    assert [a["id"] for a in d["articles"]] == [a.id for a in result.document.articles]
    for a, article in zip(d["articles"], result.document.articles, strict=True):
        assert a.get("paragraphs", []) == (list(article.paragraphs) if mode != "keywords" else [])
        if mode == "summarize" and article.kind in ARTICLE_KINDS:
            body = "".join(a["paragraphs"])
            assert all(s in body for s in a["summary"])
    out.encode("utf-8")  # writable as UTF-8


@budget(60)
@given(texts, st.sampled_from(["text", "markdown", "html", "rich"]))
def test_every_format_renders(text: str, fmt: str) -> None:
    result = summarize_page(text)
    out = render([result], "summarize", fmt)
    assert isinstance(out, str)
    out.encode("utf-8")


@budget(60)
@given(texts)
def test_same_input_same_output(text: str) -> None:
    first = summarize_page(text)
    second = summarize_page(text)
    assert first == second
    assert render([first], "summarize", "json") == render([second], "summarize", "json")


# --- reading bytes -----------------------------------------------------------------------


@budget(150)
@given(page_text(), st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "gb18030"]))
def test_encodings_round_trip(text: str, codec: str) -> None:
    got, _ = decode(text.encode(codec))
    assert got == text


@budget(150)
@given(st.binary(max_size=2000))
def test_any_bytes_give_a_source_or_one_failure(tmp_path_factory: Any, data: bytes) -> None:
    folder = tmp_path_factory.mktemp("bytes")
    f = Path(folder) / "page.txt"
    f.write_bytes(data)
    items = list(iter_sources([str(f)]))
    assert len(items) == 1
    item = items[0]
    if isinstance(item, Failure):
        assert item.source == str(f) and "\n" not in item.message
    else:
        assert "\x00" not in item.text and "\x1b" not in item.text and "\r" not in item.text
        item.text.encode("utf-8")


runner = CliRunner()


@budget(25)
@given(
    st.one_of(st.binary(max_size=600), texts.map(lambda t: t.encode("utf-8"))),
    st.sampled_from(["json", "text", "rich"]),
)
def test_cli_gives_a_result_or_one_error_line(tmp_path_factory: Any, data: bytes, fmt: str) -> None:
    folder = Path(tmp_path_factory.mktemp("cli"))
    (folder / "empty.toml").write_text("", encoding="utf-8")
    f = folder / "page.txt"
    f.write_bytes(data)
    result = runner.invoke(app, ["summarize", str(f), "-f", fmt, "--config", str(folder / "empty.toml")])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code == 1:
        assert result.stdout == "" and result.stderr.count("\n") == 1 and "page.txt" in result.stderr
    else:
        assert result.stderr == ""
        assert "\x1b" not in result.stdout
        if fmt == "json":
            json.loads(result.stdout)


# --- files that options name: --stopwords, --user-dict, the config file ---------------------------

words_and_junk = st.one_of(words, st.text(min_size=1, max_size=40))
user_dict_text = st.lists(
    st.tuples(
        words_and_junk,
        st.one_of(st.none(), st.integers(-5, 10**25).map(str), st.text(max_size=6)),
        st.one_of(st.none(), st.sampled_from(["n", "nr", "ns", "nt", "v", "x"]), st.text(max_size=4)),
    ),
    max_size=20,
).map(lambda rows: "\n".join(" ".join(part for part in row if part is not None) for row in rows))
option_bytes = st.one_of(
    st.binary(max_size=1500),
    st.text(max_size=400).map(lambda t: t.encode("utf-8", "surrogatepass")),
    st.lists(words_and_junk, max_size=30).map(lambda ws: "\n".join(ws).encode("utf-8", "surrogatepass")),
    user_dict_text.map(lambda t: t.encode("utf-8", "surrogatepass")),
)


def _toml_value(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return {"nan": "nan", "inf": "inf", "-inf": "-inf"}.get(str(value), repr(value))
    if isinstance(value, str):
        return json.dumps(value)  # a TOML basic string (a lone surrogate makes it invalid: fine)
    return str(value)


def _setting_names() -> list[str]:
    from digest.options import declared

    return [opt.name for opt in declared()] + ["max-chars", "colour", "Format", ""]


config_text = st.dictionaries(
    st.one_of(st.sampled_from(_setting_names()), st.text(max_size=8)),
    st.one_of(
        st.integers(-(10**20), 10**20),
        st.floats(),
        st.booleans(),
        st.text(max_size=20),
        st.sampled_from(["json", "text", "rich", "html", "markdown", "digest", "gb18030", "utf-8", "/nonexistent"]),
    ),
    max_size=6,
).map(lambda d: "".join(f"{json.dumps(k)} = {_toml_value(v)}\n" for k, v in d.items()).encode("utf-8", "surrogatepass"))


def _option_file(tmp_path_factory: Any, data: bytes, name: str = "option.txt") -> Path:
    f = Path(tmp_path_factory.mktemp("option")) / name
    f.write_bytes(data)
    return f


@budget(200)
@given(option_bytes)
def test_any_stopword_file_is_words_or_one_usage_error(tmp_path_factory: Any, data: bytes) -> None:
    from digest.files import read_wordlist
    from digest.options import ConfigError

    f = _option_file(tmp_path_factory, data)
    try:
        found = read_wordlist(f)
    except ConfigError as exc:
        assert str(f) in str(exc) and "\n" not in str(exc)
        return
    assert all(w and w == w.strip() and "\n" not in w for w in found)


_shared_taggers: list[Any] = []


def _taggers() -> list[Any]:
    """One rjieba tagger and one jieba tokenizer for every example (building one takes 0.3 s)."""
    if not _shared_taggers:
        import jieba
        import rjieba

        from digest import tokens

        tokenizer = jieba.Tokenizer()
        tokenizer.FREQ, tokenizer.total = tokens._jieba_prefix_dict(tokenizer)
        tokenizer.initialized = True
        _shared_taggers.extend([rjieba.Jieba(), tokenizer])
    return _shared_taggers


@budget(200)
@given(option_bytes)
def test_any_user_dictionary_is_entries_both_tokenizers_take_or_one_usage_error(
    tmp_path_factory: Any, data: bytes
) -> None:
    from digest.files import MAX_FREQUENCY, MAX_WORD_CHARS, read_user_dict
    from digest.options import ConfigError

    f = _option_file(tmp_path_factory, data)
    try:
        entries = read_user_dict(f)
    except ConfigError as exc:
        assert str(f) in str(exc) and "\n" not in str(exc)
        return
    fast, slow = _taggers()
    for word, freq, tag in entries:
        assert 0 < len(word) <= MAX_WORD_CHARS and (freq is None or 0 <= freq <= MAX_FREQUENCY)
        fast.add_word(word, freq, tag)
        slow.add_word(word, freq, tag)
        assert "".join(w for w, _ in fast.tag(word + "。")) == word + "。"
        assert "".join(slow.lcut(word)) == word


@budget(200)
@given(st.one_of(config_text, option_bytes))
def test_any_config_file_is_checked_settings_or_one_usage_error(tmp_path_factory: Any, data: bytes) -> None:
    from digest.config import load_config
    from digest.options import ConfigError, resolve

    f = _option_file(tmp_path_factory, data, "config.toml")
    try:
        settings = resolve({}, load_config(f))
    except ConfigError as exc:
        assert "\n" not in str(exc).strip()
        return
    assert settings.format in ("rich", "text", "markdown", "json", "html")
    assert settings.ratio is None or 0.01 <= settings.ratio <= 1


@budget(25)
@given(st.sampled_from(["--stopwords", "--config"]), st.one_of(config_text, option_bytes))
def test_cli_with_any_option_file_gives_a_result_or_one_error_line(
    tmp_path_factory: Any, option: str, data: bytes
) -> None:
    folder = Path(tmp_path_factory.mktemp("cli-option"))
    f = folder / "option.toml"
    f.write_bytes(data)
    page = folder / "page.txt"
    page.write_text("老街改造完成\n晚报讯 老街改造工程昨日完工。街区保留了二十余栋骑楼。\n", encoding="utf-8")
    result = runner.invoke(app, ["summarize", str(page), "-o", str(folder / "out"), option, str(f)])
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    assert result.exit_code in (0, 1, 2), result.stderr
    assert "Traceback" not in result.stderr
    if result.exit_code:
        assert result.stderr.count("\n") == 1 and result.stderr.startswith("digest: error:"), result.stderr
