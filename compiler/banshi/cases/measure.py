"""Each case measured against the promise and the calendar in force on the day it was accepted.

The releases a set of days needs are resolved on as few days as cover every item in force
(``CatalogView.promises``), and written into small tables beside the cases: the
promise of each region and handling item with the days its item is in force (``promises``),
the release in force on each day (``day_release``), and each release's calendar with every
day's working-day number (``calendar``). Measuring millions of cases is then a handful of joins
inside DuckDB.

Days count as on the papers (spec §5, ``WorkCalendar.add``): a case accepted on a rest day
counts from the next working day (the 受理 date the paper would state); a promise of N 工作日
ends on the Nth working day after that, one of N 自然日 on the Nth day, moved to the next working
day when it is a rest day; paused working days (``paused_days``) move the end further by as
many working days. The days a case took are the working days after its start up to the day it
was done, less its paused days.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from banshi.cases.catalog import PROMISE_COLUMNS, ReleaseUnusable
from banshi.cases.releases import History
from banshi.i18n import _
from banshi.workdays import WorkCalendar

Date = datetime.date
ONE_DAY = datetime.timedelta(days=1)


@dataclass
class Catalogs:
    """What ``prepare`` wrote, and what it found."""

    releases: dict[int, dict] = field(default_factory=dict)  # the releases used, by index
    unusable: dict[int, list] = field(default_factory=dict)  # release → its errors
    before_first: bool = False  # some day came before the first release
    unknown_years: dict[int, set[int]] = field(default_factory=dict)  # calendar → years
    names: dict[str, str] = field(default_factory=dict)  # region code → name, latest release
    catalog_name: str = ""


def prepare(con, history: History, days: list[str], last: str, paused: int = 0) -> Catalogs:
    """Write ``day_release``, ``promises``, ``regions``, ``codes`` and ``calendar`` for these
    days (ISO dates). The calendars run from the first day to ``last``, and on as many working
    days as the longest promise and ``paused`` take."""
    found = Catalogs()
    by_release: dict[int, list[str]] = {}
    for day in sorted(days):
        by_release.setdefault(history.in_force(day), []).append(day)
        found.before_first |= history.before_first(day)
    day_rows, promise_rows, used = [], [], []
    for index, mine in sorted(by_release.items()):
        try:
            rows = history.view(index).promises()
        except ReleaseUnusable as unusable:
            found.unusable[index] = unusable.problems
            continue
        used.append(index)
        day_rows += [(day, index) for day in mine]
        promise_rows += [(index, *row) for row in rows]
    calendars = _calendars(history, used)
    _table(con, "day_release", ("day DATE", "release INTEGER"), day_rows)
    _table(con, "promises", _promise_columns(), promise_rows)
    _known(con, history, used)
    release_calendar = [(index, calendars[history.view(index).calendar]) for index in used]
    _table(con, "release_calendar", ("release INTEGER", "calendar INTEGER"), release_calendar)
    first = min(days) if days else last
    longest = max((row[5] for row in promise_rows), default=0)
    found.unknown_years = _calendar(con, calendars, first, last, longest + paused)
    for index in used:
        release = history.releases[index]
        found.releases[index] = {
            "version": release.version,
            "released": release.released,
            "revision": release.revision,
            "until": history.until(index),
        }
    try:  # names as the last release used (or the one in force at the end) gives them
        latest = history.view(used[-1] if used else history.in_force(last))
    except ReleaseUnusable:
        return found
    found.catalog_name = latest.name
    found.names = {code: name for code, (name, _a) in latest.regions.items()}
    return found


def _promise_columns() -> tuple[str, ...]:
    types = {"promised": "INTEGER", "legal": "INTEGER", "effective": "DATE", "expires": "DATE"}
    return ("release INTEGER", *(f"{c} {types.get(c, 'VARCHAR')}" for c in PROMISE_COLUMNS))


def _table(con, name: str, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """A temporary table of these rows, handed over a column at a time (one statement, not one
    per row)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} ({', '.join(columns)})")
    if rows:
        types = [column.split(" ", 1)[1] for column in columns]
        values = ", ".join(f"unnest(${n + 1}::{kind}[])" for n, kind in enumerate(types))
        con.execute(f"INSERT INTO {name} SELECT {values}", [list(c) for c in zip(*rows)])


