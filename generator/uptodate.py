"""Knowing when a build has nothing to do, the way make does.

The inputs of a build are the project's files (`INPUTS`), gongkai's own code and data, the build
date and the options.  `gongkai build` takes their fingerprint (paths, sizes and modification times)
before building, removes the record beside the output folder (`.<out>.build.json`), and after a
successful build writes a new one: that fingerprint, the new output folder's identity and what the
build reported.  When the fingerprint matches the record and the output folder is the one the
record names, the next `gongkai build` reports the recorded result instead of building again
(`--force` builds anyway).  A build that fails or is killed leaves no record, so the next one runs.
"""

from __future__ import annotations

import hashlib
import json
import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from .diagnostics import Diagnostic
from .index_numbers import REGISTER_FILE

if TYPE_CHECKING:
    from .build import BuildResult

# what a build reads from the project
INPUTS = ("platform.yaml", "catalogs", "content", "themes", "data", "gazette", "interaction",  # data/: records' tables
          REGISTER_FILE)
CODE = Path(__file__).parent


def snapshot(project: Path) -> dict[str, tuple[int, int]]:
    """(mtime, size) of every input file of the project."""
    state: dict[str, tuple[int, int]] = {}
    for name in INPUTS:
        scan(project / name, state)
    return state


def scan(path: Path | str, state: dict[str, tuple[int, int]]) -> None:
    """Add (mtime, size) of the file at `path`, or of every file under it, to `state`."""
    try:
        entries = list(os.scandir(path))
    except NotADirectoryError:
        try:
            stat = os.stat(path)
        except OSError:
            return
        state[str(path)] = (stat.st_mtime_ns, stat.st_size)
        return
    except OSError:
        return
    for entry in entries:
        if entry.is_dir(follow_symlinks=True):
            scan(entry.path, state)
        elif entry.is_file(follow_symlinks=True):
            stat = entry.stat()
            state[entry.path] = (stat.st_mtime_ns, stat.st_size)


def fingerprint(project: Path, today: date, options: dict[str, object]) -> str:
    """Taken before a build reads its inputs: a file changed during the build makes the next differ."""
    inputs: dict[str, tuple[int, int]] = snapshot(project)
    scan(CODE, inputs)  # gongkai's code, theme and data
    payload = json.dumps([sorted(inputs.items()), today.isoformat(), options], sort_keys=True, default=str)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def _output_identity(out: Path) -> list[int] | None:
    """A new output folder is swapped in by every build: its inode tells whether it is still ours."""
    try:
        folder = out.stat()
    except OSError:
        return None
    return [folder.st_ino, folder.st_dev, folder.st_mtime_ns]


def _record_path(out: Path) -> Path:
    out = out.resolve()
    return out.parent / f".{out.name}.build.json"


def read_record(out: Path, expected: str) -> dict | None:
    """What the last build reported, if it had these inputs and its output is still in place."""
    try:
        record = json.loads(_record_path(out).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if record.get("fingerprint") != expected or record.get("output") != _output_identity(out):
        return None
    record["diagnostics"] = [Diagnostic(**d) for d in record["diagnostics"]]
    return record


def write_record(out: Path, taken: str, result: BuildResult) -> None:
    record = {"fingerprint": taken, "output": _output_identity(out), "pages": result.pages,
              "published": result.platform.published_documents if result.platform else 0,
              "seconds": result.seconds, "timings": result.timings,
              "diagnostics": [d.model_dump() for d in result.diagnostics]}
    _record_path(out).write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")


def clear_record(out: Path) -> None:
    _record_path(out).unlink(missing_ok=True)
