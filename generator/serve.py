"""`gongkai serve`: build, serve on 127.0.0.1, rebuild on change, reload the browser.

The watcher learns of changes from the operating system's file events through watchdog (inotify,
FSEvents, ReadDirectoryChangesW).  watchdog rather than watchfiles: watchdog watches each folder with
or without its subfolders, so serve watches the project folder alone (for platform.yaml and input
folders that appear) and only the input folders recursively; the preview folder, one folder per page
(12,000 at 10,000 documents), takes no inotify watches and sends no events while a build writes it.
watchfiles has one recursive flag for all its paths and filters events only after they arrive.
A burst of events (an editor writing a temporary file and renaming it, several files saved at once)
ends after QUIET seconds without another; then `Inputs` tells whether the content of an input file
changed: a file touched or saved unchanged, and editors' temporary files (`.swp`, `~`, `.#…`,
`4913`), rebuild nothing.  When the OS watcher cannot start (inotify limits, a file system without
events) or GONGKAI_WATCH=poll is set, the project is scanned every POLL seconds instead.

Builds run only on the watcher thread, so two never overlap.  After every build the thread asks
livereload's IO loop to tell connected browsers to reload (livereload's own file watcher is never
started: it polls the working folder, drops a change that comes within 3 s of the previous reload
and would reload browsers mid-build).  While the last build failed,
every page request is answered with the diagnostics, so the browser shows what to fix; the next good
build brings the site back.  The published output folder (public/) is never touched: previews go to
.gongkai/preview.
"""

from __future__ import annotations

import gc
import hashlib
import html
import mimetypes
import os
import re
import stat
import threading
from pathlib import Path

from .build import BuildResult, build
from .cache import BuildCache
from .diagnostics import format_text, summary_line
from .uptodate import INPUTS, scan, snapshot

# seconds without a file event that end a burst: the events of one save (or of several files saved
# at once) come within a millisecond or two of each other once editors' temporary files are ignored
QUIET = 0.02
POLL = 0.25      # polling fallback: seconds between scans of the project
SETTLE = 0.3     # polling fallback: seconds without a changed scan that end a burst
COLLECT_AFTER = 1  # seconds from a reload to collecting the build's garbage
# vim's swap files and write test (4913), backups (~), emacs' lock (.#…) and autosave (#…#) files,
# the temporary files JetBrains IDEs and gedit write before renaming them over the file
TEMPORARY = re.compile(r"\.sw.$|~$|^\.#|^#.*#$|^4913$|___jb_(tmp|old)___$|^\.goutputstream-")


def temporary(path: str) -> bool:
    return bool(TEMPORARY.search(os.path.basename(path)))


class Inputs:
    """The content of the project's input files as last seen: each file's stamp (`snapshot()`) and
    a digest of its bytes, taken again only when the stamp changed."""

    def __init__(self, project: Path):
        self.project = project
        self.files: dict[str, tuple[tuple[int, int], bytes | None]] = {}
        self.changed()
        # after a change: the files under content/ whose content changed, when no file appeared or
        # went (the build then does not list content/ again: cache.BuildCache.edited); else None
        self.edited: frozenset[str] | None = None

    def changed(self, paths: set[str] | None = None) -> bool:
        """Scan the inputs again, all of them or those at and under `paths` (the files and folders
        events named); whether a file appeared, went or holds other bytes."""
        if paths is None:
            stamps = snapshot(self.project)
            gone = self.files.keys() - stamps.keys()
        else:
            stamps, gone = {}, set()
            for path in paths:
                scan(path, stamps)
                if path in self.files:
                    gone.add(path)
                else:  # a folder (or a file unknown so far)
                    gone.update(known for known in self.files if known.startswith(path + os.sep))
            gone -= stamps.keys()
        appeared, edited = False, set()
        for path in gone:
            del self.files[path]
        for path, stamp in stamps.items():
            known = self.files.get(path)
            if not temporary(path) and (not known or known[0] != stamp):
                digest = _digest(path)
                if not known:
                    appeared = True
                elif known[1] != digest:
                    edited.add(path)
                self.files[path] = (stamp, digest)
        content = os.path.join(self.project, "content", "")
        self.edited = None if gone or appeared else frozenset(p for p in edited if p.startswith(content))
        return bool(gone or appeared or edited)


