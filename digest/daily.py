"""A whole edition as one digest: top stories ranked across pages, every article page by page,
the edition's keywords, an index of names, and stories printed twice merged into one.

Deterministic: scores are rounded and every tie goes to the earlier article (page, then
position), so the same input always gives the same digest.
"""

from __future__ import annotations

import datetime
import math
from collections import Counter
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, replace
from itertools import chain

from digest.entities import full_form
from digest.model import Article, DocumentResult, Edition, Keyword, Summary, SummaryOptions
from digest.similar import Groups, shingles, shingles_in_order

TOP_STORIES = 5
# A page gives at most this many top stories while other pages have stories to give: the top
# stories span the edition instead of repeating the front page.
PER_PAGE = 2
DUPLICATE_JACCARD = 0.5  # two bodies this alike are the same story printed twice
DUPLICATE_CONTAINMENT = 0.8  # ... or one is mostly inside the other (a teaser and the full story)
MIN_SHINGLES = 20  # too short to call a repeat (photo captions, one-liners)
# How a story's rank is made: each feature is in [0, 1].
WEIGHTS = {"front": 0.25, "lead": 0.2, "length": 0.15, "centrality": 0.3, "repeated": 0.1}
ENTITY_KINDS = ("person", "place", "org")


@dataclass(frozen=True, slots=True)
class Seen:
    """An earlier report of the same story, found in the archive (`digest daily --archive`)."""

    date: datetime.date  # the day it first appeared, within the days looked back
    id: int  # the archive's number of that article (as `digest search` shows it)
    title: str
    paper: str | None = None
    article: str = ""  # its id within its own edition (A01/1)


@dataclass(frozen=True, slots=True)
class Entry:
    """One content article of the edition, numbered in page order from 1."""

    number: int
    article: Article
    summary: Summary | None
    page: int  # index of its document in the edition, from 0
    source: str
    score: float = 0.0  # the story's rank score, rounded; 0 for a repeat
    duplicate_of: int | None = None  # number of the entry this one repeats or continues
    relation: str | None = None  # "duplicate" or "continuation" when duplicate_of is set
    repeats: tuple[int, ...] = ()  # numbers of the entries merged into this one
    seen: Seen | None = None  # reported before (daily --archive); set on a story, not on its repeats


@dataclass(frozen=True, slots=True)
class EditionPage:
    index: int
    source: str
    entries: tuple[Entry, ...]
    edition: Edition = Edition()  # what the page says of its paper, date and page label


@dataclass(frozen=True, slots=True)
class IndexEntry:
    """A person, place or organization in the news, with the stories that name it."""

    name: str
    kind: str
    count: int
    articles: tuple[int, ...]  # entry numbers, in page order


@dataclass(frozen=True, slots=True)
class Digest:
    pages: tuple[EditionPage, ...]
    top_stories: tuple[Entry, ...]
    keywords: tuple[Keyword, ...]
    index: tuple[IndexEntry, ...]  # by kind (person, place, org), then most named first
    edition: Edition = Edition()  # the paper and date the pages agree on (no page label)
    made: datetime.date | None = None  # the day the digest was made, shown when no page gives a date

    @property
    def sources(self) -> tuple[str, ...]:
        return tuple(p.source for p in self.pages)

    @property
    def entries(self) -> tuple[Entry, ...]:
        return tuple(e for p in self.pages for e in p.entries)

    @property
    def stories(self) -> tuple[Entry, ...]:
        """Entries that are not a repeat of another: one per story."""
        return tuple(e for e in self.entries if e.duplicate_of is None)

    def entry(self, number: int) -> Entry:
        """The entry with this number."""
        if number < 1:
            return self.entries[number - 1]
        i = number - 1
        for page in self.pages:  # without building the whole tuple of entries each time
            if i < len(page.entries):
                if page.entries[i].number == number:
                    return page.entries[i]
                break
            i -= len(page.entries)
        # Entries were left out (daily --new-only): numbers are kept, so look the number up.
        for e in self.entries:
            if e.number == number:
                return e
        raise IndexError(number)


