"""Each file on its own: read, route by ``schema:``, check against its JSON Schema.

This is the part of validation that depends on nothing but the file's bytes (and the
compiler), so it is what the cache keeps and what runs on several cores for a large catalog.
"""

from __future__ import annotations

import gc
import hashlib
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from banshi.load import Document, catalog_files, link_problem, links, read_and_route, read_inside
from banshi.problems import Problem
from banshi.validate import schema
from banshi.validate.cache import FileCache, open_cache

# Below this much YAML, starting worker processes costs more than it saves.
PARALLEL_MIN_BYTES = 4_000_000


@dataclass
class Checked:
    file: str
    kind: str | None  # None: the file could not be read or routed
    data: object = None
    problems: list[Problem] = field(default_factory=list)
    schema_paths: list[tuple] = field(default_factory=list)
    guess: str | None = None  # the kind an unusable file seems to be

    @property
    def document(self) -> Document:
        return Document(self.file, self.kind, self.data)


def check_file(file: str, raw: bytes) -> Checked:
    kind, data, problems, guess = read_and_route(file, raw)
    if kind is None:
        return Checked(file, None, problems=problems, guess=guess)
    found = schema.check(Document(file, kind, data))
    return Checked(file, kind, data, problems + found, [p.path for p in found])


def _check_many(files: list[str], raws: list[bytes]) -> list[Checked]:
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or sum(map(len, raws)) < PARALLEL_MIN_BYTES:
        return list(map(check_file, files, raws))
    with ProcessPoolExecutor(
        workers, initializer=gc.disable
    ) as pool:  # trees only: see building_trees
        return list(
            pool.map(check_file, files, raws, chunksize=max(1, len(files) // (workers * 8)))
        )


@dataclass
class Reading:
    """Every catalog file checked, in catalog order, and what the cache knew before."""

    checked: list[Checked]
    digests: dict[str, str]  # file → sha256 of its bytes
    cache: FileCache | None
    before: dict[str, tuple[str, Checked]]  # the cache's entries before this reading


def check_all(root: Path, use_cache: bool = True) -> Reading:
    """Every catalog file checked, from the cache where its bytes have not changed."""
    cache = open_cache(root) if use_cache else None
    files = catalog_files(root)
    raws = [read_inside(root, file) for file in files]
    digests = {file: hashlib.sha256(raw).hexdigest() for file, raw in zip(files, raws)}
    results: dict[str, Checked] = {}
    todo = []
    for file, raw in zip(files, raws):
        hit = cache.lookup(file, digests[file]) if cache else None
        if hit is None:
            todo.append((file, raw))
        else:
            results[file] = hit
    for checked in _check_many([f for f, _ in todo], [r for _, r in todo]):
        results[checked.file] = checked
    before = cache.entries if cache else {}
    if cache:
        cache.save({file: (digests[file], results[file]) for file in files})
    # A link is never read: it is a problem at the link, and the catalog is incomplete ("*").
    for link in links(root):
        results[link] = Checked(link, None, problems=[link_problem(link)], guess="*")
        digests[link] = (
            "link:"
            + hashlib.sha256(
                os.readlink(root / link).encode("utf-8", "surrogateescape")
            ).hexdigest()
        )
    return Reading([results[file] for file in sorted(results)], digests, cache, before)