def _known(con, history: History, used: list[int]) -> None:
    """Each release's regions (with every region above each, for a report's ``--region``) and
    handling codes."""
    regions, codes = [], []
    for index in used:
        view = history.view(index)
        for code, (_name, ancestors) in view.regions.items():
            regions += [(index, code, code)] + [(index, code, a) for a in ancestors]
        codes += [(index, code) for code in sorted(view.codes)]
    _table(con, "regions", ("release INTEGER", "region VARCHAR", "within VARCHAR"), regions)
    _table(con, "codes", ("release INTEGER", "code VARCHAR"), codes)


def _calendars(history: History, used: list[int]) -> dict[tuple, int]:
    calendars: dict[tuple, int] = {}
    for index in used:
        calendars.setdefault(history.view(index).calendar, len(calendars))
    return calendars


def _calendar(con, calendars: dict[tuple, int], first: str, last: str, extra: int) -> dict:
    """Every day of each calendar from the day before ``first`` to ``extra`` working days after
    ``last``: whether it is a working day, and how many working days there are up to it (its
    number)."""
    rows, unknown = [], {}
    start, end = Date.fromisoformat(first) - ONE_DAY, Date.fromisoformat(last)
    for (holidays, workdays), number in calendars.items():
        calendar = WorkCalendar(holidays, workdays)
        days, count, after = [], 0, 0
        day = start
        while day <= end or after <= extra:
            working = calendar.is_workday(day)
            count += working
            after += working and day > end
            days.append((day, working, count))
            day += ONE_DAY
        rows += [(number, *day) for day in days]
        unknown[number] = set(WorkCalendar.guessed(start, days[-1][0]))
    _table(
        con,
        "calendar",
        (
            "calendar INTEGER",
            "day DATE",
            "workday BOOLEAN",
            "number INTEGER",
        ),
        rows,
    )
    return unknown


# Each case of ``source`` (a query of case rows) with its promise, its promised date (``due``),
# the working days it took (``days``), and the working-day numbers of its promised date and of
# the day ``$until`` on its calendar; a case with no promise on the day it was accepted has
# none (NULL). As on the papers (``WorkCalendar.add``), the period counts from the day after the
# real day of acceptance, never moved: N working days end on the Nth working day after it (a
# 即办件 accepted on a Sunday is due that Sunday), N natural days on the Nth day, or the next
# working day.
MEASURED = """
SELECT c.*, p.promised, p.unit, p.legal, p.kind, p.name, p.department, p.department_name,
       p.window_name, p.region_name, ds.release, c.accepted AS start,
       CASE WHEN p.unit <> '自然日' AND p.promised + coalesce(c.paused_days, 0) = 0
            THEN c.accepted ELSE due.day END AS due,
       CASE WHEN p.unit <> '自然日' AND p.promised + coalesce(c.paused_days, 0) = 0
            THEN a.number ELSE due.number END AS due_number,
       d.number AS done_number, u.number AS until_number,
       CASE WHEN c.done IS NOT NULL THEN
         greatest(d.number - a.number - coalesce(c.paused_days, 0), 0)
       END AS days
FROM ({source}) c
LEFT JOIN day_release ds ON ds.day = c.accepted
LEFT JOIN release_calendar rc ON rc.release = ds.release
LEFT JOIN promises p ON p.release = ds.release AND p.region = c.region AND p.code = c.code
     AND p.effective <= c.accepted AND (p.expires IS NULL OR c.accepted < p.expires)
LEFT JOIN calendar a ON a.calendar = rc.calendar AND a.day = c.accepted
LEFT JOIN calendar n ON n.calendar = rc.calendar AND p.unit = '自然日'
     AND n.day = c.accepted + p.promised
LEFT JOIN calendar d ON d.calendar = rc.calendar AND d.day = c.done
LEFT JOIN calendar due ON due.calendar = rc.calendar AND due.workday AND due.number =
     CASE WHEN p.unit = '自然日' THEN n.number + (NOT n.workday)::INTEGER
          ELSE a.number + p.promised END
     + coalesce(c.paused_days, 0)
LEFT JOIN calendar u ON u.calendar = rc.calendar AND u.day = $until
"""


def measured(source: str) -> str:
    return MEASURED.format(source=source)


def unusable_message(version: str, count: int) -> str:
    return _(
        "release {version} of the catalog has {count} errors: the cases accepted while it was "
        "in force cannot be measured (banshi validate on that release shows them)"
    ).format(version=version, count=count)
