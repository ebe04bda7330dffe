"""依申请公开 (ysqgk/): how to apply, the register's deadlines on the statutory calendar, the 案例库, and
the annual report in the national format with its figures from the platform's own data."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import date

import pytest

from conftest import EXAMPLE_TODAY, MZJ, PLATFORM, REPO, doc
from generator.build import build
from generator.ysqgk.model import Application, parse_outcome
from generator.ysqgk.report import THREE_COLUMNS, register_three
from generator.ysqgk.stage import deadline, received_on, standing

COLUMNS = ["编号", "收到日期", "渠道", "确认日期", "申请人类型", "申请人", "联系电话", "申请内容", "补正告知日期",
           "补正收到日期", "延期", "答复日期", "办理结果", "复议日期", "复议结果", "诉讼日期", "诉讼结果"]
# who applied and what they asked: none of it may reach any output file
SECRETS = ["欧阳娜娜", "13912345678", "城北棚户区改造项目的拆迁补偿台账明细", "慕容复"]

APPLICATION = """\
  application:
    office: 测试市民政局办公室
    address: 测试市人民路100号
    phone: "0851-80000002"
    register: data/mzj/ysqgk.csv
    cases: data/mzj/ysqgk-cases.yaml
"""
NB_ITEM = """\
  - id: xxgknb
    l1: 政府信息公开
    l2: 政府信息公开工作年度报告
    time_limit: 每年1月31日前
    office: 办公室
    section: 年报
"""
MZJ_APPLYING = MZJ.replace("items:\n", APPLICATION + "items:\n") + NB_ITEM

ROWS = [
    # carried into 2025: received 2024, answered 2025
    {"编号": "2024-1", "收到日期": "2024-12-20", "渠道": "当面", "申请人类型": "自然人", "申请人": "欧阳娜娜",
     "联系电话": "13912345678", "申请内容": "城北棚户区改造项目的拆迁补偿台账明细", "答复日期": "2025-01-10",
     "办理结果": "部分公开"},
    {"编号": "2024-2", "收到日期": "2024-03-01", "渠道": "邮寄", "申请人类型": "商业企业", "申请人": "慕容复",
     "答复日期": "2024-03-20", "办理结果": "予以公开"},
    {"编号": "2025-1", "收到日期": "2025-02-10", "渠道": "网络", "确认日期": "2025-02-11", "申请人类型": "自然人",
     "答复日期": "2025-03-05", "办理结果": "不予公开3", "复议日期": "2025-04-01", "复议结果": "维持",
     "诉讼日期": "2025-06-01"},
    {"编号": "2025-2", "收到日期": "2025-05-06", "渠道": "平邮", "确认日期": "2025-05-07", "申请人类型": "科研机构",
     "补正告知日期": "2025-05-09", "补正收到日期": "2025-05-16", "答复日期": "2025-06-10", "办理结果": "无法提供1"},
    {"编号": "2025-3", "收到日期": "2025-08-04", "渠道": "传真", "确认日期": "2025-08-04", "申请人类型": "法律服务机构",
     "延期": "是", "答复日期": "2025-09-26", "办理结果": "重复申请", "诉讼日期": "2025-10-10", "诉讼结果": "纠正"},
    # carried into 2026
    {"编号": "2025-4", "收到日期": "2025-12-22", "渠道": "当面", "申请人类型": "社会公益组织",
     "答复日期": "2026-01-12", "办理结果": "予以公开"},
]
REPORT = """\
发布日期: 2026-01-20
总体情况: |
  本局全年主动公开政府信息120条。
主动公开政府信息情况:
  行政许可: 5
  行政处罚: 1
  行政强制: 0
  行政事业性收费: 1.25
存在的主要问题及改进情况: 答复期限提醒不够及时。
"""
CASES = """\
2025-buchang:
  标题: 申请公开棚户区改造补偿方案
  答复日期: 2025-03-05
  申请人类型: 自然人
  申请内容: 申请人申请公开某片区棚户区改造的补偿方案。
  办理结果: 予以公开
  答复理由: 补偿方案已经主动公开，告知获取途径。
  法律依据: [《中华人民共和国政府信息公开条例》第三十六条第一项]
2025-taolun:
  标题: 申请公开内部讨论记录
  答复日期: 2025-06-10
  申请内容: 申请人申请公开项目审批的内部讨论记录。
  办理结果: 不予公开6
  答复理由: 讨论记录属于过程性信息。
