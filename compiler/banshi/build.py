"""``banshi build``: the pipeline, then every emitter into a folder swapped in at the end."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path

import click

from banshi.combine import check_shards
from banshi.emit import Output, calendar, cpsv, html, json_rules, qr, search, site
from banshi.emit.output import OutputRefused
from banshi.i18n import _
from banshi.pipeline import run
from banshi.resolve import Compiled
from banshi.resolve.changes import compare

# The catalog's own folders: an output is never made inside one.
SOURCES = ("catalog", "rules", "templates")


def refuse_unsafe(target: Path, root: Path) -> None:
    """An output folder whose replacement would delete the catalog itself is refused outright,
    before the ``Output`` is made (which knows only its own folder)."""
    root = root.resolve()
    if root.is_relative_to(target):
        said = (
            _(
                "--out {target}: refusing to replace the catalog root; name a folder of its own, "
                "such as {dist}"
            )
            if target == root
            else _(
                "--out {target}: refusing to replace a folder holding the catalog root {root}; "
                "name a folder of its own, such as {dist}"
            )
        )
        raise OutputRefused(said.format(target=target, root=root, dist=root / "dist"))
    for source in SOURCES:
        if target.is_relative_to(root / source):
            said = _(
                "--out {target}: refusing to write inside the catalog's {folder}/; name a folder "
                "of its own, such as {dist}"
            )
            raise OutputRefused(said.format(target=target, folder=source, dist=root / "dist"))


@dataclass
class Built:
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
SITE_EMITTERS = (("site pages", site.emit), ("mkdocs", html.emit), ("search", search.emit))


def _timed(timings: dict, label: str, work):
    import time

    start = time.perf_counter()
    result = work()
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
    """The pipeline (``banshi.pipeline.run``), then every emitter. ``previous``: the resolved
    previous release, for the site's 变更公告 page. ``region``: a shard, validated against the
    whole catalog. ``shards``: outputs of such builds, whose files this (whole) build takes
    where they are alike (``banshi.combine``). A build into the output of a previous one keeps
    what it would make the same (``Output``), unless ``fresh``. A catalog with errors raises
    ``CatalogHasErrors`` and nothing is written."""
    timings: dict[str, float] = {}
    made = run(root, as_of, region, down_to, timings)
    compiled = made.compiled
    if previous is not None:
        compiled.changes = compare(previous, compiled)
    check_shards(shards, json_rules.build_of(compiled))
    env = made.templates()
    refuse_unsafe(out.resolve(), root)
    stages = (EMITTERS if region is None else SHARD_EMITTERS) + (SITE_EMITTERS if with_site else ())
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
    with Output(out, reuse=not fresh, earlier=shards).writing() as output, bar as items:
        for label, emit in items:
            _timed(timings, label, lambda emit=emit: emit(compiled, output, env))
    return Built(len(compiled.handling), len(compiled.guides), len(output.reused), timings)
