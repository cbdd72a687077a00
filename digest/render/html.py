"""One self-contained HTML file: inline CSS, no scripts, fonts or remote assets; readable on a
phone and a desktop, and clean on paper. Every piece of user text goes through `html.escape`."""

from __future__ import annotations

import html
from collections.abc import Sequence
from typing import TYPE_CHECKING

from digest.model import Article, DocumentResult, Summary
from digest.render.parts import (
    DAILY_TITLE,
    LABELS,
    TITLE,
    body_lines,
    byline,
    count_line,
    document_label,
    edition_line,
    full_text,
    full_title,
    headline_roles,
    index_by_kind,
    keyword_words,
    lead_line,
    main_title,
    page_heading,
    page_label,
)
from digest.textsafe import visible

if TYPE_CHECKING:
    from digest.daily import Digest, Entry

CSS = """
:root { color-scheme: light dark; --ink: #1d1d1f; --quiet: #6e6e73; --rule: #d2d2d7; --paper: #fff;
  --accent: #b3261e; --tint: #f5f5f7; }
@media (prefers-color-scheme: dark) {
  :root { --ink: #e8e8ed; --quiet: #a1a1a6; --rule: #3a3a3c; --paper: #1c1c1e; --accent: #ff8a80; --tint: #2c2c2e; }
}
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: var(--paper); color: var(--ink);
  font: 17px/1.75 system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC",
    "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  overflow-wrap: anywhere; word-break: normal; line-break: strict; }
main { max-width: 44rem; margin: 0 auto; padding: 1.25rem 1rem 3rem; }
header.masthead { border-bottom: 3px double var(--ink); margin-bottom: 1.5rem; padding-bottom: .5rem; }
h1 { font-size: 1.75rem; line-height: 1.3; margin: .25rem 0; letter-spacing: .05em; }
h2 { font-size: 1.25rem; line-height: 1.4; margin: 2.25rem 0 .75rem; padding-bottom: .25rem;
  border-bottom: 2px solid var(--accent); color: var(--accent); }
h2 .src { font-weight: normal; font-size: .8rem; color: var(--quiet); margin-left: .5rem; }
h3 { font-size: 1.3rem; line-height: 1.45; margin: 0; }
article { padding: 1.25rem 0; border-top: 1px solid var(--rule); }
section > article:first-of-type { border-top: 0; padding-top: .25rem; }
.kicker, .subtitle { margin: 0; color: var(--quiet); font-size: 1rem; line-height: 1.5; }
.kicker { margin-bottom: .2rem; }
.subtitle { margin-top: .2rem; font-weight: 600; }
h3.lead { font-size: 1.05rem; font-weight: normal; font-style: italic; color: var(--quiet); }
.byline, .meta, .xref, .also { color: var(--quiet); font-size: .875rem; margin: .35rem 0 0; }
.num { color: var(--quiet); font-weight: normal; font-size: .8em; margin-right: .35em; }
article p.body { margin: .6rem 0 0; text-indent: 2em; }
ul.summary { margin: .6rem 0 0; padding-left: 1.2em; }
ul.summary li { margin: .25rem 0; }
.keywords { margin: .6rem 0 0; font-size: .875rem; color: var(--quiet); }
.keywords b { font-weight: 600; margin-right: .25em; }
.keywords span + span::before { content: " · "; }
ol.top { padding-left: 1.6em; margin: 0; }
ol.top li { margin: 0 0 1rem; }
ol.top a { text-decoration: none; }
ol.top strong { font-size: 1.05rem; }
ol.top .sub { display: block; color: var(--quiet); font-size: .875rem; line-height: 1.5; }
ol.top .lead { display: block; color: var(--quiet); font-size: .95rem; margin-top: .15rem; }
a { color: inherit; text-decoration-color: var(--rule); text-underline-offset: .2em; }
a:hover { text-decoration-color: currentColor; }
nav.toc { font-size: .875rem; color: var(--quiet); }
nav.toc a { margin-right: 1em; display: inline-block; white-space: nowrap; }
.cloud { line-height: 2.1; }
.cloud span { display: inline-block; background: var(--tint); border-radius: .3rem; padding: 0 .5em;
  margin: 0 .3em .3em 0; }
dl.index dt { font-weight: 600; margin-top: .75rem; }
dl.index dd { margin: .2rem 0 0; }
footer { margin-top: 3rem; font-size: .75rem; color: var(--quiet); text-align: center; }
@media (min-width: 60rem) { body { font-size: 18px; } main { padding-top: 2.5rem; } }
@media print {
  :root { --ink: #000; --quiet: #444; --rule: #bbb; --paper: #fff; --accent: #000; --tint: #eee; }
  body { font-size: 10.5pt; line-height: 1.6; }
  main { max-width: none; padding: 0; }
  nav.toc, footer { display: none; }
  h2, h3, .kicker, .subtitle, .byline { break-after: avoid; page-break-after: avoid; }
  li, p { break-inside: avoid; orphans: 2; widows: 2; }
  #top { break-after: page; }
  a { text-decoration: none; }
  @page { margin: 18mm 16mm; }
}
"""


