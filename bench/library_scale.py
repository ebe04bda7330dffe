"""The 规章和规范性文件库 (一网通查) at province scale: its data's size and the combined query's time
to first results, opened from disk in Debian's chromium.

    python bench/library_scale.py [--entries 5000 50000 100000] [--runs 5] [--reference CHECKOUT] [--keep DIR]

A province's library holds ~5 % of its documents (50,000 at 10⁶) plus its cities' libraries; rather
than build 10⁶ documents, each size is a small city platform (`synthetic.make_platform`, 400
documents, ~50 of them 规范性文件) whose portal merges cities' published library.json files holding
the rest of the entries (`library_sources`): 20 cities, each of ~30 issuers, ten years, the
validity and 文种 mixes of a real library.  For each size it builds once with this checkout (and
once with --reference, another checkout, to compare with), then reports the files the library
wrote (sizes, the largest, their count), its list pages, and for each query of QUERIES opened
afresh --runs times (the checkouts' pages taking turns): milliseconds from opening the page until
the results are on screen and from submitting the query until then, and the bytes of the scripts
the page loaded.  Not a test: it prints figures, the last line as JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from synthetic import ACTIONS, CITY_CHARS, CITY_ENDS, ORGS, SUBJECTS, TOPICS, make_platform  # noqa: E402

REPO = Path(__file__).resolve().parent.parent
CITIES = 20
VALIDITY = [("有效", 82), ("已修改", 6), ("废止", 5), ("失效", 6), ("尚未生效", 1)]
# queries of the combined filter: field -> value (a select's option text or the text box)
QUERIES = {
    "发布机构": {"org": "东州市民政局"},
    "年份+有效性": {"year": "2024", "validity": "有效"},
    "来源+有效性": {"source": "西州市", "validity": "废止"},
    "标题 2 字": {"text": "养老"},
    "标题 6 字": {"text": "最低生活保障"},
    "文号": {"text": "东府规〔2023〕"},
    "发布机构+标题": {"org": "南州市人民政府", "text": "资金"},
}


def library_sources(project: Path, entries: int, seed: int = 7) -> None:
    """`entries` documents of CITIES cities' published libraries, under data/federation/, and the
    platform.yaml `library: federation:` naming them."""
    rng = random.Random(seed)
    cities = [CITY_CHARS[i % len(CITY_CHARS)] + CITY_ENDS[i // len(CITY_CHARS) % len(CITY_ENDS)] for i in range(CITIES)]
    documents: list[list[dict]] = [[] for _ in cities]
    sequence: dict[tuple, int] = {}
    values, weights = zip(*VALIDITY)
    for number in range(entries):
        c = rng.randrange(CITIES)
        org_id, name, short = ([("szf", "人民政府", "府")] + ORGS)[min(int(rng.paretovariate(0.9)) - 1, len(ORGS))]
        published = date(2016, 1, 4) + timedelta(days=rng.randrange(10 * 365))
        key = (c, org_id, published.year)
        sequence[key] = sequence.get(key, 0) + 1
        rule = org_id == "szf" and rng.random() < 0.3
        title = (f"{cities[c]}市{name}关于{rng.choice(ACTIONS)}{rng.choice(SUBJECTS)}{rng.choice(TOPICS)}工作的"
                 f"{'管理办法' if rule else rng.choice(['若干规定', '实施意见', '实施细则', '通知'])}")
        documents[c].append({
            "id": f"{org_id}/{published.year}/d{number:07d}", "title": title,
            "category": "规章" if rule else "行政规范性文件", "issuer": f"{cities[c]}市{name}",
            "doc_number": (f"{cities[c]}市人民政府令第{sequence[key]}号" if rule else
                           f"{cities[c][0]}{short}规〔{published.year}〕{sequence[key]}号"),
            "published": published.isoformat(), "validity": rng.choices(values, weights)[0],
            "path": f"zt/{org_id}/doc/d{number:07d}/index.html"})
    config = ["library:", "  federation:"]
    for c, city in enumerate(cities):
        file = f"data/federation/c{c:02d}/library.json"
        (project / file).parent.mkdir(parents=True, exist_ok=True)
        (project / file).write_text(json.dumps({"name": f"{city}市规章和规范性文件库", "count": len(documents[c]),
                                                "documents": documents[c]}, ensure_ascii=False, indent=1),
                                    encoding="utf-8")
        config += [f"    - name: {city}市", f"      file: {file}", f"      base_url: https://c{c:02d}.example.gov.cn/"]
    platform = project / "platform.yaml"
    platform.write_text(platform.read_text(encoding="utf-8") + "\n".join(config) + "\n", encoding="utf-8")


def build(code: Path, project: Path, out: Path) -> tuple[float, float]:
    """`gongkai build` of `project` by the gongkai checkout `code`: wall and CPU seconds (all processes)."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "build", str(project), "--out", str(out), "--force", "--quiet"],
                   check=True, capture_output=True, cwd=code, env={**os.environ, "PYTHONPATH": str(code)})
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.perf_counter() - started, after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime


