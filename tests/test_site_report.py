"""The website's own annual report (《政府网站工作年度报表》, site_report/) and the inspection self-check
(国办秘函〔2019〕19号 单项否决 items) that `gongkai check` prints per government site."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from datetime import date

import pytest

from conftest import MZJ, REPO

TODAY = date(2026, 3, 2)
EPOCH = "1772409600"  # 2026-03-02

PLATFORM = """\
name: 测试市政府网站集约化平台
base_url: https://www.example.gov.cn/
sites:
  - id: portal
    title: 测试市人民政府
    kind: portal
    org: szf
    highlights:
      - {title: 政府文件, column: szf/zfwj}
    identity:
      site_code: "5200000001"
      icp: 测ICP备00000000号
      police: 测公网安备52000002000001号
      sponsor: 测试市人民政府办公室
      contact: "0851-80000000"
      error_report: https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5200000001
  - id: mzj
    title: 测试市民政局
    kind: department
    org: mzj
    identity:
      site_code: "5200000002"
      icp: 测ICP备00000000号-2
      sponsor: 测试市民政局
      contact: "0851-80000002"
      error_report: https://zfwzgl.www.gov.cn/exposure/jiucuo.html?site_code=5200000002
interaction:
  files: interaction/messages.csv
  message_form: https://liuyan.example.gov.cn/
"""

SZF = """\
org:
  id: szf
  name: 测试市人民政府
  kind: government
  code: "000000001"
  offices: [办公室]
items:
  - {id: zfwj, l1: 政策文件, l2: 政府文件, time_limit: 信息形成或者变更之日起20个工作日内, office: 办公室}
  - {id: zcjd, l1: 政策解读, l2: 文件解读, time_limit: 信息形成或者变更之日起20个工作日内, office: 办公室}
  - {id: gzdt, l1: 政务动态, l2: 工作动态, time_limit: 实时公开, office: 办公室}
  - {id: bszn, l1: 政务服务, l2: 办事指南, time_limit: 信息形成或者变更之日起20个工作日内, office: 办公室}
"""

GUIDE = """\
事项名称: 户外广告设置许可
设定依据: [《城市市容和环境卫生管理条例》第十一条]
申请条件: [设置地点符合户外广告设置规划]
申请材料:
  - {名称: 申请表, 形式: 原件, 份数: 1}
办理流程:
  - {步骤: 受理}
  - {步骤: 决定}
办理时限: {法定: 20个工作日, 承诺: 10个工作日}
办理地点: 市政务服务中心三楼
办理时间: 工作日 9:00-17:00
咨询电话: "0851-80000003"
"""

REPORT = """\
发布日期: 2026-01-20
访问量:
  独立用户访问总量: 120345
  网站总访问量: 987654
专栏专题:
  新开设数量: 1
解读回应:
  解读产品数量: 4
  媒体评论文章数量: 2
办事服务:
  注册用户数: 3500
  可全程在线办理政务服务事项数量: 1
  自然人办件量: 12000
  法人办件量: 3400
互动交流:
  征集调查收到意见数量: 17
  在线访谈期数: 3
  网民留言数量: 45
  答复网民提问数量: 40
  是否提供智能问答: 否
安全防护:
  安全检测评估次数: 2
  发现问题数量: 5
  问题整改数量: 5
  是否建立安全监测预警机制: 是
  是否开展应急演练: 是
  是否明确网站安全责任人: 是
移动新媒体:
  - {平台: 微信, 名称: 测试发布, 信息发布量: 320, 关注量: 45000}
创新发展: [搜索即服务, 其他：适老化改造]
填报:
  单位负责人: 周明
  审核人: 吴静
  填报人: 郑强
  联系电话: 0851-80000000
