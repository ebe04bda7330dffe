"""The `gongkai` command: subcommands, exit codes, and check --format json (SPEC §3)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

from conftest import PLATFORM, doc


def gongkai(*args: str, cwd=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator.cli", *args], capture_output=True, text=True, cwd=cwd)


def test_build_ok_prints_a_summary(make_project):
    project = make_project()
    run = gongkai("build", str(project.root))
    assert run.returncode == 0, run.stderr
    assert "构建完成：1 个站点" in run.stdout
    assert (project.out / "portal" / "index.html").is_file()


def test_build_with_content_error_exits_1_and_names_the_file(make_project):
    project = make_project({"content/szf/notice.md": doc("通知", item="nope")})
    run = gongkai("build", str(project.root))
    assert run.returncode == 1
    assert 'content/szf/notice.md:4:7: 错误[E302]: 栏目 "nope" 不存在于 catalogs/szf.yaml' in run.stderr
    assert "构建失败：1 个错误，0 个警告。已发布的网站保持不变。" in run.stderr
    assert "Traceback" not in run.stderr


def test_usage_and_config_errors_exit_2(make_project, tmp_path):
    assert gongkai().returncode == 2
    assert gongkai("build", "--no-such-flag").returncode == 2
    empty = tmp_path / "empty"
    empty.mkdir()
    run = gongkai("build", str(empty))
    assert run.returncode == 2
    assert "E100" in run.stderr


def test_strict_turns_warnings_into_failure(make_project):
    project = make_project({"platform.yaml": PLATFORM.replace("base_url: https://www.example.gov.cn/\n", "")})
    assert gongkai("build", str(project.root)).returncode == 0  # only W101: no base_url
    assert gongkai("build", str(project.root), "--strict").returncode == 1


def test_check_json_has_the_contract_shape(make_project):
    project = make_project({"content/szf/notice.md": doc("通知", disclosure="主动公示")})
    run = gongkai("check", str(project.root), "--format", "json")
    assert run.returncode == 1
    payload = json.loads(run.stdout)
    assert set(payload) == {"diagnostics", "ledger", "ledger_tables", "inspection"}  # SPEC §3's two, then extensions
    diagnostic = next(d for d in payload["diagnostics"] if d["severity"] == "error")
    assert diagnostic == {
        "code": "E306", "severity": "error", "file": "content/szf/notice.md", "line": 8, "column": 13,
        "message": '字段 "disclosure" 的值 "主动公示" 无效：不是可选值之一', "hint": '是否应为 "主动公开"？',
    }
    assert {row["item"] for row in payload["ledger"]} == {"zfwj", "zcjd", "dibao-policy"}
    assert not (project.out).exists(), "check must not write a site"


def test_new_creates_a_project_that_builds(tmp_path):
    target = tmp_path / "city"
    run = gongkai("new", str(target))
    assert run.returncode == 0
    assert (target / ".gitignore").is_file()
    built = gongkai("build", str(target), "--strict")
    assert built.returncode == 0, built.stderr
    assert gongkai("new", str(target)).returncode == 2  # never overwrites


def test_unchanged_project_is_not_built_again(make_project):
    project = make_project({"content/szf/old.md": doc("旧通知", category="行政规范性文件")})
    first = gongkai("build", str(project.root))
    assert first.returncode == 0 and "构建完成" in first.stdout
    assert "警告[W304]" in first.stderr
    published = (project.out / "portal" / "index.html").stat().st_ino
    again = gongkai("build", str(project.root))
    assert again.returncode == 0
    assert "没有变化" in again.stdout and "构建完成" not in again.stdout
    assert first.stderr == again.stderr, "the last build's warnings are shown again"
    assert (project.out / "portal" / "index.html").stat().st_ino == published

    project.write("content/szf/old.md", doc("旧通知（修订）"))
    edited = gongkai("build", str(project.root))
    assert "构建完成" in edited.stdout
    assert "旧通知（修订）" in (project.out / "portal" / "index.html").read_text(encoding="utf-8")
    assert "构建完成" in gongkai("build", str(project.root), "--force").stdout


def test_a_replaced_output_or_a_failed_build_is_never_taken_as_up_to_date(make_project):
    project = make_project()
    assert gongkai("build", str(project.root)).returncode == 0
    shutil.rmtree(project.out)
    assert "构建完成" in gongkai("build", str(project.root)).stdout  # output deleted: built again
    project.write("content/szf/bad.md", doc("坏链接", body="[x](nowhere.md)"))
    assert gongkai("build", str(project.root)).returncode == 1
    project.remove("content/szf/bad.md")
    assert "构建完成" in gongkai("build", str(project.root)).stdout
