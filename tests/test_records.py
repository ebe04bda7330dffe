"""Records columns (SPEC §2.4): a table published as pages and downloads, masked everywhere."""

from __future__ import annotations

import csv
import hashlib
import re
import io
import json
from urllib.parse import quote

import pytest

from browser import browser_page
from conftest import MZJ, PLATFORM, SZF, doc, search_entries
from test_assemble import TWO_SITES

RECORDS_ITEM = """\
  - id: ffmd
    l1: 惠民惠农财政补贴资金
    l2: 发放名单
    time_limit: 信息形成或者变更之日起20个工作日内
    office: 办公室
    records:
      file: data/szf/ffmd.csv
      fields:
        - {name: 姓名, personal: name}
        - {name: 身份证号, personal: id_number}
        - {name: 补贴项目, facet: true}
        - {name: 乡镇, facet: true}
        - {name: 金额（元）, type: money}
        - {name: 发放日期, type: date}
        - {name: 政策依据, type: doc, required: false}
      sort: 发放日期
"""
# valid check digits (ISO 7064 mod 11-2), so the guard would stop them anywhere they are not declared
PEOPLE = [("张伟", "110101199003070011"), ("李秀英", "110101198506150027"), ("欧阳娜娜", "11010119700101002X")]


def table(rows: int = 3, policy: str = "szf/notice") -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["姓名", "身份证号", "补贴项目", "乡镇", "金额（元）", "发放日期", "政策依据"])
    for n in range(rows):
        name, id_number = PEOPLE[n % len(PEOPLE)]
        writer.writerow([name, id_number, "耕地地力保护补贴" if n % 2 else "农机购置补贴", f"{'东西南北'[n % 4]}山镇",
                         f"{1000 + n}.50", f"2025-06-{n % 28 + 1:02d}", policy if n == 0 else ""])
    return out.getvalue()


def project_with(make_project, rows: int = 3, **files):
    return make_project({"catalogs/szf.yaml": SZF + RECORDS_ITEM, "data/szf/ffmd.csv": table(rows), **files})


def every_output_text(project) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in project.out.rglob("*") if p.is_file())


def test_a_table_is_published_masked_with_its_downloads(make_project):
    project = project_with(make_project)
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/zfxxgk/fdzdgknr/ffmd/index.html")
    assert "<caption>测试市人民政府发放名单" in page
    assert '<th scope="col">姓名</th>' in page and '<th scope="col" class="gk-num">金额（元）</th>' in page
    for masked in ("张*", "李*英", "欧**娜", "110101********0011", "1,002.50"):
        assert masked in page
    rows = list(csv.reader(io.StringIO(project.read("portal/zfxxgk/fdzdgknr/ffmd/data.csv").lstrip("\ufeff"))))
    assert rows[0] == ["姓名", "身份证号", "补贴项目", "乡镇", "金额（元）", "发放日期", "政策依据"]
    assert rows[1][:2] == ["欧**娜", "110101********002X"]  # newest 发放日期 first
    data = json.loads(project.read("portal/zfxxgk/fdzdgknr/ffmd/data.json"))
    assert data[-1]["姓名"] == "张*" and data[-1]["金额（元）"] == "1000.50"
    assert (project.out / "portal/zfxxgk/fdzdgknr/ffmd/data.xlsx").is_file()
    text = every_output_text(project)
    for name, id_number in PEOPLE:
        assert name not in text and id_number not in text, "an unmasked value reached the output"


def test_a_doc_field_links_to_the_document_and_the_document_to_the_table(make_project):
    project = project_with(make_project)
    assert project.build().exit_code == 0
    page = project.read("portal/zfxxgk/fdzdgknr/ffmd/index.html")
    assert '<a href="../../../doc/notice/index.html">szf/notice</a>' in page
    cited = project.read("portal/doc/notice/index.html")
    assert ('<a href="../../zfxxgk/fdzdgknr/ffmd/index.html#r3">测试市人民政府发放名单</a>（1 条记录）') in cited


def test_a_document_lists_the_tables_citing_it_on_other_sites(make_project):
    item = RECORDS_ITEM.replace("data/szf/", "data/mzj/").replace("发放名单", "低保发放名单")
    project = make_project({"platform.yaml": TWO_SITES, "catalogs/mzj.yaml": MZJ + item,
                            "data/mzj/ffmd.csv": table(3)})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    cited = project.read("portal/doc/notice/index.html")  # the policy is on the portal, the table on mzj's site
    assert ('<a href="https://www.example.gov.cn/mzj-site/zfxxgk/fdzdgknr/ffmd/index.html#r3">'
            '测试市民政局低保发放名单</a>（1 条记录）') in cited


