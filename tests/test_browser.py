"""Behaviour a citizen sees in a real browser: file:// navigation and the 适老化 switches."""

from __future__ import annotations

from urllib.parse import quote

import pytest

from browser import browser_page

pytestmark = pytest.mark.browser


def test_site_navigates_from_disk(example_build):
    out, _ = example_build
    with browser_page() as page:
        page.goto((out / "portal" / "index.html").as_uri())
        assert page.title() == "示例市人民政府"
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策文件").click()
        page.wait_for_url("**/portal/zcwj/index.html")
        page.locator(".gk-entry__title").first.click()
        page.wait_for_url("**/doc/**/index.html")
        assert page.locator("h1").count() == 1
        assert page.locator("table.gk-meta").is_visible()
        page.get_by_role("navigation", name="当前位置").get_by_role("link", name="首页").click()
        page.wait_for_url("**/portal/index.html")


def test_large_font_and_contrast_are_remembered_across_pages(example_build):
    out, _ = example_build
    with browser_page() as page:
        page.goto((out / "portal" / "index.html").as_uri())
        size = lambda: page.evaluate("parseFloat(getComputedStyle(document.documentElement).fontSize)")  # noqa: E731
        assert size() == 16
        large = page.get_by_role("button", name="大字版")
        assert large.get_attribute("aria-pressed") == "false"
        large.click()
        assert size() == 20
        page.get_by_role("button", name="高对比度").click()
        background = "getComputedStyle(document.body).backgroundColor"
        assert page.evaluate(background) == "rgb(0, 0, 0)"
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="工作动态").click()
        page.wait_for_url("**/portal/gzdt/index.html")
        page.wait_for_load_state()
        assert size() == 20, "大字版 must persist on the next page"
        assert page.evaluate(background) == "rgb(0, 0, 0)"
        assert page.get_by_role("button", name="大字版").get_attribute("aria-pressed") == "true"
        page.get_by_role("button", name="大字版").click()
        assert size() == 16


def test_pages_work_without_javascript(example_build):
    out, _ = example_build
    with browser_page(java_script_enabled=False) as page:
        page.goto((out / "portal" / "zcwj" / "index.html").as_uri())
        assert page.locator(".gk-entry").count() > 0
        assert not page.get_by_role("button", name="大字版").is_visible()  # the switch needs JS; hidden without it
        page.locator(".gk-entry__title").first.click()
        page.wait_for_url("**/doc/**/index.html")
        assert page.locator(".gk-doc__body").is_visible()


@pytest.mark.parametrize("prefs", [{}, {"large": True}, {"contrast": True}, {"large": True, "contrast": True}],
                         ids=["default", "large", "contrast", "large+contrast"])
def test_no_accessibility_violations_in_every_display_mode(example_build, prefs):
    """axe-core (WCAG 2.1 A/AA) over one page of each kind, in each 适老化 mode."""
    import json

    from conftest import REPO

    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail("axe-core missing: run scripts/install-test-deps.sh (npm ci)")
    out, _ = example_build
    pages = [f"portal/{path}" for path in (
        "index.html", "zcwj/index.html", "zt/mzj/doc/dibao-guide/index.html", "qsy/water/index.html",
        "zfxxgk/ml/index.html", "zfxxgk/fdzdgknr/index.html", "zt/index.html", "sitemap.html", "search/index.html",
        "doc/2024-zhengfu-touzi-xiangmu-banfa/index.html", "yjzj/index.html",
        "doc/2026-jieti-shuijia-zhengqiu-yijian/index.html", "zfgb/index.html",
        "zfgb/2025/03/index.html", "zfgb/2026/05/2/index.html")] + [
        "rsj/zfxxgk/fdzdgknr/qzqd/index.html", "rsj/zfxxgk/fdzdgknr/qzqd/d-RSJ-XK-002/index.html",  # a table, a row's page
        "portal/search/index.html?q=" + quote("低保怎么申请")]  # results, with their sections
    found = {}
    with browser_page() as page:
        for path in pages:
            file, _, query = path.partition("?")
            page.goto((out / file).as_uri() + (f"?{query}" if query else ""))
            page.evaluate(f"localStorage.setItem('gongkai-prefs', {json.dumps(json.dumps(prefs))})")
            page.reload()
            if query:
                page.wait_for_selector("[data-search-results] .gk-result")
            page.add_script_tag(path=str(axe))
            result = page.evaluate("axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
            for violation in result["violations"]:
                found.setdefault(path, []).append((violation["id"], [n["target"] for n in violation["nodes"]][:3]))
    assert found == {}
