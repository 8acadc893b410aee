"""Incremental validation: after an edit, check again only what the edit can have changed.

The rules' problems of the last validation are kept by the subject that found them: an
implementation entry, an item file, a bundle file, or None for checks of the catalog as a
whole (and of its small shared files), which run every time. After an edit,

- a changed item, implementation or bundle file is checked again in whole;
- so is every subject that names a code whose data changed: the entries of an item whose file
  changed; the other entries of an item one of whose entries changed (多头受理, 受理转报 and
  代办 look across entries); the bundles with such an item; items merged into it;
- anything else (the data of a region, department, material, situation, policy or catalog
  file changed; a file that does not read or fails its schema, before or after; no usable last
  result) checks everything, as a validation from nothing would. A file whose data did not
  change (comments, quoting, layout) only has its problems located again.

``tests/test_incremental.py`` edits catalogs at random and compares every result with a
validation from nothing, so a rule that starts to read across subjects in a new way cannot go
stale unnoticed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from banshi.load.locate import locate
from banshi.model import Catalog, Focus, bundle_codes
from banshi.problems import ERROR, Origin, Problem
from banshi.validate.files import Checked, Reading

INCREMENTAL_KINDS = frozenset({"item", "implementation", "bundle"})


@dataclass
class RuleResults:
    """What one validation found, located, with every file's content hash at the time."""

    digests: dict[str, str]
    by_subject: dict[Origin | None, list[Problem]]  # the rules' problems
    by_file: dict[str, list[Problem]]  # problems of reading and schema

    def problems(self) -> list[Problem]:
        found = {p for ps in (*self.by_file.values(), *self.by_subject.values()) for p in ps}
        return sorted(found)  # a per-file problem found again from another subject is one problem


def focus_after(last: RuleResults | None, reading: Reading, catalog: Catalog) -> Focus | None:
    """What to check after the edits since ``last``; None: everything."""
    if last is None:
        return None
    now = reading.digests
    changed = {f for f in last.digests.keys() | now.keys() if last.digests.get(f) != now.get(f)}
    before = {}
    for file in changed & last.digests.keys():
        entry = reading.before.get(file)
        if entry is None or entry[0] != last.digests[file]:
            return None  # the cache no longer knows what the file was
        before[file] = entry[1]
    after = {c.file: c for c in reading.checked if c.file in changed}
    edited = {f for f in changed if not _same_data(before.get(f), after.get(f))}
    if not all(_self_contained(c) for f in edited for c in (before.get(f), after.get(f)) if c):
        return None
    codes = _with_relatives(_changed_codes(before, after), catalog)
    entries = (
        e.origin
        for e in catalog.implementations
        if e["item"] in codes and e.origin.file not in changed
    )
    return Focus(frozenset(changed | _files_naming(catalog, codes)), frozenset(entries))


def _same_data(old: Checked | None, new: Checked | None) -> bool:
    """Only comments, quoting or layout changed: the catalog the rules see is the same."""
    return bool(old and new) and (old.kind, old.data, old.schema_paths) == (
        new.kind,
        new.data,
        new.schema_paths,
    )


def _self_contained(checked: Checked) -> bool:
    """A file whose edits only matter through the codes it defines or names."""
    return (
        checked.kind in INCREMENTAL_KINDS
        and not checked.schema_paths
        and not any(p.severity == ERROR for p in checked.problems)
    )


def _changed_codes(before: dict[str, Checked], after: dict[str, Checked]) -> set[str]:
    codes: set[str] = set()
    for file in before.keys() | after.keys():
        old, new = before.get(file), after.get(file)
        if _same_data(old, new):
            continue
        for checked in (old, new):
            if checked and checked.kind == "item":
                codes |= {checked.data["code"], *(h["code"] for h in checked.data["handling"])}
        old_entries, new_entries = _entries(old), _entries(new)
        codes |= {item for _, item in (old_entries - new_entries) + (new_entries - old_entries)}
    return codes


def _entries(checked: Checked | None) -> Counter:
    if checked is None or checked.kind != "implementation":
        return Counter()
    region = checked.data["region"]
    return Counter((repr((region, e)), e["item"]) for e in checked.data["entries"])


def _with_relatives(codes: set[str], catalog: Catalog) -> set[str]:
    """An entry may name an item or one of its handling items: a change to either is both's."""
    related = set(codes)
    for code in codes:
        item = catalog.item_of(code)
        if item:
            related |= {item["code"], *(h["code"] for h in item["handling"])}
    return related


def _files_naming(catalog: Catalog, codes: set[str]) -> set[str]:
    files = {
        b.origin.file
        for b in catalog.bundles.values()
        if any(c in codes for _, c in bundle_codes(b))
    }
    files |= {i.origin.file for i in catalog.items.values() if i.get("merged_into") in codes}
    return files


def results(
    last: RuleResults | None,
    focus: Focus | None,
    found: list[tuple[Origin | None, Problem]],
    reading: Reading,
    root: Path,
) -> RuleResults:
    """This validation's results: fresh ones for what was checked, the rest kept from
    ``last``; every problem located against the file as it is now."""
    moved = (
        set()
        if last is None
        else {f for f, d in reading.digests.items() if last.digests.get(f) != d}
    )
    by_subject: dict[Origin | None, list[Problem]] = {}
    if last is not None and focus is not None:
        # kept from the last validation: located then, so again if their file changed since
        by_subject = {
            s: [_unlocated(p) if p.file in moved else p for p in ps]
            for s, ps in last.by_subject.items()
            if s is not None and not _covers(focus, s)
        }
    for subject, problem in found:
        by_subject.setdefault(subject, []).append(problem)
    by_file = {}
    for checked in reading.checked:
        if last is not None and checked.file not in moved and checked.file in last.by_file:
            by_file[checked.file] = last.by_file[checked.file]
        else:
            # as the reading and schema check gave them: a reader's problem (a syntax error,
            # say) keeps the line and column the parser saw, exactly as from nothing
            by_file[checked.file] = checked.problems
    return RuleResults(reading.digests, _located(by_subject, root), _located(by_file, root))


def _covers(focus: Focus, subject: Origin) -> bool:
    return subject.file in focus.files or subject in focus.entries


def _unlocated(problem: Problem) -> Problem:
    """A rule's problem (located by its path) ready to be located in the file as it is now."""
    return problem.located(0, 0)


def _located(groups: dict, root: Path) -> dict:
    """Locate the problems that have no line yet, all at once, so that each file is composed
    once."""
    pairs = [(key, p) for key, ps in groups.items() for p in ps]
    located: dict = {key: [] for key in groups}
    for (key, _), problem in zip(pairs, locate([p for _, p in pairs], root)):
        located[key].append(problem)
    return located
