"""Bylines, credits and datelines: who wrote an article, and the agency marker it opens with.
"""

from __future__ import annotations

import re

from digest.cues import (
    BYLINE_BULLETS,
    BYLINE_OUTLETS,
    COMPOUND_SURNAMES,
    CREDIT_MARKS,
    ROLE_QUALIFIERS,
    ROLES,
    SURNAMES,
    alternation,
)
from digest.page.lines import DATELINE, is_name, is_place, signature
from digest.textsafe import LETTER

# Role words in a byline; what remains after removing them must be names.
ROLE = re.compile(rf"^{alternation(BYLINE_OUTLETS)}?{alternation(ROLE_QUALIFIERS)}?{alternation(ROLES)}")
# A photographer's or writer's mark after a name: 许丛军摄, 张博文摄.
CREDIT_SUFFIX = re.compile(rf"{alternation(CREDIT_MARKS)}$")
# A short agency tag after a photo credit: 肖本祥摄（人民视觉）.
TAG_SUFFIX = re.compile(r"[(（][^()（）]{1,8}[)）]$")
# A byline glued to the end of the last sentence: ...亿元。记者刘璐 / ...之感。 江建华
GLUED_BYLINE = re.compile(
    rf"(?:(?<=[。！？!?”」』…])|\s)\s*((?:本报|新华社)?(?:记者|通讯员)(?:{LETTER}|[\s、，,·]){{2,30}}"
    rf"|{LETTER}{{2,4}}(?:\s+{LETTER}{{2,4}}){{0,2}})$"
)
# Separators between names in a byline.
NAME_SEP = re.compile(r"[\s、，,;；]+")


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
    if s[:1] in BYLINE_BULLETS and s[1:2].isspace():
        s = s[1:].strip()  # ■ 本报记者 某某: a byline set above the body, after a bullet and a space
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
