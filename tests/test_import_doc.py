"""`gongkai import-doc`: an official document (公文) as Word or PDF into content/<org>/<name>/index.md."""

from __future__ import annotations

import io
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
import yaml
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt
from PIL import Image

from conftest import image_pdf, text_pdf
from generator.doc_import import body_markdown, doc_type, import_document, parse_date, parse_official
from generator.doc_readers import Block

TITLE = "测试市民政局关于调整城乡最低生活保障标准的通知"
BODY = ("为保障困难群众基本生活，根据国家和省有关规定，结合本市实际，现就调整城乡最低生活保障标准"
        "有关事项通知如下。")


def gongkai(*args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True)


def official_docx(path: Path, number: str | None = "测民发[2025]012号", written: str = "2025年5月6日",
                  disclosure: str | None = "（此件公开发布）", attachments: tuple[str, ...] = ()) -> Path:
    """A 公文 in the GB/T 9704 layout, as a clerk's Word file: 版头, title over two centered lines,
    主送机关, headings, a run in bold, numbered items, a table, an image, a bulleted list, 附件说明,
    署名, 成文日期, 公开属性 and 版记."""
    document = Document()

    def line(text: str, size: float = 16, align: str | None = None, bold: bool = False):
        paragraph = document.add_paragraph()
        run = paragraph.add_run(text)
        run.font.size, run.bold = Pt(size), bold
        paragraph.alignment = {"center": WD_ALIGN_PARAGRAPH.CENTER, "right": WD_ALIGN_PARAGRAPH.RIGHT}.get(align)
        return paragraph

    line("测试市民政局文件", 36, "center")
    if number:
        line(number, 16, "center")
    line("测试市民政局关于调整城乡最低生活保障", 22, "center")
    line("标准的通知", 22, "center")
    line("各区县民政局：")
    line(BODY)
    line("一、调整标准", bold=True)
    paragraph = line("坚持应保尽保，")
    paragraph.add_run("“低保”").bold = True
    paragraph.add_run("资金按月足额发放。")
    line("（一）城市低保")
    line("1．城市低保标准每人每月提高到800元。")
    line("2．农村低保标准每人每月提高到600元。")
    table = document.add_table(rows=3, cols=2)
    for r, row in enumerate([["类别", "标准（元/月）"], ["城市", "800"], ["农村", "600"]]):
        for c, text in enumerate(row):
            table.cell(r, c).text = text
    picture = io.BytesIO()
    Image.new("RGB", (20, 10), "red").save(picture, "PNG")
    picture.seek(0)
    document.add_picture(picture)
    document.add_paragraph("按时发放", style="List Bullet")
    document.add_paragraph("公开审核结果", style="List Bullet")
    for number_, title in enumerate(attachments, 1):
        line(("附件：" if number_ == 1 else "　　　") + (f"{number_}. {title}" if len(attachments) > 1 else title))
    line("测试市民政局", align="right")
    line(written, align="right")
    if disclosure:
        line(disclosure)
    line("抄送：测试市人民政府办公室。")
    line("测试市民政局办公室　　　　2025年5月8日印发")
    document.save(path)
    return path


def front_matter(index: Path) -> tuple[dict, str, str]:
    """(front matter, its raw text, body) of a written index.md."""
    _, raw, body = index.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(raw), raw, body


def run_import(project, source: Path, *attach: Path, org: str = "mzj", item: str = "dibao-policy"):
    return import_document(source, org, item, project.root, list(attach))


def test_a_word_document_becomes_front_matter_and_a_markdown_body(make_project, tmp_path):
    project = make_project()
    source = official_docx(tmp_path / "通知.docx")
    run = gongkai("import-doc", str(source), "--org", "mzj", "--item", "dibao-policy", "--project", str(project.root))
    assert run.returncode == 0, run.stderr
    index = project.root / "content/mzj/2025-12/index.md"
    assert f"已写入 {index}" in run.stdout
    meta, raw, body = front_matter(index)
    assert meta == {"title": TITLE, "org": "mzj", "item": "dibao-policy", "type": "文件",
                    "doc_number": "测民发〔2025〕12号", "written": date(2025, 5, 6), "published": date(2025, 5, 6),
                    "disclosure": "主动公开"}
    assert "# published（发布日期）暂按成文日期填写，请改为在网站上发布的日期。" in raw
    assert body == (
        "各区县民政局：\n\n" + BODY + "\n\n## 一、调整标准\n\n坚持应保尽保，“**低保**”资金按月足额发放。\n\n"
        "### （一）城市低保\n\n1. 城市低保标准每人每月提高到800元。\n2. 农村低保标准每人每月提高到600元。\n\n"
        "| 类别 | 标准（元/月） |\n| --- | --- |\n| 城市 | 800 |\n| 农村 | 600 |\n\n![图1](tu-1.png)\n\n"
        "- 按时发放\n- 公开审核结果\n")
    assert (index.parent / "tu-1.png").read_bytes().startswith(b"\x89PNG")
    assert run.stderr == ""


