"""The catalog as rules and generators see it: schema-valid data, indexed by code and id.

Every indexed thing keeps its ``origin`` (file and path), so a rule can point at it. Keys of
documents that failed to load or failed their schema are remembered as ``broken``: a reference
to them is not reported again as dangling.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from banshi.load import Document
from banshi.problems import Origin

LEVELS = ("national", "province", "city", "county", "township", "village")
LEVEL_NAMES = {
    "national": "国家级",
    "province": "省级",
    "city": "市级",
    "county": "县级",
    "township": "乡镇级",
    "village": "村级",
}
DECIDING_MODES = ("办理", "下放")
ACCEPTING_MODES = ("办理", "受理转报", "下放")
COMPREHENSIVE_SECTOR = "综合"


@contextlib.contextmanager
def building_trees():
    """Catalog data are trees, so the cycle collector has nothing to find in them; left on, it
    rescans the growing heap again and again while a large catalog loads (a third of the time).
    Paused while the trees are built, then they are frozen out of its way for the rest."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()


# Not frozen, though nothing assigns to them: a province has half a million entries, and a
# frozen dataclass is built at half the speed (a warm validation builds them all again).
@dataclass(slots=True)
class Entry:
    """One piece of catalog data (a region, a department, a material…) and where it was written."""

    data: dict
    origin: Origin

    def __getitem__(self, key):
        return self.data[key]

    def get(self, key, default=None):
        return self.data.get(key, default)


@dataclass(slots=True)
class Handling(Entry):
    """A 业务办理项, with the 事项 it belongs to."""

    item: Entry = None


@dataclass(slots=True)
class Implementation(Entry):
    """One entry of a region's 实施清单."""

    region: str = ""


@dataclass(frozen=True)
class Duplicate:
    namespace: str
    key: str
    origin: Origin
    first: Origin


# Where each kind keeps its keyed lists: (list key, namespace, id field).
_KEYED_LISTS = {
    "regions": ("regions", "region", "code"),
    "departments": ("departments", "department", "id"),
    "materials": ("materials", "material", "id"),
    "situations": ("questions", "question", "id"),
}
_SINGLETONS = ("catalog", "policy", "calendar")
_REQUIRED_NAMESPACES = ("region", "department", "material", "question")
# Kinds whose rows stand alone: a row that fails its schema leaves the others usable.
ROW_LISTS = {kind: list_key for kind, (list_key, _, _) in _KEYED_LISTS.items()}
ROW_LISTS["implementation"] = "entries"


@dataclass(frozen=True)
class Focus:
    """What an incremental validation checks again: whole files, and single entries of other
    implementation lists (those naming an item whose data changed). Everything else keeps the
    problems the last validation found for it. ``checked`` is every implementation entry it
    covers, in catalog order: found in the same pass over the catalog as ``entries``."""

    files: frozenset[str]
    entries: frozenset[Origin]
    checked: tuple[Implementation, ...] = ()

    def covers_file(self, file: str) -> bool:
        return file in self.files


class Pairs:
    """Entries by two keys (an agency or a region, then an item code), in catalog order. Most
    pairs have one entry, kept as itself rather than in a list of one: half a million lists
    were a fifth of what validating a province held."""

    def __init__(self):
        self._by: dict[str, dict[str, Implementation | list[Implementation]]] = {}

    def add(self, first: str, second: str, entry: Implementation) -> None:
        inner = self._by.setdefault(first, {})
        found = inner.get(second)
        if found is None:
            inner[second] = entry
        elif type(found) is list:
            found.append(entry)
        else:
            inner[second] = [found, entry]

    def get(self, first: str, second: str) -> Sequence[Implementation]:
        found = self._by.get(first, {}).get(second)
        if found is None:
            return ()
        return found if type(found) is list else (found,)


# The material fields that name a file under the catalog root (a form to publish).
FORM_FIELDS = (("blank", "blank_form"), ("sample", "sample"), ("commitment", "commitment_form"))


