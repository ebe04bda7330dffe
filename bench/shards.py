"""Sharded builds at province scale: each shard's time and peak memory, the manifest, publishing.

    python bench/shards.py --documents 100000 --shards 8,32 [--single] [--pairs] [--cpu-only] [--project DIR]

Makes a synthetic province (bench/synthetic.py `make_province`) unless --project names one, then
measures with ../shared/tools/measure/peak_memory.py (wall time and peak memory summed over every process of a command, PSS):

- the manifest (`gongkai build --shards N --manifest-only`): time, peak memory, size (all files; the facts every shard reads);
- for each N in --shards, the N shards run one after another (`gongkai build --shard K/N`), then
  `gongkai publish`; with --pairs, also two at a time (two processes side by side);
- with --single, the single-machine build of the same platform, for comparison and to check that
  the published output equals it byte for byte;
- CPU seconds (user + system of every process) of each step, and per document over the whole build
  (`--cpu-only`: without the memory sampler, whose own CPU would count).

For each shard count N it projects the wall time on N machines: manifest + the slowest shard +
publish, printed as a projection (the shards were measured one after another on this machine).
Prints a table, then one JSON line.
"""

from __future__ import annotations

import argparse
import filecmp
import json
import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MEASURE = REPO.parent / "shared" / "tools" / "measure" / "peak_memory.py"
EPOCH = "1796083200"  # 2026-12-01: every run judges dates against the same day
CPU_ONLY = "--cpu-only" in sys.argv  # time and CPU seconds without the memory sampler


