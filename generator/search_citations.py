"""A document's standing among the site's documents: how many of the others cite it by its title in
《》.  A law that regulations, interpretations and notices keep citing (《中华人民共和国民法典》,
《中华人民共和国行政诉讼法》) answers more questions than one nothing cites, so its search weight is
scaled by (1 + the number of other documents citing it)^CITED_PRIOR, as a web search weighs links.

A citation names a document by its full title, by the title without a trailing note in brackets
(《中华人民共和国民法典》 for each of its books, “……（合同编）”), or either without the leading
中华人民共和国 (《行政诉讼法》).  A document citing itself, or citing one title many times, counts once
or not at all.  Chosen on the benchmark's train questions (bench/search_quality.py, 3,355 laws):
CITED_PRIOR 0.05 moved law MRR@10 0.750 → 0.777, Success@3 0.825 → 0.851 and Success@10
0.938 → 0.944, the same on either half of the questions (0.02–0.08 all within 0.01 of it)."""

from __future__ import annotations

import re
from collections import defaultdict
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # search_index imports this module
    from .search_index import IndexDocument

CITED_PRIOR = 0.05
CITATION = re.compile(r"《([^《》]{2,80})》")
NOTE = re.compile(r"（[^（）]*）$")
COUNTRY = "中华人民共和国"


def title_keys(title: str) -> set[str]:
    """The names a citation may give a document with this title."""
    keys = {title, NOTE.sub("", title)}
    return keys | {key[len(COUNTRY):] for key in keys if key.startswith(COUNTRY) and len(key) > len(COUNTRY) + 1}


def cited_titles(doc: IndexDocument) -> set[str]:
    """The titles a document cites in its title or its sections."""
    return {title for text in [doc.title, *(section[2] for section in doc.sections)] if "《" in text
            for title in CITATION.findall(text)}


def cited_weights(documents: list[IndexDocument]) -> list[float]:
    """Each document's search weight times its citations' prior."""
    by_key: dict[str, list[int]] = defaultdict(list)
    for n, doc in enumerate(documents):
        for key in title_keys(doc.title):
            by_key[key].append(n)
    cited = [0] * len(documents)
    for n, doc in enumerate(documents):
        for target in {m for title in cited_titles(doc) for m in by_key.get(title, ())} - {n}:
            cited[target] += 1
    return [doc.weight * (1 + count) ** CITED_PRIOR for doc, count in zip(documents, cited)]
