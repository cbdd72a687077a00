"""What every engine shares: an article split into sentences and tagged once, which sentences
may be summary material (and which of those a reader would pick: `reads_alone`), and how long a
summary may be."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from digest.cues import (
    ATTENDANCE_VERBS,
    ATTENDED_EVENTS,
    CITED_ENDINGS,
    CITED_OPENING,
    CLAUSE_STOPS,
    CLOSERS,
    CREDIT_ROLES,
    EVENT_DETERMINERS,
    FULL_STOPS,
    MEASURES,
    OWN_PAPER,
    PUBLISHER_NOTES,
    ROLE_QUALIFIERS,
    SPEECH_VERBS,
    VIEW_VERBS,
    WIRE_SERVICES,
    alternation,
)
from digest.model import DEFAULT_SENTENCES, Article, Sentence, SummaryOptions
from digest.textsafe import LETTER, is_han

if TYPE_CHECKING:
    from digest.arrays import BoolArray, IntArray
    from digest.lexicon import Lexicon

# Sentences that are only a byline, a dateline or a photo credit are never summary material.
_CREDIT_OPENERS = ("本报", *ROLE_QUALIFIERS)
_BYLINE = (
    rf"^[(（【\[]?\s*{alternation(_CREDIT_OPENERS)}?{alternation(CREDIT_ROLES)}"
    rf"[\s:：/]*(?:{LETTER}|[·\s、/]){{0,24}}[)）】\]]?\s*$"
)
_DATELINE = (
    rf"^[(（]?(?:{alternation(OWN_PAPER)}讯|{alternation(OWN_PAPER + WIRE_SERVICES)}(?:{LETTER}|\d){{0,12}}电"
    rf"|{CITED_OPENING}{LETTER}{{1,10}}{alternation(CITED_ENDINGS)})[)）]?\s*$"
)
# How each must begin (after one opening bracket and spaces): tested first, so that most runs
# never compile the patterns (their CJK ranges cost about a millisecond each).
_BYLINE_OPENINGS = _CREDIT_OPENERS + CREDIT_ROLES
_DATELINE_OPENINGS = (*OWN_PAPER, *WIRE_SERVICES, CITED_OPENING)
MIN_SENTENCE_CHARS = 6
UNMARKED_CHARS = 20  # a shorter line with no end mark is no sentence (a label, a short sub-heading)
_END_MARKS = frozenset(FULL_STOPS + CLAUSE_STOPS)
# A question is a hook for the reader or the writer's transition: it answers nothing alone.
_QUESTION_MARKS = frozenset("？?")

# Content-word flags for sentence vectors.
_CONTENT_INITIALS = frozenset("nvaijlts")
# Flags of a first word that is no subject: a verb, an adverb, a preposition, a conjunction.
_NO_SUBJECT = frozenset({"v", "vd", "d", "ad", "p", "c"})
# Flags of a word that may be a subject: a noun, a name, an abbreviation, a pronoun.
# Not a verbal noun: jieba tags many verbs so (发展, 建设), and 此外，发展特色产业，… has no subject.
_SUBJECT_TAGS = frozenset({"n", "nr", "nrfg", "nrt", "ns", "nt", "nz", "j", "r", "rr"})
# An attendance line: who was there, said after the news (…负责同志等参加会议。 …陪同调研。).
_ATTENDANCE = (
    f"{alternation(ATTENDANCE_VERBS)}了?{alternation(EVENT_DETERMINERS)}?{alternation(ATTENDED_EVENTS)}[。！]?[”’]?$"
)
_SPEAKER = alternation(SPEECH_VERBS + VIEW_VERBS)
_QUOTATION = r"[“「][^”」]*[”」]?"
# A name in quotation marks (“十四五”, “口袋公园”): no mark inside, short. A sentence that opens
# with such names and goes straight on about them (“十四五”期间) opens with no quotation; a
# short quotation set off by a mark (“我们会继续努力”，…) is something said.
_NAME_INSIDE = r"[^”」\"，。！？；：、…—,.!?;:]{1,20}"
_QUOTED_NAMES = rf"^(?:[“「]{_NAME_INSIDE}[”」]|\"{_NAME_INSIDE}\")+"
_OPEN_QUOTES = "“「\""
# What may follow a sentence's last mark: closing quotes and brackets, spaces.
_CLOSING = CLOSERS + " "


@dataclass(frozen=True, slots=True)
class Analysis:
    """An article split and tagged once, shared by the ranker and the keyword extractor."""

    sentences: list[Sentence]
    lexicon: Lexicon
    ids: IntArray  # token ids (see digest.lexicon) of the title, then of every sentence
    part: IntArray  # for each of those tokens: 0 in the title, i + 1 in sentence i


def analyse(article: Article, user_dict: str | None = None, stopwords: frozenset[str] = frozenset()) -> Analysis:
    from digest import tokens
    from digest.keywords import shipped_stopwords
    from digest.lexicon import lexicon
    from digest.sentences import split_sentences

    sentences = split_sentences(article.paragraphs)
    lex = lexicon(shipped_stopwords() | stopwords)
    # Each part's tokens are encoded as soon as tagged, then dropped: ids are all that is kept.
    texts = ["\n".join(article.headline), *(s.text for s in sentences)]
    ids, part = lex.encode(tokens.tag(t, user_dict) if t else [] for t in texts)
    return Analysis(sentences, lex, ids, part)


def is_content(tag: str) -> bool:
    """Tags of words that carry a sentence's content: nouns, verbs, adjectives, idioms, names,
    foreign words."""
    return tag[:1] in _CONTENT_INITIALS or tag == "eng"


def is_byline(text: str) -> bool:
    opened = text[1:] if text[:1] in "(（【[" else text
    if opened.lstrip().startswith(_BYLINE_OPENINGS) and re.match(_BYLINE, text):
        return True
    opened = text[1:] if text[:1] in "(（" else text
    return opened.startswith(_DATELINE_OPENINGS) and re.match(_DATELINE, text) is not None


def quantities(text: str) -> set[str]:
    """What the text counts or measures, as written (20个, 118.11亿, 30%), and scores (2比1 and
    2:1 alike, as 2:1; not a clock time such as 9:30)."""
    if not any(ch.isdigit() for ch in text):
        return set()  # most headlines: the pattern (a millisecond to compile) is not needed
    found = set()
    for m in _quantity().finditer(text):
        if m.group("home") is None:
            found.add(m.group().replace(" ", ""))
        elif m.group("mark") == "比" or not (int(m.group("home")) <= 24 and re.fullmatch(r"[0-5]\d", m.group("away"))):
            found.add(f"{m.group('home')}:{m.group('away')}")
    return found


@cache
def _quantity() -> re.Pattern[str]:
    score = r"(?<![\d.])(?P<home>\d{1,3})\s*(?P<mark>[比:：])\s*(?P<away>\d{1,3})(?![\d.])"
    return re.compile(rf"{score}|\d(?:[\d,，.]*\d)?\s*{alternation(MEASURES)}")


def gives_headline_figures(sentences: list[Sentence], headline: str) -> list[bool]:
    """For each sentence: does it give a figure the headline gives (20个项目签约 -> 20个项目集中签约)?
    The headline promises it; the sentence is the news."""
    wanted = quantities(headline)
    if not wanted:
        return [False] * len(sentences)
    return [any(_same_figure(w, g) for g in quantities(s.text) for w in wanted) for s in sentences]


def _same_figure(headline: str, given: str) -> bool:
    """Is `given` the headline's figure, as written or rounded (42% of 42.1%, 118亿 of 118.11亿)?"""
    if headline == given:
        return True
    shown, exact = (
        re.fullmatch(r"(\d+(?:\.(\d+))?)(\D.*)", q.replace(",", "").replace("％", "%")) for q in (headline, given)
    )
    if shown is None or exact is None or shown[3] != exact[3] or len(shown[2] or "") >= len(exact[2] or ""):
        return False
    from decimal import ROUND_HALF_UP, Decimal

    places = Decimal(1).scaleb(-len(shown[2] or ""))
    return Decimal(exact[1]).quantize(places, rounding=ROUND_HALF_UP) == Decimal(shown[1])


