"""The one place where the hall's figures meet the resolved catalog.

Everything the case figures take from a catalog comes through here: a release validated and
resolved (``banshi.validate``, ``banshi.resolve``) on a day, and from it, for each region and
handling item, the promise along the region's route (``Guide.promised``), the unit and the
legal limit, the window and its department; the release's calendar, regions and codes; and
the days on which what is in force changes (items' ``effective`` and ``expires``). The rest of
``banshi.cases`` sees plain rows and never a ``Compiled`` or a ``Guide``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from banshi.problems import Problem
from banshi.resolve import resolve
from banshi.validate import validate

# The columns of a promise row, in order (``promises_on``).
PROMISE_COLUMNS = (
    "region",
    "code",
    "promised",
    "unit",
    "legal",
    "kind",
    "name",
    "department",
    "department_name",
    "window_name",
    "region_name",
)


class ReleaseUnusable(Exception):
    """A release of the catalog that does not validate: nothing can be resolved from it."""

    def __init__(self, problems: list[Problem]):
        super().__init__(f"{len(problems)} errors")
        self.problems = problems


@dataclass
class CatalogView:
    """One release of the catalog as the case figures need it."""

    name: str
    version: str
    released: str
    calendar: tuple[tuple[str, ...], tuple[str, ...]]  # rules/calendar.yaml: holidays, workdays
    regions: dict[str, tuple[str, tuple[str, ...]]]  # code → (name, ancestors)
    codes: frozenset[str]  # every handling code the release knows, in force or not
    changes: tuple[str, ...]  # the days on which an item comes into or goes out of force
    _catalog: object

    def promises_on(self, day: str) -> list[tuple]:
        """A row (``PROMISE_COLUMNS``) for each region and handling item in force on ``day``:
        what an applicant was promised there, along the region's route."""
        compiled = resolve(self._catalog, day)
        rows, seen = [], set()
        for guide in compiled.guides:  # sorted by code and region; the first guide is the one
            key = (guide.region_code, guide.code)  # a notice names (Compiled.guide)
            if key in seen:
                continue
            seen.add(key)
            limit = guide.handling["time_limit"]
            rows.append(
                (
                    guide.region_code,
                    guide.code,
                    guide.promised,
                    limit["unit"],
                    limit["legal"],
                    guide.handling["kind"],
                    guide.handling["name"],
                    guide.agency["id"],
                    guide.agency["name"],
                    guide.window,
                    guide.region["name"],
                )
            )
        return rows


def view(folder: Path, use_cache: bool = True) -> CatalogView:
    """The catalog at ``folder``, validated; ``ReleaseUnusable`` when it has errors."""
    result = validate(folder, use_cache)
    if result.errors:
        raise ReleaseUnusable(result.errors)
    catalog = result.catalog
    calendar = catalog.calendar.data if catalog.calendar else {}
    changes = {
        day
        for item in catalog.items.values()
        for day in (item.get("effective"), item.get("expires"))
        if day
    }
    return CatalogView(
        name=catalog.info["name"],
        version=str(catalog.info["version"]),
        released=catalog.info["released"],
        calendar=(tuple(calendar.get("holidays", ())), tuple(calendar.get("workdays", ()))),
        regions={
            code: (region["name"], tuple(catalog.ancestors(code)))
            for code, region in catalog.regions.items()
        },
        codes=frozenset(catalog.handling),
        changes=tuple(sorted(changes)),
        _catalog=catalog,
    )