def test_a_doc_field_naming_a_missing_or_withheld_document_fails(make_project):
    project = make_project({"catalogs/szf.yaml": SZF + RECORDS_ITEM, "data/szf/ffmd.csv": table(1, "szf/notise")})
    result = project.build()
    assert [(d.code, d.file, d.line, d.column) for d in result.diagnostics] == [("E950", "data/szf/ffmd.csv", 2, 7)]
    project.write("content/szf/secret.md", doc("内部文件", disclosure="不予公开"))
    project.write("data/szf/ffmd.csv", table(1, "szf/secret"))
    result = project.build()
    assert [d.code for d in result.diagnostics] == ["E951"]
    assert result.exit_code == 1


def test_a_long_table_is_paginated_and_each_page_stays_light(make_project):
    project = project_with(make_project, rows=120)
    assert project.build().exit_code == 0
    folder = project.out / "portal/zfxxgk/fdzdgknr/ffmd"
    pages = sorted(p.name for p in folder.glob("index*.html"))
    assert pages == ["index.html", "index_2.html", "index_3.html"]
    assert 'id="r101"' in (folder / "index_3.html").read_text(encoding="utf-8")
    assert max((folder / name).stat().st_size for name in pages) < 500_000


def test_the_ledger_counts_a_table_by_its_newest_row(make_project):
    project = project_with(make_project)
    result = project.build(write=False, ledger=True)
    row = next(r for r in result.ledger if r.item == "ffmd")
    assert (row.published, row.newest.isoformat()) == (3, "2025-06-03")


@pytest.mark.browser
def test_a_search_for_a_row_finds_the_page_that_shows_it(example_build):
    """An inspected enterprise, a new-media account: each found on its table's page, at its row."""
    out, _ = example_build
    with browser_page() as page:
        for query, column in (("示例市汇丰源餐饮管理有限公司", "zt/scj/zfxxgk/fdzdgknr/sjgk-dxml/"),
                              ("平安示例", "zfxxgk/fdzdgknr/xmt-ba/")):
            page.goto((out / "portal" / "search" / "index.html").as_uri() + "?q=" + quote(query))
            page.wait_for_selector("[data-search-results][data-search-state=done]", timeout=15000)
            first = page.locator("[data-search-results] a.gk-result__title").first
            assert column in first.get_attribute("href"), query
            row = page.locator("[data-search-results] .gk-result").first.locator("a[href*='#r']").first
            row.click()
            page.wait_for_load_state()
            anchor = page.url.split("#", 1)[1]
            assert query in page.locator(f"tr#{anchor}").text_content()


def test_each_facet_value_has_pages_of_its_rows_without_javascript(make_project):
    project = project_with(make_project, rows=8)
    assert project.build().exit_code == 0
    folder = "portal/zfxxgk/fdzdgknr/ffmd"
    whole = project.read(f"{folder}/index.html")
    assert '<a href="f1-1/index.html">农机购置补贴（4）</a>' in whole
    assert '<a href="f2-1/index.html">东山镇（2）</a>' in whole
    town = project.read(f"{folder}/f2-1/index.html")
    assert "<h1 class=\"gk-title\">发放名单（乡镇：东山镇）</h1>" in town
    rows = re.findall(r'<tr id="r\d+">(.*?)</tr>', town, re.S)
    assert len(rows) == 2 and all("东山镇" in row for row in rows)
    assert '<a href="index.html" aria-current="page">东山镇（2）</a>' in town
    assert '<a href="../index.html">全部</a>' in town


@pytest.mark.browser
def test_the_combined_filter_works_from_disk(make_project):
    project = project_with(make_project, rows=120)
    assert project.build().exit_code == 0
    with browser_page() as page:
        page.goto((project.out / "portal/zfxxgk/fdzdgknr/ffmd/index.html").as_uri())
        page.wait_for_selector("[data-records-filter]:not([hidden])", timeout=15000)
        page.select_option("select[name=f1]", label="农机购置补贴")
        page.select_option("select[name=f2]", label="东山镇")
        page.click("[data-records-filter] button[type=submit]")
        page.wait_for_selector("[data-records-rows] tr", timeout=15000)
        expected = [n for n in range(120) if n % 2 == 0 and n % 4 == 0]  # table(): 农机 on even rows, 东山 on n % 4 == 0
        assert page.locator("[data-records-count]").text_content() == f"符合条件的共 {len(expected)} 条"
        rows = page.locator("[data-records-rows] tr").all_text_contents()
        assert len(rows) == len(expected) and all("农机购置补贴" in r and "东山镇" in r for r in rows)
        assert not any("张伟" in r or "110101199003070011" in r for r in rows)
        assert page.locator("[data-records-static]").is_hidden()
        page.select_option("select[name=f2]", label="全部")
        page.click("[data-records-filter] button[type=submit]")
        page.wait_for_function("document.querySelectorAll('[data-records-rows] tr').length === 50")
        page.click("[data-records-more]")
        page.wait_for_function("document.querySelectorAll('[data-records-rows] tr').length === 60")
        assert page.locator("[data-records-more]").is_hidden()