@pytest.mark.parametrize("text, expected", [
    ("2025年5月6日", date(2025, 5, 6)),
    ("二〇二五年五月六日", date(2025, 5, 6)),
    ("二零二五年十二月二十六日", date(2025, 12, 26)),
    ("二〇二五年十月廿一日", date(2025, 10, 21)),
    ("二〇二四年十一月三十日", date(2024, 11, 30)),
    ("2025 年 12 月 1 日", date(2025, 12, 1)),
    ("二〇二五年二月三十日", None),
])
def test_both_date_forms_are_read(text, expected):
    assert parse_date(text) == expected


def test_a_chinese_date_in_the_document_becomes_written(make_project, tmp_path):
    project = make_project()
    outcome = run_import(project, official_docx(tmp_path / "a.docx", written="二〇二五年十二月二十六日"))
    meta, _, body = front_matter(outcome.written)
    assert (meta["written"], meta["published"]) == (date(2025, 12, 26), date(2025, 12, 26))
    assert "二〇二五" not in body and "测试市民政局\n" not in body


@pytest.mark.parametrize("line, disclosure", [
    ("（此件公开发布）", "主动公开"), ("（此件主动公开）", "主动公开"), ("（此件依申请公开）", "依申请公开"),
    ("（此件不予公开）", "不予公开"), ("公开属性：不予公开", "不予公开"),
])
def test_disclosure_comes_from_the_documents_own_line(make_project, tmp_path, line, disclosure):
    project = make_project()
    outcome = run_import(project, official_docx(tmp_path / "a.docx", disclosure=line))
    meta, _, body = front_matter(outcome.written)
    assert meta["disclosure"] == disclosure
    assert line not in body


def test_without_a_disclosure_line_none_is_written_and_the_report_says_so(make_project, tmp_path):
    project = make_project()
    source = official_docx(tmp_path / "a.docx", disclosure=None)
    run = gongkai("import-doc", str(source), "--org", "mzj", "--item", "dibao-policy", "--project", str(project.root))
    assert run.returncode == 0
    meta, raw, _ = front_matter(project.root / "content/mzj/2025-12/index.md")
    assert "disclosure" not in meta
    assert "# 原件没有公开属性：写上 disclosure（主动公开 / 依申请公开 / 不予公开）之前，这篇文档不能发布。" in raw
    assert (f"{source}: 警告[W802]: 原件中没有公开属性（如“（此件公开发布）”），前置元数据中没有写 disclosure\n"
            "  提示: 按公文的公开属性写上 disclosure: 主动公开、依申请公开 或 不予公开；写上之前这篇文档不能发布") in run.stderr
    assert "公开属性：（未找到，未写 disclosure）" in run.stdout


def test_a_missing_doc_number_is_named_and_left_out(make_project, tmp_path):
    project = make_project()
    outcome = run_import(project, official_docx(tmp_path / "a.docx", number=None))
    assert outcome.exit_code == 0
    assert outcome.written == project.root / "content/mzj/2025-05-06/index.md"  # named by the date
    meta, raw, body = front_matter(outcome.written)
    assert "doc_number" not in meta and meta["title"] == TITLE
    assert "# 原件中未找到：doc_number（发文字号），请对照原件补上。" in raw
    assert [(d.code, d.message) for d in outcome.diagnostics] == [
        ("W801", "原件中未找到发文字号，前置元数据中没有写 doc_number")]
    assert body.startswith("各区县民政局：\n\n")


