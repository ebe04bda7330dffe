"""One records table of 100,000 rows: build time, memory, pages, and the heaviest page.

    python bench/records_scale.py [--rows 100000] [--runs 3] [--format csv|xlsx]

Makes a project (`gongkai new` plus one catalog item with `records:`) whose table has personal fields,
three facets, money and dates, then times `gongkai build --force` over --runs runs (median and
range) next to a build of the same project without the table, measured in the same run, and
measures the peak memory of one build as the summed PSS of all its processes with
../shared/tools/measure/peak_memory.py when it is there.  Not a test: it prints figures, the last
line as JSON.
"""

from __future__ import annotations

import argparse
import csv
import json
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
PEAK_MEMORY = REPO.parent / "shared" / "tools" / "measure" / "peak_memory.py"
ITEM = """\
  - id: ffmd
    一级事项: 惠民惠农财政补贴资金
    二级事项: 发放名单
    公开时限: 信息形成或者变更之日起20个工作日内
    公开主体: 县政府办公室
    records:
      file: data/xzf/ffmd.{suffix}
      fields:
        - {{name: 姓名, personal: name}}
        - {{name: 身份证号, personal: id_number}}
        - {{name: 乡镇, facet: true}}
        - {{name: 村（社区）}}
        - {{name: 补贴项目, facet: true}}
        - {{name: 发放方式, facet: true}}
        - {{name: 金额（元）, type: money}}
        - {{name: 发放日期, type: date}}
      sort: 发放日期
"""
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华"
TOWNS = [f"{a}{b}镇" for a in "东西南北中" for b in "山河湖田林"]
SUBSIDIES = ["城乡最低生活保障金", "特困人员供养金", "耕地地力保护补贴", "农机购置补贴", "高龄津贴", "残疾人两项补贴",
             "临时救助金", "农村危房改造补助"]


def id_number(rng: random.Random) -> str:
    birth = date(1940, 1, 1) + timedelta(days=rng.randrange(25000))
    body = f"5299{rng.randrange(2, 30):02d}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    total = sum(int(d) * w for d, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)))
    return body + "10X98765432"[total % 11]


def rows(count: int, seed: int = 7):
    rng = random.Random(seed)
    for _ in range(count):
        yield [rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2)))), id_number(rng),
               rng.choice(TOWNS), f"{rng.choice('东西南北')}{rng.choice('坪岭湾沟村')}村", rng.choice(SUBSIDIES),
               rng.choice(["社会保障卡", "一卡通", "银行转账"]), f"{rng.randrange(100, 5000)}.{rng.randrange(100):02d}",
               (date(2025, 1, 1) + timedelta(days=rng.randrange(365))).isoformat()]


def make_project(folder: Path, count: int, suffix: str) -> None:
    subprocess.run([sys.executable, "-m", "generator.cli", "new", str(folder)], check=True, capture_output=True)
    catalog = folder / "catalogs" / "xzf.yaml"
    catalog.write_text(catalog.read_text(encoding="utf-8") + ITEM.format(suffix=suffix), encoding="utf-8")
    header = ["姓名", "身份证号", "乡镇", "村（社区）", "补贴项目", "发放方式", "金额（元）", "发放日期"]
    table = folder / "data" / "xzf" / f"ffmd.{suffix}"
    table.parent.mkdir(parents=True)
    if suffix == "csv":
        with table.open("w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(header)
            writer.writerows(rows(count))
    else:
        from openpyxl import Workbook

        book = Workbook(write_only=True)
        sheet = book.create_sheet("发放名单")
        sheet.append(header)
        for row in rows(count):
            sheet.append(row)
        book.save(table)


def build(folder: Path) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "generator.cli", "build", str(folder), "--force"], check=True,
                   capture_output=True)
    return time.perf_counter() - started


