"""Web inputs written for the tests: an e-paper page rendered from a text dump, a blog post,
RSS 2.0 and Atom feeds. Everything here is invented or rendered from the project's own seeds."""

from __future__ import annotations

import html

from digest.model import Document
from digest.render.parts import headline_roles

ESC = html.escape

FURNITURE_TOP = """<header class="masthead">
  <div class="paper">江海晚报</div>
  <div class="date">2022年7月7日 星期四 A1版 要闻</div>
</header>
<nav class="pages"><ul>
  <li><a href="A01.html">A1版 要闻</a></li><li><a href="A02.html">A2版 城事</a></li>
  <li><a href="A03.html">A3版 民生</a></li><li><a href="A04.html">A4版 文体</a></li>
</ul></nav>"""

FURNITURE_BOTTOM = """<div class="ad">广告 · 本版广告热线 0000-00000000</div>
<footer class="site-footer">
  <p>版权所有 © 江海晚报社 · 未经授权不得转载</p>
  <p><a href="prev.html">上一版</a> | <a href="next.html">下一版</a></p>
</footer>"""


def epaper_html(doc: Document, title: str = "江海晚报 A1版") -> str:
    """An e-paper page as a web site shows one: each item in its own block, in page order; the
    column label of a commentary, the kicker and subtitle in <h3>, the main title in <h2>,
    sub-headings in <h4>, the dateline at the start of the first paragraph, paragraphs in <p>,
    jump markers and the byline in their own <p>; masthead, page navigation, an advertisement
    and a footer around them."""
    out = ["<!DOCTYPE html>", '<html lang="zh-CN"><head><meta charset="utf-8">',
           f"<title>{ESC(title)}</title>", "<script>window.pageId = 'A01';</script>",
           "<style>.article{margin:1em 0}</style></head><body>", FURNITURE_TOP, '<div id="page">']
    for a in doc.articles:
        if a.kind == "furniture":  # a teaser or a label: a line of its own, as on the page
            out += [f'<div class="teaser"><p>{ESC(line)}</p></div>' for line in (*a.headline, *a.paragraphs)]
            continue
        out.append('<div class="article">')
        if a.kind == "commentary":
            out.append('<p class="label">短评</p>')
        for role, line in headline_roles(a) if a.headline else ():  # a printed headline only
            tag = "h2" if role == "title" else "h3"
            out.append(f'<{tag} class="{role}">{ESC(line)}</{tag}>')
        if a.continued_from:
            out.append(f'<p class="jump">(上接{ESC(a.continued_from)}版)</p>')
        for i, para in enumerate(a.paragraphs):
            text = f"{a.dateline} {para}" if i == 0 and a.dateline else para
            out.append(f"<h4>{ESC(text)}</h4>" if para in a.subheads else f"<p>{ESC(text)}</p>")
        if a.authors:
            out.append(f'<p class="author">记者 {ESC(" ".join(a.authors))}</p>')
        if a.continues_to:
            out.append(f'<p class="jump">(下转{ESC(a.continues_to)}版)</p>')
        out.append("</div>")
    out += ["</div>", FURNITURE_BOTTOM, "</body></html>"]
    return "\n".join(out) + "\n"


BLOG_TITLE = "老街骑楼修缮完工"
BLOG_PARAGRAPHS = (
    "历时两年的老街骑楼修缮工程昨天完工,三十余栋骑楼恢复了当年的样子,沿街商铺陆续重新开张。",
    "修缮坚持修旧如旧,工人们按照老照片复原了门窗和廊柱的纹样,木构件尽量保留原物,只替换了腐朽的部分。",
    "住在骑楼二层的居民将在下个月陆续回迁。社区志愿者已经挨家挨户登记需求,帮助老人搬运家具。",
    "一位老居民说,看到老房子修好了,心里踏实,街坊邻居又能在廊下喝茶聊天了。",
)
# Text that is on the page but not part of the article: none of it may come out.
BLOG_BOILERPLATE = ("首页", "归档", "3 条评论", "馄饨", "老字号", "发表评论", "最新文章", "地铁三号线试运行",
                    "城市更新", "保留所有权利", "备案号", "tracker")

