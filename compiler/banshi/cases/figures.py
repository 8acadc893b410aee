"""The figures of a period (spec §6), summed inside DuckDB over the measured cases.

The period's cases are those accepted from ``--from`` to ``--to``; a case done after ``--to`` is
open at the end of the period. Every rate is a count over a count, both in the output, so each
can be checked by hand (docs/figures.md gives every formula with its seed).
"""

from __future__ import annotations

from dataclasses import dataclass

from banshi.cases.measure import Catalogs, measured, prepare, unusable_message
from banshi.errors import RequestError
from banshi.i18n import _

FORMAT = "banshi/cases/v1"
SHOWN = 20  # overdue (and unmeasured) cases listed with their details; the JSON lists every id
# How each --by groups the cases.
GROUPS = {
    "region": "region",
    "department": "department",
    "window": "department || '|' || coalesce(window_name, '')",
    "item": "code",
    "month": "strftime(accepted, '%Y-%m')",
}
COUNTS = (
    "accepted",
    "done",
    "on_time",
    "early",
    "same_day",
    "days",
    "legal_days",
    "counted_days",
    "on_site",
    "on_site_recorded",
    "one_visit",
    "visits_recorded",
    "evaluations",
    "rated_done",
    "satisfied",
    "rectified",
    "waited_days",
    "submitted_recorded",
)
OVERDUE = "(finished IS NOT NULL AND finished > due) OR (finished IS NULL AND due < $last)"
SUMS = """
  count(*) AS accepted,
  count(finished) AS done,
  count(*) FILTER (WHERE finished <= due) AS on_time,
  count(*) FILTER (WHERE finished < due) AS early,
  count(*) FILTER (WHERE finished = accepted) AS same_day,
  coalesce(sum(days) FILTER (WHERE finished IS NOT NULL), 0) AS days,
  coalesce(sum(legal) FILTER (WHERE {speedup}), 0) AS legal_days,
  coalesce(sum(days) FILTER (WHERE {speedup}), 0) AS counted_days,
  count(*) FILTER (WHERE finished IS NOT NULL AND on_site) AS on_site,
  count(*) FILTER (WHERE finished IS NOT NULL AND on_site IS NOT NULL) AS on_site_recorded,
  count(*) FILTER (WHERE finished IS NOT NULL AND visits <= 1) AS one_visit,
  count(*) FILTER (WHERE finished IS NOT NULL AND visits IS NOT NULL) AS visits_recorded,
  count(rating) AS evaluations,
  count(rating) FILTER (WHERE finished IS NOT NULL) AS rated_done,
  count(*) FILTER (WHERE rating >= 3) AS satisfied,
  count(*) FILTER (WHERE rating <= 2 AND rectified <= $last) AS rectified,
  coalesce(sum(accepted - submitted), 0) AS waited_days,
  count(submitted) AS submitted_recorded,
  count(*) FILTER (WHERE {overdue}) AS overdue_count,
  count(*) FILTER (WHERE rating <= 2) AS bad_count,
  min(year(accepted)) AS first_year,
  max(year(greatest(coalesce(due, accepted), coalesce(finished, accepted)))) AS last_year
""".format(
    speedup="finished IS NOT NULL AND unit = '工作日' AND legal IS NOT NULL",
    overdue=OVERDUE,
)
LISTS = f"""
  coalesce(list(case_id) FILTER (WHERE {OVERDUE}), []) AS overdue,
  coalesce(list(case_id) FILTER (WHERE rating <= 2), []) AS bad
"""
# The period's cases, each measured and with its evaluation (one per case, dated by the end);
# ``unmeasured``: no promise on the day it was accepted. Read once per query, never stored.
PERIOD = """
WITH e AS (SELECT case_id, rating, rectified FROM main.evaluations
           WHERE rated IS NULL OR rated <= $last)
SELECT m.case_id, m.code, m.region, m.accepted, m.submitted, m.on_site, m.visits, m.release,
       m.promised IS NULL AS unmeasured, m.due, m.days, m.legal, m.unit, m.department,
       m.window_name, CASE WHEN m.done <= $last THEN m.done END AS finished,
       e.rating, e.rectified
FROM ({measured}) m LEFT JOIN e USING (case_id)
"""
CASES_OF_PERIOD = """
SELECT * FROM main.cases
WHERE accepted BETWEEN $first AND $last
  AND ($region IS NULL OR region IN (SELECT region FROM regions WHERE within = $region))
"""


