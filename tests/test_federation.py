"""Issue 18, 一网通查: other platforms' published library.json merged into the portal's 规章和规范性文件库,
with each document's provenance, links to its page there, and its data checked like the platform's own."""

from __future__ import annotations

import json
import shutil

import pytest

from browser import browser_page
from conftest import BASE, PLATFORM, REPO, Project, doc
from sitelinks import broken_links

RULE = doc("测试市供水管理办法", doc_number="测试市人民政府令第2号", validity="有效", category="规章", published="2025-07-01")
COUNTY_DOCS = {
    "content/szf/old.md": doc("测试县旧办法", doc_number="测县府发〔2023〕1号", validity="废止", category="行政规范性文件",
                              repealed_by="szf/new", published="2025-05-10"),
    "content/szf/new.md": doc("测试县新办法", doc_number="测县府发〔2025〕9号", validity="有效", category="行政规范性文件",
                              published="2025-06-10"),
    "content/mzj/dibao.md": doc("测试县低保办法", org="mzj", item="dibao-policy", validity="有效",
                                category="行政规范性文件", published="2025-05-08"),
}


def federation(*sources: str) -> str:
    return PLATFORM + "library:\n  federation:\n" + "".join(sources)


def source(name: str, where: str, base_url: str = "https://xian.example.gov.cn/") -> str:
    return f"    - name: {name}\n      {where}\n      base_url: {base_url}\n"


def record(id: str, title: str, published: str = "2025-03-01", **extra) -> dict:
    return {"id": id, "title": title, "category": "行政规范性文件", "issuer": "测试县人民政府", "published": published,
            "validity": "有效", "path": f"doc/{id.split('/')[-1]}/index.html", **extra}


def library_json(*documents: dict, **top) -> str:
    return json.dumps({"name": "测试县规章和规范性文件库", "count": len(documents), "documents": list(documents)} | top,
                      ensure_ascii=False, indent=2) + "\n"


def line_of(text: str, needle: str, nth: int = 1) -> int:
    """The 1-based line of the nth line of `text` containing `needle`."""
    return [n for n, line in enumerate(text.split("\n"), 1) if needle in line][nth - 1]


@pytest.fixture
def county_site(tmp_path) -> str:
    """A county platform built by gongkai: its published portal folder."""
    county = Project(tmp_path / "county")
    for path, text in {**BASE, **COUNTY_DOCS}.items():
        county.write(path, text.replace("测试市", "测试县").replace("https://www.example.gov.cn/",
                                                                   "https://xian.example.gov.cn/"))
    result = county.build()
    assert result.exit_code == 0, county.text(result)
    return county.out / "portal"


def test_a_published_library_is_merged_with_its_provenance_and_links(make_project, county_site):
    project = make_project({"platform.yaml": federation(source("测试县", "folder: data/federation/xian")),
                            "content/szf/rule.md": RULE})
    shutil.copytree(county_site, project.root / "data/federation/xian")
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    main = project.read("portal/gfxwjk/index.html")
    assert main.count("<tr>") == 5  # the header, 1 document of this platform, 3 of the county's
    assert ('<a href="https://xian.example.gov.cn/portal/doc/new/index.html" rel="external">测试县新办法'
            '<span class="gk-external" aria-hidden="true">↗</span>'
            '<span class="gk-visually-hidden">（外部链接：测试县）</span></a>') in main
    assert '<th scope="col">来源</th>' in main and "<td>本平台</td>" in main and main.count("<td>测试县</td>") == 3
    assert "本平台全部单位和测试县的政府规章和行政规范性文件" in main
    assert '<a href="source/1/index.html">测试县（3）</a>' in main and '<a href="source/0/index.html">本平台（1）</a>' in main
    county = project.read("portal/gfxwjk/source/1/index.html")
    assert "测试县低保办法" in county and "测试市供水管理办法" not in county
    assert "测试县旧办法" in project.read("portal/gfxwjk/validity/repealed/index.html")
    export = json.loads(project.read("portal/gfxwjk/library.json"))
    assert export["count"] == 4 and export["sources"] == ["本平台", "测试县"]
    merged = next(d for d in export["documents"] if d["title"] == "测试县低保办法")
    assert merged | {"index_no": None} == {
        "id": "mzj/dibao", "title": "测试县低保办法", "category": "行政规范性文件", "doc_number": None, "reg_no": None,
        "index_no": None, "issuer": "测试县民政局", "issuer_code": "000000002", "written": "2025-05-06",
        "published": "2025-05-08", "effective_from": None, "effective_to": None, "validity": "有效",
        "amended_by": [], "repealed_by": None, "amends": [], "repeals": [], "topic": None, "path": None,
        "url": "https://xian.example.gov.cn/portal/zt/mzj/doc/dibao/index.html", "source": "测试县"}
    assert next(d for d in export["documents"] if d["title"] == "测试市供水管理办法")["source"] is None
    assert broken_links(project.out / "portal") == []


