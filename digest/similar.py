"""Texts that tell the same story: character shingles, and sets of items joined into groups.

Shared by the daily digest (repeats and continuations within an edition) and anything else that
compares bodies of text by content rather than by exact words.
"""

from __future__ import annotations

SHINGLE = 4  # characters per shingle when comparing two bodies


def shingles_in_order(text: str, n: int = SHINGLE) -> list[str]:
    """The distinct character n-grams of a text in order of first appearance, whitespace ignored.

    >>> shingles_in_order("南通 港口 南通港", 3)
    ['南通港', '通港口', '港口南', '口南通']
    """
    chars = "".join(text.split())
    return list(dict.fromkeys(chars[i : i + n] for i in range(len(chars) - n + 1)))


def shingles(text: str, n: int = SHINGLE) -> frozenset[str]:
    """The character n-grams of a text, whitespace ignored.

    >>> sorted(shingles("南通 港口", 3))
    ['南通港', '通港口']
    """
    return frozenset(shingles_in_order(text, n))


class Groups:
    """Items 0..n-1 joined into disjoint groups (union-find); a group's root is its smallest item,
    so that the earliest item always names its group."""

    def __init__(self, n: int) -> None:
        self._parent = list(range(n))

    def root(self, i: int) -> int:
        parent = self._parent
        while parent[i] != i:
            parent[i] = parent[parent[i]]  # path halving
            i = parent[i]
        return i

    def join(self, i: int, j: int) -> None:
        a, b = self.root(i), self.root(j)
        if a != b:
            self._parent[max(a, b)] = min(a, b)

    def members(self) -> list[list[int]]:
        """Every group's items in ascending order, groups ordered by their smallest item."""
        out: dict[int, list[int]] = {}
        for i in range(len(self._parent)):
            out.setdefault(self.root(i), []).append(i)
        return list(out.values())
