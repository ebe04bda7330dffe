"""The only module that writes the published output.

Everything is written into a fresh temporary folder beside the output folder; only when all of it
is on disk does the temporary folder take the output folder's place, in one atomic rename
(renameat2 RENAME_EXCHANGE on Linux).  A failed or killed build therefore leaves the previously
published sites exactly as they were, and no reader ever sees a half-written site.

The preview server's own folder is updated in place instead (`update`): given what it wrote last
time, only new and changed files are written (each through a temporary file and a rename) and
vanished ones deleted.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from dataclasses import dataclass
from functools import partial
from pathlib import Path, PurePosixPath

from .workers import chunks, run_all, worker_count


@dataclass(frozen=True)
class OutputFile:
    path: str                  # relative to the output folder: "<site>/<site path>"
    content: bytes | None = None
    source: Path | None = None  # copied when content is None


class OutputError(Exception):
    pass


Written = dict[str, object]  # output path -> its content, or (source, mtime, size) for a copied file


def publish(out: Path, files: list[OutputFile]) -> Written:
    """Replace the output folder with `files`; returns what was written (for `update`)."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    try:
        staging.mkdir()
        targets = [_inside(staging, item.path) for item in files]
        for folder in sorted({target.parent for target in targets}):
            folder.mkdir(parents=True, exist_ok=True)
        pairs = list(zip(files, targets))
        share = len(pairs) // worker_count() + 1
        run_all([partial(_write, part) for part in chunks(pairs, share)], parallel=len(pairs) > 1000)
        _swap_in(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(str(exc)) from exc
    return {item.path: _version(item) for item in files}


def update(out: Path, files: list[OutputFile], previous: Written) -> Written:
    """Bring a folder that holds exactly `previous` to `files`, touching only what differs."""
    out = out.resolve()
    written = {item.path: _version(item) for item in files}
    try:
        for item in files:
            if previous.get(item.path) != written[item.path]:
                target = _inside(out, item.path)
                target.parent.mkdir(parents=True, exist_ok=True)
                temporary = target.with_name(f".{target.name}.tmp-{os.getpid()}")
                _write([(item, temporary)])
                os.replace(temporary, target)
        for path in previous.keys() - written.keys():
            _inside(out, path).unlink(missing_ok=True)
    except OSError as exc:
        raise OutputError(str(exc)) from exc
    return written


def _version(item: OutputFile) -> object:
    if item.content is not None:
        return item.content
    stat = item.source.stat()
    return (str(item.source), stat.st_mtime_ns, stat.st_size)


def _write(pairs: list[tuple[OutputFile, Path]]) -> None:
    for item, target in pairs:
        if item.content is not None:
            with open(target, "wb") as handle:
                handle.write(item.content)
        else:
            shutil.copyfile(item.source, target)


def _inside(root: Path, relative: str) -> Path:
    """root/relative, refusing any path that would land outside root."""
    parts = PurePosixPath(relative).parts
    if not parts or PurePosixPath(relative).is_absolute() or ".." in parts:
        raise OutputError(f"输出路径越界：{relative}")
    return root.joinpath(*parts)


def _swap_in(staging: Path, out: Path) -> None:
    if not out.exists():
        os.rename(staging, out)
        return
    if _exchange(staging, out):
        shutil.rmtree(staging)  # now holds the previous output
        return
    previous = out.parent / f".{out.name}.old-{os.getpid()}"
    os.rename(out, previous)
    os.rename(staging, out)
    shutil.rmtree(previous, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    libc_name = ctypes.util.find_library("c")
    if not libc_name:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    result = renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange)
    return result == 0


def _remove_abandoned(out: Path) -> None:
    """Delete staging folders left by builds that were killed (their process is gone)."""
    for leftover in out.parent.glob(f".{out.name}.tmp-*"):
        pid = leftover.name.rsplit("-", 1)[-1]
        if pid.isdigit() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