"""

MESSAGE_HEAD = "编号,标题,留言内容,留言人,留言日期,主题,答复单位,答复内容,答复日期\n"
MESSAGES = [
    "LY-1,公交线路调整,请问3路车何时恢复？,张三,2025-03-03,交通,szf,已于下月恢复。,2025-03-05",
    "LY-2,路灯维修,路灯不亮。,李四,2025-12-29,城建,szf,已修复。,2026-01-06",
    "LY-3,年前咨询,办事时间？,王五,2024-12-30,其他,szf,工作日办理。,2025-01-03",
    "LY-4,低保咨询,低保怎么申请？,赵六,2025-05-06,民政,mzj,请到街道办理。,2025-05-08",
    "LY-5,最近的留言,垃圾分类怎么做？,孙七,2026-02-24,城建,szf,已答复。,2026-02-26",
]


def page(title: str, item: str, type: str, published: str, org: str = "szf", extra: str = "") -> str:
    return (f"---\ntitle: {title}\norg: {org}\nitem: {item}\ntype: {type}\nwritten: {published}\n"
            f"published: {published}\ndisclosure: 主动公开\n{extra}---\n正文。\n")


DOCS = {
    "content/szf/wj-2024.md": page("2024年的政府文件", "zfwj", "文件", "2024-06-03"),
    "content/szf/wj-2025a.md": page("2025年的第一份政府文件", "zfwj", "文件", "2025-03-10"),
    "content/szf/wj-2025b.md": page("2025年的第二份政府文件", "zfwj", "文件", "2025-09-15"),
    "content/szf/wj-2026.md": page("2026年的政府文件", "zfwj", "文件", "2026-02-16"),
    "content/szf/jd-2025.md": page("2025年文件的解读", "zcjd", "解读", "2025-09-16",
                                   extra="interprets: [szf/wj-2025b]\n"),
    "content/szf/hy-2025.md": page("关于群众关切问题的回应", "zcjd", "回应关切", "2025-11-03"),
    "content/szf/hy-2026.md": page("关于停车收费问题的回应", "zcjd", "回应关切", "2026-02-20"),
    "content/szf/dt-2025.md": page("市政府召开常务会议", "gzdt", "动态", "2025-12-30"),
    "content/szf/dt-2026.md": page("市政府召开全体会议", "gzdt", "动态", "2026-02-25"),
    "content/szf/zqyj-2025.md": page("关于征求停车管理办法意见的公告", "zfwj", "公告", "2025-06-01",
                                     extra="consultation: {start: 2025-06-01, end: 2025-06-30, email: a@example.gov.cn}\n"),
    "content/szf/cn-2025.md": page("停车管理办法意见采纳情况", "zfwj", "公告", "2025-07-20",
                                   extra="feedback_to: szf/zqyj-2025\n"),
    "content/szf/guide.md": page("户外广告设置许可办事指南", "bszn", "办事指南", "2025-04-01", extra=GUIDE),
    "content/mzj/dibao-2025.md": page("民政局2025年的文件", "dibao-policy", "文件", "2025-05-20", org="mzj"),
    "content/mzj/dibao-2026.md": page("民政局2026年的文件", "dibao-policy", "文件", "2026-02-27", org="mzj"),
    "content/mzj/guide.md": page("最低生活保障办事指南", "dibao-policy", "办事指南", "2025-04-02", org="mzj",
                                 extra=GUIDE.replace("户外广告设置许可", "最低生活保障申请")),
}


def files(**changes: str | None) -> dict[str, str | None]:
    base = {"platform.yaml": PLATFORM, "catalogs/szf.yaml": SZF, "catalogs/mzj.yaml": MZJ,
            "content/szf/notice.md": None,
            "interaction/messages.csv": MESSAGE_HEAD + "\n".join(MESSAGES) + "\n",
            "data/site-report/portal-2025.yaml": REPORT,
            "data/site-report/mzj-2025.yaml": REPORT.replace("2026-01-20", "2026-01-28").replace(
                "征集调查收到意见数量: 17", "征集调查收到意见数量: 0"), **DOCS}
    return {**base, **changes}


def rows_of(text: str) -> dict[tuple[str, ...], tuple[str, str]]:
    """The report's CSV: heads (without empty levels) -> (value, source)."""
    lines = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert lines[1] == ["项目", "分项", "指标", "数值", "数据来源"]
    return {tuple(c for c in line[:3] if c): (line[3], line[4]) for line in lines[2:] if len(line) == 5}


def codes(result, prefix: str = "W79") -> list[tuple]:
    return [(d.code, d.file, d.line, d.message) for d in result.diagnostics if d.code.startswith(prefix)]


# ---------------------------------------------------------------- the report