def test_a_merged_library_merged_again_names_both_platforms(make_project, tmp_path):
    """A province merging a city's library that holds a county's shows where the county's came from."""
    city = library_json(record("szf/a", "市办法", url="https://shi.example.gov.cn/doc/a/index.html"),
                        record("szf/b", "县办法", path=None, url="https://xian.example.gov.cn/doc/b/index.html",
                               source="测试县"))
    project = make_project({"platform.yaml": federation(source("测试市", "file: data/federation/shi.json",
                                                               "https://shi.example.gov.cn/")),
                            "data/federation/shi.json": city})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    main = project.read("portal/gfxwjk/index.html")
    assert "<td>测试市（测试县）</td>" in main and "<td>测试市</td>" in main


def test_federated_documents_are_checked_like_local_data(make_project):
    documents = [
        record("szf/a", "甲办法"),
        record("szf/b", "乙办法", published="2025年3月1日"),                     # E762: a date as a clerk writes it
        {k: v for k, v in record("szf/c", "丙办法").items() if k != "title"},  # E761
        record("szf/a", "丁办法"),                                              # E766: the id again
        record("szf/e", "戊办法", path="javascript:alert(1)"),                  # E768
        record("szf/f", "己办法", path="../other/index.html"),                  # E768
        record("szf/g", "关于表彰张三（身份证号110101199003074514）的决定"),       # E769
        record("szf/h", "庚办法", category="通知"),                             # E762: not a category of the library
        record("szf/i", "辛办法", path=None),                                   # E761: neither url nor path
    ]
    text = library_json(*documents, count=12)
    other = library_json(record("szf/x", "甲办法转载", url="https://xian.example.gov.cn/doc/a/index.html"))
    project = make_project({
        "platform.yaml": federation(source("测试县", "file: data/federation/xian.json"),
                                    source("测试乡", "file: data/federation/xiang.json")),
        "data/federation/xian.json": text, "data/federation/xiang.json": other, "content/szf/rule.md": RULE})
    result = project.build()
    assert result.exit_code == 1
    xian, xiang = "data/federation/xian.json", "data/federation/xiang.json"
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [
        ("W760", xian, line_of(text, '"count": 12')),
        ("E762", xian, line_of(text, "2025年3月1日")),
        ("E761", xian, line_of(text, '"id": "szf/c"') - 1),
        ("E766", xian, line_of(text, '"id": "szf/a"', 2)),
        ("E768", xian, line_of(text, "javascript:")),
        ("E768", xian, line_of(text, "../other")),
        ("E769", xian, line_of(text, "张三")),
        ("E762", xian, line_of(text, '"category": "通知"')),
        ("E761", xian, line_of(text, '"id": "szf/i"') - 1),
        ("E767", xiang, line_of(other, '"id": "szf/x"') - 1),
    ]
    messages = {d.code: d.message for d in result.diagnostics}
    first = line_of(text, '"id": "szf/a"') - 1  # the line of the first document's {
    assert result.diagnostics[1].message == '字段 "published" 的值 "2025年3月1日" 无效：日期格式应为 YYYY-MM-DD'
    assert result.diagnostics[1].hint == "改为 2025-03-01（日期写成 YYYY-MM-DD）；这份数据由下级平台生成，请对方改正后重新发布"
    assert messages["E761"] == '缺少必填字段 "url"'
    assert messages["W760"] == "library.json 写明共 12 件文件，实际有 9 件"
    assert messages["E766"] == f'文件编号 "szf/a" 重复，首次出现在第 {first} 行'
    assert messages["E768"] == '链接 "../other/index.html" 不是 http(s) 完整网址，也不是安全的相对路径'
    assert messages["E769"] == "发现身份证号：1101**********4514（个人信息不得公开）"
    assert messages["E767"] == (f"“甲办法转载”的网址 https://xian.example.gov.cn/doc/a/index.html "
                                f"已由“测试县”（{xian}:{first}）收录")
    assert result.diagnostics[8].hint == (
        "在 documents、8 中补上 url：这份数据由下级平台生成，请对方补全后重新发布，再复制过来")


