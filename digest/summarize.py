"""Article -> Summary. (Placeholder: lead sentences; to be replaced by the real ranker.)"""

from __future__ import annotations

import re

from digest.model import Article, Sentence, Summary, SummaryOptions


def summarize(article: Article, options: SummaryOptions = SummaryOptions()) -> Summary:
    sents = []
    for pi, p in enumerate(article.paragraphs):
        for s in re.findall(r"[^。！？]+[。！？]?", p):
            sents.append(Sentence(s, len(sents), pi))
    return Summary(article=article, sentences=tuple(sents[: options.sentences]), keywords=())
