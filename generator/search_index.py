"""The site's search index: a static, sharded BM25 index over document sections, in classic scripts.

Why not Pagefind: measured on 3,355 real laws with real citizens' questions, Pagefind ANDs the terms
of a typed question and mostly finds nothing (issue 5); and its index is fetched with fetch() and
ES modules, which browsers block on file://.  This index is read by `static/search.js`:

- units are sections (heading sections and 第X条 articles, each article with its chapter heading as
  context) plus one title unit per document (which also carries 文号 and 索引号), so a result links
  to the matching article;
- a document's weight is scaled by how many of the site's other documents cite it by title (search_citations.py);
- terms are CJK character bigrams (single characters for one-character runs) and ASCII words;
- postings are in files named by a hash of a character: a bigram is in the file of each of its two
  characters (search_postings.py), so the bigrams of a phrase (ab, bc, cd …) share files and a query
  loads about one file for two of its terms;
- every file is a classic script (`gkSearch.load(name, data)`), which loads from disk too; postings
  files and result details are strings, looked into or parsed only for what a query needs (a browser
  builds a string in a fraction of the time it takes to build the objects it holds).

Integer lists are packed as search_codes.py writes them: about 2–3 characters per posting.
"""

from __future__ import annotations

import functools
import json
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import yaml

from .cache import digest
from .pages import Asset
from .search_citations import cited_weights
from .search_codes import CODE_ARRAY, CODE_WIDTHS, CODES, code, pack, pack_each, pack_lengths, unpack
from .search_postings import PostingsFiles, postings_files

# characters of one document-details file at most, unless one document's details are longer: a result's
# details come in a file of its own or a few small neighbours' (a file costs a query far more than its bytes)
CHUNK_CHARS = 8_000
SNIPPET = 90             # characters of a section kept for result excerpts
SEGMENT_UNITS = 25_000   # units (titles and sections) indexed together, about (one task on one core)
TITLE_WEIGHT = 2.0       # a match in the title counts this much more than one in the body
DEFAULT_SYNONYMS = Path(__file__).parent / "data" / "synonyms.yaml"
# words that make a typed question a question; search.js cuts the query at them before taking terms
QUESTION_WORDS = ["请问", "什么", "怎么办", "怎么", "怎样", "如何", "为什么", "是否", "能否", "可不可以", "可以", "应该",
                  "应当", "需要", "有没有", "会不会", "是不是", "哪些", "哪里", "哪个", "多少", "多久", "我们", "他们",
                  "谁", "吗", "呢", "吧", "啊"]
# Single function characters (的, 是, 个, 有 …) are not cut: they are parts of words too (个体, 有效, 存在),
# and on the train questions the ranking was better without cutting them.
# Words that ask how to get something done: a query holding one ranks 办事指南 higher (SERVICE_BOOST),
# since a guide, not a notice that mentions the same benefit, tells a citizen what to bring and where.
SERVICE_WORDS = ["怎么办", "怎么领", "怎么申请", "如何申请", "如何办理", "怎么办理", "办理", "申领", "申请", "领取",
                 "材料", "手续", "流程", "去哪", "在哪", "哪里办", "补办", "多久能"]
SERVICE_TYPE = "办事指南"
SERVICE_BOOST = 1.5


CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
BIGRAM = re.compile(f"(?=([{CJK}]{{2}}))")
LONE = re.compile(f"(?<![{CJK}])[{CJK}](?![{CJK}])")
WORD = re.compile(r"[A-Za-z0-9]+")


def terms(text: str) -> list[str]:
    """Index terms of a text: bigrams of each CJK run (a lone character stands as itself), lower-cased
    words; grouped by kind, not in text order (three regex scans are much faster than one loop)."""
    return BIGRAM.findall(text) + LONE.findall(text) + WORD.findall(text.lower())


@dataclass
class IndexDocument:
    """What the index needs of one document placed on the site."""

    id: str
    path: str          # site path of its page
    title: str
    date: str          # YYYY-MM-DD (published), "" when undated (a table without dates)
    org: str           # organization id
    org_name: str
    type: str
    column: str
    validity: str
    number: str        # 发文字号
    index_no: str
    weight: float
    sections: list[tuple[str, str, str, str]]  # (anchor, heading, text, enclosing heading of an article)


