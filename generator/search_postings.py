"""A site's postings files (search/index/p-*.js and h*-*.js): which file holds each term, so that a
query loads few files, and the files themselves.  search.js finds a term's files the same way from
head.js (`Layout`)."""

from __future__ import annotations

import bisect
import functools
import math
from dataclasses import dataclass

import numpy as np

from .pages import Asset
from .search_codes import fnv1a, fnv1a_all

SHARD_BYTES = 40_000     # target size of one postings file
DOUBLE_BYTES = 500       # a bigram with postings up to this size is in the files of both its characters


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
    terms: dict[str, list[str]]  # file name -> its terms (empty when no cache keeps the index)
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


def postings_files(postings: dict[str, str], keep: bool, previous: PostingsFiles | None = None,
                   before: dict[str, str] | None = None, touched: set[str] | None = None) -> PostingsFiles:
    """The postings files of `postings` (term -> its packed postings).  Given the `previous` files,
    made from the postings `before`, and the terms `touched` since (whose postings differ), only the
    files that hold one are made again while the layout stays.  `keep`: list each file's terms,
    for the next build to change (a cache keeps the index)."""
    if previous is None or touched is None:
        return _all_postings_files(postings, keep)
    total, loads, single = previous.total, dict(previous.loads), set(previous.layout.single)
    changes = [(term, terms, sign) for term in touched for terms, sign in ((before, -1), (postings, 1))]
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
    layout = _layout(total, loads, single)
    if layout == previous.layout:
        terms = dict(previous.terms)
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
        assets = dict(previous.assets)
        for name in redo:
            assets[name] = _postings_file(name, [f"{term} {postings[term]}" for term in terms[name]])
        return PostingsFiles(layout, total, loads, terms, assets)
    return _all_postings_files(postings, keep)


def _layout(total: int, loads: dict[str, int], single: set[str]) -> Layout:
    """The layout for postings of `total` bytes with each character's bigrams' `loads`."""
    count = 1 << max(0, math.ceil(math.log2(max(1, total / SHARD_BYTES))))
    heavy = {char: 1 << max(1, round(math.log2(load / SHARD_BYTES)))
             for char, load in sorted(loads.items()) if load > 2 * SHARD_BYTES}
    return Layout(count, heavy, frozenset(single))


def _all_postings_files(postings: dict[str, str], keep: bool) -> PostingsFiles:
    """Every postings file, as `_share` and `homes` place each term, for all terms at once: the
    bigrams' characters as code points, each character's hash once."""
    names = sorted(postings)
    lines = [f"{name} {postings[name]}" for name in names]
    sizes = np.fromiter(map(len, lines), np.int64, len(lines)) + 5
    lengths = np.fromiter(map(len, names), np.int64, len(names))
    points = np.frombuffer("".join(names).encode("utf-32-le", "surrogatepass"), dtype=np.uint32).astype(np.int64)
    starts = np.cumsum(lengths) - lengths
    pair = np.flatnonzero((lengths == 2) & (points[starts] >= 0x80))
    a, b = points[starts[pair]], points[starts[pair] + 1]
    single = sizes[pair] > DOUBLE_BYTES
    twice = ~single & (a != b)
    total = int(sizes.sum() + sizes[pair[twice]].sum())
    chars, inverse = np.unique(np.concatenate([a, b[twice]]), return_inverse=True)
    char_loads = np.bincount(inverse, weights=np.concatenate([sizes[pair], sizes[pair[twice]]]), minlength=len(chars))
    loads = {chr(char): int(load) for char, load in zip(chars.tolist(), char_loads.tolist())}
    layout = _layout(total, loads, {names[n] for n in pair[single].tolist()})
    # files numbered: the `count` shared ones, then each heavy character's own, in order
    file_names = [f"p-{n:x}" for n in range(layout.count)]
    own_first = np.full(len(chars), -1, np.int64)  # a heavy character's first file's number
    own_count = np.ones(len(chars), np.int64)
    for char, parts in layout.heavy.items():
        index = int(np.searchsorted(chars, ord(char)))
        own_first[index], own_count[index] = len(file_names), parts
        file_names += [f"h{ord(char):x}-{n:x}" for n in range(parts)]
    char_hash = fnv1a_all([chr(char) for char in chars.tolist()]).astype(np.int64)
    a_index, b_index = np.searchsorted(chars, a), np.searchsorted(chars, b)

    def file_of(char: np.ndarray, other: np.ndarray) -> np.ndarray:  # a bigram's file in char's files
        own = own_first[char]
        return np.where(own >= 0, own + char_hash[other] % own_count[char], char_hash[char] % layout.count)
    home = np.empty(len(names), np.int64)
    others = np.ones(len(names), dtype=bool)
    others[pair] = False
    others = np.flatnonzero(others)
    home[others] = fnv1a_all([names[n] for n in others.tolist()]).astype(np.int64) % layout.count
    home[pair] = file_of(a_index, b_index)
    second = file_of(b_index, a_index)
    extra = ~single & (second != home[pair])
    files = np.concatenate([home, second[extra]])
    members = np.concatenate([np.arange(len(names)), pair[extra]])
    order = np.lexsort((members, files))
    cuts = np.searchsorted(files[order], np.arange(len(file_names) + 1)).tolist()
    members = members[order].tolist()
    lines = list(map(lines.__getitem__, members))  # file by file
    assets = {name: _postings_file(name, lines[cuts[n]:cuts[n + 1]]) for n, name in enumerate(file_names)}
    members = list(map(names.__getitem__, members)) if keep else []
    terms = {name: members[cuts[n]:cuts[n + 1]] for n, name in enumerate(file_names)} if keep else {}
    return PostingsFiles(layout, total, loads, terms, assets)


def _postings_file(name: str, lines: list[str]) -> Asset:
    """One postings file: one string, a line per term (the term, a space, its postings), which
    search.js searches with indexOf instead of having the browser build an object of a thousand
    properties.  Terms are CJK characters and ASCII letters and digits (`terms`), postings characters
    of ALPHABET: none needs escaping in a JavaScript string."""
    body = "\\n" + "\\n".join(lines) if lines else ""
    return Asset(path=f"search/index/{name}.js", content=f'gkSearch.load("{name}","{body}\\n");\n'.encode("utf-8"))
