"""Summaries end to end on invented news items: verbatim, ordered, within budget, never empty."""

from __future__ import annotations

import os
import subprocess
import sys

import networkx as nx
import pytest

import digest.analysis as analysis_module
import digest.engines.default as default_engine
from digest import summarize
from digest.analysis import is_byline
from digest.errors import DigestError
from digest.model import Article, Sentence, SummaryOptions
from digest.rank import RankParams

PARAGRAPHS = (
    "本报讯 昨天上午，青禾市首届农产品博览会在会展中心开幕，200余家企业参展。",
    "本届博览会设置粮油、果蔬、水产三大展区，展出农产品3000多种。",
    "开幕式上，青禾市与8家企业签约农产品加工项目，总投资12.5亿元。",
    "据介绍，博览会将持续三天，市民可免费入场。",
    "博览会期间还将举办农产品电商直播活动。",
    "记者 林晓",
)


def article(
    paragraphs: tuple[str, ...] = PARAGRAPHS, headline: tuple[str, ...] = ("青禾市农产品博览会开幕",)
) -> Article:
    return Article(id="t/1", kind="news", headline=headline, dateline=None, authors=(), paragraphs=paragraphs)


def texts(options: SummaryOptions | None = None, item: Article | None = None) -> list[str]:
    return [s.text for s in summarize(item or article(), options or SummaryOptions()).sentences]


def test_sentences_are_verbatim_whole_and_in_article_order() -> None:
    summary = summarize(article())
    body = "".join(PARAGRAPHS)
    positions = [body.index(s.text) for s in summary.sentences]
    assert positions == sorted(positions)
    indices = [s.index for s in summary.sentences]
    assert indices == sorted(indices)
    for s in summary.sentences:
        assert s.text in PARAGRAPHS[s.paragraph]
        assert s.text[-1] in "。！？；"


def test_sentence_count_follows_n_and_ratio() -> None:
    assert len(texts(SummaryOptions(sentences=2))) == 2
    assert len(texts(SummaryOptions(sentences=1))) == 1
    assert len(texts(SummaryOptions(ratio=0.5))) == 3  # half of the 6 sentences
    assert len(texts(SummaryOptions(sentences=1, ratio=0.5))) == 1  # both are caps: the smaller wins


def test_character_budget_is_respected() -> None:
    for budget in (40, 60, 100):
        chosen = texts(SummaryOptions(sentences=10, max_chars=budget))
        assert chosen and sum(map(len, chosen)) <= budget


def test_an_over_long_best_sentence_still_gives_one_sentence() -> None:
    assert len(texts(SummaryOptions(max_chars=5))) == 1


def test_byline_is_never_chosen() -> None:
    assert is_byline("记者 林晓") and is_byline("（通讯员 王平）") and is_byline("本报讯")
    assert not is_byline("记者走访了三家企业。")
    assert "记者 林晓" not in texts(SummaryOptions(sentences=6))


def test_near_duplicate_sentences_are_not_both_chosen() -> None:
    repeated = (*PARAGRAPHS[:3], "开幕式上，青禾市与8家企业签约农产品加工项目，总投资12.5亿元。", *PARAGRAPHS[3:])
    chosen = texts(SummaryOptions(sentences=5), article(repeated))
    assert chosen.count(PARAGRAPHS[2]) == 1


def test_lead_prior_matters(monkeypatch: pytest.MonkeyPatch) -> None:
    # Every sentence is about the park; the later ones share more words, the first comes first.
    item = article(("公园河道完成清淤。", "公园新增座椅。", "图书馆延长开放时间。", "公园路灯统一更换。"), ())
    assert texts(SummaryOptions(sentences=1), item) == ["公园河道完成清淤。"]
    monkeypatch.setattr(default_engine, "PARAMS", RankParams(lead=0.0))
    assert texts(SummaryOptions(sentences=1), item) == ["公园新增座椅。"]


