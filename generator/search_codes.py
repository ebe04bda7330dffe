"""How the search index writes numbers and names its files, as static/search.js (and the library's
library.js) reads them.

Integer lists are packed as 5-bit little-endian groups in a base64 alphabet (continuation bit 32),
delta-coded where sorted: about 2–3 characters per posting.  A term's or a character's file is
found by its 32-bit FNV-1a hash over UTF-16 code units, which JavaScript computes on its strings.
"""

from __future__ import annotations

import numpy as np

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_"


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
    return "".join(CODES[n] if n < len(CODES) else code(n) for n in numbers)


def pack_each(numbers: np.ndarray) -> list[str]:
    """Each number's code, as `pack` writes it."""
    if numbers.max(initial=0) < len(CODES):
        return CODE_ARRAY[numbers].tolist()
    return [CODES[n] if n < len(CODES) else code(n) for n in numbers.tolist()]


def pack_lengths(lengths: list[int]) -> str:
    """Unit lengths in two characters each (big-endian digits of ALPHABET), so that search.js
    reads a unit's length without decoding the others; a length past 4,095 terms counts as 4,095
    (BM25's length part hardly differs there; 6 of 145,110 units of the 3,355 laws)."""
    return "".join(FIXED[min(n, len(FIXED) - 1)] for n in lengths)


def code(number: int) -> str:
    chars = []
    while number >= 32:
        chars.append(ALPHABET[32 + (number & 31)])
        number >>= 5
    chars.append(ALPHABET[number])
    return "".join(chars)


CODES = [code(n) for n in range(32 ** 3)]  # the codes of small numbers, looked up instead of computed
CODE_ARRAY = np.array(CODES, dtype=object)
CODE_WIDTHS = np.array([len(text) for text in CODES], dtype=np.int64)


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
