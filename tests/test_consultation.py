"""意见征集 (SPEC §2.5): drafts for comment, their status, their 采纳情况 and the portal's yjzj/ list."""

from __future__ import annotations

import re
from datetime import date

import pytest

from browser import browser_page
from conftest import PLATFORM, doc

JYJ_SITE = """\
  - id: jyj
    title: 测试市教育局
    kind: department
    org: jyj
    identity:
      site_code: "5200000002"
      icp: 测ICP备00000000号-2
      sponsor: 测试市教育局
      contact: "0851-80000002"
"""
JYJ = """\
org:
  id: jyj
  name: 测试市教育局
  kind: department
  code: "000000003"
  offices: [办公室]
items:
  - id: yjzj
    l1: 决策公开
    l2: 意见征集
    time_limit: 信息形成或者变更之日起20个工作日内
    office: 办公室
"""


def draft(title: str, start: str, end: str, org: str = "szf", item: str = "zfwj", ways: str = "email: a@example.gov.cn",
          **extra: str) -> str:
    block = f"{{start: {start}, end: {end}" + (f", {ways}" if ways else "") + "}"
    return doc(title, org=org, item=item, type="公告", consultation=block, **extra)


def feedback(title: str, target: str, published: str = "2025-07-10", **extra: str) -> str:
    return doc(title, type="公告", published=published, feedback_to=target, **extra)


def rows(page: str) -> list[tuple[str, str, str]]:
    """(title, period, status) of each row of a yjzj page."""
    found = re.findall(r'<td><a href="[^"]+">([^<]+)</a>[^\n]*</td>\s*<td>[^<]*</td>\s*'
                       r'<td><time[^>]*>([\d-]+)</time> 至 <time[^>]*>([\d-]+)</time></td>\s*'
                       r'<td><span [^>]*>([^<]+)</span></td>', page)
    return [(title, f"{start}/{end}", status) for title, start, end, status in found]


@pytest.mark.parametrize("today, status, badge", [
    (date(2025, 5, 31), "未开始", "ok"), (date(2025, 6, 1), "征集中", "warn"), (date(2025, 6, 30), "征集中", "warn"),
    (date(2025, 7, 1), "已结束", "void")])
def test_status_is_judged_against_the_build_date(make_project, today, status, badge):
    project = make_project({"content/szf/draft.md": draft("停车管理办法（征求意见稿）", "2025-06-01", "2025-06-30")})
    result = project.build(today=today)
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/doc/draft/index.html")
    assert re.search(r"<dt>征集期限</dt><dd>2025年06月01日 至 2025年06月30日（30 天） <span class=\"gk-badge "
                     rf"gk-badge--{badge}\" data-period-start=\"2025-06-01\" data-period-end=\"2025-06-30\" "
                     rf"data-period-labels=\"未开始 征集中 已结束\">{status}</span>", page)
    assert rows(project.read("portal/yjzj/index.html")) == [("停车管理办法（征求意见稿）", "2025-06-01/2025-06-30", status)]
    ways = '<div><dt>电子邮箱</dt><dd><a href="mailto:a@example.gov.cn">a@example.gov.cn</a></dd></div>'
    if status == "已结束":  # how to comment is no longer shown; the 采纳情况 is announced
        assert ways not in page and "征集已结束，意见采纳情况整理后在此公布。" in page
    else:
        assert ways in page