def build_digest(
    results: Sequence[DocumentResult], options: SummaryOptions | None = None, made: datetime.date | None = None
) -> Digest:
    """The digest of an edition whose pages are `results`, in page order; `made` is today's date
    for a digest that is printed (None keeps the output independent of the day it is made)."""
    options = options or SummaryOptions()
    raw: list[Entry] = []
    for page, result in enumerate(results):
        for article, summary in result.content():
            raw.append(Entry(len(raw) + 1, article, summary, page, result.document.source))
    groups = _story_groups(raw)
    primary_of = {m: g[0] for g in groups for m in g}

    group_of = {g[0]: g for g in groups}

    scores = _story_scores(raw, groups)
    entries: list[Entry] = []
    for e in raw:
        i = e.number - 1
        head = primary_of[i]
        if head == i:
            members = group_of[i]
            entries.append(replace(e, score=scores[i], repeats=tuple(m + 1 for m in members[1:])))
        else:
            relation = "continuation" if e.article.continued_from is not None else "duplicate"
            entries.append(replace(e, duplicate_of=head + 1, relation=relation))

    on_page: dict[int, list[Entry]] = {}
    for e in entries:
        on_page.setdefault(e.page, []).append(e)
    pages = tuple(
        EditionPage(p, r.document.source, tuple(on_page.get(p, ())), r.document.edition) for p, r in enumerate(results)
    )
    stories = [e for e in entries if e.duplicate_of is None]
    top = _top_stories(stories)
    return Digest(
        pages=pages,
        top_stories=tuple(top),
        keywords=_edition_keywords(stories, 2 * options.keywords),
        index=_name_index(entries),
        edition=_common_edition([r.document.edition for r in results]),
        made=made,
    )


def _top_stories(stories: Sequence[Entry]) -> list[Entry]:
    """The best stories, best first, at most PER_PAGE from one page while other pages can give one."""
    ranked = sorted(stories, key=lambda e: (-e.score, e.number))
    top: list[Entry] = []
    taken: Counter[int] = Counter()
    for entry in ranked:
        if len(top) == TOP_STORIES:
            break
        if taken[entry.page] < PER_PAGE:
            top.append(entry)
            taken[entry.page] += 1
    for entry in ranked:  # an edition of one or two pages: fill up from the best left
        if len(top) == min(TOP_STORIES, len(ranked)):
            break
        if entry not in top:
            top.append(entry)
    return sorted(top, key=lambda e: (-e.score, e.number))


def recall(digest: Digest, seen: Mapping[int, Seen], new_only: bool = False) -> Digest:
    """The digest with each story reported before marked (`seen`: by the story's entry number).

    With `new_only` those stories and their repeats are left out, and the top stories are
    chosen again from the rest; entries keep their numbers either way.
    """
    pages = []
    for page in digest.pages:
        kept = []
        for e in page.entries:
            if new_only and (e.duplicate_of or e.number) in seen:
                continue
            kept.append(replace(e, seen=seen[e.number]) if e.number in seen and e.duplicate_of is None else e)
        pages.append(replace(page, entries=tuple(kept)))
    by_number = {e.number: e for p in pages for e in p.entries}
    if new_only:
        stories = [e for e in by_number.values() if e.duplicate_of is None]
        top = tuple(_top_stories(stories))
    else:
        top = tuple(by_number[e.number] for e in digest.top_stories)
    index = tuple(
        replace(item, articles=tuple(n for n in item.articles if n in by_number))
        for item in digest.index
        if any(n in by_number for n in item.articles)
    )
    return replace(digest, pages=tuple(pages), top_stories=top, index=index)


