"""Document bodies: tables, heading anchors, links between documents, and sanitizing."""

from __future__ import annotations

from conftest import doc
from generator.markdown import render_body


def no_links(href):
    return ("external", href, "")


def test_script_event_handlers_and_javascript_urls_are_removed():
    body = ('<script>alert(1)</script>\n\n<img src="x.png" onerror="alert(2)" alt="图">\n\n'
            '[点我](javascript:alert(3))\n\n<a href="javascript:alert(4)">链接</a>\n\n<iframe src="https://e.com"></iframe>')
    html = render_body(body, 1, no_links).html
    for bad in ("<script", "onerror", 'href="javascript:', "<iframe", "alert(1)"):
        assert bad not in html
    assert "<a>链接</a>" in html  # the element stays, its javascript: URL is gone
    assert 'alt="图"' in html


def test_tables_headings_and_single_h1():
    body = "# 标题\n\n## 一、总则\n\n| 项目 | 标准 |\n|---|---|\n| 低保 | 800元 |\n"
    rendered = render_body(body, 5, no_links)
    assert "<h1" not in rendered.html
    assert '<h2 id="s1">一、总则</h2>' in rendered.html
    assert '<section class="gk-table-wrap" tabindex="0" aria-label="表格1"><table>' in rendered.html
    assert "<td>800元</td>" in rendered.html
    assert rendered.headings == [("s1", "一、总则")]


def test_articles_are_sections_in_the_context_of_their_chapter():
    body = ("前言文字。\n\n## 第一章 总则\n\n### 第一节 一般规定\n\n第一条 为了规范管理，制定本条例。\n\n"
            "第二条 本条例适用于本市。\n\n## 第二章 附则\n\n说明文字。\n\n第三条 本条例自公布之日起施行。\n")
    rendered = render_body(body, 1, no_links)
    assert '<p id="a0002">第二条' in rendered.html
    assert [(s.anchor, s.heading, s.context) for s in rendered.sections] == [
        ("", "", ""), ("a0001", "第一条", "第一章 总则 第一节 一般规定"), ("a0002", "第二条", "第一章 总则 第一节 一般规定"),
        ("s3", "第二章 附则", ""), ("a0003", "第三条", "第二章 附则")]
    assert rendered.sections[3].text == "说明文字。"  # a heading's section holds its text, not the heading again


def test_links_to_documents_and_attachments_become_relative_per_site(make_project):
    project = make_project({
        "content/szf/pkg/index.md": doc("附件文档", body="下载[申请表](biao.csv)。"),
        "content/szf/pkg/biao.csv": "a,b\n",
        "content/mzj/dibao.md": doc("低保通知", org="mzj", item="dibao-policy",
                                    body="依据[政府通知](../szf/notice.md#s1)和[附件](../szf/pkg/biao.csv)办理。"),
    })
    assert project.build().exit_code == 0
    page = project.read("portal/zt/mzj/doc/dibao/index.html")
    assert 'href="../../../../doc/notice/index.html#s1"' in page
    assert 'href="../../../../doc/pkg/biao.csv"' in page
    assert (project.out / "portal/doc/pkg/biao.csv").read_text() == "a,b\n"
    assert 'href="biao.csv"' in project.read("portal/doc/pkg/index.html")
