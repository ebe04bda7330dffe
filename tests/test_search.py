"""Site search in a real browser: the ?q= contract, typed questions, synonyms, filters, sorting,
best bets, and the no-JavaScript fallback — all opened from disk (file://)."""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from browser import browser_page
from conftest import doc

pytestmark = pytest.mark.browser


def search(page, site_dir, query: str, extra: str = "") -> list[str]:
    page.goto((site_dir / "search" / "index.html").as_uri() + "?q=" + quote(query) + extra)
    page.wait_for_selector("[data-search-results][data-search-state=done]", timeout=15000)
    return [a.text_content() for a in page.locator("[data-search-results] a.gk-result__title").all()]


def test_plain_query_lists_links_with_metadata(example_build):
    out, _ = example_build
    with browser_page() as page:
        titles = search(page, out / "portal", "最低生活保障")
        assert any("最低生活保障申请办事指南" in t for t in titles)
        assert re.match(r"找到 \d+ 条结果", page.locator(".gk-results__count").text_content())
        first = page.locator("[data-search-results] a.gk-result__title").first
        assert first.locator("mark").count() > 0, "matched words are highlighted"
        first.click()
        page.wait_for_url("**/doc/**")
        assert page.locator("h1").count() == 1


def test_typed_question_finds_the_guide_and_links_to_the_section(example_build):
    out, _ = example_build
    with browser_page() as page:
        titles = search(page, out / "rsj", "失业了怎么领失业保险金？需要带什么材料？")
        assert "失业保险金申领" in titles[0]
        href = page.locator("[data-search-results] a.gk-result__title").first.get_attribute("href")
        assert href.startswith("../doc/guide-shiye-baoxianjin/index.html")


def test_filter_by_organization_and_sort_by_date(example_build):
    out, _ = example_build
    with browser_page() as page:
        search(page, out / "portal", "通知", "&org=mzj")
        metas = [m.text_content() for m in page.locator(".gk-result__meta").all()]
        assert metas and all("示例市民政局" in m for m in metas)
        assert page.get_by_label("发布机构").input_value() == "mzj"
        search(page, out / "portal", "通知", "&sort=date")
        dates = [re.search(r"\d{4}-\d{2}-\d{2}", m.text_content()).group() for m in page.locator(".gk-result__meta").all()]
        assert len(dates) == 10 and dates == sorted(dates, reverse=True)
        page.get_by_label("排序").select_option("relevance")  # changing a filter re-runs the search
        page.wait_for_url("**sort=relevance**")


def test_best_bet_is_pinned_first(example_build):
    out, _ = example_build
    with browser_page() as page:
        search(page, out / "portal", "低保标准是多少")
        first = page.locator("[data-search-results] .gk-result").first
        assert "推荐" in first.text_content() and "最低生活保障申请办事指南" in first.text_content()


def test_colloquial_word_finds_the_official_term(make_project):
    project = make_project({"content/szf/rule.md": doc("关于调整城乡最低生活保障标准的通知", body="本市最低生活保障标准每人每月800元。")})
    assert project.build().exit_code == 0
    with browser_page() as page:
        titles = search(page, project.out / "portal", "低保")  # the text never says 低保
        assert titles == ["关于调整城乡最低生活保障标准的通知"]


def test_no_results_are_explained(make_project):
    project = make_project()
    assert project.build().exit_code == 0
    with browser_page() as page:
        assert search(page, project.out / "portal", "ZZZQQQ") == []
        assert "没有找到与“ZZZQQQ”相关的信息" in page.locator(".gk-results__count").text_content()


def test_without_javascript_the_page_offers_the_site_map(example_build):
    out, _ = example_build
    with browser_page(java_script_enabled=False) as page:
        page.goto((out / "portal" / "search" / "index.html").as_uri() + "?q=低保")
        notice = page.locator("main p.gk-notice")
        assert "需要浏览器启用 JavaScript" in notice.text_content()
        assert page.get_by_role("link", name="网站地图").first.is_visible()
