"""A shard's catalog from the validation's snapshot, so that a shard stays flat as the province
grows.

A shard job (``banshi build --region R``) publishes what its own regions publish, from a catalog
validated whole. It needs of the catalog the items (their number does not grow with the
regions), the bundles, the shared files (catalog, regions, departments, materials, situations,
policy, calendar), and the implementation lists of its own regions and of the regions on their
routes (R's ancestors, where a 受理转报 or 代办 entry forwards to). The validation job leaves what
it takes to have exactly those: the cache (``banshi.validate.cache``) keeps every checked file
as a record of its own, with an index of each file's kind and region, and the rules' results
with the digest of every file they were found on.

The snapshot is used only when those results were found on the bytes the shard job read (every
digest the same), they hold no error, and every record needed is there for those bytes; each
record is rebuilt field by field, as every cache record is. Otherwise there is none (None), and
the shard validates the whole catalog as every build does.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from banshi import model
from banshi.load.source import Source
from banshi.model import LEVELS, building_trees
from banshi.problems import ERROR
from banshi.validate import SNAPSHOT, Validation, built, files_digest
from banshi.validate.cache import Cache, open_cache, other_caches
from banshi.validate.files import Checked, stored
from banshi.validate.incremental import RuleResults


class Snapshot:
    """A validation's results with no error, and the cache that holds its checked files."""

    def __init__(self, cache: Cache, results: RuleResults):
        self.cache, self.results = cache, results

    @staticmethod
    def may_be(root: Path) -> bool:
        """Whether any of this user's cache folders holds a snapshot (of which files, ``of``
        says): before the catalog is read for its digests."""
        own = open_cache(root, say=False)  # said by the validation that follows, if any
        if own is None:
            return False
        return any(c.path(SNAPSHOT).is_file() for c in [own, *other_caches(root)])

    @classmethod
    def of(cls, source: Source) -> Snapshot | None:
        """The snapshot of the files of ``source`` (read for their digests only) without
        errors: in the cache folder of its root, or in another of this user's, left by a
        validation of the same files at another path (a CI job's checkout)."""
        digests = {file.name: file.digest for file in source.catalog}
        own = open_cache(source.root, say=False)
        # a link in the catalog is an error, and its results say so: never a snapshot
        if own is None or source.links:
            return None
        wanted = files_digest(digests)
        for cache in [own, *other_caches(source.root)]:
            if cache.load(SNAPSHOT, lambda plain: plain) != wanted:
                continue
            results = cache.load("rules", RuleResults.from_plain)
            if results is None or results.digests != digests:
                continue
            if any(p.severity == ERROR for p in results.problems()):
                return None
            return cls(cache, results)
        return None

    def validation(
        self, source: Source, region: str, down_to: str | None
    ) -> tuple[Source, Validation] | None:
        """The catalog the shard of ``region`` needs, as validated, if this snapshot was taken
        of the files of ``source``; with the Source that holds the forms it names."""
        digests = {file.name: file.digest for file in source.catalog}
        with stored(self.cache) as store, building_trees():
            index = store.index()
            if any(index.get(name, (None,))[0] != digest for name, digest in digests.items()):
                return None
            lists = {name: _region_of(index[name][1]) for name in digests}
            shared = _records(store, digests, [name for name, r in lists.items() if r is None])
            if shared is None or any(c.kind == "implementation" for c in shared.values()):
                return None
            wanted = _regions_read(shared.values(), region, down_to)
            own = _records(store, digests, [name for name, r in lists.items() if r in wanted])
            if own is None or any(
                c.kind != "implementation" or c.data.get("region") != lists[c.file]
                for c in own.values()
            ):
                return None
            checked = {**shared, **own}
            source, catalog = built(source, [checked[name] for name in sorted(checked)])
        return source, Validation(catalog, self.results.problems())


def _region_of(tag) -> str | None:
    """The region of an implementation list, by its tag in the index; None for another file."""
    if isinstance(tag, list) and len(tag) == 2 and tag[0] == "implementation":
        return tag[1] if isinstance(tag[1], str) else ""
    return None


def _records(store, digests: dict[str, str], names: list[str]) -> dict[str, Checked] | None:
    """The checked files ``names``, or None when one is missing or malformed."""
    found = {name: store.lookup(name, digests[name]) for name in names}
    if any(checked is None for checked in found.values()):
        return None
    return found


def _regions_read(shared: Iterable[Checked], region: str, down_to: str | None) -> set[str]:
    """The regions whose lists the shard of ``region`` reads: its own (as
    ``banshi.resolve.shard_regions`` chooses them) and those above it, on every route."""
    regions = [(c.document, c.schema_paths) for c in shared if c.kind == "regions"]
    catalog = model.build(regions, set())
    deepest = LEVELS.index(down_to) if down_to else len(LEVELS)
    own = {
        code
        for code in catalog.regions
        if (code == region or region in catalog.ancestors(code))
        and LEVELS.index(catalog.level(code)) <= deepest
    }
    return own | set(catalog.ancestors(region))
