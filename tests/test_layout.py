"""The page parser, stage by stage, on small invented pages (no seed or evaluation text)."""

from __future__ import annotations

import random

import pytest

from digest.model import COMMENTARY, FURNITURE, NEWS, PHOTO, Article, Document, Record
from digest.page import parse_page, parse_record
from digest.page.bylines import parse_byline, split_dateline

# An invented page: two news items, a jumped piece in two parts, a commentary, a photo and furniture.
PAGE = """
官方微信

## 东湖区召开春季植树动员大会

全面提升城市绿化水平

本报讯(记者林小雨)昨天上午,东湖区召开春季植树动员大会,部署今年的绿化工作。会议要求,各街道要在

**三月底**前完成补植任务,确保新栽树木成活率达到九成以上。

会议指出,绿化工作关系群众切身利益。 记者**高明远**

西山镇开通乡村公交新线路

晚报讯 记者昨天从市交通局获悉,西山镇新开通两条乡村公交线路,方便沿线村民出行。

新线路途经八个行政村,每天往返十二个班次。

记者周文涛 通讯员韩小青

(上接A1版)

据介绍,今年全区计划新建口袋公园十座,目前已有三座开工建设,其余将在年内陆续动工,让居民出门就能

短评

让绿色走进百姓身边

植树造林是一件功在当代、利在千秋的好事。各部门要通力协作,把好事办实。

·林小雨·

南湖公园樱花盛开

享受绿色。按照规划,新建公园将优先布局在老旧小区周边。

绿化提升,先从小处入手

去年以来,全区共改造街头绿地二十余处,受到居民欢迎。

社区共建,群众参与热情高

多个社区组织志愿者认领绿地,参与日常养护。

(下转3版)

昨天,市民在南湖公园赏樱拍照。

记者 钱晓峰摄

>>05

"""


@pytest.fixture(scope="module")
def page() -> Document:
    return parse_page(PAGE, source="fake.txt")


def by_headline(doc: Document, word: str) -> Article:
    return next(a for a in doc.articles if any(word in h for h in a.headline))


def test_headline_lines_are_kept_in_order_without_markdown(page: Document) -> None:
    first = page.content[0]
    assert first.headline == ("东湖区召开春季植树动员大会", "全面提升城市绿化水平")


def test_dateline_with_reporter_goes_to_dateline_and_authors(page: Document) -> None:
    first = page.content[0]
    assert first.dateline == "本报讯"
    assert first.paragraphs[0].startswith("昨天上午")
    assert "林小雨" in first.authors


def test_dateline_helper_separates_agency_and_reporters() -> None:
    mark, names, rest = split_dateline("新华社杭州5月2日电（记者王一鸣、李欣然）今天,会议开幕。")
    assert mark == "新华社杭州5月2日电"
    assert names == ["王一鸣", "李欣然"]
    assert rest == "今天,会议开幕。"


def test_glued_byline_and_byline_line_become_authors(page: Document) -> None:
    first = page.content[0]
    assert "高明远" in first.authors
    assert first.paragraphs[-1].endswith("切身利益。")
    second = by_headline(page, "西山镇")
    assert second.authors == ("周文涛", "韩小青")
    assert all("周文涛" not in p for p in second.paragraphs)


@pytest.mark.parametrize(
    ("line", "names"),
    [
        ("本报记者 张小川", ("张小川",)),
        ("记者 郑一帆摄", ("郑一帆",)),
        ("·冯远山·", ("冯远山",)),
        ("王明 李青", ("王明", "李青")),
        ("本报记者\u00a0\u00a0吴\u00a0\u00a0丹", ("吴丹",)),  # a two-character name spaced out to three places
        ("记者  黄  超  王  强", ("黄超", "王强")),
        ("图 文 张三", None),
        ("全面推进乡村振兴", None),
        ("征集", None),
    ],
)
def test_byline_shapes(line: str, names: tuple[str, ...] | None) -> None:
    assert parse_byline(line, bare_ok=True) == names


