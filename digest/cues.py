"""The vocabulary of Chinese newspaper pages, each list defined once.

The page parser, the summarizer, the keyword extractor, the name checks and the sentence
splitter build their patterns from these tuples. Where a list comes from is said beside it: the
conventions of Chinese papers' datelines and bylines (as printed by 新华社, 人民日报 and city
dailies), common surnames, and the punctuation marks of GB/T 15834. Within a tuple a
longer form comes before a shorter one that starts it (摄影记者 before 摄影), since patterns try
them in order.
"""

from __future__ import annotations

import re

from digest.textsafe import HAN

# --- who reports -----------------------------------------------------------------------------

# The paper's own dateline marks: 本报讯 (dailies), 晚报讯 (evening papers), 本刊讯 (magazines).
OWN_PAPER = ("本报", "晚报", "本刊")
# Wire services whose dateline opens a reprinted report: 新华社北京6月30日电, 中新社上海电.
WIRE_SERVICES = ("新华社", "中新社")
# How an outlet's name ends (南通日报, 扬子晚报, 中国新闻网, 广播电视台).
OUTLET_ENDINGS = ("日报", "晚报", "报", "社", "网", "台")
# Outlets that put their name before a reporter's role: 新华社记者, 人民日报记者, 央视记者.
BYLINE_OUTLETS = ("本报", "新华社", "人民日报", "中新社", "本刊", "本台", "央视")
# A report credited to another outlet: 据新华社报道, 据央视新闻消息.
CITED_OPENING, CITED_ENDINGS = "据", ("报道", "消息")

# --- who wrote it: bylines and credits -------------------------------------------------------

# Qualifiers before a role: 特约记者, 见习记者, 实习生, 首席记者, and the provincial and city
# papers' newer 全媒体记者 / 融媒体记者 (海岛日报全媒体记者 某某).
ROLE_QUALIFIERS = ("特约", "见习", "实习", "首席", "全媒体", "融媒体", "新媒体")
# Roles in a byline, before the names: 记者某某, 通讯员某某, 摄影某某, and a signed piece's 作者 某某
# or 本报评论员 某某.
ROLES = ("摄影记者", "记者", "通讯员", "实习生", "摄影", "撰稿", "评论员", "作者")
# A photographer's mark after a name: 许丛军摄, 张博文摄影.
CREDIT_MARKS = ("摄影", "摄", "/摄")
# What opens a credit sentence inside a body (记者 某某, 编辑 某某, 图 某某, 来源:…).
CREDIT_ROLES = ("记者", "通讯员", "摄影", "摄", "编辑", "责编", "责任编辑", "见习记者", "来源", "图", "文")
# Verbs that attribute speech: “……。”他说。 / 他表示, / …时强调.
SPEECH_VERBS = ("说", "表示", "指出", "强调", "介绍", "坦言", "感慨", "笑道", "说道", "回忆", "告诉记者", "补充道")
# Verbs that attribute a view or a report without a quotation of its own (他认为, 据他称, 告诉本报).
VIEW_VERBS = ("认为", "称", "告诉")

# --- labels printed on a page ------------------------------------------------------------------

# Labels over an opinion piece: the piece that follows is commentary (短评, 编者按, 今日谈).
COMMENTARY_LABELS = (
    "短评", "快评", "时评", "微评", "述评", "编后", "编后语", "编者按", "评论员文章", "本报评论员", "今日谈", "锐评",
)  # fmt: skip
# Labels that head an item of their own (a photo report, a reader's column), never a sub-heading.
ITEM_LABELS = (
    "图片报道", "图片新闻", "新闻图片", "新书架", "来论", "致读者", "欢迎赐稿", "征集", "征稿启事", "提案提要",
    "市场资讯", "图说", "读者来信",
)  # fmt: skip

# How the label of a column of short items ends (财经短波, 代表之声, 市场资讯, 海南简讯, 市县动态):
# the items under it are one article, titled by the label.
COLUMN_LABEL_ENDINGS = (
    "短波", "之声", "资讯", "简讯", "快讯", "短讯", "速递", "速览", "动态", "集锦", "提要", "来论", "来信", "建议",
    "新闻",
)  # fmt: skip
# Labels of a box printed after an article and belonging to it (■延伸阅读, 推荐读物, 链接): the
# box goes with the article above, even after its closing byline or note.
BOX_LABELS = (
    "推荐读物", "延伸阅读", "相关阅读", "相关链接", "知识链接", "背景链接", "新闻链接", "链接", "记者手记",
    "小贴士", "名词解释",
)  # fmt: skip
# Labels that open a part of an article's body (核心阅读, 开栏的话, a letter's 回  信), never a
# headline, however spaced out.
BODY_LABELS = ("开栏的话", "核心阅读", "内容提要", "阅读提示", "人物小传", "回信", "贺信", "贺电", "复信", "全文")

