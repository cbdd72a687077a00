"""Tagged words numbered once per run, so that ranking and keywords work on arrays.

An article's tokens become one array of token ids (a dict lookup per token). Every question
about a token — its word, the word's IDF, length and stopword status, or any (word, flag)
predicate such as "is a keyword candidate" — is answered once per distinct token in the whole
run and read back for a whole article with one numpy indexing operation. A question about the
tag alone ("is it a verb?") is answered once per distinct tag (`tagged`): a few dozen.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Sequence
from functools import lru_cache
from itertools import chain
from typing import Any

from digest.arrays import BoolArray, FloatArray, IntArray, np, npt
from digest.tokens import idf_table

Token = tuple[str, str]
Predicate = Callable[[str, str], bool]
TagTest = Callable[[str], bool]

# A run over endless distinct tokens (a huge page of random text) starts a fresh lexicon
# rather than growing without bound; ids are only ever compared within one article.
MAX_TOKENS = 500_000


class _Column:
    """A growable numpy array: amortized O(1) appends, `view` of the filled part."""

    def __init__(self, dtype: type) -> None:
        self._data: npt.NDArray[np.generic] = np.zeros(1024, dtype=dtype)
        self._n = 0

    def extend(self, values: Sequence[Any]) -> None:
        need = self._n + len(values)
        if need > len(self._data):
            grown = np.zeros(max(need, 2 * len(self._data)), dtype=self._data.dtype)
            grown[: self._n] = self._data[: self._n]
            self._data = grown
        self._data[self._n : need] = values
        self._n = need

    @property
    def view(self) -> npt.NDArray[np.generic]:
        return self._data[: self._n]


class Lexicon:
    """Ids for (word, flag) tokens and for words, with per-id facts as arrays.

    Safe to share between threads: additions are made under a lock, lookups need none.
    """

    def __init__(self, stopwords: frozenset[str]) -> None:
        self._lock = threading.Lock()
        self.stopwords = stopwords
        self.table = idf_table()
        self._token_ids: dict[Token, int] = {}
        self._tokens: list[Token] = []
        self._word_ids: dict[str, int] = {}
        self.words: list[str] = []
        self._word_of = _Column(np.int64)  # token id -> word id
        self._idf = _Column(np.float64)  # word id -> IDF (the table's median when unknown)
        self._length = _Column(np.int64)  # word id -> characters
        self._stop = _Column(np.bool_)  # word id -> is a stopword
        self._masks: dict[Predicate, _Column] = {}
        self._tag_ids: dict[str, int] = {}
        self._tags: list[str] = []
        self._tag_of = _Column(np.int64)  # token id -> tag id
        self._tag_tables: dict[TagTest, npt.NDArray[np.bool_]] = {}

    def __len__(self) -> int:
        return len(self._tokens)

    def encode(self, parts: Iterable[Sequence[Token]]) -> tuple[IntArray, IntArray]:
        """(token ids of all parts in order, the index of the part each token belongs to)."""
        get = self._token_ids.get
        rows: list[list[int]] = []
        for tokens in parts:
            known: list[int | None] = list(map(get, tokens))
            if None in known:
                with self._lock:
                    row = [self._add(t) if i is None else i for t, i in zip(tokens, known, strict=True)]
            else:
                row = known  # type: ignore[assignment]
            rows.append(row)
        with self._lock:
            self._settle()
        total = sum(map(len, rows))
        ids = np.fromiter(chain.from_iterable(rows), dtype=np.int64, count=total)
        part = np.repeat(np.arange(len(rows), dtype=np.int64), [len(r) for r in rows])
        return ids, part

    def _add(self, token: Token) -> int:
        i = self._token_ids.get(token)
        if i is None:
            i = self._token_ids[token] = len(self._tokens)
            self._tokens.append(token)
        return i

    def _settle(self) -> None:
        """Facts for the tokens and words added since the last call."""
        new = self._tokens[len(self._word_of.view) :]
        if not new:
            return
        first_new_word = len(self.words)
        word_of = []
        tag_of = []
        for word, tag in new:
            w = self._word_ids.get(word)
            if w is None:
                w = self._word_ids[word] = len(self.words)
                self.words.append(word)
            word_of.append(w)
            t = self._tag_ids.get(tag)
            if t is None:
                t = self._tag_ids[tag] = len(self._tags)
                self._tags.append(tag)
            tag_of.append(t)
        self._word_of.extend(word_of)
        self._tag_of.extend(tag_of)
        added = self.words[first_new_word:]
        if added:
            idf = self.table.get
            self._idf.extend([idf(w) for w in added])
            self._length.extend([len(w) for w in added])
            self._stop.extend([w in self.stopwords for w in added])

    def flag(self, token_id: int) -> str:
        return self._tokens[token_id][1]

    def word(self, ids: IntArray) -> IntArray:
        """The word id of each token id."""
        return np.asarray(self._word_of.view[ids])

    def idf(self, word_ids: IntArray) -> FloatArray:
        return np.asarray(self._idf.view[word_ids])

    def length(self, word_ids: IntArray) -> IntArray:
        return np.asarray(self._length.view[word_ids])

    def stop(self, word_ids: IntArray) -> BoolArray:
        return np.asarray(self._stop.view[word_ids])

    def tagged(self, test: TagTest, ids: IntArray) -> BoolArray:
        """test(tag) of each token id, computed once per distinct tag."""
        table = self._tag_tables.get(test)
        if table is None or len(table) < len(self._tags):  # new tags: take the lock (rare)
            with self._lock:
                table = self._tag_tables.get(test, np.zeros(0, dtype=bool))
                if len(table) < len(self._tags):
                    more = np.array([test(t) for t in self._tags[len(table) :]], dtype=bool)
                    table = self._tag_tables[test] = np.concatenate([table, more])
        found: BoolArray = table[self._tag_of.view[ids]]
        return found

    def mask(self, predicate: Predicate, ids: IntArray) -> BoolArray:
        """predicate(word, flag) of each token id, computed once per distinct token.

        Without new tokens no lock is needed: a column only grows, and the ids of an article were
        all added (under the lock) before it asks.
        """
        column = self._masks.get(predicate)
        if column is None or len(column.view) < len(self._tokens):
            with self._lock:
                column = self._masks.get(predicate)
                if column is None:
                    column = self._masks[predicate] = _Column(np.bool_)
                done = len(column.view)
                if done < len(self._tokens):
                    column.extend([predicate(w, f) for w, f in self._tokens[done:]])
        return np.asarray(column.view[ids], dtype=np.bool_)


@lru_cache(maxsize=4)
def _lexicon(stopwords: frozenset[str]) -> Lexicon:
    return Lexicon(stopwords)


def lexicon(stopwords: frozenset[str]) -> Lexicon:
    """The run's lexicon for this stopword set (a fresh one once it has grown very large)."""
    lex = _lexicon(stopwords)
    if len(lex) > MAX_TOKENS:
        _lexicon.cache_clear()
        lex = _lexicon(stopwords)
    return lex