def test_unreadable_library_json_is_reported_at_the_broken_spot(make_project):
    project = make_project({"platform.yaml": federation(source("测试县", "file: data/federation/xian.json")),
                            "data/federation/xian.json": '{\n  "documents": [\n    {"id": "a",}\n  ]\n}\n'})
    [broken] = project.build().diagnostics
    assert (broken.code, broken.file, broken.line, broken.column) == ("E760", "data/federation/xian.json", 3, 16)
    assert broken.message.startswith("无法读取一网通查数据：JSON 格式错误（")


def test_federation_sources_are_checked_in_platform_yaml(make_project):
    project = make_project({
        "platform.yaml": federation(source("甲县", "file: data/federation/jia.json\n      folder: data/federation"),
                                    source("乙县", "file: data/federation/yi.json"),
                                    source("丙县", "folder: data/federation/bing"),
                                    source("丁县", "文件: /srv/www/ding/library.json")),
        "data/federation/bing/readme.txt": "没有 library.json\n"})
    result = project.build()
    assert result.exit_code == 2
    assert [(d.code, d.line, d.message) for d in result.diagnostics] == [
        ("E104", 27, '字段 "文件" 的值 "/srv/www/ding/library.json" 无效：应为相对于项目根目录的路径，'
                     "如 data/federation/示例县/library.json（项目以外的目录可以用符号链接放进 data/federation/）"),
    ]
    project.write("platform.yaml", federation(source("甲县", "file: data/federation/jia.json\n      folder: data/federation"),
                                              source("乙县", "file: data/federation/yi.json"),
                                              source("丙县", "folder: data/federation/bing")))
    result = project.build()
    assert [(d.code, d.line, d.message) for d in result.diagnostics] == [
        ("E763", 16, "一网通查来源“甲县”同时写了 file 和 folder"),
        ("E764", 21, '找不到一网通查数据 "data/federation/yi.json"'),
        ("E765", 24, '一网通查目录 "data/federation/bing" 中没有 library.json'),
    ]
    assert result.exit_code == 2


def test_the_example_merges_its_county_library(example_build):
    out, _ = example_build
    main = (out / "portal/gfxwjk/index.html").read_text(encoding="utf-8")
    assert '<a href="source/1/index.html">示例县（5）</a>' in main
    assert 'href="https://xian.example.gov.cn/zt/xyb/doc/mzbz-2026/index.html" rel="external"' in main
    assert "示例县" not in (out / "rsj/index.html").read_text(encoding="utf-8")  # a department site has no library


@pytest.mark.browser
def test_the_source_filter_combines_with_the_others_in_the_browser(make_project, county_site):
    from playwright.sync_api import expect

    project = make_project({"platform.yaml": federation(source("测试县", "folder: data/federation/xian")),
                            "content/szf/rule.md": RULE})
    shutil.copytree(county_site, project.root / "data/federation/xian")
    assert project.build().exit_code == 0
    with browser_page() as page:
        page.goto((project.out / "portal/gfxwjk/index.html").as_uri())
        page.get_by_label("来源").select_option(label="测试县")
        expect(page.locator("[data-library-count]")).to_have_text("共找到 3 件文件")
        page.get_by_label("发布机构").select_option(label="测试县民政局")  # another platform's issuer is a choice too
        expect(page.locator("[data-library-count]")).to_have_text("共找到 1 件文件")
        link = page.locator("[data-library-results] tbody a")
        assert link.get_attribute("href") == "https://xian.example.gov.cn/portal/zt/mzj/doc/dibao/index.html"
        assert link.get_attribute("rel") == "external" and link.text_content() == "测试县低保办法↗（外部链接：测试县）"
        page.get_by_label("来源").select_option(label="本平台")
        expect(page.locator("[data-library-count]")).to_have_text("共找到 0 件文件")


def many_records(count: int) -> list[dict]:
    """`count` documents of a county's library over three years, three issuers, every validity and
    both 文种, some of whose titles hold 供水 and 设施 apart (a query must match its words together)."""
    topics = ["供水设施", "供水和排水设施", "养老服务", "城市供水", "道路设施"]
    validities = ["有效", "已修改", "废止", "失效", "尚未生效"]
    issuers = ["测试县人民政府", "测试县水务局", "测试县民政局"]
    return [record(f"szf/{n:03d}", f"测试县{topics[n % 5]}管理办法（{n}）", f"{2023 + n % 3}-{1 + n % 12:02d}-{1 + n % 28:02d}",
                   issuer=issuers[n % 3], validity=validities[n % 7 % 5], doc_number=f"测县规〔{2023 + n % 3}〕{n}号",
                   category="规章" if n % 10 == 0 else "行政规范性文件")
            for n in range(count)]


