"""The guard: nothing non-public and no personal data reaches the output, whatever the input."""

from __future__ import annotations

import base64
import json
import zipfile

import pytest

from conftest import doc, image_pdf, search_entries, text_pdf

ID = "11010519491231002X"     # valid GB 11643 check digit
ID_BAD = "110105194912310021"  # wrong check digit: an ordinary number
MOBILE = "13812345678"
CARD = "6222021234567890128"   # passes Luhn
CARD_BAD = "6222021234567890126"


def all_output(project) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(project.out.rglob("*")) if p.is_file())


def test_personal_data_stops_the_build_with_file_line_and_masked_value(make_project):
    body = f"申请人张某某。\n\n身份证号：{ID}\n\n联系电话：{MOBILE}，银行卡 {CARD}。"
    project = make_project({"content/szf/notice.md": doc("通知", body=body)})
    result = project.build()
    assert result.exit_code == 1
    assert project.text(result) == (
        "content/szf/notice.md:12:6: 错误[E320]: 发现身份证号：1101**********002X（个人信息不得公开）\n"
        f"  12 | 身份证号：{ID}\n"
        "     |           ^\n"
        "  提示: 删除该信息；如属依法应当公示的内容，在前置元数据中声明 personal_data: {allow: [身份证号], reason: 公示依据}，发布时按规定打码\n"
        "content/szf/notice.md:14:6: 错误[E320]: 发现手机号：138****5678（个人信息不得公开）\n"
        f"  14 | 联系电话：{MOBILE}，银行卡 {CARD}。\n"
        "     |           ^\n"
        "  提示: 删除该信息；如属依法应当公示的内容，在前置元数据中声明 personal_data: {allow: [手机号], reason: 公示依据}，发布时按规定打码\n"
        "content/szf/notice.md:14:22: 错误[E320]: 发现银行卡号：6222 **** **** 0128（个人信息不得公开）\n"
        f"  14 | 联系电话：{MOBILE}，银行卡 {CARD}。\n"
        "     |                               ^\n"
        "  提示: 删除该信息；如属依法应当公示的内容，在前置元数据中声明 personal_data: {allow: [银行卡号], reason: 公示依据}，发布时按规定打码")
    assert not project.out.exists()


def test_numbers_that_only_look_personal_pass(make_project):
    body = (f"编号 {ID_BAD}，卡号 {CARD_BAD}，索引号 01140001X/2024-00001，电话 0851-86300012，"
            "金额 12345678901 元以内的项目除外。")
    project = make_project({"content/szf/notice.md": doc("通知", body=body)})
    result = project.build()
    assert result.diagnostics == []  # bad check digit, bad Luhn, 索引号, landline, a number starting 12


def test_declared_personal_data_is_published_masked_everywhere(make_project):
    declared = "{allow: [身份证号, 手机号], reason: 依据《社会救助暂行办法》公示审核对象}"
    project = make_project({
        "content/szf/gs/index.md": doc(f"公示（联系人电话{MOBILE}）", body=f"王某某，身份证号 {ID}，联系电话 {MOBILE}。",
                                       personal_data=declared),
        "content/szf/gs/list.csv": f"姓名,身份证号\n王某某,{ID}\n",
    })
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    blob = all_output(project)
    assert ID.encode() not in blob and MOBILE.encode() not in blob
    page = project.read("portal/doc/gs/index.html")
    assert "1101**********002X" in page and "138****5678" in page
    assert "<em>" not in page, "a mask's asterisks are not Markdown emphasis"
    [entry] = [e for e in search_entries(project.out / "portal").values() if e["p"] == "doc/gs/index.html"]
    assert "身份证号 1101**********002X，联系电话 138****5678" in entry["s"][0][2], "the excerpt shows the mask as published"
    assert (project.out / "portal/doc/gs/list.csv").read_text(encoding="utf-8") == "姓名,身份证号\n王某某,1101**********002X\n"


