"""How far a build has got, shown on a terminal while it runs.

`build()` names each stage as it begins (`stage`) and counts what it finishes in it (`advance`):
documents read, pages rendered, sites published.  The base `Progress` does nothing, so a build
without a terminal — a pipe, a log file, CI, `gongkai build --quiet`, `serve`'s rebuilds — pays
nothing and prints nothing.  `for_terminal` gives the display where a person is watching.

The display is rich's Progress (one row per stage, its count and its time; CJK text measured in the
terminal's cells, which a build's Chinese stage names need; cursor control that degrades on terminals
without it), chosen over tqdm, whose bars are one line each and whose width handling of East Asian
text depends on an optional package.  It is refreshed by the build's own calls, never by rich's
refresh thread: the build forks its workers, and a fork while another thread writes to the terminal
can leave the child holding that thread's locks.
"""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

FORCE = "GONGKAI_PROGRESS"  # 1: show the display even without a terminal or in CI (tests); 0: never


class Progress:
    """What a build reports as it goes; this one shows nothing.  A context manager: the display
    ends with the block."""

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        """A stage begins (the previous one is done); `total`: how many `unit`s it will finish, if known."""

    def expect(self, total: int, unit: str) -> None:
        """The current stage's count, once it is known."""

    def advance(self, done: int = 1) -> None:
        """`done` more of the current stage's count finished."""

    def close(self) -> None:
        """The build ended: the display is taken away."""

    def __enter__(self) -> Progress:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


class TerminalProgress(Progress):
    """The stages as rows on the terminal (`label` before each: e.g. a shard's, "分片 2/8"), each with
    its count and elapsed time, redrawn at most ten times a second; cleared when the build ends."""

    REDRAW = 0.1  # seconds between redraws while counting

    def __init__(self, stream: TextIO, label: str | None = None, force: bool = False):
        from rich.console import Console
        from rich.progress import BarColumn, Progress as Bars, TextColumn, TimeElapsedColumn

        console = Console(file=stream, force_terminal=force or None, highlight=False)
        prefix = [TextColumn(label.replace("[", r"\["), style="bold")] if label else []
        self.bars = Bars(*prefix, TextColumn("{task.description}"), BarColumn(), TextColumn("{task.fields[count]}"),
                         TimeElapsedColumn(), console=console, auto_refresh=False, transient=True,
                         redirect_stdout=False, redirect_stderr=False)
        self.task = None
        self.unit = ""
        self.drawn = 0.0
        self.bars.start()

    def stage(self, name: str, total: int | None = None, unit: str = "") -> None:
        self._finish()
        self.task = self.bars.add_task(name, total=total, count="")
        self.expect(total, unit) if total is not None else self._draw(True)

    def expect(self, total: int, unit: str) -> None:
        if self.task is not None:
            self.unit = unit
            self.bars.update(self.task, total=total)
            self._count()
            self._draw(True)

    def advance(self, done: int = 1) -> None:
        if self.task is not None:
            self.bars.advance(self.task, done)
            self._count()
            self._draw(False)

    def close(self) -> None:
        if self.bars.live.is_started:
            self._finish()
            self.bars.stop()

    def _finish(self) -> None:
        """The current stage is done: its bar full, its clock stopped."""
        if self.task is not None:
            task = self.bars.tasks[-1]
            self.bars.update(self.task, total=task.total or 1, completed=task.total or 1)
            self.bars.stop_task(self.task)
            self.task = None

    def _count(self) -> None:
        task = self.bars.tasks[-1]
        self.bars.update(self.task, count=f"{int(task.completed)}/{int(task.total)} {self.unit}")

    def _draw(self, now: bool) -> None:
        moment = time.monotonic()
        if now or moment - self.drawn >= self.REDRAW:
            self.bars.refresh()
            self.drawn = moment


def for_terminal(label: str | None = None, quiet: bool = False, stream: TextIO | None = None) -> Progress:
    """The display on `stream` (stderr) when a person is watching it: a terminal, not in CI (the CI
    variable set), not `quiet`.  GONGKAI_PROGRESS=1 shows it anyway, =0 never."""
    stream = stream or sys.stderr
    forced = os.environ.get(FORCE, "")
    if quiet or forced == "0":
        return Progress()
    if forced == "1":
        return TerminalProgress(stream, label, force=True)
    ci = os.environ.get("CI", "").lower() not in ("", "0", "false", "no")
    return TerminalProgress(stream, label) if stream.isatty() and not ci else Progress()
