"""The 政府公报 archive (SPEC §2.5): gazette/ → zfgb/ on the publishing organization's portals, its
coverage (应收尽收) checked by gongkai check, its texts searchable and guarded like documents."""

from __future__ import annotations

import re
from datetime import date

from conftest import doc
from sitelinks import internal_targets, parse

SETTINGS = """\
title: 测试市人民政府公报
org: szf
per_year: 4
sections: [政府令, 政府文件, 人事任免]
"""
FIRST = """\
issue: 1
total: 21
date: 2025-03-31
pdf: 01.pdf
contents:
  - {section: 政府文件, doc: szf/notice, page: 2}
  - section: 政府文件
    title: 测试市人民政府关于公布第一批历史文化街区的通知
    doc_number: 测府发〔2025〕3号
    body: |
      各区人民政府：

      ## 一、名单

      老城区东门街等 3 处街区列为第一批历史文化街区，详见[政务公开通知](szf/notice.md)。
  - {section: 人事任免, title: 测试市人民政府关于王某某等同志职务任免的通知, page: 7}
"""
THIRD = """\
issue: 3
total: 23
date: 2025-09-30
pdf: 03.pdf
contents:
  - {section: 政府文件, title: 测试市人民政府关于表彰先进集体的决定}
"""
AFTER_YEAR = date(2026, 1, 15)


def pdf(text: str = "Gazette") -> bytes:
    """A minimal valid one-page PDF whose text layer is `text` (ASCII)."""
    content = f"BT /F1 12 Tf 72 770 Td ({text}) Tj ET".encode("ascii")
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def gazette_project(make_project, files: dict | None = None, pdfs: dict | None = None):
    """The base project (portal of szf, szf/notice) with a gazette: 2025 issues 1 and 3 of 4."""
    project = make_project({"gazette/gazette.yaml": SETTINGS, "gazette/2025/01.yaml": FIRST,
                            "gazette/2025/03.yaml": THIRD, **(files or {})})
    for name, data in {"gazette/2025/01.pdf": pdf("Issue 1"), "gazette/2025/03.pdf": pdf("Issue 3"),
                       **(pdfs or {})}.items():
        if data is not None:
            (project.root / name).write_bytes(data)
    return project


def main_text(html: str) -> str:
    return re.sub(r"<[^>]+>", "", html.split('<main', 1)[1].split("</main>", 1)[0])


def found(result, code: str) -> list[tuple[str, int | None, str]]:
    return [(d.file, d.line, d.message) for d in result.diagnostics if d.code == code]


def test_the_archive_lists_years_issues_and_contents_with_each_pdf(make_project):
    project = gazette_project(make_project)
    result = project.build(today=AFTER_YEAR)
    assert result.exit_code == 0, project.text(result)
    archive = project.read("portal/zfgb/index.html")
    assert "2025年：应出4期，已收录2期，缺第2、4期" in main_text(archive)
    assert 'href="2025/01/index.html"' in archive and 'href="2025/index.html"' in archive
    assert "总第21期" in archive
    year = project.read("portal/zfgb/2025/index.html")
    assert 'href="01/index.html"' in year and 'href="03/index.html"' in year
    issue = project.read("portal/zfgb/2025/01/index.html")
    text = main_text(issue)
    # contents by section, in gazette.yaml's order; the document's own title, linked to its page
    assert text.index("政府文件") < text.index("人事任免")
    assert '<a class="gk-entry__title" href="../../../doc/notice/index.html">测试市人民政府关于做好政务公开工作的通知</a>' in issue
    assert 'href="1/index.html"' not in issue and 'href="2/index.html">测试市人民政府关于公布第一批历史文化街区的通知' in issue
    assert "测试市人民政府关于王某某等同志职务任免的通知" in text and 'href="01.pdf#page=7"' in issue
    # the PDF is copied beside the issue page, its size shown
    copied = project.out / "portal/zfgb/2025/01/01.pdf"
    assert copied.read_bytes() == (project.root / "gazette/2025/01.pdf").read_bytes()
    assert re.search(r'href="01.pdf" download>2025年第1期（PDF 版）</a> <span class="gk-files__info">PDF · \d\.\d KB', issue)
    assert 'rel="next">2025年第3期' in issue
    # a text of the gazette's own has its page, rendered from Markdown
    page = project.read("portal/zfgb/2025/01/2/index.html")
    assert '<h2 id="s1">一、名单</h2>' in page
    assert '<a href="../../../../doc/notice/index.html">政务公开通知</a>' in page
    assert "测府发〔2025〕3号" in page and 'href="../index.html">测试市人民政府公报2025年第1期</a>' in page
    # one record, two places: the document's page names the issue that carries it
    notice = project.read("portal/doc/notice/index.html")
    assert '<a href="../../zfgb/2025/01/index.html#e1">测试市人民政府公报2025年第1期（政府文件）</a>' in notice
    home = project.read("portal/index.html")
    assert 'href="zfgb/index.html">政府公报</a>' in home


