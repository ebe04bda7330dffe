"""Publishing is atomic: a failed or killed build never touches what is already published."""

from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from conftest import doc
from generator.writer import Output, OutputError


def tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


def test_failed_build_leaves_previous_output_untouched(make_project):
    project = make_project()
    assert project.build().exit_code == 0
    before = tree(project.out)
    project.write("content/szf/notice.md", doc("通知", org="nobody"))
    result = project.build()
    assert result.exit_code == 1
    assert tree(project.out) == before


def test_successful_build_replaces_output_and_removes_stale_files(make_project):
    project = make_project({"content/szf/old.md": doc("旧通知")})
    assert project.build().exit_code == 0
    assert (project.out / "portal/doc/old/index.html").is_file()
    project.remove("content/szf/old.md")
    assert project.build().exit_code == 0
    assert not (project.out / "portal/doc/old/index.html").exists()
    assert not list(project.out.parent.glob(".public.tmp-*"))
    deadline = time.monotonic() + 20  # the previous output is deleted by a process of its own
    while list(project.out.parent.glob(".public.old-*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not list(project.out.parent.glob(".public.old-*"))


def test_previous_output_left_behind_is_removed_by_the_next_build(make_project):
    project = make_project({"content/szf/a.md": doc("通知")})
    assert project.build().exit_code == 0
    leftover = project.out.parent / ".public.old-999999999"  # its deletion was cut short
    (leftover / "portal").mkdir(parents=True)
    assert project.build().exit_code == 0
    assert not leftover.exists()


def test_builds_in_quick_succession_while_a_deletion_still_runs(make_project, monkeypatch):
    import generator.writer as writer

    monkeypatch.setattr(writer, "_discard", lambda folder: None)  # every previous output still being deleted
    project = make_project({"content/szf/a.md": doc("通知")})
    for _ in range(3):
        assert project.build().exit_code == 0
    assert len(list(project.out.parent.glob(".public.old-*"))) == 2


def test_output_paths_cannot_escape_the_output_folder(tmp_path):
    out = tmp_path / "out"
    for bad in ("../evil.html", "/etc/evil.html", "a/../../evil.html"):
        output = Output(out)
        try:
            output.write(bad, b"x")
        except OutputError:
            output.abandon()
        else:
            raise AssertionError(f"{bad} was written")
    assert not (tmp_path / "evil.html").exists()
    assert not out.exists()
    assert not list(tmp_path.glob(".out.tmp-*"))


KILLER = """
import sys, time
from pathlib import Path
import generator.writer as writer
original = writer.Output.write
calls = []
def slow_write(self, path, content):  # stalls once some files are already written
    calls.append(path)
    if len(calls) == 20:
        Path(sys.argv[2]).write_text("writing")
        time.sleep(30)
    return original(self, path, content)
writer.Output.write = slow_write
from generator.build import build
build(Path(sys.argv[1]))
"""


def test_killed_build_leaves_previous_output_intact(make_project, tmp_path):
    project = make_project()
    assert project.build().exit_code == 0
    before = tree(project.out)
    project.write("content/szf/new.md", doc("新通知"))
    marker = tmp_path / "started"
    process = subprocess.Popen([sys.executable, "-c", KILLER, str(project.root), str(marker)])
    try:
        deadline = time.monotonic() + 60
        while not marker.exists():
            assert time.monotonic() < deadline, "build never reached the write stage"
            time.sleep(0.05)
        os.kill(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    finally:
        if process.poll() is None:
            process.kill()
    assert tree(project.out) == before
    # the half-written staging folder is cleaned up by the next build, which then succeeds
    assert project.build().exit_code == 0
    assert (project.out / "portal/doc/new/index.html").is_file()
    assert not list(project.out.parent.glob(".public.tmp-*"))


def test_relative_links_match_posix_relpath():
    import posixpath

    from generator.render import relative_url
    pages = ["index.html", "doc/a/index.html", "zt/mzj/zfxxgk/fdzdgknr/dibao/index_2.html", "zt/mzj/index.html"]
    targets = ["index.html", "doc/a/index.html", "doc/b/index.html", "zt/mzj/doc/x/index.html", "static/gongkai.css",
               "zt/mzj/zfxxgk/index.html", "doc/a/fujian.pdf", "zt/mzj/zfxxgk/fdzdgknr/dibao/index_2.html"]
    for page in pages:
        for target in targets:
            expected = posixpath.relpath(target, posixpath.dirname(page) or ".")
            assert relative_url(target, page) == expected, (target, page)
            assert relative_url(target + "#gk-a", page) == expected + "#gk-a"
    assert relative_url("https://www.gov.cn/", "doc/a/index.html") == "https://www.gov.cn/"
    assert relative_url("#top", "doc/a/index.html") == "#top"


def test_links_shared_between_pages_are_each_pages_own():
    """url() reuses a link made for one page on others of the same folder or column: whatever the
    order the pages are rendered in, each gets relative_url's link, and the link check names the
    first page that linked to each file."""
    import itertools
    from types import SimpleNamespace

    from generator.render import SiteLinks, relative_url
    pages = ["index.html", "doc/a/index.html", "doc/b/index.html", "doc/index.html", "zt/mzj/doc/x/index.html",
             "zt/mzj/doc/y/index.html", "zt/mzj/zfxxgk/index.html", "zt/mzj/index.html", "zt//mzj/doc/z/index.html"]
    targets = ["index.html", "doc/index.html", "doc/a/index.html", "zt/mzj/index.html", "zt/mzj/doc/x/index.html",
               "static/gongkai.css", "zt/mzj/zfxxgk/index.html#gk-a", "doc/a", "doc/x.pdf", "../x/index.html",
               "https://www.gov.cn/", "#top", ""]
    site = SimpleNamespace(config=SimpleNamespace(id="portal"), url=None)
    for order in itertools.islice(itertools.permutations(pages), 0, 5000, 997):
        links = SiteLinks(site)
        for path in order:
            url = links.url(SimpleNamespace(path=path, template="t.html"))
            for target in targets:
                assert url(target) == relative_url(target, path), (target, path, order)
        assert links.linked["portal/static/gongkai.css"] == (f"portal/{order[0]}", "t.html")
        assert links.linked["x/index.html"] == (f"portal/{order[0]}", "t.html")
        assert "portal/" not in links.linked and not any("gov.cn" in name for name in links.linked)
