"""`gongkai serve`: rebuilds on change (bursts coalesced, only when an input's content changed),
shows failures in the browser, recovers; watches with OS file events, or polls as a fallback."""

from __future__ import annotations

import asyncio
import errno
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from contextlib import contextmanager

import pytest

from browser import browser_page
from conftest import doc
from generator.build import build
from generator.serve import Inputs, Previewer, Watcher
from test_incremental import files_of


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, process: subprocess.Popen, port: int):
        self.process = process
        self.port = port
        self.lines: list[str] = []
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        for line in self.process.stdout:
            self.lines.append(line)

    def builds(self) -> int:
        return sum("次构建" in line for line in self.lines)

    def wait_builds(self, count: int, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while self.builds() < count:
            assert time.monotonic() < deadline, "".join(self.lines)
            time.sleep(0.05)

    def wait_for(self, path: str, text: str, timeout: float = 20) -> None:
        """Until the page at `path` shows `text` (however many builds that takes)."""
        deadline = time.monotonic() + timeout
        while text not in self.get(path)[1]:
            assert time.monotonic() < deadline, "".join(self.lines)
            time.sleep(0.05)

    @contextmanager
    def paused(self):
        """Stop the server while the body changes files: its watcher then gets all their events at
        once, however slowly a busy machine runs the body."""
        os.kill(self.process.pid, signal.SIGSTOP)
        try:
            yield
        finally:
            os.kill(self.process.pid, signal.SIGCONT)

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")


class Browser:
    """A LiveReload client connected to the server as livereload.js connects; counts the reloads."""

    def __init__(self, port: int):
        self.reloads = 0
        connected = threading.Event()
        threading.Thread(target=asyncio.run, args=(self._listen(port, connected),), daemon=True).start()
        assert connected.wait(10), "livereload did not answer"

    async def _listen(self, port: int, connected: threading.Event) -> None:
        from tornado.websocket import websocket_connect

        socket = await websocket_connect(f"ws://127.0.0.1:{port}/livereload")
        await socket.write_message(json.dumps({"command": "hello", "protocols": ["http://livereload.com/protocols/official-7"]}))
        await socket.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{port}/"}))
        connected.set()
        while (message := await socket.read_message()) is not None:
            self.reloads += json.loads(message).get("command") == "reload"


@contextmanager
def serving(project, **env: str):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(project.root), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1,
                               env={**os.environ, **env}, cwd=project.root)  # as users run it
    server = Server(process, port)
    try:
        server.wait_builds(1)
        deadline = time.monotonic() + 20
        while True:
            try:
                server.get("/portal/index.html")
                if any("预览地址" in line for line in server.lines):
                    break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


def settled(server, count: int) -> None:
    """Wait for build `count`, then long enough for a needless further build to show."""
    server.wait_builds(count)
    time.sleep(1)
    assert server.builds() == count, "".join(server.lines)


def test_edit_rebuilds_and_a_burst_builds_once(make_project):
    project = make_project()
    with serving(project) as server:
        assert "监视改动：文件系统事件" in "".join(server.lines)
        status, page = server.get("/portal/doc/notice/index.html")
        assert status == 200 and "livereload.js" in page
        with server.paused():
            for n in range(5):  # an editor saving several files at once
                project.write(f"content/szf/burst-{n}.md", doc(f"批量通知{n}"))
            notice = project.root / "content/szf/notice.md"  # and one saving as vim does
            (notice.parent / "4913").write_text("")
            (notice.parent / "4913").unlink()
            notice.rename(notice.parent / "notice.md~")
            project.write("content/szf/notice.md", doc("编辑器保存的通知"))
            (notice.parent / "notice.md~").unlink()
        settled(server, 2)
        assert "批量通知4" in server.get("/portal/zcwj/index.html")[1]
        assert "编辑器保存的通知" in server.get("/portal/doc/notice/index.html")[1]
        assert not (project.root / "public").exists(), "serve never writes the published folder"


def test_every_kind_of_input_rebuilds(make_project):
    project = make_project()
    with serving(project) as server:
        edits = [  # (file, text replaced, by, page that shows it)
            ("catalogs/szf.yaml", "政府文件", "市政府文件", "/portal/zfxxgk/fdzdgknr/zfwj/index.html"),
            ("platform.yaml", "title: 测试市人民政府", "title: 测试市人民政府门户", "/portal/index.html"),
            ("content/szf/notice.md", "正文。", "修改后的正文。", "/portal/doc/notice/index.html"),
        ]
        for file, old, new, page in edits:
            project.write(file, (project.root / file).read_text(encoding="utf-8").replace(old, new, 1))
            server.wait_for(page, new.removeprefix("title: "))
        # themes/ did not exist when serve started
        project.write("themes/default/templates/document.html",
                      '{% extends "default:document.html" %}{% block content %}<p>项目模板</p>{{ super() }}{% endblock %}')
        server.wait_for("/portal/doc/notice/index.html", "项目模板")
        bundle = project.root.parent / "bundle"  # a document folder moved in from elsewhere
        bundle.mkdir()
        (bundle / "index.md").write_text(doc("移入的文件夹文档"), encoding="utf-8")
        bundle.rename(project.root / "content/szf/bundle")
        server.wait_for("/portal/doc/bundle/index.html", "移入的文件夹文档")


