"""Page text -> articles: lines -> blocks -> roles -> articles -> rejoined paragraphs -> stitched pieces.

Every rule here is a general cue of Chinese newspaper layout (sentence-final punctuation,
line length, dateline and byline shapes, jump markers), never a fact about one page.
"""

from __future__ import annotations

import bisect
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field

from digest.model import COMMENTARY, FURNITURE, NEWS, PHOTO, Article, Document, Record

# --- regexes -------------------------------------------------------------------------

# Markdown marks that some dumps leave around headlines (## ...) and bold names (**...**).
MD_HEADING = re.compile(r"^#{1,6}\s*")
MD_BOLD = re.compile(r"\*{2,}")

# A CJK character; names and headline tests are built from it.
CJK = "\u3400-\u4dbf\u4e00-\u9fff"

# Jump markers: (上接A1版) at the start of a piece, (下转2版) at its end. Parentheses are
# required for the one-character verbs 接/转 because bare 接…版 could be ordinary text.
JUMP = re.compile(
    r"[(（]\s*(上接|下转|接上|转下|接|转)\s*(?:第\s*)?([A-Za-z]{0,2}\d{1,3})\s*版\s*[)）]"
    r"|(上接|下转)\s*(?:第\s*)?([A-Za-z]{0,2}\d{1,3})\s*版"
)

# Datelines at the start of a body paragraph: 本报讯 / 晚报讯 / 新华社北京6月30日电, optionally
# followed by the reporters in parentheses. The agency marker is kept, the names go to authors.
DATELINE = re.compile(
    rf"^(?P<mark>(?:本报|晚报|本刊|[{CJK}]{{2,6}}?(?:日报|晚报|报|社|网|台))讯"
    rf"|(?:本报|新华社|中新社|[{CJK}]{{2,6}}?(?:日报|报|社|网|台))[{CJK}]{{0,12}}?\d{{1,2}}月\d{{1,2}}日电)"
    r"\s*"
    r"(?:[(（](?P<who>[^()（）]{1,40})[)）])?\s*"
)

# The same agency marker printed at the end of an article: （新华社北京7月1日电  新华社记者）.
# Compiled when first needed (re caches it): it is rare, and each CJK range costs ~1 ms to compile.
TRAILING_DATELINE = (
    rf"^[(（]\s*(?P<mark>(?:新华社|本报|中新社|[{CJK}]{{2,6}}?(?:日报|报|社|网|台))[{CJK}]{{0,12}}?"
    r"\d{1,2}月\d{1,2}日电)\s*(?P<who>[^()（）]{0,40})[)）]$"
)

# Role words in a byline; what remains after removing them must be names.
ROLE = re.compile(
    r"^(?:本报|新华社|人民日报|中新社|本刊|本台|央视)?(?:特约|见习|实习|首席)?"
    r"(?:摄影记者|记者|通讯员|实习生|摄影|撰稿|通讯员)"
)
# A photographer's or writer's mark after a name: 许丛军摄, 张博文摄.
CREDIT_SUFFIX = re.compile(r"(?:摄影|摄|/摄)$")
# A short agency tag after a photo credit: 肖本祥摄（人民视觉）.
TAG_SUFFIX = re.compile(r"[(（][^()（）]{1,8}[)）]$")
# A byline glued to the end of the last sentence: ...亿元。记者刘璐 / ...之感。 江建华
GLUED_BYLINE = re.compile(
    rf"(?:(?<=[。！？!?”」』…])|\s)\s*((?:本报|新华社)?(?:记者|通讯员)[\s{CJK}、，,·]{{2,30}}"
    rf"|[{CJK}]{{2,4}}(?:\s+[{CJK}]{{2,4}}){{0,2}})$"
)
# Separators between names in a byline.
NAME_SEP = re.compile(r"[\s、，,;；]+")


# Names, places and signatures are tested in Python rather than with CJK character classes,
# which cost about a millisecond each to compile on every start. Like a regex `$`, each test
# allows one final line break.
_DOTS = "·•・"
_PLACE_ENDS = "省市县区州旗盟"


def is_cjk(ch: str) -> bool:
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def all_cjk(text: str) -> bool:
    return all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in text)


def _line(text: str) -> str:
    return text[:-1] if text.endswith("\n") else text


def is_name(text: str) -> bool:
    """A personal name: 2-4 CJK characters, or a minority name joined by a middle dot (阿依·买买提)."""
    t = _line(text)
    if 2 <= len(t) <= 4 and all_cjk(t):
        return True
    for i, ch in enumerate(t):
        if ch in _DOTS:
            return 1 <= i <= 5 and 1 <= len(t) - i - 1 <= 6 and all_cjk(t[i + 1 :])
        if not is_cjk(ch):
            return False
    return False


def is_place(text: str) -> bool:
    """A place before a reader's name: 江苏泰州市, 河南省许昌市."""
    t = _line(text)
    return 3 <= len(t) <= 13 and t[-1] in _PLACE_ENDS and all_cjk(t[:-1])


def signature(text: str) -> str | None:
    """The name in a commentary signature (·彭军君· under a 短评), or None."""
    t = _line(text)
    if len(t) < 2 or t[0] not in _DOTS or t[-1] not in _DOTS:
        return None
    name = t[1:-1].strip()
    return name if 2 <= len(name) <= 4 and all_cjk(name) else None

