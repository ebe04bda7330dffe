"""search.js's ranking in Python, over a built site's index files: the benchmark's figures in seconds.

    python bench/search_rank_copy.py [SITE] [--queries FILE] [--limit N] [--json]

Reads the search index a build wrote (SITE/search/index/: head.js, meta.js, the postings and detail
files), ranks every question as static/search.js does (its terms, BM25 over units, a document's
score from its best units, its sum, its share of the query's weight and its weight; the sections
shown within each result) and scores the first page as bench/search_quality.py scores the page
Chromium draws: the same links, result for result (the first 150 train questions compared; a test
compares pages of the example), so the same law Success@10, MRR@10, Success@3, article Success@10
and zero-result rate (floating-point sums may differ in the last bit, so a tie could break otherwise).  Without SITE it builds the benchmark's platform first, as search_quality.py
does.  A change of the ranking is tried here first, and then in search.js and the browser.  Not a
test: it prints figures; --odd-even also prints them for the odd and the even questions apart.
"""

from __future__ import annotations

import argparse
import json
import math
import re
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))
from generator.search_codes import ALPHABET  # noqa: E402
from search_quality import SHARED, article_of, law_of, make_platform, read_corpus, score  # noqa: E402

# search.js's constants
K1, B, PAGE_SIZE, SECTIONS_WITH_EXCERPT = 1.2, 0.75, 10, 5
SECTIONS_SHOWN = [20, 12, 8, 8, 8, 6, 6, 4, 4, 4]  # by the result's place
SUM_WEIGHT, SYNONYM_WEIGHT, COVER, SPREAD = 16, 0.6, 0.5, 0.06
COMMON_SHARE, COMMON_UNITS = 0.05, 50
TOKEN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+|[A-Za-z0-9]+")
VALUES = np.full(128, -1, np.int64)
VALUES[[ord(c) for c in ALPHABET]] = np.arange(len(ALPHABET))
JS_STRING = re.compile(r"'((?:[^'\\]|\\.)*)'")  # _js_string's literals
UNESCAPE = re.compile(r"\\(.)")


def unpack(text: str) -> np.ndarray:
    """The numbers search_codes.pack wrote (5-bit groups, continuation from 32 on), at once."""
    digits = VALUES[np.frombuffer(text.encode("ascii"), np.uint8)]
    ends = digits < 32
    group = np.cumsum(np.concatenate([[0], ends[:-1]]))  # the number each digit belongs to
    starts = np.flatnonzero(np.concatenate([[True], ends[:-1]]))
    shift = 5 * (np.arange(len(digits)) - starts[group])
    return np.bincount(group, weights=(digits & 31) << shift, minlength=len(starts)).astype(np.int64)


def _loaded(path: Path) -> str:
    """What an index file passes to gkSearch.load, as its JavaScript text."""
    text = path.read_text(encoding="utf-8")
    return text[text.index(",") + 1:text.rindex(");")]