@dataclass
class Catalog:
    info: Entry | None = None
    policy: Entry | None = None
    calendar: Entry | None = None
    regions: dict[str, Entry] = field(default_factory=dict)
    departments: dict[str, Entry] = field(default_factory=dict)
    materials: dict[str, Entry] = field(default_factory=dict)
    questions: dict[str, Entry] = field(default_factory=dict)
    items: dict[str, Entry] = field(default_factory=dict)
    handling: dict[str, Handling] = field(default_factory=dict)
    bundles: dict[str, Entry] = field(default_factory=dict)
    implementations: list[Implementation] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    broken: set[tuple[str, str]] = field(default_factory=set)
    unreadable_kinds: set[str] = field(default_factory=set)
    kinds_seen: set[str] = field(default_factory=set)  # kinds with a file, valid or not
    # Implementation entries or regions were left out (unreadable, or failing their schema):
    # checks that need every entry above a region cannot be trusted to find what is missing.
    entries_incomplete: bool = False
    # The files the materials name, as load read them (``SourceFile``), or why one could not be
    # read; and the digest of every file of catalog/ and rules/ (the build's ``sources``).
    forms: dict = field(default_factory=dict)
    sources: dict[str, str] = field(default_factory=dict)
    _by_item: dict | None = field(default=None, repr=False)
    _by_agency_region: dict | None = field(default=None, repr=False)
    # Where an entry forwards a handling item (``banshi.route``), by what decides it: its
    # region, forward_to, mode and the code. Every village of a township asks the same.
    forwarded: dict = field(default_factory=dict, repr=False)

    # -- building -------------------------------------------------------------------------

    def _index(self, namespace: str, table: dict, key, entry: Entry, key_origin: Origin) -> None:
        if key in table:
            self.duplicates.append(Duplicate(namespace, key, key_origin, table[key].origin))
        else:
            table[key] = entry

    def add(self, document: Document, skip: frozenset = frozenset()) -> None:
        """Index a schema-valid document; ``skip`` lists rows of its list that are not."""
        kind, data, origin = document.kind, document.data, document.origin
        if kind in _SINGLETONS:
            if getattr(self, "info" if kind == "catalog" else kind) is not None:
                self.duplicates.append(Duplicate(kind, kind, origin, self._singleton(kind).origin))
            else:
                setattr(self, "info" if kind == "catalog" else kind, Entry(data, origin))
        elif kind in _KEYED_LISTS:
            list_key, namespace, id_field = _KEYED_LISTS[kind]
            table = self.table(namespace)
            for i, row in enumerate(data[list_key]):
                if i not in skip:
                    entry = Entry(row, origin.at(list_key, i))
                    self._index(namespace, table, row[id_field], entry, entry.origin.at(id_field))
        elif kind == "item":
            item = Entry(data, origin)
            self._index("item", self.items, data["code"], item, origin.at("code"))
            for i, row in enumerate(data["handling"]):
                handling = Handling(row, origin.at("handling", i), item)
                self._index(
                    "handling", self.handling, row["code"], handling, handling.origin.at("code")
                )
        elif kind == "bundle":
            self._index("bundle", self.bundles, data["id"], Entry(data, origin), origin.at("id"))
        elif kind == "implementation":
            region = data["region"]
            for i, row in enumerate(data["entries"]):
                if i not in skip:
                    self.implementations.append(
                        Implementation(row, Origin(origin.file, _row("entries", i)), region)
                    )

    def _singleton(self, kind: str) -> Entry:
        return getattr(self, "info" if kind == "catalog" else kind)

    def remember_broken(self, document: Document) -> None:
        """Keep the keys a schema-invalid document declares, as far as they can be read."""
        data = document.data
        for namespace, key in _declared_keys(document.kind, data):
            if isinstance(key, str):
                self.broken.add((namespace, key))

    # -- lookups for rules and generators ----------------------------------------------

    def table(self, namespace: str) -> dict:
        return {
            "region": self.regions,
            "department": self.departments,
            "material": self.materials,
            "question": self.questions,
            "item": self.items,
            "handling": self.handling,
            "bundle": self.bundles,
        }[namespace]

    def knows(self, namespace: str, key) -> bool:
        """True when ``key`` exists, or may exist in a file that could not be checked."""
        table = self.table(namespace)
        if key in table or (namespace, key) in self.broken:
            return True
        if not table and namespace in _REQUIRED_NAMESPACES:
            return True  # the whole file is missing: files.required says so, once
        kind = {
            "region": "regions",
            "department": "departments",
            "material": "materials",
            "question": "situations",
            "handling": "item",
        }.get(namespace, namespace)
        return bool(self.unreadable_kinds & {kind, "*"})

    def knows_code(self, code) -> bool:
        """An item code or a handling code."""
        return self.knows("item", code) or self.knows("handling", code)

    def handling_of(self, code: str) -> list[Handling]:
        """The handling items a code stands for: itself, or all of an item's."""
        if code in self.handling:
            return [self.handling[code]]
        item = self.items.get(code)
        if item is None:
            return []
        return [
            self.handling[h["code"]] for h in item.data["handling"] if h["code"] in self.handling
        ]

    def item_of(self, code: str) -> Entry | None:
        if code in self.items:
            return self.items[code]
        handling = self.handling.get(code)
        return handling.item if handling else None

    def level(self, region: str) -> str | None:
        entry = self.regions.get(region)
        return entry.data["level"] if entry else None

    def ancestors(self, region: str) -> list[str]:
        """Parent, grandparent, … up to the top; stops at a broken or cyclic link."""
        chain, seen = [], {region}
        parent = self.regions[region].get("parent") if region in self.regions else None
        while parent and parent in self.regions and parent not in seen:
            chain.append(parent)
            seen.add(parent)
            parent = self.regions[parent].get("parent")
        return chain

    def entries_naming(self, code: str) -> list[Implementation]:
        """Entries whose ``item`` is this code, in catalog order, indexed on first use."""
        if self._by_item is None:
            index: dict[str, list[Implementation]] = {}
            for entry in self.implementations:
                index.setdefault(entry.data["item"], []).append(entry)
            self._by_item = index
        return self._by_item.get(code, [])

    def _by(self, attribute: str) -> Pairs:
        """Entries by agency or by region, then item, in catalog order; both indexed in one
        pass on first use."""
        if self._by_agency_region is None:
            by_agency, by_region = Pairs(), Pairs()
            for entry in self.implementations:
                item = entry.data["item"]
                by_agency.add(entry.data["agency"], item, entry)
                by_region.add(entry.region, item, entry)
            self._by_agency_region = {"agency": by_agency, "region": by_region}
        return self._by_agency_region[attribute]

    def _codes_of(self, handling_code: str) -> tuple[str, str]:
        return handling_code, self.handling[handling_code].item.data["code"]

    def entries_for(self, handling_code: str) -> list[Implementation]:
        """Implementation entries that cover a handling item (by its code or its item's), in
        catalog order."""
        if handling_code not in self.handling:
            return []
        both = [e for code in self._codes_of(handling_code) for e in self.entries_naming(code)]
        return sorted(both, key=_catalog_order)

    def entries_of_agency(self, agency: str, handling_code: str) -> list[Implementation]:
        """The entries of an agency that cover a handling item (by its code or its item's)."""
        by_agency = self._by("agency")
        return [e for code in self._codes_of(handling_code) for e in by_agency.get(agency, code)]

    def first_covering(self, region: str, handling_code: str) -> Implementation | None:
        """The first entry, in catalog order, of a region that covers a handling item."""
        by_region = self._by("region")
        firsts = [
            found[0]
            for code in self._codes_of(handling_code)
            if (found := by_region.get(region, code))
        ]
        return min(firsts, key=_catalog_order) if firsts else None

    def form_names(self) -> list[str]:
        """Every path a material names (blank form, sample, commitment form), once each."""
        names = (
            m.get(key) for m in self.materials.values() for _, key in FORM_FIELDS if m.get(key)
        )
        return sorted(set(names))

    def setting(self, key: str, default):
        return self.policy.get(key, default) if self.policy else default


