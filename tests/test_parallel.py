"""Builds spread over worker processes: the same sites, byte for byte, as one process builds."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from conftest import MZJ, PLATFORM, doc
from generator.workers import chunks, in_background, run_all


def files_of(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_parallel_build_is_identical_to_a_serial_one(make_project, monkeypatch):
    # enough documents that markdown, pages, the index and the writing are all split over workers
    project = make_project({f"content/szf/n{n:04d}.md": doc(f"关于第{n}项工作的通知", published=f"2025-{n % 6 + 6:02d}-{n % 28 + 1:02d}",
                                                            body=f"## 一、要求\n\n第{n}项工作按期完成。\n\n[附文](n{(n + 1) % 900:04d}.md)")
                            for n in range(900)})
    monkeypatch.setenv("GONGKAI_WORKERS", "1")
    serial = project.build(out=project.root / "serial")
    monkeypatch.setenv("GONGKAI_WORKERS", "2")
    parallel = project.build(out=project.root / "parallel")
    assert serial.exit_code == parallel.exit_code == 0
    assert parallel.pages == serial.pages and sum(serial.pages.values()) > 1000
    assert files_of(project.root / "parallel") == files_of(project.root / "serial")


def test_broken_link_found_by_a_worker_is_reported(make_project, monkeypatch):
    monkeypatch.setenv("GONGKAI_WORKERS", "2")
    files = {f"content/szf/n{n:04d}.md": doc(f"通知{n}", body="正文。") for n in range(600)}
    files["content/szf/n0599.md"] = doc("通知599", body="见[另一份](missing.md)。")
    project = make_project(files)
    result = project.build()
    assert result.exit_code == 1
    assert [(d.code, d.file) for d in result.diagnostics if d.severity == "error"] == [("E404", "content/szf/n0599.md")]


def test_results_come_back_in_task_order(monkeypatch):
    monkeypatch.setenv("GONGKAI_WORKERS", "2")
    squares = run_all([lambda n=n: n * n for n in range(20)])
    assert squares == [n * n for n in range(20)]
    assert chunks(list(range(5)), 2) == [[0, 1], [2, 3], [4]]


def test_background_task_runs_beside_and_hands_back_its_result_or_its_error(monkeypatch):
    monkeypatch.setenv("GONGKAI_WORKERS", "2")
    here = os.getpid()
    pid, data = in_background(lambda: (os.getpid(), bytes(range(256)) * 1000))()  # more than a pipe holds
    assert pid != here and data == bytes(range(256)) * 1000
    with pytest.raises(ZeroDivisionError):
        in_background(lambda: 1 / 0)()
    monkeypatch.setenv("GONGKAI_WORKERS", "1")
    assert in_background(os.getpid)() == here


def test_catalog_downloads_made_beside_the_build_are_the_same(make_project, monkeypatch):
    # more than four catalogs: their CSV and XLSX are made in a process of their own
    departments = {f"catalogs/d{n}.yaml": MZJ.replace("mzj", f"d{n}").replace("测试市民政局", f"测试市第{n}局")
                   .replace('"000000002"', f'"00000001{n}"') for n in range(6)}
    platform = PLATFORM.replace("hosts: [mzj]", "hosts: [mzj, d0, d1, d2, d3, d4, d5]")
    project = make_project({"platform.yaml": platform, **departments})
    monkeypatch.setenv("GONGKAI_WORKERS", "1")
    serial = project.build(out=project.root / "serial")
    monkeypatch.setenv("GONGKAI_WORKERS", "2")
    parallel = project.build(out=project.root / "parallel")
    assert serial.exit_code == parallel.exit_code == 0
    made = files_of(project.root / "parallel")
    assert len([name for name in made if name.endswith("-catalog.xlsx")]) == 8
    assert made == files_of(project.root / "serial")


def test_index_joined_from_segments_equals_one_built_whole(make_project, monkeypatch):
    import generator.build as build
    import generator.search_index as search_index

    project = make_project({f"content/szf/n{n:03d}.md": doc(f"关于第{n}项工作的通知", published=f"2025-06-{n % 28 + 1:02d}",
                                                           body=f"## 一、要求\n\n第{n}项工作按期完成。\n\n## 二、期限\n\n{n}日内。")
                            for n in range(60)})
    whole = project.build(out=project.root / "whole")
    indexed = []
    monkeypatch.setenv("GONGKAI_WORKERS", "1")  # segments indexed in this process, where they are counted
    monkeypatch.setattr(build, "index_segment", lambda docs: indexed.append(len(docs)) or search_index.index_segment(docs))
    monkeypatch.setattr(search_index, "SEGMENT_UNITS", 7)  # about two documents a segment
    cut = project.build(out=project.root / "cut")
    assert whole.exit_code == cut.exit_code == 0
    assert len(indexed) > 20 and sum(indexed) >= 60
    assert files_of(project.root / "cut") == files_of(project.root / "whole")
