"""A project's own theme (themes/<name>/ over the built-in one), page descriptions, and the footer
items the national inspection checks (找错 entry, 党政机关网站标识)."""

from __future__ import annotations

import re
from datetime import date

from conftest import PLATFORM, doc
from generator.uptodate import fingerprint, snapshot

DESCRIPTION = re.compile(r'<meta name="description" content="([^"]*)">', re.IGNORECASE)
BADGE = "      badge: {image: badge.svg, link: https://bszs.conac.cn/sitename?method=show&id=1}\n"
REPORT = "      error_report: https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5200000001\n"


def test_the_example_platform_wears_its_own_theme(example_build):
    out, _ = example_build
    page = (out / "portal" / "index.html").read_text(encoding="utf-8")
    # the built-in stylesheet, then the theme's, which recolours it through the custom properties
    assert page.index('href="static/gongkai.css"') < page.index('href="static/shili.css"')
    assert "--gk-header-bg: #9b1b1f;" in (out / "portal" / "static" / "shili.css").read_text(encoding="utf-8")
    assert '<img class="shili-emblem" src="static/shili-emblem.svg" alt=""' in page
    assert (out / "rsj" / "static" / "shili-emblem.svg").is_file()
    assert "承办：示例市大数据发展管理局" in page and "主办单位：示例市人民政府办公室" in page  # block kept with super()
    deep = (out / "rsj" / "zfxxgk" / "index.html").read_text(encoding="utf-8")
    assert '<a class="gk-footer__badge" href="https://bszs.conac.cn/sitename?method=show&amp;id=00000000000000000000000000000002">' \
           '<img src="../static/badge-placeholder.svg" alt="党政机关网站标识"></a>' in deep
    assert ('<a class="gk-footer__report" href="https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5299000002">'
            "我为政府网站找错</a>") in deep


def test_a_project_theme_overrides_one_block_over_the_overridden_default(make_project):
    project = make_project({
        "platform.yaml": PLATFORM.replace("sites:", "theme: city\nsites:"),
        "themes/city/theme.yaml": "extends: default\n",
        "themes/city/templates/base.html": '{% extends "default:base.html" %}\n'
                                           "{% block footer_identity %}<p>联系我们：12345</p>{% endblock %}\n",
        # the project's override of the built-in theme sits between the two
        "themes/default/templates/404.html": '{% extends "base.html" %}{% block content %}<h1>找不到了</h1>{% endblock %}\n',
    })
    assert project.build().exit_code == 0
    page = project.read("portal/index.html")
    assert "<p>联系我们：12345</p>" in page and "主办单位" not in page
    assert 'class="gk-footer__links"' in page  # the rest of the built-in footer
    missing = project.read("portal/404.html")
    assert "<h1>找不到了</h1>" in missing and "<p>联系我们：12345</p>" in missing


def test_an_edit_to_a_theme_file_changes_the_fingerprint(make_project):
    project = make_project({"themes/city/static/city.css": ":root { --gk-primary: #9b1b1f; }\n"})
    before = fingerprint(project.root, date(2026, 1, 1), {})
    project.write("themes/city/static/city.css", ":root { --gk-primary: #0b4a8f; }\n  ")
    assert fingerprint(project.root, date(2026, 1, 1), {}) != before
    assert str(project.root / "themes" / "city" / "static" / "city.css") in snapshot(project.root)  # serve watches it


def test_every_page_has_one_description_of_its_own(make_project):
    body = "根据《中华人民共和国政府信息公开条例》，现就做好政务公开工作通知如下。\n\n" + "一、加强组织领导，明确责任分工。" * 6
    project = make_project({
        "content/szf/notice.md": doc("测试市人民政府关于做好政务公开工作的通知", body=body),
        "content/szf/brief.md": doc("简报", summary="本期简报介绍政务公开标准化工作进展。"),
    })
    assert project.build().exit_code == 0
    descriptions = {}
    for path in sorted((project.out / "portal").rglob("*.html")):
        found = DESCRIPTION.findall(path.read_text(encoding="utf-8"))
        assert len(found) == 1 and found[0].strip(), path
        descriptions[path.relative_to(project.out / "portal").as_posix()] = found[0]
    assert len(set(descriptions.values())) == len(descriptions)  # no page repeats another's
    # a document's: the start of its text, cut after a sentence; or its summary
    assert descriptions["doc/notice/index.html"] == (
        "根据《中华人民共和国政府信息公开条例》，现就做好政务公开工作通知如下。 " + "一、加强组织领导，明确责任分工。" * 5)
    assert descriptions["doc/brief/index.html"] == "本期简报介绍政务公开标准化工作进展。"
    assert descriptions["zt/mzj/zfxxgk/fdzdgknr/dibao-policy/index.html"] == "测试市民政局政务公开栏目：最低生活保障（政策文件）。"
    assert descriptions["index.html"] == "测试市人民政府网站"


def test_footer_marks_are_shown_only_where_set(make_project):
    platform = PLATFORM.replace("hosts: [mzj]", "hosts: []") + REPORT + BADGE + """\
  - id: mzj
    title: 测试市民政局
    kind: department
    org: mzj
    identity:
      site_code: "5200000002"
      icp: 测ICP备00000000号-2
      sponsor: 测试市民政局
      contact: "0851-80000002"
"""
    project = make_project({"platform.yaml": platform, "themes/default/static/badge.svg": "<svg/>"})
    result = project.build(ledger=True)  # as gongkai check does
    assert result.exit_code == 0
    page = project.read("portal/zcwj/index.html")
    assert '<a class="gk-footer__badge" href="https://bszs.conac.cn/sitename?method=show&amp;id=1">' \
           '<img src="../static/badge.svg" alt="党政机关网站标识"></a>' in page
    assert ">我为政府网站找错</a>" in page
    assert (project.out / "portal" / "static" / "badge.svg").is_file()
    other = project.read("mzj/index.html")
    assert "gk-footer__marks" not in other and "我为政府网站找错" not in other
    # only the government site without them is warned about, and only by gongkai check
    [warning] = [d for d in result.diagnostics if d.code == "W102"]
    assert (warning.file, warning.line, warning.message) == (
        "platform.yaml", 20, '站点 "mzj" 的页脚缺少“我为政府网站找错”入口和党政机关网站标识（政府网站检查指标）')
    assert "W102" not in project.codes(project.build(write=False))


def test_the_example_theme_reaches_every_page(example_build):
    """Pages that add to head_extra (search, the library) keep the theme's own additions."""
    out, _ = example_build
    for page in ("index.html", "search/index.html", "gfxwjk/index.html"):
        assert "static/shili.css" in (out / "portal" / page).read_text(encoding="utf-8"), page