def test_the_report_counts_what_each_site_publishes(make_project):
    project = make_project(files(), base=False)
    result = project.build(today=TODAY)
    assert result.exit_code == 0, project.text(result)
    figures = rows_of(project.read("portal/wzbb/2025/wzbb-2025.csv"))
    # wj-2025a/b, jd, hy-2025, dt-2025, zqyj, cn and the guide: not 2024's or 2026's documents, nor the department's
    assert figures[("信息发布（单位：条）", "总数")] == ("8", "平台统计")
    assert figures[("信息发布（单位：条）", "政务动态信息更新量")] == ("1", "平台统计")
    assert figures[("信息发布（单位：条）", "概况类信息更新量")] == ("0", "平台统计")
    assert figures[("信息发布（单位：条）", "信息公开目录信息更新量")] == ("7", "平台统计")
    assert figures[("专栏专题（单位：个）", "维护数量")] == ("1", "平台统计")
    assert figures[("专栏专题（单位：个）", "新开设数量")] == ("1", "单位填报")
    assert figures[("解读回应", "解读信息发布（单位：条）", "其中：解读材料数量")] == ("1", "平台统计")
    assert figures[("解读回应", "解读信息发布（单位：条）", "总数")] == ("7", "合计")  # 1 + 4 products + 2 articles
    assert figures[("解读回应", "回应公众关注热点或重大舆情数量（单位：次）")] == ("1", "平台统计")
    assert figures[("办事服务", "政务服务事项数量（单位：项）")] == ("1", "平台统计")
    assert figures[("办事服务", "是否发布服务事项目录")] == ("是", "平台统计")
    assert figures[("办事服务", "办件量（单位：件）", "总数")] == ("15400", "合计")
    # messages answered by the portal's organizations: LY-1 and LY-2 received in 2025, LY-1 and LY-3 settled in it
    assert figures[("互动交流", "留言办理", "收到留言数量（单位：条）")] == ("2", "平台统计")
    assert figures[("互动交流", "留言办理", "办结留言数量（单位：条）")] == ("2", "平台统计")
    assert figures[("互动交流", "留言办理", "平均办理时间（单位：天）")] == ("3.0", "平台统计")
    assert figures[("互动交流", "征集调查", "征集调查期数（单位：期）")] == ("1", "平台统计")
    assert figures[("互动交流", "征集调查", "公布调查结果期数（单位：期）")] == ("1", "平台统计")
    assert figures[("互动交流", "是否使用统一平台")] == ("是", "平台统计")
    assert figures[("互动交流", "是否提供智能问答")] == ("否", "单位填报")
    assert figures[("移动新媒体", "微信：测试发布", "订阅数（单位：个）")] == ("45000", "单位填报")
    assert figures[("创新发展",)] == ("搜索即服务、其他：适老化改造", "单位填报")
    assert figures[("网站名称",)] == ("测试市人民政府", "平台配置")
    assert figures[("政府网站标识码",)] == ("5200000001", "平台配置")
    # the department's site counts its own organization's: no document or message is counted twice
    department = rows_of(project.read("mzj/wzbb/2025/wzbb-2025.csv"))
    assert department[("信息发布（单位：条）", "总数")] == ("2", "平台统计")
    assert department[("办事服务", "政务服务事项数量（单位：项）")] == ("1", "平台统计")
    assert department[("互动交流", "留言办理", "收到留言数量（单位：条）")] == ("1", "平台统计")
    assert department[("网站类型",)] == ("部门网站", "平台配置")


def test_the_report_page_is_on_the_home_page_with_its_csv_and_searchable(make_project):
    project = make_project(files(), base=False)
    assert project.build(today=TODAY).exit_code == 0
    home = project.read("portal/index.html")
    assert '<a href="wzbb/2025/index.html">2025年度政府网站工作年度报表</a>' in home
    html = project.read("portal/wzbb/2025/index.html")
    assert "<h1 class=\"gk-title\">测试市人民政府网站工作年度报表（2025年度）</h1>" in html
    assert '<caption>政府网站工作年度报表（2025年度）</caption>' in html
    assert '<th id="wb-r9-0" scope="row" rowspan="4">信息发布（单位：条）</th><th id="wb-r9-1" scope="row" colspan="2">总数</th>' \
           '<td class="wb-value" headers="wb-value wb-r9-0 wb-r9-1">8</td>' in html
    assert 'href="wzbb-2025.csv" download' in html and "<dd>周明</dd>" in html
    listing = project.read("portal/wzbb/index.html")
    assert 'href="2025/index.html">政府网站工作年度报表（2025年度）</a>' in listing
    # the portal gathers the platform's other government sites' reports (国办函〔2018〕12号)
    assert 'href="https://www.example.gov.cn/mzj/wzbb/2025/index.html">测试市民政局网站工作年度报表（2025年度）</a>' in listing
    index = "\n".join(p.read_text(encoding="utf-8") for p in (project.out / "portal/search/index").glob("*.js"))
    assert "wzbb/2025/index.html" in index