def test_the_list_puts_open_drafts_first_then_those_to_come_then_ended_ones(make_project):
    project = make_project({
        "platform.yaml": PLATFORM.replace("sites:\n", "page_size: 5\nsites:\n") + JYJ_SITE,
        "catalogs/jyj.yaml": JYJ,
        "content/szf/ended-early.md": draft("甲（已结束较早）", "2025-03-01", "2025-03-31"),
        "content/szf/ended-late.md": draft("乙（已结束较晚）", "2025-04-01", "2025-05-10"),
        "content/mzj/open-long.md": draft("丙（征集中，后截止）", "2025-05-20", "2025-07-31", org="mzj", item="dibao-policy"),
        "content/jyj/open-soon.md": draft("丁（征集中，先截止）", "2025-05-25", "2025-06-10", org="jyj", item="yjzj"),
        "content/szf/later.md": draft("戊（未开始，后开始）", "2025-07-01", "2025-07-31"),
        "content/szf/soon.md": draft("己（未开始，先开始）", "2025-06-15", "2025-06-30"),
        "content/szf/fk.md": feedback("乙的意见采纳情况", "szf/ended-late", published="2025-05-20"),
    })
    result = project.build(today=date(2025, 6, 1))
    assert result.exit_code == 0, project.text(result)
    first, second = project.read("portal/yjzj/index.html"), project.read("portal/yjzj/index_2.html")
    assert [row[0][0] for row in rows(first) + rows(second)] == ["丁", "丙", "己", "戊", "乙", "甲"]
    assert [row[2] for row in rows(first) + rows(second)] == ["征集中"] * 2 + ["未开始"] * 2 + ["已结束"] * 2
    assert "征集中 2 件" in first and "未开始 2 件" in first and "已结束 2 件" in first
    # every organization's drafts, those of an organization with its own site as shared copies; each with its org
    assert '<td><a href="../gx/jyj/open-soon/index.html">丁（征集中，先截止）</a></td>\n      <td>测试市教育局</td>' in first
    assert '<td><a href="../zt/mzj/doc/open-long/index.html">丙（征集中，后截止）</a></td>\n      <td>测试市民政局</td>' in first
    assert '<a href="../doc/fk/index.html">乙的意见采纳情况</a>' in first
    assert re.search(r"甲（已结束较早）.*?<td>待公布</td>", second, re.S)
    assert not (project.out / "jyj" / "yjzj").exists(), "the list is a portal's"
    assert '<a href="yjzj/index.html">意见征集</a>' in project.read("portal/index.html")


def test_a_decision_draft_is_marked_and_a_draft_links_to_its_feedback_and_back(make_project):
    project = make_project({
        "content/szf/draft.md": draft("停车管理办法（征求意见稿）", "2025-05-01", "2025-05-31",
                                      ways="address: 人民大道1号, phone: 12345, decision: true"),
        "content/szf/fk.md": feedback("停车管理办法征求意见采纳情况", "szf/draft", published="2025-06-10"),
        "content/szf/fk2.md": feedback("停车管理办法听证会意见采纳情况", "szf/draft", published="2025-06-20"),
    })
    result = project.build(today=date(2025, 7, 1))
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/doc/draft/index.html")
    assert '<h2 id="gk-consultation">重大行政决策事项征求意见</h2>' in page
    assert ('<div><dt>采纳情况</dt><dd><a href="../fk/index.html">停车管理办法征求意见采纳情况</a>（2025-06-10）<br>'
            '<a href="../fk2/index.html">停车管理办法听证会意见采纳情况</a>（2025-06-20）</dd></div>') in page
    for answer in ("fk", "fk2"):
        assert ('本文是对<a href="../draft/index.html">停车管理办法（征求意见稿）</a>公开征求意见的采纳情况反馈。'
                in project.read(f"portal/doc/{answer}/index.html"))
    listing = project.read("portal/yjzj/index.html")
    assert '停车管理办法（征求意见稿）</a> <span class="gk-badge">重大行政决策</span>' in listing
    assert ('<a href="../doc/fk/index.html">停车管理办法征求意见采纳情况</a><br>'
            '<a href="../doc/fk2/index.html">停车管理办法听证会意见采纳情况</a>') in listing


def test_how_to_comment_in_chinese_keys_and_the_platform_form(make_project):
    platform = PLATFORM + "意见征集:\n  在线提交: https://yjzj.example.gov.cn/submit\n"
    text = doc("草案", type="公告").replace("---\n正文", "意见征集:\n  开始日期: 2025-06-01\n  截止日期: 2025-06-30\n"
                                             "  电子邮箱: a@example.gov.cn\n  联系电话: 85551234\n---\n正文")
    project = make_project({"platform.yaml": platform, "content/szf/draft.md": text})
    result = project.build(today=date(2025, 6, 2), ledger=True)
    assert not [d for d in result.diagnostics if d.code.startswith(("E", "W75"))], project.text(result)
    page = project.read("portal/doc/draft/index.html")
    assert '<div><dt>网上提交</dt><dd><a href="https://yjzj.example.gov.cn/submit">在线提交意见</a></dd></div>' in page
    assert "<div><dt>联系电话</dt><dd>85551234</dd></div>" in page


