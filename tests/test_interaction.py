"""政民互动 (SPEC §2.5, hdjl/): messages and replies, 常见问题, 留言前先查一查, reply time limits."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import date
from urllib.parse import quote

import pytest

from browser import browser_page
from conftest import PLATFORM, REPO, doc

TODAY = date(2025, 12, 1)
INTERACTION = """\
interaction:
  files: interaction/messages.csv
  faq: interaction/faq.yaml
  message_form: https://liuyan.example.gov.cn/
  reply_limit: 5
"""
HEADER = ["编号", "标题", "留言内容", "留言人", "留言日期", "主题", "答复单位", "答复内容", "答复日期"]
MESSAGES = [
    ["LY-001", "低保金什么时候发放？", "我家是城东区的低保户，请问每月低保金什么时候发？", "张晓明", "2025-11-03", "低保",
     "测试市民政局", "您好！低保金每月10日前发放到社会保障卡金融账户。", "2025-11-05"],
    # asked Mon 11-03: the 5th working day after is Mon 11-10, so a reply on Wed 11-12 is 2 working days late
    ["LY-002", "公交站台太窄", "学校门口的公交站台太窄，学生放学都挤在马路上。", "欧阳明华", "2025-11-03", "交通",
     "szf", "您好！站台将向东移动30米并加装护栏。\n工程年底前完成。", "2025-11-12"],
    ["LY-003", "路灯不亮没人管", "翠苑小区门口的路灯坏了一个多月没人修。", "李四海", "2025-11-03", "其他", "szf", "", ""],
    ["LY-004", "申请临时救助要什么材料", "家里老人住院花了很多钱，想申请临时救助。", "", "2025-11-27", "低保", "mzj", "", ""],
]
FAQ = """\
常见问题:
  - id: dibao-shenqing
    问题: 低保怎么申请？
    答复: |
      向户籍所在地乡镇人民政府（街道办事处）提出申请。
      办理材料见办事指南。
    主题: 低保
    答复单位: mzj
    相关文件: [mzj/dibao-2025]
    关键词: [最低生活保障]
    更新日期: 2025-06-01
  - id: gongjiao
    问题: 坐公交有什么优惠？
    答复: 老年人凭敬老卡免费乘坐市区公交。
    主题: 交通
