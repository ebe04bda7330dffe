"""Issue 3 content: public enterprises, 办事指南, 解读 timeliness, and the 规章和规范性文件库."""

from __future__ import annotations

import json
import re
from datetime import date

import pytest

from browser import browser_page
from conftest import PLATFORM, doc

WATER = """\
org:
  id: water
  name: 测试市自来水有限公司
  kind: enterprise
  sector: 供水
  code: "000000009"
  offices: [客户服务部]
  service:
    hotline: "0851-89999999"
    outlets:
      - {name: 城东营业厅, address: 人民路1号, hours: 8:30-17:30, phone: "0851-89999998"}
    prices:
      - {item: 居民生活用水, standard: 2.80元/立方米, basis: 测发改价〔2024〕1号}
    commitments: [计划停水提前24小时通知]
items:
  - id: tingshui
    l1: 停供信息
    l2: 停水通知
    time_limit: 实时公开
    office: 客户服务部
"""
BUS = WATER.replace("id: water", "id: bus").replace("测试市自来水有限公司", "测试市公交集团").replace(
    "sector: 供水", "sector: 公共交通").replace('"000000009"', '"000000008"')
ENTERPRISE_PLATFORM = PLATFORM.replace("    hosts: [mzj]\n", "    hosts: [mzj]\n    enterprises: true\n")


def outage(title: str, start: str, end: str, published: str) -> str:
    return doc(title, org="water", item="tingshui", type="停供通知", published=published,
               outage=f'{{start: "{start}", end: "{end}", area: 城东区}}')


def test_enterprise_page_lists_outages_newest_first_and_marks_ended_ones(make_project):
    project = make_project({
        "platform.yaml": ENTERPRISE_PLATFORM, "catalogs/water.yaml": WATER, "catalogs/bus.yaml": BUS,
        "content/water/past.md": outage("十月停水通知", "2025-10-10 08:00", "2025-10-10 18:00", "2025-10-08"),
        "content/water/next.md": outage("十二月停水通知", "2025-12-02 08:00", "2025-12-02 20:00", "2025-11-28"),
    })
    assert project.build(today=date(2025, 11, 30)).exit_code == 0
    page = project.read("portal/qsy/water/index.html")
    block = page[page.index(">停水通知</h2>"):]
    assert block.index("十二月停水通知") < block.index("十月停水通知")
    assert re.search(r"2025-10-10 08:00 至 2025-10-10 18:00</span>\s*<span class=\"gk-badge gk-badge--void\"[^>]*>已结束", block)
    assert re.search(r"2025-12-02 08:00 至 2025-12-02 20:00</span>\s*<span class=\"gk-badge gk-badge--ok\"[^>]*>未开始", block)
    for fact in ("城东营业厅", "人民路1号", "2.80元/立方米", "测发改价〔2024〕1号", "计划停水提前24小时通知", "0851-89999999"):
        assert fact in page
    directory = project.read("portal/qsy/index.html")
    assert directory.index(">供水</h2>") < directory.index(">公共交通</h2>"), "sectors in 条例第五十五条 order"


GUIDE = doc("最低生活保障申请", org="mzj", item="dibao-policy", type="办事指南").replace(
    "---\n正文", "事项名称: 最低生活保障申请\n申请条件: [户籍在本市]\n"
    "申请材料:\n  - {名称: 居民身份证, 形式: 原件及复印件, 份数: 1, 来源: 申请人自备}\n"
    "办理流程:\n  - {步骤: 申请, 说明: 向街道提出书面申请}\n办理时限: {法定: 30个工作日, 承诺: 20个工作日}\n"
    "收费标准: 不收费\n办理地点: 政务服务中心\n---\n正文")


def test_service_guide_renders_its_elements_and_warns_about_missing_ones(make_project):
    project = make_project({"content/mzj/guide.md": GUIDE})
    result = project.build()
    assert project.text(result) == (
        "content/mzj/guide.md:5:7: 警告[W320]: 办事指南缺少要素：设定依据、办理时间、咨询电话（检查指标“服务不实用”）\n"
        "  5 | type: 办事指南\n"
        "    |       ^\n"
        "  提示: 在前置元数据中补齐这些要素")
    page = project.read("portal/zt/mzj/doc/guide/index.html")
    for text in ("办事指南要素", "最低生活保障申请", "居民身份证", "原件及复印件", "法定时限：30个工作日", "承诺时限：20个工作日",
                 "不收费", "政务服务中心", "<strong>申请</strong>：向街道提出书面申请"):
        assert text in page
    assert project.build(strict=True).exit_code == 1