# Who made the page, in the credits at its foot (本版编辑：某某, 本版策划：某某): after 本版, the line
# is furniture.
PAGE_CREDITS = (
    "责编", "编辑", "主编", "邮箱", "校对", "检校", "审校", "策划", "统筹", "撰文", "制图", "美编", "美术编辑",
    "图片编辑", "版式设计", "版式", "稿件", "图片", "文字", "视觉设计",
)  # fmt: skip
# The same roles of a page's production printed alone with a colon (美编：某某  检校：某某); the
# roles of an article's making (统筹：, 策划：, 撰文：) are its credits instead.
EDITING_CREDITS = (
    "责编", "编辑", "主编", "校对", "检校", "审校", "美编", "美术编辑", "图片编辑", "版式设计", "版式", "视觉设计",
    "制图",
)  # fmt: skip

# What a web page says to its readers about itself, never news: disclaimers, copyright notes,
# calls to follow the account (本文仅代表作者观点, 如有侵权请联系删除, 请关注我们的公众号).
PUBLISHER_NOTES = (
    r"仅代表作者(?:本人)?(?:个人)?观点|不代表本(?:站|平台|网|号|报)(?:观点|立场)|免责声明|仅供参考"
    r"|不构成(?:任何)?投资建议|(?:投资|股市|入市)有风险|如有侵权|侵权请?联系|版权归原?作者|转载请注明"
    r"|来源于网络|关注(?:我们|本号|本公众号|公众号)|微信公众号|点击(?:关注|阅读原文|下方|上方|蓝字)"
    r"|长按(?:识别|二维码)|扫描?二维码|原标题[：:]"
)

# Section names printed alone at the top of a page (要闻, 观点): the page's furniture, not a title.
PAGE_SECTIONS = (
    "要闻", "观点", "评论", "国际", "国内", "体育", "文化", "经济", "社会", "综合", "时政", "副刊", "理论",
    "本地新闻", "地方新闻",
)  # fmt: skip
# How the name of a weekly or special section ends (文化周刊, 健康专刊, 两会特刊): furniture too.
PAGE_SECTION_ENDINGS = ("周刊", "专刊", "特刊", "副刊", "专版")

# Words of time that open a news lead (近日，… / 7月3日，… is written as a date): a report's first
# sentence says when, a sentence broken by a column does not go on with one.
LEAD_TIMES = (
    "近日", "日前", "昨天", "昨日", "今天", "今日", "前不久", "不久前", "近期", "日内", "当天", "当日",
    "当地时间", "今年以来", "近年来", "今年", "去年",
)  # fmt: skip

# --- headlines --------------------------------------------------------------------------------

# How a kicker (引题) ends when it leads into the main title: a verb of speech or the time of the
# event (…时强调, …考察时, 之际), as in the two-deck headlines of 新华社 and 人民日报 reports.
KICKER_ENDS = ("强调", "指出", "表示", "要求", "提出", "寄语", "勉励", "宣布", "时", "之际")
# A kicker that reports what was said in a clause of its own: …调研，强调以学促干.
KICKER_CLAUSES = ("强调", "要求", "指出", "勉励")
# Verbs of exhortation that open a main title stating a thesis (推动…, 确保…, 让…): in two-deck
# headlines of official news the factual line above such a title is its kicker.
TITLE_VERBS = (
    "推动", "推进", "深化", "加快", "确保", "坚持", "聚焦", "努力", "全力", "奋力", "着力", "做好", "打造",
    "加强", "强化", "提升", "促进", "筑牢", "汇聚", "凝聚", "谱写", "书写", "绘就", "持续", "不断", "切实",
    "共同", "携手", "把", "让", "以",
)  # fmt: skip

# --- names ------------------------------------------------------------------------------------

# Common single-character surnames, about 230, roughly the most frequent first: a bare line of
# names, or a name the tagger found, must start with one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝言郁钭郦"
)
# Variant and rarer forms a tagged name may start with, though a byline rarely does (阎 beside 闫).
SURNAME_VARIANTS = frozenset("阎尚揭鞠鄢隗茅")
# The twenty commonest surnames: a three-character "nr" dictionary word starting with one is far
# more often a person (王建国) than a mis-tagged common word.
TOP_SURNAMES = frozenset("王李张刘陈杨黄赵吴周徐孙胡朱高林何郭马罗")
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙")
# Marks that may open a byline set above the body in some papers (■ 本报记者 某某).
BYLINE_BULLETS = "■●▲◆□★☆▶►•"
# Middle dots that join the parts of a transliterated or minority name (阿依·买买提).
NAME_DOTS = "·•・"

# --- places -------------------------------------------------------------------------------------

