"""The semantic rules: one module per rule, found here by name.

Each module, in the manner of yamllint's rules, has

- ``ID``: the rule id shown to users and used in ``rules/policy.yaml``'s ``severity``;
- ``SEVERITY``: ``error`` or ``warning`` by default;
- a docstring that says what the rule wants and why, with a ``Passing::`` and a ``Failing::``
  example: patches to the small catalog in ``tests/fixtures/minimal`` (file → path → value;
  a path ending in ``/-`` appends to a list, a null value deletes). The tests apply both;
- ``summary()``: the docstring's first paragraph through ``_``, so that ``banshi rules`` and
  the SARIF report say what the rule wants in the user's language;
- ``check(catalog, scope)``: yields ``Problem``s located by origin. It walks the catalog's
  subjects through its ``Scope`` (``scope.entries()`` and its kin: yamllint hands its rules a
  ``context`` the same way), so that an incremental validation can check only what an edit may
  have changed (see ``banshi.validate.incremental``), and each problem is kept under the subject
  that found it.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from functools import cache
from types import ModuleType

from banshi.model import Catalog, Focus
from banshi.problems import ERROR, Origin, Problem


class Scope:
    """What the rules check in one validation: every subject, or after an edit only those a
    ``focus`` names; and ``subject``, the one being checked now, to which the problems found
    belong (None: the catalog as a whole, checked every time)."""

    def __init__(self, catalog: Catalog, focus: Focus | None = None):
        self.catalog, self.focus = catalog, focus
        self.subject: Origin | None = None
        self._focused: dict[str, list] = {}  # items, handling items, bundles: chosen once

    def _each(self, subjects, whole_file: bool):
        try:
            for subject in subjects:
                self.subject = Origin(subject.origin.file) if whole_file else subject.origin
                yield subject
        finally:
            self.subject = None

    def entries(self):
        """Implementation entries to check; each is a subject of its own."""
        every = self.catalog.implementations if self.focus is None else self.focus.checked
        return self._each(every, whole_file=False)

    def _of_files(self, kind: str, subjects):
        if self.focus is not None:
            if kind not in self._focused:
                covered = self.focus.covers_file
                self._focused[kind] = [s for s in subjects if covered(s.origin.file)]
            subjects = self._focused[kind]
        return self._each(subjects, whole_file=True)

    def items(self):
        """Items to check; the subject is the item's file."""
        return self._of_files("items", self.catalog.items.values())

    def handling(self):
        """Handling items to check; the subject is their item's file."""
        return self._of_files("handling", self.catalog.handling.values())

    def bundles(self):
        """Bundles to check; the subject is the bundle's file."""
        return self._of_files("bundles", self.catalog.bundles.values())


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    module: ModuleType

    @property
    def summary(self) -> str:
        """What the rule wants, in the user's language: the module's ``summary()``, whose
        English is the docstring's first paragraph (``documented``)."""
        if hasattr(self.module, "summary"):
            return self.module.summary()
        return self.documented

    @property
    def documented(self) -> str:
        """The first paragraph of the module's docstring, on one line."""
        first_paragraph = (self.module.__doc__ or "").strip().split("\n\n")[0]
        return " ".join(line.strip() for line in first_paragraph.splitlines())

    def check(self, catalog, scope: Scope):
        return self.module.check(catalog, scope)

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
    scope = Scope(catalog, focus)
    for rule in registry().values():
        severity = overrides.get(rule.id, rule.severity)
        if severity in ("off", False):  # YAML 1.1 reads an unquoted off as false
            continue
        for problem in rule.check(catalog, scope):
            found.append((scope.subject, problem.with_severity(severity)))
    return found
