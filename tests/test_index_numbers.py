"""索引号 never move once given: back-dated inserts, deletions and renames leave every other number as it was."""

from __future__ import annotations

import re

from conftest import doc
from generator.index_numbers import REGISTER_FILE

CODE = "000000001"  # the test city government's organization code (conftest.SZF)


def numbers(project) -> dict[str, str]:
    """Document id -> 索引号, as the register records them."""
    text = (project.root / REGISTER_FILE).read_text(encoding="utf-8")
    return dict(re.findall(r'^"([^"]+)": \{index_no: "([^"]+)"', text, re.M))


def shown_number(project, name: str) -> str:
    page = project.read(f"portal/doc/{name}/index.html")
    return re.search(r"索引号</th>\s*<td>([^<]+)</td>", page).group(1)


def city(make_project):
    project = make_project({"content/szf/a.md": doc("甲通知", published="2025-05-10"),
                            "content/szf/b.md": doc("乙通知", published="2025-06-10")})
    assert project.build().exit_code == 0
    assert numbers(project) == {"szf/a": f"{CODE}/2025-00001", "szf/b": f"{CODE}/2025-00003",
                                "szf/notice": f"{CODE}/2025-00002"}  # first build: in publication order
    return project


def test_a_back_dated_document_takes_a_new_number_and_moves_none(make_project):
    project = city(make_project)
    project.write("content/szf/early.md", doc("补录的旧通知", published="2025-05-07"))
    assert project.build().exit_code == 0
    assert numbers(project) == {"szf/a": f"{CODE}/2025-00001", "szf/b": f"{CODE}/2025-00003",
                                "szf/notice": f"{CODE}/2025-00002", "szf/early": f"{CODE}/2025-00004"}
    assert shown_number(project, "b") == f"{CODE}/2025-00003"
    assert shown_number(project, "early") == f"{CODE}/2025-00004"


def test_a_deleted_documents_number_is_never_given_again(make_project):
    project = city(make_project)
    project.remove("content/szf/a.md")
    project.write("content/szf/c.md", doc("丙通知", published="2025-05-08"))
    assert project.build().exit_code == 0
    given = numbers(project)
    assert given["szf/b"] == f"{CODE}/2025-00003" and given["szf/notice"] == f"{CODE}/2025-00002"
    assert given["szf/c"] == f"{CODE}/2025-00004"
    assert given["szf/a"] == f"{CODE}/2025-00001", "the deleted document's number stays registered"


def test_a_renamed_document_keeps_its_number(make_project):
    project = city(make_project)
    text = (project.root / "content/szf/b.md").read_text(encoding="utf-8")
    project.remove("content/szf/b.md")
    project.write("content/szf/renamed/index.md", text)
    assert project.build().exit_code == 0
    given = numbers(project)
    assert given["szf/renamed"] == f"{CODE}/2025-00003"
    assert "szf/b" not in given
    assert shown_number(project, "renamed") == f"{CODE}/2025-00003"


def test_changing_a_registered_number_by_hand_is_refused(make_project):
    project = city(make_project)
    published = project.read("portal/doc/b/index.html")
    project.write("content/szf/b.md", doc("乙通知", published="2025-06-10", index_no=f"{CODE}/2025-00009"))
    result = project.build()
    assert result.exit_code == 1
    assert project.text(result) == (
        f'content/szf/b.md:8:11: 错误[E411]: 索引号 "{CODE}/2025-00009" 与本文件已登记的索引号 {CODE}/2025-00003 不同\n'
        f"  8 | index_no: {CODE}/2025-00009\n"
        "    |           ^\n"
        f"  提示: 已发布文件的索引号不能改变：删除 index_no 或改回 {CODE}/2025-00003；"
        "确需更正时，在 index-numbers.yaml 中同时修改本文件的登记")
    assert project.read("portal/doc/b/index.html") == published
    assert numbers(project)["szf/b"] == f"{CODE}/2025-00003"


def test_a_hand_written_number_of_another_document_is_a_duplicate(make_project):
    project = city(make_project)
    project.remove("content/szf/a.md")
    project.write("content/szf/d.md", doc("丁通知", index_no=f"{CODE}/2025-00003"))
    result = project.build()
    assert [(d.code, d.file, d.message) for d in result.diagnostics] == [
        ("E402", "content/szf/d.md", f'索引号 "{CODE}/2025-00003" 重复，index-numbers.yaml 中的 szf/b 已使用')]


def test_only_a_build_that_publishes_records_numbers(make_project):
    project = make_project()
    assert project.build(write=False).exit_code == 0  # gongkai check
    assert not (project.root / REGISTER_FILE).exists()
    assert project.build(record_numbers=False).exit_code == 0  # gongkai serve's previews
    assert not (project.root / REGISTER_FILE).exists()
    assert project.build().exit_code == 0
    assert numbers(project) == {"szf/notice": f"{CODE}/2025-00001"}


def test_a_damaged_register_is_reported_at_its_line(make_project):
    project = city(make_project)
    register = project.root / REGISTER_FILE
    register.write_text(register.read_text(encoding="utf-8").replace('index_no: "000000001/2025-00002"', "index_no: 2"),
                        encoding="utf-8")
    result = project.build()
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [("E410", REGISTER_FILE, 6)]
    assert result.exit_code == 1


def test_a_register_not_in_utf8_is_one_problem(make_project):
    # saved in GBK by an editor: one E410 for the file, not one for each line read before the first bad byte
    project = city(make_project)
    register = project.root / REGISTER_FILE
    text = register.read_text(encoding="utf-8").replace('index_no: "000000001/2025-00002"', "index_no: 2")
    register.write_bytes(text.encode("utf-8") + '"szf/old": {index_no: "000000001/2024-00001", title: "旧"}\n'.encode("gbk"))
    result = project.build()
    assert [(d.code, d.file, d.line) for d in result.diagnostics] == [("E410", REGISTER_FILE, 1)]
    assert result.exit_code == 1


def test_check_names_documents_whose_number_is_not_registered_yet(make_project):
    project = make_project({"content/szf/a.md": doc("甲通知", published="2025-05-10")})
    checked = project.build(write=False, ledger=True)
    assert [(d.code, d.file, d.message) for d in checked.diagnostics if d.code == "W410"] == [
        ("W410", REGISTER_FILE, "2 个文件的索引号还没有登记（如 szf/a、szf/notice）")]
    assert project.build().exit_code == 0
    assert "W410" not in [d.code for d in project.build(write=False, ledger=True).diagnostics]