"""


def register(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    writer.writerows([row.get(column, "") for column in COLUMNS] for row in rows)
    return out.getvalue()


def applying(make_project, rows: list[dict] = ROWS, **files):
    return make_project({"catalogs/mzj.yaml": MZJ_APPLYING, "data/mzj/ysqgk.csv": register(rows),
                         "data/mzj/ysqgk-cases.yaml": CASES, "data/mzj/nb-2025.yaml": REPORT, **files})


def found(result, code: str) -> list[tuple]:
    return [(d.file, d.line, d.column, d.message) for d in result.diagnostics if d.code == code]


def app(**fields) -> Application:
    values = {"org": "mzj", "number": "1", "file": "data/mzj/ysqgk.csv", "line": 2, "columns": {},
              "received": date(2025, 3, 3), "channel": "当面", "applicant": "自然人"} | fields
    return Application(**values)


# ---------------------------------------------------------------- the statutory calendar

def test_receipt_date_follows_the_channel():
    """条例第三十一条: handed in or signed for → that day; ordinary mail, internet, fax → the day confirmed."""
    arrived, confirmed = date(2025, 5, 6), date(2025, 5, 8)
    assert received_on("当面", arrived, confirmed) == arrived
    assert received_on("邮寄", arrived, confirmed) == arrived
    for channel in ("平邮", "网络", "传真"):
        assert received_on(channel, arrived, confirmed) == confirmed
    assert received_on("网络", arrived, None) == arrived


def test_twenty_working_days_across_national_day_and_spring_festival_with_their_make_up_days():
    # 2025 国庆: 10月1日–8日 off, Sunday 9月28日 and Saturday 10月11日 worked
    assert deadline(app(received=date(2025, 9, 26))) == date(2025, 10, 30)
    # 2025 春节: 1月28日–2月4日 off, Sunday 1月26日 and Saturday 2月8日 worked
    assert deadline(app(received=date(2025, 1, 13))) == date(2025, 2, 14)


def test_a_correction_restarts_the_clock_and_an_extension_adds_twenty_days():
    waiting = app(received=date(2025, 3, 3), correction_sent=date(2025, 3, 5))
    assert deadline(waiting) is None  # no clock while the 补正 is awaited
    assert standing(waiting, date(2025, 12, 31)).due is None
    corrected = app(received=date(2025, 3, 3), correction_sent=date(2025, 3, 5), correction_received=date(2025, 3, 12))
    assert deadline(corrected) == date(2025, 4, 10)  # 20 working days from 3月12日 (清明 4月4日 off)
    assert deadline(app(received=date(2025, 3, 3))) == date(2025, 3, 31)
    # 40 working days: Sunday 4月27日 is worked before 劳动节
    assert deadline(app(received=date(2025, 3, 3), extended=True)) == date(2025, 4, 28)
    assert deadline(app(received=date(2025, 3, 3), excluded=3)) == date(2025, 4, 3)


def test_outcomes_are_read_as_clerks_write_them():
    for text in ("不予公开3", "不予公开（三）", "不予公开-危及“三安全一稳定”", "危及“三安全一稳定”", "不予公开第3项"):
        assert parse_outcome(text) == "不予公开3", text
    assert parse_outcome("重复申请") == "不予处理2"
    assert parse_outcome("部分公开") == "部分公开"
    assert parse_outcome("不予公开") is None and parse_outcome("驳回") is None


# ---------------------------------------------------------------- the national tables

def test_every_total_of_table_three_and_the_carry_over_between_years():
    apps = [app(number=str(n), received=r, applicant=a, replied=p, outcome=o) for n, (r, a, p, o) in enumerate([
        (date(2024, 3, 1), "商业企业", date(2024, 3, 20), "予以公开"),
        (date(2024, 12, 20), "自然人", date(2025, 1, 10), "部分公开"),
        (date(2025, 2, 11), "自然人", date(2025, 3, 5), "不予公开3"),
        (date(2025, 6, 1), "其他", None, None),
        (date(2025, 12, 22), "社会公益组织", date(2026, 1, 12), "予以公开"),
        (date(2026, 1, 5), "自然人", None, None)])]
    before, year, after = (register_three(apps, y) for y in (2024, 2025, 2026))
    assert before["新收"]["总计"] == 2 and before["结转下年度"]["自然人"] == 1
    assert year["上年结转"] == before["结转下年度"] and after["上年结转"] == year["结转下年度"]
    assert year["新收"] == {"自然人": 1, "商业企业": 0, "科研机构": 0, "社会公益组织": 1, "法律服务机构": 0, "其他": 1,
                          "总计": 3}
    assert year["部分公开"]["自然人"] == 1 and year["不予公开3"]["自然人"] == 1 and year["总计"]["总计"] == 2
    assert year["结转下年度"]["总计"] == 2
    for grid in (before, year, after):
        for column in THREE_COLUMNS:
            assert grid["新收"][column] + grid["上年结转"][column] == grid["总计"][column] + grid["结转下年度"][column]
        for row, values in grid.items():
            assert values["总计"] == sum(v for c, v in values.items() if c != "总计"), row


def test_the_report_is_built_in_the_national_format_from_the_register(make_project):
    project = applying(make_project)
    result = project.build(today=date(2026, 3, 1))
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/zt/mzj/zfxxgk/nb/2025/index.html")
    assert "<h1 class=\"gk-title\">测试市民政局2025年政府信息公开工作年度报告</h1>" in page
    for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                    "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
        assert heading in page
    assert '<caption>收到和处理政府信息公开申请情况（单位：件）</caption>' in page
    assert '<th id="t3-fr" scope="col" colspan="5">法人或其他组织</th>' in page
    # 科研机构 × 三、本年度办理结果 › （四）无法提供 › 1.本机关不掌握相关政府信息
    assert '<th id="t3-r2-0" scope="row" rowspan="22">三、本年度办理结果</th>' in page
    assert '<th id="t3-r12-1" scope="row" rowspan="3">（四）无法提供</th>' in page
    assert 'headers="t3-c t3-fr t3-ky t3-r2-0 t3-r12-1 t3-r12-2">1</td>' in page
    rows = list(csv.reader(io.StringIO(project.read("portal/zt/mzj/zfxxgk/nb/2025/nb-2025.csv").lstrip("\ufeff"))))
    table = {(r[0], r[1]): r[2:] for r in rows if len(r) == 9}
    assert table[("一、本年新收政府信息公开申请数量", "")] == ["1", "0", "1", "1", "1", "0", "4"]
    assert table[("二、上年结转政府信息公开申请数量", "")] == ["1", "0", "0", "0", "0", "0", "1"]
    assert table[("三、本年度办理结果", "（三）不予公开3.危及“三安全一稳定”")] == ["1", "0", "0", "0", "0", "0", "1"]
    assert table[("三、本年度办理结果", "（五）不予处理2.重复申请")] == ["0", "0", "0", "0", "1", "0", "1"]
    assert table[("三、本年度办理结果", "（七）总计")] == ["2", "0", "1", "0", "1", "0", "4"]
    assert table[("四、结转下年度继续办理", "")] == ["0", "0", "0", "1", "0", "0", "1"]
    four = rows[rows.index(["四、政府信息公开行政复议、行政诉讼情况"]) + 2]
    # 复议: 维持 1; 诉讼 after the 复议: 尚未审结 1; 诉讼 without: 纠正 1
    assert four == ["1", "0", "0", "0", "1", "0", "1", "0", "0", "1", "0", "0", "0", "1", "1"]
    assert "行政事业性收费,1.25" in project.read("portal/zt/mzj/zfxxgk/nb/2025/nb-2025.csv")
    assert (project.out / "portal/zt/mzj/zfxxgk/nb/2025/nb-2025.xlsx").is_file()
    listing = project.read("portal/zt/mzj/zfxxgk/nb/index.html")
    assert 'href="2025/index.html">2025年政府信息公开工作年度报告</a>' in listing


def test_table_two_counts_the_organizations_own_rules_and_normative_documents(make_project):
    normative = dict(org="mzj", item="dibao-policy", category="行政规范性文件", validity="有效")
    project = applying(make_project, **{
        "content/mzj/a.md": doc("测试市民政局关于低保标准的通知", **normative),  # written 2025-05-06
        "content/mzj/b.md": doc("测试市民政局关于救助的通知", published="2025-02-01", **{
            **normative, "validity": "废止", "repealed_by": "mzj/c"}).replace("written: 2025-05-06", "written: 2024-12-20"),
        "content/mzj/c.md": doc("测试市民政局关于救助的新通知", published="2025-09-01",
                                effective_from="2025-10-01", **normative),
        "content/mzj/d.md": doc("测试市民政局关于养老的通知", published="2024-06-01", **{
            **normative, "validity": "失效", "effective_to": "2025-12-31"}).replace("written: 2025-05-06", "written: 2024-05-20"),
    })
    result = project.build(today=date(2026, 3, 1))
    assert result.exit_code == 0, project.text(result)
    rows = list(csv.reader(io.StringIO(project.read("portal/zt/mzj/zfxxgk/nb/2025/nb-2025.csv").lstrip("\ufeff"))))
    assert ["", "行政规范性文件", "2", "2", "2"] in rows  # a, c written in 2025; b, d ended in 2025; a, c in force
    assert ["", "规章", "0", "0", "0"] in rows


def test_entered_figures_that_contradict_the_platform_are_warned_with_both_numbers(make_project):
    report = REPORT.replace("  行政事业性收费: 1.25\n", "  行政事业性收费: 1.25\n  行政规范性文件: {本年制发: 4}\n") + """\
