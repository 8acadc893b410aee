"""Pages made on every core: a guide or notice is a pure function of the resolved catalog, so
a site's pages are made by worker processes forked after ``resolve`` (they share the resolved
catalog and the templates as they are; nothing is sent to them but an index) and written in
order by the build's own process, which alone holds the output.

A page that fails in a worker is made again in the build's process (with the pages of its
chunk before it), so its error carries its traceback: a template error is located at its
template's line, as without workers.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import ProcessPoolExecutor

EVERY_CORE_MIN = 400  # below this many pages, starting processes costs more than it saves
_job: Callable[[int], str] | None = None  # what the forked workers run, set before forking


def _run(index: int) -> str:
    return _job(index)


def _forks() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def on_every_core(job: Callable[[int], str], count: int) -> Iterator[str]:
    """``job(0)``, ``job(1)`` … ``job(count - 1)``, in order, made on every core when there
    are enough of them and the system forks."""
    global _job
    workers = min(len(os.sched_getaffinity(0)), 4)
    if workers < 2 or count < EVERY_CORE_MIN or not _forks():
        yield from map(job, range(count))
        return
    _job = job
    pool = ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork"))
    done, chunk = 0, max(1, min(64, count // workers // 8))
    try:
        for page in pool.map(_run, range(count), chunksize=chunk):
            yield page
            done += 1
    except Exception:
        for index in range(done, min(count, done + chunk)):
            job(index)  # the chunk that failed, again here: its error with its traceback
        raise
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
        _job = None


def made(pages: Iterable[tuple], fresh, make: Callable) -> Iterator[tuple[str, str, str | None]]:
    """(docs path, page, key) of each (docs path, inputs, subject) of ``pages`` that must be
    made: ``fresh(path, *inputs)`` gives its key, or None when an earlier output's page is
    kept; inputs None: always made, with no key. ``make(subject)`` runs on every core."""
    wanted = []
    for path, inputs, subject in pages:
        key = None if inputs is None else fresh(path, *inputs)
        if inputs is None or key is not None:
            wanted.append((path, key, subject))
    pages_made = on_every_core(lambda index: make(wanted[index][2]), len(wanted))
    for (path, key, _), page in zip(wanted, pages_made):
        yield path, page, key