SHORT_GUIDE = doc("城乡低保申请", org="mzj", item="dibao-policy", type="办事指南").replace(
    "---\n正文", "事项名称: 城乡低保申请\n设定依据: 《社会救助暂行办法》\n申请条件: 家庭人均收入低于当地低保标准\n"
    "申请材料: [户口簿, 身份证, 家庭收入证明]\n办理流程: [申请, 审核, 公示, 审批]\n办理时限: 30个工作日\n"
    "收费标准: [不收费]\n办理地点: [乡镇（街道）社会救助窗口, 区政务服务中心]\n办理时间: 工作日 9:00-17:00\n"
    "咨询电话: 12345\n---\n正文")


def test_service_guide_in_the_short_forms_a_clerk_writes(make_project):
    project = make_project({"content/mzj/guide.md": SHORT_GUIDE})
    result = project.build(strict=True)
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/zt/mzj/doc/guide/index.html")
    materials = re.search(r'<h3 id="gk-guide-materials">.*?</table>', page, re.S).group(0)
    assert re.findall(r"<tr><td>(\d)</td><td>([^<]+)</td>", materials) == [
        ("1", "户口簿"), ("2", "身份证"), ("3", "家庭收入证明")]
    steps = re.search(r'<ol class="gk-steps">(.*?)</ol>', page, re.S).group(1)
    assert re.findall(r"<li><strong>([^<]+)</strong></li>", steps) == ["申请", "审核", "公示", "审批"]
    assert '<th scope="row">办理时限</th><td>30个工作日</td>' in page
    assert '<th scope="row">办理地点</th><td>乡镇（街道）社会救助窗口；区政务服务中心</td>' in page
    assert '<th scope="row">咨询电话</th><td>12345</td>' in page


def test_guide_rows_may_name_a_detail_after_a_colon(make_project):
    guide = SHORT_GUIDE.replace("办理流程: [申请, 审核, 公示, 审批]", "办理流程:\n  - 申请: 向乡镇提出书面申请\n  - 审批")
    project = make_project({"content/mzj/guide.md": guide})
    assert project.build().exit_code == 0
    page = project.read("portal/zt/mzj/doc/guide/index.html")
    assert "<li><strong>申请</strong>：向乡镇提出书面申请</li>" in page
    assert "<li><strong>审批</strong></li>" in page


def test_late_interpretation_is_a_warning_counted_in_working_days(make_project):
    # 2025-09-30 (Tue) → 2025-10-10 (Fri): the National Day holiday 10-01..10-08 is not counted
    late = doc("解读", item="zcjd", type="解读", published="2025-10-13", interprets="[szf/notice]")
    on_time = doc("解读", item="zcjd", type="解读", published="2025-10-10", interprets="[szf/notice]")
    notice = doc("通知", published="2025-09-30")
    project = make_project({"content/szf/notice.md": notice, "content/szf/jd.md": on_time})
    assert project.build().diagnostics == []
    project.write("content/szf/jd.md", late)
    result = project.build()
    assert project.text(result).splitlines()[0] == (
        "content/szf/jd.md:7:12: 警告[W310]: 解读在所解读文件发布后第 4 个工作日才发布，超过 3 个工作日")


def test_a_year_the_calendar_does_not_cover_is_reported_not_guessed(make_project):
    project = make_project({
        "content/szf/notice.md": doc("通知", published="2099-01-05").replace("written: 2025-05-06", "written: 2099-01-04"),
        "content/szf/jd.md": doc("解读", item="zcjd", type="解读", published="2099-01-06",
                                 interprets="[szf/notice]").replace("written: 2025-05-06", "written: 2099-01-04")})
    result = project.build()
    assert [d.code for d in result.diagnostics] == ["W311"]
    assert result.diagnostics[0].message == "无法计算 2099 年的工作日：日历库未收录该年的节假日安排"


def test_a_year_entered_in_platform_yaml_is_the_calendar(make_project):
    # 2099-01-05 is a Monday: with 01-06 to 01-08 off and Sunday 01-11 a 调休 working day, a 解读
    # published on 01-12 comes 2 working days after its file (on the plain weekday calendar: 5)
    calendar = "calendar:\n  2099:\n    放假: [[2099-01-06, 2099-01-08]]\n    调休上班: [2099-01-11]\n"
    project = make_project({
        "platform.yaml": PLATFORM + calendar,
        "content/szf/notice.md": doc("通知", published="2099-01-05").replace("written: 2025-05-06", "written: 2099-01-04"),
        "content/szf/jd.md": doc("解读", item="zcjd", type="解读", published="2099-01-12",
                                 interprets="[szf/notice]").replace("written: 2025-05-06", "written: 2099-01-04")})
    assert project.build().diagnostics == []
    project.write("content/szf/jd.md", doc("解读", item="zcjd", type="解读", published="2099-01-13", interprets="[szf/notice]")
                  .replace("written: 2025-05-06", "written: 2099-01-04"))
    assert [d.code for d in project.build().diagnostics] == ["W310"]  # the 3rd working day after is 01-12
    project.write("platform.yaml", PLATFORM + calendar.replace("2099-01-11", "2098-12-27"))
    [wrong] = project.build().diagnostics
    assert (wrong.code, wrong.file, wrong.line) == ("E104", "platform.yaml", 15) and "2098-12-27" in wrong.message