BLOG_HTML = f"""<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8"><title>{BLOG_TITLE} - 城南手记</title>
<meta property="og:title" content="{BLOG_TITLE}">
<script>var tracker = {{site: "城南手记"}};</script><style>body{{font:16px serif}}</style></head>
<body>
<header class="site-header"><a href="/">城南手记</a><nav><ul><li><a href="/">首页</a></li>
<li><a href="/archive">归档</a></li><li><a href="/about">关于</a></li></ul></nav></header>
<div class="wrap">
<main>
<article class="post">
<h1 class="entry-title">{BLOG_TITLE}</h1>
<p class="meta">发布于 2026年7月1日 · 作者 林某</p>
<p>{BLOG_PARAGRAPHS[0]}</p>
<p>{BLOG_PARAGRAPHS[1]}</p>
<h2>居民回迁</h2>
<p>{BLOG_PARAGRAPHS[2]}</p>
<p>{BLOG_PARAGRAPHS[3]}</p>
</article>
<section id="comments" class="comments-area">
<h3>3 条评论</h3>
<ol class="comment-list">
<li class="comment"><p class="comment-author">张某</p>
<p>太好了,周末带孩子去看看老街,顺便吃碗馄饨,再去江边走走。</p></li>
<li class="comment"><p class="comment-author">王某</p>
<p>希望商铺不要都变成网红店,保留一些老字号,让老街有老街的味道。</p></li>
</ol>
<form class="comment-form"><textarea></textarea><button>发表评论</button></form>
</section>
</main>
<aside class="sidebar"><h3>最新文章</h3><ul><li><a href="/a">地铁三号线试运行</a></li>
<li><a href="/b">新区智慧公园开放</a></li></ul>
<h3>标签</h3><p><a href="/t/1">老街</a> <a href="/t/2">骑楼</a> <a href="/t/3">城市更新</a></p></aside>
</div>
<footer class="site-footer"><p>© 2026 城南手记 · 保留所有权利</p><p>备案号 某ICP备00000000号</p></footer>
</body></html>
"""

RSS = """<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
<title>江城晚报 · 城事</title>
<link>https://news.example.org/</link>
<description>江城晚报城事版</description>
<item>
  <title>新区建成首座智慧公园</title>
  <link>https://news.example.org/2026/07/01/park.html</link>
  <guid isPermaLink="false">park-0701</guid>
  <pubDate>Wed, 01 Jul 2026 08:30:00 +0800</pubDate>
  <description><![CDATA[<p>晚报讯 本周六,新区首座智慧公园正式向市民开放。</p>
<p>公园内设有步道和儿童乐园,<a href="https://news.example.org/map">导览图</a>已在入口处张贴。</p>]]></description>
</item>
<item>
  <title>地铁三号线开始试运行</title>
  <link>https://news.example.org/2026/07/02/metro.html</link>
  <pubDate>Thu, 02 Jul 2026 07:00:00 GMT</pubDate>
  <description>三号线试运行。</description>
  <content:encoded><![CDATA[<p>地铁三号线今天开始空载试运行,为期三个月。</p>
<p>试运行期间,列车将按照正式运营的时刻表运行。<br/>沿线各站同步开展设备调试。</p>]]></content:encoded>
</item>
<item>
  <description>老街骑楼修缮工程昨天完工,三十余栋骑楼恢复了当年的样子,沿街商铺陆续重新开张。</description>
</item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
<title>城南手记</title>
<id>urn:uuid:6f1c0a52-0000-4000-8000-000000000001</id>
<updated>2026-07-02T09:00:00+08:00</updated>
<entry>
  <title type="html">老街骑楼&lt;em&gt;修缮完工&lt;/em&gt;</title>
  <link rel="alternate" href="https://blog.example.org/qilou"/>
  <id>urn:uuid:6f1c0a52-0000-4000-8000-000000000002</id>
  <published>2026-07-01T10:00:00+08:00</published>
  <updated>2026-07-02T10:00:00+08:00</updated>
  <summary>骑楼修好了。</summary>
  <content type="html">&lt;p&gt;历时两年的老街骑楼修缮工程昨天完工。&lt;/p&gt;
&lt;p&gt;修缮坚持修旧如旧,木构件尽量保留原物。&lt;/p&gt;</content>
</entry>
<entry>
  <title>社区志愿者帮助老人搬家</title>
  <link href="https://blog.example.org/move"/>
  <id>urn:uuid:6f1c0a52-0000-4000-8000-000000000003</id>
  <updated>2026-07-02T09:00:00Z</updated>
  <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>住在骑楼二层的居民将在下个月陆续回迁。</p>
<p>社区志愿者已经挨家挨户登记需求,帮助老人搬运家具。</p></div></content>
</entry>
</feed>
"""
