"""Incremental validation: after an edit, check again only what the edit can have changed.

The rules' problems of the last validation are kept by the subject that found them: an
implementation entry, an item file, a bundle file, or None for checks of the catalog as a
whole (and of its small shared files), which run every time. After an edit,

- a changed item, implementation or bundle file is checked again in whole;
- so is every subject that names a code whose data changed: the entries of an item whose file
  changed; the other entries of an item one of whose entries changed (多头受理, 受理转报 and
  代办 look across entries); the bundles with such an item; items merged into it; the item
  itself (应进全进 asks whether every region lists it);
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
from collections.abc import Mapping
from dataclasses import dataclass

from banshi.load.locate import Locations
from banshi.model import Catalog, Focus, bundle_codes
from banshi.problems import ERROR, IN_ORDER, Origin, Problem
from banshi.source import SourceFile
from banshi.validate.cache import (
    Malformed,
    decode_origin,
    decode_path,
    decode_problems,
    encode_origin,
    encode_path,
    encode_problem,
    expect,
)
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
        # a per-file problem found again from another subject is one problem
        return sorted(found, key=IN_ORDER)

    def plain(self) -> list:
        """As the cache keeps it: plain data only."""
        return [
            self.digests,
            [
                [encode_origin(s), [encode_problem(p) for p in ps]]
                for s, ps in self.by_subject.items()
            ],
            {f: [encode_problem(p) for p in ps] for f, ps in self.by_file.items()},
        ]

    @classmethod
    def from_plain(cls, plain) -> RuleResults:
        if not isinstance(plain, list) or len(plain) != 3:
            raise Malformed("rule results are a list of 3")
        digests, subjects, by_file = plain
        for file, digest in expect(digests, dict).items():
            expect(file, str), expect(digest, str)
        by_subject = {}
        for pair in expect(subjects, list):
            if not isinstance(pair, list) or len(pair) != 2:
                raise Malformed("a subject is [origin, problems]")
            by_subject[decode_origin(pair[0])] = decode_problems(pair[1])
        files = {expect(f, str): decode_problems(ps) for f, ps in expect(by_file, dict).items()}
        return cls(digests, by_subject, files)


def locations_plain(kept: dict[str, dict[tuple, tuple[int, int]]]) -> dict:
    """Locations (digest → path → (line, column)) as the cache keeps them: digest → [[path,
    line, column], …]."""
    return {
        digest: [[encode_path(path), line, column] for path, (line, column) in places.items()]
        for digest, places in kept.items()
    }


def locations_from_plain(plain) -> Locations:
    known = {}
    for digest, places in expect(plain, dict).items():
        here = known[expect(digest, str)] = {}
        for place in expect(places, list):
            if not isinstance(place, list) or len(place) != 3:
                raise Malformed("a place is [path, line, column]")
            path, line, column = place
            if type(line) is not int or type(column) is not int or line < 1 or column < 1:
                raise Malformed("a line or column is a whole number")
            here[decode_path(path)] = (line, column)
    return Locations(known)


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
    if _codes_made_or_gone(before, after):  # a mistyped code's nearest known one may be too
        codes |= _unknown_codes(catalog)
    files = frozenset(changed | _files_naming(catalog, codes))
    checked = tuple(
        e for e in catalog.implementations if e.origin.file in files or e.data["item"] in codes
    )
    entries = frozenset(e.origin for e in checked if e.origin.file not in files)
    return Focus(files, entries, checked)


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


def _item_codes(checked: Checked | None) -> set[str]:
    if checked is None or checked.kind != "item":
        return set()
    return {checked.data["code"], *(h["code"] for h in checked.data["handling"])}


def _codes_made_or_gone(before: dict[str, Checked], after: dict[str, Checked]) -> bool:
    return any(
        _item_codes(before.get(file)) != _item_codes(after.get(file))
        for file in before.keys() | after.keys()
    )


def _unknown_codes(catalog: Catalog) -> set[str]:
    """The codes named (by entries, bundles, merged_into) that no item has: their problems say
    which known code is nearest (``ref.item``), so they are found again when codes come or go."""
    named = [e["item"] for e in catalog.implementations]
    named += [code for b in catalog.bundles.values() for _, code in bundle_codes(b)]
    named += [i["merged_into"] for i in catalog.items.values() if "merged_into" in i.data]
    return {code for code in named if not catalog.knows_code(code)}


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
    """The files to check again for these codes besides their entries: bundles naming them,
    items merged into them, and the items themselves (whether every region lists an item,
    应进全进, changes with the lists)."""
    files = {catalog.items[code].origin.file for code in codes if code in catalog.items}
    files |= {
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
    files: Mapping[str, SourceFile],
    locations: Locations,
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
    return RuleResults(
        reading.digests,
        _located(by_subject, files, locations),
        _located(by_file, files, locations),
    )


def _covers(focus: Focus, subject: Origin) -> bool:
    return subject.file in focus.files or subject in focus.entries


def _unlocated(problem: Problem) -> Problem:
    """A rule's problem (located by its path) ready to be located in the file as it is now."""
    return problem.located(0, 0)


def _located(groups: dict, files: Mapping[str, SourceFile], locations: Locations) -> dict:
    """Locate the problems that have no line yet, all at once, so that each file is composed
    once."""
    pairs = [(key, p) for key, ps in groups.items() for p in ps]
    located: dict = {key: [] for key in groups}
    for (key, _), problem in zip(pairs, locations.locate([p for _, p in pairs], files)):
        located[key].append(problem)
    return located