def _rate(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def figures_of(row: dict) -> dict:
    """The spec's figures from the counts of one group (or of the whole period)."""
    done = row["done"]
    return {
        "accepted": row["accepted"],
        "done": done,
        "done_rate": _rate(done, row["accepted"]),
        "on_time_rate": _rate(row["on_time"], done),
        "early_rate": _rate(row["early"], done),
        "overdue": row.get("overdue", row["overdue_count"]),
        "same_day_rate": _rate(row["same_day"], done),
        "average_days": round(row["days"] / done, 2) if done else None,
        "actual_speedup": (
            round(1 - row["counted_days"] / row["legal_days"], 4) if row["legal_days"] else None
        ),
        "on_site_rate": _rate(row["on_site"], row["on_site_recorded"]),
        "one_visit_rate": _rate(row["one_visit"], row["visits_recorded"]),
        "rated_rate": _rate(row["rated_done"], done),
        "satisfied_rate": _rate(row["satisfied"], row["evaluations"]),
        "bad": row.get("bad", row["bad_count"]),
        "rectified_rate": _rate(row["rectified"], row["bad_count"]),
        "average_acceptance_days": (
            round(row["waited_days"] / row["submitted_recorded"], 2)
            if row["submitted_recorded"]
            else None
        ),
        "counts": {key: row[key] for key in COUNTS},
    }


@dataclass
class Period:
    first: str
    last: str
    region: str | None = None
    by: tuple[str, ...] = ()  # one grouping (month), or several crossed (month × region)


def _run(con, sql: str, params: dict):
    """``sql`` with the parameters it names (DuckDB refuses the others)."""
    return con.execute(sql, {k: v for k, v in params.items() if f"${k}" in sql})


def _rows(con, sql: str, params: dict) -> list[dict]:
    cursor = _run(con, sql, params)
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row)) for row in cursor.fetchall()]


def _check_region(con, history, period: Period) -> None:
    if period.region is None:
        return
    (known,) = con.execute(
        "SELECT count(*) FROM regions WHERE region = ?", [period.region]
    ).fetchone()
    latest = history.view(history.in_force(period.last))
    if not known and period.region not in latest.regions:
        raise RequestError(
            "region", _("{region} is not a region of the catalog").format(region=period.region)
        )


def report(con, history, period: Period, charts: tuple[str, ...] = ()) -> dict:
    """The figures of the period, by group when asked, with what they were measured against;
    ``charts``: groupings the HTML page draws, under ``charts`` (their ``overdue`` and ``bad``
    are counts). Each query reads the cases once, whatever the groupings."""
    params = {"first": period.first, "last": period.last}
    days, paused = _run(
        con,
        "SELECT list(DISTINCT accepted::VARCHAR), coalesce(max(paused_days), 0) "
        "FROM main.cases WHERE accepted BETWEEN $first AND $last",
        params,
    ).fetchone()
    catalogs = prepare(con, history, days or [], period.last, paused)
    _check_region(con, history, period)
    params |= {"region": period.region, "until": period.last}
    source = PERIOD.format(measured=measured(CASES_OF_PERIOD))
    names = _names(con, catalogs)
    sets = {"by": period.by, "release": ("release",)} | {f"chart {c}": (c,) for c in charts}
    total, groups = _grouped(con, source, sets, period.by, params)
    measured_by = {group["key"][0]: group["accepted"] for group in groups["release"]}
    result = {
        "format": FORMAT,
        "catalog": catalogs.catalog_name,
        "from": period.first,
        "to": period.last,
        "region": period.region,
        "by": list(period.by) or None,
        **figures_of(total),
        "groups": _named(groups.get("by", []), period.by, names),
        "overdue_cases": _overdue(con, params, names),
        "releases": [
            {**release, "cases": measured_by.get(index, 0)}
            for index, release in catalogs.releases.items()
        ],
        "unmeasured": _unmeasured(con, source, total["unmeasured"], params),
        "warnings": _warnings(history, catalogs, total),
    }
    if charts:
        result["charts"] = {c: _named(groups[f"chart {c}"], (c,), names) for c in charts}
        result["region_name"] = catalogs.names.get(period.region, "")
    return result