def _digest(path: str) -> bytes | None:
    try:
        with open(path, "rb") as file:
            return hashlib.file_digest(file, "blake2b").digest()
    except OSError:  # gone since the scan: the next scan tells
        return None


class _Poller(threading.Thread):
    """The fallback observer: scans the project every POLL seconds and reports any difference."""

    def __init__(self, project: Path, events: threading.Event):
        super().__init__(daemon=True)
        self.project, self.events, self.stopped = project, events, threading.Event()
        self.seen = snapshot(project)

    def run(self) -> None:
        while not self.stopped.wait(POLL):
            current = snapshot(self.project)
            if current != self.seen:
                self.seen = current
                self.events.set()

    def stop(self) -> None:
        self.stopped.set()


class Watcher:
    """Waits for a burst of changes to the project's inputs to end: with OS file events, or by
    polling when `polling` is asked for or the OS watcher cannot start."""

    def __init__(self, project: Path, polling: bool = False):
        self.project = project
        self.events = threading.Event()  # set from the observer's thread on every relevant event
        self.paths: set[str] = set()      # the paths those events named (the poller names none)
        self.lock = threading.Lock()      # for taking `paths` while the observer adds to it
        self.watches: dict[str, tuple[int, object]] = {}  # input folder -> (its inode, watchdog watch)
        self.mode = "文件系统事件"
        if polling:
            self._poll()
        else:
            try:
                self.observer = self._observe()
            except OSError as error:  # e.g. "inotify watch limit reached"
                self._poll(error)
        self.inputs = Inputs(project)  # after the observer started, so no change in between is missed

    def _observe(self):
        from watchdog.events import (DirCreatedEvent, DirDeletedEvent, DirMovedEvent, FileCreatedEvent,
                                     FileDeletedEvent, FileModifiedEvent, FileMovedEvent)
        from watchdog.observers import Observer

        # no opened/closed events (every build reads the inputs) nor folder-modified ones (a file's own tell)
        self.kinds = [FileCreatedEvent, FileModifiedEvent, FileDeletedEvent, FileMovedEvent,
                      DirCreatedEvent, DirDeletedEvent, DirMovedEvent]
        observer = Observer()
        try:
            observer.schedule(self, str(self.project), event_filter=self.kinds)
            self._follow_folders(observer)
            observer.start()
        except OSError:
            observer.unschedule_all()
            raise
        return observer

    def _poll(self, error: OSError | None = None) -> None:
        self.observer = _Poller(self.project, self.events)
        self.observer.start()
        self.mode = f"轮询（每 {POLL} 秒扫描一次）" + (f"：无法使用文件系统事件（{error}）" if error else "")

    @property
    def polling(self) -> bool:
        return isinstance(self.observer, _Poller)

    def _follow_folders(self, observer) -> None:
        """Watch every input folder that exists, anew when it was replaced (renamed, or deleted: its
        watch stopped, and a new folder may have the old one's inode)."""
        live = {emitter.watch for emitter in observer.emitters if emitter.should_keep_running()}
        for name in INPUTS:
            path = self.project / name
            try:
                info = path.stat()
            except FileNotFoundError:
                info = None
            inode = info.st_ino if info and stat.S_ISDIR(info.st_mode) else None
            watched = self.watches.get(name)
            if watched and (watched[0] != inode or watched[1] not in live):
                observer.unschedule(watched[1])
                del self.watches[name]
            if inode is not None and name not in self.watches:
                self.watches[name] = (inode, observer.schedule(self, str(path), recursive=True,
                                                                event_filter=self.kinds))

    def dispatch(self, event) -> None:
        """watchdog's handler interface, called on the observer's thread."""
        for path in (event.src_path, getattr(event, "dest_path", "")):
            parts = os.path.relpath(os.fsdecode(path), self.project).split(os.sep) if path else ()
            if parts and parts[0] in INPUTS and not temporary(parts[-1]):
                with self.lock:
                    self.paths.add(os.fsdecode(path))
                self.events.set()

    def wait(self, stop: threading.Event) -> bool:
        """Block until a burst of changes that changed the inputs has ended (True) or `stop` is set (False)."""
        while not stop.is_set():
            if not self.events.wait(POLL):  # POLL: how soon `stop` is noticed
                continue
            self.events.clear()
            while self.events.wait(SETTLE if self.polling else QUIET):
                self.events.clear()
            with self.lock:
                paths, self.paths = self.paths, set()
            if not self.polling:
                try:
                    self._follow_folders(self.observer)
                except OSError as error:  # a new input folder over the inotify limit
                    self.observer.stop()
                    self._poll(error)
                    print(f"[gongkai] 监视改动改为{self.mode}", flush=True)
            if self.inputs.changed(None if self.polling else paths):
                return True
        return False

    def close(self) -> None:
        self.observer.stop()


