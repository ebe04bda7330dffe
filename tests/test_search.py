"""Site search in a real browser: the ?q= contract, typed questions, synonyms, filters, sorting,
best bets, and the no-JavaScript fallback — all opened from disk (file://)."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import quote

import pytest

from browser import browser_page
from conftest import doc
from generator.timelimit import cn_number

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
        assert page.locator(".gk-results__count").text_content() == "没有找到相关结果"
        tips = page.locator(".gk-results__none")
        assert "没有与“ZZZQQQ”相关的信息" in tips.text_content()
        assert tips.get_by_role("link", name="网站地图").is_visible()
        # filters set: one suggestion is the same search without them
        search(page, project.out / "portal", "ZZZQQQ 养老", "&org=mzj&year=2019")
        tips = page.locator(".gk-results__none")
        assert [a.text_content() for a in tips.locator("li").first.locator("a").all()] == ["ZZZQQQ", "养老"]
        tips.get_by_role("link", name="去掉筛选条件再搜索").click()
        page.wait_for_selector("[data-search-results][data-search-state=done]")
        assert "org=" not in page.url and page.get_by_label("发布机构").input_value() == ""


def test_only_weak_matches_say_nothing_was_found_and_offer_them(make_project):
    # 有关规定 is in every notice; a question whose own word is nowhere finds only that
    notices = {f"content/szf/n{n}.md": doc(f"关于第{n}批项目的通知", body=f"按照有关规定，第{n}批项目如下。")
               for n in range(60)}
    project = make_project(notices)
    assert project.build().exit_code == 0
    with browser_page() as page:
        assert search(page, project.out / "portal", "ZZZQQQ的有关规定") == []
        assert page.locator(".gk-results__count").text_content() == "没有找到相关结果"
        page.get_by_role("link", name=re.compile(r"\d+ 条相关度较低的结果")).click()
        page.wait_for_selector("[data-search-results][data-search-state=done]")
        assert "all=1" in page.url
        assert page.locator("[data-search-results] .gk-result").count() == 10
        # the same common words with nothing missing are a search like any other
        assert len(search(page, project.out / "portal", "有关规定")) == 10


def test_without_javascript_the_page_offers_the_site_map(example_build):
    out, _ = example_build
    with browser_page(java_script_enabled=False) as page:
        page.goto((out / "portal" / "search" / "index.html").as_uri() + "?q=低保")
        notice = page.locator("main p.gk-notice")
        assert "需要浏览器启用 JavaScript" in notice.text_content()
        assert page.get_by_role("link", name="网站地图").first.is_visible()


DOG_RULES = """## 第一章 总则

第一条 为了规范养犬行为，保障公民健康和人身安全，制定本条例。

第二条 本市行政区域内的养犬及养犬管理活动，适用本条例。养犬人应当依法文明养犬。

## 第二章 犬只登记

第三条 养犬人应当在犬只免疫后三十日内，持免疫证明到养犬登记点办理登记。

## 第三章 法律责任

