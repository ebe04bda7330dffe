"""`gongkai serve`: rebuilds on change (bursts coalesced), shows failures in the browser, recovers."""

from __future__ import annotations

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

    def get(self, path: str) -> tuple[int, str]:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
                return response.status, response.read().decode("utf-8")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode("utf-8")


@contextmanager
def serving(project):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "generator.cli", "serve", str(project.root), "--port", str(port)],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, bufsize=1)
    server = Server(process, port)
    try:
        server.wait_builds(1)
        deadline = time.monotonic() + 20
        while True:
            try:
                server.get("/portal/index.html")
                break
            except OSError:
                assert time.monotonic() < deadline, "server did not start"
                time.sleep(0.1)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_edit_rebuilds_and_a_burst_builds_once(make_project):
    project = make_project()
    with serving(project) as server:
        status, page = server.get("/portal/doc/notice/index.html")
        assert status == 200 and "livereload.js" in page
        for n in range(5):  # an editor saving several files at once
            project.write(f"content/szf/burst-{n}.md", doc(f"批量通知{n}"))
            time.sleep(0.02)
        server.wait_builds(2)
        time.sleep(1.5)
        assert server.builds() == 2, "a burst of changes must be rebuilt once"
        assert "批量通知4" in server.get("/portal/zcwj/index.html")[1]
        assert not (project.root / "public").exists(), "serve never writes the published folder"


def test_failed_build_shows_diagnostics_then_recovers(make_project):
    project = make_project()
    with serving(project) as server:
        project.write("content/szf/notice.md", doc("通知", item="zfwjj"))
        server.wait_builds(2)
        status, page = server.get("/portal/index.html")
        assert status == 500
        assert "构建失败：1 个错误" in page and "E302" in page and "是否应为 &quot;zfwj&quot;" in page
        assert server.process.poll() is None, "the server keeps running"
        project.write("content/szf/notice.md", doc("修正后的通知"))
        server.wait_builds(3)
        status, page = server.get("/portal/doc/notice/index.html")
        assert status == 200 and "修正后的通知" in page


@pytest.mark.browser
def test_browser_reloads_after_an_edit(make_project):
    project = make_project()
    with serving(project) as server, browser_page() as page:
        page.goto(f"http://127.0.0.1:{server.port}/portal/doc/notice/index.html")
        page.wait_for_function("window.LiveReload !== undefined", timeout=10000)
        project.write("content/szf/notice.md", doc("浏览器自动刷新后的标题"))
        page.wait_for_function("document.querySelector('h1').textContent.includes('浏览器自动刷新后的标题')",
                               timeout=15000)
        project.write("content/szf/notice.md", doc("通知", org="nobody"))
        page.wait_for_function("document.body.textContent.includes('E303')", timeout=15000)
