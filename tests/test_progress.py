"""Issue 18: a build shows on a terminal which stage it is in and how far it has got, and nothing
anywhere else (a pipe, a log, CI, --quiet)."""

from __future__ import annotations

import io
import os
import pty
import re
import subprocess
import sys

from conftest import REPO
from generator.build import build
from generator.cli import main
from generator.progress import TerminalProgress

STAGES = ("读取", "解析", "组装", "生成页面与索引", "发布")


def test_a_build_whose_stderr_is_not_a_terminal_shows_no_progress(make_project, capsys, monkeypatch):
    monkeypatch.delenv("CI", raising=False)
    monkeypatch.delenv("GONGKAI_PROGRESS", raising=False)
    project = make_project()
    assert main(["build", str(project.root)]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("构建完成：1 个站点")


def test_forced_progress_names_each_stage_with_its_counts(make_project, capsys, monkeypatch):
    monkeypatch.setenv("CI", "true")  # forcing it beats CI: that is how this test sees it there
    monkeypatch.setenv("GONGKAI_PROGRESS", "1")
    project = make_project()
    assert main(["build", str(project.root)]) == 0
    captured = capsys.readouterr()
    pages = int(re.search(r"共 (\d+) 页", captured.out).group(1))
    for stage in STAGES:
        assert stage in captured.err
    for count in ("1/1 篇文档", f"{pages}/{pages} 页", "1/1 个站点"):
        assert count in captured.err
    assert main(["build", str(project.root), "--force", "--quiet"]) == 0
    assert capsys.readouterr().err == ""


def test_a_label_names_the_part_of_a_build_each_row_counts(make_project):
    stream = io.StringIO()
    with TerminalProgress(stream, label="分片 2/8", force=True) as progress:
        assert build(make_project().root, write=False, progress=progress).exit_code == 0
    plain = re.sub(r"\x1b\[[0-9;]*m", "", stream.getvalue())  # styles away, cursor moves as line ends
    rows = [row for row in re.sub(r"\x1b\[[0-9;?]*[A-Za-z]|\r", "\n", plain).split("\n") if "分片" in row]
    assert rows and all(row.startswith("分片 2/8 ") for row in rows)
    assert {stage for stage in STAGES if any(stage in row for row in rows)} == set(STAGES) - {"发布"}  # nothing written


def _on_a_terminal(project, **env: str) -> str:
    """What `gongkai build` shows on a terminal (a pseudo-terminal as its stderr)."""
    environment = {key: value for key, value in os.environ.items() if key not in ("CI", "GONGKAI_PROGRESS")}
    environment |= {"PYTHONPATH": str(REPO), **env}
    master, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "build", str(project), "--force"],
                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=terminal, env=environment)
    os.close(terminal)
    shown = []
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:  # the build ended and closed the terminal
            break
        if not data:
            break
        shown.append(data)
    os.close(master)
    assert process.wait() == 0
    return b"".join(shown).decode("utf-8")


def test_a_terminal_sees_the_stages_and_ci_does_not(make_project):
    project = make_project().root
    shown = _on_a_terminal(project)
    assert all(stage in shown for stage in STAGES) and "1/1 篇文档" in shown
    assert _on_a_terminal(project, CI="true") == ""


def test_a_shard_without_its_run_s_manifest_says_it_reads_the_whole_platform(make_project, capsys, monkeypatch):
    monkeypatch.setenv("GONGKAI_PROGRESS", "1")
    project = make_project()
    out = project.root / "public"
    assert main(["build", str(project.root), "--out", str(out), "--shard", "1/2", "--run", "r1"]) == 0
    assert "没有本次（--run r1）的文档清单，通读全部文档" in capsys.readouterr().err
    assert main(["build", str(project.root), "--out", str(out), "--shards", "2", "--manifest-only", "--run", "r2"]) == 0
    capsys.readouterr()
    assert main(["build", str(project.root), "--out", str(out), "--shard", "1/2", "--run", "r2"]) == 0
    assert "文档清单" not in capsys.readouterr().err