# Run in the page before its scripts: once the page has loaded and the filter offers the wanted
# values, fill it in, submit, and note when the count shows (after the next frame: on screen).
MEASURE = """
window.__query = %s;
window.addEventListener("load", function () {
  var form = document.querySelector("[data-library-filter]"), q = window.__query;
  function offered(name) {
    var select = form.elements[name];
    return !q[name] || Array.prototype.some.call(select.options, function (o) { return (o.value || o.text) === q[name]; });
  }
  (function fill() {
    if (form.hidden || !offered("org") || !offered("source") || !offered("validity") || !offered("year")) {
      setTimeout(fill, 2); return;
    }
    Object.keys(q).forEach(function (name) { form.elements[name].value = q[name]; });
    var count = form.querySelector("[data-library-count]"), submitted = performance.now();
    new MutationObserver(function (changes, observer) {
      if (!/^共找到/.test(count.textContent)) return;
      observer.disconnect();
      requestAnimationFrame(function () { setTimeout(function () {
        window.__done = {submitted: submitted, shown: performance.now(), count: count.textContent,
                         first: (document.querySelector("[data-library-results] tbody a") || {}).textContent || "",
                         loaded: Array.prototype.map.call(document.querySelectorAll("script[src]"), function (s) { return s.src; })};
      }, 0); });
    }).observe(count, {childList: true, characterData: true, subtree: true});
    form.requestSubmit();
  })();
});
"""


def measure(pages: dict[str, Path], runs: int, queries: dict[str, dict] = QUERIES) -> dict:
    """Each of `queries` on each of `pages` (label -> page), opened afresh `runs` times, the
    pages taking turns (in turned order each run): the medians and ranges."""
    sys.path.insert(0, str(REPO / "tests"))
    from browser import CHROMIUM, FLAGS
    from playwright.sync_api import sync_playwright

    figures: dict = {label: {} for label in pages}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        for name, query in queries.items():
            taken: dict = {label: {"shown": [], "after": []} for label in pages}
            for run in range(runs):
                for label in (list(pages) if run % 2 == 0 else list(pages)[::-1]):
                    context = browser.new_context()
                    page = context.new_page()
                    page.add_init_script(MEASURE % json.dumps(query, ensure_ascii=False))
                    page.goto(pages[label].as_uri())
                    page.wait_for_function("window.__done", timeout=300_000)
                    done = page.evaluate("window.__done")
                    context.close()
                    taken[label]["shown"].append(done["shown"])
                    taken[label]["after"].append(done["shown"] - done["submitted"])
                    files = {Path(unquote(urlsplit(u).path)) for u in done["loaded"] if u.startswith("file:")}
                    taken[label]["loaded"] = sum(f.stat().st_size for f in files
                                                 if "gfxwjk" in f.parts or f.name == "library.js")
                    taken[label]["found"] = f"{done['count']}; {done['first']}"
            for label, got in taken.items():
                figures[label][name] = {
                    "open_to_results_ms": round(statistics.median(got["shown"])),
                    "open_range_ms": [round(min(got["shown"])), round(max(got["shown"]))],
                    "query_to_results_ms": round(statistics.median(got["after"])),
                    "query_range_ms": [round(min(got["after"])), round(max(got["after"]))],
                    "loaded_kb": round(got["loaded"] / 1024), "found": got["found"]}
        browser.close()
    return figures


def files_of(library: Path) -> dict:
    """The library's data files and pages."""
    data = [p for p in library.rglob("*") if p.is_file() and p.suffix in (".js", ".json")]
    largest = max(data, key=lambda p: p.stat().st_size)
    return {"data_files": len(data), "data_mb": round(sum(p.stat().st_size for p in data) / 1e6, 1),
            "library_json_mb": round((library / "library.json").stat().st_size / 1e6, 1),
            "largest_script": str(largest.relative_to(library)),
            "largest_script_kb": round(largest.stat().st_size / 1024),
            "pages": sum(1 for _ in library.rglob("*.html"))}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--entries", type=int, nargs="+", default=[5_000, 50_000, 100_000])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--reference", type=Path, help="another gongkai checkout (e.g. `git worktree add` of an "
                        "earlier commit) built and measured alternately with this one")
    parser.add_argument("--keep", type=Path, help="write the projects and builds into this folder and keep them")
    args = parser.parse_args()
    codes = {"this": REPO, **({"reference": args.reference.resolve()} if args.reference else {})}
    results = []
    with tempfile.TemporaryDirectory() as scratch:
        for entries in args.entries:
            project = (args.keep or Path(scratch)) / f"lib{entries}"
            if not (project / "platform.yaml").exists():
                make_platform(project, 400)
                library_sources(project, entries)
            figures: dict = {"entries": entries}
            for label, code in codes.items():
                wall, cpu = build(code, project, project / f"public-{label}")
                figures[label] = {"build_s": round(wall, 1), "build_cpu_s": round(cpu, 1),
                                  **files_of(project / f"public-{label}" / "portal" / "gfxwjk")}
            pages = {label: project / f"public-{label}" / "portal" / "gfxwjk" / "index.html" for label in codes}
            for label, queries in measure(pages, args.runs).items():
                figures[label]["queries"] = queries
            for label in codes:
                got = figures[label]
                print(f"{entries:,} entries, {label} ({codes[label]}): build {got['build_s']} s "
                      f"({got['build_cpu_s']} CPU-s), {got['pages']} pages, {got['data_files']} data files "
                      f"({got['data_mb']} MB; library.json {got['library_json_mb']} MB; largest "
                      f"{got['largest_script']} {got['largest_script_kb']} KB)")
                for name, query in got["queries"].items():
                    print(f"  {name}: {query['open_to_results_ms']} ms from opening ({query['open_range_ms']}), "
                          f"{query['query_to_results_ms']} ms from the query ({query['query_range_ms']}), "
                          f"{query['loaded_kb']} KB loaded — {query['found']}")
            results.append(figures)
    print(json.dumps(results, ensure_ascii=False))


if __name__ == "__main__":
    main()
