"""Validation: load → schema → model → rules, then locate every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from banshi import model, rules
from banshi.load import check_root
from banshi.load.locate import locate
from banshi.model import Catalog
from banshi.problems import ERROR, Problem
from banshi.validate import files


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
        results = files.check_all(root, use_cache)
        problems = [p for r in results for p in r.problems]
        unreadable = {r.guess for r in results if r.kind is None}
        checked = [(r.document, r.schema_paths) for r in results if r.kind is not None]
        catalog = model.build(root, checked, unreadable)
    problems.extend(rules.run(catalog))
    return Validation(catalog, sorted(locate(problems, root)))
