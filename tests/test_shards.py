"""Sharded builds (shards.py): N shards together publish exactly the single build, or nothing."""

from __future__ import annotations

import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE_TODAY, REPO, SZF, doc
from generator.build import build
from generator.cli import main
from generator.shards import (Shard, assign_sites, manifest_path, parse_shard, publish, result_path, shards_folder,
                              write_manifest)
from test_parallel import files_of

RUN = "test-run"


def build_shards(project: Path, out: Path, count: int, numbers=None, today=EXAMPLE_TODAY) -> list:
    return [build(project, out=out, today=today, shard=Shard(n, count, RUN))
            for n in (numbers or range(1, count + 1))]


def test_shards_publish_exactly_the_single_build(example_build, tmp_path):
    single, whole = example_build
    out = tmp_path / "public"
    results = build_shards(REPO, out, 3)
    assert [r.exit_code for r in results] == [0, 0, 0]
    assert not out.exists()  # nothing is published by a shard
    built = [site for r in results for site in r.shard.sites]
    assert sorted(built) == ["portal", "rsj"]  # every site in exactly one shard; the third has none
    done = publish(REPO, out, 3, RUN)
    assert done.exit_code == 0
    assert done.pages == whole.pages
    assert files_of(out) == files_of(single)


def test_a_missing_shard_publishes_nothing(example_build, tmp_path):
    single, _ = example_build
    out = tmp_path / "public"
    (out / "portal").mkdir(parents=True)
    (out / "portal" / "index.html").write_text("上次发布的网站", encoding="utf-8")
    before = files_of(out)
    build_shards(REPO, out, 2, numbers=[1])
    done = publish(REPO, out, 2, RUN)
    assert done.exit_code == 1
    assert [(d.code, d.severity) for d in done.diagnostics if d.code.startswith("E6")] == [("E603", "error")]
    assert "2/2" in done.diagnostics[-1].message
    assert files_of(out) == before


def test_a_killed_shard_leaves_the_published_output(tmp_path, make_project):
    project = make_project({f"content/szf/n{n:04d}.md": doc(f"关于第{n}项工作的通知", body="正文。" * 50)
                            for n in range(1500)})
    out = project.root / "public"
    assert main(["build", str(project.root), "--out", str(out)]) == 0
    before = files_of(out)
    command = [sys.executable, "-m", "generator.cli", "build", str(project.root), "--out", str(out),
               "--shard", "1/1", "--run", RUN, "--force"]
    shard = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             env=os.environ | {"GONGKAI_WORKERS": "1"}, start_new_session=True)
    shards = out.parent / ".public.shards"
    deadline = time.monotonic() + 120
    while not list(shards.glob(".part-1.tmp-*")) and shard.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)  # killed once it has started writing its part
    os.killpg(shard.pid, signal.SIGKILL)
    shard.wait()
    assert not result_path(out, 1, 1).exists()
    assert main(["publish", str(project.root), "--out", str(out), "--shards", "1", "--run", RUN]) == 1
    assert files_of(out) == before


def test_a_failed_shard_reports_its_errors_and_publishes_nothing(tmp_path, make_project, capsys):
    project = make_project({"content/szf/a.md": doc("关于甲的通知", body="正文。")})
    out = project.root / "public"
    assert main(["build", str(project.root), "--out", str(out)]) == 0
    before = files_of(out)
    project.write("content/szf/b.md", doc("关于乙的通知", body="见[另一份](missing.md)。"))
    assert main(["build", str(project.root), "--out", str(out), "--shard", "1/1", "--run", RUN]) == 1
    capsys.readouterr()
    assert main(["publish", str(project.root), "--out", str(out), "--shards", "1"]) == 1
    shown = capsys.readouterr().err
    assert "content/szf/b.md" in shown and "E404" in shown and "未发布" in shown
    assert files_of(out) == before