def test_headline_overlap_matters() -> None:
    paragraphs = ("河道完成清淤。", "公园新增座椅和路灯。", "图书馆延长开放时间。")
    assert texts(SummaryOptions(sentences=1), article(paragraphs, ("图书馆延长开放",))) == ["图书馆延长开放时间。"]


def test_empty_article_gives_empty_summary() -> None:
    assert summarize(article(())).sentences == ()
    assert summarize(article((), ())).keywords == ()


def test_single_sentence_without_end_mark() -> None:
    assert texts(item=article(("青禾市农产品博览会今天开幕",))) == ["青禾市农产品博览会今天开幕"]


def test_unknown_engine_is_a_digest_error() -> None:
    with pytest.raises(DigestError, match="engine"):
        summarize(article(), SummaryOptions(engine="nope"))


def test_textrank4zh_engine_runs_on_networkx_3() -> None:
    assert int(nx.__version__.split(".")[0]) >= 3
    summary = summarize(article(), SummaryOptions(engine="textrank4zh", sentences=2))
    assert 1 <= len(summary.sentences) <= 2
    body = "".join(PARAGRAPHS)
    positions = [body.index(s.text) for s in summary.sentences]
    assert positions == sorted(positions)
    assert summary.keywords and all(k.word for k in summary.keywords)
    assert nx.from_numpy_matrix is nx.from_numpy_array


def test_seed_pages_give_whole_verbatim_ordered_sentences_and_article_keywords() -> None:
    from pathlib import Path

    from digest.model import Source
    from digest.pipeline import parse_source
    from digest.sentences import split_sentences

    seeds = sorted((Path(__file__).resolve().parent.parent / "seeds").glob("*.txt"))
    for path in seeds:
        for item in parse_source(Source(str(path), path.read_text(encoding="utf-8"))).content:
            summary = summarize(item)
            whole = [s.text for s in split_sentences(item.paragraphs)]
            if whole:
                assert summary.sentences, item.headline
            positions = [whole.index(s.text) for s in summary.sentences]  # whole sentences only
            assert positions == sorted(positions)
            text = "\n".join(item.headline) + "".join(item.paragraphs)
            assert all(k.word in text for k in summary.keywords)


def test_numpy_is_loaded_single_threaded() -> None:
    # The matrices are small: BLAS threads only spin and steal the cores that worker processes
    # need. The thread limits must be in the environment before numpy is first imported.
    code = (
        "import importlib.abc, os, sys\n"
        "seen = []\n"
        "class Watch(importlib.abc.MetaPathFinder):\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name == 'numpy':\n"
        "            seen.append(os.environ.get('OPENBLAS_NUM_THREADS'))\n"
        "sys.meta_path.insert(0, Watch())\n"
        "from digest import summarize\n"
        "from digest.model import Article\n"
        "summarize(Article(id='a', kind='news', headline=('港口扩建',), dateline=None, authors=(),"
        " paragraphs=('港口今年扩建码头。码头明年投入使用。',)))\n"
        "assert seen == ['1'], seen\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.endswith("_NUM_THREADS")}
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env)
    assert proc.returncode == 0, proc.stderr[-500:]


def test_is_byline_agrees_with_its_patterns_on_any_text() -> None:
    # is_byline tests a sentence's opening before using the patterns: never a different answer.
    import random
    import re

    rng = random.Random(3)
    words = "( （ 【 [ 本报 记者 通讯员 摄 图 文 据 新华社 晚报讯 北京 7月1日 电 报道 消息 讯 张三"
    pieces = [*words.split(), *"、/：)）】]。a", " ", "\u3000", "\n"]
    for _ in range(40_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(0, 8)))
        want = bool(re.match(analysis_module._BYLINE, text) or re.match(analysis_module._DATELINE, text))
        assert is_byline(text) == want, text


# --- -n, --ratio and --max-chars: each is a cap, the smallest wins ----------------------------

