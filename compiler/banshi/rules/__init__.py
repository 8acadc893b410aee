"""The semantic rules: one module per rule, found here by name.

Each module, in the manner of yamllint's rules, has

- ``ID``: the rule id shown to users and used in ``rules/policy.yaml``'s ``severity``;
- ``SEVERITY``: ``error`` or ``warning`` by default;
- a docstring that says what the rule wants and why, with a ``Passing::`` and a ``Failing::``
  example: patches to the small catalog in ``tests/fixtures/minimal`` (file → path → value;
  a path ending in ``/-`` appends to a list, a null value deletes). The tests apply both;
- ``check(catalog)``: yields ``Problem``s located by origin. It walks the catalog's subjects
  through ``catalog.entries_to_check()`` and its kin, so that an incremental validation can
  check only what an edit may have changed (see ``banshi.validate.incremental``).
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from banshi.problems import ERROR, Origin, Problem


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    module: ModuleType

    @property
    def summary(self) -> str:
        first_paragraph = (self.module.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(line.strip() for line in first_paragraph.splitlines())

    def check(self, catalog):
        return self.module.check(catalog)

    def example(self, which: str) -> str:
        """The ``Passing::`` or ``Failing::`` example of the docstring, dedented."""
        doc = self.module.__doc__ or ""
        marker = f"{which}::"
        if marker not in doc:
            return ""
        block = doc.split(marker, 1)[1]
        lines = []
        for line in block.splitlines()[1:]:
            if line.strip() and not line.startswith("    "):
                break
            lines.append(line[4:])
        return "\n".join(lines).strip() + "\n"


@cache
def registry() -> dict[str, Rule]:
    rules = {}
    for info in sorted(pkgutil.iter_modules(__path__), key=lambda m: m.name):
        if info.name.startswith("_"):  # helpers shared by rules, not rules
            continue
        module = importlib.import_module(f"{__name__}.{info.name}")
        rules[module.ID] = Rule(module.ID, getattr(module, "SEVERITY", ERROR), module)
    return dict(sorted(rules.items()))


def run(catalog, focus=None) -> list[tuple[Origin | None, Problem]]:
    """Every rule's problems, with the severity the catalog's policy sets for it, each paired
    with the subject whose check found it (None: a check of the catalog as a whole). With a
    ``focus``, only its subjects and the catalog as a whole are checked."""
    overrides = catalog.setting("severity", {})
    found: list[tuple[Origin | None, Problem]] = []
    catalog.focus = focus
    try:
        for rule in registry().values():
            severity = overrides.get(rule.id, rule.severity)
            if severity in ("off", False):  # YAML 1.1 reads an unquoted off as false
                continue
            for problem in rule.check(catalog):
                found.append((catalog.subject, problem.with_severity(severity)))
    finally:
        catalog.focus = None
    return found
