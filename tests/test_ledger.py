"""The compliance ledger (工作台账): on time, overdue (working days), empty and stale columns."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

from conftest import PLATFORM, SZF, doc

TODAY = date(2025, 12, 1)
SZF_WITH_NEWS = SZF + """\
  - id: gzdt
    l1: 政务动态
    l2: 工作动态
    time_limit: 实时公开
    office: 办公室
  - id: ysq
    l1: 依申请公开
    l2: 行政执法案卷
    time_limit: 长期公开
    office: 办公室
    mode: 依申请
"""
FILES = {
    "catalogs/szf.yaml": SZF_WITH_NEWS,
    # written Mon 2025-09-01; the 20th working day after it is Sun 2025-09-28, a make-up workday (调休);
    # published 10-13: the National Day holiday 10-01..10-08 does not count, Sat 10-11 does → 6 days late
    "content/szf/late.md": doc("逾期的通知", published="2025-10-13").replace("written: 2025-05-06", "written: 2025-09-01"),
    "content/szf/news.md": doc("工作动态一则", item="gzdt", type="动态", published="2025-10-20")
                          .replace("written: 2025-05-06", "written: 2025-10-20"),
    "content/szf/withheld.md": doc("内部文件", disclosure="不予公开"),
}


def test_ledger_rows(make_project):
    project = make_project(FILES)
    result = project.build(write=False, ledger=True, today=TODAY)
    rows = {(r.org, r.item): r for r in result.ledger}
    zfwj = rows[("szf", "zfwj")]
    assert (zfwj.published, zfwj.withheld, zfwj.status) == (2, 1, ["逾期"])
    [late] = zfwj.overdue
    assert (late.file, late.deadline, late.late_days) == ("content/szf/late.md", date(2025, 9, 28), 6)
    assert rows[("szf", "zcjd")].status == ["空白栏目"]
    news = rows[("szf", "gzdt")]
    assert (news.status, news.days_since_update, news.cadence_days) == (["更新不及时"], 42, 14)
    assert rows[("szf", "ysq")].status == ["依申请公开"]
    assert rows[("mzj", "dibao-policy")].status == ["空白栏目"]
    assert [(d.code, d.file, d.line) for d in result.diagnostics
            if d.code not in ("W704", "W410") and not d.code.startswith("W79")] == [  # W79x: test_site_report.py
        ("W702", "catalogs/mzj.yaml", 8), ("W702", "catalogs/szf.yaml", 13), ("W703", "catalogs/szf.yaml", 18),
        ("W701", "content/szf/late.md", 7), ("W102", "platform.yaml", 9)]
    message = next(d for d in result.diagnostics if d.code == "W701").message
    assert message == "发布日期 2025-10-13 超过公开时限“信息形成或者变更之日起20个工作日内”，应不晚于 2025-09-28（逾期 6 个工作日）"


def gongkai(*args):
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True,
                          env={"SOURCE_DATE_EPOCH": "1764547200", "PATH": "/usr/bin:/bin"})  # 2025-12-01


def test_check_prints_a_readable_ledger_and_strict_fails(make_project):
    project = make_project(FILES)
    run = gongkai("check", str(project.root))
    assert run.returncode == 0, run.stderr
    assert "政务公开工作台账（统计日期：2025-12-01）" in run.stdout
    assert "【测试市人民政府】4 个栏目：逾期 1，空白栏目 1，更新不及时 1，依申请公开 1" in run.stdout
    assert "    └ 逾期 6 个工作日：逾期的通知（content/szf/late.md，成文 2025-09-01，发布 2025-10-13，应不晚于 2025-09-28）" \
        in run.stdout
    assert "内部文件" not in run.stdout
    assert gongkai("check", str(project.root), "--strict").returncode == 1


def test_check_json_names_the_file_of_each_overdue_document(make_project):
    project = make_project(FILES)
    payload = json.loads(gongkai("check", str(project.root), "--format", "json").stdout)
    row = next(r for r in payload["ledger"] if r["item"] == "zfwj")
    assert row["overdue"][0]["file"] == "content/szf/late.md"
    assert row["overdue"][0]["deadline"] == "2025-09-28"
    assert {d["code"] for d in payload["diagnostics"] if not d["code"].startswith("W79")} == {
        "W102", "W410", "W701", "W702", "W703", "W704"}


def test_published_ledger_page_counts_but_never_names_withheld_documents(make_project):
    platform = PLATFORM.replace("    hosts: [mzj]\n", "    hosts: [mzj]\n    ledger: true\n")
    project = make_project({**FILES, "platform.yaml": platform})
    result = project.build(today=TODAY)
    assert result.exit_code == 0
    assert [d.code for d in result.diagnostics] == [], "build does not repeat the ledger's findings"
    page = project.read("portal/tz/index.html")
    assert "政务公开工作台账" in page and "逾期 6 个工作日：逾期的通知" in page
    assert "内部文件" not in page
    assert 'href="../zfxxgk/fdzdgknr/zfwj/index.html">政府文件</a>' in page


def test_a_year_outside_the_calendar_is_reported(make_project):
    project = make_project({"content/szf/future.md": doc("远期通知", published="2099-03-01")
                            .replace("written: 2025-05-06", "written: 2099-01-04")})
    result = project.build(write=False, ledger=True, today=TODAY)
    assert "W311" in [d.code for d in result.diagnostics]
    assert next(r for r in result.ledger if r.item == "zfwj").status == ["无法计算"]