# Sentence-final punctuation, possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)\]】]*$|[。！？!?…]+[”’」』]*[（(][^()（）]{0,20}[)）]$")
# The end of a sentence of English prose: a letter or digit, then . ! or ?, perhaps in quotes.
LATIN_SENTENCE_END = re.compile(r"[A-Za-z0-9][.!?][\"')]?$")
# Characters after which a line cannot end a headline: it breaks off mid-sentence.
OPEN_END = re.compile(r"[、，,；;（(“‘《]$")
# A full stop inside a line: a headline never contains one.
INNER_STOP = re.compile(r"[。！？!?][^”’」』）)]")
# Clause commas: a head-shaped line with two of them reads like a piece of a paragraph.
CLAUSE_COMMA = re.compile(r"[，,]")
# A line wholly in parentheses is a note or credit of the text above (（本报记者某某参与采写）).
WHOLE_PAREN = re.compile(r"^[(（][^()（）]*(?:[(（][^()（）]*[)）][^()（）]*)*[)）]$")
# Labels that open or sign a box inside an article body (核心阅读, ——编者), not headlines.
BODY_LABEL = re.compile(
    r"^(?:【[^【】]{1,8}】|[一二三四五六七八九十]{1,3}|推荐读物|开栏的话|核心阅读|内容提要|阅读提示|人物小传|资料来源[:：].*|——\s*编\s*者|这正是[:：])$"
)
# Notes in parentheses that close an article: the author, helpers, or a dateline printed last.
END_NOTE = re.compile(
    r"^[(（]\s*(?:作者|本报|新华社|摘编自|本系列|本文)|参与采写|整理[)）]$|\d日电|[电讯][)）]$|[(（][^()（）]*记者[^()（）]*[)）]$"
)
# Photo and editing credits that byline parsing cannot split into names: 本报记者某某文 某某摄,
# 某某 某某摄影报道, 以上图片均为某某摄（影像中国）, 本期统筹：某某.
CREDIT_LINE = re.compile(
    r"摄(?:影)?(?:报道)?(?:[(（][^()（）]{1,8}[)）])?$|^(?:本期统筹|统筹|栏目投稿邮箱|投稿邮箱)[:：]|^(?:以上图片|本版图片)"
)
# Labels that head an item of their own (a photo report, a reader's column), never a sub-heading.
NEW_ITEM = re.compile(
    r"^(?:图片报道|图片新闻|新闻图片|新书架|来论|致读者|欢迎赐稿|征集|征稿启事|提案提要|市场资讯|图说)$"
)
# Lead-in bullets and list marks that start a paragraph of their own.
BULLET = re.compile(r"^[■●▲◆□○◇★☆▶►•\-—]{1}(?!—)")
# A column tag closing a headline: （人民时评）, （今日谈）.
COLUMN_TAG = re.compile(r"[(（][^()（）]{2,24}[)）]$")
# A commentary column tag or a commentary label line.
COMMENTARY_TAG = re.compile(r"[(（][^()（）]{0,8}[评论谈][^()（）]{0,4}[)）]$")
COMMENTARY_LABEL = re.compile(
    r"^(?:短评|快评|时评|微评|述评|编后|编后语|编者按|评论员文章|本报评论员|今日谈|锐评)[:：]?$"
)
# Page furniture that is not an article: teasers (>>02), social-media labels, page credits.
FURNITURE_LINE = re.compile(
    r"^(?:>>|》》|→)\s*\S{0,6}$"
    r"|^(?:官方)?(?:微信|微博|抖音|快手|视频号|客户端|公众号|APP|App)(?:公众号|号|账号)?$"
    r"|^(?:扫码|扫一扫|扫描二维码|长按二维码)"
    r"|^(?:本版|责任)(?:责编|编辑|主编|邮箱|校对)"
    r"|^本版(?:稿件|图片|文字)"
    r"|^(?:版式设计|美术编辑|图片编辑|制图)[:：]"
    r"|^《\s*[^《》]{2,10}\s*》\s*[(（]\s*\d{4}年\d{1,2}月\d{1,2}日\s*[A-Za-z]?\d{1,3}\s*版\s*[)）]$"
)
# Words that open a photo caption.
PHOTO_CUE = re.compile(r"图为|(?:^|[。！？])[左右上下中]图")

# Common single- and double-character surnames: a bare line of names must start with one.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝言郁钭郦"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "令狐", "夏侯", "长孙")

# --- small data types -------------------------------------------------------------------

HEAD, BODY, BYLINE, JUMP_FROM, JUMP_TO, LABEL, JUNK = "head", "body", "byline", "from", "to", "label", "junk"
END = "end"  # a note in parentheses that closes an article
CREDIT = "credit"  # a photo or editing credit: no part of the text, and it ends nothing