def test_the_folder_name_is_unique_in_the_org(make_project, tmp_path):
    project = make_project()
    source = official_docx(tmp_path / "a.docx")
    first, second = run_import(project, source), run_import(project, source)
    assert (first.written.parent.name, second.written.parent.name) == ("2025-12", "2025-12-2")


def test_attached_files_are_matched_to_the_attachment_note(make_project, tmp_path):
    project = make_project()
    source = official_docx(tmp_path / "a.docx", attachments=("测试市低保申请表", "测试市低保标准测算说明"))
    explanation = tmp_path / "标准测算说明.pdf"   # by title, given first
    explanation.write_bytes(b"%PDF-1.4 explanation")
    form = tmp_path / "附件1.xlsx"               # by number
    form.write_bytes(b"form")
    outcome = run_import(project, source, explanation, form)
    meta, _, body = front_matter(outcome.written)
    assert meta["attachments"] == [{"file": "fujian-1.xlsx", "title": "测试市低保申请表"},
                                   {"file": "fujian-2.pdf", "title": "测试市低保标准测算说明"}]
    folder = outcome.written.parent
    assert (folder / "fujian-1.xlsx").read_bytes() == b"form"
    assert (folder / "fujian-2.pdf").read_bytes() == b"%PDF-1.4 explanation"
    assert "附件" not in body and outcome.diagnostics == []


def test_an_attachment_without_its_file_is_named(make_project, tmp_path):
    project = make_project()
    outcome = run_import(project, official_docx(tmp_path / "a.docx", attachments=("测试市低保申请表",)))
    assert [(d.code, d.message) for d in outcome.diagnostics] == [
        ("W803", "附件说明中的“测试市低保申请表”没有对应的附件文件")]
    assert "attachments" not in front_matter(outcome.written)[0]


def test_an_imported_document_builds_with_its_title_number_and_date(make_project, tmp_path):
    project = make_project()
    form = tmp_path / "申请表.csv"
    form.write_text("姓名,地址\n", encoding="utf-8")
    outcome = run_import(project, official_docx(tmp_path / "a.docx", attachments=("测试市低保申请表",)), form)
    assert outcome.exit_code == 0
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    page = project.read("portal/zt/mzj/doc/2025-12/index.html")
    assert f'<h1 class="gk-doc__title">{TITLE}</h1>' in page
    assert '<th scope="row">成文日期</th><td>2025年05月06日</td>' in page
    assert '<th scope="row">文　　号</th><td>测民发〔2025〕12号</td>' in page
    assert "一、调整标准</h2>" in page and "<td>800</td>" in page
    assert "测试市低保申请表" in page and (project.out / "portal/zt/mzj/doc/2025-12/fujian-1.csv").is_file()
    assert (project.out / "portal/zt/mzj/doc/2025-12/tu-1.png").is_file()


def official_pdf(path: Path, number: str = "测民发（2025）7号", disclosure: str = "（此件依申请公开）") -> Path:
    return text_pdf(path, [
        ("测试市民政局文件", 26, "center"), (number, 16, "center"),
        ("测试市民政局关于做好2025年度城乡低保", 22, "center"), ("复核工作的通知", 22, "center"),
        ("各区县民政局：", 16, "flush"), (BODY, 16, "para"), ("一、工作任务", 16, "para"), (BODY * 2, 16, "para"),
        ([["区县", "复核户数"], ["东区", "1200"]], 14, "table"), ("附件：复核工作统计表", 16, "para"), ("测试市民政局", 16, "right"), ("二〇二五年十二月二十六日", 16, "right"),
        (disclosure, 16, "para"), ("— 1 —", 12, "center"),
    ])


def test_a_text_pdf_gets_the_same_fields_and_its_wrapped_lines_joined(make_project, tmp_path):
    project = make_project()
    outcome = run_import(project, official_pdf(tmp_path / "通知.pdf"))
    assert outcome.exit_code == 0
    assert outcome.written == project.root / "content/mzj/2025-7/index.md"
    meta, _, body = front_matter(outcome.written)
    assert meta == {"title": "测试市民政局关于做好2025年度城乡低保复核工作的通知", "org": "mzj", "item": "dibao-policy",
                    "type": "文件", "doc_number": "测民发〔2025〕7号", "written": date(2025, 12, 26),
                    "published": date(2025, 12, 26), "disclosure": "依申请公开"}
    assert body == (f"各区县民政局：\n\n{BODY}\n\n## 一、工作任务\n\n{BODY * 2}\n\n"
                    "| 区县 | 复核户数 |\n| --- | --- |\n| 东区 | 1200 |\n")
    assert [d.code for d in outcome.diagnostics] == ["W803"]  # 复核工作统计表 was not given