LIBRARY_FILES = {
    "content/szf/old.md": doc("旧办法", doc_number="测府发〔2024〕1号", validity="废止", category="行政规范性文件",
                              repealed_by="szf/new", published="2025-05-10"),
    "content/szf/new.md": doc("新办法", doc_number="测府发〔2025〕9号", validity="有效", category="行政规范性文件",
                              reg_no="CSGS-2025-1", published="2025-06-10").replace("正文。", "本办法废止[旧办法](old.md)。"),
    "content/szf/rule.md": doc("测试市供水管理办法", doc_number="测试市人民政府令第2号", validity="有效", category="规章",
                               published="2025-07-01"),
    "content/mzj/dibao.md": doc("低保办法", org="mzj", item="dibao-policy", validity="已修改", category="行政规范性文件",
                                amended_by="[szf/new]", published="2025-06-01"),
}


def test_validity_is_shown_with_links_both_ways(make_project):
    project = make_project(LIBRARY_FILES)
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    old = project.read("portal/doc/old/index.html")
    assert "本文件已废止，仅供查阅。" in old and '废止依据：<a href="../new/index.html">新办法</a>' in old
    new = project.read("portal/doc/new/index.html")
    assert '本文件废止了：<a href="../old/index.html">旧办法</a>' in new
    assert '本文件修改了：<a href="../../zt/mzj/doc/dibao/index.html">低保办法</a>' in new
    assert "CSGS-2025-1" in new
    assert "修改依据：" in project.read("portal/zt/mzj/doc/dibao/index.html")


def test_library_has_facet_pages_and_a_json_export(make_project):
    project = make_project(LIBRARY_FILES)
    assert project.build().exit_code == 0
    main = project.read("portal/gfxwjk/index.html")
    for title in ("旧办法", "新办法", "测试市供水管理办法", "低保办法"):
        assert title in main
    assert "测试市人民政府通知" not in main  # only 规章 and 规范性文件
    repealed = project.read("portal/gfxwjk/validity/repealed/index.html")
    assert "旧办法" in repealed and "新办法" not in repealed
    assert "低保办法" in project.read("portal/gfxwjk/org/mzj/index.html")
    year = project.read("portal/gfxwjk/year/2025/index.html")
    assert year.split("<tbody>")[1].count("<tr>") == 4 and not (project.out / "portal/gfxwjk/year/2024").exists()
    export = json.loads(project.read("portal/gfxwjk/library.json"))
    assert export["count"] == 4
    record = next(d for d in export["documents"] if d["id"] == "szf/old")
    assert record == {
        "id": "szf/old", "title": "旧办法", "category": "行政规范性文件", "doc_number": "测府发〔2024〕1号",
        "reg_no": None, "index_no": record["index_no"], "issuer": "测试市人民政府", "issuer_code": "000000001",
        "written": "2025-05-06", "published": "2025-05-10", "effective_from": None, "effective_to": None,
        "validity": "废止", "amended_by": [], "repealed_by": "szf/new", "amends": [], "repeals": [],
        "topic": None, "path": "doc/old/index.html", "url": "https://www.example.gov.cn/portal/doc/old/index.html",
        "source": None,
    }
    assert re.fullmatch(r"000000001/2025-\d{5}", record["index_no"])


COUNTY = """\
org: {id: xq, name: 测试市新区管委会, kind: government, code: "000000009", offices: [办公室]}
items:
  - {id: zfwj, l1: 政策文件, l2: 政府文件, time_limit: 信息形成或者变更之日起20个工作日内, office: 办公室}
"""


COUNTY_SITE = """\
  - id: xinqu
    title: 测试市新区
    kind: portal
    org: xq
    library_scope: own
    identity: {site_code: "5200000009", icp: 测ICP备00000000号-9, sponsor: 新区办公室, contact: "0851-80000009"}
"""
GUIZE = doc("新区物业管理规定", org="xq", doc_number="测新管发〔2025〕1号", validity="有效", category="行政规范性文件")