def test_changes_that_are_not_inputs_do_not_rebuild(make_project):
    project = make_project()
    with serving(project) as server:
        browser = Browser(server.port)
        folder = project.root / "content/szf"
        for name in (".notice.md.swp", "notice.md~", "4913"):  # editors' temporary files
            (folder / name).write_text("临时")
        os.symlink("user@host.1234", folder / ".#notice.md")  # emacs' lock
        project.write("README.md", "说明")
        project.write("public/index.html", "已发布")
        project.write(".gongkai/notes.txt", "笔记")
        notice = folder / "notice.md"
        os.utime(notice)  # touched
        notice.write_bytes(notice.read_bytes())  # saved unchanged
        time.sleep(1)
        with server.paused():
            project.write("content/szf/notice.md", doc("真正修改的通知"))
        settled(server, 2)
        assert "真正修改的通知" in server.get("/portal/doc/notice/index.html")[1]
        assert browser.reloads == 1, "the browser reloads once, after the build"


def test_polling_fallback_rebuilds(make_project):
    project = make_project()
    with serving(project, GONGKAI_WATCH="poll") as server:
        assert "监视改动：轮询" in "".join(server.lines)
        project.write("content/szf/notice.md", doc("轮询发现的修改"))
        server.wait_for("/portal/doc/notice/index.html", "轮询发现的修改")


def test_polls_when_the_os_watcher_cannot_start(make_project, monkeypatch):
    def over_limit(self):
        raise OSError(errno.ENOSPC, "inotify watch limit reached")

    monkeypatch.setattr("watchdog.observers.Observer.start", over_limit)
    project = make_project()
    watcher, stop = Watcher(project.root), threading.Event()
    try:
        assert watcher.polling and "inotify watch limit reached" in watcher.mode
        project.write("content/szf/notice.md", doc("修改"))
        timeout = threading.Timer(20, stop.set)
        timeout.start()
        assert watcher.wait(stop), "the change is seen by polling"
        timeout.cancel()
    finally:
        watcher.close()


def test_failed_build_shows_diagnostics_then_recovers(make_project):
    project = make_project()
    with serving(project) as server:
        project.write("content/szf/notice.md", doc("通知", item="zfwjj"))
        server.wait_for("/portal/index.html", "E302")
        status, page = server.get("/portal/index.html")
        assert status == 500
        assert "构建失败：1 个错误" in page and "E302" in page and "是否应为 &quot;zfwj&quot;" in page
        assert server.process.poll() is None, "the server keeps running"
        project.write("content/szf/notice.md", doc("修正后的通知"))
        server.wait_for("/portal/doc/notice/index.html", "修正后的通知")
        status, page = server.get("/portal/doc/notice/index.html")
        assert status == 200 and "修正后的通知" in page


@pytest.mark.browser
def test_browser_reloads_after_an_edit(make_project):
    project = make_project()
    with serving(project) as server, browser_page() as page:
        page.goto(f"http://127.0.0.1:{server.port}/portal/doc/notice/index.html")
        # connected: the handshake is done, so the server's next reload message reaches this page
        connected = "window.LiveReload && LiveReload.connector && LiveReload.connector.protocol"
        page.wait_for_function(connected, timeout=10000)
        project.write("content/szf/notice.md", doc("浏览器自动刷新后的标题"))
        page.wait_for_function("document.querySelector('h1').textContent.includes('浏览器自动刷新后的标题')",
                               timeout=15000)
        page.wait_for_function(connected, timeout=10000)  # the reloaded page's own connection
        project.write("content/szf/notice.md", doc("通知", org="nobody"))
        page.wait_for_function("document.body.textContent.includes('E303')", timeout=15000)


def test_a_rebuild_told_which_documents_changed_equals_a_clean_build(make_project, tmp_path):
    """serve hands the build the documents the watcher saw edited, and the build then does not list
    content/ again; a document added or removed makes it list content/ again."""
    project = make_project({"content/szf/other.md": doc("另一份通知")})
    previewer, inputs = Previewer(project.root, tmp_path / "preview"), Inputs(project.root)
    previewer.rebuild()
    edits = [("content/szf/notice.md", doc("改过的通知"), {"content/szf/notice.md"}),
             ("content/szf/new.md", doc("新增的通知"), None)]
    for path, text, edited in edits:
        project.write(path, text)
        assert inputs.changed()
        assert inputs.edited == (edited and {str(project.root / name) for name in edited})
        assert previewer.rebuild(inputs.edited).exit_code == 0
        assert build(project.root, out=tmp_path / "clean").exit_code == 0
        assert files_of(tmp_path / "preview") == files_of(tmp_path / "clean"), path