# A sub-heading: a paragraph of one line with no end mark, at most this long, between sections.
SUBHEADING_CHARS = 40
_CREDIT_MARKS = ("：", ":")  # 版式设计：, 制图： are credits, not sub-headings


def introduction(sentences: list[Sentence]) -> list[bool] | None:
    """For an article divided by sub-headings (串链聚群,积蓄发展新动能): which sentences come
    before the first, its introduction, where a feature states what it is about. None for an
    article with fewer than two sub-headings (one short line divides nothing), or with no full
    sentence before the first."""
    found = [i for i in range(1, len(sentences) - 1) if _is_subheading(sentences, i)]
    if len(found) < 2 or not any(_ends_a_sentence(s.text) for s in sentences[: found[0]]):
        return None
    return [j < found[0] for j in range(len(sentences))]


def _is_subheading(sentences: list[Sentence], i: int) -> bool:
    """A sentence alone in its paragraph, with more text after it; short, with no end mark, in
    Chinese words (four characters or more), with no space inside; not a byline or a credit
    (林晓 摄, 版式设计：…, （作者为…）)."""
    text, paragraph = sentences[i].text, sentences[i].paragraph
    if not sentences[i - 1].paragraph != paragraph != sentences[i + 1].paragraph:
        return False
    return (
        len(text) <= SUBHEADING_CHARS
        and not _ends_a_sentence(text)
        and sum(map(is_han, text)) >= 4
        and not any(ch.isspace() for ch in text)
        and not any(mark in text for mark in _CREDIT_MARKS)
        and text[:1] not in "（(["
        and not is_byline(text)
    )