def test_a_portal_can_keep_its_library_to_its_own_organizations(make_project):
    # a province's platform: the city portal holds every organization's library (一网通查), the county portal its own
    platform = PLATFORM + COUNTY_SITE
    project = make_project({**LIBRARY_FILES, "platform.yaml": platform, "catalogs/xq.yaml": COUNTY,
                            "content/xq/guize.md": GUIZE})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    city = project.read("portal/gfxwjk/index.html")
    assert "新区物业管理规定" in city and "新办法" in city
    county = project.read("xinqu/gfxwjk/index.html")
    assert "新区物业管理规定" in county and "新办法" not in county and "本站各单位" in county
    assert json.loads(project.read("xinqu/gfxwjk/library.json"))["count"] == 1
    assert not (project.out / "xinqu/gx").exists()  # no copies of the city's documents


@pytest.mark.parametrize("base_url", [True, False])
def test_a_linked_library_lists_every_organization_and_links_to_their_own_sites(make_project, base_url):
    # a province's portal lists the whole province's files (一网通查) without copying them
    platform = PLATFORM.replace("    org: szf\n", "    org: szf\n    library_scope: linked\n") + COUNTY_SITE
    if not base_url:
        platform = platform.replace("base_url: https://www.example.gov.cn/\n", "")
    project = make_project({**LIBRARY_FILES, "platform.yaml": platform, "catalogs/xq.yaml": COUNTY,
                            "content/xq/guize.md": GUIZE})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    assert not (project.out / "portal/gx").exists()  # nothing copied onto the portal
    link = ("https://www.example.gov.cn/xinqu/doc/guize/index.html" if base_url
            else "../xinqu/doc/guize/index.html")
    page = project.read("portal/gfxwjk/index.html")
    assert "本平台全部单位" in page and "新办法" in page
    href = ("https://www.example.gov.cn/xinqu/" if base_url else "../../xinqu/") + "doc/guize/index.html"
    assert f'href="{href}"' in page
    assert ("外部链接：测试市新区管委会" in page) == base_url  # a link that leaves the site says so
    records = {r["id"]: r for r in json.loads(project.read("portal/gfxwjk/library.json"))["documents"]}
    assert records["xq/guize"]["path"] is None and records["xq/guize"]["url"] == link
    assert records["xq/guize"]["issuer"] == "测试市新区管委会"


def test_inconsistent_validity_and_unknown_relations_are_reported(make_project):
    project = make_project({"content/szf/old.md": doc("旧办法", validity="有效", category="行政规范性文件",
                                                      repealed_by="szf/neww")})
    result = project.build(write=False)
    assert [(d.code, d.line) for d in result.diagnostics] == [("W302", 8), ("E408", 10)]
    assert result.diagnostics[1].message == 'repealed_by 引用的文档 "szf/neww" 不存在'


@pytest.mark.browser
def test_a_library_of_many_issuers_lists_them_on_its_first_page_only(make_project, monkeypatch):
    # a province's library has thousands of issuing organizations: not on every one of its pages
    from playwright.sync_api import expect

    import generator.library.pages as library

    monkeypatch.setattr(library, "ISSUERS_ON_EVERY_PAGE", 1)
    project = make_project(LIBRARY_FILES)
    assert project.build().exit_code == 0
    first = project.read("portal/gfxwjk/index.html")
    assert "测试市民政局（" in first and "测试市人民政府（" in first
    year = project.read("portal/gfxwjk/year/2025/index.html")
    assert "测试市民政局（" not in year and '<a href="../../index.html">按发布机构浏览</a>' in year
    with browser_page() as page:  # the query still offers every issuer
        page.goto((project.out / "portal/gfxwjk/year/2025/index.html").as_uri())
        page.get_by_label("发布机构").select_option(label="测试市人民政府")
        expect(page.locator("[data-library-count]")).to_have_text("共找到 3 件文件")


@pytest.mark.browser
def test_library_filters_combine_in_the_browser(make_project):
    from playwright.sync_api import expect

    project = make_project(LIBRARY_FILES)
    assert project.build().exit_code == 0
    with browser_page() as page:
        page.goto((project.out / "portal/gfxwjk/index.html").as_uri())
        page.get_by_label("发布机构").select_option(label="测试市人民政府")
        expect(page.locator("[data-library-count]")).to_have_text("共找到 3 件文件")
        page.get_by_label("有效性").select_option(label="有效")
        expect(page.locator("[data-library-count]")).to_have_text("共找到 2 件文件")
        page.get_by_label("标题或文号").fill("令第2号")
        expect(page.locator("[data-library-count]")).to_have_text("共找到 1 件文件")
        assert page.locator("[data-library-results] tbody tr").count() == 1
        link = page.locator("[data-library-results] a")
        assert link.get_attribute("href") == "../doc/rule/index.html"
        link.click()
        page.wait_for_url("**/doc/rule/index.html")
        assert page.locator("h1").text_content() == "测试市供水管理办法"