def with_edition(digest: Digest, date: datetime.date | None, paper: str | None) -> Digest:
    """The digest with the edition date and paper a user gave (--date, --paper), over the pages'."""
    if date is None and not paper:
        return digest
    edition = replace(digest.edition, paper=paper or digest.edition.paper, date=date or digest.edition.date,
                      date_from="option" if date else digest.edition.date_from)  # fmt: skip
    return replace(digest, edition=edition)


def _common_edition(editions: Sequence[Edition]) -> Edition:
    """The paper and date that the pages which name one agree on; None where they differ."""
    papers = {e.paper for e in editions if e.paper}
    dates = {e.date for e in editions if e.date}
    date = next(iter(dates)) if len(dates) == 1 else None
    date_from = next((e.date_from for e in editions if e.date == date), None) if date else None
    return Edition(paper=next(iter(papers)) if len(papers) == 1 else None, date=date, date_from=date_from)


def _same_story(a: frozenset[Hashable], b: frozenset[Hashable]) -> bool:
    if len(a) < MIN_SHINGLES or len(b) < MIN_SHINGLES:
        return False
    common = len(a & b)
    return common / len(a | b) >= DUPLICATE_JACCARD or common / min(len(a), len(b)) >= DUPLICATE_CONTAINMENT


def _is_continuation(earlier: Entry, later: Entry) -> bool:
    """`later` carries on a story that `earlier` started on another page (下转 / 上接)."""
    a, b = earlier.article, later.article
    if b.continued_from is None or a.continues_to is None or earlier.number >= later.number:
        return False
    if set(a.headline) & set(b.headline):
        return True
    # Otherwise trust the page label when the source names the page (…A1…, …01…).
    label = b.continued_from.strip().upper().removesuffix("版")
    return bool(label) and label in file_name(earlier.source).upper()


def file_name(source: str) -> str:
    """The file name of a source, without its folder."""
    return source.replace("\\", "/").rsplit("/", 1)[-1]


def _story_groups(entries: Sequence[Entry]) -> list[list[int]]:
    """Entries grouped into stories (repeats and continuations joined), each group's primary first."""
    groups = Groups(len(entries))
    # A continuation joins the nearest earlier piece that jumps on (下转) with a shared headline or a
    # page label that names its source; without such evidence the jump is to a page not given.
    # Only pieces that jump on can be continued; the nearest untaken one that fits wins.
    open_jumps: list[int] = []  # earlier entries with a 下转 not yet taken, in order
    for j, later in enumerate(entries):
        if later.article.continued_from is not None:
            for k in range(len(open_jumps) - 1, -1, -1):
                if _is_continuation(entries[open_jumps[k]], later):
                    groups.join(open_jumps.pop(k), j)
                    break
        if later.article.continues_to is not None:
            open_jumps.append(j)

    for i, j in _repeat_pairs([e.article.body for e in entries]):
        groups.join(i, j)

    out = []
    for group in groups.members():
        # The primary: a piece that starts the story, the longest, then the earliest.
        starts = [i for i in group if entries[i].article.continued_from is None] or group
        head = min(starts, key=lambda i: (-len(entries[i].article.body), i))
        out.append([head] + [i for i in group if i != head])
    return sorted(out, key=lambda g: g[0])


CANDIDATES = 8  # exact comparisons per new body, with the stories sharing the most shingles with it
COMMON_SHINGLE = 64  # a shingle in more bodies than this is too common to suggest candidates
SAMPLE_ABOVE, SAMPLE = 2000, 4  # editions of more bodies look for candidates by every 4th shingle


