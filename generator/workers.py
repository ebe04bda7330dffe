"""Spreading independent work over the machine's cores.

A stage hands `run_all` a list of tasks (callables without arguments).  They run in forked worker
processes, which inherit every object the build holds at that moment, so nothing but each task's
result is pickled; results come back in the tasks' order.  Small workloads, one core, or
GONGKAI_WORKERS=1 run the tasks in this process instead, with the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from typing import Callable, Iterator, TypeVar

T = TypeVar("T")
_tasks: list[Callable[[], object]] = []


def worker_count() -> int:
    configured = os.environ.get("GONGKAI_WORKERS", "")
    if configured.isdigit() and int(configured) > 0:
        return int(configured)
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def run_all(tasks: list[Callable[[], T]], parallel: bool = True) -> list[T]:
    """Each task's result, in order.  `parallel=False` for work too small to pay for the processes."""
    return list(each_result(tasks, parallel))


def each_result(tasks: list[Callable[[], T]], parallel: bool = True) -> Iterator[T]:
    """Each task's result, in order, as soon as it and those before it are done: the caller can
    work on the first results while the workers go on with the rest."""
    workers = min(worker_count(), len(tasks)) if parallel else 1
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        yield from (task() for task in tasks)
        return
    global _tasks
    _tasks = list(tasks)
    gc.freeze()  # what the workers inherit is left out of their collections, which would copy its pages
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            yield from pool.imap(_run, range(len(tasks)), chunksize=1)
    finally:
        _tasks = []
        gc.unfreeze()


def _run(number: int) -> object:
    return _tasks[number]()


def chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[start:start + size] for start in range(0, len(items), size)]