def test_late_and_missing_reports_are_in_the_ledger(make_project):
    project = make_project(files(**{"data/site-report/portal-2025.yaml": REPORT.replace("2026-01-20", "2026-02-10"),
                                    "data/site-report/mzj-2025.yaml": None}), base=False)
    result = project.build(write=False, ledger=True, today=TODAY)
    assert [d for d in codes(result) if d[0] in ("W794", "W795")] == [
        ("W794", "data/site-report/portal-2025.yaml", 1,
         "站点 \"portal\" 的2025年度政府网站工作年度报表于 2026-02-10 发布，晚于 2026-01-31"),
        ("W795", "platform.yaml", 17, "站点 \"mzj\"（测试市民政局）尚未发布2025年度政府网站工作年度报表（应于 2026-01-31 前发布）")]
    table = next(t for t in result.ledger_tables if t.kind == "site_report")
    assert [(r.org_name, r.cells, r.status, r.notes) for r in table.rows] == [
        ("测试市人民政府", ["2025年度", "2026-02-10", "2026-01-31"], ["逾期"],
         ["2025年度报表于 2026-02-10 发布，晚于 2026-01-31"]),
        ("测试市民政局", ["2025年度", "未发布", "2026-01-31"], ["逾期"], ["2025年度报表尚未发布（应于 2026-01-31 前发布）"])]
    # in January last year's report is not late yet: the one before it is what is due
    january = project.build(write=False, ledger=True, today=date(2026, 1, 15))
    table = next(t for t in january.ledger_tables if t.kind == "site_report")
    assert table.rows[1].status == ["逾期", "即将到期"]
    assert table.rows[1].notes == ["2024年度报表尚未发布（应于 2025-01-31 前发布）", "2025年度报表应于 2026-01-31 前发布"]
    assert not codes(project.build(write=False, today=TODAY), "W79")  # only gongkai check reports


def test_bad_report_files_are_errors_at_their_keys_in_one_run(make_project):
    bad = (REPORT.replace("  新开设数量: 1\n", "  新开设数量: 1\n  新增数量: 2\n")
           .replace("  是否提供智能问答: 否\n", "  是否提供智能问答: 不知道\n")
           .replace("  审核人: 吴静\n", ""))
    project = make_project(files(**{"data/site-report/portal-2025.yaml": bad,
                                    "data/site-report/mzj-2025.yaml": REPORT.replace("2026-01-20", "2025-12-20"),
                                    "data/site-report/rsj-2025.yaml": REPORT,
                                    "data/site-report/portal2025.yaml": REPORT}), base=False)
    result = project.build(today=TODAY)
    assert result.exit_code == 1 and not (project.out / "portal").exists()
    found = [(d.code, d.file, d.line, d.message) for d in result.diagnostics if d.severity == "error"]
    assert found == [
        ("E796", "data/site-report/mzj-2025.yaml", 1, "发布日期 2025-12-20 早于统计年度结束（2025年12月31日）"),
        ("E791", "data/site-report/portal-2025.yaml", 7, "未知字段 \"新增数量\""),
        ("E793", "data/site-report/portal-2025.yaml", 21, "字段 \"是否提供智能问答\" 的值 \"不知道\" 无效：应为 是 或 否"),
        ("E792", "data/site-report/portal-2025.yaml", 33, "缺少必填字段 \"审核人\""),
        ("E794", "data/site-report/portal2025.yaml", None,
         "网站年度报表数据文件 \"data/site-report/portal2025.yaml\" 的文件名应为 <站点编号>-<年份>.yaml"),
        ("E795", "data/site-report/rsj-2025.yaml", None, "站点 \"rsj\" 不是本平台的政府网站")]