PLACES = ("港口", "老街", "公园", "学校", "医院", "码头", "新区", "桥梁", "图书馆", "体育馆")
WORKS = ("改造", "扩建", "修缮", "绿化", "通车", "开放", "验收", "招标", "设计", "施工")
# 20 sentences with little in common, so that none is a near-duplicate of another.
LONG = tuple(f"{PLACES[i % 10]}{WORKS[(3 * i + i // 10) % 10]}工程第{i + 1}期今年完成。" for i in range(20))


def lengths(options: SummaryOptions) -> tuple[int, int]:
    chosen = texts(options, article(LONG))
    return len(chosen), sum(map(len, chosen))


def test_without_a_length_option_a_summary_has_three_sentences() -> None:
    assert lengths(SummaryOptions())[0] == 3


def test_each_length_option_is_a_cap_and_the_smallest_wins() -> None:
    assert lengths(SummaryOptions(sentences=2, ratio=0.9))[0] == 2  # was 18: --ratio overruled -n
    assert lengths(SummaryOptions(ratio=0.9))[0] == 18  # ceil(0.9 x 20) when -n is not given
    assert lengths(SummaryOptions(sentences=12, ratio=0.25))[0] == 5
    count, chars = lengths(SummaryOptions(sentences=10, max_chars=60))
    assert chars <= 60 and count < 10
    count, chars = lengths(SummaryOptions(max_chars=120))  # --max-chars alone: no sentence cap of 3
    assert count > 3 and chars <= 120


def test_a_cap_smaller_than_any_sentence_still_gives_one_sentence() -> None:
    assert lengths(SummaryOptions(max_chars=5))[0] == 1


# --- picks a reader would make ------------------------------------------------------------------

SIGNING = ("本报讯 昨天，青禾市重点项目集中签约活动举行。", "市领导张某、李某等参加活动。",
           "此次签约项目20个，总投资达118亿元，涵盖新能源、新材料、生物医药等领域。",
           "市委书记王某在签约活动上致辞，希望签约企业加快项目建设。", "据介绍，今年以来青禾市新引进重点项目56个。")


def test_an_attendance_line_is_not_picked_when_a_better_sentence_exists() -> None:
    item = article(SIGNING, ("青禾市重点项目集中签约活动举行",))
    for options in (SummaryOptions(max_chars=100), SummaryOptions(max_chars=150), SummaryOptions(sentences=4)):
        assert SIGNING[1] not in texts(options, item)


@pytest.mark.parametrize("line", ["市委书记张某，市委副书记、市长李某参加相关活动。", "市领导王某参加会见。",
                                  "区领导赵某、钱某陪同上述调研。"])  # fmt: skip
def test_an_attendance_line_with_a_word_between_is_still_one(line: str) -> None:
    from digest.analysis import reads_alone

    assert not reads_alone(line, (False, False))
    assert reads_alone("市长李某参加活动时强调，要加快推进重点项目建设。", (False, False))
    assert reads_alone("全市300余家企业参加了本次招聘会，提供岗位1.2万个。", (False, False))


def test_clauses_without_a_subject_of_their_own_are_not_picked() -> None:
    series = ("本报讯 昨天，青禾市侨联召开全委会议，部署今年侨联工作。",
              "会议指出，今年全市侨联要围绕中心、服务大局，凝聚侨心侨力。",
              "要坚持政治引领，增强侨联组织的政治性；", "践行为侨服务宗旨，切实维护侨胞合法权益；",
              "进一步拓展海外联谊，广泛团结海外侨胞。", "去年全市侨联共引进侨资项目12个，总投资26亿元。")
    item = article(series, ("青禾市部署今年侨联工作",))
    for options in (SummaryOptions(sentences=3), SummaryOptions(max_chars=150)):
        chosen = texts(options, item)
        assert not set(series[2:5]) & set(chosen), chosen
        assert series[5] in chosen