def test_every_entry_is_listed_by_year_section_and_kind_without_javascript(make_project):
    project = gazette_project(make_project)
    assert project.build(today=AFTER_YEAR).exit_code == 0
    lists = project.out / "portal/zfgb/wz"
    everything = project.read("portal/zfgb/wz/index.html")
    assert "<script" not in main_text(everything)
    for label in ("2025年（4）", "政府文件（3）", "人事任免（1）", "通知（3）", "决定（1）"):
        assert label in everything
    by_section = project.read("portal/zfgb/wz/section/3/index.html")
    assert "测试市人民政府关于王某某等同志职务任免的通知" in by_section and "表彰先进集体" not in by_section
    decisions = project.read("portal/zfgb/wz/type/jueding/index.html")
    assert 'href="../../../2025/03/index.html#e1">测试市人民政府关于表彰先进集体的决定</a>' in decisions
    assert (lists / "year/2025/index.html").is_file()


def test_pages_link_only_to_files_the_build_made(make_project):
    project = gazette_project(make_project)
    assert project.build(today=AFTER_YEAR).exit_code == 0
    site = project.out / "portal"
    pages = list((site / "zfgb").rglob("*.html"))
    assert len(pages) > 10
    for page in pages:
        parser = parse(page)
        for href, target, fragment in internal_targets(page, site, parser):
            assert target.is_file(), f"{page.relative_to(site)}: broken link {href}"
            if fragment and target.suffix == ".html":
                assert fragment in parse(target).ids, f"{page.relative_to(site)}: missing anchor {href}"


def test_the_gazette_is_only_on_its_organizations_portals(make_project):
    project = gazette_project(make_project, {"gazette/gazette.yaml": SETTINGS.replace("org: szf", "org: mzj")})
    result = project.build(write=False, ledger=True, today=AFTER_YEAR)
    assert found(result, "W714") == [("gazette/gazette.yaml", 2, '政府公报没有在任何站点上发布：没有 org 为 "mzj" 的门户（kind: portal）')]
    assert result.exit_code == 0
    assert not any(page.path.startswith("zfgb/") for site in result.platform.sites for page in site.pages)


def test_coverage_in_the_current_year_counts_only_issues_already_due(make_project):
    project = gazette_project(make_project)
    assert project.build(today=date(2025, 10, 20)).exit_code == 0
    assert "2025年：应出4期，已收录2期，缺第2期，第4期尚未出版" in main_text(project.read("portal/zfgb/index.html"))
    checked = project.build(write=False, ledger=True, today=date(2025, 10, 20))
    assert [m for _, _, m in found(checked, "W710")] == ["2025年应出4期，已收录2期，缺第2期（gazette/2025/）"]


def test_check_reports_missing_issues_and_gaps_in_the_total_numbers(make_project):
    later = THIRD.replace("total: 23", "total: 24")
    project = gazette_project(make_project, {"gazette/2025/03.yaml": later,
                                             "gazette/gazette.yaml": SETTINGS + "since: 2024\nyears: {2024: 2}\n"})
    built = project.build(today=AFTER_YEAR)
    assert built.exit_code == 0 and not found(built, "W710") and not found(built, "W711")  # gongkai check's findings
    result = project.build(write=False, ledger=True, today=AFTER_YEAR)
    assert found(result, "W710") == [
        ("gazette/gazette.yaml", 3, "2025年应出4期，已收录2期，缺第2、4期（gazette/2025/）"),
        ("gazette/gazette.yaml", 6, "2024年应出2期，已收录0期，缺第1、2期（gazette/2024/）")]
    assert found(result, "W711") == [
        ("gazette/2025/03.yaml", 2, "总期号不连续：上一期2025年第1期是总第21期，本期应为总第23期，写的是总第24期")]
    assert result.exit_code == 0
    archive = main_text(project.read("portal/zfgb/index.html"))
    assert "2024年：应出2期，已收录0期，缺第1、2期" in archive  # a year with no issue at all is listed too


def test_entries_citing_a_missing_or_withheld_document_are_warned_and_left_out(make_project):
    withheld = doc("测试市人民政府内部工作方案", disclosure="不予公开")
    issue = THIRD.replace("contents:\n", "contents:\n  - {section: 政府文件, doc: szf/notise}\n"
                                         "  - {section: 政府文件, doc: szf/secret}\n")
    project = gazette_project(make_project, {"gazette/2025/03.yaml": issue, "content/szf/secret.md": withheld})
    result = project.build(today=AFTER_YEAR)
    assert result.exit_code == 0, project.text(result)
    assert found(result, "W712") == [("gazette/2025/03.yaml", 6, '目录引用的文档 "szf/notise" 不存在，这一条目不会显示')]
    assert next(d.hint for d in result.diagnostics if d.code == "W712") == '是否应为 "szf/notice"？'
    assert found(result, "W713") == [("gazette/2025/03.yaml", 7, '目录引用的文档 "szf/secret" 不公开，这一条目不会显示')]
    everything = "\n".join(p.read_text(encoding="utf-8", errors="replace")
                           for p in project.out.rglob("*") if p.is_file())
    assert "内部工作方案" not in everything and "szf/secret" not in everything
    assert "表彰先进集体" in project.read("portal/zfgb/2025/03/index.html")