def test_personal_data_in_a_report_stops_the_build(make_project):
    project = make_project(files(**{"data/site-report/portal-2025.yaml": REPORT.replace(
        "联系电话: 0851-80000000", "联系电话: \"13912345678\"").replace("名称: 测试发布", "名称: 测试发布13812345678")}),
        base=False)
    result = project.build(today=TODAY)
    assert [(d.code, d.line, d.message) for d in result.diagnostics if d.severity == "error"] == [
        ("E797", 29, "发现手机号：138****5678（个人信息不得公开）"), ("E797", 35, "发现手机号：139****5678（个人信息不得公开）")]
    assert not (project.out / "portal").exists()


def test_entered_figures_the_rest_of_the_form_contradicts_are_warned_with_both_numbers(make_project):
    contradicting = (REPORT.replace("可全程在线办理政务服务事项数量: 1\n", "可全程在线办理政务服务事项数量: 86\n")
                     .replace("问题整改数量: 5", "问题整改数量: 6"))
    project = make_project(files(**{"data/site-report/portal-2025.yaml": contradicting,
                                    "content/szf/zqyj-2025.md": None, "content/szf/cn-2025.md": None}), base=False)
    result = project.build(write=False, ledger=True, today=TODAY)
    assert [d for d in codes(result, "W796") if d[1].endswith("portal-2025.yaml")] == [
        ("W796", "data/site-report/portal-2025.yaml", 12, "2025年度网站工作年度报表的“可全程在线办理政务服务事项数量（单位：项）”"
         "填报 86，多于“政务服务事项数量（单位：项）” 1（平台统计：本站发布的办事指南件数）"),
        ("W796", "data/site-report/portal-2025.yaml", 16, "2025年度网站工作年度报表的“收到意见数量（单位：条）”填报 17，"
         "本站2025年没有开始征集意见的征求意见稿（平台统计的征集调查期数为 0）"),
        ("W796", "data/site-report/portal-2025.yaml", 24, "2025年度网站工作年度报表的“问题整改数量（单位：个）”填报 6，"
         "多于“发现问题数量（单位：个）” 5")]


# ---------------------------------------------------------------- the inspection

def inspected(make_project, today: date = TODAY, **changes):
    project = make_project(files(**changes), base=False)
    result = project.build(write=False, ledger=True, today=today)
    assert result.exit_code == 0, project.text(result)
    return {site.site: site for site in result.inspection}, result


def test_a_site_passing_every_item(make_project):
    sites, result = inspected(make_project)
    portal = sites["portal"]
    assert (portal.verdict, [(i.item, i.passed) for i in portal.items]) == ("合格", [
        ("首页不更新", True), ("栏目不更新", True), ("互动回应差", True), ("服务不实用", True)])
    assert portal.items[0].summary == "首页最新信息于 2026-02-25 发布，14 天内有更新"
    assert portal.items[0].findings[0].file == "content/szf/dt-2026.md"
    assert portal.items[3].summary == "办事指南 1 件，关键要素齐全"
    assert not codes(result)
    table = next(t for t in result.ledger_tables if t.kind == "inspection")
    assert table.heads == ["网站", "首页不更新", "栏目不更新", "互动回应差", "服务不实用"]
    assert (table.rows[0].org_name, table.rows[0].cells, table.rows[0].status) == (
        "测试市人民政府", ["合格", "合格", "合格", "合格"], ["合格"])


BLANK_COLUMNS = "".join(f"  - {{id: kong{n}, l1: 空白事项{n}, l2: 空白栏目{n}, time_limit: 信息形成或者变更之日起20个工作日内, "
                        "office: 办公室}\n" for n in range(1, 6))
UNANSWERED = "\nLY-9,三个月没人答复,八月份的留言。,钱八,2025-11-20,其他,szf,,"
INCOMPLETE = DOCS["content/szf/guide.md"].replace("办理地点: 市政务服务中心三楼\n", "")


