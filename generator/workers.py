"""Spreading independent work over the machine's cores.

A stage hands `run_all` a list of tasks (callables without arguments).  They run in forked worker
processes, which inherit every object the build holds at that moment, so nothing but each task's
result is pickled; results come back in the tasks' order.  `in_background` starts one task in a
process of its own while the build goes on, for work that later stages need but nothing before
them does.  Small workloads, one core, or GONGKAI_WORKERS=1 run the tasks in this process instead,
with the same results.
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


def in_background(task: Callable[[], T], parallel: bool = True) -> Callable[[], T]:
    """Start `task` now in a forked process; the returned function waits for its result (an exception
    the task raised is raised there).  `parallel=False`, or one core: the task runs when its result
    is asked for."""
    if not parallel or worker_count() <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        return task
    return _Background(task)


class _Background:
    def __init__(self, task: Callable[[], object]):
        context = multiprocessing.get_context("fork")
        self.receiver, sender = context.Pipe(duplex=False)
        self.process = context.Process(target=_send, args=(task, sender), daemon=True)
        self.process.start()
        sender.close()

    def __call__(self) -> object:
        try:
            succeeded, value = self.receiver.recv()
        finally:
            self.receiver.close()
            self.process.join()
        if not succeeded:
            raise value
        return value

    def __del__(self) -> None:  # a build that failed before asking for the result: end the process
        if self.process.exitcode is None and not self.receiver.closed:
            self.process.kill()
            self.process.join()


def _send(task: Callable[[], object], sender) -> None:
    try:
        sender.send((True, task()))
    except Exception as exc:  # handed to the caller, who raises it
        sender.send((False, exc))


def _run(number: int) -> object:
    return _tasks[number]()


def chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[start:start + size] for start in range(0, len(items), size)]
