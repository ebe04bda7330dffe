"""What the 规章和规范性文件库's combined query (static/library.js) reads, in `gfxwjk/data/`: classic
scripts (`gkLibrary.load(name, data)`), so that it also works opened from disk, each loaded only
when a query needs it, so that a library of 10⁵ documents costs a query a few hundred KB:

- `head.js`: the number of documents, the values of each facet (issuers, validity, 文种, sources,
  how each source is shown), each year's range of documents, the sizes below;
- `r-N.js`: the documents to show (title, 文号, issuer, date, validity, link, source), ROWS to a
  file, in the lists' order (newest first), so a document is known by its place in it;
- `p-X.js`: postings, sharded by a hash of the term (search_codes.fnv1a, which library.js computes
  too): each facet value's documents (a term of FACET, a letter and the value's number), each
  character's documents, and each pair of characters' places: document × LIMIT + where in the text
  it stands.  The text is the title, a line break and the 文号; every character counts (文号 are
  digits and brackets), so a query is matched as the substring it is: its pairs at offsets 0, 2,
  4 … and the last one, at the same distances from one another.

A year is a range of places (the documents are sorted by date), so it needs no postings.  Lists are
packed with search_codes.pack as gaps from the previous number (from 0).
"""

from __future__ import annotations

import json
import math
import re
from collections import defaultdict, deque
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import chain, repeat
from operator import sub

from ..pages import Asset
from ..search_codes import fnv1a, pack

ROWS = 50              # documents to a rows file: a page of sparse results loads at most a page of files
SHARD_BYTES = 40_000   # target size of a postings file
FACET = "\x01"         # starts a facet value's term: no text holds it (see `normalized`)
LIMIT = 1024           # offsets at or past this are not indexed (titles are far shorter)
_ODD = re.compile("[\x00-\x1f\u2028\u2029]|[\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class QueryRow:
    """One document as the combined query filters and shows it."""

    title: str
    doc_number: str | None
    issuer: str
    published: date
    validity: str | None
    category: str        # 文种: 规章 or 行政规范性文件
    link: str            # a site path, or another platform's absolute address
    source: int = 0      # 0: this platform, else its source's number
    shown: str = ""      # its 来源 as shown (a merged library's documents name where they came from)


def normalized(text: str) -> str:
    """The text as indexed and as library.js reads a query: control and line-separator characters
    as spaces, characters outside the BMP as U+FFFD (so that an offset counts the same in Python
    and in JavaScript's UTF-16 strings)."""
    return _ODD.sub(lambda m: "\ufffd" if ord(m.group()) > 0xFFFF else " ", text)


def query_files(folder: str, rows: list[QueryRow], validities: list[str], categories: list[str], sources: list[str],
                page: int) -> list[Asset]:
    """head.js, the rows files and the postings files of `rows` (in the lists' order) in `folder`;
    `validities` and `categories` in display order, `sources` the 来源 names (none when the library
    merges no other)."""
    issuers = list(dict.fromkeys(row.issuer for row in rows))
    shown = list(dict.fromkeys(row.shown for row in rows)) if sources else []
    validity = {value: n for n, value in enumerate(validities)}
    issuer = {name: n for n, name in enumerate(issuers)}
    years: dict[int, list[int]] = {}
    for n, row in enumerate(rows):
        years.setdefault(row.published.year, [n, n])[1] = n + 1
    category = {value: n for n, value in enumerate(categories)}
    keys = tuple((*_texts(row), issuer[row.issuer], validity.get(row.validity, -1), category[row.category], row.source)
                 for row in rows)
    shards = _postings(folder, keys, bool(sources))
    head = {"count": len(rows), "rows": ROWS, "shards": len(shards), "page": page, "limit": LIMIT,
            "issuers": issuers, "validity": validities, "categories": categories, "sources": sources, "shown": shown,
            "years": [[year, first, end] for year, (first, end) in years.items()]}
    assets = [_script(folder, "head", head)]
    origin = {name: n for n, name in enumerate(shown)}
    for start in range(0, len(rows), ROWS):
        assets.append(_script(folder, f"r-{start // ROWS}", [
            [row.title, row.doc_number, issuer[row.issuer], row.published.isoformat(), validity.get(row.validity, -1),
             row.link] + ([origin[row.shown]] if sources else []) for row in rows[start:start + ROWS]]))
    return assets + list(shards)


@lru_cache(maxsize=2)  # every portal of a platform holds the same library: its postings are made once
def _postings(folder: str, keys: tuple[tuple[str, str, int, int, int, int], ...], merged: bool) -> tuple[Asset, ...]:
    pairs: dict[str, list[int]] = defaultdict(list)    # a pair -> document × LIMIT + offset, in order
    singles: dict[str, list[int]] = defaultdict(list)  # a character -> its documents
    facets: dict[str, list[int]] = defaultdict(list)
    consume, add, pair_list, single_list = deque(maxlen=0).extend, list.append, pairs.__getitem__, singles.__getitem__
    for n, (title, number, issuer, validity, category, source) in enumerate(keys):
        # (maps run in C: a Python loop over 5·10⁶ pairs took seconds)
        start = n * LIMIT
        for text in (title, number):
            consume(map(add, map(pair_list, map(str.__add__, text, text[1:])), range(start, start + len(text) - 1)))
            start += len(text) + 1
        consume(map(add, map(single_list, {*title, *number}), repeat(n)))
        facets[f"{FACET}i{issuer}"].append(n)
        if validity >= 0:
            facets[f"{FACET}v{validity}"].append(n)
        facets[f"{FACET}c{category}"].append(n)
        if merged:
            facets[f"{FACET}s{source}"].append(n)
    postings = {term: pack(list(map(sub, numbers, chain((0,), numbers))))
                for found in (pairs, singles, facets) for term, numbers in found.items()}
    size = sum(len(term) + len(packed) + 2 for term, packed in postings.items())
    count = 1 << max(0, math.ceil(math.log2(max(1, size / SHARD_BYTES))))
    width = len(f"{count - 1:x}")
    shards: list[list[str]] = [[] for _ in range(count)]
    for term in sorted(postings):
        shards[fnv1a(term) % count].append(f"{term}\t{postings[term]}")
    # one string a file, a line per term, which library.js searches with indexOf
    return tuple(_script(folder, f"p-{n:0{width}x}", "\n" + "\n".join(lines) + "\n") for n, lines in enumerate(shards))


def _texts(row: QueryRow) -> tuple[str, str]:
    """The title and the 文号 as indexed: together within LIMIT (the 文号 starts after the title and a
    line break)."""
    title = normalized(row.title)[:LIMIT]
    return title, normalized(row.doc_number or "")[:max(0, LIMIT - len(title) - 1)]


def _script(folder: str, name: str, data: object) -> Asset:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Asset(path=f"{folder}/{name}.js", content=f'gkLibrary.load("{name}",{body});\n'.encode("utf-8"))