class Site:
    """A built site's search index, as search.js reads it."""

    def __init__(self, site: Path):
        folder = site / "search" / "index"
        self.head = json.loads(_loaded(folder / "head.js"))
        self.meta = meta = json.loads(_loaded(folder / "meta.js"))
        self.postings: dict[str, str] = {}
        for path in folder.glob("[ph]*.js"):
            if path.name in ("head.js",):
                continue
            body = json.loads(_loaded(path))
            for line in body.split("\n"):
                if line:
                    term, packed = line.split(" ", 1)
                    self.postings[term] = packed
        self.details: dict[int, list[str]] = {}
        for path in folder.glob("d-*.js"):
            self.details[int(path.stem[2:])] = [
                json.loads(UNESCAPE.sub(r"\1", s)) for s in JS_STRING.findall(_loaded(path))]
        counts = unpack(meta["docUnits"])
        self.first = np.concatenate([[0], np.cumsum(counts)])
        self.doc_of = np.repeat(np.arange(len(counts)), counts)
        self.title = np.zeros(meta["units"], bool)
        self.title[self.first[:-1]] = True
        pairs = VALUES[np.frombuffer(meta["unitLength"].encode("ascii"), np.uint8)].reshape(-1, 2)
        self.length = pairs[:, 0] * 64 + pairs[:, 1]
        docs = meta["docs"]
        self.weight, self.date = np.array(docs["weight"]), np.array(docs["date"])
        self.type = np.array(docs["type"])
        self.question = re.compile("|".join(map(re.escape, sorted(self.head["stopWords"], key=len, reverse=True))))
        self.decoded: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def detail(self, doc: int) -> dict:
        chunk = self.meta["docs"]["chunk"]
        position = doc
        while position > 0 and chunk[position - 1] == chunk[doc]:
            position -= 1
        return self.details[chunk[doc]][doc - position]

    def term(self, term: str) -> tuple[np.ndarray, np.ndarray] | None:
        """A term's units and BM25's tf part for each (decodeTerm), or None when no unit holds it."""
        if term not in self.decoded:
            packed = self.postings.get(term)
            if packed is None:
                self.decoded[term] = None
            else:
                numbers = unpack(packed)
                units, tf = np.cumsum(numbers[0::2]), numbers[1::2].astype(np.float64)
                self.decoded[term] = units, tf * (K1 + 1) / (
                    tf + K1 * (1 - B + B * self.length[units] / self.meta["avgLength"]))
        return self.decoded[term]


def terms_of(text: str) -> list[str]:
    out = []
    for run in TOKEN.findall(text):
        if run[0] < "\u0080":
            out.append(run.lower())
        elif len(run) == 1:
            out.append(run)
        else:
            out += [run[i:i + 2] for i in range(len(run) - 1)]
    return out


def query_terms(site: Site, query: str) -> list[tuple[str, float]]:
    """queryTerms: the question's bigrams at 1, the synonyms' at SYNONYM_WEIGHT."""
    weights: dict[str, float] = {}
    for term in terms_of(site.question.sub(" ", query)):
        weights.setdefault(term, 1.0)
    for word, officials in site.head["synonyms"].items():
        if word in query:
            for official in officials:
                for term in terms_of(official):
                    weights.setdefault(term, SYNONYM_WEIGHT)
    return list(weights.items())


def rank(site: Site, query: str) -> tuple[list[int], list[tuple[np.ndarray, np.ndarray, float]]]:
    """rank(): the documents in order (best bets first) and the query's postings with their idf."""
    meta, total = site.meta, site.meta["units"]
    count = meta["docs"]["count"]
    scores, matched, cover = np.zeros(total), np.zeros(total), np.zeros(count)
    mass, missing, telling, postings = 0.0, False, False, []
    common = max(COMMON_UNITS, COMMON_SHARE * total)
    for term, weight in query_terms(site, query):
        found = site.term(term)
        if found is None:
            missing = missing or weight == 1
            continue
        units, parts = found
        telling = telling or len(units) <= common
        idf = weight * math.log(1 + (total - len(units) + 0.5) / (len(units) + 0.5))
        mass += idf
        cover[np.unique(site.doc_of[units])] += idf
        scores[units] += np.where(site.title[units], idf * parts * meta["titleWeight"], idf * parts)
        matched[units] += idf
        postings.append((units, parts, idf))
    pinned = list(dict.fromkeys(doc for key, docs in meta["bestBets"].items() if key in query for doc in docs))
    touched = np.flatnonzero(matched)
    if missing and not telling and not pinned:
        return [], postings
    ranked: list[int] = []
    if len(touched):
        unit_scores = scores[touched] * np.sqrt(matched[touched] / mass)
        docs = site.doc_of[touched]
        sums = np.bincount(docs, weights=unit_scores, minlength=count)
        order = np.lexsort((-unit_scores, docs))  # each document's units, best first
        docs, unit_scores = docs[order], unit_scores[order]
        starts = np.flatnonzero(np.diff(docs, prepend=-1))
        place = np.arange(len(docs)) - np.repeat(starts, np.diff(np.append(starts, len(docs))))
        best = np.zeros((3, count))
        for n in range(3):
            best[n, docs[place == n]] = unit_scores[place == n]
        found = docs[starts]
        service = meta.get("service")
        guides = (meta["facets"]["type"].index(service["type"]) if service and service["type"] in meta["facets"]["type"]
                  and any(w in query for w in service["words"]) else -1)
        boost = np.where(site.type[found] == guides, service["boost"], 1.0) if guides >= 0 else 1.0
        doc_scores = ((best[0, found] + SUM_WEIGHT * np.log(1 + sums[found]))
                      * ((1 + best[1, found]) * (1 + best[2, found])) ** SPREAD
                      * np.exp(COVER * cover[found] / mass) * site.weight[found] * boost)
        ranked = found[np.lexsort((found, -site.date[found], -doc_scores))].tolist()
    return pinned + [doc for doc in ranked if doc not in pinned], postings