def test_bad_periods_and_feedback_targets_are_errors_at_their_place(make_project):
    project = make_project({
        "content/szf/reversed.md": doc("草案", type="公告", consultation="\n  start: 2025-06-30\n  end: 2025-06-01"),
        "content/szf/typo.md": doc("草案", type="公告", consultation="{start: 2025-06-01, end: 2025-06-30, emial: a@b.cn}"),
        "content/szf/draft.md": draft("草案", "2025-06-01", "2025-06-30"),
        "content/szf/secret.md": draft("内部草案", "2025-06-01", "2025-06-30", disclosure="依申请公开"),
        "content/szf/unknown.md": feedback("反馈", "szf/draf"),
        "content/szf/private.md": feedback("反馈", "szf/secret"),
        "content/szf/not-a-draft.md": doc("反馈", published="2025-07-10", **{"反馈": "szf/notice"}),
    })
    result = project.build(write=False)
    assert result.exit_code == 1
    found = [(d.code, d.file, d.line, d.column, d.message, d.hint) for d in result.diagnostics]
    assert found == [
        ("E753", "content/szf/not-a-draft.md", 8, 5, '意见采纳情况（feedback_to）引用的文档 "szf/notice" 不是征求意见稿',
         "征求意见稿的前置元数据中写有 consultation（意见征集）：征集期限和反馈方式；是否应为 \"szf/draft\"？"),
        ("E752", "content/szf/private.md", 8, 14, '意见采纳情况（feedback_to）引用的文档 "szf/secret" 不公开',
         "只能反馈主动公开的征求意见稿：改为征求意见稿的编号，或改正该文档的公开属性"),
        ("E750", "content/szf/reversed.md", 10, 8, "意见征集的截止日期 2025-06-01 不晚于开始日期",
         "截止日期应晚于开始日期 2025-06-30：检查 start 与 end 是否写反"),
        ("E304", "content/szf/typo.md", 8, 52, '未知字段 "emial"', '是否应为 "email"？'),
        ("E751", "content/szf/unknown.md", 8, 14, '意见采纳情况（feedback_to）引用的征求意见稿 "szf/draf" 不存在',
         '是否应为 "szf/draft"？'),
    ]


def test_check_warns_of_missing_feedback_short_periods_and_no_way_to_comment(make_project):
    project = make_project({
        # ended 2025-06-30 (Mon): 15 working days later is 2025-07-21
        "content/szf/overdue.md": draft("逾期未反馈", "2025-06-01", "2025-06-30"),
        "content/szf/answered.md": draft("已反馈", "2025-06-01", "2025-06-30"),
        "content/szf/fk.md": feedback("采纳情况", "szf/answered", published="2025-07-10"),
        "content/szf/short.md": draft("期限太短", "2025-07-01", "2025-07-06"),
        "content/szf/decision.md": draft("重大决策期限不足", "2025-07-01", "2025-07-29", ways="email: a@b.cn, decision: true"),
        "content/szf/silent.md": draft("没有反馈方式", "2025-07-01", "2025-07-31", ways=""),
    })
    assert project.build(write=False, today=date(2025, 7, 21)).diagnostics == [], "only gongkai check reports them"
    on_time = project.build(write=False, today=date(2025, 7, 21), ledger=True)
    assert "W750" not in project.codes(on_time)
    result = project.build(write=False, today=date(2025, 7, 22), ledger=True)
    found = [(d.code, d.file, d.line, d.column, d.message, d.hint) for d in result.diagnostics if d.code.startswith("W75")]
    assert found == [
        ("W751", "content/szf/decision.md", 8, 40, "意见征集期限只有 29 天，少于重大行政决策事项的 30 天",
         "重大行政决策事项的征求意见期限一般不少于30日（《重大行政决策程序暂行条例》第十四条）；"
         "延长征集期限，或调整 platform.yaml 中的 consultation.decision_min_days"),
        ("W750", "content/szf/overdue.md", 8, 40, "意见征集已于 2025-06-30 结束，16 个工作日后仍未公布意见采纳情况",
         "征集结束后 15 个工作日内应公布意见采纳情况：发布采纳情况说明，并在其前置元数据中写 feedback_to: szf/overdue"
         "（期限在 platform.yaml 的 consultation.feedback_days 中设置）"),
        ("W751", "content/szf/short.md", 8, 40, "意见征集期限只有 6 天，少于平台规定的 7 天",
         "延长征集期限，或调整 platform.yaml 中的 consultation.min_days"),
        ("W752", "content/szf/silent.md", 8, 1, "意见征集没有写明反馈意见的方式",
         "在 consultation 中写上 address（通信地址）、email（电子邮箱）、phone（联系电话）或 form（在线提交网址），"
         "或在 platform.yaml 的 consultation.form 中设置全平台的在线提交网址"),
    ]
    settings = "consultation: {min_days: 5, decision_min_days: 20, feedback_days: 30, form: https://yjzj.example.gov.cn/}\n"
    project.write("platform.yaml", PLATFORM + settings)
    relaxed = project.build(write=False, today=date(2025, 7, 22), ledger=True)
    assert not [d for d in relaxed.diagnostics if d.code.startswith("W75")], project.text(relaxed)


