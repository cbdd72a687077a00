"""An HTML page -> a Source: an e-paper page becomes page text, one article becomes a record.

The page is read with lxml, and its chrome is dropped: scripts and styles, navigation, forms,
sidebars (<aside>), headers and footers outside an <article>, and blocks whose class or id names
them as such (nav, menu, sidebar, comments, share, related, ad...). What is left is read in
document order as blocks: each heading (<h1>-<h6>) and each paragraph (<p>, list items, table
cells, lines broken by <br>) on its own line.

Then the headings say what kind of page it is:

- Several articles, each a run of headings followed by paragraphs, with the page's top heading
  level in more than one run, or a run of two headings or more below it (an e-paper page:
  kicker, title and subtitle of each article in <h2>/<h3>, perhaps the lead story in <h1>): the
  blocks become page text, one line each, which digest.page splits like a text dump.
- One run at the top level and no run of several headings below it (a blog post or a news
  site's article: the title in <h1>, sections under single <h2> headings): one article. Its
  body comes from trafilatura, made for the main text of one web page (comments, related links
  and the rest of the boilerplate stay out); its headline is the run's heading lines.
- No heading at all: page text, left to digest.page to find the articles in, like a dump.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cache
from typing import Any

from digest.errors import InputError
from digest.model import Record, Source
from digest.textsafe import clean_text

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
# Elements that start and end a line of their own.
BLOCKS = frozenset({
    "p", "div", "section", "article", "main", "li", "dt", "dd", "blockquote", "pre", "td", "th", "tr",
    "table", "ul", "ol", "dl", "figure", "figcaption", "header", "footer", "address", "center", "caption",
    "summary", "details", "hr",
}) | frozenset(HEADINGS)
# Elements whose text is never part of an article.
NEVER = frozenset({
    "head", "script", "style", "noscript", "template", "svg", "math", "iframe", "object", "embed", "canvas",
    "form", "button", "select", "textarea", "input", "label", "nav", "aside", "menu", "dialog",
})
CHROME = frozenset({"header", "footer"})  # the site's, when not inside an <article>
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search", "menu"})
# A word of a class or id that names page chrome ("site-nav", "comment-list", "sidebar").
CHROME_WORDS = re.compile(
    r"(?:^|[\s_-])(?:nav|navbar|navigation|menu|footer|sidebar|breadcrumbs?|comments?|share|sharing|social|"
    r"related|recommend|ad|ads|advert|advertisement|copyright|pagination|pager|toolbar|subscribe|cookie)(?:$|[\s_-])",
    re.IGNORECASE,
)
SUBSTANTIAL = 20  # characters: a paragraph that shows that a run of headings heads an article
_CJK = "\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef"
_CJK_BREAK = re.compile(rf"(?<=[{_CJK}])[ \t\r\f]*\n\s*(?=[{_CJK}])")


Block = tuple[int, str]  # (heading level 1-6, or 0 for a paragraph; the text on one line)


def html_source(name: str, text: str) -> Source:
    """One HTML page as a Source: page text for an e-paper page, one record for an article."""
    root = _parse(name, text)
    if root is None:
        return Source(name=name, text="")
    blocks = list(_blocks(root))
    headline = _article_headline(blocks)
    if headline is None:
        return Source(name=name, text=clean_text("".join(f"{line}\n\n" for _, line in blocks)))
    body = _main_text(text)
    if body is None:  # trafilatura found nothing: the blocks after the headline
        start = next(i for i, (level, line) in enumerate(blocks) if level and line == headline[0])
        body = [line for _, line in blocks[start + len(headline) :]]
    shown = set(headline)
    lines = [line for line in body if line not in shown]
    # Character references (&#27;) can bring back what clean_text took out of the markup.
    record = Record(text=clean_text("\n".join(lines)), title=clean_text("\n".join(headline)), line=1)
    return Source(name=name, records=(record,))


def html_lines(fragment: str) -> list[str]:
    """The text of an HTML fragment (a feed item's content), one line per paragraph."""
    root = _parse("", f"<div>{fragment}</div>")
    return [] if root is None else [line for _, line in _blocks(root)]


def _parse(name: str, text: str) -> Any:
    import lxml.etree
    import lxml.html

    # As UTF-8 bytes with the encoding named: the text is already decoded, and lxml refuses a
    # str that carries an encoding declaration (XHTML's <?xml ... encoding="gbk"?>).
    parser = lxml.html.HTMLParser(encoding="utf-8", remove_comments=True, remove_pis=True)
    try:
        return lxml.html.document_fromstring(clean_text(text).encode("utf-8", "replace"), parser=parser)
    except (lxml.etree.ParserError, ValueError):  # "Document is empty"
        return None
    except lxml.etree.LxmlError as exc:
        raise InputError(name, f"cannot read the HTML ({exc}); give the page as saved by a browser") from None


def _is_chrome(el: Any, tag: str, in_article: bool) -> bool:
    if tag in NEVER or (tag in CHROME and not in_article):
        return True
    if el.get("hidden") is not None or el.get("aria-hidden") == "true":
        return True
    if "display:none" in (el.get("style") or "").replace(" ", "").lower():
        return True
    if (el.get("role") or "").lower() in CHROME_ROLES:
        return True
    names = f"{el.get('class') or ''} {el.get('id') or ''}"
    return tag not in ("body", "html", "main", "article") and bool(CHROME_WORDS.search(names))


def _blocks(root: Any) -> Iterable[Block]:
    """The page's text in document order, a line per heading, paragraph or <br>, chrome left out."""
    import lxml.etree

    body = root.find("body")
    top = body if body is not None else root
    levels = [0]  # the heading level of the block being read (0: a paragraph)
    articles = 0  # how many <article> elements the walk is inside
    skipped: dict[int, Any] = {}  # the elements kept, so that their ids are not reused
    buf: list[str] = []

    def flush() -> Iterable[Block]:
        text = "".join(buf)
        buf.clear()
        for line in _CJK_BREAK.sub("", text).split("\n"):
            line = " ".join(line.split())
            if line:
                yield levels[-1], line

    walker = lxml.etree.iterwalk(top, events=("start", "end"))
    for event, el in walker:
        tag = el.tag.lower() if isinstance(el.tag, str) else ""
        if event == "start":
            if not tag or _is_chrome(el, tag, articles > 0):
                skipped[id(el)] = el
                walker.skip_subtree()
                continue
            if tag in BLOCKS:
                yield from flush()
                levels.append(HEADINGS.get(tag, levels[-1]))
                articles += tag == "article"
            elif tag == "br":
                buf.append("\n")
            buf.append(el.text or "")
        else:
            if id(el) not in skipped and tag in BLOCKS:
                yield from flush()
                levels.pop()
                articles -= tag == "article"
            if el is not top:
                buf.append(el.tail or "")
    yield from flush()


def _article_headline(blocks: list[Block]) -> list[str] | None:
    """The headline lines when the page holds one article; None when it holds several, or has no
    heading that heads a paragraph (page text then)."""
    runs: list[list[Block]] = []  # runs of headings that head a substantial paragraph
    run: list[Block] = []
    closed = counted = False  # the run has had paragraphs after it; it is in runs
    for level, line in blocks:
        if level:
            if closed:
                run, closed, counted = [], False, False
            run.append((level, line))
        elif run:
            closed = True
            if not counted and len(line) >= SUBSTANTIAL:
                runs.append(run)
                counted = True
    if not runs:
        return None
    top = min(level for r in runs for level, _ in r)
    at_top = [r for r in runs if any(level == top for level, _ in r)]
    # Below the top level, a run of two headings or more (kicker, title, subtitle) heads an
    # article of its own (an e-paper page's lead story in <h1>, the others in <h2>/<h3>); a single
    # heading is a section of the article above it.
    below = [r for r in runs if len(r) > 1 and all(level > top for level, _ in r)]
    return [line for _, line in at_top[0]] if len(at_top) == 1 and not below else None


@cache
def _trafilatura_config() -> Any:
    import logging

    from trafilatura.settings import use_config

    logging.getLogger("trafilatura").setLevel(logging.CRITICAL)  # its warnings are not the user's
    config = use_config()
    # Chinese articles are short in characters: the default of 250 sends a short post to a
    # fallback that runs its paragraphs together.
    config["DEFAULT"]["MIN_EXTRACTED_SIZE"] = "10"
    config["DEFAULT"]["MIN_OUTPUT_SIZE"] = "1"
    return config


def _main_text(text: str) -> list[str] | None:
    """The main text of a one-article page as trafilatura finds it, a line per paragraph."""
    import lxml.etree
    from trafilatura import extract

    found = extract(
        text,
        output_format="xml",
        include_comments=False,
        include_tables=True,
        include_images=False,
        include_links=False,
        favor_precision=True,
        config=_trafilatura_config(),
    )
    if not found:
        return None
    doc = lxml.etree.fromstring(found.encode("utf-8"))
    main = doc.find("main")
    if main is None:
        return None
    lines: list[str] = []
    for el in main:
        if el.tag in ("list", "table"):
            parts = [" ".join("".join(item.itertext()).split()) for item in el.iter("item", "cell")]
        else:
            parts = [" ".join(line.split()) for line in "".join(el.itertext()).split("\n")]
        lines += [p for p in parts if p]
    return lines or None