# Administrative units that end a place name in full (南通 -> 南通市), longest first.
PLACE_UNITS = ("市", "省", "县", "区", "州", "镇", "乡", "自治区", "特别行政区")
# Single characters that end a place before a reader's name in a letter (江苏泰州市 张先生).
PLACE_ENDS = "省市县区州旗盟"
# Heads of the names of smaller places (海港新村, 人民路, 锦绣小区): a place name right before one
# is the first part of that longer name, not a place of its own.
PLACE_HEADS = ("新村", "村", "路", "街", "巷", "小区", "社区", "公园", "广场", "大道", "大桥", "花园", "新城")

# --- organizations --------------------------------------------------------------------------------

# Legal forms that end an organization's registered name (国投新能源投资有限公司, 江海集团): a word
# ending in one that only ever follows other nouns is the tail of that name, not a term of its own.
LEGAL_FORMS = ("公司", "集团", "研究院", "设计院", "研究所", "银行")

# --- words that are never the edge of a term ------------------------------------------------------

# Numerals and quantifiers that open a phrase, never a noun (两主, 多项, 各地); by the Chinese
# grammars' word classes 数词 and 代词 (每, 各, 某, 另).
NUMERAL_CHARS = "一二三四五六七八九十百千万亿两几多数每各某另首"

# What follows a number that counts or measures something (20个项目, 118.11亿元, 30%): a
# sentence that gives one says how much. Dates and times (2023年, 4日, 9时) are not among them.
MEASURES = (
    "%", "％", "‰", "万", "亿", "千", "百", "余", "多", "倍", "个", "家", "项", "名", "人", "位",
    "元", "美元", "吨", "公斤", "千克", "公里", "千米", "米", "平方米", "亩", "公顷", "辆", "台",
    "件", "套", "次", "所", "座", "户", "场", "条", "张", "批", "种", "款", "只", "头", "部", "艘",
    "架", "份", "间", "栋", "处", "岁", "天", "小时", "分钟", "年间",
)  # fmt: skip

# Prepositions and conjunctions the tokenizer's unknown-word model glues onto the next word
# (对小微, 在全市, 与会): a word opened by one is a phrase, not a term.
FUNCTION_CHARS = "对在向和与从把被将为于以及或由给跟同让等"

# --- sentences a reader would not pick ------------------------------------------------------------

# Who is present, said after the news: …负责同志等参加会议。 / …陪同调研。 Verbs of attendance and
# the events they close, as printed at the end of official reports.
ATTENDANCE_VERBS = ("参加", "出席", "陪同", "列席")
ATTENDED_EVENTS = ("会议", "活动", "调研", "考察", "仪式", "座谈会", "座谈", "开幕式", "签约仪式", "会见", "会谈")
# What may stand between the verb and the event in such a line (参加相关活动, 陪同上述调研).
EVENT_DETERMINERS = ("相关", "有关", "上述", "以上", "本次", "此次")

# --- punctuation (GB/T 15834) -----------------------------------------------------------------

# Marks that end a sentence.
FULL_STOPS = "。！？!?…"
# Marks that end a clause which may stand as a sentence of its own.
CLAUSE_STOPS = "；;"
# Marks that close a quotation or a bracket and stay with the sentence before them.
CLOSERS = "”’」』）)】》〉]\"'"


def alternation(words: tuple[str, ...]) -> str:
    """A regular-expression group matching any of `words`, tried in the tuple's order.

    >>> alternation(("摄影", "摄"))
    '(?:摄影|摄)'
    """
    return "(?:" + "|".join(map(re.escape, words)) + ")"


__all__ = [
    "HAN",
    "OWN_PAPER",
    "WIRE_SERVICES",
    "OUTLET_ENDINGS",
    "BYLINE_OUTLETS",
    "CITED_OPENING",
    "CITED_ENDINGS",
    "ROLE_QUALIFIERS",
    "ROLES",
    "CREDIT_MARKS",
    "CREDIT_ROLES",
    "SPEECH_VERBS",
    "VIEW_VERBS",
    "COMMENTARY_LABELS",
    "ITEM_LABELS",
    "COLUMN_LABEL_ENDINGS",
    "BOX_LABELS",
    "BODY_LABELS",
    "PAGE_CREDITS",
    "PUBLISHER_NOTES",
    "EDITING_CREDITS",
    "PAGE_SECTIONS",
    "PAGE_SECTION_ENDINGS",
    "LEAD_TIMES",
    "KICKER_ENDS",
    "KICKER_CLAUSES",
    "TITLE_VERBS",
    "SURNAMES",
    "SURNAME_VARIANTS",
    "TOP_SURNAMES",
    "COMPOUND_SURNAMES",
    "NAME_DOTS",
    "BYLINE_BULLETS",
    "PLACE_UNITS",
    "PLACE_ENDS",
    "PLACE_HEADS",
    "LEGAL_FORMS",
    "NUMERAL_CHARS",
    "FUNCTION_CHARS",
    "ATTENDANCE_VERBS",
    "ATTENDED_EVENTS",
    "EVENT_DETERMINERS",
    "FULL_STOPS",
    "CLAUSE_STOPS",
    "CLOSERS",
    "alternation",
]