def test_a_quotation_whose_speaker_is_in_another_sentence_is_not_picked() -> None:
    parks = ("本报讯 青禾市今年将新建口袋公园30个。", "市园林局局长赵某介绍了全年建设计划。",
             "“今年的口袋公园将全部建在老旧小区周边，居民步行五分钟就能到达。”",
             "口袋公园建成后由所在街道负责日常管理。")
    assert parks[2] not in texts(SummaryOptions(sentences=3), article(parks, ("青禾市今年新建口袋公园30个",)))
    # With the speaker outside the quotation marks it stands on its own.
    spoken = (*parks[:2], "“口袋公园将全部建在老旧小区周边。”赵某说。", parks[3])
    assert spoken[2] in texts(SummaryOptions(sentences=4), article(spoken, ("青禾市今年新建口袋公园30个",)))


def test_a_sentence_that_opens_with_a_quoted_name_is_no_quotation() -> None:
    # “口袋公园”, “十四五” are names in quotation marks, the subject or the time of the sentence.
    named = ("本报讯 青禾市今年将新建口袋公园30个。",
             "“口袋公园”建设已连续三年列入青禾市民生实事，今年新建数量为历年最多。",
             "“十四五”期间，青禾市计划建成口袋公园150个，实现老旧小区全覆盖。", "市园林局局长赵某介绍了全年建设计划。")
    chosen = texts(SummaryOptions(sentences=3), article(named, ("青禾市今年新建口袋公园30个",)))
    assert named[1] in chosen and named[2] in chosen, chosen
    # A run of quoted phrases with nothing said about them is still no sentence of its own.
    listed = (*named[:1], "“家门口的公园”“五分钟绿道”……", *named[3:])
    assert listed[1] not in texts(SummaryOptions(sentences=3), article(listed, ("青禾市今年新建口袋公园30个",)))
    # A short quotation set off by a comma is something said, whose speaker is elsewhere.
    from digest.analysis import reads_alone

    assert not reads_alone("“我们会继续努力”，也欢迎广大市民监督。", (False, False))
    assert reads_alone('"十四五"期间，青禾市计划建成口袋公园150个。', (False, False))


# A report whose headline gives a figure; the sentence with that figure comes last, after
# sentences that share more words with the rest of the article.
CHAMBER = (
    "本报讯 昨天下午，青禾市温州商会成立大会暨项目签约仪式在青禾国际会议中心举行。",
    "青禾市温州商会由在青禾投资兴业的温州籍企业家自愿发起成立，是联合性、非营利性社团组织。",
    "商会将积极发挥桥梁纽带作用，服务会员企业发展，推动两地经济交流合作。",
    "青禾市委常委、统战部部长李某出席会议并讲话，希望商会团结广大会员企业，助力青禾发展。",
    "会上，精密铸造、新能源电池、智能装备等12个项目集中签约，总投资达36.8亿元。",
)


def test_the_sentence_that_gives_the_headlines_figure_is_picked() -> None:
    item = article(CHAMBER, ("青禾市温州商会成立", "12个项目集中签约"))
    for options in (SummaryOptions(sentences=3), SummaryOptions(max_chars=150)):
        assert CHAMBER[4] in texts(options, item)
    # Without the figure in the headline, the same sentence is not preferred for it.
    without = texts(SummaryOptions(sentences=2), article(CHAMBER, ("青禾市温州商会成立",)))
    assert CHAMBER[4] not in without


def test_quantities_are_counts_and_measures_not_dates() -> None:
    assert analysis_module.quantities("4日、5日，2023年3月1日9时召开") == set()
    found = analysis_module.quantities("20个项目总投资达118.11亿元，增长12.5%，3,052.47点")
    assert found == {"20个", "118.11亿", "12.5%"}