def test_kinds_news_commentary_photo_and_furniture(page: Document) -> None:
    kinds = [a.kind for a in page.articles]
    assert kinds[0] == FURNITURE and kinds[-1] == FURNITURE
    assert by_headline(page, "让绿色走进").kind == COMMENTARY
    assert by_headline(page, "让绿色走进").authors == ("林小雨",)
    assert "短评" not in by_headline(page, "让绿色走进").headline
    photo = next(a for a in page.content if a.kind == PHOTO)
    assert photo.authors == ("钱晓峰",) and photo.headline == ()
    assert not any(">>05" in "".join(a.paragraphs) or "官方微信" in "".join(a.paragraphs) for a in page.content)


def test_mid_sentence_column_break_is_rejoined(page: Document) -> None:
    first = page.content[0]
    assert any("各街道要在三月底前完成补植任务" in p for p in first.paragraphs)


def test_short_paragraph_that_ends_stays_a_paragraph() -> None:
    doc = parse_page("某区召开会议\n\n5日,区委书记主持召开常委会会议。\n\n会议强调,要抓好落实,确保各项工作取得实效。\n")
    assert doc.content[0].paragraphs == (
        "5日,区委书记主持召开常委会会议。",
        "会议强调,要抓好落实,确保各项工作取得实效。",
    )


def test_jump_markers_are_recorded_and_removed(page: Document) -> None:
    jumped = by_headline(page, "南湖公园")
    assert jumped.continued_from == "A1"
    assert jumped.continues_to == "3"
    assert not any("上接" in p or "下转" in p for a in page.articles for p in a.paragraphs)


def test_piece_broken_mid_sentence_is_stitched_under_the_jump_headline(page: Document) -> None:
    jumped = by_headline(page, "南湖公园")
    assert jumped.headline == ("南湖公园樱花盛开",)
    assert any("让居民出门就能享受绿色。按照规划" in p for p in jumped.paragraphs)
    assert sum("口袋公园" in a.body for a in page.content) == 1


def test_subheads_stay_inside_their_feature(page: Document) -> None:
    jumped = by_headline(page, "南湖公园")
    assert jumped.subheads == ("绿化提升,先从小处入手", "社区共建,群众参与热情高")
    assert not any(a.headline and a.headline[0].startswith("绿化提升") for a in page.articles)


def test_record_uses_title_lines_and_the_same_dateline_and_byline_helpers() -> None:
    record = Record(text="本报讯 今天,图书馆开馆。\n读者排起长队。 记者孙一平", title="图书馆开馆\n读者盈门", id="x")
    article = parse_record(record)
    assert article.headline == ("图书馆开馆", "读者盈门")
    assert article.dateline == "本报讯"
    assert article.authors == ("孙一平",)
    assert article.paragraphs == ("今天,图书馆开馆。", "读者排起长队。")
    assert article.kind == NEWS


@pytest.mark.parametrize(
    "text",
    ["", "   \n\n  ", "a" * 200_000, "Only English text here.\nAnother line.", "记者", "(上接A1版)", "##\n**\n·"],
)
def test_never_raises_on_odd_input(text: str) -> None:
    doc = parse_page(text)
    assert all(a.kind in {NEWS, PHOTO, COMMENTARY, FURNITURE} for a in doc.articles)


def test_never_raises_on_random_unicode() -> None:
    rng = random.Random(7)
    alphabet = "的一是。，、！？“”（）()\n \t记者讯电版上接下转##**·>>摄图为短评0123abc"
    for _ in range(200):
        parse_page("".join(rng.choice(alphabet) for _ in range(rng.randrange(0, 400))))


def test_a_large_page_of_repeated_pages_gives_every_article(seed_pages: dict[str, str]) -> None:
    # Speed on large pages is measured in benchmarks/speed.py, not here.
    big = "\n\n".join(seed_pages.values()) * 60  # about 2 MB
    doc = parse_page(big)
    assert len(doc.content) >= 60 * 20