def _repeat_pairs(bodies: Sequence[str]) -> list[tuple[int, int]]:
    """Pairs (earlier, later) of bodies that are the same story, found without comparing every pair.

    Bodies with exactly the same shingles are repeats without any comparison, and only the first
    of them is indexed, so text printed many times keeps the index small. Every other body is
    compared exactly (`_same_story`) only with the earlier bodies that share the most shingles
    with it, found through an index from shingle to body, at most one per story found so far.
    """
    pairs: list[tuple[int, int]] = []
    vocab: dict[str, int] = {}  # shingle -> number, in order of first use: small sets, no repeated strings
    seen: dict[frozenset[int], int] = {}  # shingle set -> first body with it
    postings: dict[int, list[int] | None] = {}  # shingle -> bodies with it; None when too common
    grams: dict[int, frozenset[int]] = {}  # shingles of the indexed bodies
    stories = Groups(len(bodies))  # bodies found to be one story so far
    # In a very large edition candidates come from every `sample`-th shingle only (by number).
    sample = 1 if len(bodies) <= SAMPLE_ABOVE else SAMPLE
    common = COMMON_SHINGLE if sample == 1 else COMMON_SHINGLE // 4
    least = min(DUPLICATE_JACCARD, DUPLICATE_CONTAINMENT) * (1.0 if sample == 1 else 0.6)
    probed: dict[int, int] = {}  # indexed body -> how many of its shingles are in the index

    of_body: dict[str, frozenset[int]] = {}  # the same text is shingled once
    for j, body in enumerate(bodies):
        mine = of_body.get(body)
        if mine is None:
            grams_in_order = shingles_in_order(body)
            new = set(grams_in_order).difference(vocab)  # by lookups in vocab, not a walk over it
            for gram in filter(new.__contains__, grams_in_order):  # numbered in text order: deterministic
                vocab[gram] = len(vocab)
            mine = of_body[body] = frozenset(map(vocab.__getitem__, grams_in_order))
        if len(mine) < MIN_SHINGLES:
            continue
        first = seen.get(mine)
        if first is not None:
            pairs.append((first, j))
            continue
        seen[mine] = j
        probe = [g for g in mine if g % sample == 0] if sample > 1 else mine
        shared = Counter(chain.from_iterable(filter(None, map(postings.get, probe))))
        probed[j] = len(probe)
        tried: set[int] = set()
        # The same story shares at least half the shingles of the smaller body (fewer when sampled).
        likely = [i for i, n in shared.items() if n >= least * min(probed[i], len(probe))]
        for i in sorted(likely, key=lambda i: (-shared[i], i)):
            if len(tried) >= CANDIDATES:
                break
            if stories.root(i) in tried or stories.root(i) == stories.root(j):
                continue
            tried.add(stories.root(i))
            if _same_story(grams[i], mine):
                pairs.append((i, j))
                stories.join(i, j)
        grams[j] = mine
        for g in probe:
            having = postings.setdefault(g, [])
            if having is not None:
                having.append(j)
                if len(having) > common:
                    postings[g] = None
    return pairs


def _terms(entries: Sequence[Entry]) -> list[frozenset[str]]:
    """What an article is about: its keywords, or when the summarizer gave none, character bigrams."""
    if any(e.summary is not None and e.summary.keywords for e in entries):
        return [frozenset(k.word for k in e.summary.keywords) if e.summary else frozenset() for e in entries]
    return [shingles("".join(ch for ch in e.article.body if ch.isalnum()), 2) for e in entries]


def _story_scores(entries: Sequence[Entry], groups: Sequence[Sequence[int]]) -> dict[int, float]:
    """Each story's score, keyed by its primary's index: page, position, length and centrality."""
    if not groups:
        return {}
    content_rank: dict[int, int] = {}
    seen: dict[int, int] = {}
    for i, e in enumerate(entries):
        content_rank[i] = seen.get(e.page, 0)
        seen[e.page] = content_rank[i] + 1

    heads = [g[0] for g in groups]
    terms = _terms([entries[h] for h in heads])
    centrality = _centrality(terms)
    top_central = max(centrality) or 1.0
    lengths = [sum(len(entries[m].article.body) for m in g) for g in groups]
    top_length = math.log1p(max(lengths)) or 1.0

    scores: dict[int, float] = {}
    for k, group in enumerate(groups):
        features = {
            "front": 1.0 if any(entries[m].page == 0 for m in group) else 0.0,
            "lead": max(1.0 / (1 + content_rank[m]) for m in group),
            "length": math.log1p(lengths[k]) / top_length,
            "centrality": centrality[k] / top_central,
            "repeated": 1.0 if any(entries[m].article.continued_from is None for m in group[1:]) else 0.0,
        }
        scores[group[0]] = round(sum(WEIGHTS[name] * value for name, value in features.items()), 4)
    return scores