def test_a_ci_matrix_builds_from_the_manifest(example_build, tmp_path, monkeypatch):
    # the first job writes the manifest, each job of the matrix builds one shard, the last publishes
    single, _ = example_build
    out = tmp_path / "public"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795651200")  # EXAMPLE_TODAY, 2026-11-26
    assert main(["build", str(REPO), "--out", str(out), "--shards", "2", "--run", "sha1", "--manifest-only"]) == 0
    assert sorted(p.name for p in shards_folder(out).iterdir()) == [
        "manifest-sha1-1.pickle", "manifest-sha1-2.pickle", "manifest-sha1-register.pickle", "manifest-sha1.pickle"]
    for number in (2, 1):
        assert main(["build", str(REPO), "--out", str(out), "--shard", f"{number}/2", "--run", "sha1"]) == 0
    assert main(["publish", str(REPO), "--out", str(out), "--shards", "2", "--run", "sha1"]) == 0
    assert files_of(out) == files_of(single)


def test_shards_of_another_run_are_not_published(example_build, tmp_path):
    out = tmp_path / "public"
    build(REPO, out=out, today=EXAMPLE_TODAY, shard=Shard(1, 2, "old-run"))
    build(REPO, out=out, today=EXAMPLE_TODAY, shard=Shard(2, 2, RUN))
    done = publish(REPO, out, 2, RUN)
    assert [d.code for d in done.diagnostics if d.severity == "error"] == ["E604"]
    assert not out.exists()


def test_a_link_into_a_missing_file_of_another_shard_is_caught(make_project, tmp_path):
    # without url the portal links to the department site's pages as ../rsj/…, which shard 2 makes
    platform = """\
name: 测试平台
sites:
  - id: portal
    title: 测试市人民政府
    kind: portal
    org: szf
    identity: {site_code: "5200000001", icp: 测ICP备00000000号, sponsor: 测试市人民政府办公室, contact: "0851-80000000"}
  - id: rsj
    title: 测试市人社局
    kind: department
    org: rsj
    identity: {site_code: "5200000002", icp: 测ICP备00000000号-2, sponsor: 测试市人社局, contact: "0851-80000001"}
"""
    rsj = """\
org: {id: rsj, name: 测试市人力资源和社会保障局, kind: department, code: "000000003", offices: [办公室]}
items:
  - {id: tzgg, l1: 工作动态, l2: 通知公告, time_limit: 信息形成或者变更之日起20个工作日内, office: 办公室}
"""
    project = make_project({"platform.yaml": platform, "catalogs/rsj.yaml": rsj,
                            "content/rsj/jiuye.md": doc("就业补贴通知", org="rsj", item="tzgg", body="正文。"),
                            "content/szf/a.md": doc("转发通知", body="见[人社局通知](../rsj/jiuye.md)。")})
    out = project.root / "public"
    results = build_shards(project.root, out, 2, today=None)
    assert [r.exit_code for r in results] == [0, 0], [d.message for d in results[0].diagnostics]
    links = [target for r in results for target, _, _ in r.shard.links]
    assert any(target.startswith("rsj/") for target in links)
    rsj_part = next(r for r in results if "rsj" in r.shard.sites)
    target = next(t for t in links if t.startswith("rsj/") and t.endswith(".html"))
    (out.parent / ".public.shards" / f"part-{rsj_part.shard.number}" / target).unlink()
    done = publish(project.root, out, 2, RUN)
    assert [d.code for d in done.diagnostics if d.severity == "error"] == ["E602"]
    assert not out.exists()


def test_sites_are_dealt_by_work_deterministically():
    work = {"portal": 900, "a": 500, "b": 400, "c": 300, "d": 100, "e": 100}
    shards = assign_sites(work, 2)
    loads = [sum(work[s] for s in shard) for shard in shards]
    assert sorted(s for shard in shards for s in shard) == sorted(work)
    assert max(loads) - min(loads) <= 100
    assert assign_sites(work, 2) == shards  # the same split every time
    assert assign_sites(work, 8)[6:] == [[], []]


