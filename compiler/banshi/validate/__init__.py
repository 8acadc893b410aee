"""The first two stages: ``load(root) → Documents``, then ``check(documents) → Validation``.

``load`` reads every catalog file, routes it by its ``schema:`` key and checks it against its
JSON Schema, from the content-hash cache where its bytes did not change, and builds the
``Catalog`` from what passed: a catalog can be had without running a rule. ``check`` runs the
rules (again only on what the changes can have affected: ``incremental``) and locates every
problem at its file, line and column. ``validate(root)`` is both."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from banshi import model, rules
from banshi.load import check_root
from banshi.model import Catalog
from banshi.problems import ERROR, Problem
from banshi.validate import files, incremental


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
    """What ``load`` hands ``check``: every file as read and schema-checked, and the catalog
    built from those that passed (no rule has run on it yet)."""

    root: Path
    reading: files.Reading
    catalog: Catalog


def load(root: Path, use_cache: bool = True) -> Documents:
    check_root(root)
    with model.building_trees():
        reading = files.check_all(root, use_cache)
        unreadable = {c.guess for c in reading.checked if c.kind is None}
        checked = [(c.document, c.schema_paths) for c in reading.checked if c.kind is not None]
        catalog = model.build(root, checked, unreadable)
    return Documents(root, reading, catalog)


def check(documents: Documents) -> Validation:
    reading, catalog = documents.reading, documents.catalog
    last = reading.cache.rule_results() if reading.cache else None
    if not isinstance(last, incremental.RuleResults):
        last = None
    focus = incremental.focus_after(last, reading, catalog)
    results = incremental.results(last, focus, rules.run(catalog, focus), reading, documents.root)
    if reading.cache:
        reading.cache.save_rule_results(results)
    return Validation(catalog, results.problems())


def validate(root: Path, use_cache: bool = True) -> Validation:
    return check(load(root, use_cache))
