"""The archive: every edition digested, kept in one SQLite file, searchable and remembered.

- `store.py`: the file itself: opening (never a foreign or newer file), the schema and its
  migrations, write transactions that wait for each other and survive SIGKILL.
- `fingerprint.py`: what makes two bodies the same story: MinHash over character shingles, and
  LSH bands that find candidates through an index, within a window of days.
- `index.py`: words for full-text search (Chinese cut by jieba, plus the two-character pieces of
  longer words), search expressions and snippets.
- `library.py`: what the commands do (add, recall for daily, search, trends, info), returning
  the plain values of `views.py` for the renderers.

Nothing here is imported unless a command uses the archive: a plain run never loads sqlite3.
"""