def test_seed_pages_structure(seed_pages: dict[str, str]) -> None:
    docs = {k: parse_page(v, source=k) for k, v in seed_pages.items()}
    for doc in docs.values():
        assert doc.content, doc.source
        for a in doc.content:
            assert a.paragraphs, a.headline
            assert not any(p.startswith(("晚报讯", "本报讯")) for p in a.paragraphs)
    assert sum(a.kind == PHOTO for d in docs.values() for a in d.content) >= 1
    assert sum(a.kind == COMMENTARY for d in docs.values() for a in d.content) >= 1
    assert any(a.continues_to for d in docs.values() for a in d.content)
    assert any(a.continued_from for d in docs.values() for a in d.content)
    assert any(a.subheads for d in docs.values() for a in d.content)
    assert all(a.dateline in (None, "晚报讯", "本报讯") for d in docs.values() for a in d.content)


def test_lone_short_title_after_an_unsigned_article_starts_a_new_article() -> None:
    page = (
        "甲地举办读书节\n\n本报讯 昨天,甲地举办读书节,吸引市民参加。\n\n活动持续一周。\n\n"
        "乙地新建三座公园\n\n近日,乙地新建三座公园,方便市民休闲。\n"
    )
    assert [a.headline for a in parse_page(page).content] == [("甲地举办读书节",), ("乙地新建三座公园",)]


def test_closing_note_and_trailing_dateline_end_an_article() -> None:
    page = (
        "读书要有恒心（今日谈）\n\n读书贵在坚持,一日不可懈怠。\n\n（作者为某大学教师）\n\n"
        "某国央行宣布降息\n\n该国央行宣布将基准利率下调零点五个百分点。\n\n（新华社某地7月2日电  记者赵小满）\n"
    )
    first, second = parse_page(page).content
    assert first.kind == COMMENTARY and first.paragraphs[-1] == "（作者为某大学教师）"
    assert second.headline == ("某国央行宣布降息",)
    assert second.dateline == "新华社某地7月2日电" and second.authors == ("赵小满",)


def test_a_headline_with_a_dash_subtitle_starts_a_new_article_even_in_a_feature() -> None:
    body = "城南街道今年完成老旧小区改造十二个,惠及居民三千余户,群众满意度明显提升。"
    page = (
        "城南街道一年办成十件实事\n\n" + body + "\n\n加装电梯\n\n上下楼更方便\n\n" + body + "\n\n"
        "整治背街\n\n出门更舒心\n\n" + body + "\n\n"
        "让老街焕发新活力\n\n——记城北街道的老街改造\n\n" + body + "\n"
    )
    heads = [a.headline for a in parse_page(page).content]
    assert heads == [("城南街道一年办成十件实事",), ("让老街焕发新活力", "——记城北街道的老街改造")]


def test_name_place_and_signature_tests_match_their_regular_expressions() -> None:
    # The Python tests replace these patterns (slow to compile): they must agree on any text.
    import re

    from digest.page.lines import is_name, is_place, signature

    cjk = "\u3400-\u4dbf\u4e00-\u9fff"
    name = re.compile(rf"^[{cjk}]{{2,4}}$|^[{cjk}]{{1,5}}[·•・][{cjk}]{{1,6}}$")
    place = re.compile(rf"^[{cjk}]{{2,12}}(?:省|市|县|区|州|旗|盟)$")
    sig = re.compile(rf"^[·•・]\s*([{cjk}]{{2,4}})\s*[·•・]$")
    alphabet = "张三李四阿依买提江苏泰州市省县区旗盟·•・ \u3000\n\tAb1，\u3400\u4dbf\u9fff\u4e00\u33ff\ua000"
    rng = random.Random(11)

    def run(chars: str, low: int, high: int) -> str:
        return "".join(rng.choice(chars) for _ in range(rng.randint(low, high)))

    for i in range(60_000):
        if i % 2:
            text = run(alphabet, 0, 15)
        else:  # shaped like a signature or a dotted name, often just off
            gap = " \u3000\n"
            text = run("·•・张", 0, 1) + run(gap, 0, 1) + run("张三阿依\u4dbf", 1, 6) + run("·•・", 0, 1)
            text += run("买提市", 0, 6) + run(gap, 0, 1) + run("·•・", 0, 1) + run("\nA", 0, 1)
        assert is_name(text) == bool(name.match(text)), text
        assert is_place(text) == bool(place.match(text)), text
        m = sig.match(text)
        assert signature(text) == (m.group(1) if m else None), text