def test_bad_input_is_reported_at_its_place_all_in_one_run(make_project):
    files = {
        "gazette/gazette.yaml": SETTINGS,
        "gazette/2025/03.yaml": THIRD.replace("date: 2025-09-30", "date: 2025-09-31")
                                     .replace("section: 政府文件", "section: 政府文书"),
        "gazette/2025/04.yaml": "issue: 1\ntotal: 22\ndate: 2025-12-31\npdf: 04.pdf\n",
        "gazette/2025/08.yaml": "issue: 4\ntotal: 40\ndate: 2025-12-31\npdf: 01.pdf\nauthor: 办公室\n",
        "gazette/2025/05.yaml": "issue: 5\ntotal: 21\ndate: 2025-12-31\npdf: 05.pdf\n",
        "gazette/2025/06.yaml": "issue: 2\ntotal: 30\ndate: 2025-06-30\npdf: ../01.pdf\n",
        "gazette/2025/07.yaml": "issue: 4\ntotal: 31\ndate: 2025-12-30\npdf: 07.pdf\n",
        "gazette/old.yaml": "issue: 1\n",
    }
    project = gazette_project(make_project, files, {"gazette/2025/05.pdf": pdf(), "gazette/2025/07.pdf": b"GIF89a"})
    result = project.build(today=AFTER_YEAR)
    assert result.exit_code == 1
    assert not project.out.exists(), "nothing is published on error"
    seen = {(d.code, d.file, d.line, d.column) for d in result.diagnostics if d.code.startswith("E7")}
    assert seen == {
        ("E714", "gazette/2025/03.yaml", 3, 7),   # 2025-09-31
        ("E711", "gazette/2025/08.yaml", 5, 1),   # author:
        ("E716", "gazette/2025/04.yaml", 1, 8),   # issue 1 twice (after 01.yaml)
        ("E717", "gazette/2025/04.yaml", 4, 6),   # 04.pdf missing
        ("E719", "gazette/2025/05.yaml", 2, 8),   # total 21 twice
        ("E726", "gazette/2025/05.yaml", 1, 8),   # issue 5 of 4
        ("E728", "gazette/2025/06.yaml", 4, 6),   # not a file beside the issue
        ("E728", "gazette/2025/07.yaml", 4, 6),   # not a PDF
        ("E718", "gazette/old.yaml", None, None),
    }
    messages = {d.code: d for d in result.diagnostics}
    assert messages["E716"].message == "2025年第1期重复：gazette/2025/01.yaml 也是这一期"
    assert messages["E726"].message == "2025年第5期超出该年应出的 4 期"
    assert messages["E711"].message == '未知字段 "author"'


def test_an_unknown_section_is_named_with_the_declared_ones(make_project):
    project = gazette_project(make_project, {"gazette/2025/03.yaml": THIRD.replace("section: 政府文件", "section: 政府文书")})
    result = project.build(write=False)
    assert [(d.file, d.line, d.column, d.message, d.hint) for d in result.diagnostics if d.code == "E715"] == [
        ("gazette/2025/03.yaml", 6, 15, '栏目 "政府文书" 不在 gazette/gazette.yaml 的 sections 中', '是否应为 "政府文件"？')]


def test_chinese_keys_are_accepted(make_project):
    issue = ("期号: 2\n总期号: 22\n日期: 2025-06-30\nPDF: 02.pdf\n目录:\n"
             "  - {栏目: 政府令, 标题: 测试市文明行为促进办法, 文号: 测试市人民政府令第1号, 页码: 1}\n")
    settings = "刊名: 测试市人民政府公报\n主办单位: szf\n每年期数: 4\n栏目: [政府令, 政府文件, 人事任免]\n"
    project = gazette_project(make_project, {"gazette/gazette.yaml": settings, "gazette/2025/02.yaml": issue},
                              {"gazette/2025/02.pdf": pdf()})
    result = project.build(today=AFTER_YEAR)
    assert result.exit_code == 0, project.text(result)
    issue_page = project.read("portal/zfgb/2025/02/index.html")
    assert "测试市文明行为促进办法" in issue_page
    assert "命令（令）（1）" in project.read("portal/zfgb/wz/index.html")