@pytest.mark.parametrize("item, code, changes, today, summary, finding", [
    ("首页不更新", "W790", {}, date(2026, 3, 20), "首页最新信息于 2026-02-25 发布，已 23 天没有更新（应在 14 天内更新）",
     ("content/szf/dt-2026.md", 7)),
    ("栏目不更新", "W791", {"catalogs/szf.yaml": SZF + BLANK_COLUMNS}, TODAY,
     "9 个栏目中，超过更新周期的动态要闻和通知公告、政策文件一级栏目 0 个，应更新未更新的栏目 0 个，"
     "空白栏目 5 个（达到 5 个即单项否决）", ("catalogs/szf.yaml", 12)),
    ("互动回应差", "W792", {"interaction/messages.csv": MESSAGE_HEAD + "\n".join(MESSAGES) + UNANSWERED + "\n"}, TODAY,
     "1 条留言超过 3 个月仍未答复", ("interaction/messages.csv", 7)),
    ("服务不实用", "W793", {"content/szf/guide.md": INCOMPLETE}, TODAY, "办事指南 1 件，其中 1 件缺少关键要素",
     ("content/szf/guide.md", 5)),
], ids=["home", "columns", "interaction", "services"])
def test_each_item_fails_a_site_on_its_own(make_project, item, code, changes, today, summary, finding):
    sites, result = inspected(make_project, today, **changes)
    portal = sites["portal"]
    assert portal.verdict == "不合格"
    assert [i.item for i in portal.items if not i.passed] == [item]
    failed = next(i for i in portal.items if not i.passed)
    assert failed.summary == summary
    assert (failed.findings[0].file, failed.findings[0].line) == finding
    assert (code, "platform.yaml", 4, f"站点 \"portal\"（测试市人民政府）{item}：{summary}") in codes(result)


def stale(l1: str, l2: str, count: int) -> dict[str, str]:
    """`count` columns under `l1`, each with one document from January 2025 (past any cadence by March 2026)."""
    items = "".join(f"  - {{id: lm{n}, l1: {l1}, l2: {l2}{n}, time_limit: 信息形成或者变更之日起20个工作日内, office: 办公室}}\n"
                    for n in range(count))
    docs = {f"content/szf/lm{n}.md": page(f"{l2}{n}的文件", f"lm{n}", "文件", "2025-01-06") for n in range(count)}
    return {"catalogs/szf.yaml": SZF + items, **docs}


def test_stale_columns_count_by_first_level_columns_and_in_all(make_project):
    notices, _ = inspected(make_project, **stale("通知公告", "公告", 5))
    assert notices["portal"].items[1].summary == (
        "9 个栏目中，超过更新周期的动态要闻和通知公告、政策文件一级栏目 5 个（达到 5 个即单项否决），应更新未更新的栏目 5 个，空白栏目 0 个")
    assert notices["portal"].items[1].findings[0].text == \
        "测试市人民政府：通知公告／公告0 已 420 天未更新（应在 183 天内），属动态要闻或通知公告、政策文件一级栏目"
    fewer, _ = inspected(make_project, **stale("社会救助", "政策文件", 9))  # the same project, rewritten
    assert fewer["portal"].items[1].passed
    second_level, _ = inspected(make_project, **stale("社会救助", "政策文件", 10))
    assert second_level["portal"].items[1].summary == (
        "14 个栏目中，超过更新周期的动态要闻和通知公告、政策文件一级栏目 0 个，应更新未更新的栏目 10 个（达到 10 个即单项否决），空白栏目 0 个")
    assert not second_level["portal"].items[1].passed


def test_no_channel_or_no_guide_fails_too(make_project):
    no_channel = PLATFORM.split("interaction:")[0]
    sites, _ = inspected(make_project, **{"platform.yaml": no_channel, "interaction/messages.csv": None,
                                          "content/szf/guide.md": None})
    items = {i.item: i for i in sites["portal"].items}
    assert items["互动回应差"].summary == "平台没有政民互动（留言咨询）渠道：platform.yaml 中没有设置 interaction"
    assert items["服务不实用"].summary == "本站没有办事指南（没有提供办事服务）"
    assert [i.item for i in sites["portal"].items if not i.passed] == ["互动回应差", "服务不实用"]