def filter_seconds(page_file: Path) -> dict | None:
    """The combined filter opened from disk in Debian's chromium: seconds from opening the page until
    it can filter, and from a query over two facets until its rows are shown (median of 5 queries)."""
    try:
        sys.path.insert(0, str(REPO / "tests"))
        from browser import CHROMIUM, FLAGS
        from playwright.sync_api import sync_playwright
    except ImportError:
        return None
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
        page = browser.new_page()
        started = time.perf_counter()
        page.goto(page_file.as_uri())
        page.wait_for_selector("[data-records-filter]:not([hidden])")
        ready = time.perf_counter() - started
        queries = []
        for n in range(1, 6):
            page.select_option("select[name=f1]", index=n)
            page.select_option("select[name=f2]", index=n)
            page.evaluate("document.querySelector('[data-records-rows]').textContent = ''")
            started = time.perf_counter()
            page.click("[data-records-filter] button[type=submit]")
            page.wait_for_selector("[data-records-rows] tr")
            queries.append(time.perf_counter() - started)
        browser.close()
    return {"ready": round(ready, 2), "query_median": round(statistics.median(queries), 2),
            "query_max": round(max(queries), 2)}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--format", choices=("csv", "xlsx"), default="csv")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        table, plain = Path(scratch) / "table", Path(scratch) / "plain"
        make_project(table, args.rows, args.format)
        subprocess.run([sys.executable, "-m", "generator.cli", "new", str(plain)], check=True, capture_output=True)
        with_table, without = [], []
        for _ in range(args.runs):  # paired: the reference in the same run
            with_table.append(build(table))
            without.append(build(plain))
        site = table / "public" / "portal"
        pages = list(site.rglob("*.html"))
        heaviest = max(pages, key=lambda p: p.stat().st_size)
        column = site / "zfxxgk" / "fdzdgknr" / "ffmd"
        memory = None
        if PEAK_MEMORY.exists():
            measured = subprocess.run([sys.executable, str(PEAK_MEMORY), "--", sys.executable, "-m", "generator.cli",
                                       "build", str(table), "--force"], capture_output=True, text=True, check=True)
            memory = json.loads(measured.stdout.strip().splitlines()[-1])
        index = sum(p.stat().st_size for p in (site / "search").rglob("*") if p.is_file())
        filtering = filter_seconds(column / "index.html")
        figures = {
            "rows": args.rows, "format": args.format, "runs": args.runs,
            "build_s_median": round(statistics.median(with_table), 2),
            "build_s_range": [round(min(with_table), 2), round(max(with_table), 2)],
            "reference_build_s_median": round(statistics.median(without), 2),
            "pages": len(pages), "table_pages": len(list(column.rglob("index*.html"))),
            "heaviest_page": str(heaviest.relative_to(site)), "heaviest_page_kb": round(heaviest.stat().st_size / 1024),
            "search_index_mb": round(index / 1e6, 1),
            "downloads_mb": {name: round((column / name).stat().st_size / 1e6, 1)
                             for name in ("data.csv", "data.xlsx", "data.json")},
            "peak_pss_mb": memory and round(memory["peak_pss_mb"]),
            "filter_js_kb": round((column / "filter.js").stat().st_size / 1024),
            "filter_from_disk_s": filtering,
        }
        print(f"{args.rows:,} rows ({args.format}): build {figures['build_s_median']} s "
              f"({figures['build_s_range'][0]}–{figures['build_s_range'][1]}), the same project without the table "
              f"{figures['reference_build_s_median']} s; {figures['pages']} pages, heaviest "
              f"{figures['heaviest_page_kb']} KB; search index {figures['search_index_mb']} MB; "
              f"peak memory {figures['peak_pss_mb']} MB (summed PSS); combined filter from disk: "
              f"{figures['filter_from_disk_s']} (seconds until it can filter; a two-facet query until its rows show)")
        print(json.dumps(figures, ensure_ascii=False))
        shutil.rmtree(table / "public", ignore_errors=True)


if __name__ == "__main__":
    main()
