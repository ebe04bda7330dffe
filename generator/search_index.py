"""The site's search index: a static, sharded BM25 index over document sections, in classic scripts.

Why not Pagefind: measured on 3,355 real laws with real citizens' questions, Pagefind ANDs the terms
of a typed question and mostly finds nothing (issue 5); and its index is fetched with fetch() and
ES modules, which browsers block on file://.  This index is read by `static/search.js`:

- units are sections (heading sections and 第X条 articles, each article with its chapter heading as
  context) plus one title unit per document (which also carries 文号 and 索引号), so a result links
  to the matching article;
- terms are CJK character bigrams (single characters for one-character runs) and ASCII words;
- postings are in files named by a hash of a character: a bigram is in the file of each of its two
  characters (`Layout`), so the bigrams of a phrase (ab, bc, cd …) share files and a query loads
  about one file for two of its terms;
- every file is a classic script (`gkSearch.load(name, data)`), which loads from disk too; postings
  files and result details are strings, looked into or parsed only for what a query needs (a browser
  builds a string in a fraction of the time it takes to build the objects it holds).

Integer lists are packed as 5-bit little-endian groups in a base64 alphabet (continuation bit 32),
delta-coded where sorted: about 2–3 characters per posting.
"""

from __future__ import annotations

import bisect
import functools
import json
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import yaml

from .cache import digest
from .pages import Asset

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"
SHARD_BYTES = 40_000     # target size of one postings file
DOUBLE_BYTES = 500       # a bigram with postings up to this size is in the files of both its characters
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


def fnv1a(text: str) -> int:
    """32-bit FNV-1a over UTF-16 code units: search.js computes the same to find a term's shard."""
    value = 0x811C9DC5
    for unit in text.encode("utf-16-le"):
        value = ((value ^ unit) * 0x01000193) & 0xFFFFFFFF
    return value


def fnv1a_all(texts: list[str]) -> np.ndarray:
    """`fnv1a` of each text, computed for all texts of one length at once."""
    hashes = np.empty(len(texts), dtype=np.uint64)
    sizes = np.fromiter(map(len, texts), np.int64, len(texts))
    for size in np.unique(sizes).tolist():
        chosen = np.flatnonzero(sizes == size)
        data = "".join([texts[n] for n in chosen.tolist()]).encode("utf-16-le", "surrogatepass")
        if len(data) != 2 * size * len(chosen):  # characters outside the BMP: two code units each
            hashes[chosen] = [fnv1a(texts[n]) for n in chosen.tolist()]
            continue
        units = np.frombuffer(data, dtype=np.uint8).reshape(len(chosen), 2 * size).astype(np.uint64)
        value = np.full(len(chosen), 0x811C9DC5, dtype=np.uint64)
        for column in units.T:
            value = ((value ^ column) * np.uint64(0x01000193)) & np.uint64(0xFFFFFFFF)
        hashes[chosen] = value
    return hashes


def pack(numbers: list[int]) -> str:
    if not numbers or max(numbers) < len(CODES):
        return "".join(map(CODES.__getitem__, numbers))
    return "".join(CODES[n] if n < len(CODES) else _code(n) for n in numbers)


def pack_lengths(lengths: list[int]) -> str:
    """Unit lengths in two characters each (big-endian digits of ALPHABET), so that search.js
    reads a unit's length without decoding the others; a length past 4,095 terms counts as 4,095
    (BM25's length part hardly differs there; 6 of 145,110 units of the 3,355 laws)."""
    return "".join(FIXED[min(n, len(FIXED) - 1)] for n in lengths)


def _code(number: int) -> str:
    chars = []
    while number >= 32:
        chars.append(ALPHABET[32 + (number & 31)])
        number >>= 5
    chars.append(ALPHABET[number])
    return "".join(chars)


CODES = [_code(n) for n in range(32 ** 3)]  # the codes of small numbers, looked up instead of computed
_CODE_ARRAY = np.array(CODES, dtype=object)
_CODE_WIDTHS = np.array([len(code) for code in CODES], dtype=np.int64)


FIXED = [a + b for a in ALPHABET for b in ALPHABET]  # 0 … 4,095 in two characters
VALUES = {char: value for value, char in enumerate(ALPHABET)}


def unpack(text: str) -> list[int]:
    """The numbers `pack` made `text` of."""
    numbers, number, shift = [], 0, 0
    for char in text:
        value = VALUES[char]
        if value >= 32:
            number |= (value - 32) << shift
            shift += 5
        else:
            numbers.append(number | value << shift)
            number, shift = 0, 0
    return numbers


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


