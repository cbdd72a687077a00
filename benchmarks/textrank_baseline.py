"""The baseline side of the speed benchmark: textrank4zh doing the same work as digest.

Reads a JSONL file of articles ({"text", "title"}) and prints, for each, 3 key sentences
and 10 keywords as JSON, using textrank4zh 0.3 as its README shows. Run in its own process
so that its cold start (imports, jieba's dictionary) is timed like digest's.

    python benchmarks/textrank_baseline.py articles.jsonl > out.json
"""

from __future__ import annotations

import json
import sys


def main(path: str) -> int:
    import logging

    import jieba
    import networkx as nx

    jieba.setLogLevel(logging.WARNING)
    if not hasattr(nx, "from_numpy_matrix"):  # textrank4zh 0.3 predates networkx 3
        nx.from_numpy_matrix = nx.from_numpy_array
    from textrank4zh import TextRank4Keyword, TextRank4Sentence

    tr_keywords, tr_sentences = TextRank4Keyword(), TextRank4Sentence()
    out = []
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            if not line.strip():
                continue
            text = json.loads(line)["text"]
            tr_sentences.analyze(text=text, lower=True, source="all_filters")
            tr_keywords.analyze(text=text, lower=True, window=2)
            out.append(
                {
                    "summary": [s.sentence for s in tr_sentences.get_key_sentences(num=3)],
                    "keywords": [w.word for w in tr_keywords.get_keywords(10, word_min_len=1)],
                }
            )
    json.dump(out, sys.stdout, ensure_ascii=False)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
