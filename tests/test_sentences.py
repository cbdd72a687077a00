"""Sentence splitting for Chinese news: data-driven cases written for these tests."""

from __future__ import annotations

import pytest

from digest.sentences import split_paragraph, split_sentences

CASES = [
    # (name, paragraph, expected sentences)
    (
        "end marks",
        "会议召开。代表发言！有问题吗？请举手；散会",
        ["会议召开。", "代表发言！", "有问题吗？", "请举手；", "散会"],
    ),
    ("half-width marks", "真的吗?是的!好;", ["真的吗?", "是的!", "好;"]),
    ("ellipsis", "他停了停……又说下去。", ["他停了停……", "又说下去。"]),
    ("closing quote stays", "“我们一定办好。”大家很受鼓舞。", ["“我们一定办好。”", "大家很受鼓舞。"]),
    ("closing bracket stays", "项目已签约（共三项。）下一步开工。", ["项目已签约（共三项。）", "下一步开工。"]),
    ("attribution joins quote", "“今年产量增长三成。”他说。", ["“今年产量增长三成。”他说。"]),
    (
        "named attribution joins quote",
        "“这里的变化太大了。”村民李大海感慨道。随后参观。",
        ["“这里的变化太大了。”村民李大海感慨道。", "随后参观。"],
    ),
    ("decimals and units", "营收3.5亿元，同比增长2.5%。", ["营收3.5亿元，同比增长2.5%。"]),
    ("abbreviations", "展示了2.5D/3D打印技术。", ["展示了2.5D/3D打印技术。"]),
    ("dates", "2023.06.30起施行。", ["2023.06.30起施行。"]),
    ("last sentence without end mark", "第一句。第二句没有句号", ["第一句。", "第二句没有句号"]),
    ("no empty sentences", "。。好。  ！", ["好。"]),
    (
        "attribution between two parts of a quotation",
        "“太好了！”他笑着说，“明年再来。”",
        ["“太好了！”他笑着说，“明年再来。”"],
    ),
    ("not an attribution", "“双减”政策落地。家长反映良好。", ["“双减”政策落地。", "家长反映良好。"]),
    ("indent and spaces stripped", "\u3000\u3000开头有缩进。 后面有空格。 ", ["开头有缩进。", "后面有空格。"]),
    ("repeated marks stay together", "太好了！！真的？！", ["太好了！！", "真的？！"]),
    ("empty paragraph", "", []),
    ("whitespace paragraph", " \u3000 ", []),
]


@pytest.mark.parametrize(("name", "paragraph", "expected"), CASES, ids=[c[0] for c in CASES])
def test_split_paragraph(name: str, paragraph: str, expected: list[str]) -> None:
    assert split_paragraph(paragraph) == expected


@pytest.mark.parametrize(("name", "paragraph", "expected"), CASES, ids=[c[0] for c in CASES])
def test_sentences_are_verbatim_ordered_substrings(name: str, paragraph: str, expected: list[str]) -> None:
    pos = 0
    for sentence in split_paragraph(paragraph):
        assert sentence and sentence == sentence.strip()
        found = paragraph.index(sentence, pos)
        pos = found + len(sentence)


def test_split_sentences_numbers_sentences_and_paragraphs() -> None:
    sentences = split_sentences(["甲地开会。乙地参观。", "", "丙地调研"])
    assert [(s.text, s.index, s.paragraph) for s in sentences] == [
        ("甲地开会。", 0, 0),
        ("乙地参观。", 1, 0),
        ("丙地调研", 2, 2),
    ]


@pytest.mark.parametrize("verb", ["说", "表示", "回忆", "告诉记者"])
def test_every_speech_verb_keeps_a_speaker_between_two_parts_of_a_quotation(verb: str) -> None:
    paragraph = f"“路修好了。”老站长{verb}，“明年还要再修一条。”"
    assert split_paragraph(paragraph) == [paragraph]


# --- over-long "sentences" (a line with no end mark, thousands of marks in a row) ------------


def test_a_long_sentence_is_cut_at_clause_marks() -> None:
    from digest.sentences import MAX_SENTENCE_CHARS

    clause = "街区保留了二十余栋骑楼，"  # 12 characters
    paragraph = clause * 60 + "附近居民表示满意。"
    pieces = split_paragraph(paragraph)
    assert "".join(pieces) == paragraph
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces) and len(pieces) == 3
    assert all(p.endswith(("，", "。")) for p in pieces)


def test_a_line_with_no_mark_at_all_is_cut_but_never_a_summary_sentence() -> None:
    from digest.analysis import is_summary_material
    from digest.sentences import MAX_SENTENCE_CHARS

    paragraph = "老街骑楼修缮工程" * 200_000  # 1.6 million characters, no mark, no space
    pieces = split_paragraph(paragraph)
    assert "".join(pieces) == paragraph
    assert all(MAX_SENTENCE_CHARS < len(p) <= 2_000 for p in pieces)
    assert not any(is_summary_material(p) for p in pieces)


def test_a_run_of_end_marks_ends_the_sentence_before_it() -> None:
    pieces = split_paragraph("开头的一句话。" + "。" * 1_000_000 + "后来的一句话。")
    assert pieces[0] == "开头的一句话。"
    assert pieces[-1].endswith("后来的一句话。") and len(pieces[-1]) <= 2_000
    assert sum(map(len, pieces)) < 3_000  # the marks alone are no sentence


def test_long_sentences_still_split_in_order_with_their_paragraph() -> None:
    long = "各方" + "，".join(["代表发言"] * 100) + "。"
    sentences = split_sentences(["第一段。", long, "第三段。"])
    assert [s.paragraph for s in sentences][0] == 0 and sentences[-1].paragraph == 2
    assert [s.index for s in sentences] == list(range(len(sentences)))
    assert "".join(s.text for s in sentences if s.paragraph == 1) == long