def test_the_list_page_is_not_a_search_result(make_project):
    project = make_project({"content/szf/draft.md": draft("停车管理办法（征求意见稿）", "2025-06-01", "2025-06-30")})
    assert project.build(today=date(2025, 6, 2)).exit_code == 0
    index = "".join(p.read_text(encoding="utf-8") for p in (project.out / "portal" / "search").rglob("*.js"))
    assert "doc/draft/index.html" in index
    assert "yjzj/" not in index


@pytest.mark.browser
def test_status_is_judged_again_on_the_readers_clock_from_disk(make_project):
    project = make_project({"content/szf/past.md": draft("早已结束", "2000-01-01", "2000-12-31"),
                            "content/szf/now.md": draft("正在征集", "2000-01-01", "2999-12-31")})
    assert project.build(today=date(1999, 6, 1)).exit_code == 0  # built long ago: both were still to open
    assert [row[2] for row in rows(project.read("portal/yjzj/index.html"))] == ["未开始", "未开始"]
    with browser_page() as page:
        page.goto((project.out / "portal/yjzj/index.html").as_uri())
        badges = page.locator("[data-period-end]")
        assert badges.all_text_contents() == ["征集中", "已结束"]
        assert [badges.nth(n).get_attribute("class") for n in range(2)] == ["gk-badge gk-badge--warn",
                                                                             "gk-badge gk-badge--void"]
        page.goto((project.out / "portal/doc/past/index.html").as_uri())
        assert page.locator(".gk-consultation [data-period-end]").text_content() == "已结束"


def test_the_examples_drafts_and_decision_table(example_build):
    from conftest import EXAMPLE_TODAY, REPO
    from generator.build import build

    out, _ = example_build
    listing = (out / "portal" / "yjzj" / "index.html").read_text(encoding="utf-8")
    assert [(title[:12], status) for title, _, status in rows(listing)] == [
        ("关于《示例市城市公共停车", "征集中"), ("关于《示例市居民阶梯水价", "征集中"), ("关于《示例市就业见习管理", "未开始"),
        ("关于《示例市“十五五”养", "已结束"), ("关于《示例市政府投资项目", "已结束"), ("关于《关于做好2026年", "已结束")]
    table = (out / "portal" / "zfxxgk" / "fdzdgknr" / "jcml" / "index.html").read_text(encoding="utf-8")
    for page in ("doc/2026-jieti-shuijia-zhengqiu-yijian", "doc/2026-zhengfu-touzi-xiangmu-banfa-yijian-caina",
                 "doc/2026-zhengfu-touzi-xiangmu-banfa", "zt/mzj/doc/2026-yanglao-fuwu-guihua-zhengqiu-yijian"):
        assert f'href="../../../{page}/index.html"' in table
    checked = build(REPO, write=False, today=EXAMPLE_TODAY, ledger=True)
    assert [(d.code, d.file) for d in checked.diagnostics if d.code.startswith("W75")] == [
        ("W750", "content/mzj/2026-yanglao-fuwu-guihua-zhengqiu-yijian.md")]