收到和处理政府信息公开申请情况:
  上年结转: {自然人: 2}
  结转下年度: {自然人: 1}
"""
    project = applying(make_project, **{"data/mzj/nb-2025.yaml": report})
    result = project.build(today=date(2026, 3, 1), ledger=True)
    assert result.exit_code == 0, project.text(result)
    assert [m for _, _, _, m in found(result, "W780")] == [
        "2025年年报表二“行政规范性文件”的“本年制发件数”填报 4，本平台发布的文件统计为 0；年报按平台统计发布"]
    messages = [m for _, _, _, m in found(result, "W774")]
    assert "2025年年报表三“上年结转”的“自然人”填报 2，台账统计为 1" in messages
    assert "2025年年报表三“结转下年度继续办理”的“自然人”填报 1，台账统计为 0" in messages


def test_an_entered_total_must_be_the_sum_of_its_rows_and_the_table_must_balance(make_project):
    report = REPORT + """\
收到和处理政府信息公开申请情况:
  本年新收: {自然人: 3, 总计: 9}
  不予公开（九）: {自然人: 1}
  予以公开: {外国人: 1}
政府信息公开行政复议、行政诉讼情况:
  行政复议: {维持: 2, 总计: 1}
"""
    project = applying(make_project, **{"data/mzj/nb-2025.yaml": report})
    result = project.build()
    assert result.exit_code == 1
    assert found(result, "E781") == [("data/mzj/nb-2025.yaml", 11, 22, "表三“本年新收”的“总计”填报 9，但各类申请人之和为 6"),
                                     ("data/mzj/nb-2025.yaml", 15, 21, "表四“行政复议”的“总计”填报 1，但各项结果之和为 2")]
    assert ("data/mzj/nb-2025.yaml", 12, 3, "表三中没有名为“不予公开（九）”的行") in found(result, "E780")
    assert ("data/mzj/nb-2025.yaml", 13, 10, "表三中没有名为“外国人”的列") in found(result, "E780")
    assert "表三“自然人”列不平衡：本年新收 3 + 上年结转 1 ≠ 办理结果总计 2 + 结转下年度 0" in \
        [m for *_, m in found(result, "E782")]
    assert "表三“总计”列不平衡：本年新收 6 + 上年结转 1 ≠ 办理结果总计 4 + 结转下年度 1" in \
        [m for *_, m in found(result, "E782")]
    assert not (project.out / "portal").exists()


def test_carry_over_must_equal_last_years_carried_to_next_year(make_project):
    report_2024 = REPORT.replace("2026-01-20", "2025-01-20") + """\
