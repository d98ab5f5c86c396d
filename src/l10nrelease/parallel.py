"""One function over many items on every core, in item order.

The commands' per-release and per-file work is pure and independent, and the machines
that run them (a laptop, a 2-core CI runner) have more than one core. Workers are forked,
so they inherit what the parent already loaded (glossary, compiled name forms, the
Russian dictionary) instead of receiving it pickled. Where fork is unavailable, or the
work is too small to be worth a process, the items run here, one by one.

An ``L10nError`` raised for an item travels back as a value and is raised in the parent
for the first failing item in order, exactly as a sequential run would raise it.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from .errors import L10nError

T = TypeVar("T")
R = TypeVar("R")

#: The function being mapped, set just before forking: workers find it here.
_TASK: Callable[[Any], Any] | None = None


def workers_for(count: int, *, per_worker: int, jobs: int | None = None) -> int:
    """How many processes ``count`` items deserve, ``per_worker`` items at least each."""
    available = jobs or os.cpu_count() or 1
    return max(1, min(available, count // max(1, per_worker)))


def fork_map(
    function: Callable[[T], R],
    items: Sequence[T],
    *,
    per_worker: int = 50,
    jobs: int | None = None,
    undo: Callable[[list[R]], None] | None = None,
) -> list[R]:
    """``[function(item) for item in items]``, spread over forked worker processes.

    When an item fails, ``undo`` is given the results of the items that succeeded
    (to remove what they staged on disk) before the error is raised.
    """
    workers = workers_for(len(items), per_worker=per_worker, jobs=jobs)
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        done: list[R] = []
        try:
            for item in items:
                done.append(function(item))
        except BaseException:
            if undo is not None:
                undo(done)
            raise
        return done
    global _TASK
    _TASK = function
    try:
        # Interleaved, so that both workers get old and new, short and long releases.
        chunks = [list(items[index::workers]) for index in range(workers)]
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            parts = pool.map(_run_chunk, chunks, chunksize=1)
    finally:
        _TASK = None
    results: list[R] = [value for part in parts for ok, value in part if ok]
    errors = [
        (position, value)
        for index, part in enumerate(parts)
        for offset, (ok, value) in enumerate(part)
        if not ok
        for position in (offset * workers + index,)
    ]
    if errors:
        if undo is not None:
            undo(results)
        raise min(errors, key=lambda error: error[0])[1]
    return [parts[position % workers][position // workers][1] for position in range(len(items))]


def _run_chunk(chunk: list[Any]) -> list[tuple[bool, Any]]:
    assert _TASK is not None
    done: list[tuple[bool, Any]] = []
    for item in chunk:
        try:
            done.append((True, _TASK(item)))
        except L10nError as exc:
            done.append((False, exc))
            break  # the parent raises the first error; the rest is not needed
    return done