@cache
def _row(list_key: str, index: int) -> tuple:
    """The path of a list's row, one tuple for every file's row at that index (a province has
    half a million entries, in lists of a few thousand)."""
    return (list_key, index)


def bundle_codes(bundle: Entry):
    """(origin, code) for every item or handling code a bundle names."""
    for i, code in enumerate(bundle.get("items", [])):
        yield bundle.origin.at("items", i), code
    for s, stage in enumerate(bundle.get("stages", [])):
        for i, code in enumerate(stage["items"]):
            yield bundle.origin.at("stages", s, "items", i), code
    for r, edge in enumerate(bundle.get("requires", [])):
        for end in ("before", "after"):
            yield bundle.origin.at("requires", r, end), edge[end]


def _catalog_order(entry: Implementation) -> tuple:
    return entry.origin.file, entry.origin.path


def _declared_keys(kind: str, data) -> list[tuple[str, object]]:
    if not isinstance(data, dict):
        return []
    if kind in _KEYED_LISTS:
        list_key, namespace, id_field = _KEYED_LISTS[kind]
        rows = data.get(list_key)
        rows = rows if isinstance(rows, list) else []
        return [(namespace, r.get(id_field)) for r in rows if isinstance(r, dict)]
    if kind == "item":
        rows = data.get("handling")
        rows = rows if isinstance(rows, list) else []
        return [("item", data.get("code"))] + [
            ("handling", r.get("code")) for r in rows if isinstance(r, dict)
        ]
    if kind == "bundle":
        return [("bundle", data.get("id"))]
    return []


def bad_rows(kind: str, paths: list[tuple]) -> frozenset | None:
    """Rows of a list document that have schema problems, or None when the document as a
    whole is unusable (a problem outside its rows, or a kind whose rows depend on each other)."""
    list_key = ROW_LISTS.get(kind)
    if list_key is None or any(len(p) < 2 or p[0] != list_key for p in paths):
        return None
    return frozenset(p[1] for p in paths)


def build(checked: list[tuple[Document, list[tuple]]], unreadable: set[str]) -> Catalog:
    """The catalog from documents and the paths of their schema problems."""
    catalog = Catalog(unreadable_kinds=set(unreadable))
    catalog.entries_incomplete = bool(
        unreadable & {"implementation", "regions", "departments", "*"}
    )
    for document, problem_paths in checked:
        catalog.kinds_seen.add(document.kind)
        skip = bad_rows(document.kind, problem_paths) if problem_paths else frozenset()
        if problem_paths and document.kind in ("implementation", "regions", "departments"):
            catalog.entries_incomplete = True
        if skip is None:
            catalog.remember_broken(document)
            continue
        catalog.add(document, skip)
        if skip:
            rows = document.data[ROW_LISTS[document.kind]]
            partial = Document(
                document.file,
                document.kind,
                {ROW_LISTS[document.kind]: [rows[i] for i in sorted(skip)]},
            )
            catalog.remember_broken(partial)
    return catalog