收到和处理政府信息公开申请情况:
  结转下年度: {自然人: 2}
"""
    project = applying(make_project, **{"data/mzj/nb-2024.yaml": report_2024})
    result = project.build(today=date(2026, 3, 1), ledger=True)
    assert found(result, "W775") == [
        ("data/mzj/nb-2025.yaml", 1, 1, "2025年年报表三“上年结转”的“自然人”为 1，与2024年年报的“结转下年度” 2 不同")]


# ---------------------------------------------------------------- check: deadlines by office, file and row

def test_check_names_overdue_near_due_and_late_applications_by_file_and_row(make_project):
    rows = ROWS + [
        {"编号": "2026-1", "收到日期": "2026-02-02", "渠道": "当面", "申请人类型": "自然人"},  # due 2026-03-06
        {"编号": "2026-2", "收到日期": "2026-03-20", "渠道": "当面", "申请人类型": "自然人"},  # due 2026-04-20
        {"编号": "2026-3", "收到日期": "2026-01-05", "渠道": "当面", "申请人类型": "自然人", "答复日期": "2026-02-27",
         "办理结果": "予以公开"},  # due 2026-02-02
        {"编号": "2026-4", "收到日期": "2026-03-23", "渠道": "当面", "申请人类型": "自然人", "补正告知日期": "2026-04-08"},
    ]
    project = applying(make_project, rows)
    result = project.build(today=date(2026, 4, 14), ledger=True)
    assert result.exit_code == 0, project.text(result)
    file = "data/mzj/ysqgk.csv"
    # 2026 春节: 2月15日–23日 off, Saturdays 2月14日 and 2月28日 worked; 清明 4月4日–6日 off
    assert found(result, "W770") == [(file, 8, 12, "申请 2026-1（2026-02-02 收到）已超过答复期限 2026-03-06，逾期 26 个工作日仍未答复")]
    assert found(result, "W771") == [(file, 9, 12, "申请 2026-2 应不晚于 2026-04-20 答复，还有 4 个工作日")]
    assert (file, 10, 12, "申请 2026-3 于 2026-02-27 答复，超过答复期限 2026-02-02（逾期 14 个工作日）") in found(result, "W772")
    assert found(result, "W773") == [(file, 11, 9, "申请 2026-4 的补正告知日期 2026-04-08 超过收到申请（2026-03-23）后 7 个工作日，"
                                                  "应不晚于 2026-04-01")]
    row = next(r for r in result.ledger if r.item == "_ysqgk")
    assert row.status == ["逾期", "即将到期"] and row.page == "ysqgk/index.html"
    assert any("申请 2026-1" in note and "data/mzj/ysqgk.csv 第 8 行" in note for note in row.notes)


def test_late_and_missing_annual_reports_are_in_the_ledger(make_project):
    project = applying(make_project, **{"data/mzj/nb-2025.yaml": REPORT.replace("2026-01-20", "2026-02-03")})
    result = project.build(today=date(2027, 2, 2), ledger=True)
    assert found(result, "W776") == [("data/mzj/nb-2025.yaml", 1, 7, "2025年政府信息公开工作年度报告于 2026-02-03 发布，晚于 2026-01-31")]
    assert [m for *_, m in found(result, "W777")] == ["测试市民政局2026年政府信息公开工作年度报告尚未发布（应于 2027-01-31 前发布）"]
    row = next(r for r in result.ledger if r.item == "_nb")
    assert row.status == ["逾期"] and row.page == "nb/2025/index.html"


def test_a_guide_that_does_not_name_the_office_is_warned(make_project):
    guide = NB_ITEM.replace("xxgknb", "xxgkzn").replace("年度报告", "指南").replace("section: 年报", "section: 指南")
    project = applying(make_project, **{
        "catalogs/mzj.yaml": MZJ_APPLYING + guide,
        "content/mzj/zhinan.md": doc("测试市民政局政府信息公开指南", org="mzj", item="xxgkzn", type="其他",
                                     body="受理机构：测试市民政局办公室。地址：测试市人民路100号。电话：0851-89999999。")})
    result = project.build(today=date(2026, 3, 1), ledger=True)
    assert [m for *_, m in found(result, "W778")] == ["政府信息公开指南中没有写明依申请公开的联系电话“0851-80000002”"]


# ---------------------------------------------------------------- bad input: errors at the cell

def test_bad_register_rows_are_errors_at_their_cell(make_project):
    rows = [
        {"编号": "1", "收到日期": "2025-03-03", "渠道": "当面", "申请人类型": "自然人", "答复日期": "2025-03-20", "办理结果": "不予公开"},
        {"编号": "2", "收到日期": "2025-03-03", "渠道": "当面", "申请人类型": "自然人", "答复日期": "2025-03-20"},
        {"编号": "3", "收到日期": "2025-03-03", "渠道": "当面", "申请人类型": "自然人", "答复日期": "2025-02-20", "办理结果": "予以公开"},
        {"编号": "4", "收到日期": "2025-03-03", "渠道": "当面", "申请人类型": "自然人", "补正收到日期": "2025-03-10"},
        {"编号": "5", "收到日期": "2025-03-03", "渠道": "当面", "申请人类型": "自然人", "答复日期": "2025-03-20",
         "办理结果": "予以公开", "复议结果": "维持"},
        {"编号": "6", "收到日期": "2025-03-03", "渠道": "微信", "申请人类型": "个人"},
    ]
    project = applying(make_project, rows)
    result = project.build()
    assert result.exit_code == 1
    file = "data/mzj/ysqgk.csv"
    assert found(result, "E770") == [(file, 2, 13, "办理结果 \"不予公开\" 不是国家统一格式的办理结果（第 2 行）")]
    assert result.diagnostics[[d.code for d in result.diagnostics].index("E770")].hint.startswith("“不予公开”要写明是哪一项")
    assert found(result, "E771") == [(file, 3, 12, "第 3 行填写了答复日期，没有办理结果")]
    assert found(result, "E772") == [(file, 4, 12, "第 4 行的答复日期 2025-02-20 早于收到日期 2025-03-03")]
    assert found(result, "E773") == [(file, 5, 10, "第 5 行有补正收到日期，没有补正告知日期")]
    assert found(result, "E774") == [(file, 6, 15, "第 6 行填写了复议结果，没有复议日期")]
    assert [code for code, *_ in [(d.code, d.line) for d in result.diagnostics if d.line == 7]] == ["E914", "E914"]
    assert not (project.out / "portal").exists()


def test_personal_data_in_a_case_stops_the_build(make_project):
    cases = CASES.replace("申请人申请公开某片区棚户区改造的补偿方案。", "申请人（电话13912345678）申请公开补偿方案。")
    project = applying(make_project, **{"data/mzj/ysqgk-cases.yaml": cases})
    result = project.build()
    assert found(result, "E783") == [("data/mzj/ysqgk-cases.yaml", 5, 9, "发现手机号：139****5678（个人信息不得公开）")]


# ---------------------------------------------------------------- pages

def test_every_government_section_gets_its_ysqgk_pages_and_enterprises_none(make_project):
    project = applying(make_project, **{"catalogs/water.yaml": """\
