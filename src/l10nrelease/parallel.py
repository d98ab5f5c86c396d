"""One function over many items on every core, in item order.

The commands' per-release and per-file work is pure and independent, and the machines
that run them (a laptop, a 2-core CI runner) have more than one core. The workers are
``concurrent.futures`` processes started with ``fork``, so they inherit what the parent
already loaded (glossary, compiled name forms, the Russian dictionary, the function
itself) instead of receiving it pickled. Where fork is unavailable, or the work is too
small to be worth a process, the items run here, one by one.

An ``L10nError`` raised for an item comes back as a ``Failed`` value in that item's
place, so a command can report every release it could not process, not only the first.
The results come as they are done, in order (an iterator, not a list): the caller keeps
what it needs of each, not every worker's whole answer at once.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from .errors import L10nError

T = TypeVar("T")
R = TypeVar("R")

#: The function being mapped, in a worker (set by the pool's initializer, inherited
#: through fork rather than pickled).
_TASK: Callable[[Any], Any] | None = None


@dataclass(frozen=True)
class Failed:
    """An item whose work raised ``error``."""

    error: L10nError


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
) -> Iterator[R | Failed]:
    """``function(item) for item in items`` over worker processes, in order; an item
    whose work raised an ``L10nError`` is ``Failed(error)``. Other exceptions are bugs:
    they propagate."""
    workers = workers_for(len(items), per_worker=per_worker, jobs=jobs)
    if workers > 1:
        # Imported only when workers are wanted: a command with little to do (a rerun
        # with nothing changed) starts faster without them.
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
    if workers <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            try:
                yield function(item)
            except L10nError as exc:
                yield Failed(exc)
        return
    # Small chunks, handed out as workers free up: a few long releases do not leave
    # one core idle while the other works through them.
    size = max(1, min(per_worker, len(items) // (workers * 4)))
    chunks = [list(items[start : start + size]) for start in range(0, len(items), size)]
    with ProcessPoolExecutor(
        max_workers=workers,
        mp_context=multiprocessing.get_context("fork"),
        initializer=_install,
        initargs=(function,),
    ) as pool:
        for part in pool.map(_run_chunk, chunks):
            yield from part


def _install(function: Callable[[Any], Any] | None) -> None:
    global _TASK
    _TASK = function


def _run(item: Any) -> Any:
    assert _TASK is not None
    try:
        return _TASK(item)
    except L10nError as exc:
        return Failed(exc)


def _run_chunk(chunk: list[Any]) -> list[Any]:
    return [_run(item) for item in chunk]
