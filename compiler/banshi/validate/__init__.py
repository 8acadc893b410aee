"""The stages after load: ``read(source) → Documents``, then ``check(documents) → Validation``.

``read`` parses every catalog file load read, routes it by its ``schema:`` key and checks it
against its JSON Schema, from the content-hash cache where its bytes did not change, and builds
the ``Catalog`` from what passed (with the forms its materials name, read by load): a catalog
can be had without running a rule. ``check`` runs the rules (again only on what the changes can
have affected: ``incremental``) and locates every problem at its file, line and column, from
the bytes load read. ``validate(root)`` is load, read and check.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import msgpack

from banshi import model, rules
from banshi.load.locate import Locations
from banshi.load.source import load, with_named
from banshi.model import Catalog
from banshi.problems import ERROR, Problem
from banshi.source import Source, SourceFile
from banshi.validate import files, incremental
from banshi.validate.cache import open_cache

# The cache's record of the digest of every file the rules' results were found on: what a shard
# job looks for (``banshi.validate.snapshot``).
SNAPSHOT = "snapshot"


def files_digest(digests: dict[str, str]) -> str:
    """One digest of every file's (file → sha256 of its bytes)."""
    return hashlib.sha256(msgpack.packb(sorted(digests.items()))).hexdigest()


@dataclass
class Validation:
    catalog: Catalog
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.problems if strict else self.errors)


@dataclass
class Documents:
    """What ``read`` hands ``check``: the Source (with the forms the catalog names), every file
    as read and schema-checked, and the catalog built from those that passed (no rule has run
    on it yet)."""

    source: Source
    reading: files.Reading
    catalog: Catalog

    def files(self) -> dict[str, SourceFile]:
        return {file.name: file for file in self.source.catalog}


def read(source: Source, use_cache: bool = True) -> Documents:
    cache = open_cache(source.root) if use_cache else None
    with model.building_trees():
        reading = files.check_all(source, cache)
        source, catalog = built(source, reading.checked)
    return Documents(source, reading, catalog)


def built(source: Source, checked: list[files.Checked]) -> tuple[Source, Catalog]:
    """The catalog of these checked files, in catalog order, with the forms its materials
    name (read now, so the Source is returned with them) and the digests of its sources."""
    unreadable = {c.guess for c in checked if c.kind is None}
    catalog = model.build([(c.document, c.schema_paths) for c in checked if c.kind], unreadable)
    source = with_named(source, catalog.form_names())
    catalog.forms = {name: source.file(name) for name in catalog.form_names()}
    catalog.sources = source.digests()
    return source, catalog


def check(documents: Documents) -> Validation:
    reading, catalog, cache = documents.reading, documents.catalog, documents.reading.cache
    last = cache.load("rules", incremental.RuleResults.from_plain) if cache else None
    locations = (
        cache.load("locations", incremental.locations_from_plain, Locations())
        if cache
        else Locations()
    )
    focus = incremental.focus_after(last, reading, catalog)
    found = rules.run(catalog, focus)
    results = incremental.results(last, focus, found, reading, documents.files(), locations)
    if cache:
        cache.store("rules", results.plain())
        cache.store(SNAPSHOT, files_digest(reading.digests))
        kept = locations.kept({file.digest for file in documents.source.catalog})
        if kept != locations.known:
            cache.store("locations", incremental.locations_plain(kept))
    return Validation(catalog, results.problems())


def validate(root: Path, use_cache: bool = True) -> Validation:
    return check(read(load(root), use_cache))