org: {id: water, name: 测试市水务集团, kind: enterprise, sector: 供水, code: "000000003"}
items:
  - {id: tzgg, l1: 停水通知, l2: 停水通知, time_limit: 实时公开, office: 客服中心}
""", "platform.yaml": PLATFORM + "    enterprises: true\n"})
    result = project.build(today=date(2026, 3, 1))
    assert result.exit_code == 0, project.text(result)
    assert (project.out / "portal/zfxxgk/ysqgk/index.html").is_file()  # the owner, without an application block
    assert not (project.out / "portal/qsy/water/xxgk/ysqgk").exists()
    page = project.read("portal/zt/mzj/zfxxgk/ysqgk/index.html")
    assert "<dt>受理机构</dt><dd>测试市民政局办公室</dd>" in page and "测试市人路100号" not in page
    assert "<dt>办公地址</dt><dd>测试市人民路100号</dd>" in page
    assert '<caption>测试市民政局政府信息公开申请办理情况（单位：件）</caption>' in page
    overview = project.read("portal/zt/mzj/zfxxgk/index.html")
    assert 'href="ysqgk/index.html">依申请公开</a>' in overview and 'href="ysqgk/sqb/index.html">政府信息公开申请表</a>' in overview
    form = project.read("portal/zt/mzj/zfxxgk/ysqgk/sqb/index.html")
    for label in ("姓名", "证件号码", "统一社会信用代码", "所需信息的名称", "文号", "信息的提供方式", "获取信息的方式", "申请人签名（盖章）"):
        assert label in form
    assert '<label for="p-name">姓名</label>' in form
    assert "<form" not in form.split('<main', 1)[1]  # nothing is submitted anywhere
    cases = project.read("portal/zt/mzj/zfxxgk/ysqgk/al/index.html")
    assert 'href="jg/bygk/index.html">不予公开（1）</a>' in cases
    one = project.read("portal/zt/mzj/zfxxgk/ysqgk/al/jg/ygk/index.html")
    assert "申请公开棚户区改造补偿方案" in one and "申请公开内部讨论记录" not in one
    case = project.read("portal/zt/mzj/zfxxgk/ysqgk/al/2025-taolun/index.html")
    assert "不予公开</a>：属于四类过程性信息" in case


def test_the_platforms_online_application_system_is_linked(make_project):
    project = applying(make_project, **{"platform.yaml": PLATFORM.replace(
        "sites:", "online_application: https://ysqgk.example.gov.cn/\nsites:")})
    assert project.build(today=date(2026, 3, 1)).exit_code == 0
    assert '<a class="ys-button" href="https://ysqgk.example.gov.cn/" rel="external">网上申请</a>' in project.read(
        "portal/zt/mzj/zfxxgk/ysqgk/index.html")


def test_no_applicant_name_contact_or_request_reaches_any_output(make_project):
    project = applying(make_project, **{"platform.yaml": PLATFORM.replace(
        "    hosts: [mzj]", "    hosts: [mzj]\n    offline_bundle: true\n    ledger: true")})
    result = project.build(today=date(2026, 3, 1))
    assert result.exit_code == 0, project.text(result)
    texts = []
    for path in project.out.rglob("*"):
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                texts += [archive.read(name).decode("utf-8", "replace") for name in archive.namelist()]
        elif path.is_file():
            texts.append(path.read_bytes().decode("utf-8", "replace"))
    assert any("offline" in str(p) for p in project.out.rglob("*.zip"))
    everything = "\n".join(texts)
    assert "测试市民政局办公室" in everything  # the search index and pages were read
    for secret in SECRETS + ["欧*娜", "139****5678"]:
        assert secret not in everything, secret


def test_cases_and_the_ysqgk_page_are_searchable(make_project):
    project = applying(make_project)
    assert project.build(today=date(2026, 3, 1)).exit_code == 0
    index = "\n".join(p.read_text(encoding="utf-8") for p in (project.out / "portal/search/index").glob("*.js"))
    assert "zt/mzj/zfxxgk/ysqgk/al/2025-buchang/index.html" in index
    assert "zt/mzj/zfxxgk/ysqgk/index.html" in index and "zt/mzj/zfxxgk/nb/2025/index.html" in index


@pytest.mark.browser
def test_the_form_prints_as_the_paper_form(make_project):
    from browser import browser_page

    project = applying(make_project)
    assert project.build(today=date(2026, 3, 1)).exit_code == 0
    with browser_page() as page:
        page.goto((project.out / "portal/zt/mzj/zfxxgk/ysqgk/sqb/index.html").as_uri())
        visible = "(s) => getComputedStyle(document.querySelector(s)).display !== 'none'"
        assert page.evaluate(visible, ".gk-title") and not page.evaluate(visible, ".ys-form__title")
        assert page.get_by_role("button", name="打印申请表").is_visible()
        page.get_by_label("姓名", exact=True).fill("王某")
        page.emulate_media(media="print")
        assert not page.evaluate(visible, ".gk-title") and page.evaluate(visible, ".ys-form__title")
        for hidden in (".gk-header", ".gk-footer", ".ys-intro"):
            assert not page.evaluate(visible, hidden), hidden
        assert page.evaluate("getComputedStyle(document.querySelector('.ys-form__table td')).borderTopColor") == "rgb(0, 0, 0)"
        assert page.get_by_label("姓名", exact=True).input_value() == "王某"


# ---------------------------------------------------------------- the example

def example_sections() -> dict[str, str]:
    """Each government organization of the example -> its section's 政府信息公开 folder in the output:
    `<site>/zfxxgk` for a site's own organization, `<site>/zt/<org>/zfxxgk` for a hosted department."""
    from generator.sources import load_yaml

    platform, _ = load_yaml((REPO / "platform.yaml").read_text(encoding="utf-8"))
    sections = {}
    for site in platform["sites"]:
        sections[site["org"]] = f"{site['id']}/zfxxgk"
        sections.update({org: f"{site['id']}/zt/{org}/zfxxgk" for org in site.get("hosts", [])})
    governments = {path.stem for path in (REPO / "catalogs").glob("*.yaml")
                   if load_yaml(path.read_text(encoding="utf-8"))[0]["org"]["kind"] != "enterprise"}
    assert governments <= set(sections), governments - set(sections)
    return {org: sections[org] for org in sorted(governments)}


