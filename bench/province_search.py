"""Search on a province's portal, from disk: the site's own search and the 一网通查 library.

    python bench/province_search.py PORTAL [--queries 20] [--runs 3]

PORTAL is a built portal's folder (e.g. the provincial portal of a sharded 10⁶-document build of
bench/synthetic.py's province).  Issue 18 asks both to answer from disk at 10⁶ documents with the
first results in ≤ 1 s and ≤ 8 MB of index loaded per query.  Queries are drawn from the portal's
own data, deterministically (no corpus needed):

- site search: `search/index.html?q=…` for words cut from titles the library lists (2, 4 and 6
  characters, and two words together); time to results is `gkSearch.last.ms`, from the search
  script's start to the results drawn (what bench/search_latency.py reports);
- library: `gfxwjk/index.html` with the combined filter (library_scale.py's measurement): the most
  frequent issuer, a year with a validity, title text of 2 and 6 characters, a 文号's prefix.

For each query: the time and the bytes of every file under search/ or gfxwjk/ the page requested.
Prints medians, maxima and the largest load, then one JSON line.  Not a test.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
from collections import Counter
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from library_scale import measure  # noqa: E402


def site_queries(documents: list[dict], count: int, seed: int = 18) -> list[str]:
    rng = random.Random(seed)
    queries = []
    for n in range(count):
        title = rng.choice(documents)["title"]
        size = (2, 4, 6, 0)[n % 4]
        if size == 0:  # two words of different titles
            other = rng.choice(documents)["title"]
            queries.append(f"{_cut(title, 4, rng)} {_cut(other, 4, rng)}")
        else:
            queries.append(_cut(title, size, rng))
    return queries


def _cut(title: str, size: int, rng: random.Random) -> str:
    start = rng.randrange(max(1, len(title) - size))
    return title[start:start + size]


def library_queries(documents: list[dict], seed: int = 18) -> dict[str, dict]:
    rng = random.Random(seed)
    issuer = Counter(d["issuer"] for d in documents).most_common(1)[0][0]
    year = Counter(d["published"][:4] for d in documents).most_common(1)[0][0]
    numbered = [d["doc_number"] for d in documents if d.get("doc_number") and "〔" in d["doc_number"]]
    titles = [d["title"] for d in documents]
    queries = {"发布机构": {"org": issuer}, "年份+有效性": {"year": year, "validity": "有效"},
               "标题 2 字": {"text": _cut(rng.choice(titles), 2, rng)},
               "标题 6 字": {"text": _cut(rng.choice(titles), 6, rng)}}
    if numbered:
        number = rng.choice(numbered)
        queries["文号"] = {"text": number[:number.index("〕") + 1]}
    return queries


def search_times(site: Path, queries: list[str], runs: int) -> list[dict]:
    """Each query opened afresh `runs` times: the median time to results and the bytes loaded."""
    from browser import CHROMIUM, FLAGS
    from playwright.sync_api import sync_playwright

    found = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for query in queries:
            times, loaded = [], 0
            for _ in range(runs):
                context = browser.new_context()
                page = context.new_page()
                requested: set[Path] = set()
                page.on("request", lambda request: requested.add(Path(unquote(urlsplit(request.url).path)))
                        if request.url.startswith("file:") else None)
                page.goto((site / "search" / "index.html").as_uri() + "?q=" + quote(query))
                page.wait_for_selector("[data-search-results][data-search-state=done]", timeout=120_000)
                times.append(page.evaluate("window.gkSearch.last.ms"))
                results = page.evaluate("window.gkSearch.last.count")
                context.close()
                loaded = sum(p.stat().st_size for p in requested if "search" in p.parts and p.suffix == ".js")
            found.append({"query": query, "ms": round(statistics.median(times)),
                          "range_ms": [round(min(times)), round(max(times))], "loaded_kb": round(loaded / 1024),
                          "results": results})
        browser.close()
    return found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("portal", type=Path)
    parser.add_argument("--queries", type=int, default=20)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    portal = args.portal.resolve()
    documents = json.loads((portal / "gfxwjk" / "library.json").read_text(encoding="utf-8"))["documents"]
    index_mb = sum(p.stat().st_size for p in (portal / "search").rglob("*") if p.is_file()) / 1e6
    site = search_times(portal, site_queries(documents, args.queries), args.runs)
    library = measure({"portal": portal / "gfxwjk" / "index.html"}, args.runs, library_queries(documents))["portal"]
    print(f"{portal}: {len(documents):,} documents in the library; site search index {index_mb:.1f} MB")
    for row in site:
        print(f"  search {row['query']!r}: {row['ms']} ms {row['range_ms']}, {row['loaded_kb']} KB, "
              f"{row['results']} results")
    times = [row["ms"] for row in site]
    print(f"  site search: median {statistics.median(times)} ms, max {max(times)} ms, "
          f"largest load {max(row['loaded_kb'] for row in site)} KB")
    for name, row in library.items():
        print(f"  library {name}: {row['open_to_results_ms']} ms from opening {row['open_range_ms']}, "
              f"{row['loaded_kb']} KB — {row['found']}")
    print(json.dumps({"library_documents": len(documents), "index_mb": round(index_mb, 1), "search": site,
                      "library": library}, ensure_ascii=False))


if __name__ == "__main__":
    main()