def esc(text: str) -> str:
    """User text as HTML text or attribute value: control characters shown, markup escaped."""
    return html.escape(visible(text), quote=True)


def _page(title: str, body: list[str]) -> str:
    head = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<meta name="color-scheme" content="light dark">',
        f"<title>{esc(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<main>",
    ]
    return "\n".join([*head, *body, "</main>", "</body>", "</html>"]) + "\n"


def _anchor(number: int) -> str:
    return f"a{number}"


def _headline(article: Article, number: int | None = None) -> list[str]:
    out: list[str] = []
    roles = headline_roles(article)
    num = f'<span class="num">[{number}]</span>' if number is not None else ""
    if not roles and lead_line(article):  # no headline: the first sentence, quieter, is no title
        out.append(f'<h3 class="lead">{num}{esc(lead_line(article))}</h3>')
    elif not any(role == "title" for role, _ in roles):
        out.append(f"<h3>{num}{esc(full_title(article))}</h3>")
    for role, line in roles:
        if role == "title":
            out.append(f"<h3>{num}{esc(line)}</h3>")
        else:
            out.append(f'<p class="{role}">{esc(line)}</p>')
    meta = byline(article)
    if meta:
        out.append(f'<p class="byline">{esc(meta)}</p>')
    return out


def _article(article: Article, summary: Summary | None, mode: str, number: int | None = None,
             extra: Sequence[str] = ()) -> list[str]:
    ident = f' id="{_anchor(number)}"' if number is not None else ""
    out = [f"<article{ident}>", *_headline(article, number)]
    body = body_lines(article, summary, mode)
    if mode == "articles":
        out += [f'<p class="body">{esc(p)}</p>' for p in body]
    elif body:
        out += ['<ul class="summary">', *(f"<li>{esc(s)}</li>" for s in body), "</ul>"]
    words = keyword_words(summary, mode)
    if words:
        spans = "".join(f"<span>{esc(w)}</span>" for w in words)
        out.append(f'<p class="keywords"><b>{LABELS["keywords"]}</b>{spans}</p>')
    text = full_text(article, mode)
    if text:
        out += ['<details class="full"><summary>' + LABELS["full_text"] + "</summary>",
                *(f'<p class="body">{esc(p)}</p>' for p in text), "</details>"]  # fmt: skip
    out += [*extra, "</article>"]
    return out


def render_documents(results: Sequence[DocumentResult], mode: str, width: int = 100) -> str:
    """Every article of every result as one self-contained HTML page."""
    body = [
        '<header class="masthead">',
        f"<h1>{TITLE}</h1>",
        f'<p class="meta">{esc(count_line(results))}</p>',
        "</header>",
    ]
    for result in results:
        body += ["<section>", f"<h2>{esc(document_label(result.document))}</h2>"]
        shown = False
        for article, summary in result.content():
            body += _article(article, summary, mode)
            shown = True
        if not shown:
            body.append(f'<p class="meta">{LABELS["none"]}</p>')
        body.append("</section>")
    return _page(TITLE, body)


