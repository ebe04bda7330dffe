"""Assembly: placements, pagination, 索引号, 解读 links, sharing between sites."""

from __future__ import annotations

import re

from conftest import PLATFORM, doc

TWO_SITES = (PLATFORM + """\
  - id: mzj-site
    title: 测试市民政局
    kind: department
    org: mzj
    identity:
      site_code: "5200000002"
      icp: 测ICP备00000000号-2
      sponsor: 测试市民政局
      contact: "0851-80000001"
""").replace("    hosts: [mzj]\n", "")


def test_lists_are_paginated_newest_first(make_project):
    files = {f"content/szf/n{n:02d}.md": doc(f"第{n}号通知", published=f"2025-06-{n:02d}") for n in range(1, 26)}
    project = make_project({**files, "platform.yaml": PLATFORM.replace("sites:", "page_size: 10\nsites:")})
    assert project.build().exit_code == 0
    first = project.read("portal/zfxxgk/fdzdgknr/zfwj/index.html")
    third = project.read("portal/zfxxgk/fdzdgknr/zfwj/index_3.html")
    titles = re.findall(r'class="gk-entry__title" href="[^"]+">([^<]+)<', first)
    assert titles[:2] == ["第25号通知", "第24号通知"] and len(titles) == 10
    assert "共 26 条，第 1/3 页" in first and 'href="index_2.html" rel="next"' in first
    assert 'href="index_2.html" rel="prev"' in third and "共 26 条，第 3/3 页" in third
    assert not (project.out / "portal/zfxxgk/fdzdgknr/zfwj/index_4.html").exists()


def test_index_numbers_are_generated_unique_and_keep_handwritten_ones(make_project):
    project = make_project({
        "content/szf/a.md": doc("甲", published="2025-06-10"),
        "content/szf/b.md": doc("乙", published="2025-07-10", index_no="000000001/2025-00001"),
        "content/szf/c.md": doc("丙", published="2025-08-10"),
    })
    result = project.build()
    assert result.exit_code == 0
    numbers = {name: re.search(r"索引号</th><td>([^<]+)<", project.read(f"portal/doc/{name}/index.html")).group(1)
               for name in ("a", "b", "c", "notice")}
    assert numbers["b"] == "000000001/2025-00001"
    # numbered by publication date, skipping 00001 (taken by hand): notice 05-20, a 06-10, c 08-10
    assert [numbers[n] for n in ("notice", "a", "c")] == [f"000000001/2025-0000{k}" for k in (2, 3, 4)]


def test_interpretation_and_document_link_to_each_other(make_project):
    project = make_project({"content/szf/jd.md": doc("关于通知的解读", item="zcjd", type="解读",
                                                     published="2025-05-21", interprets="[szf/notice]")})
    assert project.build().exit_code == 0
    notice = project.read("portal/doc/notice/index.html")
    reading = project.read("portal/doc/jd/index.html")
    assert "相关解读" in notice and 'href="../jd/index.html">关于通知的解读</a>' in notice
    assert "解读的文件" in reading and 'href="../notice/index.html">' in reading


def test_hosted_department_gets_a_thematic_section(make_project):
    project = make_project({"content/mzj/dibao.md": doc("低保标准通知", org="mzj", item="dibao-policy")})
    assert project.build().exit_code == 0
    assert "低保标准通知" in project.read("portal/zt/mzj/index.html")
    assert "测试市民政局" in project.read("portal/zt/index.html")
    column = project.read("portal/zt/mzj/zfxxgk/fdzdgknr/dibao-policy/index.html")
    assert "低保标准通知" in column and "最低生活保障 › 政策文件" in column


def test_also_shares_one_record_into_another_site(make_project):
    project = make_project({
        "platform.yaml": TWO_SITES,
        "content/mzj/dibao.md": doc("低保标准通知", org="mzj", item="dibao-policy", also="[portal/gzdt]"),
    })
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    assert (project.out / "mzj-site/doc/dibao/index.html").is_file()
    copy = project.read("portal/gx/mzj/dibao/index.html")
    assert 'rel="canonical" href="https://www.example.gov.cn/mzj-site/doc/dibao/index.html"' in copy
    assert "本信息由测试市民政局发布" in copy
    assert "gx/mzj/dibao/index.html" in project.read("portal/gzdt/index.html")
    assert "gx/mzj/dibao/index.html" not in project.read("portal/zcwj/index.html")


def test_a_document_shared_from_an_organization_no_site_shows(make_project):
    # a county without a site of its own shares a notice onto the portal: listed there, without a home to point to
    platform = PLATFORM.replace("hosts: [mzj]", "hosts: []")
    project = make_project({"platform.yaml": platform,
                            "content/mzj/dibao.md": doc("低保标准通知", org="mzj", item="dibao-policy", also="[portal/gzdt]")})
    result = project.build()
    assert result.exit_code == 0, project.text(result)
    assert [d.code for d in result.diagnostics if d.code == "W201"] == ["W201"]
    copy = project.read("portal/gx/mzj/dibao/index.html")
    assert "低保标准通知" in copy  # its own canonical address: there is no other page of it
    assert 'rel="canonical" href="https://www.example.gov.cn/portal/gx/mzj/dibao/index.html"' in copy


def test_non_public_documents_are_not_placed_anywhere(make_project):
    project = make_project({"content/szf/secret.md": doc("内部会议纪要MARKER", disclosure="不予公开"),
                            "content/szf/apply.md": doc("依申请文件MARKER", disclosure="依申请公开")})
    result = project.build()
    assert result.exit_code == 0
    assert result.platform.withheld_documents == 2
    for path in project.out.rglob("*"):
        if path.is_file():
            assert b"MARKER" not in path.read_bytes(), path