@pytest.mark.parametrize("text, expected", [("2/8", (2, 8)), ("1/1", (1, 1)), ("0/8", None), ("9/8", None),
                                            ("2-8", None), ("a/b", None)])
def test_shard_option_is_read_or_refused(text, expected):
    assert parse_shard(text) == expected


def test_bad_shard_option_is_a_usage_error(make_project, capsys):
    project = make_project()
    assert main(["build", str(project.root), "--shard", "3/2"]) == 2
    assert "K/N" in capsys.readouterr().err


@pytest.mark.parametrize("option", [["--manifest-only"], ["--cluster", "local"]])
def test_shards_only_options_without_shards_are_a_usage_error(make_project, tmp_path, capsys, option):
    """Not silently an ordinary build: nothing is built or published."""
    project = make_project()
    out = tmp_path / "public"
    assert main(["build", str(project.root), "--out", str(out), *option]) == 2
    assert "--shards" in capsys.readouterr().err
    assert not out.exists()


def test_dask_local_cluster_runs_the_shards(example_build, tmp_path, monkeypatch):
    pytest.importorskip("distributed")
    single, _ = example_build
    out = tmp_path / "public"
    epoch = str(int(time.mktime(EXAMPLE_TODAY.timetuple())) + 43200)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    assert main(["build", str(REPO), "--out", str(out), "--shards", "2", "--cluster", "local", "--workers", "2"]) == 0
    assert files_of(out) == files_of(single)
    assert not list((tmp_path / ".public.shards").glob("shard-*.json"))


