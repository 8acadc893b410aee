"""``banshi build``: load → validate → resolve → emit, into a folder swapped in at the end."""

from __future__ import annotations

import contextlib
import time
from dataclasses import dataclass, field
from pathlib import Path

import click

from banshi.emit import Output, changes, graph, json_rules, qr, site
from banshi.emit.render import environment
from banshi.model import building_trees
from banshi.resolve import resolve
from banshi.resolve.changes import compare
from banshi.validate import Validation, validate


@dataclass
class Built:
    validation: Validation
    written: bool
    handling_items: int = 0
    guides: int = 0
    timings: dict[str, float] = field(default_factory=dict)  # seconds per stage


def _stages(compiled, output, env, with_site: bool, previous):
    """The emitters in order, each a (label, function) for the progress bar and the timings."""
    catalog = compiled.catalog
    bundles = {b: graph.result(catalog, catalog.bundles[b]) for b in sorted(catalog.bundles)}
    item_codes: dict[str, str] = {}  # made once, for qr/ and for the site's item pages
    stages = [
        ("qr", lambda: item_codes.update(qr.emit(compiled, output))),
        ("json", lambda: json_rules.emit(compiled, output, bundles)),  # its manifest covers qr/ too
    ]
    if with_site:
        def pages():
            extra = list(graph.pages(catalog, bundles, env))
            if previous is not None:
                extra.append(("changes.md", changes.markdown(compare(previous, compiled), env)))
            site.write_sources(compiled, output, env, item_codes, extra)

        stages += [("site pages", pages), ("mkdocs", lambda: site.run_mkdocs(compiled, output))]
    return stages


def _timed(timings: dict, label: str, run):
    start = time.perf_counter()
    result = run()
    timings[label] = time.perf_counter() - start
    return result


def build(root: Path, out: Path, as_of: str | None, with_site: bool, progress: bool,
          previous=None) -> Built:
    """``previous``: the resolved previous release, for the site's 变更公告 page."""
    timings: dict[str, float] = {}
    validation = _timed(timings, "validate", lambda: validate(root))
    if validation.errors:
        return Built(validation, written=False, timings=timings)
    with building_trees():
        compiled = _timed(timings, "resolve", lambda: resolve(validation.catalog, as_of))
    env = environment(root)
    output = Output(out, root)
    try:
        stages = _stages(compiled, output, env, with_site, previous)
        bar = click.progressbar(stages, label="banshi build", file=click.get_text_stream("stderr"),
                                item_show_func=lambda s: s and s[0]) if progress else contextlib.nullcontext(stages)
        with bar as items:
            for label, run in items:
                _timed(timings, label, run)
        output.commit()
    except BaseException:
        output.discard()
        raise
    return Built(validation, True, len(compiled.handling), len(compiled.guides), timings)