PAIRWISE_STORIES = 1500  # up to this many stories centrality compares every pair


def _centrality(terms: Sequence[frozenset[str]]) -> list[float]:
    """How much each story has in common with the rest of the edition.

    The sum of its Jaccard similarity with every other story; for a very large edition, where that
    would compare millions of pairs, the average number of other stories sharing each of its terms.
    """
    if len(terms) <= PAIRWISE_STORIES:
        having: dict[str, list[int]] = {}
        for b, ts in enumerate(terms):
            for t in ts:
                having.setdefault(t, []).append(b)
        result = []
        for a, ts in enumerate(terms):
            common: dict[int, int] = {}
            for t in ts:
                for b in having[t]:
                    common[b] = common.get(b, 0) + 1
            # Same sum, same order as over every b != a: the stories sharing nothing add 0.0.
            result.append(sum(common[b] / len(ts | terms[b]) for b in sorted(common) if b != a))
        return result
    df: dict[str, int] = {}
    for ts in terms:
        for t in ts:
            df[t] = df.get(t, 0) + 1
    return [round(sum(df[t] - 1 for t in ts) / len(ts), 6) if ts else 0.0 for ts in terms]


def _edition_keywords(stories: Sequence[Entry], n: int) -> tuple[Keyword, ...]:
    """Keywords of the whole edition: each word's weights summed over the stories, best first."""
    total: dict[str, float] = {}
    for e in stories:
        for k in e.summary.keywords if e.summary else ():
            total[k.word] = total.get(k.word, 0.0) + k.weight
    order = {word: i for i, word in enumerate(total)}
    best = sorted(total, key=lambda w: (-round(total[w], 4), order[w]))[:n]
    return tuple(Keyword(w, round(total[w], 4)) for w in best)


def _name_index(entries: Sequence[Entry]) -> tuple[IndexEntry, ...]:
    """People, places and organizations from the summaries' entities; empty when there are none.

    A place named bare in one story and in full in another (启东, 启东市) is one entry, in full.
    """
    counts: dict[tuple[str, str], int] = {}
    where: dict[tuple[str, str], list[int]] = {}
    listed: set[tuple[str, str, int]] = set()
    # A repeat names the same people again.
    named = [
        (e.duplicate_of or e.number, e.summary)
        for e in entries
        if e.relation != "duplicate" and e.summary is not None
    ]
    places = {ent.name for _, summary in named for ent in summary.entities if ent.kind == "place"}
    for story, summary in named:
        for ent in summary.entities:
            name = (full_form(ent.name, places) or ent.name) if ent.kind == "place" else ent.name
            key = (ent.kind, name)
            counts[key] = counts.get(key, 0) + ent.count
            where.setdefault(key, [])
            if (*key, story) not in listed:
                listed.add((*key, story))
                where[key].append(story)
    order = {key: i for i, key in enumerate(counts)}
    kinds = {k: i for i, k in enumerate(ENTITY_KINDS)}

    def rank(key: tuple[str, str]) -> tuple[int, str, int, int]:
        return (kinds.get(key[0], len(kinds)), key[0], -counts[key], order[key])

    return tuple(IndexEntry(name, kind, counts[(kind, name)], tuple(sorted(where[(kind, name)])))
                 for kind, name in sorted(counts, key=rank))