# Endings of a line that introduces what follows.
LEAD_INS = ("——", "：", ":")
# Longest line that may still be a headline (long double-decker titles reach ~80 characters).
MAX_HEADLINE = 100
# A head-like line longer than this right after an unfinished paragraph is that paragraph's tail.
MAX_FRAGMENT_HEAD = 32
# Longest line that may be a sub-heading inside an article.
MAX_SUBHEAD = 40
# Under a title closed by a column tag, a longer line made of clauses is the lead-in of the body.
MAX_LEADIN_HEAD = 12
# A dated report or column piece shorter than this has no sub-headings.
MIN_FEATURE = 800
# A sentence fragment that completes a broken sentence is short.
MAX_STITCH_FRAGMENT = 16


@dataclass(frozen=True, slots=True)
class Block:
    """One non-empty line of the page with its role."""

    text: str
    role: str
    label: str | None = None  # page label of a jump marker


@dataclass(slots=True)
class Draft:
    """An article being assembled; frozen into an Article at the end."""

    headline: list[str] = field(default_factory=list)
    paragraphs: list[str] = field(default_factory=list)
    subheads: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    dateline: str | None = None
    continued_from: str | None = None
    continues_to: str | None = None
    closed: bool = False  # a byline or a jump-out marker ended it
    photo_credit: bool = False
    commentary: bool = False
    furniture: bool = False


# --- public API -------------------------------------------------------------------------


def parse_page(text: str, source: str = "<page>") -> Document:
    """Split one page of text into articles and furniture, in page order."""
    blocks = classify(split_lines(text))
    drafts = stitch_pieces(gather_contributions(group_articles(blocks)))
    articles = tuple(freeze(d, f"{source}#{i + 1}", i) for i, d in enumerate(drafts))
    return Document(source=source, articles=articles)


def parse_record(record: Record) -> Article:
    """One JSONL record -> one article: title lines are the headline, text lines the paragraphs."""
    headline = [clean_line(h) for h in (record.title or "").split("\n")]
    draft = Draft(headline=[h for h in headline if h])
    lines = split_lines(record.text or "")
    for n, line in enumerate(lines):
        names = parse_byline(line, bare_ok=True) if n == len(lines) - 1 and draft.paragraphs else None
        if names is not None:  # a byline line closes the record
            draft.authors.extend(names)
            draft.photo_credit = is_photo_credit(line)
        else:
            add_body(draft, line)
    take_glued_byline(draft)
    return freeze(draft, record.id or str(record.line), 0, default_kind=NEWS)


# --- step 1: lines ----------------------------------------------------------------------


def clean_line(line: str) -> str:
    """A line without markdown marks and surrounding whitespace."""
    line = MD_HEADING.sub("", line.strip())
    return MD_BOLD.sub("", line).strip()


def split_lines(text: str) -> list[str]:
    """The page's non-empty lines, cleaned."""
    if not isinstance(text, str):
        return []
    return [c for c in (clean_line(raw) for raw in text.splitlines()) if c]


# --- step 2: roles ----------------------------------------------------------------------


def ends_sentence(line: str) -> bool:
    """Does the line end with sentence-final punctuation (。！？… perhaps in quotes), or is it a
    sentence of Latin-script prose (words, then a full stop after a letter)?"""
    if SENTENCE_END.search(line[-40:]) is not None:
        return True
    return " " in line and LATIN_SENTENCE_END.search(line[-4:]) is not None


def could_be_headline(line: str) -> bool:
    """Could the line, on its own shape, be a headline line?"""
    tag = COLUMN_TAG.search(line)
    if tag and tag.start() <= MAX_SUBHEAD and line[tag.start() - 1 : tag.start()] in ("？", "！", "?", "!"):
        line = line[: tag.start() - 1]  # a question as a title: 什么植物适合盐碱地？（栏目）
    if line.startswith("——") and line.endswith(("？", "?")):
        line = line[:-1]  # a subtitle may be a question: ——如何理解…？
    if len(line) > MAX_HEADLINE or ends_sentence(line) or OPEN_END.search(line):
        return False
    if INNER_STOP.search(line) or DATELINE.match(line) or BULLET.match(line):
        return False
    if len(CLAUSE_COMMA.findall(line)) >= 3:  # a list of clauses is prose, not a title
        return False
    return not (WHOLE_PAREN.match(line) or BODY_LABEL.match(line))


def jump_label(line: str) -> tuple[str, str] | None:
    """(role, page label) when the whole line is a jump marker."""
    m = JUMP.fullmatch(line.strip())
    if m is None:
        return None
    verb = m.group(1) or m.group(3)
    label = (m.group(2) or m.group(4)).upper()
    return (JUMP_TO if "转" in verb else JUMP_FROM), label


def classify(lines: list[str]) -> list[Block]:
    """Give every line a role from its shape, then fix the roles that depend on neighbours."""
    blocks: list[Block] = []
    for line in lines:
        jump = jump_label(line)
        if jump is not None:
            blocks.append(Block(line, jump[0], jump[1]))
        elif FURNITURE_LINE.search(line):
            blocks.append(Block(line, JUNK))
        elif COMMENTARY_LABEL.match(line):
            blocks.append(Block(line, LABEL))
        elif parse_byline(line, bare_ok=True) is not None:
            blocks.append(Block(line, BYLINE))
        elif CREDIT_LINE.search(line) and len(line) <= MAX_FRAGMENT_HEAD + 8 and not INNER_STOP.search(line):
            blocks.append(Block(line, CREDIT))
        elif could_be_headline(line):
            blocks.append(Block(line, HEAD))
        else:
            blocks.append(Block(line, BODY))
    return fix_roles(blocks)