def _grouped(con, source: str, sets: dict[str, tuple], listed: tuple, params: dict):
    """The figures' counts of the measured cases as a whole and of each grouping of ``sets``
    (name → the keys it crosses), with how many were not measured (``unmeasured``), and the
    lists of overdue and bad cases of the whole and of the grouping ``listed``. The cases are
    read once, into cells of every key at once; each grouping adds its cells up (every count
    adds up)."""
    keys = sorted({key for by in sets.values() for key in by})
    keyed = ", ".join(["*", *(f"{GROUPS.get(k, k)} AS k_{k}" for k in keys)])
    cells = ", ".join(["unmeasured", *(f"k_{k}" for k in keys)])
    _run(
        con,
        f"CREATE OR REPLACE TEMP TABLE cells AS SELECT {cells}, {SUMS}, {LISTS} "
        f"FROM (SELECT {keyed} FROM ({source})) GROUP BY {cells}",
        params,
    )
    (unmeasured,) = con.execute(
        "SELECT coalesce(sum(accepted), 0) FROM cells WHERE unmeasured"
    ).fetchone()
    total = {"unmeasured": unmeasured, **_empty()}
    for row in _sum_cells(con, (), True):  # none when no case was measured
        total.update(row)
    grouped = {
        name: [
            {**row, "key": tuple(row[f"k_{k}"] for k in by)}
            for row in _sum_cells(con, by, by == listed)
        ]
        for name, by in sets.items()
        if by
    }
    return total, grouped


def _sum_cells(con, by: tuple, lists: bool) -> list[dict]:
    """The cells of measured cases added up by the keys ``by`` (all of them when none)."""
    keys = [f"k_{k}" for k in by]
    columns = [
        *keys,
        *(f"sum({c})::BIGINT AS {c}" for c in (*COUNTS, "overdue_count", "bad_count")),
        "min(first_year) AS first_year",
        "max(last_year) AS last_year",
    ]
    if lists:
        columns += [f"list_sort(flatten(list({c}))) AS {c}" for c in ("overdue", "bad")]
    grouping = f"GROUP BY {', '.join(keys)} ORDER BY {', '.join(keys)}" if keys else ""
    rows = _rows(con, f"SELECT {', '.join(columns)} FROM cells WHERE NOT unmeasured {grouping}", {})
    return [row for row in rows if row["accepted"] is not None]


def _empty() -> dict:
    empty = {key: 0 for key in (*COUNTS, "overdue_count", "bad_count")}
    return empty | {"overdue": [], "bad": [], "first_year": None}


def _names(con, catalogs: Catalogs) -> dict[str, dict]:
    """What each key of a grouping is called, as the latest release that has it says."""
    found = {"region": dict(catalogs.names), "month": {}}
    for by, key, name in (
        ("department", "department", "department_name"),
        ("window", GROUPS["window"], "department_name || coalesce(' ' || window_name, '')"),
        ("item", "code", "name"),
    ):
        found[by] = dict(
            con.execute(
                f"SELECT {key}, arg_max({name}, release) FROM promises GROUP BY 1"
            ).fetchall()
        )
    return found


def _named(groups: list[dict], by: tuple[str, ...], names: dict) -> list[dict]:
    def name(kind: str, key) -> str:
        if kind == "month":
            year, month = key.split("-")
            return f"{year}年{month}月"
        return names[kind].get(key) or ""

    return [
        {
            "key": " × ".join(str(k) for k in group["key"]),
            "name": " × ".join(name(kind, k) for kind, k in zip(by, group["key"])),
            **figures_of(group),
        }
        for group in groups
    ]