@pytest.mark.parametrize("manifest", [False, True], ids=["each shard surveys", "from the manifest"])
def test_a_province_in_shards_is_the_single_build(tmp_path, manifest):
    # 15 sites: portals, department sites and 专题, documents shared across sites, 解读 across organizations
    sys.path.insert(0, str(REPO / "bench"))
    from synthetic import make_province

    project = tmp_path / "province"
    make_province(project, 300)
    register = project / "index-numbers.yaml"
    assert not register.exists()
    out = tmp_path / "public"
    if manifest:
        write_manifest(project, out, RUN, 4, EXAMPLE_TODAY)
        shares = [pickle.loads(manifest_path(out, RUN, n).read_bytes()).documents for n in range(1, 5)]
    results = build_shards(project, out, 4)
    assert [r.exit_code for r in results] == [0, 0, 0, 0]
    assert all(r.shard.sites for r in results)
    assert not register.exists()  # recorded only once every shard succeeded
    assert publish(project, out, 4, RUN).exit_code == 0
    assert not list(shards_folder(out).glob("manifest-*"))  # publishing clears the run's manifest
    recorded = register.read_text(encoding="utf-8")  # the 索引号 the survey gave, recorded by publish
    register.unlink()
    single = build(project, out=tmp_path / "single", today=EXAMPLE_TODAY)
    assert single.exit_code == 0
    assert files_of(out) == files_of(tmp_path / "single")
    assert register.read_text(encoding="utf-8") == recorded
    if manifest:  # each shard read its share: its sites' organizations' documents and what their pages name
        every = {doc_id for site in single.platform.sites for doc_id in site.doc_paths}
        assert {d.id for share in shares for d in share} >= every
        assert sorted(len(share) for share in shares)[:3] < [len(every) // 2] * 3


def test_a_broken_link_in_a_document_no_site_shows_fails_the_sharded_build_too(make_project, capsys):
    tjj = SZF.replace("id: szf", "id: tjj").replace("测试市人民政府", "测试市统计局").replace('"000000001"', '"000000003"')
    project = make_project({"catalogs/tjj.yaml": tjj,
                            "content/tjj/a.md": doc("统计公报", org="tjj", body="见[附表](missing.md)。")})
    out = project.root / "public"
    assert main(["build", str(project.root), "--out", str(out)]) == 1
    single = capsys.readouterr().err
    assert "content/tjj/a.md" in single and "E404" in single
    assert main(["build", str(project.root), "--out", str(out), "--shards", "2"]) == 1
    shown = capsys.readouterr().err
    assert "content/tjj/a.md" in shown and "E404" in shown
    assert not out.exists()


def test_documents_of_one_layout_each_report_their_own_file_and_line(make_project, tmp_path):
    # documents written from one template share one map of positions (sources.LineMap): every
    # diagnostic still names its own file and line, in a single build and in shards built from a manifest
    late = doc("甲", published="2025-05-01")  # published before it was written (2025-05-06): E310
    project = make_project({"content/szf/a.md": late, "content/szf/b.md": late.replace("甲", "乙"),
                            "content/szf/c.md": late.replace("title: 甲\n", "title: 丙\nsummary: 说明\n")})
    expected = [("E310", "content/szf/a.md", 7), ("E310", "content/szf/b.md", 7), ("E310", "content/szf/c.md", 8)]
    single = build(project.root, out=tmp_path / "single", today=EXAMPLE_TODAY)
    assert [(d.code, d.file, d.line) for d in single.diagnostics] == expected
    out = tmp_path / "sharded"
    write_manifest(project.root, out, RUN, 2, EXAMPLE_TODAY)
    for result in build_shards(project.root, out, 2):
        assert [(d.code, d.file, d.line) for d in result.diagnostics] == expected


# Front matter of four layouts (comments, blank lines, block lists, aligned values, a folded summary,
# the title first): each wrong value and unknown key is reported at its own file, line and column.
LAYOUTS = {
    "content/szf/a.md": "---\ntitle: 甲\norg: szf\nitem: zfwj\ntype: 文件\nwritten: 2025-05-06\n"
                        "published: 2025-05-20\ndisclosure: 公开\ntitel: 甲\n---\n正文。\n",
    "content/szf/b.md": "---\n# 起草：办公室\ntitle:       乙\norg:         szf\nitem:        zfwj\nkeywords:\n"
                        "  - 低保\n  - 救助\ntype:        文件\nwritten:     2025-05-06\n\npublished:   2025-05-20\n"
                        "disclosure:  公开\ntags: 低保\n---\n正文。\n",
    "content/szf/c.md": "---\nsummary: >-\n  第一行\n  第二行\ntitle: \"丙\"\norg: szf\nitem: zfwj\ntype: 文件\n"
                        "written: 2025-05-06\npublished: 2025-05-20\n  # 公开方式\nremark: 无\ndisclosure:   公开\n---\n正文。\n",
    # loaded, then found wrong (published before written): the position travels through the manifest
    "content/szf/d.md": "---\ntitle: 丁\nkeywords: [低保]\norg: szf\nitem: zfwj\ntype: 文件\nwritten: 2025-05-06\n"
                        "# 发布\npublished:  2025-05-01\ndisclosure: 主动公开\n---\n正文。\n",
}
LAYOUT_ERRORS = [("E304", "content/szf/a.md", 9, 1), ("E304", "content/szf/b.md", 14, 1),
                 ("E304", "content/szf/c.md", 12, 1), ("E306", "content/szf/a.md", 8, 13),
                 ("E306", "content/szf/b.md", 13, 14), ("E306", "content/szf/c.md", 13, 15),
                 ("E310", "content/szf/d.md", 9, 13)]


def test_documents_of_different_layouts_each_report_their_own_file_line_and_column(make_project, tmp_path):
    project = make_project(LAYOUTS)

    def found(results) -> list:
        return sorted({(d.code, d.file, d.line, d.column) for r in results for d in r.diagnostics
                       if d.file in LAYOUTS})

    assert found([build(project.root, out=tmp_path / "single", today=EXAMPLE_TODAY)]) == LAYOUT_ERRORS
    out = tmp_path / "sharded"
    write_manifest(project.root, out, RUN, 2, EXAMPLE_TODAY)
    assert found(build_shards(project.root, out, 2)) == LAYOUT_ERRORS
