"""Invented page vocabulary, shared by the property tests and benchmarks/big_page.py.

Nothing here is copied from real pages.
"""

# Invented vocabulary: drawing whole words keeps generation fast and the text Chinese-shaped.
WORDS = [
    "市委",
    "书记",
    "区长",
    "会议",
    "工作",
    "发展",
    "建设",
    "经济",
    "社会",
    "文化",
    "教育",
    "项目",
    "企业",
    "群众",
    "服务",
    "城乡",
    "交通",
    "公园",
    "医院",
    "学校",
    "今年",
    "全年",
    "完成",
    "推进",
    "改造",
    "提升",
    "增长",
    "亿元",
    "万人",
    "新区",
    "老街",
    "骑楼",
    "码头",
    "地铁",
    "志愿者",
    "居民",
    "农民",
    "合作社",
    "高质量",
    "现代化",
    "产业园",
    "科技",
    "创新",
    "人才",
    "乡村振兴",
    "生态",
    "环境",
    "保护",
    "安全",
    "生产",
    "消费",
    "市场",
    "价格",
    "就业",
    "7月1日",
    "2026年",
    "3.5%",
    "120",
    "GDP",
    "AI",
    "5G",
    "的",
    "了",
    "和",
    "在",
    "是",
    "对",
    "将",
    "为",
]
SURNAMES = "王李张刘陈杨赵黄周吴徐孙朱胡郭何林罗高梁宋郑谢韩唐冯于董程曹袁邓许沈曾彭吕苏卢蒋蔡"
GIVEN = "某伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华文"


def invented_page(seed: int, articles: int = 6) -> str:
    """An invented newspaper page of `articles` stories: headline, dateline, often a byline, a few
    paragraphs; the same seed gives the same page (tests/test_cluster.py, benchmarks/scale.py)."""
    import random

    rng = random.Random(seed)

    def sentence() -> str:
        clauses = ["".join(rng.choices(WORDS, k=rng.randint(2, 6))) for _ in range(rng.randint(1, 3))]
        return "，".join(clauses) + rng.choice("。。。！？")

    def name() -> str:
        return rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.randint(1, 2)))

    blocks = []
    for _ in range(articles):
        lines = ["".join(rng.choices(WORDS, k=rng.randint(3, 7)))]
        if rng.random() < 0.6:
            lines.append(f"记者 {name()} 通讯员 {name()}")
        paragraphs = ["".join(sentence() for _ in range(rng.randint(2, 6))) for _ in range(rng.randint(2, 6))]
        dateline = rng.choice(["晚报讯 ", "本报讯 ", f"新华社北京{rng.randint(1, 12)}月{rng.randint(1, 28)}日电 "])
        paragraphs[0] = dateline + paragraphs[0]
        lines += ["\u3000\u3000" + p for p in paragraphs]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks) + "\n"