def test_a_web_pages_notes_to_its_readers_are_no_summary_material() -> None:
    # Disclaimers and calls to follow an account close many web articles; a reader never takes
    # them for the news, whatever else the summary needs to fill its length.
    from digest.analysis import is_summary_material

    notes = (
        "声明：本文仅代表作者观点，不代表本平台立场。",
        "（本文不构成投资建议，股市有风险，投资需谨慎。）",
        "更多精彩内容，请关注我们的微信公众号。",
        "文中图片来源于网络，如有侵权请联系删除。",
        "免责声明：本文内容仅供参考。",
    )
    assert not any(is_summary_material(n) for n in notes)
    news = ("法院审理了这起侵权案件，判决被告赔偿原告五万元。", "多家媒体转载了这篇报道，投资者纷纷关注。")
    assert all(is_summary_material(n) for n in news)
    item = article(
        (
            "今日午后，券商板块突然发力，截至收盘，板块整体上涨百分之四点五。",
            "分析人士认为，近期市场成交额持续放大，券商经纪业务收入有望改善。",
            *notes,
        ),
        ("券商板块午后拉升",),
    )
    chosen = [s.text for s in summarize(item, SummaryOptions(sentences=10, keywords=0)).sentences]
    assert chosen and not set(chosen) & set(notes), chosen


def test_a_question_is_no_summary_material() -> None:
    # A summary states the news; a question is a hook for the reader (你会考虑…吗？) or the
    # writer's own transition (下一步该如何发力？), and answers nothing on its own.
    from digest.analysis import is_summary_material

    assert not is_summary_material("你会考虑入手折叠屏手机吗？")
    assert not is_summary_material("面对日益激烈的市场竞争，这家老字号下一步该如何发力?")
    assert is_summary_material("“这款手机还会降价吗？”不少消费者在评论区追问。")  # a report of a question
    phone = ("11月25日，青禾科技在深圳发布新一代折叠屏手机，整机重量比上一代轻了24克。",
             "新机采用新型钛合金铰链，官方测试折叠寿命达到50万次。", "你会考虑入手折叠屏手机吗？")
    assert phone[2] not in texts(SummaryOptions(sentences=3), article(phone, ("新一代折叠屏手机发布",)))


def test_a_headline_gives_its_figures_rounded() -> None:
    # 42% in the headline is the 42.1% of the report; 118亿 the 118.11亿.
    headline = "青禾能源前三季度净利润增长42% 签约项目总投资118亿元"
    sentences = [Sentence(text=t, index=i, paragraph=i) for i, t in enumerate((
        "公司前三季度净利润21.3亿元，同比增长42.1%。", "签约项目总投资达118.11亿元。",
        "公司营业收入同比增长18.7%。", "去年净利润增长4.2%，投资1.18亿元、42亿美元。"))]  # fmt: skip
    assert analysis_module.gives_headline_figures(sentences, headline) == [True, True, False, False]


def test_a_score_in_the_headline_is_a_figure_the_sentence_gives() -> None:
    # The score is the news of a match report: the sentence that gives it is the one to pick.
    assert analysis_module.quantities("江城队主场2比1逆转青山队") == {"2:1"}
    assert analysis_module.quantities("最终比分定格在3：0，客队以 2 : 1 领先") == {"3:0", "2:1"}
    assert analysis_module.quantities("湖畔队108比102险胜") == analysis_module.quantities("终场比分108:102")
    assert analysis_module.quantities("开幕式于9:30举行，19：35散场") == set()  # clock times
    match = ("本报讯 昨晚，联赛第18轮在江城体育中心打响，江城队主场迎战青山队。",
             "上半场青山队利用快速反击率先破门，江城队随后加强了边路进攻。",
             "江城队主教练赛前表示，球队将全力争取主场胜利，回报球迷的支持。",
             "第76分钟，江城队外援罗德里戈远射破门，帮助球队2比1反超比分。",
             "此后青山队加强攻势，江城队门将多次做出扑救。")
    assert match[3] in texts(SummaryOptions(sentences=2), article(match, ("江城队主场2比1逆转青山队",)))