def test_personal_data_in_an_office_attachment_is_found(make_project, tmp_path):
    project = make_project({"content/szf/pkg/index.md": doc("附件文档")})
    with zipfile.ZipFile(project.root / "content/szf/pkg/roster.docx", "w") as docx:
        docx.writestr("word/document.xml", f"<w:document><w:t>{MOBILE}</w:t></w:document>")
    result = project.build()
    [finding] = result.diagnostics
    assert (finding.code, finding.file, finding.message) == (
        "E320", "content/szf/pkg/roster.docx", "发现手机号：138****5678（个人信息不得公开）")


def test_personal_data_in_a_pdf_attachment_stops_the_build(make_project):
    project = make_project({"content/szf/pkg/index.md": doc("附件文档")})
    text_pdf(project.root / "content/szf/pkg/roster.pdf", [("审核对象名单", 16, "center"), (f"王某某 {ID}", 12, "flush")])
    result = project.build()
    [finding] = result.diagnostics
    assert (finding.code, finding.file, finding.message) == (
        "E320", "content/szf/pkg/roster.pdf", "发现身份证号：1101**********002X（个人信息不得公开）")
    assert not project.out.exists()


def test_a_clean_text_pdf_attachment_passes_without_manual_review(make_project):
    project = make_project({"content/szf/pkg/index.md": doc("附件文档")})
    text_pdf(project.root / "content/szf/pkg/plan.pdf", [("工作方案", 16, "center"), ("索引号 01140001X/2024-00001", 12, "flush")])
    result = project.build()
    assert result.exit_code == 0 and result.diagnostics == []


@pytest.mark.parametrize("content", [None, b"%PDF-1.4"])
def test_a_pdf_without_a_text_layer_is_flagged_for_manual_review(make_project, content):
    project = make_project({"content/szf/pkg/index.md": doc("附件文档")})
    scan = project.root / "content/szf/pkg/scan.pdf"
    scan.write_bytes(content) if content else image_pdf(scan)
    result = project.build()
    assert [(d.code, d.message) for d in result.diagnostics] == [
        ("W330", "附件 scan.pdf 无法自动检查个人信息（PDF 文件）")]


def test_declared_personal_data_in_a_pdf_cannot_be_masked_and_stops_the_build(make_project):
    declared = "{allow: [身份证号], reason: 依据《社会救助暂行办法》公示审核对象}"
    project = make_project({"content/szf/gs/index.md": doc("公示", personal_data=declared)})
    text_pdf(project.root / "content/szf/gs/list.pdf", [(f"王某某 {ID}", 12, "flush")])
    result = project.build()
    [finding] = result.diagnostics
    assert (finding.code, finding.file, finding.message) == (
        "E321", "content/szf/gs/list.pdf", "PDF 附件中有身份证号：1101**********002X，PDF 文件无法自动打码")
    assert not project.out.exists()


def test_withheld_document_marker_never_reaches_any_output_byte(make_project):
    marker = "SECRET-MARKER-7f3a"
    project = make_project({
        "content/szf/minutes.md": doc(f"常务会议纪要{marker}", disclosure="不予公开", body=f"内部讨论 {marker}",
                                      summary=marker),
        "content/szf/apply/index.md": doc("依申请公开的文件", disclosure="依申请公开", body=marker),
        "content/szf/apply/data.csv": marker,
    })
    result = project.build()
    assert result.exit_code == 0
    for path in project.out.rglob("*"):
        if not path.is_file():
            continue
        data = path.read_bytes()
        assert marker.encode() not in data, path
        if path.suffix in (".json", ".js"):
            assert marker not in json.dumps(data.decode("utf-8", "replace"), ensure_ascii=False)
        try:  # encoded copies (e.g. a search index) must not hide it either
            assert marker.encode() not in base64.b64decode(data, validate=False)
        except ValueError:
            pass
    assert result.platform.withheld_documents == 2