def _overdue(con, params: dict, names: dict) -> list[dict]:
    """The overdue cases, the longest overdue first (days past the promised date)."""
    rows = _rows(
        con,
        f"""SELECT case_id, code, region, department, window_name,
                  accepted::VARCHAR AS accepted, due::VARCHAR AS due, finished::VARCHAR AS done,
                  date_diff('day', due, coalesce(finished, $last::DATE)) AS late_days
           FROM (SELECT *, CASE WHEN done <= $last THEN done END AS finished
                 FROM ({measured(CASES_OF_PERIOD)}))
           WHERE promised IS NOT NULL AND ({OVERDUE})
           ORDER BY late_days DESC, case_id LIMIT {SHOWN}""",
        params,
    )
    return [
        {
            "case_id": row["case_id"],
            "code": row["code"],
            "name": names["item"].get(row["code"], ""),
            "region": row["region"],
            "region_name": names["region"].get(row["region"], ""),
            "department_name": names["department"].get(row["department"], ""),
            "window_name": row["window_name"],
            **{key: row[key] for key in ("accepted", "due", "done", "late_days")},
        }
        for row in rows
    ]


def _unmeasured(con, source: str, count: int, params: dict) -> dict:
    if not count:
        return {"count": 0, "cases": []}
    rows = _rows(
        con,
        f"SELECT case_id, code, region, accepted::VARCHAR AS accepted FROM ({source}) "
        f"WHERE unmeasured ORDER BY case_id LIMIT {SHOWN}",
        params,
    )
    return {"count": count, "cases": rows}


def _warnings(history, catalogs: Catalogs, total: dict) -> list[str]:
    warnings = list(history.warnings)
    if catalogs.before_first:
        first = history.releases[0]
        warnings.append(
            _(
                "cases accepted before {released}, when release {version} came into force, are "
                "measured against it: the history has no earlier release"
            ).format(released=first.released, version=first.version)
        )
    for index, problems in sorted(catalogs.unusable.items()):
        warnings.append(unusable_message(history.releases[index].version, len(problems)))
    if total.get("first_year") is not None:
        years = set(range(total["first_year"], total["last_year"] + 1))
        unknown = sorted(years & set().union(*catalogs.unknown_years.values()))
        for year in unknown:
            warnings.append(
                _(
                    "the calendar does not know the holidays of {year}: that year counts "
                    "weekends only (and rules/calendar.yaml's days); its figures are provisional"
                ).format(year=year)
            )
    return warnings


OPEN_ON = """
SELECT * FROM main.cases
WHERE accepted <= $on AND (done IS NULL OR done > $on)
  AND ($region IS NULL OR region IN (SELECT region FROM regions WHERE within = $region))
"""


def due(con, history, on: str, within: int, region: str | None) -> dict:
    """超时预警 on a day: open cases past their promised date (red), and those due within
    ``within`` working days of it (yellow), the most urgent first."""
    params = {"on": on}
    days, paused = con.execute(
        "SELECT list(DISTINCT accepted::VARCHAR), coalesce(max(paused_days), 0) "
        "FROM main.cases WHERE accepted <= $on AND (done IS NULL OR done > $on)",
        params,
    ).fetchone()
    catalogs = prepare(con, history, days or [], on, paused + within)
    _check_region(con, history, Period(on, on, region))
    params |= {"region": region, "until": on, "within": within}
    cases = _rows(
        con,
        f"""SELECT CASE WHEN due < $on THEN 'red' ELSE 'yellow' END AS level, case_id, code,
                   name, region, region_name, department_name, window_name,
                   accepted::VARCHAR AS accepted, due::VARCHAR AS due,
                   due_number - until_number AS days_left
            FROM ({measured(OPEN_ON)})
            WHERE promised IS NOT NULL AND (due < $on OR due_number - until_number <= $within)
            ORDER BY due, case_id""",
        params,
    )
    red = sum(case["level"] == "red" for case in cases)
    return {
        "format": FORMAT,
        "catalog": catalogs.catalog_name,
        "on": on,
        "within": within,
        "region": region,
        "red": red,
        "yellow": len(cases) - red,
        "cases": cases,
        "warnings": list(history.warnings),
    }
