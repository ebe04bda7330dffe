"""A first platform that is not ours: `gongkai new`, and catalogs without every standard part."""

from __future__ import annotations

from conftest import SZF
from generator.build import build
from generator.scaffold import create_project
from sitelinks import broken_links, unreachable_pages


def test_new_platform_has_every_part_page_and_no_broken_link(tmp_path):
    create_project(tmp_path / "county")
    out = tmp_path / "public"
    result = build(tmp_path / "county", out=out)
    assert result.exit_code == 0
    site = out / "portal"
    for part in ("zn", "zd", "fdzdgknr", "nb"):
        assert (site / f"zfxxgk/{part}/index.html").is_file(), part
    assert broken_links(site) == []
    assert unreachable_pages(site) == []


def test_an_empty_part_says_so_and_check_warns(make_project):
    project = make_project()  # SZF has items only in 法定主动公开内容
    result = project.build(ledger=True)
    assert result.exit_code == 0
    empty = project.read("portal/zfxxgk/zd/index.html")
    assert "本单位的政务公开标准目录中还没有“政府信息公开制度”部分的事项，暂无信息。" in empty
    assert broken_links(project.out / "portal") == []
    warned = [(d.code, d.file, d.line, d.message) for d in result.diagnostics if d.code == "W704"]
    line = SZF.splitlines().index("items:") + 2
    assert sorted(warned) == sorted([
        ("W704", "catalogs/mzj.yaml", line, "测试市民政局的标准目录没有“指南”部分的事项，网站上这一部分是空的"),
        ("W704", "catalogs/mzj.yaml", line, "测试市民政局的标准目录没有“制度”部分的事项，网站上这一部分是空的"),
        ("W704", "catalogs/mzj.yaml", line, "测试市民政局的标准目录没有“年报”部分的事项，网站上这一部分是空的"),
        ("W704", "catalogs/szf.yaml", line, "测试市人民政府的标准目录没有“指南”部分的事项，网站上这一部分是空的"),
        ("W704", "catalogs/szf.yaml", line, "测试市人民政府的标准目录没有“制度”部分的事项，网站上这一部分是空的"),
        ("W704", "catalogs/szf.yaml", line, "测试市人民政府的标准目录没有“年报”部分的事项，网站上这一部分是空的"),
    ])
    assert "W704" not in [d.code for d in project.build().diagnostics], "a build reports it only in check"


def test_the_overview_links_every_part_page(make_project):
    project = make_project()
    assert project.build().exit_code == 0
    overview = project.read("portal/zfxxgk/index.html")
    for part in ("zn", "zd", "fdzdgknr", "nb"):
        assert f'href="{part}/index.html"' in overview


def test_a_link_to_a_file_the_build_did_not_make_fails_the_build(make_project):
    override = ('{% extends "default:home.html" %}\n{% block content %}{{ super() }}'
                '<a href="{{ url(\'zfxxgk/jg/index.html\') }}">机构</a>{% endblock %}\n')
    project = make_project()
    assert project.build().exit_code == 0
    published = project.read("portal/index.html")
    project.write("themes/default/templates/home.html", override)
    result = project.build()
    assert result.exit_code == 1
    assert [(d.code, d.file, d.message) for d in result.diagnostics] == [
        ("E602", "themes/default/templates/home.html",
         "页面 portal/index.html 链接到 portal/zfxxgk/jg/index.html，但构建没有生成这个文件")]
    assert project.read("portal/index.html") == published, "the published site is kept"
