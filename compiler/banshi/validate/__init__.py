"""Validation: load → schema → model → rules, then locate every problem.

With the cache, files are read again only when their bytes changed, and rules check again only
what the changes can have affected (``incremental``)."""

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


def validate(root: Path, use_cache: bool = True) -> Validation:
    check_root(root)
    with model.building_trees():
        reading = files.check_all(root, use_cache)
        unreadable = {c.guess for c in reading.checked if c.kind is None}
        checked = [(c.document, c.schema_paths) for c in reading.checked if c.kind is not None]
        catalog = model.build(root, checked, unreadable)
    last = reading.cache.rule_results() if reading.cache else None
    if not isinstance(last, incremental.RuleResults):
        last = None
    focus = incremental.focus_after(last, reading, catalog)
    results = incremental.results(last, focus, rules.run(catalog, focus), reading, root)
    if reading.cache:
        reading.cache.save_rule_results(results)
    return Validation(catalog, results.problems())
