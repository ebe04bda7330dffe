"""`gongkai import-catalog`: an official 标准目录 spreadsheet into catalogs/ID.yaml, and back."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from openpyxl import Workbook

from conftest import REPO
from generator.catalog_export import catalog_xlsx
from generator.diagnostics import Reporter
from generator.loading import load_catalogs

COMPARED = ("id", "l1", "l2", "content", "basis", "office", "audience", "mode", "level", "section")


def gongkai(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True)


def test_every_published_catalog_round_trips(tmp_path):
    originals = load_catalogs(REPO, Reporter())
    for org_id, loaded in originals.items():
        project = tmp_path / org_id
        (project / "catalogs").mkdir(parents=True)
        table = project / f"{org_id}.xlsx"
        table.write_bytes(catalog_xlsx(loaded.org, loaded.catalog.items))
        run = gongkai("import-catalog", str(table), "--org", org_id, "--project", str(project))
        assert run.returncode == 0, run.stderr
        reporter = Reporter()
        imported = load_catalogs(project, reporter)[org_id]
        assert reporter.errors == [], reporter.errors
        assert imported.org.name == loaded.org.name
        for before, after in zip(loaded.catalog.items, imported.catalog.items, strict=True):
            assert {f: getattr(after, f) for f in COMPARED} == {f: getattr(before, f) for f in COMPARED}
            assert after.time_limit.text == before.time_limit.text
            assert sorted(after.channels) == sorted(before.channels)


def official_table(path: Path) -> None:
    """A table as a county publishes it: title row, merged 一级事项, √ marks, no 网站所属栏目."""
    book = Workbook()
    sheet = book.active
    sheet.append(["某县民政局政务公开标准目录"])
    sheet.append(["序号", "公开事项", None, "公开内容（要素）", "公开依据", "公开时限", "公开主体", "公开渠道和载体",
                  "公开对象", None, "公开方式", None, "公开层级", None])
    sheet.append([None, "一级事项", "二级事项", None, None, None, None, None, "全社会", "特定群众", "主动", "依申请公开",
                  "县级", "乡级"])
    sheet.merge_cells("B2:C2")
    sheet.append([1, "最低生活保障", "办事指南", "1.办理条件 2.申请材料 3.办理流程", "《社会救助暂行办法》",
                  "制定或获取信息之日起10个工作日内", "某县民政局社会救助股", "■政府网站 □政府公报 ■公开查阅点",
                  "√", None, "√", None, "√", "√"])
    sheet.append([2, None, "审核信息", "初审对象名单", "《最低生活保障审核确认办法》",
                  "制定或获取信息之日起10个工作日内，公示7个工作日", "某县民政局社会救助股", "■社区/企事业单位/村公示栏(电子屏)",
                  None, "√", "√", None, None, "√"])
    sheet.merge_cells("B4:B5")
    sheet.append([3, "临时救助", "政策文件", "文件", "《社会救助暂行办法》", "尽快", "某县民政局社会救助股", "■政府网站",
                  "√", None, "√", None, "√", None])
    sheet.append([4, "临时救助", None, "文件", "", "长期公开", "某县民政局社会救助股", "■政府网站", "√", None, "√", None, "√", None])
    book.save(path)


def test_official_table_is_read_and_bad_rows_are_named(tmp_path):
    table = tmp_path / "mzj.xlsx"
    official_table(table)
    (tmp_path / "catalogs").mkdir()
    run = gongkai("import-catalog", str(table), "--org", "mzj", "--project", str(tmp_path))
    assert run.returncode == 1
    assert f"{table}: 无法读取 第 6 行：无法识别公开时限“尽快”" in run.stderr
    assert f"{table}: 无法读取 第 7 行：缺少一级事项或二级事项" in run.stderr
    assert "已导入 2 个事项" in run.stdout
    reporter = Reporter()
    catalog = load_catalogs(tmp_path, reporter)["mzj"]
    assert reporter.errors == []
    guide, audit = catalog.catalog.items
    assert (guide.l1, guide.l2, guide.content) == ("最低生活保障", "办事指南", ["办理条件", "申请材料", "办理流程"])
    assert (guide.office, guide.channels, guide.level) == ("社会救助股", ["政府网站", "公开查阅点"], ["县级", "乡级"])
    assert (audit.l1, audit.audience, audit.time_limit.publicity_days) == ("最低生活保障", "特定群体", 7)
    assert catalog.org.name == "某县民政局"


def test_not_a_workbook_is_reported(tmp_path):
    bad = tmp_path / "x.xlsx"
    bad.write_text("not a spreadsheet")
    run = gongkai("import-catalog", str(bad), "--org", "mzj", "--project", str(tmp_path))
    assert run.returncode == 1 and "无法读取" in run.stderr and "Traceback" not in run.stderr
