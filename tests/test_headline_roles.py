"""Headline roles: the main title, the kicker (引题) above it and the subtitles below it.

The expected titles on the seed pages are a reader's reading of those pages (kicker lines are the
factual who-did-what lines above the title, a `##` mark names the main title); the other cases are
invented headlines.
"""

from __future__ import annotations

import re
import unicodedata

import pytest

from digest.model import PHOTO, Record
from digest.page import parse_page, parse_record
from digest.page.heads import headline_roles


def _key(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


# Every content article of the seed pages, found by the opening of its body, and its main title.
SEED_TITLES: dict[str, list[tuple[str, str]]] = {
    "000": [
        ("4日、5日,市委书记王晖", "深化央地合作 实现共赢发展"),
        ("昨天下午,市委副书记、市长吴新明", "聚焦常态长效,聚力精准精细"),
        ("4日~6日,省政协副主席阎立", "推进数字技术赋能 夯实网络安全根基"),
        ("昨天下午,南通市苏州商会成立", "南通市苏州商会成立"),
    ],
    "001": [
        (
            "昨天下午，市委书记吴新明深入",
            "吴新明围绕共建长江口产业创新协同区开展主题教育领题调研 深化产业创新协同 做好跨江融合文章",
        ),
        ("记者昨天从南通开发区获悉", "2023年度国家级绿色制造名单公示 南通开发区入围绿色工业园区"),
        ("记者近日从市水务集团获悉", "李港水厂一期建设工程 厂内制水工艺土建全面完工"),
        ("昨天上午，市政府党组开展", "确保上级决策部署 在南通不折不扣落地生根"),
        ("昨天上午，BEEPLUS市北", "加快优质科创金融资源集聚 BEEPLUS市北科创金融中心亮相"),
    ],
    "002": [
        ("上周,市委书记徐惠民带队", "把争当“桥头堡、排头兵”落到实处"),
        ("上周,区委书记黄卫锋,区委副书记", "区领导赴上海、厦门招商 打造一批好项目大项目"),
        ("近日,区委书记黄卫锋带队调研", "黄卫锋调研民生项目建设时强调 增强群众幸福感获得感"),
        ("26日下午,区委副书记", "曹金海调研时勉励科技创新型企业 为高科技产业立区争作贡献"),
        ("春光明媚,蔷薇花开。", "春光明媚,蔷薇花开。"),  # a photo item: its caption's first sentence, whole
    ],
    "003": [
        ("2月28日,市侨联召开", "担当作为“竞”字为先谱新篇"),
        ("昨天下午,市总工会召开", "市总工会召开十四届九次全委(扩大)会"),
        ("抓紧“规划、招商”两大关键", "改革开放再出发"),
        ("“苏锡通园区作为南通融入苏南", "苏锡通园区奋进“春天里”"),
        ("记者从市生态环境局27日", "我市建成小微企业危废收集试点单位总数全省第一"),
        ("破解小微企业危废处置难题", "打通“痛点”让企业轻装上阵"),
        (
            "27日,崇川区人力资源",
            "27日,崇川区人力资源和社会保障局牵头,崇川区幸福街道和唐闸镇街道联合主办“‘就’在市北‘职’等你来”"
            "2024年民营企业专场招聘会,50多家辖区企业进场招聘,提供350多个就业岗位。",
        ),
        ("去年11月开园的BEEPLUS", "强化跨区域高效协同"),
        ("他对破案有着异乎寻常的热忱", "“让爱回家”的打拐寻亲达人"),
    ],
    "004": [
        (
            "昨天下午,我市召开科技创新双月例会",
            "全市科技创新双月例会召开,强调深入学习贯彻总书记重要讲话精神 加快推动科技创新取得新突破",
        ),
        ("12日~13日,受全国政协委托", "省政协调研组来通调研 构建现代职教体系 为中国式现代化提供支撑"),
        ("昨天下午,市委书记吴新明会见", "吴新明会见国投新能源投资有限公司等企业高层一行"),
        (
            "昨天,市委副书记、代市长张彤",
            "张彤主持召开十六届市政府第29次常务会议,学习贯彻 习近平总书记考察江苏重要讲话精神,要求 "
            "围绕“四个新”重大任务 形成狠抓落实好局面",
        ),
        ("记者昨天从南通市深化拓展", "新时代文明实践中心建设工作 实现三级全覆盖"),
    ],
}


@pytest.mark.parametrize("seed", sorted(SEED_TITLES))
def test_every_seed_article_has_its_main_title(seed_pages: dict[str, str], seed: str) -> None:
    doc = parse_page(seed_pages[seed], source=seed)
    content = list(doc.content)
    assert len(content) == len(SEED_TITLES[seed])
    for opening, title in SEED_TITLES[seed]:
        found = [a for a in content if _key(a.body).startswith(_key(opening))]
        assert len(found) == 1, opening
        assert found[0].title is not None and _key(found[0].title) == _key(title), opening


def test_seed_headlines_split_into_kicker_title_and_subtitle(seed_pages: dict[str, str]) -> None:
    for seed in SEED_TITLES:
        for a in parse_page(seed_pages[seed]).content:
            if a.headline:  # every headline line has exactly one role, in page order
                assert (*a.kicker, a.title, *a.subtitle) == a.headline
            else:
                assert a.kicker == () and a.subtitle == ()
    doc = parse_page(seed_pages["001"])
    kicked = next(a for a in doc.content if a.title == "确保上级决策部署 在南通不折不扣落地生根")
    assert kicked.kicker == ("市政府党组开展主题教育典型案例解剖式调研，强调以学促干，狠抓落实",)
    doc = parse_page(seed_pages["000"])
    three = next(a for a in doc.content if a.title == "聚焦常态长效,聚力精准精细")
    assert three.kicker == ("吴新明督查文明城市长效管理工作时强调",)
    assert three.subtitle == ("全力推动文明城市建设迈上新台阶",)


def test_a_photo_without_headline_is_titled_by_its_first_caption_sentence_whole(seed_pages: dict[str, str]) -> None:
    photos = [a for s in SEED_TITLES for a in parse_page(seed_pages[s]).content if a.kind == PHOTO and not a.headline]
    assert photos
    for a in photos:
        assert a.title is not None and not a.title.endswith("…")
        assert a.body.startswith(a.title) and a.title[-1] in "。！？"


@pytest.mark.parametrize(
    ("lines", "marked", "expected"),
    [
        # a kicker ends with a colon, a dash or a verb of speech
        (["外交部发言人：", "中方祝贺邻国顺利举行大选"], (), ((0,), 1, ())),
        (["多家媒体披露——", "某国武器出口助长多地暴力（国际视点）"], (), ((0,), 1, ())),
        (["市长在全市大会上强调", "奋力开创高质量发展新局面"], (), ((0,), 1, ())),
        # a dash opens a subtitle; a column tag sits on the main title
        (["青山绿水间的新农村（一线调研）", "——东湖县乡村振兴见闻"], (), ((), 0, (1,))),
        (["一季度末，某地新增贷款同比增长12%", "金融支撑小微企业更好发展（财经眼）"], (), ((0,), 1, ())),
        # a factual line over a thesis of two parallel parts is the kicker
        (["省考察团来我市考察", "深化区域合作 共谋转型发展"], (), ((0,), 1, ())),
        # a title over a second factual line: that line is a subtitle
        (["东湖区商会成立", "12个合作项目签约"], (), ((), 0, (1,))),
        # a slogan of short phrases under the title is a banner: a subtitle
        (["东湖区召开春季植树动员大会 全面提升城市绿化水平", "学思想 强党性 重实践"], (), ((), 0, (1,))),
        # a line marked as the main title in the dump wins
        (["区委召开专题会议，学习贯彻全会精神", "把担当作为落到实处"], (1,), ((0,), 1, ())),
        (["东湖区商会成立", "12个合作项目签约"], (1,), ((0,), 1, ())),
        # a column label over a title is a kicker
        (["来论", "让公园绿地更好服务市民"], (), ((0,), 1, ())),
        (["单独一行标题"], (), ((), 0, ())),
    ],
)
def test_headline_roles_on_invented_headlines(
    lines: list[str], marked: tuple[int, ...], expected: tuple[tuple[int, ...], int, tuple[int, ...]]
) -> None:
    kicker, title, subtitle = headline_roles(lines, frozenset(lines[i] for i in marked))
    assert kicker == tuple(lines[i] for i in expected[0])
    assert title == lines[expected[1]]
    assert subtitle == tuple(lines[i] for i in expected[2])


def test_marks_in_the_dump_name_the_main_title() -> None:
    page = "区委召开专题会议，学习贯彻全会精神\n\n## 把担当作为落到实处\n\n上周，区委召开专题会议。会议要求狠抓落实。\n"
    (article,) = parse_page(page).content
    assert article.headline == ("区委召开专题会议，学习贯彻全会精神", "把担当作为落到实处")
    assert article.title == "把担当作为落到实处"
    bold = "**东湖区商会成立**\n\n12个合作项目签约\n\n昨天，东湖区商会成立。12个项目现场签约。\n"
    (article,) = parse_page(bold).content
    assert (article.title, article.subtitle) == ("东湖区商会成立", ("12个合作项目签约",))


def test_a_record_is_titled_by_its_first_title_line() -> None:
    article = parse_record(Record(text="正文第一句。正文第二句。", id="r1", title="主标题\n副标题"))
    assert (article.title, article.kicker, article.subtitle) == ("主标题", (), ("副标题",))
    untitled = parse_record(Record(text="正文第一句。", id="r2"))
    assert untitled.title is None