"""


def messages_csv(rows: list[list[str]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return out.getvalue()


def project_with(make_project, rows=None, faq=FAQ, platform=PLATFORM + INTERACTION, **files):
    return make_project({
        "platform.yaml": platform,
        "interaction/messages.csv": messages_csv(MESSAGES if rows is None else rows),
        "interaction/faq.yaml": faq,
        "content/mzj/dibao-2025.md": doc("测试市民政局关于调整最低生活保障标准的通知", org="mzj", item="dibao-policy"),
        **files})


def every_output_text(project) -> str:
    return "\n".join(p.read_bytes().decode("utf-8", "replace") for p in project.out.rglob("*") if p.is_file())


def test_answered_messages_have_pages_lists_and_a_masked_writer(make_project):
    project = project_with(make_project)
    result = project.build(today=TODAY)
    assert result.exit_code == 0, project.text(result)
    main = project.read("portal/hdjl/index.html")
    titles = re.findall(r'class="gk-entry__title" href="([^"]+)">([^<]+)</a>', main)
    assert titles == [("ly/LY-002/index.html", "公交站台太窄"), ("ly/LY-001/index.html", "低保金什么时候发放？")]
    assert '<a href="org/szf/index.html">测试市人民政府（1）</a>' in main
    assert '<a href="org/mzj/index.html">测试市民政局（1）</a>' in main
    assert '<a href="https://liuyan.example.gov.cn/" rel="external">我要留言</a>' in main
    assert "<dt>收到留言</dt><dd>4 件</dd>" in main and "<dt>已答复</dt><dd>2 件</dd>" in main
    topic = next(path for path, label in re.findall(r'<a href="(zt/\d+/index.html)">([^<（]+)', main) if label == "交通")
    assert "公交站台太窄" in project.read(f"portal/hdjl/{topic}") and "低保金" not in project.read(f"portal/hdjl/{topic}")
    assert "公交站台太窄" not in project.read("portal/hdjl/org/mzj/index.html")
    page = project.read("portal/hdjl/ly/LY-002/index.html")
    assert '<th scope="row">留 言 人</th><td>欧**华</td>' in page
    assert "<p>您好！站台将向东移动30米并加装护栏。</p><p>工程年底前完成。</p>" in page
    assert '<a href="../../org/szf/index.html">测试市人民政府</a>' in page
    assert "2025年11月12日（7 个工作日）" in page
    assert '<a class="gk-nav__link" href="../../index.html" aria-current="true">政民互动</a>' in page
    text = every_output_text(project)
    for secret in ("张晓明", "欧阳明华", "李四海", "路灯不亮没人管", "翠苑小区", "临时救助要什么材料"):
        assert secret not in text, f"{secret} reached the output"
    assert "张*明" in project.read("portal/hdjl/ly/LY-001/index.html")
    assert "张*明" not in project.read("portal/hdjl/xcyc/data.js")


def test_faq_pages_link_the_documents_that_answer_them(make_project):
    project = project_with(make_project)
    assert project.build(today=TODAY).exit_code == 0
    faq = project.read("portal/hdjl/cjwt/index.html")
    assert '<h3 id="q-dibao-shenqing"><a href="dibao-shenqing/index.html">低保怎么申请？</a></h3>' in faq
    assert '<a href="../../zt/mzj/doc/dibao-2025/index.html">测试市民政局关于调整最低生活保障标准的通知</a>' in faq
    own = project.read("portal/hdjl/cjwt/dibao-shenqing/index.html")
    assert "<h1 class=\"gk-title\">低保怎么申请？</h1>" in own
    assert '<a href="../../../zt/mzj/doc/dibao-2025/index.html">' in own
    assert "答复单位：测试市民政局　更新日期：2025年06月01日" in own


def test_messages_and_faq_are_search_entries(make_project):
    project = project_with(make_project)
    assert project.build(today=TODAY).exit_code == 0
    details = "".join(p.read_text(encoding="utf-8") for p in (project.out / "portal/search/index").glob("d-*.js"))
    assert '"p":"hdjl/ly/LY-001/index.html"' in details and '"y":"留言答复"' in details
    assert '"p":"hdjl/cjwt/dibao-shenqing/index.html"' in details and '"y":"常见问题"' in details
    assert "hdjl/cjwt/index.html" not in details  # each question once, on its own page
    assert "LY-003" not in details


def test_personal_data_in_a_question_stops_the_build_at_its_cell(make_project):
    rows = [MESSAGES[0], [*MESSAGES[1][:2], "我的身份证号是110101199003070011，请帮忙查询。", *MESSAGES[1][3:]]]
    project = project_with(make_project, rows)
    result = project.build(today=TODAY)
    assert result.exit_code == 1 and not project.out.exists()
    assert [(d.code, d.file, d.line, d.column, d.message, d.hint) for d in result.diagnostics if d.severity == "error"] == [
        ("E746", "interaction/messages.csv", 3, 3, "单元格 C3（留言内容）中有身份证号：110101********0011（个人信息不得公开）",
         "在留言系统中删除或隐去该信息后重新导出：留言和答复中的身份证号、手机号、银行卡号不得公开（留言人姓名发布时自动打码）")]


def test_late_and_unanswered_replies_are_reported_by_check_and_in_the_ledger(make_project):
    rows = [*MESSAGES, ["LY-005", "三个月没人答复", "八月份的留言。", "", "2025-08-01", "其他", "szf", "", ""]]
    platform = PLATFORM.replace("    hosts: [mzj]\n", "    hosts: [mzj]\n    ledger: true\n") + INTERACTION
    project = project_with(make_project, rows, platform=platform)
    result = project.build(write=False, ledger=True, today=TODAY)
    found = [(d.code, d.file, d.line, d.column, d.message) for d in result.diagnostics if d.code.startswith("W73")]
    assert found == [
        ("W730", "interaction/messages.csv", 3, 9, "留言 LY-002（2025-11-03 留言）于 2025-11-12 答复，超过答复时限 5 个工作日"
         "（应不晚于 2025-11-10），逾期 2 个工作日"),
        ("W731", "interaction/messages.csv", 4, 1, "留言 LY-003（2025-11-03 留言）至 2025-12-01 仍未答复，已超过答复时限 5 个"
         "工作日（应不晚于 2025-11-10），逾期 15 个工作日"),
        ("W732", "interaction/messages.csv", 6, 1, "留言 LY-005（2025-08-01 留言）超过 3 个月仍未答复（至 2025-12-01）")]
    table = next(t for t in result.ledger_tables if t.kind == "interaction")
    assert table.heads == ["答复单位", "已答复", "按时答复", "逾期答复", "逾期未答复", "办理中"]
    assert [(r.org_name, r.cells, r.status) for r in table.rows] == [
        ("测试市人民政府", [1, 0, 1, 2, 0], ["逾期"]), ("测试市民政局", [1, 1, 0, 0, 1], ["按时"])]
    assert "逾期 15 个工作日未答复：LY-003（2025-11-03 留言，应于 2025-11-10 前答复）" in table.rows[0].notes
    assert "逾期 2 个工作日答复：LY-002 公交站台太窄" in table.rows[0].notes
    assert not [d for d in project.build(write=False, today=TODAY).diagnostics if d.code.startswith("W73")]
    assert project.build(today=TODAY).exit_code == 0
    ledger = project.read("portal/tz/index.html")
    assert '<h2 id="gk-ledger-interaction">政民互动留言办理</h2>' in ledger
    assert '<th scope="row">测试市人民政府</th>\n<td>1</td><td>0</td><td>1</td><td>2</td><td>0</td>' in ledger
    assert "路灯不亮" not in ledger  # an unanswered message is counted, never shown


def test_check_prints_the_interaction_ledger_and_names_the_table(make_project):
    import subprocess
    import sys

    project = project_with(make_project)
    run = subprocess.run([sys.executable, "-m", "generator.cli", "check", str(project.root), "--format", "json"],
                         capture_output=True, text=True, cwd=REPO,
                         env={"SOURCE_DATE_EPOCH": "1764547200", "PATH": "/usr/bin:/bin"})  # 2025-12-01
    data = json.loads(run.stdout)
    assert [(d["code"], d["file"], d["line"]) for d in data["diagnostics"] if d["code"].startswith("W73")] == [
        ("W730", "interaction/messages.csv", 3), ("W731", "interaction/messages.csv", 4)]
    assert data["ledger_tables"][0]["title"] == "政民互动留言办理"
    run = subprocess.run([sys.executable, "-m", "generator.cli", "check", str(project.root)], capture_output=True,
                         text=True, cwd=REPO, env={"SOURCE_DATE_EPOCH": "1764547200", "PATH": "/usr/bin:/bin"})
    text = run.stdout + run.stderr
    assert "interaction/messages.csv:3:9: 警告[W730]" in text
    assert "【政民互动留言办理】答复时限：留言之日起 5 个工作日内（按法定工作日计算）。" in text


def test_faq_documents_must_exist_and_be_public(make_project):
    faq = FAQ.replace("相关文件: [mzj/dibao-2025]", "相关文件: [mzj/dibao-2024, mzj/secret]")
    project = project_with(make_project, faq=faq, **{
        "content/mzj/secret.md": doc("内部文件", org="mzj", item="dibao-policy", disclosure="不予公开")})
    result = project.build(today=TODAY)
    assert [(d.code, d.file, d.line, d.column, d.message, d.hint) for d in [d for d in result.diagnostics if d.severity == "error"]] == [
        ("E742", "interaction/faq.yaml", 9, 12, "常见问题引用的文档 \"mzj/dibao-2024\" 不存在", "是否应为 \"mzj/dibao-2025\"？"),
        ("E743", "interaction/faq.yaml", 9, 28, "常见问题引用的文档 \"mzj/secret\" 不公开",
         "常见问题只能链接主动公开的文档：改为主动公开文档的编号，或删去它")]


def test_bad_messages_are_named_at_their_cells(make_project):
    rows = [
        ["LY-1", "", "没有标题的留言。", "", "2025-11-03", "", "mzj", "", ""],
        ["LY-2", "单位写错", "内容。", "", "2025-11-03", "", "测试市民证局", "答复。", "2025-11-04"],
        ["LY-3", "有答复没日期", "内容。", "", "2025-11-03", "", "mzj", "答复。", ""],
        ["LY-4", "答复早于留言", "内容。", "", "2025-11-03", "", "mzj", "答复。", "2025-11-01"],
        ["留言5", "编号是中文", "内容。", "", "2025-11-03", "", "mzj", "答复。", "2025-11-04"],
        ["LY-1", "编号重复", "内容。", "", "2025-11-03", "", "mzj", "答复。", "2025-11-04"],
    ]
    project = project_with(make_project, rows)
    result = project.build(today=TODAY)
    assert [(d.code, d.line, d.column, d.message) for d in [d for d in result.diagnostics if d.severity == "error"]] == [
        ("E731", 2, 2, "留言 LY-1 的“标题”为空"),
        ("E732", 3, 7, "答复单位 \"测试市民证局\" 不是本平台的单位"),
        ("E733", 4, 8, "留言 LY-3 有“答复内容”但没有“答复日期”"),
        ("E734", 5, 9, "留言 LY-4 的答复日期 2025-11-01 早于留言日期 2025-11-03"),
        ("E735", 6, 1, "留言编号 \"留言5\" 含有字母、数字、连字符和下划线以外的字符"),
        ("E915", 7, 1, "单元格 A7（编号）的值 \"LY-1\" 重复，首次出现在第 2 行")]
    assert next(d for d in result.diagnostics if d.code == "E732").hint == "是否应为 \"测试市民政局\"？"
    assert all(d.file == "interaction/messages.csv" for d in result.diagnostics if d.severity == "error")


def test_settings_and_faq_file_problems_are_positioned(make_project):
    platform = PLATFORM + INTERACTION.replace("  files: interaction/messages.csv\n",
                                              "  site: portl\n  files: [interaction/messages.csv, interaction/more.csv]\n")
    faq = """\
