"""Search latency of two built sites against each other, in the same run, question by question.

    python bench/search_latency.py SITE_A SITE_B [--questions N] [--runs R] [--queries FILE]

SITE_A and SITE_B are built sites (e.g. the 3,355-law site of bench/search_quality.py, built with
the code before and after a change).  Each question opens search/index.html?q=… from disk in
headless Chromium, alternating A and B (which goes first alternates too), so that the machine's
load falls on both alike; prints each run's medians and p95 (`gkSearch.last.ms`) and the ratio
of the medians B / A, and the same for the time from the page's navigation to the results drawn
(the page's own loading included: work a site moves before search.js starts its clock still counts
there).  Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import json
import statistics
from pathlib import Path
from urllib.parse import quote

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", "--no-first-run", "--disable-quic"]


# when the results are drawn, counted from the navigation's start (performance.now() in the page)
DRAWN = """new MutationObserver(function (changes, observer) {
  if (changes.some(function (c) { return c.target.getAttribute("data-search-state") === "done"; })) {
    window.gkDrawnAt = performance.now(); observer.disconnect();
  }
}).observe(document, { subtree: true, attributes: true, attributeFilter: ["data-search-state"] });"""


def timed(page, site: Path, query: str) -> tuple[float, float]:
    """`gkSearch.last.ms` and the time from navigation to the results drawn."""
    page.goto((site / "search" / "index.html").as_uri() + "?q=" + quote(query))
    page.wait_for_selector("[data-search-results][data-search-state=done]", timeout=60000)
    return page.evaluate("[window.gkSearch.last.ms, window.gkDrawnAt]")


def p95(values: list[float]) -> float:
    return sorted(values)[int(0.95 * (len(values) - 1))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sites", type=Path, nargs=2)
    parser.add_argument("--queries", type=Path, default=SHARED / "queries.train.jsonl")
    parser.add_argument("--questions", type=int, default=200, help="spread evenly over the file")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    lines = [json.loads(line)["query"] for line in args.queries.read_text(encoding="utf-8").splitlines() if line.strip()]
    step = max(1, len(lines) // args.questions)
    questions = lines[::step][:args.questions]
    a, b = (site.resolve() for site in args.sites)
    ratios: dict[str, list[float]] = {"search": [], "from navigation": []}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=FLAGS)
        page = browser.new_page()
        page.add_init_script(DRAWN)
        timed(page, a, questions[0]), timed(page, b, questions[0])  # warm the browser
        for run in range(args.runs):
            times = {a: [], b: []}
            for n, query in enumerate(questions):
                for site in ((a, b) if n % 2 == 0 else (b, a)):
                    times[site].append(timed(page, site, query))
            for column, name in enumerate(ratios):
                x, y = ([t[column] for t in times[site]] for site in (a, b))
                ratio = statistics.median(y) / statistics.median(x)
                ratios[name].append(ratio)
                print(f"run {run + 1}, {name}: A {statistics.median(x):.0f} / {p95(x):.0f} ms, "
                      f"B {statistics.median(y):.0f} / {p95(y):.0f} ms, ratio of medians {ratio:.2f}", flush=True)
        browser.close()
    for name, values in ratios.items():
        print(f"{name}: ratio of medians B / A over {args.runs} runs: median {statistics.median(values):.2f}, "
              f"range {min(values):.2f}–{max(values):.2f}")


if __name__ == "__main__":
    main()