def test_a_scanned_pdf_is_refused_and_nothing_is_written(make_project, tmp_path):
    project = make_project()
    scan = image_pdf(tmp_path / "扫描件.pdf")
    run = gongkai("import-doc", str(scan), "--org", "mzj", "--item", "dibao-policy", "--project", str(project.root))
    assert run.returncode == 1
    assert (f"{scan}: 错误[E806]: 扫描件.pdf 是扫描件（没有文字层），读不出其中的文字\n"
            "  提示: 请先用 OCR 文字识别软件转成带文字的 PDF，或改用 Word 原件导入") in run.stderr
    assert "未写入任何文件。" in run.stderr
    assert not (project.root / "content/mzj").exists()


@pytest.mark.parametrize("org, item, message, hint", [
    ("mzi", "dibao-policy", '错误[E803]: 单位 "mzi" 不存在：没有 catalogs/mzi.yaml', '是否应为 "mzj"？'),
    ("mzj", "dibao-polcy", '错误[E804]: 栏目 "dibao-polcy" 不存在于 catalogs/mzj.yaml', '是否应为 "dibao-policy"？'),
])
def test_an_unknown_org_or_item_is_a_usage_error(make_project, tmp_path, org, item, message, hint):
    project = make_project()
    source = official_docx(tmp_path / "a.docx")
    run = gongkai("import-doc", str(source), "--org", org, "--item", item, "--project", str(project.root))
    assert run.returncode == 2
    assert f"{message}\n  提示: {hint}" in run.stderr
    assert not (project.root / "content/mzj").exists()


def test_a_file_that_is_not_a_document_is_refused(make_project, tmp_path):
    project = make_project()
    broken = tmp_path / "broken.docx"
    broken.write_text("not a word file", encoding="utf-8")
    legacy = tmp_path / "old.doc"
    legacy.write_bytes(b"\xd0\xcf\x11\xe0")
    assert run_import(project, broken).exit_code == 1
    outcome = run_import(project, legacy)
    assert (outcome.exit_code, outcome.diagnostics[0].message) == (2, "不能导入 .doc 文件")
    assert not (project.root / "content/mzj").exists()


def test_a_letter_with_the_organs_name_as_its_mark_and_no_number():
    found = parse_official([
        Block(text="测试市民政局", centered=True, size=30), Block(text="测试市民政局关于商请提供低保数据的函", centered=True, size=22),
        Block(text="测试市统计局："), Block(text="请于6月底前提供有关数据。"), Block(text="测试市民政局", right=True),
        Block(text="2025年5月6日", right=True)])
    assert (found.mark, found.title, found.doc_number) == ("测试市民政局", "测试市民政局关于商请提供低保数据的函", None)
    assert ([b.text for b in found.body], found.signer, found.written) == (
        ["测试市统计局：", "请于6月底前提供有关数据。"], "测试市民政局", date(2025, 5, 6))


@pytest.mark.parametrize("title, kind", [
    ("测试市民政局关于调整城乡最低生活保障标准的通知", "文件"), ("测试市最低生活保障审核确认办法", "文件"),
    ("测试市民政局关于同意设立社区服务中心的批复", "文件"), ("《测试市最低生活保障审核确认办法》政策解读", "解读"),
    ("测试市民政局2025年政府信息公开工作年度报告", "年报"), ("测试市“十五五”民政事业发展规划", "规划"),
    ("关于2025年第二批低保对象的公示", "公示"), ("测试市低保资金管理办法（试行）", "文件"), ("测试市民政局工作简讯", None),
])
def test_the_type_is_read_from_the_title(title, kind):
    assert doc_type(title) == kind


def test_body_text_that_looks_like_markdown_is_shown_as_written():
    body = body_markdown([Block(text="1) 每月 *5日* 前发放"), Block(text="- 不是列表"), Block(text="3.5万元以内")], [])
    assert body == "1\\) 每月 \\*5日\\* 前发放\n\n\\- 不是列表\n\n3.5万元以内\n"