常见问题:
  - id: a
    问题: 第一个问题
    答复: 答复。
    答复单元: mzj
  - id: a
    问题: 手机号写进了答复
    答复: 请拨打13800138000咨询。
  - id: c
    答复: 没有问题。
"""
    project = project_with(make_project, faq=faq, platform=platform)
    result = project.build(today=TODAY)
    assert [(d.code, d.file, d.line, d.message, d.hint) for d in [d for d in result.diagnostics if d.severity == "error"]] == [
        ("E737", "interaction/faq.yaml", 5, "常见问题文件中有未知字段 \"答复单元\"", "是否应为 \"答复单位\"？"),
        ("E738", "interaction/faq.yaml", 9, "常见问题缺少必填字段 \"question\"", "在 常见问题、2 中添加 question: …"),
        ("E730", "platform.yaml", 15, "政民互动的站点 \"portl\" 不存在",
         "interaction.site 写 sites 中某个站点的 id（默认为门户）：是否应为 \"portal\"？"),
        ("E745", "platform.yaml", 16, "找不到留言表文件 \"interaction/more.csv\"",
         "interaction.files 中的路径相对于项目根目录；是否应为 \"interaction/messages.csv\"？")]
    faq = faq.replace("    答复单元: mzj\n", "").replace("  - id: c\n    答复: 没有问题。\n", "")
    project.write("interaction/faq.yaml", faq)
    project.write("platform.yaml", PLATFORM + INTERACTION)
    result = project.build(today=TODAY)
    assert [(d.code, d.file, d.line, d.message) for d in [d for d in result.diagnostics if d.severity == "error"]] == [
        ("E741", "interaction/faq.yaml", 5, "常见问题编号 \"a\" 重复，首次出现在第 2 行"),
        ("E744", "interaction/faq.yaml", 7, "常见问题中有手机号：138****8000（个人信息不得公开）")]
    project.write("platform.yaml", PLATFORM + INTERACTION.replace("https://liuyan.example.gov.cn/", "liuyan")
                  .replace("  reply_limit: 5", "  replylimit: 5"))
    result = project.build(today=TODAY)
    assert [(d.code, d.line, d.message, d.hint) for d in result.diagnostics] == [
        ("E104", 17, "字段 \"message_form\" 的值 \"liuyan\" 无效：格式不符",
         "写成以 http:// 或 https:// 开头的完整网址（本平台留言系统的留言页面）"),
        ("E102", 18, "未知字段 \"replylimit\"", "是否应为 \"reply_limit\"？")]


def test_chinese_keys_and_a_yaml_messages_table(make_project):
    platform = PLATFORM + """\