@dataclass
class IndexPart:
    """The units of one segment of a site's documents, numbered from 0: lengths, title flags and
    encoded postings (term -> first unit, last unit, the packed rest), joined to the other segments'
    by `assemble_index`."""

    lengths: list[int]
    titles: list[int]
    postings: dict[str, tuple[int, int, str]]


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
        keys.append((np.array(found, np.int64) + (1 << 32)) << bits
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
        codes, widths = _CODE_ARRAY[numbers].tolist(), _CODE_WIDTHS[numbers]
    else:
        codes = [_code(n) for n in numbers.tolist()]
        widths = np.fromiter(map(len, codes), np.int64, len(codes))
    packed, ends = "".join(codes), np.cumsum(widths)
    stops = ends[np.cumsum(2 * (last - first) + 1) - 1].tolist() if len(first) else []
    rests = [packed[start:stop] for start, stop in zip([0] + stops, stops)]
    postings = dict(zip(_term_names(term[first], vocabulary), zip(unit[first].tolist(), unit[last].tolist(), rests)))
    return IndexPart(np.bincount(unit, weights=tf, minlength=count).astype(np.int64).tolist(),
                     [1 if is_title else 0 for _, is_title in units], postings)


def _is_cjk(points: np.ndarray) -> np.ndarray:
    """Which code points are in CJK (the ranges `terms` takes bigrams of)."""
    return (((points >= 0x3400) & (points <= 0x4DBF)) | ((points >= 0x4E00) & (points <= 0x9FFF))
            | ((points >= 0xF900) & (points <= 0xFAFF)))


def _term_names(keys: np.ndarray, vocabulary: list[str]) -> list[str]:
    """The terms `index_segment`'s keys stand for."""
    names = np.empty(len(keys), dtype=object)
    word = keys >= 1 << 32
    pair = (keys >= 1 << 16) & ~word
    single = ~pair & ~word
    if pair.any():
        text = _decode(np.stack([keys[pair] >> 16, keys[pair] & 0xFFFF], axis=1))
        names[pair] = [text[n:n + 2] for n in range(0, len(text), 2)]
    if single.any():
        names[single] = list(_decode(keys[single]))
    if word.any():
        names[word] = [vocabulary[n] for n in (keys[word] - (1 << 32)).tolist()]
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
    return IndexPart(lengths, part.titles, postings)


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
    files = _postings_files(postings, previous, touched)
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
            "weight": [round(d.weight, 3) for d in documents],
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
    """Each term's packed postings over all parts in order, and every unit's length and title flag."""
    merged: dict[str, list] = {}  # term -> [its last unit so far, encoded pieces …]
    sec_len: list[int] = []
    sec_title: list[int] = []
    offset, small = 0, len(CODES)
    for part in parts:  # a segment's first unit is coded as the gap from the term's last unit before it
        sec_len += part.lengths
        sec_title += part.titles
        get = merged.get
        for term, (first, end, rest) in part.postings.items():
            pieces = get(term)
            if pieces is None:
                gap = first + offset
                merged[term] = [end + offset, CODES[gap] if gap < small else _code(gap), rest]
            else:
                gap = first + offset - pieces[0]
                pieces += (CODES[gap] if gap < small else _code(gap), rest)
                pieces[0] = end + offset
        offset += len(part.lengths)
    return {term: "".join(pieces[1:]) for term, pieces in merged.items()}, sec_len, sec_title


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
            pieces += (_code(first + offset - last), rest)
            last = end + offset
        offset += count
    return "".join(pieces)


@dataclass(frozen=True)
class Layout:
    """Which postings files hold a term; search.js computes the same from head.js.  A CJK bigram ab is
    in the file of a and in the file of b (a phrase abcd's bigrams ab, bc, cd are in the files of b
    and c: a query loads about one file for two of its terms), except a bigram whose postings are
    longer than DOUBLE_BYTES, only in a's file (kept twice, the long lists would make the 3,355
    laws' index 40% larger), listed in head.js.  A character's file is one of `count` files by a
    hash of the character, or, for a character whose bigrams alone fill more than two files, one of
    its own `heavy` files by a hash of the bigram's other character.  A lone character or an ASCII
    word is in one of the `count` files by its hash."""

    count: int
    heavy: dict[str, int]     # character -> number of its own files
    single: frozenset[str]    # bigrams kept in their first character's file only


def homes(term: str, layout: Layout) -> list[str]:
    """The names of the postings files that hold `term` (one or two); a CJK bigram is two characters
    past ASCII (words are ASCII, lone characters one character)."""
    if len(term) != 2 or term < "\x80":
        return [_file(term, layout.count)]
    a, b = term
    parts = layout.heavy.get(a)
    first = _file(b, parts, a) if parts else _file(a, layout.count)
    if term in layout.single:
        return [first]
    parts = layout.heavy.get(b)
    second = _file(a, parts, b) if parts else _file(b, layout.count)
    return [first] if second == first else [first, second]


def _file(text: str, count: int, owner: str = "") -> str:
    """The name of file number fnv1a(text) % count, of `owner`'s own files when given."""
    return f"h{ord(owner):x}-{_hash(text) % count:x}" if owner else f"p-{_hash(text) % count:x}"


@functools.cache
def _hash(text: str) -> int:
    """fnv1a of a term or a character, kept: a site's terms ask for each again and again."""
    return fnv1a(text)


@dataclass
class PostingsFiles:
    """A site's postings files, by name, with their terms and what set their layout, so that an edit
    makes again only the files of the terms it touched (when the layout stays)."""

    layout: Layout
    total: int                 # bytes of all files together
    loads: dict[str, int]      # character -> bytes of its bigrams
    terms: dict[str, list[str]]
    assets: dict[str, Asset]


def _share(term: str, postings: dict[str, str]) -> tuple[int, bool, list[str]]:
    """A term's bytes in one file, whether it is kept once only (a long bigram) and the characters
    whose load it adds to (both of a bigram's, or its first one's)."""
    if term not in postings:
        return 0, False, []
    size = len(term) + len(postings[term]) + 6
    if len(term) != 2 or term < "\x80":
        return size, False, []
    single = size > DOUBLE_BYTES
    return size, single, [term[0]] if single or term[0] == term[1] else [term[0], term[1]]


def _postings_files(postings: dict[str, str], previous: SiteIndex | None,
                    touched: set[str] | None) -> PostingsFiles:
    """The postings files (`Layout`); with `touched` (the terms whose postings differ from the
    `previous` index's), only the files that hold one are made again while the layout stays."""
    if previous is not None and touched is not None:
        total, loads, single = previous.files.total, dict(previous.files.loads), set(previous.files.layout.single)
        changes = [(term, terms, sign) for term in touched for terms, sign in ((previous.postings, -1), (postings, 1))]
    else:
        total, loads, single = 0, {}, set()
        changes = [(term, postings, 1) for term in postings]
    for term, terms, sign in changes:
        size, once, chars = _share(term, terms)
        total += sign * size * max(1, len(chars))
        for char in chars:
            loads[char] = loads.get(char, 0) + sign * size
        if sign < 0 or not once:
            single.discard(term)
        else:
            single.add(term)
    loads = {char: load for char, load in loads.items() if load}
    count = 1 << max(0, math.ceil(math.log2(max(1, total / SHARD_BYTES))))
    heavy = {char: 1 << max(1, round(math.log2(load / SHARD_BYTES)))
             for char, load in sorted(loads.items()) if load > 2 * SHARD_BYTES}
    layout = Layout(count, heavy, frozenset(single))
    if previous is not None and touched is not None and layout == previous.files.layout:
        terms = dict(previous.files.terms)
        redo = set()
        for term in touched:
            for name in homes(term, layout):
                members = terms[name] = list(terms[name])
                index = bisect.bisect_left(members, term)
                present = index < len(members) and members[index] == term
                if term in postings and not present:
                    members.insert(index, term)
                elif term not in postings and present:
                    del members[index]
                redo.add(name)
        assets = dict(previous.files.assets)
        for name in redo:
            assets[name] = _postings_file(name, terms[name], postings)
        return PostingsFiles(layout, total, loads, terms, assets)
    terms = {f"p-{n:x}": [] for n in range(count)}
    terms.update({f"h{ord(char):x}-{n:x}": [] for char, parts in heavy.items() for n in range(parts)})
    for term in sorted(postings):
        for name in homes(term, layout):
            terms[name].append(term)
    return PostingsFiles(layout, total, loads, terms, {name: _postings_file(name, members, postings)
                                                       for name, members in terms.items()})


def _postings_file(name: str, terms: list[str], postings: dict[str, str]) -> Asset:
    """One postings file: one string, a line per term (the term, a space, its postings), which
    search.js searches with indexOf instead of having the browser build an object of a thousand
    properties.  Terms are CJK characters and ASCII letters and digits (`terms`), postings characters
    of ALPHABET: none needs escaping in a JavaScript string."""
    body = "\\n" + "\\n".join(map(" ".join, zip(terms, map(postings.__getitem__, terms)))) if terms else ""
    return Asset(path=f"search/index/{name}.js", content=f'gkSearch.load("{name}","{body}\\n");\n'.encode("utf-8"))


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
