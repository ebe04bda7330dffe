"""The only module that writes the published output.

Everything is written into a fresh temporary folder beside the output folder; only when all of it
is on disk does the temporary folder take the output folder's place, in one atomic rename
(renameat2 RENAME_EXCHANGE on Linux).  A failed or killed build therefore leaves the previously
published sites exactly as they were, and no reader ever sees a half-written site.  The previous
output, swapped out, is deleted by a process of its own, so a build does not wait for it.

Files are written as soon as they are made (pages by the workers that render them), so a build
never holds a whole platform's HTML in memory.  The preview server's own folder is updated in place
instead: given what it holds, only new and changed files are written and vanished ones deleted.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import hashlib
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path, PurePosixPath


class OutputError(Exception):
    pass


Written = dict[str, tuple[bytes, int]]  # output path -> (digest, size) of what was written there


def fingerprint_of(content: bytes) -> tuple[bytes, int]:
    return hashlib.blake2b(content, digest_size=16).digest(), len(content)


class Output:
    """Where one build's files go.  A staging folder beside `out`, swapped in by `finish`; or, when
    `previous` says what `out` holds (serve's own preview folder), `out` itself, where only new and
    changed files are written (through a temporary file and a rename) and `finish` deletes the rest.
    `write` may be called from worker processes: it returns what the caller must collect."""

    def __init__(self, out: Path, previous: Written | None = None):
        self.out = out.resolve()
        self.previous = previous
        self.out.parent.mkdir(parents=True, exist_ok=True)
        if previous is None:
            _remove_abandoned(self.out)
            self.root = self.out.parent / f".{self.out.name}.tmp-{os.getpid()}"
            shutil.rmtree(self.root, ignore_errors=True)
            self._attempt(self.root.mkdir)
        else:
            self.root = self.out
        self._folders: set[str] = set()

    def write(self, path: str, content: bytes, version: tuple[bytes, int] | None = None) -> tuple[bytes, int]:
        """`version`: the content's fingerprint, when the caller already knows it."""
        version = version or fingerprint_of(content)
        if self.previous is not None and self.previous.get(path) == version:
            return version
        target = _joined(self.root, path)
        folder, _, name = target.rpartition("/")
        if folder not in self._folders:
            self._attempt(os.makedirs, folder, exist_ok=True)
            self._folders.add(folder)
        if self.previous is None:
            self._attempt(_write, target, content)
        else:
            temporary = f"{folder}/.{name}.tmp-{os.getpid()}"
            self._attempt(_write, temporary, content)
            self._attempt(os.replace, temporary, target)
        return version

    def copy(self, path: str, source: Path, version: tuple[bytes, int] | None = None) -> tuple[bytes, int]:
        """`version`: the fingerprint of the source's content, when the caller already knows it."""
        if version is not None and self.previous is not None and self.previous.get(path) == version:
            return version
        return self.write(path, self._attempt(source.read_bytes), version)

    def location(self, path: str) -> Path:
        """Where a file written by this output lies until `finish`."""
        return _inside(self.root, path)

    def finish(self, written: Written) -> None:
        if self.previous is None:
            self._attempt(_swap_in, self.root, self.out)
        else:
            for path in self.previous.keys() - written.keys():
                self._attempt(_inside(self.out, path).unlink, missing_ok=True)

    def abandon(self) -> None:
        if self.previous is None:
            shutil.rmtree(self.root, ignore_errors=True)

    def _attempt(self, action, *args, **options):
        try:
            return action(*args, **options)
        except OSError as exc:
            self.abandon()
            raise OutputError(str(exc)) from exc


def publish_parts(parts: list[Path], out: Path) -> None:
    """Publish a sharded build (shards.py): the site folders of every shard's part, moved (renamed,
    not copied) into one staging folder, which then takes the output folder's place in one swap.
    Raises OutputError, leaving the published output as it was."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    _remove_abandoned(out)
    staging = out.parent / f".{out.name}.tmp-{os.getpid()}"
    try:
        shutil.rmtree(staging, ignore_errors=True)
        staging.mkdir()
        for part in parts:
            for site in sorted(part.iterdir()):
                os.rename(site, staging / site.name)
        _swap_in(staging, out)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise OutputError(str(exc)) from exc


def _joined(root: Path, relative: str) -> str:
    """str(_inside(root, relative)), without pathlib for a plain relative path, as every page's is
    (pathlib's parsing was a fifth of writing a page)."""
    if relative and relative[0] != "/" and relative[-1] != "/" and "//" not in relative \
            and "." not in relative.split("/") and ".." not in relative.split("/"):
        return os.path.join(root, relative)
    return str(_inside(root, relative))


def _write(target: str, content: bytes) -> None:
    """One file, through the system calls themselves: a Python file object costs a page more than
    its own writing (it asks whether the file is a terminal and where it stands)."""
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_CLOEXEC, 0o666)
    try:
        view = memoryview(content)
        while view:
            view = view[os.write(descriptor, view):]
    finally:
        os.close(descriptor)


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
    # named for this swap, not only this process: an earlier swap's deletion may still be running
    previous = out.parent / f".{out.name}.old-{time.time_ns()}-{os.getpid()}"
    if _exchange(staging, out):
        os.rename(staging, previous)  # staging now holds the previous output
    else:
        os.rename(out, previous)
        os.rename(staging, out)
    _discard(previous)


def _discard(folder: Path) -> None:
    """Delete the previous output in a process of its own, so that the build does not wait for it
    (removing 10,000 pages' folders takes seconds on a slow disk).  Should that process not finish,
    the next build removes what is left (`_remove_abandoned`)."""
    try:
        subprocess.Popen([sys.executable, "-c", "import shutil, sys; shutil.rmtree(sys.argv[1], ignore_errors=True)",
                          str(folder)], start_new_session=True, stdin=subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    except OSError:
        shutil.rmtree(folder, ignore_errors=True)


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
    """Delete staging folders left by builds that were killed (their process is gone), and previous
    outputs whose deletion (`_discard`) did not finish."""
    for leftover in [*out.parent.glob(f".{out.name}.tmp-*"), *out.parent.glob(f".{out.name}.old-*")]:
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
