"""Offline: the zip for USB sticks opened from disk with search, and the service worker over http."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
import zipfile
from contextlib import contextmanager
from urllib.parse import quote

import pytest

from browser import browser_page
from conftest import doc

pytestmark = pytest.mark.browser


def test_bundle_unzipped_works_from_disk_with_search(make_project, tmp_path):
    project = make_project({"content/szf/water.md": doc("关于城东区计划停水的通知", body="因管网改造，城东区计划停水。")})
    target = tmp_path / "portal.zip"
    run = subprocess.run([sys.executable, "-m", "generator.cli", "bundle", str(project.root), "--site", "portal",
                          "--out", str(target)], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert "已生成离线包" in run.stdout and "个文件" in run.stdout
    with zipfile.ZipFile(target) as archive:
        names = archive.namelist()
        assert "portal/index.html" in names and "portal/sw.js" not in names
        archive.extractall(tmp_path / "stick")
    site = tmp_path / "stick" / "portal"
    with browser_page() as page:
        page.goto((site / "index.html").as_uri())
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="政策文件").click()
        page.wait_for_url("**/zcwj/index.html")
        page.goto((site / "search" / "index.html").as_uri() + "?q=" + quote("停水了怎么办"))
        page.wait_for_selector("[data-search-results][data-search-state=done]")
        assert "关于城东区计划停水的通知" in page.locator("[data-search-results] a").first.text_content()
        assert page.evaluate("navigator.serviceWorker.controller") is None  # none on file://


@contextmanager
def serving(folder):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()


def test_service_worker_serves_visited_pages_and_search_offline_and_picks_up_rebuilds(make_project):
    project = make_project({"content/szf/water.md": doc("关于城东区计划停水的通知", body="城东区计划停水。")})
    assert project.build().exit_code == 0
    with serving(project.out / "portal") as base, browser_page() as page:
        page.goto(base + "/index.html")
        page.wait_for_function("navigator.serviceWorker.controller !== null", timeout=15000)
        page.goto(base + "/doc/water/index.html")
        old_cache = page.evaluate("caches.keys()")
        page.context.set_offline(True)
        page.reload()
        assert page.locator("h1").text_content() == "关于城东区计划停水的通知"
        page.goto(base + "/search/index.html?q=" + quote("停水"))
        page.wait_for_selector("[data-search-results][data-search-state=done]")
        assert "关于城东区计划停水的通知" in page.locator("[data-search-results]").text_content()
        page.context.set_offline(False)

        project.write("content/szf/water.md", doc("关于城东区计划停水的更正通知", body="城东区计划停水时间更正。"))
        assert project.build().exit_code == 0
        page.goto(base + "/doc/water/index.html")  # online: the network answers first
        assert page.locator("h1").text_content() == "关于城东区计划停水的更正通知"
        page.wait_for_function(f"caches.keys().then(k => !k.includes({old_cache[0]!r}))", timeout=15000)
        assert len(page.evaluate("caches.keys()")) == 1, "the old build's cache is removed"
