"""Validation: load → schema → model → rules, then locate every problem."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from banshi import model, rules
from banshi.load import load
from banshi.load.locate import locate
from banshi.model import Catalog
from banshi.problems import ERROR, Problem
from banshi.validate import schema


@dataclass
class Validation:
    catalog: Catalog
    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def failed(self, strict: bool = False) -> bool:
        return bool(self.problems if strict else self.errors)


def validate(root: Path) -> Validation:
    loaded = load(root)
    problems = list(loaded.problems)
    checked = []
    for document in loaded.documents:
        found = schema.check(document)
        problems.extend(found)
        checked.append((document, [p.path for p in found]))
    catalog = model.build(root, checked, loaded.unreadable_kinds)
    problems.extend(rules.run(catalog))
    return Validation(catalog, sorted(locate(problems, loaded.texts)))
