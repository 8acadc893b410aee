"""The one place where the hall's figures meet the resolved catalog.

Everything the case figures take from a catalog comes through here: a release validated and
resolved (``banshi.validate``, ``banshi.resolve``) on a day, and from it, for each region and
handling item, the promise along the region's route (``Guide.promised``), the unit and the
legal limit, the window and its department; the release's calendar, regions and codes; and
the days each item is in force (its ``effective`` and ``expires``). The rest of
``banshi.cases`` sees plain rows and never a ``Compiled`` or a ``Guide``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

from banshi.cases.columns import FIRST_DAY, LAST_DAY
from banshi.pipeline import validated
from banshi.problems import Problem
from banshi.resolve import resolve

# The columns of a promise row, in order (``CatalogView.promises_on``).
PROMISE_COLUMNS = (
    "region",
    "code",
    "effective",  # the handling item is in force from this day
    "expires",  # to the day before this one (None: no end)
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
    windows: tuple[tuple[str, str | None], ...]  # each active item's (effective, expires)
    _catalog: object  # None for a release read from the cache (banshi.cases.cache)
    _promises: list[tuple] | None = None

    def promises(self) -> list[tuple]:
        """A row (``PROMISE_COLUMNS``) for each region and handling item of the release: what
        an applicant was promised there, along the region's route, and the days its item is in
        force. A guide and its promise are the same on every day its item is in force, so the
        catalog is resolved on as few days as cover every item's days (``days_covering``), not
        on each day."""
        if self._promises is None:
            rows = {}
            for day in days_covering(self.windows, FIRST_DAY, LAST_DAY):
                for row in self.promises_on(day):
                    rows.setdefault(row[:2], row)
            self._promises = [rows[key] for key in sorted(rows)]
        return self._promises

    def promises_on(self, day: str) -> list[tuple]:
        """A row (``PROMISE_COLUMNS``) for each region and handling item in force on ``day``."""
        compiled = resolve(self._catalog, day)
        rows, seen = [], set()
        for guide in compiled.guides:  # sorted by code and region; the first guide is the one
            key = (guide.region_code, guide.code)  # a notice names (Compiled.guide)
            if key in seen:
                continue
            seen.add(key)
            handling = guide.handling
            rows.append(
                (
                    guide.region_code,
                    guide.code,
                    handling.effective,
                    handling.expires,
                    guide.promised,
                    handling.time_limit.unit,
                    handling.time_limit.legal,
                    handling.kind,
                    handling.name,
                    guide.agency.id,
                    guide.agency.name,
                    guide.window,
                    guide.region.name,
                )
            )
        return rows


def days_covering(windows, first: str, last: str) -> list[str]:
    """As few days as there are in which every window [effective, expires) that meets the days
    from ``first`` to ``last`` has one of its days: the latest day of the window that ends
    first, then of the first window that day misses, and so on."""
    after = _next_day(last)
    spans = sorted((max(start, first), min(end or after, after)) for start, end in windows)
    spans = sorted((s for s in spans if s[0] < s[1]), key=lambda span: span[1])
    days: list[str] = []
    for start, end in spans:
        if not days or days[-1] < start:
            days.append(_previous_day(end))
    return days


def _next_day(day: str) -> str:
    return (datetime.date.fromisoformat(day) + datetime.timedelta(days=1)).isoformat()


def _previous_day(day: str) -> str:
    return (datetime.date.fromisoformat(day) - datetime.timedelta(days=1)).isoformat()


def view(folder: Path, use_cache: bool = True) -> CatalogView:
    """The catalog at ``folder``, validated; ``ReleaseUnusable`` when it has errors."""
    result = validated(folder, use_cache).validation
    if result.errors:
        raise ReleaseUnusable(result.errors)
    catalog = result.catalog
    calendar = catalog.calendar.data if catalog.calendar else {}
    windows = {
        (item["effective"], item.get("expires"))
        for item in catalog.items.values()
        if item["status"] == "active"
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
        windows=tuple(sorted(windows, key=lambda w: (w[0], w[1] or ""))),
        _catalog=catalog,
    )
