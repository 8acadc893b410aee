"""The one pipeline every command walks: load → read → check → resolve, each stage handing the
next a typed result.

    load(root) → Source          the catalog root's files, each read once
    read(Source) → Documents     parsed, routed, schema-checked; the Catalog built
    check(Documents) → Validation    the rules; every problem located
    resolve(Catalog) → Compiled  what is in force, resolved once

``run`` walks it as far as a command needs. Emitting is the build's (``banshi.build``), papers
are made from ``Compiled`` (``banshi.papers``); nothing after load reads the catalog from disk.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from banshi.errors import CatalogHasErrors, UsageError
from banshi.i18n import _
from banshi.load.source import load
from banshi.model import LEVEL_NAMES, LEVELS, building_trees
from banshi.source import Source
from banshi.validate import Validation, check, read
from banshi.validate.snapshot import Snapshot

if TYPE_CHECKING:  # resolving is for the commands that go past validation
    from banshi.resolve import Compiled


@dataclass(frozen=True)
class Run:
    """What the pipeline made of a catalog root, as far as it went."""

    source: Source
    validation: Validation
    compiled: Compiled | None = None

    def templates(self):
        """The Jinja environment: the catalog's templates (as load read them) before Banshi's."""
        from banshi.emit.render import environment

        return environment(self.source)


def _refuse_empty_shard(catalog, region: str | None, down_to: str | None) -> None:
    if region is None:
        return
    if region not in catalog.regions:
        raise UsageError(
            _("--region {region}: no region of this catalog has that code").format(region=region)
        )
    level = catalog.regions[region]["level"]
    if down_to and LEVELS.index(down_to) < LEVELS.index(level):
        raise UsageError(
            _("--down-to {level}: above the level of {region} ({region_level})").format(
                level=down_to, region=region, region_level=LEVEL_NAMES[level]
            )
        )


def validated(root: Path, use_cache: bool = True) -> Run:
    """load → read → check: the validation, whatever it found."""
    documents = read(load(root), use_cache)
    return Run(documents.source, check(documents))


def run(
    root: Path,
    as_of: str | None = None,
    region: str | None = None,
    down_to: str | None = None,
    timings: dict | None = None,
) -> Run:
    """load → read → check → resolve. A catalog with errors raises ``CatalogHasErrors``;
    ``region``: only what that shard publishes (``banshi.resolve.shard_regions``), validated
    against the whole catalog: by the validation's snapshot of these very files when there is
    one (``banshi.validate.snapshot``), else here. ``timings``, when given, gets the seconds
    of each stage."""
    clock = _Clock(timings)
    shard = _from_snapshot(root, region, down_to, clock) if region is not None else None
    if shard is None:
        source = clock("load", lambda: load(root))
        documents = clock("read", lambda: read(source))
        shard = documents.source, clock("validate", lambda: check(documents))
    source, validation = shard
    if validation.errors:
        raise CatalogHasErrors(validation)
    _refuse_empty_shard(validation.catalog, region, down_to)
    from banshi.resolve import resolve

    with building_trees():
        compiled = clock("resolve", lambda: resolve(validation.catalog, as_of, region, down_to))
    return Run(source, validation, compiled)


def _from_snapshot(root: Path, region: str, down_to: str | None, clock) -> tuple | None:
    """(Source, Validation) of the shard of ``region`` from the snapshot the validation left
    of these files, or None. The catalog's files are read for their digests only: the shard
    holds what its regions need, not the province."""
    if not Snapshot.may_be(root):
        return None
    source = clock("load", lambda: load(root, catalog_bytes=False))
    snapshot = Snapshot.of(source)
    found = clock("snapshot", lambda: snapshot and snapshot.validation(source, region, down_to))
    if found is None:
        clock.move("snapshot", "read")  # looked for in vain: part of reading the catalog
    return found


class _Clock:
    def __init__(self, timings: dict | None):
        self.timings = timings

    def move(self, label: str, to: str) -> None:
        if self.timings is not None and label in self.timings:
            self.timings[to] = self.timings.get(to, 0.0) + self.timings.pop(label)

    def __call__(self, label: str, stage):
        import time

        start = time.perf_counter()
        result = stage()
        if self.timings is not None:  # a stage run twice (load, for a shard) counts twice
            self.timings[label] = self.timings.get(label, 0.0) + time.perf_counter() - start
        return result