class Previewer:
    """Owns the preview output and the result of the last build."""

    def __init__(self, project: Path, out: Path):
        self.project = project.resolve()
        self.out = out.resolve()
        self.result: BuildResult | None = None
        self.builds = 0
        self.on_built = lambda: None  # serve() sets this to "reload the browsers"
        self.cache = BuildCache()     # what one rebuild hands the next (cache.py)

    def rebuild(self, edited: frozenset[str] | None = None) -> BuildResult:
        """Build into the preview folder; `edited`: what the watcher knows changed (Inputs.edited)."""
        self.cache.edited = edited
        self.result = build(self.project, out=self.out, cache=self.cache, record_numbers=False)
        self.builds += 1
        status = "完成" if self.result.exit_code == 0 else "失败：" + summary_line(self.result.diagnostics)
        print(f"[gongkai] 第 {self.builds} 次构建{status}（{self.result.seconds:.2f} 秒）", flush=True)
        if self.result.diagnostics:
            print(format_text(self.result.diagnostics, self.project), flush=True)
        self.on_built()
        return self.result

    def watch_forever(self, watcher: Watcher, stop: threading.Event) -> None:
        while watcher.wait(stop):
            self.rebuild(watcher.inputs.edited)
        watcher.close()

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
    from livereload.watcher import Watcher as LiveReloadWatcher
    from tornado.ioloop import IOLoop

    class Unwatched(LiveReloadWatcher):
        """livereload's own watcher, which would scan the working folder (the preview folder too)
        every 0.8 s on the server's thread and send reloads of its own, mid-build: never started."""

        def start(self, callback) -> bool:
            return True  # "started": livereload then does not poll it

    previewer = Previewer(project, out or project / ".gongkai" / "preview")
    watcher = Watcher(previewer.project, polling=os.environ.get("GONGKAI_WATCH") == "poll")
    previewer.rebuild()
    loop = IOLoop.current()  # the loop livereload's server.serve() runs; add_callback is thread-safe

    def reload_browsers():
        LiveReloadHandler.reload_waiters("*")
        # build() pauses the collector: collect a build's cycles once the browsers have the new page
        # (a collection holds the interpreter: 20 ms at 10,000 documents, which before the reload
        # held up the message).  Only the young generations: a full collection walks every object
        # the cache holds (half a second at 10,000 documents)
        loop.call_later(COLLECT_AFTER, gc.collect, 1)

    previewer.on_built = lambda: loop.add_callback(reload_browsers)
    stop = threading.Event()
    threading.Thread(target=previewer.watch_forever, args=(watcher, stop), daemon=True).start()
    server = Server(app=previewer, watcher=Unwatched())
    print(f"[gongkai] 预览地址 http://127.0.0.1:{port}/ （监视改动：{watcher.mode}；Ctrl+C 退出）", flush=True)
    try:
        server.serve(port=port, host="127.0.0.1", debug=False, restart_delay=0)
    finally:
        stop.set()
    return 0