def _ends_a_sentence(text: str) -> bool:
    return text.rstrip(_CLOSING)[-1:] in _END_MARKS


def is_summary_material(text: str) -> bool:
    """Not a byline or dateline, not a fragment, not a sub-heading (short, with no end mark), not
    a run of text with no mark at all (longer than MAX_SENTENCE_CHARS: see digest.sentences), not
    a web page's note to its readers (a disclaimer, a call to follow the account), not a
    question (你会考虑入手吗？ 下一步该如何发力？)."""
    from digest.sentences import MAX_SENTENCE_CHARS

    if not MIN_SENTENCE_CHARS <= len(text) <= MAX_SENTENCE_CHARS or is_byline(text) or _publisher_note(text):
        return False
    end = text.rstrip(_CLOSING)[-1:]
    if end in _QUESTION_MARKS:
        return False
    return len(text) >= UNMARKED_CHARS or end in _END_MARKS


@cache
def _publisher_notes() -> re.Pattern[str]:
    return re.compile(PUBLISHER_NOTES)


def _publisher_note(text: str) -> bool:
    """What a web page says to its readers about itself (本文仅代表作者观点, 请关注我们的公众号)."""
    return _publisher_notes().search(text) is not None


def openings(analysis: Analysis) -> list[tuple[bool, bool]]:
    """For each sentence, from the tags of its first two words (punctuation and spaces skipped):
    does it open with no subject (a verb, adverb, preposition or conjunction not followed, after
    the first comma, by a noun, name or pronoun), and does it open as a directive (adverb + verb:
    进一步拓展…)?"""
    from digest.arrays import np

    lex, ids, part = analysis.lexicon, analysis.ids, analysis.part
    keep = np.flatnonzero((part > 0) & ~lex.tagged(_is_punctuation, ids))
    in_sentence = part[keep]  # nondecreasing: the first of each run opens a sentence
    first = np.flatnonzero(np.diff(in_sentence, prepend=-1))
    sentence = in_sentence[first]
    second = np.minimum(first + 1, len(keep) - 1)
    no_subject = lex.tagged(_opens_no_subject, ids[keep[first]])
    directive = lex.tagged(_is_adverb, ids[keep[first]]) & lex.tagged(_is_verb, ids[keep[second]])
    directive &= (first + 1 < len(keep)) & (in_sentence[second] == sentence)
    no_subject &= ~_subject_after_opener(analysis, keep, first)
    n = len(analysis.sentences)
    opens_bare, opens_directive = np.zeros(n, dtype=bool), np.zeros(n, dtype=bool)
    opens_bare[sentence - 1], opens_directive[sentence - 1] = no_subject, directive
    return list(zip(opens_bare.tolist(), opens_directive.tolist(), strict=True))