def fix_roles(blocks: list[Block]) -> list[Block]:
    """Roles that depend on the neighbours, decided line by line in page order."""
    out: list[Block] = []
    for i, b in enumerate(blocks):
        prev = out[-1] if out else None
        nxt = blocks[i + 1] if i + 1 < len(blocks) else None
        for rule in ROLE_RULES:
            b = rule(b, prev, nxt, blocks, i)
        out.append(b)
    return out


def bare_byline_needs_body(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A bare name line (方某 许某) only signs an article that has a body right above it, or a
    piece whose one-line title is right above it and body right below (让科学教育更科学 / 姚建欣)."""
    under_title = (
        prev is not None and prev.role == HEAD and nxt is not None and nxt.role == BODY
        and (i < 2 or blocks[i - 2].role != HEAD) and len("".join(b.text.split())) <= 3
    )  # fmt: skip
    if b.role == BYLINE and not has_role_word(b.text) and (prev is None or prev.role != BODY) and not under_title:
        return Block(b.text, HEAD if could_be_headline(b.text) else BODY)
    return b


def prose_after_body(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A long or comma-laden head-shaped line after body text is body text: always after an
    unfinished paragraph, else unless a head line or a dateline paragraph follows it."""
    if b.role != HEAD or prev is None or prev.role != BODY or not looks_like_prose(b.text):
        return b
    titled = (nxt is not None and nxt.role == HEAD) or heads_dateline(blocks, i)
    return Block(b.text, BODY) if not ends_sentence(prev.text) or not titled else b


def source_after_body(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """——某某 after body text is a quotation's source; a ——subtitle follows a title."""
    if b.role == HEAD and prev is not None and prev.role == BODY and b.text.startswith("——"):
        return Block(b.text, BODY)
    return b


def lead_in_under_column_title(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """Under a title, a long line of clauses is the body's lead-in (shorter ones count under a
    title closed by a column tag such as （人民时评））."""
    if b.role != HEAD or prev is None or prev.role != HEAD or b.text.startswith("——"):
        return b
    if not CLAUSE_COMMA.search(b.text) or nxt is None or nxt.role != BODY or heads_dateline(blocks, i):
        return b
    limit = MAX_LEADIN_HEAD if COLUMN_TAG.search(prev.text) else MAX_FRAGMENT_HEAD - 2
    return Block(b.text, BODY) if len(b.text) > limit else b


def closing_note(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """(作者为…), (本报记者…参与采写), (本报迪拜8月3日电) end an article."""
    if b.role == BODY and WHOLE_PAREN.match(b.text) and END_NOTE.search(b.text):
        return Block(b.text, END)
    return b


def lead_in_line(b: Block, prev: Block | None, nxt: Block | None, blocks: list[Block], i: int) -> Block:
    """A kicker (某某—— / 外交部发言人：) is followed by its title; between body paragraphs such a
    line introduces a speaker or a section inside the article."""
    between_body = prev is not None and prev.role == BODY and nxt is not None and nxt.role == BODY
    return Block(b.text, BODY) if b.role == HEAD and b.text.endswith(LEAD_INS) and between_body else b


ROLE_RULES: tuple[Callable[[Block, Block | None, Block | None, list[Block], int], Block], ...] = (
    bare_byline_needs_body,
    prose_after_body,
    source_after_body,
    lead_in_under_column_title,
    closing_note,
    lead_in_line,
)


def looks_like_prose(line: str) -> bool:
    """Is a head-shaped line long or comma-laden enough to be a piece of a paragraph?"""
    if COLUMN_TAG.search(line) and len(line) <= MAX_HEADLINE // 2 and not CLAUSE_COMMA.search(line):
        return False  # a column tag (人民时评) closes a title, never a piece of prose
    return len(line) > MAX_FRAGMENT_HEAD or len(CLAUSE_COMMA.findall(line)) >= 2


def heads_dateline(blocks: list[Block], i: int) -> bool:
    """Is block i part of a run of head lines that a dateline paragraph follows?"""
    j = i + 1
    while j < len(blocks) and blocks[j].role in (HEAD, JUNK) and j - i < 6:
        j += 1
    return j < len(blocks) and blocks[j].role == BODY and DATELINE.match(blocks[j].text) is not None


# --- bylines and datelines --------------------------------------------------------------


def has_role_word(line: str) -> bool:
    """Does a byline name a role (记者, 通讯员) or a credit (摄), or is it a signature?"""
    if re.search(r"记者|通讯员|实习生|摄", line) or signature(line):
        return True
    first = NAME_SEP.split(line.strip(), maxsplit=1)[0]
    return is_place(first)


def is_photo_credit(line: str) -> bool:
    """Is the byline a photographer's credit?"""
    return "摄" in line


def is_bare_name(token: str) -> bool:
    """A name standing alone must start with a common surname; two-syllable surnames allow 4 chars."""
    if token.startswith(COMPOUND_SURNAMES):
        return 3 <= len(token) <= 4
    return token[:1] in SURNAMES and 2 <= len(token) <= 3


def parse_byline(line: str, bare_ok: bool) -> tuple[str, ...] | None:
    """The names in a byline line (记者司占伟 通讯员邢辉, 本报记者 张亮, ·彭军君·), or None."""
    s = line.strip()
    if not s or len(s) > 40:
        return None
    sig = signature(s)
    if sig:
        return (sig,)
    s = TAG_SUFFIX.sub("", s).strip()
    tokens = [t for t in NAME_SEP.split(s) if t]
    if not tokens or len(tokens) > 8:
        return None
    place = False
    if len(tokens) >= 2 and is_place(tokens[0]):
        tokens, place = tokens[1:], True  # a reader's letter: 江苏泰州市  张先生
    if bare_ok and len(tokens) == 2 and len(tokens[0]) == 1 and len(tokens[1]) <= 2:
        tokens = [tokens[0] + tokens[1]]  # a short name set with spaces: 郅  延文
    tokens = join_spaced_names(tokens)
    if bare_ok and len(tokens) == 1 and tokens[0].endswith("文") and is_bare_name(tokens[0][:-1]):
        tokens = [tokens[0][:-1]]  # a writer's credit: 吴雁南文
    names: list[str] = []
    had_role = False
    for token in tokens:
        rest = token
        while True:
            m = ROLE.match(rest)
            if not m:
                break
            had_role = True
            rest = rest[m.end() :]
        if CREDIT_SUFFIX.search(rest):
            had_role = True
            rest = CREDIT_SUFFIX.sub("", rest)
        if not rest:
            continue
        if not is_name(rest):
            return None
        names.append(rest)
    if not names:
        return None
    if place and len(names) == 1:
        return tuple(names)
    if not had_role and not (bare_ok and len(names) <= 4 and all(is_bare_name(n) for n in names)):
        return None
    return tuple(names)


def join_spaced_names(tokens: list[str]) -> list[str]:
    """A two-character name set with a space to fill three places, after a role: 本报记者  吴  丹."""
    out: list[str] = []
    after_role = False  # right after a role, or after a name joined this way
    i = 0
    while i < len(tokens):
        if after_role and i + 1 < len(tokens) and len(tokens[i]) == len(tokens[i + 1]) == 1 and tokens[i] in SURNAMES:
            out.append(tokens[i] + tokens[i + 1])
            i += 2
            continue
        role = ROLE.match(tokens[i])
        after_role = role is not None and role.end() == len(tokens[i])
        out.append(tokens[i])
        i += 1
    return out


def names_in(who: str) -> list[str]:
    """Reporter names inside a dateline's parentheses: （记者赵婀娜、黄超）."""
    found = parse_byline(who, bare_ok=False)
    if found is not None:
        return list(found)
    names: list[str] = []
    for token in NAME_SEP.split(who):
        while (m := ROLE.match(token)) is not None and m.end() > 0:
            token = token[m.end() :]
        token = CREDIT_SUFFIX.sub("", token)
        if token and is_name(token):
            names.append(token)
    return names


def split_dateline(paragraph: str) -> tuple[str | None, list[str], str]:
    """(agency marker, reporters, rest of the paragraph) for a paragraph that opens with a dateline."""
    m = DATELINE.match(paragraph)
    if m is None:
        return None, [], paragraph
    who = m.group("who")
    names = names_in(who) if who else []
    if who and not names and not re.search(r"记者|通讯员", who):
        # the parentheses belong to the text, not to the dateline
        return m.group("mark"), [], paragraph[len(m.group("mark")) :].lstrip()
    return m.group("mark"), names, paragraph[m.end() :]


def take_glued_byline(draft: Draft) -> None:
    """Move a byline glued to the end of the last paragraph (…亿元。记者刘璐) into authors."""
    if not draft.paragraphs:
        return
    last = draft.paragraphs[-1]
    tail = last[-48:]
    m = GLUED_BYLINE.search(tail)
    if m is None:
        return
    names = parse_byline(m.group(1), bare_ok=True)
    if names is None:
        return
    body = last[: len(last) - len(tail) + m.start()].rstrip()
    if not body or not ends_sentence(body):
        return
    draft.paragraphs[-1] = body
    draft.authors.extend(names)
    draft.photo_credit = draft.photo_credit or is_photo_credit(m.group(1))


# --- step 3: articles -------------------------------------------------------------------


def strip_jumps(draft: Draft, paragraph: str) -> str:
    """Remove jump markers from a paragraph, recording them on the draft."""
    if "版" not in paragraph:
        return paragraph
    for m in JUMP.finditer(paragraph):
        verb = m.group(1) or m.group(3)
        label = (m.group(2) or m.group(4)).upper()
        if "转" in verb:
            draft.continues_to = draft.continues_to or label
        else:
            draft.continued_from = draft.continued_from or label
    return JUMP.sub("", paragraph).strip()


def add_body(draft: Draft, paragraph: str) -> None:
    """Append a body paragraph, taking a leading dateline and jump markers out of it."""
    paragraph = strip_jumps(draft, paragraph)
    if not draft.paragraphs and draft.dateline is None:
        mark, names, rest = split_dateline(paragraph)
        if mark is not None:
            draft.dateline = mark
            draft.authors.extend(names)
            paragraph = rest.strip()
    if paragraph:
        draft.paragraphs.append(paragraph)


def subhead_shape(line: str) -> bool:
    """Is a single line shaped like a sub-heading: short, no column tag, no kicker mark?"""
    if len(line) > MAX_SUBHEAD or COLUMN_TAG.search(line):
        return False
    return not line.endswith(LEAD_INS) and not line.startswith("——")


def group_end(blocks: list[Block], i: int) -> int:
    """Index after the run of head lines that starts at i."""
    k = i
    while k < len(blocks) and blocks[k].role == HEAD:
        k += 1
    return k


def is_photo_run(blocks: list[Block], k: int) -> bool:
    """Is the body from k a short caption closed by a photographer's credit (a photo item)?"""
    chars = count = 0
    while k < len(blocks) and blocks[k].role == BODY:
        chars += len(blocks[k].text)
        count += 1
        k += 1
    if k < len(blocks) and blocks[k].role == BYLINE and is_photo_credit(blocks[k].text):
        return count <= 3 and chars < 400
    return False


def subhead_candidate(blocks: list[Block], i: int, k: int) -> bool:
    """Could the head lines i..k-1 be sub-headings by shape and place (body above and below)?"""
    group = [b.text for b in blocks[i:k]]
    if i == 0 or blocks[i - 1].role != BODY or k >= len(blocks) or blocks[k].role != BODY:
        return False
    if DATELINE.match(blocks[k].text) or is_photo_run(blocks, k) or len(group) > 4:
        return False
    if any(NEW_ITEM.match(g) or COLUMN_TAG.search(g) for g in group):
        return False
    if len(group) == 1:
        return subhead_shape(group[0])
    # A line opening with a dash is a headline's subtitle (——访商务部部长王文涛): a new article.
    return all(len(g) <= 30 for g in group) and not any(g.startswith("——") for g in group[1:])


def subhead_series(blocks: list[Block]) -> dict[int, list[int]]:
    """For each head-line group that could be a sub-heading, the starts of the groups with as many
    lines in the same unbroken stretch of text: a feature's sub-headings come in series, a lone
    short title after an article does not."""
    series: dict[int, list[int]] = {}
    stretch: dict[int, list[int]] = {}

    def close_stretch() -> None:
        for starts in stretch.values():
            for start in starts:
                series[start] = starts
        stretch.clear()

    i = 0
    while i < len(blocks):
        role = blocks[i].role
        if role == HEAD:
            k = group_end(blocks, i)
            if subhead_candidate(blocks, i, k):
                stretch.setdefault(k - i, []).append(i)
            else:
                close_stretch()
            i = k
            continue
        if role != BODY:
            close_stretch()
        i += 1
    close_stretch()
    return series


def is_subhead_group(
    blocks: list[Block], i: int, current: Draft | None, series: dict[int, list[int]], since: int
) -> bool:
    """Is the run of head lines at i sub-headings inside the open article (begun at block `since`)
    rather than a new headline? It needs a partner of the same shape in that article."""
    if current is None or current.closed or not current.paragraphs or current.furniture:
        return False
    members = series.get(i, [])  # ascending; i is one of them and comes after `since`
    partner = members[-1] if members and members[-1] != i else (members[-2] if len(members) > 1 else -1)
    if partner <= since:
        return False
    # a short dated report or column piece (今日谈) has no sub-headings: this is the next article
    short = sum(map(len, current.paragraphs)) < MIN_FEATURE
    return not (short and (current.dateline is not None or any(COMMENTARY_TAG.search(h) for h in current.headline)))


def subhead_before_tail(blocks: list[Block], i: int, current: Draft | None) -> bool:
    """In a feature that already has sub-headings, is line i one more, followed by a paragraph
    whose first line is head-shaped (a clause with a comma, broken off by the column)?"""
    if current is None or not current.subheads or i == 0 or i + 2 >= len(blocks):
        return False
    nxt, after = blocks[i + 1], blocks[i + 2]
    if nxt.role != HEAD or after.role != BODY or DATELINE.match(after.text):
        return False
    if COLUMN_TAG.search(nxt.text) or not CLAUSE_COMMA.search(nxt.text) or len(nxt.text) < 12:
        return False
    if current.closed or not current.paragraphs or current.furniture or blocks[i - 1].role != BODY:
        return False
    return subhead_shape(blocks[i].text)


@dataclass(slots=True)
class Walk:
    """The state of one walk over a page's blocks: the drafts so far and what is still pending."""

    blocks: list[Block]
    series: dict[int, list[int]]  # sub-heading candidates and their partners (subhead_series)
    drafts: list[Draft] = field(default_factory=list)
    current: Draft | None = None
    heads: list[str] = field(default_factory=list)  # head lines waiting for their body
    pending_authors: list[str] = field(default_factory=list)  # a byline printed under the headline
    pending_from: str | None = None  # a lone (上接A1版) waiting for its piece
    commentary: bool = False  # a 短评 label waiting for its piece
    since: int = 0  # block index where the current article began
    subhead_lines: set[int] = field(default_factory=set)  # later lines of an accepted sub-heading group
    tails: set[int] = field(default_factory=set)  # head-shaped first lines of a broken paragraph

    def is_open(self) -> bool:
        """Is there an article that text may still be added to?"""
        return self.current is not None and not self.current.closed and not self.heads

    def furniture(self, text: str) -> None:
        """Record a line that is not an article."""
        self.drafts.append(Draft(headline=[text], furniture=True, closed=True))

    def flush_heads(self) -> None:
        """Head lines that no body follows are teasers: furniture."""
        for h in self.heads:
            self.furniture(h)
        self.heads = []

    def head(self, i: int, b: Block) -> None:
        """A head line: a sub-heading of the open article, or a line of the next headline."""
        current = self.current
        if current is not None and not self.heads and subhead_before_tail(self.blocks, i, current):
            self.tails.add(i + 1)
        elif current is None or not (
            i in self.subhead_lines
            or (not self.heads and is_subhead_group(self.blocks, i, current, self.series, self.since))
        ):
            self.heads.append(b.text)
            return
        else:
            self.subhead_lines.update(range(i, group_end(self.blocks, i)))
        current.subheads.append(b.text)
        current.paragraphs.append(b.text)

    def body(self, i: int, b: Block) -> None:
        """A body paragraph: it opens a new article after a headline, a closed article or a jump-in."""
        if self.current is None or self.current.closed or self.heads or self.pending_from is not None:
            self.since = i
            self.current = Draft(
                headline=self.heads,
                authors=self.pending_authors,
                continued_from=self.pending_from,
                commentary=self.commentary,
            )
            self.drafts.append(self.current)
            self.heads, self.pending_authors, self.pending_from, self.commentary = [], [], None, False
        add_body(self.current, b.text)

    def byline(self, i: int, b: Block) -> None:
        """A byline signs and closes the open article, or the one whose headline is above it."""
        names = parse_byline(b.text, bare_ok=True) or ()
        if self.heads:
            self.pending_authors.extend(names)
        elif self.current is not None and self.is_open():
            self.current.authors.extend(names)
            self.current.photo_credit = self.current.photo_credit or is_photo_credit(b.text)
            self.current.commentary = self.current.commentary or signature(b.text) is not None
            self.current.closed = True
        else:
            self.furniture(b.text)

    def credit(self, i: int, b: Block) -> None:
        """A photo or editing credit: names to authors, the line itself to nowhere."""
        names = parse_byline(b.text, bare_ok=False) or ()
        if self.heads:
            self.pending_authors.extend(names)
        elif self.current is not None and self.is_open():
            self.current.authors.extend(names)
            self.current.photo_credit = self.current.photo_credit or is_photo_credit(b.text)

    def end_note(self, i: int, b: Block) -> None:
        """A closing note in parentheses: kept as the last paragraph, or taken as the dateline."""
        if self.current is None or not self.is_open():
            self.furniture(b.text)
            return
        m = re.match(TRAILING_DATELINE, b.text)
        if m and self.current.dateline is None:
            self.current.dateline = m.group("mark")
            self.current.authors.extend(names_in(m.group("who")))
        else:
            self.current.paragraphs.append(b.text)
        self.current.closed = True

    def jump_from(self, i: int, b: Block) -> None:
        """A lone (上接A1版): the next body is a continued piece."""
        self.pending_from = b.label
        if self.current is not None and not self.heads:
            self.current.closed = True

    def jump_to(self, i: int, b: Block) -> None:
        """A lone (下转2版): the open article goes on elsewhere."""
        if self.current is not None and not self.heads:
            self.current.continues_to = self.current.continues_to or b.label
            self.current.closed = True

    def label(self, i: int, b: Block) -> None:
        """A 短评 label: the next piece is commentary; the label is no headline."""
        self.flush_heads()
        self.commentary = True

    def junk(self, i: int, b: Block) -> None:
        """Page furniture (>>02, 官方微信, 本版责编)."""
        self.flush_heads()
        self.furniture(b.text)


def group_articles(blocks: list[Block]) -> list[Draft]:
    """Walk the blocks in page order: head lines open an article, bylines and jump-outs close it."""
    walk = Walk(blocks, subhead_series(blocks))
    handlers: dict[str, Callable[[int, Block], None]] = {
        HEAD: walk.head,
        BODY: walk.body,
        BYLINE: walk.byline,
        CREDIT: walk.credit,
        END: walk.end_note,
        JUMP_FROM: walk.jump_from,
        JUMP_TO: walk.jump_to,
        LABEL: walk.label,
        JUNK: walk.junk,
    }
    for i, b in enumerate(blocks):
        if b.role == HEAD and i in walk.tails:
            b = Block(b.text, BODY)
        handlers[b.role](i, b)
    walk.flush_heads()
    for d in walk.drafts:
        take_glued_byline(d)
        d.paragraphs = rejoin(d.paragraphs, d.subheads)
    return walk.drafts


# An editor's note closes the introduction of a set of signed contributions: ——编  者.
EDITOR_NOTE = re.compile(r"^——\s*编\s*者$")


def gather_contributions(drafts: list[Draft]) -> list[Draft]:
    """Signed pieces that follow an introduction closed by an editor's note are parts of it.

    Each piece keeps its title as a sub-heading and its author; the run ends at furniture, at a
    piece with no byline, a dateline or a column tag of its own (the next article).
    """
    out: list[Draft] = []
    host: Draft | None = None
    for d in drafts:
        own = d.furniture or not d.authors or d.dateline is not None or any(COLUMN_TAG.search(h) for h in d.headline)
        if host is not None and not own and d.headline:
            host.subheads.extend(d.headline)
            host.paragraphs.extend([*d.headline, *d.paragraphs])
            host.authors.extend(a for a in d.authors if a not in host.authors)
            continue
        host = d if not d.furniture and d.paragraphs and EDITOR_NOTE.match(d.paragraphs[-1]) else None
        out.append(d)
    return out


# --- step 4: paragraphs -----------------------------------------------------------------


def starts_new_paragraph(paragraph: str) -> bool:
    """Does the paragraph open with something that cannot continue a sentence (bullet, dateline)?"""
    return BULLET.match(paragraph) is not None or DATELINE.match(paragraph) is not None


def rejoin(paragraphs: list[str], subheads: list[str]) -> list[str]:
    """Join a paragraph that breaks off mid-sentence with the one that goes on (科技创新、 / 学生培养)."""
    keep = set(subheads)
    out: list[str] = []
    for p in paragraphs:
        if out and out[-1] not in keep and p not in keep and not ends_sentence(out[-1]) and not starts_new_paragraph(p):
            out[-1] = glue(out[-1], p)
        else:
            out.append(p)
    return out


def glue(left: str, right: str) -> str:
    """Join two pieces of one sentence; a space only between two Latin letters or digits."""
    if left and right and left[-1].isascii() and left[-1].isalnum() and right[0].isascii() and right[0].isalnum():
        return f"{left} {right}"
    return left + right


# --- step 5: stitching jumped pieces ----------------------------------------------------


def ends_mid_sentence(draft: Draft) -> bool:
    """Does the draft stop in the middle of a sentence with no byline after it?"""
    if draft.furniture or draft.closed or not draft.paragraphs:
        return False
    last = draft.paragraphs[-1]
    return not ends_sentence(last) and last not in draft.subheads and not OPEN_END.search(last[-1:])


def opens_with_fragment(draft: Draft) -> bool:
    """Does the draft's body start with the rest of someone else's sentence (发展胜势。…)?"""
    if draft.furniture or draft.dateline is not None or not draft.paragraphs:
        return False
    first = draft.paragraphs[0]
    m = re.search(r"[。！？!?]", first[: MAX_STITCH_FRAGMENT + 1])
    if m is None or m.start() < 2:
        return False
    head = first[: m.start()]
    return is_cjk(head[:1]) and not re.search(r"[，,：:“”\"]", head)


def stitch_pieces(drafts: list[Draft]) -> list[Draft]:
    """Stitch a piece that breaks off mid-sentence to a later piece that opens with the rest."""
    openers = [k for k, d in enumerate(drafts) if opens_with_fragment(d)]  # sorted; taken ones removed
    used: set[int] = set()
    out: list[Draft] = []
    for i, d in enumerate(drafts):
        if i in used:
            continue
        if ends_mid_sentence(d):
            at = bisect.bisect_right(openers, i)
            if at < len(openers):
                j = openers.pop(at)
                used.add(j)
                d = merge(d, drafts[j])
        out.append(d)
    return out


def merge(first: Draft, second: Draft) -> Draft:
    """One article from two pieces; the later piece's jump headline names it."""
    paragraphs = first.paragraphs[:-1] + [glue(first.paragraphs[-1], second.paragraphs[0])] + second.paragraphs[1:]
    return Draft(
        headline=second.headline or first.headline,
        paragraphs=rejoin(paragraphs, first.subheads + second.subheads),
        subheads=first.subheads + second.subheads,
        authors=first.authors + [a for a in second.authors if a not in first.authors],
        dateline=first.dateline or second.dateline,
        continued_from=first.continued_from or second.continued_from,
        continues_to=second.continues_to or first.continues_to,
        closed=second.closed,
        photo_credit=first.photo_credit or second.photo_credit,
        commentary=first.commentary or second.commentary,
    )


# --- step 6: articles -------------------------------------------------------------------


def kind_of(draft: Draft, default_kind: str | None = None) -> str:
    """news, photo, commentary or furniture, from the cues gathered on the way."""
    body = "".join(draft.paragraphs)
    if draft.furniture or not body:
        return default_kind or FURNITURE  # a record is an article even when empty
    if draft.commentary or any(COMMENTARY_TAG.search(h) for h in draft.headline[-1:]):
        return COMMENTARY
    short = len(body) < 400 and len(draft.paragraphs) <= 3
    if short and (draft.photo_credit or PHOTO_CUE.search(body) or (not draft.headline and draft.authors)):
        return PHOTO
    return NEWS


def freeze(draft: Draft, article_id: str, index: int, default_kind: str | None = None) -> Article:
    """The immutable Article for a finished draft."""
    authors = tuple(dict.fromkeys(unicodedata.normalize("NFC", a) for a in draft.authors))
    kind = kind_of(draft, default_kind)
    return Article(
        id=article_id,
        kind=kind,
        headline=tuple(draft.headline),
        dateline=draft.dateline,
        authors=authors,
        paragraphs=tuple(draft.paragraphs),
        subheads=tuple(draft.subheads),
        continued_from=draft.continued_from,
        continues_to=draft.continues_to,
        position=index,
    )