def measured(command: list[str]) -> dict:
    """peak_memory.py's figures for `command` (exit, wall_s, peak_pss_mb, largest_process_pss_mb), and
    cpu_s: user + system seconds of the command and every process it waited for (with peak_memory.py,
    its sampling too; `--cpu-only` runs the command alone)."""
    environment = os.environ | {"SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)}
    sampled = MEASURE.is_file() and not CPU_ONLY
    started = time.perf_counter()
    process = subprocess.Popen([sys.executable, str(MEASURE), "--", *command] if sampled else command,
                               stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=environment)
    output = process.stdout.read()
    _, status, usage = os.wait4(process.pid, 0)
    figures = {"exit": os.waitstatus_to_exitcode(status), "wall_s": time.perf_counter() - started, "peak_pss_mb": None}
    if sampled:
        figures = json.loads(output.decode().strip().splitlines()[-1])
    return figures | {"cpu_s": usage.ru_utime + usage.ru_stime}


def gongkai(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "generator.cli", *arguments]


def make_project(documents: int, folder: Path) -> Path:
    sys.path.insert(0, str(HERE))
    import synthetic

    if not (folder / "platform.yaml").is_file():
        synthetic.make_province(folder, documents)
    return folder


def same_tree(a: Path, b: Path) -> bool:
    comparison = filecmp.dircmp(a, b)
    if comparison.left_only or comparison.right_only or comparison.funny_files:
        return False
    _, mismatch, errors = filecmp.cmpfiles(a, b, comparison.common_files, shallow=False)
    return not mismatch and not errors and all(same_tree(a / d, b / d) for d in comparison.common_dirs)


def run_shards(project: Path, out: Path, count: int, run: str, together: int) -> dict:
    """The manifest, then shards 1…count (`together` at a time), then publish: each measured."""
    from generator.shards import shards_folder

    manifest = measured(gongkai("build", str(project), "--out", str(out), "--shards", str(count), "--run", run,
                                "--manifest-only"))
    files = list(shards_folder(out).glob(f"manifest-{run}*.pickle"))
    figures = {"manifest_s": manifest["wall_s"], "manifest_cpu_s": manifest["cpu_s"],
               "manifest_peak_pss_mb": manifest.get("peak_pss_mb"),
               "manifest_mb": sum(p.stat().st_size for p in files) / 1e6,
               "facts_mb": next(p for p in files if p.name == f"manifest-{run}.pickle").stat().st_size / 1e6}
    print(f"  manifest: {json.dumps(figures)}", flush=True)
    def shard(k: int) -> dict:  # printed as it ends, so that a run cut short still tells something
        result = measured(gongkai("build", str(project), "--out", str(out), "--shard", f"{k}/{count}", "--run", run))
        print(f"  shard {k}/{count} ended: {json.dumps(result)}", flush=True)
        return result

    started = time.perf_counter()
    with ThreadPoolExecutor(together) as pool:
        figures["shards"] = list(pool.map(shard, range(1, count + 1)))
    figures["shards_wall_s"] = time.perf_counter() - started
    figures["publish"] = measured(gongkai("publish", str(project), "--out", str(out), "--shards", str(count),
                                          "--run", run))
    slowest = max(r["wall_s"] for r in figures["shards"])
    figures["projected_wall_s"] = figures["manifest_s"] + slowest + figures["publish"]["wall_s"]
    return figures


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=100_000)
    parser.add_argument("--shards", default="8", help="shard counts to measure, e.g. 8,32")
    parser.add_argument("--project", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/gongkai-shards-bench"))
    parser.add_argument("--single", action="store_true", help="also the single-machine build, and compare")
    parser.add_argument("--pairs", action="store_true", help="also run the shards two at a time")
    parser.add_argument("--cpu-only", action="store_true", help="no memory sampling: wall and CPU seconds only")
    args = parser.parse_args()
    os.environ["SOURCE_DATE_EPOCH"] = EPOCH
    sys.path.insert(0, str(REPO))
    project = args.project or make_project(args.documents, args.work / f"project-{args.documents}")
    out = args.work / "public"
    figures: dict = {"documents": args.documents, "runs": {}}
    for count in [int(c) for c in args.shards.split(",")]:
        for together in (1, 2) if args.pairs else (1,):
            label = f"{count} shards, {together} at a time"
            figures["runs"][label] = run = run_shards(project, out, count, f"bench{count}x{together}", together)
            memory = f"{run['manifest_peak_pss_mb']:.0f} MB summed PSS, " if run["manifest_peak_pss_mb"] else ""
            print(f"{label}: manifest {run['manifest_s']:.1f} s, {memory}"
                  f"{run['manifest_mb']:.1f} MB on disk (facts {run['facts_mb']:.1f} MB); "
                  f"all shards {run['shards_wall_s']:.1f} s; publish {run['publish']['wall_s']:.1f} s")
            for k, r in enumerate(run["shards"], 1):
                memory = (f", {r['peak_pss_mb']:8.0f} MB summed PSS (largest process {r['largest_process_pss_mb']:.0f} MB)"
                          if r.get("peak_pss_mb") else "")
                print(f"  shard {k}/{count}: {r['wall_s']:7.1f} s, CPU {r['cpu_s']:7.1f} s{memory}")
            print(f"  projected on {count} machines (manifest + slowest shard + publish): {run['projected_wall_s']:.1f} s")
            cpu = run["manifest_cpu_s"] + sum(r["cpu_s"] for r in run["shards"]) + run["publish"]["cpu_s"]
            run["cpu_ms_per_document"] = 1000 * cpu / args.documents
            print(f"  CPU, user + system, every process: manifest {run['manifest_cpu_s']:.1f} s, shards "
                  f"{sum(r['cpu_s'] for r in run['shards']):.1f} s, publish {run['publish']['cpu_s']:.1f} s: "
                  f"{run['cpu_ms_per_document']:.2f} ms a document")
    if args.single:
        single_out = args.work / "single"
        figures["single"] = s = measured(gongkai("build", str(project), "--out", str(single_out), "--force"))
        figures["identical"] = same_tree(single_out, out)
        print(f"single build: {s['wall_s']:.1f} s, {s.get('peak_pss_mb') or 0:.0f} MB summed PSS; "
              f"sharded output identical: {figures['identical']}")
    print(json.dumps(figures))


if __name__ == "__main__":
    main()
