"""Which characters are Chinese, and how text from users is made safe to keep and to show.

Defined once here: the loader cleans what it reads with `clean_text`, renderers show user text
through `visible`, error lines and file names go through `one_line`/`safe_name`. Escape codes in
a page or a file name are shown as Control Pictures (␛ for ESC), never obeyed.
"""

from __future__ import annotations

import re
import unicodedata

# CJK Unified Ideographs and Extension A: the characters of Chinese words and names.
HAN = "\u3400-\u4dbf\u4e00-\u9fff"  # for regular-expression character classes
# In a pattern compiled on every start, a letter of a script other than Latin: on a Chinese page,
# a Chinese character. Each [HAN] class takes about 3 ms to compile, this one under 0.1 ms.
LETTER = r"[^\W\d_a-zA-Z]"


def is_han(ch: str) -> bool:
    """A Chinese character (CJK Unified Ideographs or Extension A)."""
    return "\u4e00" <= ch <= "\u9fff" or "\u3400" <= ch <= "\u4dbf"


def all_han(text: str) -> bool:
    """Every character is a Chinese character (True for "")."""
    return all("\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf" for c in text)


def is_chinese_text(ch: str) -> bool:
    """A character of Chinese running text: an ideograph, CJK punctuation (。「」) or a full-width form (，！)."""
    return is_han(ch) or "\u3000" <= ch <= "\u303f" or "\uff00" <= ch <= "\uffef"


# --- control characters -------------------------------------------------------------------------

# Each C0 control and DEL as its Control Picture (U+2400 + code, ␡ for DEL).
_PICTURES: dict[int, int | None] = {**{c: 0x2400 + c for c in range(32)}, 0x7F: 0x2421}
_C1: dict[int, int | None] = {c: None for c in range(0x80, 0xA0)}  # C1 controls: never meaningful

# Text as read: tab and line breaks stay (CR becomes LF), NUL and byte-order marks are dropped.
TEXT_CONTROLS: dict[int, int | None] = {
    **{c: p for c, p in _PICTURES.items() if c not in (9, 10, 13)},
    0: None,
    13: 10,
    0xFEFF: None,
    **_C1,
}
# A name shown on one line (a file name, an error): every control visible, tabs and breaks too.
NAME_CONTROLS: dict[int, int | None] = {**TEXT_CONTROLS, 9: 0x2409, 10: 0x240A, 13: 0x240D, 0: 0x2400}

# Lone surrogates come from JSON escapes ("\ud800") and undecodable bytes in file names; they
# cannot be written as UTF-8.
SURROGATE = re.compile("[\ud800-\udfff]")
_UNSAFE_NAME = re.compile("[\x00-\x1f\x7f-\x9f\ud800-\udfff]")
# Bidirectional overrides and marks: shown as escapes, so that they cannot reorder what follows.
_BIDI = frozenset("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def clean_text(text: str) -> str:
    r"""Text as read: line endings unified, NULs dropped, control characters made visible.

    >>> clean_text("a\r\nb\x1b[31m")
    'a\nb␛[31m'
    """
    text = text.replace("\r\n", "\n").translate(TEXT_CONTROLS)
    return SURROGATE.sub("\ufffd", text) if SURROGATE.search(text) else text


def safe_name(name: str) -> str:
    """A file name or id as shown: controls and undecodable bytes become visible characters."""
    if not _UNSAFE_NAME.search(name):
        return name
    return SURROGATE.sub("\ufffd", name.translate(NAME_CONTROLS))


def one_line(message: str) -> str:
    """A message as one line of plain characters: whitespace runs become one space."""
    return " ".join(message.split()).translate(NAME_CONTROLS)


def visible(text: str) -> str:
    """User text made safe to show: line breaks become spaces, control characters Control Pictures
    (as the loader does: ␛ for ESC), C1 controls dropped, bidi overrides written as escapes.

    >>> visible("红\\x1b[31m色\\n字\\u202e")
    '红␛[31m色 字\\\\u202e'
    """
    out = []
    for ch in text:
        code = ord(ch)
        if ch in "\n\r\t\v\f\u2028\u2029":
            out.append(" ")
        elif code < 0x20:
            out.append(chr(0x2400 + code))
        elif code == 0x7F:
            out.append("\u2421")
        elif 0x80 <= code < 0xA0:
            continue
        elif ch in _BIDI or unicodedata.category(ch) == "Cs":
            out.append(f"\\u{code:04x}")
        else:
            out.append(ch)
    return "".join(out)