def _subject_after_opener(analysis: Analysis, keep: IntArray, first: IntArray) -> BoolArray:
    """For each sentence opening at keep[first]: does an opening adverbial (在老城区，/ 同时，/
    据统计，) stand before its subject, the first word after the sentence's first comma being a
    noun, a name or a pronoun? A verb opens such an adverbial only as a word of its own before
    the comma (据统计，); 推进乡村振兴，… is a clause of its own."""
    from digest.arrays import np

    lex, ids, part = analysis.lexicon, analysis.ids, analysis.part
    sentence, opener = part[keep[first]], keep[first]
    commas = np.flatnonzero((part > 0) & lex.mask(_is_comma, ids))
    if not len(commas) or not len(keep):
        return np.zeros(len(first), dtype=bool)
    commas = commas[np.flatnonzero(np.diff(part[commas], prepend=-1))]  # each sentence's first
    at = np.searchsorted(keep, commas, side="right")  # the first word after it
    word = keep[np.minimum(at, len(keep) - 1)]
    subject = (at < len(keep)) & (part[word] == part[commas]) & lex.tagged(_is_subject, ids[word])
    comma_at = np.full(len(analysis.sentences) + 1, -1)
    comma_at[part[commas][subject]] = commas[subject]
    found: BoolArray = (comma_at[sentence] >= 0) & (
        (comma_at[sentence] == opener + 1) | ~lex.tagged(_is_verb, ids[opener])
    )
    return found


def _is_punctuation(tag: str) -> bool:
    return tag == "x"


def _is_comma(word: str, flag: str) -> bool:
    return word in ("，", ",")


def _is_subject(tag: str) -> bool:
    return tag in _SUBJECT_TAGS


def _opens_no_subject(tag: str) -> bool:
    return tag in _NO_SUBJECT


def _is_adverb(tag: str) -> bool:
    return tag == "d"


def _is_verb(tag: str) -> bool:
    return tag[:1] == "v"


def reads_alone(text: str, opening: tuple[bool, bool], previous: str = "") -> bool:
    """Would a reader take this sentence into a summary on its own? `opening` is as `openings`
    gives it, `previous` the sentence before.

    Not: a clause ending in ；that opens with no subject (践行为侨使命，…；), or that follows one
    ending in ；(the next item of a series); a directive with no subject, adverb + verb
    (进一步拓展…); an attendance line (…负责同志等参加会议。); a sentence that opens with a
    quotation and names no speaker outside it (the speaker is in another sentence); a name in
    quotation marks (“十四五”期间，…) is no quotation.
    """
    no_subject, directive = opening
    if directive:
        return False
    if no_subject and (text.rstrip(_CLOSING)[-1:] in CLAUSE_STOPS or previous.rstrip(_CLOSING)[-1:] in CLAUSE_STOPS):
        return False
    if text.rstrip(_CLOSING).rstrip("。！").endswith(ATTENDED_EVENTS) and re.search(_ATTENDANCE, text):
        return False
    return not (_opens_with_quotation(text) and not re.search(_SPEAKER, re.sub(_QUOTATION, "", text)))


def _opens_with_quotation(text: str) -> bool:
    """Does the text open with something said (“今年的公园将建在小区周边。”), not with a name in
    quotation marks that the sentence goes on about (“十四五”期间，…)?"""
    if text[:1] not in _OPEN_QUOTES:
        return False
    names = re.match(_QUOTED_NAMES, text)
    return names is None or not text[names.end() : names.end() + 1].isalnum()


def budget(options: SummaryOptions, n_sentences: int) -> tuple[int, int | None]:
    """(max sentences, max chars): every length option given is a cap and the smallest wins;
    with none, DEFAULT_SENTENCES sentences."""
    caps = []
    if options.sentences is not None:
        caps.append(options.sentences)
    if options.ratio is not None:
        caps.append(max(1, math.ceil(options.ratio * n_sentences)))
    if not caps and options.max_chars is None:
        caps.append(DEFAULT_SENTENCES)
    return (min(caps) if caps else max(n_sentences, 1)), options.max_chars