@pytest.mark.browser
def test_a_filtered_row_links_to_its_own_page_from_disk(make_project):
    item = RECORDS_ITEM.replace("      sort: 发放日期\n", "      sort: 发放日期\n      detail: true\n")
    project = project_with(make_project, rows=120, **{"catalogs/szf.yaml": SZF + item})
    assert project.build().exit_code == 0
    with browser_page() as page:
        page.goto((project.out / "portal/zfxxgk/fdzdgknr/ffmd/index.html").as_uri())
        page.wait_for_selector("[data-records-filter]:not([hidden])", timeout=15000)
        page.select_option("select[name=f2]", label="东山镇")
        page.click("[data-records-filter] button[type=submit]")
        page.wait_for_selector("[data-records-rows] tr", timeout=15000)
        assert page.locator("[data-records-count]").text_content() == "符合条件的共 30 条"
        first = page.locator("[data-records-rows] tr th a").first
        name = first.text_content()
        first.click()
        page.wait_for_load_state()
        assert re.search(r"/ffmd/r\d+/index\.html$", page.url)
        assert page.locator("h1").text_content() == name
        assert page.locator("tr", has=page.locator("th", has_text="乡镇")).locator("td").text_content() == "东山镇"


def test_a_home_page_highlights_a_table_and_a_wrong_column_is_named(make_project):
    platform = PLATFORM.replace("    hosts: [mzj]\n", "    hosts: [mzj]\n    highlights:\n"
                                "      - {title: 惠民惠农财政补贴资金, column: szf/ffmd}\n")
    project = project_with(make_project, **{"platform.yaml": platform})
    assert project.build().exit_code == 0
    assert '<a class="gk-card__title" href="zfxxgk/fdzdgknr/ffmd/index.html">惠民惠农财政补贴资金</a>' in project.read(
        "portal/index.html")
    project.write("platform.yaml", platform.replace("szf/ffmd", "szf/ffmb"))
    result = project.build()
    assert [(d.code, d.file, d.message, d.hint) for d in result.diagnostics] == [
        ("E111", "platform.yaml", "首页专栏“惠民惠农财政补贴资金”的栏目 \"szf/ffmb\" 不在本站",
         "写成 单位编号/事项编号，且该单位在本站显示（本站主办单位、专题或公共企事业单位）：是否应为 \"szf/ffmd\"？")]


QZQD_ITEM = """\
  - id: qzqd
    l1: 机构职能
    l2: 权责清单
    time_limit: 信息形成或者变更之日起20个工作日内
    office: 办公室
    records:
      file: data/szf/qzqd.csv
      detail: true
      fields:
        - {name: 事项名称}
        - {name: 事项编码, key: true}
        - {name: 事项类型, facet: true}
        - {name: 实施依据, 列表显示: false}
        - {name: 追责情形, brief: false}
        - {name: 有关文件, type: doc, brief: false, required: false}
"""
QZQD_ROWS = [
    ["人力资源服务许可", "QZ-XK-001", "行政许可", "《人力资源市场暂行条例》第十八条", "对不符合条件的申请人准予许可的，依法追究责任", "szf/notice"],
    ["劳动保障监察", "监察-002", "行政检查", "《劳动保障监察条例》第十一条", "检查中玩忽职守、徇私舞弊的，依法追究责任", ""],
]
QZQD = "portal/zfxxgk/fdzdgknr/qzqd"


def qzqd(rows: list[list[str]]) -> str:
    out = io.StringIO()
    csv.writer(out).writerows([["事项名称", "事项编码", "事项类型", "实施依据", "追责情形", "有关文件"], *rows])
    return out.getvalue()


