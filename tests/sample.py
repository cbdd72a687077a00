"""A small invented edition built straight from model objects, so render goldens do not move
when the parser or the summarizer changes."""

from __future__ import annotations

from digest.model import (
    COMMENTARY,
    FURNITURE,
    NEWS,
    PHOTO,
    Article,
    Document,
    DocumentResult,
    Entity,
    Keyword,
    Sentence,
    Summary,
)

HOSTILE = "<script>alert(1)</script> [bold red]x[/] **粗** \x1b[31m红字 # 1. _下划线_ `代码` &amp;"


def article(ident: str, headline: tuple[str, ...], paragraphs: tuple[str, ...], *, kind: str = NEWS,
            dateline: str | None = "本报讯", authors: tuple[str, ...] = (), position: int = 0,
            continued_from: str | None = None, continues_to: str | None = None,
            kicker: int = 0) -> Article:
    """An article whose first `kicker` headline lines lead into the title; the rest are subtitles."""
    title = headline[kicker] if len(headline) > kicker else None
    return Article(id=ident, kind=kind, headline=headline, dateline=dateline, authors=authors,
                   paragraphs=paragraphs, position=position, continued_from=continued_from,
                   continues_to=continues_to, title=title, kicker=headline[:kicker],
                   subtitle=headline[kicker + 1:])


def summary(a: Article, n: int = 2, keywords: tuple[tuple[str, float], ...] = (),
            entities: tuple[tuple[str, str, int], ...] = ()) -> Summary:
    sentences: list[Sentence] = []
    for pi, p in enumerate(a.paragraphs):
        for s in p.replace("。", "。\n").split("\n"):
            if s:
                sentences.append(Sentence(s, len(sentences), pi))
    return Summary(a, tuple(sentences[:n]), tuple(Keyword(w, x) for w, x in keywords),
                   tuple(Entity(name, kind, c) for name, kind, c in entities))


def result(source: str, items: list[tuple[Article, Summary | None]]) -> DocumentResult:
    doc = Document(source, tuple(a for a, _ in items))
    return DocumentResult(doc, tuple(s for a, s in items if s is not None and a.kind != FURNITURE))


PORT = (
    "南通港集装箱吞吐量今年前十个月突破两百万标准箱,同比增长百分之十二。",
    "港口集团负责人介绍,通州湾新出海口建设加快推进,三个新泊位将于年底投入使用。",
    "业内人士认为,江海联运的优势正在转化为发展优势,南通港口的辐射能力持续增强。",
)
BRIDGE = (
    "记者从市交通运输局获悉,崇川大桥主体工程昨天顺利合龙,预计明年五一通车。",
    "大桥全长一千二百米,建成后将把城区与开发区之间的车程缩短二十分钟。",
)
JUMP_START = ("市第十六届运动会昨晚开幕,来自各县区的三千余名运动员参加比赛,赛程持续十天。",)
JUMP_END = ("本届运动会首次增设电子竞技和攀岩项目,比赛场馆全部向市民免费开放。",)


def edition() -> list[DocumentResult]:
    """Two pages: a front page and an inside page that repeats one story and continues another."""
    port = article("p1/1", ("港口发展迎来新机遇", "南通港吞吐量创新高", "前十月突破两百万标准箱"), PORT, kicker=1,
                   authors=("张三", "李四"), position=0)
    bridge = article("p1/2", ("崇川大桥主体合龙",), BRIDGE, dateline="晚报讯", authors=("王五",), position=1)
    games = article("p1/3", ("市运会开幕",), JUMP_START, position=2, continues_to="2")
    photo = article("p1/4", ("江海晨曦",), ("清晨的通州湾港区,巨轮缓缓驶入新泊位。",), kind=PHOTO,
                    dateline=None, authors=("赵六",), position=3)
    teaser = article("p1/5", (">>02",), ("详见第二版",), kind=FURNITURE, dateline=None, position=4)
    hostile = article("p2/1", (HOSTILE, "副题 [link](javascript:alert(1))"), (HOSTILE + "。", "第二段正文。"),
                      dateline=None, authors=("<b>钱七</b>",), position=0)
    comment = article("p2/2", ("短评:让港口红利惠及更多市民",),
                      ("港口的发展最终要落到市民的获得感上,这需要更多普惠的公共服务。",),
                      kind=COMMENTARY, dateline=None, position=1)
    repeat = article("p2/3", ("南通港吞吐量创新高",), PORT, authors=("张三", "李四"), position=2)
    games_end = article("p2/4", ("市运会开幕",), JUMP_END, dateline=None, position=3, continued_from="1")
    page1 = result("edition/A01.txt", [
        (port, summary(port, 2, (("南通港", 0.9), ("集装箱", 0.5), ("港口", 0.4)),
                       (("南通港", "place", 2), ("通州湾", "place", 1), ("张三", "person", 1),
                        ("港口集团", "org", 1)))),
        (bridge, summary(bridge, 1, (("崇川大桥", 0.8), ("通车", 0.3)),
                         (("崇川大桥", "place", 1), ("市交通运输局", "org", 1)))),
        (games, summary(games, 1, (("运动会", 0.7),), (("市第十六届运动会", "org", 1),))),
        (photo, summary(photo, 1, (("通州湾", 0.5),), (("通州湾", "place", 1),))),
        (teaser, None),
    ])
    page2 = result("edition/A02.txt", [
        (hostile, summary(hostile, 2, (("<script>", 0.6), ("[bold]", 0.2)), (("<b>钱七</b>", "person", 1),))),
        (comment, summary(comment, 1, (("港口", 0.6), ("市民", 0.4)))),
        (repeat, summary(repeat, 2, (("南通港", 0.9), ("集装箱", 0.5)), (("南通港", "place", 2),))),
        (games_end, summary(games_end, 1, (("电子竞技", 0.5),))),
    ])
    return [page1, page2]