def test_an_unanswered_message_fails_the_site_that_answers_it_and_the_site_that_carries_it(make_project):
    late = "\nLY-9,低保没人答复,八月份的留言。,钱八,2025-11-20,民政,mzj,,"
    sites, _ = inspected(make_project, **{"interaction/messages.csv": MESSAGE_HEAD + "\n".join(MESSAGES) + late + "\n"})
    assert sites["portal"].verdict == sites["mzj"].verdict == "不合格"
    assert sites["mzj"].items[2].findings[0].text == "留言 LY-9（2025-11-20 留言，答复单位测试市民政局）超过 3 个月仍未答复"


def gongkai(*args):
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          env={"SOURCE_DATE_EPOCH": EPOCH, "PATH": "/usr/bin:/bin"})


def test_check_prints_the_verdicts_after_the_diagnostics_and_in_json(make_project):
    project = make_project(files(**{"catalogs/szf.yaml": SZF + BLANK_COLUMNS}), base=False)
    run = gongkai("check", str(project.root))
    assert run.returncode == 0, run.stderr
    assert "platform.yaml:4:5: 警告[W791]: 站点 \"portal\"（测试市人民政府）栏目不更新" in run.stderr
    text = run.stdout
    start = text.index("政府网站检查指标自查（国办秘函〔2019〕19号 单项否决指标，检查日期：2026-03-02）")
    assert text.index("【测试市人民政府（portal）】不合格", start) < text.index("【测试市民政局（mzj）】合格", start)
    assert "  ✗ 栏目不更新：不合格。9 个栏目中" in text
    assert "    └ catalogs/szf.yaml:12:10 测试市人民政府：空白事项1／空白栏目1 是空白栏目" in text
    assert "  ✓ 服务不实用：合格。办事指南 1 件，关键要素齐全" in text
    payload = json.loads(gongkai("check", str(project.root), "--format", "json").stdout)
    assert {"diagnostics", "ledger", "inspection"} <= set(payload)
    portal, department = payload["inspection"]
    assert (portal["site"], portal["verdict"], department["site"], department["verdict"]) == (
        "portal", "不合格", "mzj", "合格")
    columns = portal["items"][1]
    assert (columns["item"], columns["passed"]) == ("栏目不更新", False)
    assert columns["findings"][0] == {"text": "测试市人民政府：空白事项1／空白栏目1 是空白栏目", "file": "catalogs/szf.yaml",
                                      "line": 12, "column": 10}


# ---------------------------------------------------------------- the example

def test_the_example_publishes_its_2025_report_and_judges_its_sites(example_build):
    out, result = example_build
    portal = out / "portal"
    assert '<a href="wzbb/2025/index.html">2025年度政府网站工作年度报表</a>' in (portal / "index.html").read_text(encoding="utf-8")
    figures = rows_of((portal / "wzbb/2025/wzbb-2025.csv").read_text(encoding="utf-8"))
    site = next(s for s in result.platform.sites if s.config.id == "portal")
    published = sum(1 for page in site.pages if page.kind == "document" and not page.path.startswith("gx/")
                    and page.doc.meta.published.year == 2025)
    assert figures[("信息发布（单位：条）", "总数")] == (str(published), "平台统计")
    assert figures[("独立用户访问总量（单位：个）",)] == ("1862430", "单位填报")
    verdicts = {s.site: s.verdict for s in result.inspection}
    assert verdicts == {"portal": "不合格", "rsj": "合格"}  # the portal's hosted departments leave columns empty
    ledger = (portal / "tz/index.html").read_text(encoding="utf-8")
    assert "政府网站检查指标自查" in ledger and "政府网站工作年度报表" in ledger


@pytest.mark.browser
def test_the_report_pages_are_accessible(example_build):
    from browser import browser_page

    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail("axe-core missing: run scripts/install-test-deps.sh (npm ci)")
    out, _ = example_build
    found = {}
    with browser_page() as page:
        for path in ("portal/wzbb/2025/index.html", "portal/wzbb/index.html", "rsj/wzbb/2025/index.html",
                     "portal/tz/index.html"):
            page.goto((out / path).as_uri())
            page.add_script_tag(path=str(axe))
            result = page.evaluate("axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
            for violation in result["violations"]:
                found.setdefault(path, []).append((violation["id"], [n["target"] for n in violation["nodes"]][:3]))
    assert found == {}