政民互动:
  留言: interaction/messages.yaml
  留言入口: https://liuyan.example.gov.cn/
  答复时限: 3
"""
    messages = """\
- 编号: Y1
  标题: 社保卡怎么补办
  留言内容: 社保卡丢了。
  留言人: 王五
  留言日期: 2025-11-03
  答复单位: 测试市人民政府
  答复内容: 到服务大厅补办。
  答复日期: 2025-11-04
"""
    project = make_project({"platform.yaml": platform, "interaction/messages.yaml": messages})
    result = project.build(today=TODAY)
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/hdjl/ly/Y1/index.html")
    assert "王*" in page and "王五" not in page
    assert not (project.out / "portal/hdjl/cjwt/index.html").exists()
    assert "cjwt" not in project.read("portal/hdjl/xcyc/index.html")


@pytest.mark.browser
def test_a_question_typed_before_leaving_a_message_finds_its_answers_from_disk(make_project):
    project = project_with(make_project)
    assert project.build(today=TODAY).exit_code == 0
    with browser_page() as page:
        page.goto((project.out / "portal/hdjl/xcyc/index.html").as_uri())
        page.wait_for_selector("[data-hdjl-ask]:not([hidden])", timeout=15000)
        box = page.get_by_label("您的问题")
        box.fill("低保需要什么材料，怎么申请")
        page.wait_for_function("document.querySelector('[data-hdjl-suggestions] a')?.textContent === '低保怎么申请？'")
        box.fill("请问每个月的低保金是几号发放")
        page.wait_for_function("document.querySelector('[data-hdjl-suggestions] a')?.textContent === '低保金什么时候发放？'")
        assert "公交" not in page.locator("[data-hdjl-suggestions]").text_content()
        assert page.get_by_role("link", name="去留言").get_attribute("href") == "https://liuyan.example.gov.cn/"
        page.locator("[data-hdjl-suggestions] a").first.click()
        page.wait_for_url("**/hdjl/ly/LY-001/index.html")
        assert page.locator("h1").text_content() == "低保金什么时候发放？"


@pytest.mark.browser
def test_the_interaction_pages_are_accessible_and_work_without_javascript(example_build):
    out, _ = example_build
    axe = REPO / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.is_file():
        pytest.fail("axe-core missing: run scripts/install-test-deps.sh (npm ci)")
    pages = ["hdjl/index.html", "hdjl/ly/LY2026-0959/index.html", "hdjl/cjwt/index.html",
             "hdjl/cjwt/dibao-shenqing/index.html", "hdjl/xcyc/index.html", "tz/index.html"]
    found = {}
    with browser_page() as page:
        for path in pages:
            page.goto((out / "portal" / path).as_uri())
            page.add_script_tag(path=str(axe))
            result = page.evaluate("axe.run({runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})")
            for violation in result["violations"]:
                found.setdefault(path, []).append((violation["id"], [n["target"] for n in violation["nodes"]][:3]))
    assert found == {}
    with browser_page(java_script_enabled=False) as page:
        page.goto((out / "portal/hdjl/xcyc/index.html").as_uri())
        assert page.locator("[data-hdjl-ask]").is_hidden()
        page.get_by_role("link", name="常见问题").last.click()
        page.wait_for_url("**/hdjl/cjwt/index.html")


@pytest.mark.browser
def test_the_site_search_finds_a_reply(example_build):
    out, _ = example_build
    with browser_page() as page:
        page.goto((out / "portal/search/index.html").as_uri() + "?q=" + quote("小区二次供水水箱多久清洗"))
        page.wait_for_selector("[data-search-results][data-search-state=done]", timeout=15000)
        first = page.locator("[data-search-results] a.gk-result__title").first
        assert "hdjl/ly/LY2026-0959/index.html" in first.get_attribute("href")


def test_the_example_publishes_its_messages_and_faq(example_build):
    out, result = example_build
    portal = out / "portal"
    main = (portal / "hdjl/index.html").read_text(encoding="utf-8")
    assert main.count('class="gk-entry__title"') == 20 and (portal / "hdjl/index_2.html").is_file()
    faq = (portal / "hdjl/cjwt/index.html").read_text(encoding="utf-8")
    assert faq.count('<section class="gk-hdjl-faq"') >= 10
    assert not (portal / "hdjl/ly/LY2026-1133").exists()  # unanswered: counted, not published
    assert '<a class="gk-nav__link" href="hdjl/index.html">政民互动</a>' in (portal / "index.html").read_text(encoding="utf-8")
    ledger = (portal / "tz/index.html").read_text(encoding="utf-8")
    assert "逾期 7 个工作日未答复：LY2026-1133（2026-11-10 留言，应于 2026-11-17 前答复）" in ledger
