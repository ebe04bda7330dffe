"""`gongkai serve`: build, serve on 127.0.0.1, rebuild on change, reload the browser.

One watcher thread polls the project's inputs; a burst of changes is let settle (DEBOUNCE seconds
without a further change) and then rebuilt once.  Builds run only on that thread, so two never
overlap.  After every build the thread asks livereload's IO loop to tell connected browsers to
reload (livereload's own file watcher is not used: it drops a change that comes within 3 s of the
previous reload).  While the last build failed, every page request
is answered with the diagnostics, so the browser shows what to fix; the next good build brings the
site back.  The published output folder (public/) is never touched: previews go to .gongkai/preview.
"""

from __future__ import annotations

import gc
import html
import mimetypes
import threading
from pathlib import Path

from .build import BuildResult, build
from .cache import BuildCache
from .diagnostics import format_text, summary_line
from .uptodate import snapshot

POLL = 0.25      # seconds between scans of the project
DEBOUNCE = 0.3   # quiet time that ends a burst of changes


class Previewer:
    """Owns the preview output and the result of the last build."""

    def __init__(self, project: Path, out: Path):
        self.project = project.resolve()
        self.out = out.resolve()
        self.result: BuildResult | None = None
        self.builds = 0
        self.on_built = lambda: None  # serve() sets this to "reload the browsers"
        self.cache = BuildCache()     # what one rebuild hands the next (cache.py)

    def rebuild(self) -> BuildResult:
        self.result = build(self.project, out=self.out, cache=self.cache, record_numbers=False)
        self.builds += 1
        status = "完成" if self.result.exit_code == 0 else "失败：" + summary_line(self.result.diagnostics)
        print(f"[gongkai] 第 {self.builds} 次构建{status}（{self.result.seconds:.2f} 秒）", flush=True)
        if self.result.diagnostics:
            print(format_text(self.result.diagnostics, self.project), flush=True)
        self.on_built()
        # build() pauses the collector: collect this build's cycles once the browsers reload.  Only
        # the young generations: a full collection walks every object the cache holds (half a second
        # at 10,000 documents, holding up the server just as the browsers ask for the new pages)
        gc.collect(1)
        return self.result

    def watch_forever(self, stop: threading.Event) -> None:
        seen = snapshot(self.project)
        while not stop.wait(POLL):
            current = snapshot(self.project)
            if current == seen:
                continue
            while not stop.wait(DEBOUNCE):  # let the burst settle
                settled = snapshot(self.project)
                if settled == current:
                    break
                current = settled
            seen = current
            self.rebuild()

    # -- WSGI application: the preview folder, or the diagnostics while the build is broken
    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "/")
        if path == "/":
            sites = sorted(p.name for p in self.out.iterdir() if p.is_dir()) if self.out.is_dir() else []
            target = f"/{sites[0]}/index.html" if sites else "/index.html"
            start_response("302 Found", [("Location", target)])
            return [b""]
        failed = self.result is not None and self.result.exit_code != 0
        if failed and (path.endswith(".html") or path.endswith("/")):
            body = self.error_page().encode("utf-8")
            start_response("500 Internal Server Error", [("Content-Type", "text/html; charset=utf-8")])
            return [body]
        if path.endswith("/sw.js"):  # no service worker in preview: it would serve the previous build's assets
            start_response("404 Not Found", [("Content-Type", "text/plain; charset=utf-8")])
            return [b"no service worker in preview"]
        file = (self.out / path.lstrip("/")).resolve()
        if file.is_dir():
            file = file / "index.html"
        if self.out not in file.parents or not file.is_file():
            start_response("404 Not Found", [("Content-Type", "text/html; charset=utf-8")])
            return ["<!DOCTYPE html><html lang='zh-CN'><head><title>404</title></head><body>页面不存在</body></html>".encode()]
        kind = mimetypes.guess_type(file.name)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("application/javascript", "image/svg+xml"):
            kind += "; charset=utf-8"
        start_response("200 OK", [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [file.read_bytes()]

    def error_page(self) -> str:
        diagnostics = self.result.diagnostics if self.result else []
        text = html.escape(format_text(diagnostics, self.project))
        return (
            "<!DOCTYPE html><html lang='zh-CN'><head><meta charset='utf-8'><title>构建失败 - gongkai 预览</title>"
            "<style>body{font-family:sans-serif;margin:2rem;line-height:1.6}pre{background:#1f2328;color:#f0f0f0;"
            "padding:1rem;overflow:auto;white-space:pre-wrap}h1{color:#b3141c}</style></head><body>"
            f"<h1>构建失败：{html.escape(summary_line(diagnostics))}</h1>"
            "<p>改正下列问题并保存，页面会自动刷新。已发布的网站不受影响。</p>"
            f"<pre data-diagnostics>{text}</pre></body></html>"
        )


def serve(project: Path, port: int = 8000, out: Path | None = None) -> int:
    from livereload import Server
    from livereload.handlers import LiveReloadHandler
    from tornado.ioloop import IOLoop

    previewer = Previewer(project, out or project / ".gongkai" / "preview")
    previewer.rebuild()
    loop = IOLoop.current()  # the loop livereload's server.serve() runs; add_callback is thread-safe
    previewer.on_built = lambda: loop.add_callback(LiveReloadHandler.reload_waiters, "*")
    stop = threading.Event()
    watcher = threading.Thread(target=previewer.watch_forever, args=(stop,), daemon=True)
    watcher.start()
    server = Server(app=previewer)
    print(f"[gongkai] 预览地址 http://127.0.0.1:{port}/ （Ctrl+C 退出）", flush=True)
    try:
        server.serve(port=port, host="127.0.0.1", debug=False, restart_delay=0)
    finally:
        stop.set()
    return 0
