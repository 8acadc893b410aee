"""Seeing that a catalog changed: the state of every file ``load`` reads, polled.

A catalog root is read from ``catalog/``, ``rules/`` and ``templates/`` (hidden files and
folders aside, as ``load`` leaves them out) and from the files its materials name elsewhere
under the root (blank forms, samples). Polling their ``lstat`` costs about 5 µs a file (2 ms for
a county's catalog) and needs nothing of the operating system; the pause between two polls
grows with the time one takes, so a province's catalog never keeps a core busy.
"""

from __future__ import annotations

import os
import stat
import time
from collections.abc import Iterable
from pathlib import Path

from banshi.load import LINK_FREE, unsafe_path

# The pause between two polls: the longer of this and ``SLOWDOWN`` times what a poll took.
PAUSE = 0.1
SLOWDOWN = 10
# After a change, wait until the files have been still this long: an editor that saves in
# steps, or a git checkout of many files, makes one rebuild.
SETTLE = 0.05
SETTLE_MOST = 1.0

Snapshot = dict[str, tuple[int, int, int, int]]


def _state(path: str) -> tuple[int, int, int, int] | None:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    return found.st_mode, found.st_ino, found.st_size, found.st_mtime_ns


def snapshot(root: Path, named: Iterable[str] = ()) -> Snapshot:
    """What every file of the catalog is now, by its path under ``root``; a folder's own
    entry too, so a folder made or removed is a change."""
    seen: Snapshot = {}
    top = str(root)
    for folder in LINK_FREE:
        base = os.path.join(top, folder)
        state = _state(base)
        if state is None:
            continue
        seen[folder] = state
        for directory, subfolders, names in os.walk(base):
            subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
            for name in (*subfolders, *names):
                if name.startswith("."):
                    continue
                path = os.path.join(directory, name)
                state = _state(path)
                if state is not None:
                    seen[os.path.relpath(path, top)] = state
    for name in named:
        if unsafe_path(name) is None and name not in seen:
            seen[name] = _state(os.path.join(top, name)) or (0, 0, 0, 0)
    return seen


def changed(before: Snapshot, after: Snapshot) -> list[str]:
    """The files that were made, removed or written between two snapshots, sorted (a folder
    changes with every file made in it: it is not named)."""
    return sorted(
        path
        for path in before.keys() | after.keys()
        if before.get(path) != after.get(path)
        and not stat.S_ISDIR((after.get(path) or before[path])[0])
    )


class Watcher:
    """Polls a catalog root; ``wait`` returns once its files changed and are still again."""

    def __init__(self, root: Path):
        self.root = root
        self.named: tuple[str, ...] = ()
        self.last = snapshot(root)
        self.pause = PAUSE

    def _poll(self) -> Snapshot:
        start = time.perf_counter()
        found = snapshot(self.root, self.named)
        self.pause = max(PAUSE, SLOWDOWN * (time.perf_counter() - start))
        return found

    def wait(self) -> list[str]:
        """Block until something changed; the paths that did (relative to the root)."""
        while True:
            time.sleep(self.pause)
            now = self._poll()
            if now != self.last:
                break
        waited = 0.0
        while waited < SETTLE_MOST:
            time.sleep(SETTLE)
            waited += SETTLE
            later = snapshot(self.root, self.named)
            if later == now:
                break
            now = later
        paths = changed(self.last, now)
        self.last = now
        return paths

    def watch_named(self, names: Iterable[str]) -> None:
        """Also watch these files (what the catalog's materials name), from now on."""
        self.named = tuple(sorted(set(names)))
        now = snapshot(self.root, self.named)
        for name in self.named:  # only these: a change elsewhere since is still to be seen
            if name not in self.last and name in now:
                self.last[name] = now[name]