def test_signed_pieces_after_an_editors_note_belong_to_its_feature() -> None:
    intro = "城市更新如何留住烟火气?本期我们选刊几位读者的来信。"
    piece = "老街改造要尊重居民意愿,留住熟悉的街巷和邻里,让老街坊住得安心。"
    page = (
        "留住老街的烟火气(读者来信)\n\n" + intro + "\n\n——编\u00a0\u00a0者\n\n"
        "改造先问居民\n\n江苏泰州市  王小明\n\n" + piece + "\n\n"
        "小店也要留下\n\n河南省许昌市  李  华\n\n" + piece + "\n\n"
        "本版责编:张三\n\n"
        "夜市开张了(城市走笔)\n\n" + piece + "\n"
    )
    content = parse_page(page).content
    assert [a.headline for a in content] == [("留住老街的烟火气(读者来信)",), ("夜市开张了(城市走笔)",)]
    feature = content[0]
    assert feature.subheads == ("改造先问居民", "小店也要留下")
    assert feature.authors == ("王小明", "李华")
    assert feature.paragraphs.count(piece) == 2


def test_unsigned_pieces_after_an_editors_note_stay_articles_of_their_own() -> None:
    intro = "城市更新如何留住烟火气?本期刊发三篇文章。"
    piece = "老街改造要尊重居民意愿,留住熟悉的街巷和邻里,让老街坊住得安心。"
    page = (
        "留住老街的烟火气\n\n" + intro + "\n\n——编\u00a0\u00a0者\n\n"
        "改造先问居民\n\n" + piece + "\n\n(作者为某大学教授)\n\n"
        "小店也要留下\n\n" + piece + "\n\n(作者为某研究院研究员)\n"
    )
    heads = [a.headline for a in parse_page(page).content]
    assert heads == [("留住老街的烟火气",), ("改造先问居民",), ("小店也要留下",)]


def test_a_bare_name_under_a_one_line_title_signs_the_piece() -> None:
    piece = "老街改造要尊重居民意愿,留住熟悉的街巷和邻里,让老街坊住得安心。"
    page = "甲地举办读书节\n\n本报讯 昨天,甲地举办读书节。\n\n改造先问居民\n\n王小明\n\n" + piece + "\n"
    content = parse_page(page).content
    assert [a.headline for a in content] == [("甲地举办读书节",), ("改造先问居民",)]
    assert content[1].authors == ("王小明",) and content[1].paragraphs == (piece,)


def test_a_cut_off_column_tail_repeated_from_elsewhere_is_no_body_text(seed_pages: dict[str, str]) -> None:
    doc = parse_page(seed_pages["000"])
    visit = next(a for a in doc.content if a.headline[:1] == ("省政协调研组来通调研",))
    assert not visit.paragraphs[-1].endswith("近平总书记关于数字中国建")
    assert "邵昉、近平" not in visit.body
    assert visit.paragraphs[-1].endswith("。")
    # invented: the last paragraph breaks off in a list of names, then repeats a stray piece of an
    # earlier line of the page
    page = (
        "河东区召开防汛工作会议\n\n"
        "本报讯 昨天,河东区召开防汛工作会议。会议要求,各街道要落实防汛责任,加强巡查值守,确保安全度汛。\n\n"
        "区长指出,要坚持人民至上,全力做好防汛准备。\n\n"
        "出席会议的有区领导张某,副区长李某,区政协副主席王某、落实防汛责任,加强巡查\n"
    )
    (article,) = parse_page(page).content
    assert article.paragraphs[-1] == "区长指出,要坚持人民至上,全力做好防汛准备。"
    # a paragraph that simply breaks off, with nothing repeated, is kept as it is
    kept = page.replace("落实防汛责任,加强巡查\n", "赵某\n")
    (article,) = parse_page(kept).content
    assert article.paragraphs[-1] == "出席会议的有区领导张某,副区长李某,区政协副主席王某、赵某"