def best_sections(site: Site, doc: int, postings: list, shown: int) -> list[int]:
    """bestSections: the first `shown` sections a result links to, best first."""
    first, end = site.first[doc] + 1, site.first[doc + 1]
    count = end - first
    scores: dict[int, float] = {}
    matched: dict[int, float] = {}
    total = 0.0
    for units, parts, idf in postings:
        lo, hi = np.searchsorted(units, first), np.searchsorted(units, end)
        if hi == lo:
            continue
        weight = idf ** 0.3 * math.log(1 + (count - (hi - lo) + 0.5) / (hi - lo + 0.5)) ** 0.7
        total += weight
        for unit, part in zip(units[lo:hi].tolist(), parts[lo:hi].tolist()):
            scores[unit] = scores.get(unit, 0.0) + weight * part
            matched[unit] = matched.get(unit, 0.0) + weight
    ranked = sorted((-value * math.sqrt(matched[unit] / total), unit) for unit, value in scores.items())
    return [unit - first for _, unit in ranked[:shown]]


def first_page(site: Site, query: str) -> list[list[str]]:
    """The links of each result on the first page, as the page draws them (its title's, then its sections')."""
    ranked, postings = rank(site, query)
    pages = []
    for place, doc in enumerate(ranked[:PAGE_SIZE]):
        detail = site.detail(doc)
        sections = best_sections(site, doc, postings, SECTIONS_SHOWN[place])
        sections[SECTIONS_WITH_EXCERPT:] = sorted(sections[SECTIONS_WITH_EXCERPT:])  # 其他相关段落 in the document's order
        anchors = [detail["s"][n][0] for n in sections]
        href = "../" + detail["p"]
        pages.append([href + ("#" + anchors[0] if anchors and anchors[0] else "")] + [f"{href}#{a}" for a in anchors[1:]])
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("site", type=Path, nargs="?", help="a built site (default: build the benchmark's)")
    parser.add_argument("--queries", type=Path, default=SHARED / "queries.train.jsonl")
    parser.add_argument("--limit", type=int, default=0, help="only the first N questions")
    parser.add_argument("--odd-even", action="store_true", help="also the figures of the odd and the even questions")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    questions = [json.loads(line) for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    questions = questions[:args.limit] if args.limit else questions
    site = args.site
    if site is None:
        from generator.build import build
        work = Path(tempfile.mkdtemp(prefix="gongkai-rank-"))
        make_platform(read_corpus(SHARED / "laws.tar.gz", work / "corpus"), work / "project")
        if build(work / "project", out=work / "public").exit_code:
            sys.exit("build failed")
        site = work / "public" / "laws"
    started = time.perf_counter()
    index = Site(site)
    pages = [first_page(index, q["query"]) for q in questions]
    laws = [[law_of(links[0]) for links in page] for page in pages]
    articles = [[x for links in page for x in map(article_of, links) if x] for page in pages]
    figures = {"all": score(questions, laws, articles)}
    if args.odd_even:
        for name, start in (("odd", 1), ("even", 0)):
            figures[name] = score(questions[start::2], laws[start::2], articles[start::2])
    for name, result in figures.items():
        print(f"{name:5}", "  ".join(f"{key} {value:.4f}" for key, value in result.items()))
    print(f"{len(questions)} questions in {time.perf_counter() - started:.1f} s")
    if args.json:
        print(json.dumps({name: {k: round(v, 4) for k, v in result.items()} for name, result in figures.items()}))


if __name__ == "__main__":
    main()