def test_every_organization_of_the_example_has_its_ysqgk_page_and_2025_report(example_build):
    out, _ = example_build
    sections = example_sections()
    assert set(sections) == {"szf", "rsj", "mzj", "stj", "czj", "scj"}
    for org, root in sections.items():
        page = (out / root / "ysqgk/index.html").read_text(encoding="utf-8")
        assert "办理情况统计" in page and "受理机构" in page, org
        assert (out / root / "ysqgk/sqb/index.html").is_file(), org
        cases = (out / root / "ysqgk/al/index.html").read_text(encoding="utf-8")
        assert sum(1 for case in (out / root / "ysqgk/al").iterdir() if case.name != "jg" and case.is_dir()) >= 2, org
        assert 'href="jg/' in cases, org  # filterable by outcome
        report = (out / root / "nb/2025/index.html").read_text(encoding="utf-8")
        assert "收到和处理政府信息公开申请情况" in report, org
        rows = list(csv.reader(io.StringIO((out / root / "nb/2025/nb-2025.csv").read_text(encoding="utf-8-sig"))))
        total = lambda label: next(int(r[-1]) for r in rows if r and r[0].startswith(label))  # noqa: E731
        assert total("一、本年新收") > 0, org  # table 三 counted from the org's register
        assert total("一、本年新收") + total("二、上年结转") == \
            next(int(r[-1]) for r in rows if r[1:2] == ["（七）总计"]) + total("四、结转下年度"), org
    result = build(REPO, write=False, today=EXAMPLE_TODAY, ledger=True)
    names = {"xxgkzn", "xxgkzd", "xxgknb"}
    assert [d.message for d in result.diagnostics if d.code in ("W777", "W778", "W774")] == []
    assert {d.file for d in result.diagnostics if d.code == "W780"} == {"data/mzj/nb-2025.yaml"}  # only mzj disagrees
    assert [d.message for d in result.diagnostics if d.code == "W702" and any(f'"{n}"' in d.message for n in names)] == []


