"""Keywords: content words with weights, best first, from short invented news items."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from digest import summarize
from digest.arrays import IntArray
from digest.keywords import extract_entities, shipped_stopwords
from digest.lexicon import Lexicon
from digest.model import Article, SummaryOptions

PARAGRAPHS = (
    "本报讯 6月3日，东港区召开小微企业座谈会，12家小微企业负责人参加。",
    "座谈会上，小微企业代表反映融资、用工等方面的问题，东港区财政局表示将加快发展普惠贷款，"
    "推动工作进一步落实。区长王建国说，东港区将为小微企业减免租金3.5亿元。",
    "会后，王建国一行来到港湾社区，察看危险废物收集点建设情况。危险废物收集点由社区统一管理，"
    "东港区今年将新建危险废物收集点20个。",
)


def article(
    headline: tuple[str, ...] = ("东港区减免小微企业租金",), paragraphs: tuple[str, ...] = PARAGRAPHS
) -> Article:
    return Article(id="t/1", kind="news", headline=headline, dateline=None, authors=(), paragraphs=paragraphs)


def encoded(parts: list[list[tuple[str, str]]]) -> tuple[Lexicon, IntArray, IntArray]:
    """A lexicon and the token ids and part numbers of `parts` (the first is the headline)."""
    lex = Lexicon(frozenset())
    return (lex, *lex.encode(parts))


def words(options: SummaryOptions | None = None, item: Article | None = None) -> list[str]:
    return [k.word for k in summarize(item or article(), options or SummaryOptions()).keywords]


def test_keywords_are_weighted_best_first_without_numbers_or_punctuation() -> None:
    keywords = summarize(article()).keywords
    assert 0 < len(keywords) <= 10
    weights = [k.weight for k in keywords]
    assert weights == sorted(weights, reverse=True)
    assert all(w > 0 for w in weights) and sum(weights) == pytest.approx(sum(weights)) and sum(weights) <= 1.0001
    for k in keywords:
        assert not re.search(r"[\d\W_]", k.word.replace("·", "")), k.word


def test_keywords_are_words_of_the_article() -> None:
    text = "".join(PARAGRAPHS) + "东港区减免小微企业租金"
    assert all(w in text for w in words())


def test_generic_official_words_are_left_out() -> None:
    generic = {"发展", "工作", "推动", "加快", "进一步", "表示"}
    assert generic <= shipped_stopwords()
    assert not generic & set(words())


def test_user_stopwords_are_honoured() -> None:
    top = words()[0]
    assert top not in words(SummaryOptions(stopwords=frozenset({top})))


def test_headline_words_weigh_more() -> None:
    # 租金 and 车位 appear equally often in the body; the one in the headline wins.
    body = ("居民议事会讨论租金和车位。", "租金按月公示，车位按月分配。")
    with_rent = words(item=article(("租金公示",), body))
    with_parking = words(item=article(("车位公示",), body))
    assert with_rent.index("租金") < with_rent.index("车位")
    assert with_parking.index("车位") < with_parking.index("租金")


def test_recurring_noun_pairs_are_kept_whole() -> None:
    found = words()
    assert "小微企业" in found
    assert "危险废物收集" in found
    assert "小微" not in found  # its uses are all inside the term


def test_names_are_surfaced() -> None:
    found = words()
    assert "王建国" in found and "东港区" in found


def test_user_dict_is_honoured(tmp_path: Path) -> None:
    body = ("海棠湾今年开工。海棠湾规划面积两平方公里。",)
    assert "海棠湾" not in words(item=article(("新区开工",), body))
    user_dict = tmp_path / "dict.txt"
    user_dict.write_text("# places\n海棠湾 10 ns\n", encoding="utf-8")
    assert "海棠湾" in words(SummaryOptions(user_dict=str(user_dict)), article(("新区开工",), body))


def test_keyword_count_follows_options() -> None:
    assert len(words(SummaryOptions(keywords=3))) == 3


def test_entities_are_people_places_and_orgs_with_counts() -> None:
    entities = {(e.name, e.kind): e.count for e in summarize(article()).entities}
    assert entities[("王建国", "person")] == 2
    assert entities[("东港区", "place")] >= 3
    assert ("小微", "person") not in entities  # part of the term 小微企业
    assert all(kind in {"person", "place", "org"} for _, kind in entities)


def test_extract_entities_orders_by_count_then_first_mention() -> None:
    tokens = [[("李华", "nr"), ("北京", "ns")], [("北京", "ns"), ("王强", "nr")]]
    assert [e.name for e in extract_entities(*encoded([[], *tokens]))] == ["北京", "李华", "王强"]


def test_a_name_mostly_followed_by_a_noun_is_part_of_a_term_not_an_entity() -> None:
    term = [("王建国", "nr"), ("公司", "n")]
    assert [e.name for e in extract_entities(*encoded([term, term, [("王建国", "nr")]]))] == []
    # Only a noun in the same sentence counts: a sentence ending in the name is no term.
    assert [e.name for e in extract_entities(*encoded([[("王建国", "nr")], [("公司", "n")]] * 2))] == ["王建国"]


def test_missing_user_dict_is_a_digest_error(tmp_path: Path) -> None:
    from digest.errors import DigestError

    with pytest.raises(DigestError, match="user dictionary"):
        summarize(article(), SummaryOptions(user_dict=str(tmp_path / "missing.txt")))


# --- a keyword is a word, a name or a noun compound, whole ---------------------------------------


def test_a_name_is_never_glued_to_a_verb() -> None:
    # The tagger calls 会见 a noun here; a full name and a common word still make no term.
    item = article(("林海峰会见客商",), ("本报讯 昨天，市长林海峰会见了来访的客商代表团。",
                                      "林海峰会见客商时说，青禾市将为企业提供优质服务。"))
    found = words(item=item)
    assert "林海峰" in found
    assert not [w for w in found if w.startswith("林海峰") and w != "林海峰"], found


def test_a_name_the_tokenizer_cut_in_two_is_one_keyword_and_one_person() -> None:
    # 李|金海: a lone surname and a place-tagged given name.
    item = article(("李金海调研农村公路建设",), ("本报讯 昨天，区长李金海调研农村公路建设。",
                                            "李金海先后来到三个镇，察看农村公路施工现场。",
                                            "李金海要求，确保年底前完工。"))
    summary = summarize(item)
    found = [k.word for k in summary.keywords]
    assert "李金海" in found and "金海" not in found
    assert ("李金海", "person") in {(e.name, e.kind) for e in summary.entities}


def test_a_word_of_the_headline_the_tokenizer_cut_in_two_is_one_keyword() -> None:
    # 料理|机 in every sentence: one word, and no term is cut across it (新款料理).
    item = article(("青禾电器推出新款料理机",), ("青禾电器昨天推出一款料理机，可以打豆浆、榨果汁。",
                                            "这款料理机采用静音电机，噪音比上一代降低一半。",
                                            "厂家表示，料理机的刀头可拆洗，清洁更方便。"))
    found = words(item=item)
    assert found[0] == "料理机"
    assert not [w for w in found if "料理" in w and w != "料理机"], found
    # Without a headline, the first sentence names the story.
    assert "料理机" in words(item=article((), item.paragraphs))


def test_no_keyword_is_a_phrase_fragment() -> None:
    # The tokenizer's guesses 对小微 (a preposition glued on) and 周刚率 (a verb glued on) are no
    # keyword and no part of a term; 周刚 is the name.
    item = article(("青禾市加大对小微企业的支持",), ("本报讯 青禾市今年出台十条措施，加大对小微企业的支持。",
                                              "对小微企业的贷款，财政给予贴息。",
                                              "副市长周刚率调研组来到企业，了解生产情况。",
                                              "周刚率调研组走访了五家小微企业。"))
    found = words(item=item)
    assert not [w for w in found if w[0] == "对" or "刚率" in w], found
    assert "周刚" in found


def test_a_legal_form_inside_a_company_name_is_no_keyword() -> None:
    item = article(("青禾新能源投资有限公司光伏项目开工",), ("本报讯 昨天，青禾新能源投资有限公司光伏发电项目开工。",
                                                    "该项目由青禾新能源投资有限公司投资建设，总投资12亿元。"))
    assert not [w for w in words(item=item) if "有限公司" in w]


def test_an_article_without_a_headline_is_ranked_by_the_weights_made_for_it(monkeypatch: pytest.MonkeyPatch) -> None:
    import digest.keywords as keywords

    body = ("记者走访发现，多家券商下调了佣金费率。", "业内人士分析，佣金下调的背后是券商经纪业务竞争加剧。",
            "一位券商营业部负责人坦言，低佣金吸引了不少年轻投资者开户。")
    weights = keywords.ranker_weights()
    assert weights["bare"][keywords.FEATURES.index("in_title")] == 0.0
    # Turned round, the headline weights would rank the frequent words last.
    monkeypatch.setattr(keywords, "ranker_weights", lambda: {"title": -weights["title"], "bare": weights["bare"]})
    assert set(words(item=article((), body))[:2]) == {"券商", "佣金"}
    assert not {"券商", "佣金"} & set(words(item=article(("市场观察",), body))[:2])


def _pieces(found: list[str], run: str, tokens: list[str]) -> list[str]:
    """Keywords that are more than one token of `run` but not all of it."""
    return [w for w in found if w in run and w != run and w not in tokens]


def test_a_pair_always_inside_the_same_longer_phrase_is_no_keyword() -> None:
    # 聚力|精准|精细 and 为|现代农业|立区|争作|贡献, always whole: 聚力精准 and 立区争作 are pieces of a
    # phrase that is no noun compound (it ends in an adjective, or runs long), so no keyword at all.
    item = article(("青禾区聚力精准精细改善人居环境",), (
        "本报讯 今年以来，青禾区聚力精准精细，改善人居环境，为现代农业立区争作贡献。",
        "青禾区聚力精准精细，完成老旧小区改造12个，新建口袋公园8个。",
        "区长林晓东说，要为现代农业立区争作贡献，让群众生活更舒心。",
    ))
    found = words(item=item)
    assert not _pieces(found, "青禾区聚力精准精细", ["青禾区", "聚力", "精准", "精细"]), found
    assert not [w for w in found if "现代农业" in w and w != "现代农业"], found


def test_a_piece_of_a_longer_noun_compound_is_no_keyword() -> None:
    # 青禾湾|产业|创新|协同|区 always whole: a piece such as 产业创新 is no keyword; the whole may be.
    run = "青禾湾产业创新协同区"
    item = article(("共建青禾湾产业创新协同区",), (
        "本报讯 昨天，市长林晓东围绕共建青禾湾产业创新协同区开展调研。",
        "林晓东指出，共建青禾湾产业创新协同区具有重要意义，要锚定目标、压实责任。",
        "今年，全市将推进青禾湾产业创新协同区建设，引进重大项目20个。",
    ))
    found = words(item=item)
    assert not _pieces(found, run, ["青禾湾", "产业", "创新", "协同"]), found


def test_generic_abstract_nouns_are_no_keywords() -> None:
    # 技术, 资源, 根基, 高层: words that say nothing about one story in any register, even in the
    # headline; the story's own words come first.
    item = article(("青禾区推进数字技术赋能 夯实农业根基",), (
        "本报讯 昨天，青禾区召开会议，推进数字技术赋能现代农业，夯实农业根基。",
        "会上，青禾区与三家企业高层签约，整合农业资源，建设智慧农场。",
        "区长林晓东说，智慧农场将让数字技术走进田间地头。",
    ))
    found = words(item=item)
    assert not {"技术", "资源", "根基", "高层"} & set(found), found
    assert "数字技术" in found or "数字" in found, found


def test_words_of_comparison_in_a_report_of_figures_are_no_keywords() -> None:
    # 同比, 环比, 时隔 stand in every report of figures, headline and all: they say how a figure
    # compares, not what the story is about (a listed company, its profit).
    item = article(("青禾能源三季度净利润同比增长42%",), (
        "10月28日晚间，青禾能源发布三季报，前三季度净利润21.3亿元，同比增长42.1%。",
        "公司营业收入186.4亿元，同比增长18.7%，第三季度净利润环比增长9.6%。",
        "这是青禾能源时隔三年再次实现净利润同比增长，海外市场贡献了主要增量。",
    ))
    found = words(item=item)
    assert not {"同比", "环比", "时隔"} & set(found), found
    assert found[:2] == ["青禾能源", "净利润"] or found[:2] == ["净利润", "青禾能源"], found


def test_a_pair_before_a_run_too_long_for_one_term_keeps_its_words() -> None:
    # 市政府|党组 开展|主题|教育|典型 at every use: too long for one term, so the pair is none; but the
    # run may have run on into the next phrase, so its words are no pieces of one and keep their uses.
    item = article(("青禾市召开党建工作会议",), (
        "本报讯 昨天上午，市政府党组开展主题教育典型案例剖析。",
        "市政府党组开展主题教育典型案例剖析，以案为鉴、以案促改。",
        "会上，与会人员逐一发言，查找问题。",
    ))
    assert "党组" in words(item=item), words(item=item)


def test_a_work_named_in_guillemets_in_the_body_is_one_keyword_digits_and_all() -> None:
    # The tokenizer cuts both titles into common words (一生|有|你, 星际|远航|2); a title in
    # 《》 is a name, wherever the article gives it.
    item = article(
        ("暑期档电影票房创新高",),
        (
            "由青年导演执导的电影《一生有你》上映三天，票房突破五亿元，成为暑期档最受关注的影片。",
            "片方介绍，《一生有你》讲述一对老同学二十年的友情，拍摄历时两年。",
            "同期上映的科幻片《星际远航2》也表现不俗，观众评价《星际远航2》特效出色。",
            "业内人士认为，暑期档观众更愿意为口碑好的影片走进影院。",
        ),
    )  # fmt: skip
    found = words(SummaryOptions(keywords=5), item)
    assert "一生有你" in found and "星际远航2" in found


def test_a_name_the_tokenizer_cuts_differently_each_time_is_found_by_its_recurrence() -> None:
    # 莎依|娜拉, 而莎依|娜拉 and 泰坦|币: no dictionary knows them, the tokenizer cuts them into
    # pieces, not always the same ones; the whole string recurs with varied neighbours.
    item = article(
        ("新晋歌手发行首张专辑",),
        (
            "新晋歌手莎依娜拉昨天发行首张个人专辑，上线一小时销量突破十万张。",
            "专辑由莎依娜拉本人作词，唱片公司表示，粉丝可以用泰坦币购买限量版周边。",
            "有乐评人认为，莎依娜拉的嗓音辨识度很高，而莎依娜拉此前只在网络平台发布过翻唱作品。",
            "据了解，泰坦币是一种平台积分，泰坦币不能提现。",
        ),
    )  # fmt: skip
    found = words(SummaryOptions(keywords=5), item)
    assert "莎依娜拉" in found and "泰坦币" in found, found
    assert not {"莎依", "娜拉", "泰坦"} & set(found), found


def test_two_people_named_side_by_side_are_two_keywords() -> None:
    # 张海涛|李晓岚 stand together in the headline and the lead: two people, never one term.
    item = article(
        ("歌手张海涛李晓岚同台献唱",),
        (
            "昨晚的跨年晚会上，歌手张海涛李晓岚同台献唱，现场观众齐声合唱。",
            "张海涛说，这是两人十年来第一次合作。李晓岚表示，希望明年推出合唱专辑。",
        ),
    )  # fmt: skip
    found = words(SummaryOptions(keywords=5), item)
    assert "张海涛李晓岚" not in found, found
    assert {"张海涛", "李晓岚"} <= set(found), found


def test_a_word_that_only_modifies_nouns_may_open_a_term() -> None:
    # 高频/b 噪声/n: a distinguishing word (区别词) before a noun makes a noun compound.
    item = article(
        ("一种新的信号滤波方法",),
        (
            "针对传感器信号中的高频噪声干扰，提出一种基于小波分解的滤波方法。",
            "该方法先估计高频噪声的能量分布，再按层设置阈值。实验表明，高频噪声被有效抑制，信号失真小于百分之二。",
        ),
    )  # fmt: skip
    assert "高频噪声" in words(SummaryOptions(keywords=5), item)


def test_a_dotted_name_is_cut_where_the_name_begins_and_ends() -> None:
    # 球星|卡尔文·马斯特森|表示: the title before the name and the verb after it are no part of
    # it, whichever middle dot the page uses (· or ・).
    item = article(
        ("球星卡尔文·马斯特森续约",),
        (
            "当地时间周一，球星卡尔文·马斯特森表示将与球队续约四年。",
            "主教练埃德温・罗杰斯称赞卡尔文·马斯特森是球队的核心。",
            "卡尔文·马斯特森上赛季场均得到二十八分。",
        ),
    )  # fmt: skip
    found = words(SummaryOptions(keywords=5), item)
    assert found[0] == "卡尔文·马斯特森", found
    assert not any("·" in w and w != "卡尔文·马斯特森" for w in found), found


# 卡尔文·马斯特森 in full twice, then by his short form 马斯特森 three times (the headline too).
SHORT_FORM = article(
    ("马斯特森续约四年",),
    (
        "当地时间周一，湖畔队宣布球星卡尔文·马斯特森与球队续约四年。",
        "上赛季，卡尔文·马斯特森场均得到二十八分。主教练埃德温·罗杰斯表示，马斯特森是球队的核心。",
        "马斯特森在社交媒体上写道，这里就是他的家。",
    ),
)  # fmt: skip


def test_a_dotted_name_and_its_short_form_are_one_keyword_under_the_full_name() -> None:
    found = words(SummaryOptions(keywords=5), SHORT_FORM)
    assert found[0] == "卡尔文·马斯特森", found
    assert "马斯特森" not in found, found


def test_the_index_lists_a_dotted_name_whole_with_its_short_form() -> None:
    people = {e.name: e.count for e in summarize(SHORT_FORM).entities if e.kind == "person"}
    assert people.get("卡尔文·马斯特森") == 5, people  # twice in full, three times as 马斯特森
    assert "埃德温·罗杰斯" in people, people
    assert not {"马斯特森", "罗杰斯", "卡尔文"} & set(people), people