def test_personal_data_in_a_gazette_text_or_its_pdf_stops_the_build(make_project):
    issue = FIRST.replace("老城区东门街", "联系人身份证号 110101199003070011，老城区东门街")
    project = gazette_project(make_project, {"gazette/2025/01.yaml": issue},
                              {"gazette/2025/03.pdf": pdf("Contact 13800138000")})
    result = project.build(today=AFTER_YEAR)
    assert result.exit_code == 1
    assert not project.out.exists()
    assert found(result, "E720") == [("gazette/2025/01.yaml", 15, "发现身份证号：1101**********0011（个人信息不得公开）")]
    assert next(d.column for d in result.diagnostics if d.code == "E720") == 15
    assert found(result, "E721") == [("gazette/2025/03.pdf", 1, "公报 PDF 中有手机号：138****8000，PDF 文件无法自动打码")]


def test_a_pdf_without_text_is_published_with_a_warning_to_check_it_by_hand(make_project):
    project = gazette_project(make_project, pdfs={"gazette/2025/03.pdf": pdf("")})
    result = project.build(today=AFTER_YEAR)
    assert result.exit_code == 0
    assert found(result, "W715") == [("gazette/2025/03.yaml", 4, "公报 PDF gazette/2025/03.pdf 没有文字层，无法自动检查个人信息")]


def test_an_archive_without_issues_says_so(make_project):
    project = make_project({"gazette/gazette.yaml": SETTINGS})
    assert project.build(today=AFTER_YEAR).exit_code == 0
    assert "暂未收录公报。" in project.read("portal/zfgb/index.html")


def test_a_text_links_only_to_public_documents(make_project):
    withheld = doc("测试市人民政府内部工作方案", disclosure="不予公开")
    issue = FIRST.replace("(szf/notice.md)", "(szf/secret.md)，另见[规划](szf/plan)")
    project = gazette_project(make_project, {"gazette/2025/01.yaml": issue, "content/szf/secret.md": withheld})
    result = project.build(write=False)
    assert found(result, "E723") == [("gazette/2025/01.yaml", 15, '链接 "szf/secret.md" 指向不公开的文档 szf/secret')]
    assert found(result, "E722") == [("gazette/2025/01.yaml", 15, '链接 "szf/plan" 指向的文档不存在')]


def test_gazette_texts_and_scanned_titles_are_in_the_search_index(make_project):
    project = gazette_project(make_project)
    assert project.build(today=AFTER_YEAR).exit_code == 0
    index = "\n".join(p.read_text(encoding="utf-8") for p in (project.out / "portal/search/index").glob("d-*.js"))
    assert '"p":"zfgb/2025/01/2/index.html"' in index and "老城区东门街等 3 处街区" in index
    assert '"p":"zfgb/2025/01/index.html#e3","s":[["","","测试市人民政府关于王某某等同志职务任免的通知' in index
    assert '"p":"zfgb/2025/03/index.html"' in index


def test_a_changed_issue_is_built_again(make_project):
    from generator.cache import BuildCache
    from generator.uptodate import snapshot

    project = gazette_project(make_project)
    assert str(project.root / "gazette/2025/01.yaml") in snapshot(project.root)
    cache = BuildCache()
    assert project.build(today=AFTER_YEAR, cache=cache).exit_code == 0
    project.write("gazette/2025/03.yaml", THIRD.replace("表彰先进集体的决定", "表彰先进个人的决定"))
    assert project.build(today=AFTER_YEAR, cache=cache).exit_code == 0
    assert "表彰先进个人的决定" in project.read("portal/zfgb/2025/03/index.html")


def test_the_example_gazette(example_build):
    """示例市's gazette: a scanned year (titles only), a year missing an issue, the current year."""
    from conftest import EXAMPLE_TODAY, REPO
    from generator.build import build

    out, _ = example_build
    archive = main_text((out / "portal/zfgb/index.html").read_text(encoding="utf-8"))
    for line in ("2026年：应出6期，已收录5期，第6期尚未出版", "2025年：应出6期，已收录5期，缺第4期", "2024年：应出4期，已收录4期"):
        assert line in archive
    scanned = (out / "portal/zfgb/2024/02/index.html").read_text(encoding="utf-8")
    assert '<span class="gk-entry__title">示例市公共场所控制吸烟管理办法</span>' in scanned
    assert (out / "portal/zfgb/2024/02/szfgb-2024-02.pdf").is_file()
    assert not (out / "rsj/zfgb").exists(), "the gazette is on its organization's portal only"
    checked = build(REPO, write=False, ledger=True, today=EXAMPLE_TODAY)
    assert [(d.file, d.message) for d in checked.diagnostics if d.code.startswith(("W71", "E7"))] == [
        ("gazette/gazette.yaml", "2025年应出6期，已收录5期，缺第4期（gazette/2025/）")]