def test_the_example_reports_match_the_library_and_mzj_disagrees(example_build):
    import json

    out, _ = example_build
    library = json.loads((out / "portal/gfxwjk/library.json").read_text(encoding="utf-8"))["documents"]
    for org, root in example_sections().items():
        site, root = root.split("/", 1)
        rows = list(csv.reader(io.StringIO((out / site / root / "nb/2025/nb-2025.csv").read_text(encoding="utf-8-sig"))))
        for category in ("规章", "行政规范性文件"):
            issued = sum(1 for d in library if d["source"] is None and d["issuer_code"] and d["id"].startswith(org + "/")
                         and d["category"] == category and d["written"].startswith("2025"))
            shown = next(r for r in rows if r[1:2] == [category])
            assert int(shown[2]) == issued, (org, category)  # mzj's office entered 3: a cross-check, not published
    result = build(REPO, write=False, today=EXAMPLE_TODAY, ledger=True)
    assert any(d.code == "W780" and d.file == "data/mzj/nb-2025.yaml" and "填报 3，本平台发布的文件统计为 2" in d.message
               for d in result.diagnostics)
    assert {d.file for d in result.diagnostics if d.code in ("W770", "W771")} >= {
        "data/szf/ysqgk.csv", "data/rsj/ysqgk.csv", "data/mzj/ysqgk.csv"}


def test_case_and_report_files_are_checked_at_their_keys_in_the_language_they_are_written_in(make_project):
    cases = CASES.replace("  答复理由: 讨论记录属于过程性信息。\n", "")
    report = REPORT.replace("  行政强制: 0\n", "  行政强制: 0\n  行政复核: 2\n")
    project = applying(make_project, **{"data/mzj/ysqgk-cases.yaml": cases, "data/mzj/nb-2025.yaml": report,
                                        "data/mzj/nb-25.yaml": REPORT})
    result = project.build()
    assert found(result, "E777") == [("data/mzj/ysqgk-cases.yaml", 10, 3, "缺少必填字段 \"答复理由\"")]
    assert found(result, "E776") == [("data/mzj/nb-2025.yaml", 8, 3, "未知字段 \"行政复核\"")]
    assert found(result, "E779") == [("data/mzj/nb-25.yaml", None, None, "年报数据文件 \"data/mzj/nb-25.yaml\" 不存在或文件名不符合要求")]