def test_an_opening_adverbial_is_no_missing_subject() -> None:
    # 在老城区，口袋公园… has its subject after the adverbial; 为方便居民，将在… has none.
    from digest.analysis import analyse, openings

    series = ("本报讯 青禾市今年新建口袋公园30个。", "在老城区，口袋公园将全部建在老旧小区周边；",
              "为方便居民，将在公园内设置健身器材；", "据统计，全市口袋公园去年接待市民超过200万人次；",
              "此外，发展特色产业，建设乡村旅游示范点；")  # 发展 is a verb here, tagged as a verbal noun
    bare = [opening[0] for opening in openings(analyse(article(series, ("青禾市今年新建口袋公园30个",))))]
    assert bare == [False, False, True, False, True]


FEATURE = (
    "清晨六点，青禾市梧桐小区的刘阿姨已经坐电梯下楼，到小区花园里打太极拳。",
    "小区建成于上世纪90年代，12栋住宅楼都没有电梯，不少老人常年难以下楼。",
    "近两年，青禾市把老旧小区加装电梯列为民生实事，全市已加装电梯320部，惠及居民2万余户。",
    "政府补贴，居民分摊",
    "青禾市对每部加装的电梯补贴20万元，剩余费用由各楼居民按楼层分摊。",
    "上门协商，化解分歧",
    "社区干部逐栋上门征求意见，协调低层住户与高层住户在电梯加装上的分歧。",
)


def test_the_introduction_of_an_article_with_sub_headings_is_what_comes_before_the_first() -> None:
    from digest.analysis import analyse, introduction

    def intro(paragraphs: tuple[str, ...]) -> list[bool] | None:
        return introduction(analyse(article(paragraphs, ("青禾市老旧小区加装电梯320部",))).sentences)

    assert intro(FEATURE) == [True, True, True, False, False, False, False]
    assert intro(PARAGRAPHS) is None  # news without sub-headings keeps its lead prior
    # A kicker before the text, bylines and credits are no sub-headings.
    credits = ("梧桐小区的新变化", *FEATURE[:3], *FEATURE[4:5], "记者 林晓", "版式设计：张某", "（作者为青禾大学教授）")
    assert intro(credits) is None
    # Nor is one short line alone in ordinary news: a closing line, a photo credit, a quotation,
    # a number or a date, an English line; one sub-heading divides nothing.
    lead, rest = PARAGRAPHS[:2], PARAGRAPHS[2:5]
    for stray in ("更多精彩请关注青禾日报", "林晓 摄", "“这是我们最好的一年”", "3000", "2024年5月1日",
                  "The fair opens today.", "政府补贴，居民分摊"):  # fmt: skip
        assert intro((*lead, stray, *rest)) is None, stray
        assert intro((*lead, *rest, stray)) is None, stray
    # Quoted sentences are sentences, however many stand alone in their paragraphs.
    quoted = "“这是我们办得最好的一届博览会。”"
    assert intro((*lead, quoted, rest[0], quoted, *rest[1:])) is None
    credit = "东湖街道 梧桐小区 五号楼"  # words set apart by spaces: a caption, not a heading
    assert intro((*lead, credit, rest[0], credit, *rest[1:])) is None
    # A line of debris after the first paragraph does not make the rest of a feature a section.
    assert intro((FEATURE[0], "林晓 摄", *FEATURE[1:])) == [True] * 4 + [False] * 4


def test_with_sub_headings_the_introduction_takes_the_place_of_the_lead_prior() -> None:
    import numpy as np

    from digest.rank import DEFAULT, news_scores

    flat = np.ones(4)
    with_intro = news_scores(flat, flat, DEFAULT, intro=[True, True, False, False])
    assert with_intro[0] == with_intro[1] > with_intro[2] == with_intro[3]  # no decay, none for the sections
    assert with_intro[0] - with_intro[2] == pytest.approx(DEFAULT.intro)
    lead = news_scores(flat, flat, DEFAULT)
    assert lead[0] > lead[1] > lead[2] > lead[3]