@pytest.mark.browser
def test_a_large_library_loads_only_what_a_query_needs(make_project, monkeypatch):
    """A library of several rows files and postings files, opened from disk: a query over facets and
    one over words in titles and 文号 find exactly the documents they name, loading the files of
    the documents shown, not the whole library."""
    from playwright.sync_api import expect

    monkeypatch.setattr("generator.library.query.SHARD_BYTES", 2_000)
    records = many_records(260)
    project = make_project({"platform.yaml": federation(source("测试县", "file: data/federation/xian.json")),
                            "data/federation/xian.json": library_json(*records), "content/szf/rule.md": RULE})
    assert project.build().exit_code == 0
    data = project.out / "portal/gfxwjk/data"
    rows_files = sorted(p.name for p in data.glob("r-*.js"))
    assert len(rows_files) == 6 and len(list(data.glob("p-*.js"))) >= 8  # 261 documents, 50 a file
    newest_first = sorted(sorted(records, key=lambda r: r["id"]), key=lambda r: r["published"], reverse=True)

    def titles(wanted) -> list[str]:
        return [r["title"] for r in newest_first if wanted(r)]

    with browser_page() as page:
        page.goto((project.out / "portal/gfxwjk/index.html").as_uri())
        count, rows = page.locator("[data-library-count]"), page.locator("[data-library-results] tbody tr")
        page.get_by_label("发布机构").select_option(label="测试县水务局")
        page.get_by_label("年份").select_option(label="2024年")
        page.get_by_label("有效性").select_option(label="有效")
        expected = titles(lambda r: r["issuer"] == "测试县水务局" and r["published"][:4] == "2024" and r["validity"] == "有效")
        expect(count).to_have_text(f"共找到 {len(expected)} 件文件")
        assert page.locator("[data-library-results] tbody a").all_text_contents() == [
            f"{t}↗（外部链接：测试县）" for t in expected[:20]]
        page.get_by_label("发布机构").select_option(label="全部")
        page.get_by_label("文种").select_option(label="规章")
        expected = titles(lambda r: r["category"] == "规章" and r["published"][:4] == "2024" and r["validity"] == "有效")
        expect(count).to_have_text(f"共找到 {len(expected)} 件文件")
        page.get_by_label("文种").select_option(label="全部")
        page.get_by_label("年份").select_option(label="全部")
        page.get_by_label("有效性").select_option(label="全部")
        page.get_by_label("标题或文号").fill("供水设施")
        expected = titles(lambda r: "供水设施" in r["title"])
        assert len(expected) > 40 and titles(lambda r: "供水和排水设施" in r["title"])  # 供水 … 设施 is not 供水设施
        expect(count).to_have_text(f"共找到 {len(expected)} 件文件")
        assert rows.count() == 20  # a page of them; the rest on demand
        page.get_by_role("button", name="再显示 20 件").click()
        expect(rows).to_have_count(min(40, len(expected)))
        shown = [t.removesuffix("↗（外部链接：测试县）") for t in page.locator("[data-library-results] tbody a").all_text_contents()]
        assert shown == expected[:40]
        axe = REPO / "node_modules" / "axe-core" / "axe.min.js"  # the results as the query shows them
        if not axe.is_file():
            pytest.fail("axe-core missing: run scripts/install-test-deps.sh (npm ci)")
        page.add_script_tag(path=str(axe))
        result = page.evaluate("axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
        assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in result["violations"]] == []
        page.get_by_label("标题或文号").fill("〔2024〕13")  # a 文号's digits and brackets count too
        expect(count).to_have_text(f"共找到 {len(titles(lambda r: '〔2024〕13' in r['doc_number']))} 件文件")
        page.get_by_label("标题或文号").fill("排")  # one character
        expect(count).to_have_text(f"共找到 {len(titles(lambda r: '排' in r['title']))} 件文件")
        page.get_by_label("标题或文号").fill("）测县")  # the end of a title and the start of its 文号 are not one text
        expect(count).to_have_text("共找到 0 件文件")
        loaded = page.eval_on_selector_all("script[src*='/data/r-']", "nodes => nodes.map(n => n.src)")
        assert 0 < len(loaded) < len(rows_files)
