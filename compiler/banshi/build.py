"""``banshi build``: load → validate → resolve → emit, into a folder swapped in at the end."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from banshi.combine import check_shards
from banshi.emit import Output, calendar, cpsv, json_rules, qr, site
from banshi.emit.render import environment
from banshi.model import LEVELS, building_trees
from banshi.resolve import Compiled, resolve
from banshi.resolve.changes import compare
from banshi.validate import Validation, check, load


@dataclass
class Built:
    validation: Validation
    written: bool
    handling_items: int = 0
    guides: int = 0
    reused: int = 0  # files linked from the previous build, not made again
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


# The emitters, in order: each ``emit(compiled, output, env)`` with a label for the progress
# bar and the timings. The json stage's manifest covers qr/, json/cpsv-ap.jsonld and
# json/calendar.json, written before it, and the site shows qr/'s codes.
EMITTERS = (
    ("qr", qr.emit),
    ("cpsv-ap", cpsv.emit),
    ("calendar", calendar.emit),
    ("json", json_rules.emit),
)
# CPSV-AP's graph lists the whole province: a shard does not write it (the combining build does).
SHARD_EMITTERS = tuple(e for e in EMITTERS if e[0] != "cpsv-ap")
SITE_EMITTERS = (("site pages", site.emit), ("mkdocs", site.run_mkdocs))


class NoSuchShard(Exception):
    """``--region`` names no region of the catalog, or ``--down-to`` a level above it: a
    usage error (exit 2)."""


def _refuse_empty_shard(catalog, region: str | None, down_to: str | None) -> None:
    if region is None:
        return
    if region not in catalog.regions:
        raise NoSuchShard(f"--region {region}: no region of this catalog has that code")
    level = catalog.regions[region]["level"]
    if down_to and LEVELS.index(down_to) < LEVELS.index(level):
        raise NoSuchShard(f"--down-to {down_to}: above the level of {region} ({level})")


def _timed(timings: dict, label: str, run):
    start = time.perf_counter()
    result = run()
    timings[label] = time.perf_counter() - start
    return result


def build(
    root: Path,
    out: Path,
    as_of: str | None,
    with_site: bool,
    progress: bool,
    previous: Compiled | None = None,
    region: str | None = None,
    down_to: str | None = None,
    fresh: bool = False,
    shards: tuple[Path, ...] = (),
) -> Built:
    """load → validate → resolve → emit. ``previous``: the resolved previous release, for the
    site's 变更公告 page. ``region``: a shard (``banshi.resolve.shard_regions``), validated
    against the whole catalog. ``shards``: outputs of such builds, whose files this (whole)
    build takes where they are alike (``banshi.combine``). A build into the output of a
    previous one keeps what it would make the same (``Output``), unless ``fresh``."""
    timings: dict[str, float] = {}
    documents = _timed(timings, "load", lambda: load(root))
    validation = _timed(timings, "validate", lambda: check(documents))
    if validation.errors:
        return Built(validation, written=False, timings=timings)
    _refuse_empty_shard(validation.catalog, region, down_to)
    with building_trees():
        compiled = _timed(
            timings, "resolve", lambda: resolve(validation.catalog, as_of, region, down_to)
        )
    if previous is not None:
        compiled.changes = compare(previous, compiled)
    check_shards(shards, json_rules.build_of(compiled))
    env = environment(root)
    output = Output(out, root, reuse=not fresh, earlier=shards)
    try:
        stages = (EMITTERS if region is None else SHARD_EMITTERS) + (
            SITE_EMITTERS if with_site else ()
        )
        bar = (
            click.progressbar(
                stages,
                label="banshi build",
                file=click.get_text_stream("stderr"),
                item_show_func=lambda s: s and s[0],
            )
            if progress
            else contextlib.nullcontext(stages)
        )
        with bar as items:
            for label, emit in items:
                _timed(timings, label, lambda emit=emit: emit(compiled, output, env))
        output.commit()
    except BaseException:
        output.discard()
        raise
    reused = len(output.reused)
    return Built(validation, True, len(compiled.handling), len(compiled.guides), reused, timings)