第四条 违反本条例第三条规定的，由公安机关责令限期改正，处二百元以下罚款。
"""


def test_result_links_to_the_article_that_answers(make_project):
    project = make_project({
        "content/szf/dogs.md": doc("示例市养犬管理条例", body=DOG_RULES),
        # 登记 is common on the site, 养犬 is not: only within the 条例 does 登记 tell its articles apart
        **{f"content/szf/reg{n}.md": doc(f"关于第{n}批企业登记事项的公告", body="企业登记事项变更后，应当办理登记。")
           for n in range(1, 6)},
    })
    assert project.build().exit_code == 0
    with browser_page() as page:
        search(page, project.out / "portal", "养犬要去哪里登记？")
        first = page.locator("[data-search-results] a.gk-result__title").first
        assert "示例市养犬管理条例" in first.text_content()
        assert first.get_attribute("href").endswith("#a0003"), "the article on 登记, not one that repeats 养犬"
        excerpt = page.locator("[data-search-results] .gk-result").first.locator(".gk-result__excerpt")
        assert excerpt.text_content().startswith("第三条 养犬人应当在犬只免疫后三十日内"), "the best article's own text"
        assert [m.text_content() for m in excerpt.locator("mark").all()][:2] == ["养犬", "养犬登记"], "the question's words marked"
        # the chapter heading is the article's context: 第四条 never says 法律责任 or 养犬
        search(page, project.out / "portal", "养犬不登记要承担什么法律责任")
        links = [a.get_attribute("href") for a in page.locator("[data-search-results] .gk-result").first.locator("a").all()]
        assert links[0].endswith("#a0004")


def test_service_question_finds_the_guide_and_its_materials(make_project):
    notices = {f"content/szf/n{n}.md": doc(f"关于居住证管理工作第{n}次调度情况的通报",
                                           body="居住证办理量持续增长。居住证管理工作有序推进，居住证信息核验及时。")
               for n in range(1, 4)}
    guide = doc("居住证办理办事指南", type="办事指南", body="## 一、适用对象\n\n在本市居住半年以上的非本市户籍人员。",
                **{"申请材料": "[{名称: 居民身份证, 形式: 原件}, {名称: 房屋租赁合同或住房证明, 形式: 复印件}]",
                   "办理流程": "[{步骤: 申请, 说明: 到居住地派出所提交申请}]"})
    project = make_project({**notices, "content/szf/guide.md": guide})
    assert project.build().exit_code == 0
    with browser_page() as page:
        search(page, project.out / "portal", "办居住证要带哪些材料？")
        first = page.locator("[data-search-results] .gk-result").first
        assert "居住证办理办事指南" in first.locator("a.gk-result__title").text_content()
        links = [a.get_attribute("href") for a in first.locator("a").all()]
        assert any(link.endswith("#gk-guide-materials") for link in links), links
        # the same words without asking how to get something done: the notices that repeat them lead
        titles = search(page, project.out / "portal", "居住证管理")
        assert "通报" in titles[0]


def test_the_first_results_offer_the_most_articles(make_project):
    # the likeliest answer lists up to twenty of its articles, the tenth result four: eighty on the
    # page, as when each offered eight (search.js SECTIONS_SHOWN)
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    from synthetic import cn

    def law(subject: str, count: int) -> str:
        return "\n\n".join(f"第{cn(n)}条 {subject}事项之{n}，应当按照规定办理。" for n in range(1, count + 1))

    others = {f"content/szf/rules{n}.md": doc(f"示例市第{n}号管理规定", body=law("犬只", 10)) for n in range(1, 10)}
    project = make_project({"content/szf/dogs.md": doc("示例市犬只登记规定", body=law("犬只登记", 25)), **others})
    assert project.build().exit_code == 0
    with browser_page() as page:
        search(page, project.out / "portal", "犬只登记")
        results = page.locator("[data-search-results] .gk-result").all()
        assert "示例市犬只登记规定" in results[0].locator("a.gk-result__title").text_content()
        first = results[0]
        assert first.locator(".gk-result__more li").count() == 4, "four more articles with an excerpt"
        also = [a.text_content() for a in first.locator(".gk-result__also a").all()]
        assert len(also) == 15 and all(re.fullmatch(r"第[一二三四五六七八九十]+条", text) for text in also), also
        numbers = [cn_number(text[1:-1]) for text in also]
        assert numbers == sorted(numbers), "其他相关段落 in the law's order"
        assert len(results) == 10
        for place, result in enumerate(results):
            links = [a.get_attribute("href") for a in result.locator("a").all()]
            articles = 25 if "doc/dogs/" in links[0] else 10 if "doc/rules" in links[0] else 1  # 1: a page with no articles
            assert len(set(links)) == min([20, 12, 8, 8, 8, 6, 6, 4, 4, 4][place], articles), (place, links)


def test_a_short_article_outranks_a_very_long_one_with_the_same_words(make_project):
    # 第一条 is past the 4,095 terms a unit's length is written with (search_codes.pack_lengths)
    long_text = "第一条 " + "本规定所称的有关事项，按照国家有关规定执行。" * 300 + "犬只应当办理登记。"
    body = f"{long_text}\n\n第二条 犬只应当办理登记。\n\n第三条 本规定自发布之日起施行。"
    project = make_project({"content/szf/dogs.md": doc("示例市犬只管理规定", body=body)})
    assert project.build().exit_code == 0
    with browser_page() as page:
        search(page, project.out / "portal", "犬只登记")
        links = [a.get_attribute("href") for a in page.locator("[data-search-results] .gk-result").first.locator("a").all()]
        assert links[0].endswith("#a0002") and any(link.endswith("#a0001") for link in links), links


def test_postings_files_kept_small_give_the_same_results(make_project, tmp_path, monkeypatch):
    # a bigram is in the postings files of both its characters; a character with many bigrams gets
    # files of its own and a long list is kept once (search_postings.Layout): whichever files a query
    # loads, it finds the same
    import generator.search_postings as search_postings

    notices = {f"content/szf/n{n}.md": doc(f"关于第{n}批养犬登记事项的公告", body=f"养犬人应当在第{n}批办理登记，逾期处罚款。")
               for n in range(1, 8)}
    project = make_project({"content/szf/dogs.md": doc("示例市养犬管理条例", body=DOG_RULES), **notices})
    assert project.build().exit_code == 0
    monkeypatch.setattr(search_postings, "SHARD_BYTES", 300)
    monkeypatch.setattr(search_postings, "DOUBLE_BYTES", 40)
    assert project.build(out=tmp_path / "small").exit_code == 0
    index = tmp_path / "small" / "portal" / "search" / "index"
    assert list(index.glob("h*.js")), "characters with files of their own"
    assert '"single":""' not in (index / "head.js").read_text(encoding="utf-8"), "long lists kept once"
    with browser_page() as page:
        for query in ("养犬要去哪里登记？", "犬只免疫证明", "逾期不登记罚款多少", "第三批公告"):
            found = [search(page, site, query) for site in (project.out / "portal", tmp_path / "small" / "portal")]
            assert found[0] and found[0] == found[1], query
            links = [a.get_attribute("href") for a in page.locator("[data-search-results] a").all()]
            search(page, project.out / "portal", query)
            assert links == [a.get_attribute("href") for a in page.locator("[data-search-results] a").all()], query


def test_a_law_holding_more_of_the_question_gains_over_one_repeating_a_common_word(make_project):
    # every article of the 船舶 rules says 砸坏 and 赔偿; the other rules (weighted 0.65) hold the
    # question's other words, 空调外机 and 车辆, in two articles: the share of the question a document
    # holds and its second and third best articles lift it past the repetition
    ships = "\n\n".join(f"第{n}条 船舶在第{n}类水域航行砸坏他人船只的，应当赔偿。" for n in "一二三四五六七八九十")
    rules = "第一条 空调外机应当安装牢固。\n\n第二条 砸坏他人车辆的，应当赔偿。"
    project = make_project({"content/szf/ships.md": doc("示例市船舶管理规定", body=ships),
                            "content/szf/rules.md": doc("示例市建筑物附属设施管理规定", body=rules, weight="0.65")})
    assert project.build().exit_code == 0
    with browser_page() as page:
        titles = search(page, project.out / "portal", "空调外机掉下来砸坏了车，要赔偿吗？")
        assert [t.split("（")[0] for t in titles] == ["示例市建筑物附属设施管理规定", "示例市船舶管理规定"], titles


def test_a_rule_the_sites_other_documents_cite_ranks_above_an_equal_one(make_project):
    # the two rules say the same; three notices cite the older one by its title in 《》
    # (search_citations.py): without that, the newer one would come first
    rule = "第一条 犬只应当办理登记。\n\n第二条 犬只应当定期免疫。"
    notices = {f"content/szf/notice{n}.md": doc(f"关于第{n}季度贯彻落实工作的通知", body=f"请按照《示例市犬只管理规定》第{n}条做好工作。")
               for n in range(1, 4)}
    project = make_project({"content/szf/old.md": doc("示例市犬只管理规定", body=rule, published="2025-05-10"),
                            "content/szf/new.md": doc("示例市犬只饲养规定", body=rule, published="2025-06-10"), **notices})
    assert project.build().exit_code == 0
    with browser_page() as page:
        titles = [t.split("（")[0] for t in search(page, project.out / "portal", "犬只免疫")]
        assert titles[:2] == ["示例市犬只管理规定", "示例市犬只饲养规定"], titles


def test_a_missing_index_file_is_reported_not_waited_for(make_project, tmp_path):
    # head.js and meta.js are requested by the page itself, the rest by search.js: either way a file
    # that does not load ends the search with a message, and the filters are there to change it
    import shutil

    project = make_project({"content/szf/dogs.md": doc("示例市养犬管理条例", body=DOG_RULES)})
    assert project.build().exit_code == 0
    with browser_page() as page:
        for missing in ("meta", "details"):
            site = tmp_path / missing
            shutil.copytree(project.out / "portal", site)
            index = site / "search" / "index"
            for path in [index / "meta.js"] if missing == "meta" else list(index.glob("d-*.js")):
                path.unlink()
            page.goto((site / "search" / "index.html").as_uri() + "?q=" + quote("养犬登记"))
            page.wait_for_selector("[data-search-results][data-search-state=error]", timeout=15000)
            alert = page.locator("[data-search-results] [role=alert]").text_content()
            assert alert.startswith("无法加载搜索索引"), (missing, alert)
            assert page.locator("[data-search-filters]").is_visible() == (missing == "details")


def test_the_python_copy_of_the_ranking_draws_the_browsers_first_page(example_build):
    # bench/search_rank_copy.py ranks over the index files as search.js does, so that a change of the
    # ranking can be measured on the benchmark's questions in seconds: it must draw the same links
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "bench"))
    import search_rank_copy

    out, _ = example_build
    site = search_rank_copy.Site(out / "portal")
    with browser_page() as page:
        for query in ("最低生活保障", "失业了怎么领失业保险金？需要带什么材料？", "低保标准是多少", "政府信息公开", "通知"):
            search(page, out / "portal", query)
            links = [[a.get_attribute("href") for a in result.locator("a").all()]
                     for result in page.locator("[data-search-results] .gk-result").all()]
            assert links and links == search_rank_copy.first_page(site, query), query
