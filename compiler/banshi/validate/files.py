"""Each file on its own: read, route by ``schema:``, check against its JSON Schema.

This is the part of validation that depends on nothing but the file's bytes (and the
compiler), so it is what the cache keeps and what runs on several cores for a large catalog.
"""

from __future__ import annotations

import contextlib
import gc
import os
from dataclasses import dataclass, field
from functools import partial

from banshi.load import KINDS, Document, link_problem, read_and_route
from banshi.load.reader import shared_texts
from banshi.problems import Problem
from banshi.source import Source
from banshi.validate.cache import (
    Cache,
    Entries,
    Malformed,
    decode_path,
    decode_problems,
    encode_path,
    encode_problem,
    expect,
)
from banshi.validate.schema import check as schema_check

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

    def plain(self) -> list:
        """As the cache keeps it: plain data only."""
        return [
            self.file,
            self.kind,
            self.data,
            [encode_problem(p) for p in self.problems],
            [encode_path(p) for p in self.schema_paths],
            self.guess,
        ]

    @classmethod
    def from_plain(cls, file: str, plain, texts: dict[str, str]) -> Checked:
        """Rebuilt from the cache's plain data, every field checked (``Malformed`` if not);
        its short texts shared with the others in ``texts``."""
        if not isinstance(plain, list) or len(plain) != 6:
            raise Malformed("a checked file is a list of 6")
        named, kind, data, problems, schema_paths, guess = plain
        if named != file:
            raise Malformed("an entry names another file")
        if kind is None:
            if data is not None:
                raise Malformed("an unusable file has no data")
        elif kind not in KINDS or not isinstance(data, dict):
            raise Malformed("a usable file has a known kind and a mapping")
        expect(guess, (str, type(None)))
        paths = [decode_path(p) for p in expect(schema_paths, list)]
        data = shared_texts(data, texts) if kind else data
        return cls(file, kind, data, decode_problems(problems), paths, guess)


def check_file(file: str, raw: bytes) -> Checked:
    kind, data, problems, guess = read_and_route(file, raw)
    if kind is None:
        return Checked(file, None, problems=problems, guess=guess)
    found = schema_check(Document(file, kind, data))
    return Checked(file, kind, data, problems + found, [p.path for p in found])


def _check_many(files: list[str], raws: list[bytes]) -> list[Checked]:
    workers = min(os.cpu_count() or 1, 4)
    if workers < 2 or sum(map(len, raws)) < PARALLEL_MIN_BYTES:
        return list(map(check_file, files, raws))
    from concurrent.futures import ProcessPoolExecutor  # a large catalog's only: it costs a start

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
    cache: Cache | None
    # what the cache held for the files changed or gone since it was written: file →
    # (digest then, Checked then)
    before: dict[str, tuple[str, Checked]]


def tag(checked: Checked) -> list:
    """What the cache's index says of a checked file, so that it can be chosen unread: its
    kind, and the region of an implementation list."""
    region = checked.data.get("region") if checked.kind == "implementation" else None
    return [checked.kind, region if isinstance(region, str) else None]


def stored(cache: Cache) -> Entries:
    """The cache's checked files (use it in a ``with`` block)."""
    texts: dict[str, str] = {}
    return Entries(cache, "files", Checked.plain, partial(Checked.from_plain, texts=texts), tag)


def check_all(source: Source, cache: Cache | None) -> Reading:
    """Every catalog file checked, from the cache where its bytes have not changed."""
    with stored(cache) if cache else contextlib.nullcontext() as entries:
        return _check_all(source, entries)


def _check_all(source: Source, entries: Entries | None) -> Reading:
    digests = {file.name: file.digest for file in source.catalog}
    known = entries.index() if entries else {}
    results: dict[str, Checked] = {}
    todo = []
    for file in source.catalog:
        hit = entries.lookup(file.name, file.digest) if file.name in known else None
        if hit is None:
            todo.append(file)
        else:
            results[file.name] = hit
    before = {}
    for name, (digest, _) in known.items():
        if digests.get(name) != digest and (then := entries.lookup(name)) is not None:
            before[name] = (digest, then)
    for checked in _check_many([f.name for f in todo], [f.data for f in todo]):
        results[checked.file] = checked
    if entries:
        entries.save({name: (digests[name], results[name]) for name in digests})
    # A link is never read: it is a problem at the link, and the catalog is incomplete ("*").
    for link, target in source.links.items():
        results[link] = Checked(link, None, problems=[link_problem(link)], guess="*")
        digests[link] = f"link:{target}"
    cache = entries.cache if entries else None
    return Reading([results[file] for file in sorted(results)], digests, cache, before)