def test_a_wide_table_has_a_page_per_row_at_its_key(make_project):
    project = make_project({"catalogs/szf.yaml": SZF + QZQD_ITEM, "data/szf/qzqd.csv": qzqd(QZQD_ROWS)})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    table = project.read(f"{QZQD}/index.html")
    heads = re.findall(r'<th scope="col">(.*?)</th>', table)
    assert heads == ["事项名称", "事项编码", "事项类型"], "brief: false fields are not columns"
    assert "第十八条" not in table and "追究责任" not in table
    hashed = f"d-{hashlib.sha1('监察-002'.encode()).hexdigest()[:10]}"
    assert '<th scope="row"><a href="d-QZ-XK-001/index.html">人力资源服务许可</a></th>' in table
    assert f'<th scope="row"><a href="{hashed}/index.html">劳动保障监察</a></th>' in table

    page = project.read(f"{QZQD}/d-QZ-XK-001/index.html")
    assert '<h1 class="gk-title">人力资源服务许可</h1>' in page
    fields = re.findall(r'<tr id="f\d"><th scope="row">(.*?)</th><td>(.*?)</td></tr>', page)
    assert fields == [("事项名称", "人力资源服务许可"), ("事项编码", "QZ-XK-001"), ("事项类型", "行政许可"),
                      ("实施依据", "《人力资源市场暂行条例》第十八条"), ("追责情形", "对不符合条件的申请人准予许可的，依法追究责任"),
                      ("有关文件", '<a href="../../../../doc/notice/index.html">szf/notice</a>')]
    assert '<li><a href="../index.html">权责清单</a></li>' in page
    assert '<li><span aria-current="page">人力资源服务许可</span></li>' in page
    assert '<a href="../index.html#r1">返回测试市人民政府权责清单</a>' in page
    assert '<meta name="Description" content="测试市人民政府权责清单。事项名称：人力资源服务许可；事项编码：QZ-XK-001；' in page
    assert "数据下载" not in page and "data.csv" not in page
    cited = project.read("portal/doc/notice/index.html")
    assert '<a href="../../zfxxgk/fdzdgknr/qzqd/d-QZ-XK-001/index.html">测试市人民政府权责清单</a>' in cited

    project.write("data/szf/qzqd.csv", qzqd(QZQD_ROWS[1:]))  # a row gone: the others keep their address
    assert project.build().exit_code == 0
    assert "劳动保障监察" in project.read(f"{QZQD}/{hashed}/index.html")
    assert not (project.out / QZQD / "d-QZ-XK-001").exists()


def test_a_row_is_found_at_its_own_page_by_a_field_the_table_leaves_out(make_project):
    project = make_project({"catalogs/szf.yaml": SZF + QZQD_ITEM, "data/szf/qzqd.csv": qzqd(QZQD_ROWS)})
    assert project.build().exit_code == 0
    entries = search_entries(project.out / "portal")
    entry = entries["zfxxgk/fdzdgknr/qzqd/d-QZ-XK-001/index.html"]
    assert entry["t"] == "测试市人民政府权责清单：人力资源服务许可"
    assert ["f5", "追责情形", "对不符合条件的申请人准予许可的，依法追究责任"] in entry["s"]
    assert not any(path.startswith("zfxxgk/fdzdgknr/qzqd/index") for path in entries), "rows are found once"


def test_brief_false_needs_detail_pages(make_project):
    project = make_project({"catalogs/szf.yaml": SZF + QZQD_ITEM.replace("      detail: true\n", ""),
                            "data/szf/qzqd.csv": qzqd(QZQD_ROWS)})
    result = project.build()
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [("E204", "catalogs/szf.yaml", 24)]  # at records:
    assert result.diagnostics[0].message.endswith(
        "无效：字段 实施依据、追责情形、有关文件 只在详情页显示（brief: false），数据表须设 detail: true（每行一个详情页）")
    hidden = QZQD_ITEM.replace("{name: 事项名称}", "{name: 事项名称, brief: false}").replace(
        "{name: 事项编码, key: true}", "{name: 事项编码, key: true, brief: false}").replace(
        "{name: 事项类型, facet: true}", "{name: 事项类型, facet: true, brief: false}")
    project.write("catalogs/szf.yaml", SZF + hidden)
    result = project.build()
    assert [d.message.rsplit("无效：", 1)[1] for d in result.diagnostics] == ["至少要有一个字段在列表中显示（brief: true）"]


def test_detail_pages_and_their_search_entries_show_masked_values_only(make_project):
    item = RECORDS_ITEM.replace("      sort: 发放日期\n", "      sort: 发放日期\n      详情页: true\n").replace(
        "{name: 身份证号, personal: id_number}", "{name: 身份证号, personal: id_number, brief: false}")
    project = project_with(make_project, **{"catalogs/szf.yaml": SZF + item})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    table = project.read("portal/zfxxgk/fdzdgknr/ffmd/index.html")
    assert '<th scope="row"><a href="r1/index.html">欧**娜</a></th>' in table  # no key field: by place
    assert "110101********" not in table
    page = project.read("portal/zfxxgk/fdzdgknr/ffmd/r1/index.html")
    assert '<th scope="row">身份证号</th><td>110101********002X</td>' in page
    assert "姓名、身份证号已按规定隐去部分字符。" in page
    entry = search_entries(project.out / "portal")["zfxxgk/fdzdgknr/ffmd/r1/index.html"]
    assert entry["t"] == "测试市人民政府发放名单：欧**娜"
    shown = next(text for _, name, text in entry["s"] if name == "身份证号")
    assert shown.startswith("110101") and "19700101" not in shown  # the masked value (its * dropped in excerpts)
    text = every_output_text(project)
    for name, id_number in PEOPLE:
        assert name not in text and id_number not in text, "an unmasked value reached the output"