@dataclass
class SearchInput:
    """What one site's index is built from."""

    documents: list[IndexDocument]
    synonyms: dict[str, list[str]]     # colloquial word -> official terms
    best_bets: dict[str, list[str]]    # query word -> page paths pinned first
    stop_words: list[str]


@functools.cache
def default_synonyms() -> dict[str, list[str]]:
    data = yaml.safe_load(DEFAULT_SYNONYMS.read_text(encoding="utf-8"))
    return {key: list(value) for key, value in data["synonyms"].items()}


@dataclass(eq=False)
class IndexPart:
    """The units of one segment of a site's documents, numbered from 0: lengths, title flags and
    encoded postings (for each term: its first unit, last unit and the packed rest), joined to the
    other segments' by `assemble_index`.  Terms are kept as keys, in ascending order (`term_key`):
    columns of numbers pickle and join much faster than a dict of a tuple per term."""

    lengths: list[int]
    titles: list[int]
    keys: np.ndarray       # each term's key, ascending
    words: list[str]       # the segment's own ASCII words: key WORD_KEY + n is words[n]
    firsts: np.ndarray     # each term's first unit
    lasts: np.ndarray      # each term's last unit
    rests: list[str]       # each term's packed postings after its first unit

    @functools.cached_property
    def postings(self) -> dict[str, tuple[int, int, str]]:
        """term -> (first unit, last unit, the packed rest)"""
        return dict(zip(_term_names(self.keys, self.words), zip(self.firsts.tolist(), self.lasts.tolist(), self.rests)))

    @classmethod
    def of(cls, lengths: list[int], titles: list[int], postings: dict[str, tuple[int, int, str]]) -> IndexPart:
        words = sorted(term for term in postings if term < "\u0080")
        number = {word: WORD_KEY + n for n, word in enumerate(words)}
        keys = np.array([number[t] if t in number else term_key(t) for t in postings], np.int64)
        order = np.argsort(keys, kind="stable")
        values = list(postings.values())
        firsts, lasts, rests = (zip(*[values[n] for n in order.tolist()]) if values else ((), (), ()))
        return cls(lengths, titles, keys[order], words, np.array(firsts, np.int64), np.array(lasts, np.int64), list(rests))


WORD_KEY = 1 << 32  # keys from here on are ASCII words; below, a CJK bigram's two code points or a lone character's


def term_key(term: str) -> int:
    """The key of a CJK bigram or lone character (`index_segment` makes the same with numpy)."""
    return ord(term[0]) << 16 | ord(term[1]) if len(term) == 2 else ord(term)


def segments(search: SearchInput) -> list[list[IndexDocument]]:
    """The site's documents in index order, in segments: each organization's documents, newest first,
    cut into pieces of about SEGMENT_UNITS units (counted from the oldest, so that a new document
    changes only the newest piece).  A segment's postings depend only on its documents' text, so a
    segment is indexed once for all the sites that show it (an organization's own site and the
    portal), on its own core, and again only when one of its documents changes."""
    by_org: dict[str, list[IndexDocument]] = defaultdict(list)
    for doc in sorted(search.documents, key=lambda d: (d.date, d.id), reverse=True):
        by_org[doc.org].append(doc)
    result = []
    for org in sorted(by_org):
        pieces, piece, units = [], [], 0
        for doc in reversed(by_org[org]):
            piece.append(doc)
            units += 1 + len(doc.sections)
            if units >= SEGMENT_UNITS:
                pieces.append(piece[::-1])
                piece, units = [], 0
        if piece:
            pieces.append(piece[::-1])
        result += reversed(pieces)
    return result


def segment_key(documents: list[IndexDocument]) -> str:
    """A digest of everything `index_segment` reads."""
    return digest([(d.title, d.number, d.index_no, d.sections) for d in documents])