def _link(digest: Digest, number: int) -> str:
    target = digest.entry(number)
    return (f'<a href="#{_anchor(number)}">[{number}] {page_label(digest, target.page)}'
            f"《{esc(full_title(target.article))}》</a>")


def _entry(digest: Digest, entry: Entry) -> list[str]:
    if entry.duplicate_of is not None:
        label = LABELS["continuation"] if entry.relation == "continuation" else LABELS["repeat"]
        return [
            f'<article id="{_anchor(entry.number)}" class="repeat">',
            f'<h3><span class="num">[{entry.number}]</span>{esc(full_title(entry.article))}</h3>',
            f'<p class="xref">{label} {_link(digest, entry.duplicate_of)}</p>',
            "</article>",
        ]
    extra = []
    if entry.repeats:
        extra.append(f'<p class="also">{LABELS["also"]} ' + "、".join(_link(digest, n) for n in entry.repeats) + "</p>")
    return _article(entry.article, entry.summary, "summarize", entry.number, extra)


def render_daily(digest: Digest, width: int = 100) -> str:
    """The daily digest as one self-contained HTML page."""
    toc = [f'<a href="#top">{LABELS["top"]}</a>', f'<a href="#pages">{LABELS["pages"]}</a>']
    if digest.keywords:
        toc.append(f'<a href="#keywords">{LABELS["edition_keywords"]}</a>')
    if digest.index:
        toc.append(f'<a href="#index">{LABELS["index"]}</a>')
    body = [
        '<header class="masthead">',
        f"<h1>{DAILY_TITLE}</h1>",
        f'<p class="meta">{esc(edition_line(digest))}</p>',
        f'<nav class="toc">{"".join(toc)}</nav>',
        "</header>",
        '<section id="top">',
        f"<h2>{LABELS['top']}</h2>",
    ]
    if digest.top_stories:
        body.append('<ol class="top">')
        for entry in digest.top_stories:
            lead = body_lines(entry.article, entry.summary, "summarize")[:1]
            lead_html = "".join(f'<span class="lead">{esc(s)}</span>' for s in lead)
            others = " ".join(line for role, line in headline_roles(entry.article) if role != "title")
            sub = f'<span class="sub">{esc(others)}</span>' if others else ""
            body.append(
                f'<li><a href="#{_anchor(entry.number)}"><strong>{esc(main_title(entry.article))}</strong></a>'
                f' <span class="num">{page_label(digest, entry.page)}</span>{sub}{lead_html}</li>'
            )
        body.append("</ol>")
    else:
        body.append(f'<p class="meta">{LABELS["none"]}</p>')
    body.append("</section>")

    body.append('<div id="pages">')
    for page in digest.pages:
        label, detail = page_heading(digest, page)
        body += [
            "<section>",
            f'<h2>{esc(label)}<span class="src">{esc(detail)}</span></h2>',
        ]
        for entry in page.entries:
            body += _entry(digest, entry)
        if not page.entries:
            body.append(f'<p class="meta">{LABELS["empty_page"]}</p>')
        body.append("</section>")
    body.append("</div>")

    if digest.keywords:
        words = "".join(f"<span>{esc(k.word)}</span>" for k in digest.keywords)
        body += ['<section id="keywords">', f"<h2>{LABELS['edition_keywords']}</h2>",
                 f'<p class="cloud">{words}</p>', "</section>"]
    if digest.index:
        body += ['<section id="index">', f"<h2>{LABELS['index']}</h2>", '<dl class="index">']
        for label, entries in index_by_kind(digest):
            items = "、".join(
                esc(e.name) + " " + "".join(f'<a class="num" href="#{_anchor(n)}">[{n}]</a>' for n in e.articles)
                for e in entries
            )
            body += [f"<dt>{esc(label)}</dt>", f"<dd>{items}</dd>"]
        body += ["</dl>", "</section>"]
    body.append(f'<footer>{esc(edition_line(digest))}</footer>')
    return _page(DAILY_TITLE, body)