def index_segment(documents: list[IndexDocument]) -> IndexPart:
    """Postings of one segment: a title unit per document (with 文号 and 索引号), then one unit per section.
    The same as counting each unit's `terms` (as `_units` does), with numpy over the segment's code
    points instead of a Python loop over each unit's terms: each occurrence becomes an integer
    (term << bits | unit), sorting them groups each term's units in order, and only each term's
    name and packed postings are made as strings."""
    units = [unit for doc in documents for unit in _unit_texts(doc)]
    texts = [text for text, _ in units]
    count = len(texts)
    bits = max(1, count.bit_length())
    # CJK runs from the code points of all units, a newline (no term) between units
    points = np.frombuffer("\n".join(texts + [""]).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    unit_of = np.repeat(np.arange(count, dtype=np.int64), np.fromiter(map(len, texts), np.int64, count) + 1)
    cjk = _is_cjk(points)
    pairs = np.flatnonzero(cjk[:-1] & cjk[1:])
    lone = cjk.copy()
    lone[1:] &= ~cjk[:-1]
    lone[:-1] &= ~cjk[1:]
    lone = np.flatnonzero(lone)
    # a bigram's key is its two code points (above 2**16), a lone character's its code point, a word's 2**32 + its number
    keys = [(points[pairs] << 16 | points[pairs + 1]) << bits | unit_of[pairs], points[lone] << bits | unit_of[lone]]
    words = [WORD.findall(text.lower()) for text in texts]
    vocabulary = list(dict.fromkeys(word for unit_words in words for word in unit_words))
    if vocabulary:
        number = dict(zip(vocabulary, range(len(vocabulary))))
        found = [number[word] for unit_words in words for word in unit_words]
        keys.append((np.array(found, np.int64) + WORD_KEY) << bits
                    | np.repeat(np.arange(count, dtype=np.int64), np.fromiter(map(len, words), np.int64, count)))
    occurrences, tf = np.unique(np.concatenate(keys), return_counts=True)  # by term, then unit
    term, unit = occurrences >> bits, occurrences & ((1 << bits) - 1)
    first = np.flatnonzero(np.diff(term, prepend=-1))
    last = np.append(first[1:], len(term))[:len(first)] - 1
    # each term's postings: tf, then (unit delta, tf) for each further unit (a term's first delta is dropped)
    numbers = np.empty(2 * len(term), dtype=np.int64)
    numbers[2::2] = unit[1:] - unit[:-1]
    numbers[1::2] = tf
    kept = np.ones(len(numbers), dtype=bool)
    kept[2 * first] = False
    numbers = numbers[kept]
    if numbers.max(initial=0) < len(CODES):
        codes, widths = CODE_ARRAY[numbers].tolist(), CODE_WIDTHS[numbers]
    else:
        codes = [code(n) for n in numbers.tolist()]
        widths = np.fromiter(map(len, codes), np.int64, len(codes))
    packed, ends = "".join(codes), np.cumsum(widths)
    stops = ends[np.cumsum(2 * (last - first) + 1) - 1].tolist() if len(first) else []
    rests = [packed[start:stop] for start, stop in zip([0] + stops, stops)]
    return IndexPart(np.bincount(unit, weights=tf, minlength=count).astype(np.int64).tolist(),
                     [1 if is_title else 0 for _, is_title in units], term[first], vocabulary, unit[first], unit[last], rests)


def _is_cjk(points: np.ndarray) -> np.ndarray:
    """Which code points are in CJK (the ranges `terms` takes bigrams of)."""
    return (((points >= 0x3400) & (points <= 0x4DBF)) | ((points >= 0x4E00) & (points <= 0x9FFF))
            | ((points >= 0xF900) & (points <= 0xFAFF)))


def _term_names(keys: np.ndarray, vocabulary: list[str]) -> list[str]:
    """The terms `index_segment`'s keys stand for."""
    names = np.empty(len(keys), dtype=object)
    word = keys >= WORD_KEY
    pair = (keys >= 1 << 16) & ~word
    single = ~pair & ~word
    if pair.any():
        text = _decode(np.stack([keys[pair] >> 16, keys[pair] & 0xFFFF], axis=1))
        names[pair] = [text[n:n + 2] for n in range(0, len(text), 2)]
    if single.any():
        names[single] = list(_decode(keys[single]))
    if word.any():
        names[word] = [vocabulary[n] for n in (keys[word] - WORD_KEY).tolist()]
    return names.tolist()


def _decode(points: np.ndarray) -> str:
    return points.astype(np.uint32).tobytes().decode("utf-32-le", "surrogatepass")


def _unit_texts(doc: IndexDocument) -> list[tuple[str, bool]]:
    """The texts of a document's units (its title with 文号 and 索引号, then its sections), each with a title flag."""
    return [(f"{doc.title} {doc.number} {doc.index_no}", True)] + \
        [(f"{context} {heading} {text}", False) for _, heading, text, context in doc.sections]


def _units(doc: IndexDocument) -> list[tuple[Counter, bool]]:
    """The term counts of a document's units, each with a title flag."""
    return [(Counter(terms(text)), is_title) for text, is_title in _unit_texts(doc)]


def patch_segment(part: IndexPart, before: list[IndexDocument], after: list[IndexDocument]) -> IndexPart | None:
    """What `index_segment(after)` gives, from `part` = `index_segment(before)`, when the two differ
    in the text of one document that keeps its number of units: only the postings of that
    document's terms are decoded and encoded again.  None when the segments differ otherwise."""
    changed = [n for n, (old, new) in enumerate(zip(before, after)) if old is not new]
    if len(before) != len(after) or len(changed) != 1 or before[changed[0]].id != after[changed[0]].id:
        return None
    old_units, new_units = _units(before[changed[0]]), _units(after[changed[0]])
    if len(old_units) != len(new_units):
        return None
    start = sum(1 + len(doc.sections) for doc in before[:changed[0]])
    end = start + len(new_units)
    postings = dict(part.postings)
    for term in {t for counts, _ in old_units + new_units for t in counts}:
        kept = []  # [unit, tf, …] outside the document
        if term in postings:
            first, _, rest = postings[term]
            numbers = [first, *unpack(rest)]
            unit = 0
            for index in range(0, len(numbers), 2):
                unit = numbers[index] if index == 0 else unit + numbers[index]
                if not start <= unit < end:
                    kept += (unit, numbers[index + 1])
        inside = [(start + n, counts[term]) for n, (counts, _) in enumerate(new_units) if term in counts]
        numbers = sorted([*zip(kept[0::2], kept[1::2]), *inside])
        if numbers:
            postings[term] = _encode_part([value for pair in numbers for value in pair])
        else:
            del postings[term]
    lengths = part.lengths[:start] + [sum(counts.values()) for counts, _ in new_units] + part.lengths[end:]
    return IndexPart.of(lengths, part.titles, postings)


def _encode_part(numbers: list[int]) -> tuple[int, int, str]:
    """[unit, tf, unit, tf, …] (units ascending) → (first unit, last unit, packed tf and unit deltas
    after the first unit), changing `numbers` in place."""
    first, last = numbers[0], numbers[-2]
    units = numbers[0::2]
    numbers[0::2] = [b - a for a, b in zip([first] + units, units)]
    return first, last, pack(numbers[1:])


@dataclass
class SiteIndex:
    """A site's search index files and what they were made from, so that `gongkai serve` can redo
    only the terms and files an edit touched (`assemble_index` with `previous`)."""

    keys: list                    # its segments' keys, in index order
    units: list[int]              # units of each segment
    postings: dict[str, str]      # term -> its packed postings over the whole site
    files: PostingsFiles          # the postings files and what sets their layout
    details: dict[str, tuple[IndexDocument, str]]  # document id -> (document, its details as JSON)
    assets: list[Asset]           # every file of the index, the postings files first (in order)


def assemble_index(site_segments: list[list[IndexDocument]], keys: list, parts: Iterable[IndexPart],
                   search: SearchInput, previous: SiteIndex | None = None,
                   stored: dict | None = None) -> SiteIndex:
    """All files of the site's search index (under search/index/), from its segments (`segments`,
    with their `keys`) and their postings, in order: a segment's units follow the previous
    segment's.  `parts` is read once, so the caller can let go of each part as soon as it is read.
    Given the `previous` index of the site and the parts of both by key (`stored`, given when a
    cache keeps the result), only the terms of the segments that changed are joined again, when no
    segment changed its number of units."""
    documents = [doc for segment in site_segments for doc in segment]
    units = [sum(1 + len(doc.sections) for doc in segment) for segment in site_segments]
    touched = None
    if previous is not None and stored is not None and previous.units == units:
        site_parts = [stored[key] for key in keys]
        touched = {term for old, new in zip(previous.keys, keys) if old != new
                   for term in _changed_terms(stored[old], stored[new])}
        postings = dict(previous.postings)
        for term in touched:
            postings[term] = _join_term(term, site_parts, units)
            if not postings[term]:
                del postings[term]
        sec_len = [n for part in site_parts for n in part.lengths]
        sec_title = [n for part in site_parts for n in part.titles]
    else:
        postings, sec_len, sec_title = _join(parts)
    files = postings_files(postings, stored is not None, previous.files if previous else None,
                           previous.postings if previous else None, touched)
    chunks, chunk_of, details = _detail_chunks(documents, previous.details if previous else {})
    facets = {name: sorted({getattr(d, name) for d in documents if getattr(d, name)})
              for name in ("org", "type", "column", "validity")}
    path_index = {d.path: n for n, d in enumerate(documents)}
    meta = {
        "version": 3, "units": len(sec_len), "avgLength": round(sum(sec_len) / max(1, len(sec_len)), 3),
        "titleWeight": TITLE_WEIGHT,
        # each document's units, its title unit first: search.js derives every unit's document and title flag
        "docUnits": pack([1 + len(d.sections) for d in documents]),
        # every unit's length in two characters, read by search.js for the matched units only
        "unitLength": pack_lengths(sec_len),
        "docs": {
            "count": len(documents),
            "weight": [round(weight, 3) for weight in cited_weights(documents)],
            "date": [int(d.date.replace("-", "") or 0) for d in documents],
            "chunk": chunk_of,
            **{name: [facets[name].index(getattr(d, name)) if getattr(d, name) else -1 for d in documents]
               for name in facets},
        },
        "facets": facets,
        "orgNames": {d.org: d.org_name for d in documents},
        "bestBets": {query: [path_index[p] for p in paths if p in path_index]
                     for query, paths in search.best_bets.items()},
        "service": {"words": SERVICE_WORDS, "type": SERVICE_TYPE, "boost": SERVICE_BOOST},
    }
    # what a query's postings files are named by, loaded beside meta.js so they can load while it does
    head = {"files": files.layout.count, "heavy": files.layout.heavy, "single": "".join(sorted(files.layout.single)),
            "synonyms": search.synonyms, "stopWords": search.stop_words}
    assets = list(files.assets.values()) + chunks + [_script("search/index/head.js", "head", head), _script("search/index/meta.js", "meta", meta)]
    if stored is None:  # no cache will keep it: only the files
        return SiteIndex([], [], {}, files, {}, assets)
    return SiteIndex(list(keys), units, postings, files, details, assets)


def _join(parts: Iterable[IndexPart]) -> tuple[dict[str, str], list[int], list[int]]:
    """Each term's packed postings over all parts in order, and every unit's length and title flag.
    A term's postings are its pieces in part order, each piece's first unit coded as the gap from the
    term's last unit in the parts before (or from 0): done for every (term, part) at once, by the
    terms' keys (each part's words numbered anew across parts), then cut from one string."""
    keys, firsts, lasts, rests = [], [], [], []
    words: dict[str, int] = {}
    sec_len: list[int] = []
    sec_title: list[int] = []
    for part in parts:
        part_keys = part.keys
        if part.words:
            number = np.array([words.setdefault(word, len(words)) for word in part.words], np.int64)
            word = part_keys >= WORD_KEY
            part_keys = part_keys.copy()
            part_keys[word] = WORD_KEY + number[part_keys[word] - WORD_KEY]
        keys.append(part_keys)
        firsts.append(part.firsts + len(sec_len))
        lasts.append(part.lasts + len(sec_len))
        rests += part.rests
        sec_len += part.lengths
        sec_title += part.titles
    if not rests:
        return {}, sec_len, sec_title
    key = np.concatenate(keys)
    order = np.argsort(key, kind="stable")  # by term, then part
    key, first, last = key[order], np.concatenate(firsts)[order], np.concatenate(lasts)[order]
    starts = np.ones(len(key), dtype=bool)  # where a term's pieces begin
    starts[1:] = key[1:] != key[:-1]
    gaps = first.copy()
    later = np.flatnonzero(~starts)
    gaps[later] -= last[later - 1]
    pieces = [""] * (2 * len(key))
    pieces[0::2] = pack_each(gaps)
    pieces[1::2] = map(rests.__getitem__, order.tolist())
    widths = np.fromiter(map(len, pieces), np.int64, len(pieces)).reshape(-1, 2).sum(axis=1)
    bounds = np.cumsum(widths)[np.append(np.flatnonzero(starts)[1:], len(key)) - 1].tolist()
    text = "".join(pieces)
    return (dict(zip(_term_names(key[starts], list(words)), [text[a:b] for a, b in zip([0] + bounds, bounds)])),
            sec_len, sec_title)


def _changed_terms(old: IndexPart, new: IndexPart) -> set[str]:
    """Terms whose postings differ between two versions of a segment."""
    before, after = old.postings, new.postings
    return {term for term in before.keys() | after.keys() if before.get(term) != after.get(term)}


def _join_term(term: str, parts: list[IndexPart], units: list[int]) -> str:
    """One term's packed postings over the segments in order (as `_join` makes them)."""
    pieces, last, offset = [], 0, 0
    for part, count in zip(parts, units):
        found = part.postings.get(term)
        if found:
            first, end, rest = found
            pieces += (code(first + offset - last), rest)
            last = end + offset
        offset += count
    return "".join(pieces)


def _detail_chunks(documents: list[IndexDocument], previous: dict[str, tuple[IndexDocument, str]]
                   ) -> tuple[list[Asset], list[int], dict[str, tuple[IndexDocument, str]]]:
    """Per-document details for displaying results, in chunks loaded only for the results shown;
    a document's details are taken from `previous` while it is the same document."""
    details = {}
    for doc in documents:
        before = previous.get(doc.id)
        if before and before[0] is doc:
            details[doc.id] = before
        else:
            detail = {"t": doc.title, "p": doc.path, "d": doc.date, "o": doc.org_name, "y": doc.type,
                      "n": doc.number, "i": doc.index_no, "v": doc.validity,
                      "s": [[anchor, heading, text[:SNIPPET]]
                            for anchor, heading, text, _ in doc.sections]}
            details[doc.id] = (doc, json.dumps(detail, ensure_ascii=False, separators=(",", ":"), sort_keys=True))
    chunks: list[list[str]] = [[]]
    size, chunk_of = 0, []
    for doc in documents:
        text = details[doc.id][1]
        if size and size + len(text) > CHUNK_CHARS:
            chunks.append([])
            size = 0
        chunks[-1].append(text)
        size += len(text)
        chunk_of.append(len(chunks) - 1)
    # each document's details as a string, parsed (JSON.parse) only for the results shown
    files = [Asset(path=f"search/index/d-{n}.js", content=f'gkSearch.load("d-{n}",[{",".join(map(_js_string, chunk))}]);\n'.encode())
             for n, chunk in enumerate(chunks)]
    return files, chunk_of, details


def _js_string(text: str) -> str:
    """JSON text as a single-quoted JavaScript string literal (its double quotes left as they are)."""
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"


def _script(path: str, name: str, data: object) -> Asset:
    body = json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)
    return Asset(path=path, content=f"gkSearch.load({json.dumps(name)},{body});\n".encode("utf-8"))
