"""The figures of a period (spec §6), summed inside DuckDB over the measured cases.

The period's cases are those accepted from ``--from`` to ``--to``; a case done after ``--to`` is
open at the end of the period. Every rate is a count over a count, both in the output, so each
can be checked by hand (docs/figures.md gives every formula with its seed).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from banshi.cases.measure import Catalogs, measured, prepare, unusable_message
from banshi.i18n import _

FORMAT = "banshi/cases/v1"
SHOWN = 20  # overdue cases listed with their details (the JSON lists every id)
# How each --by groups the cases: (key, name shown).
GROUPS = {
    "region": ("region", "arg_max(region_name, accepted)"),
    "department": ("department", "arg_max(department_name, accepted)"),
    "window": (
        "department || '|' || coalesce(window_name, '')",
        "arg_max(department_name || coalesce(' ' || window_name, ''), accepted)",
    ),
    "item": ("code", "arg_max(name, accepted)"),
    "month": ("strftime(accepted, '%Y-%m')", "strftime(any_value(accepted), '%Y年%m月')"),
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
  coalesce(list(case_id ORDER BY case_id) FILTER (WHERE {overdue}), []) AS overdue,
  coalesce(list(case_id ORDER BY case_id) FILTER (WHERE rating <= 2), []) AS bad
""".format(
    speedup="finished IS NOT NULL AND unit = '工作日' AND legal IS NOT NULL",
    overdue="(finished IS NOT NULL AND finished > due) OR (finished IS NULL AND due < $last)",
)
# The period's cases, each measured and with its evaluation (one per case, dated by the end).
PERIOD = """
WITH m AS ({measured}),
e AS (SELECT case_id, rating, rectified FROM main.evaluations
      WHERE rated IS NULL OR rated <= $last)
SELECT m.*, CASE WHEN m.done <= $last THEN m.done END AS finished, e.rating, e.rectified
FROM m LEFT JOIN e USING (case_id)
WHERE m.promised IS NOT NULL
"""
CASES_OF_PERIOD = """
SELECT * FROM main.cases
WHERE accepted BETWEEN $first AND $last
  AND ($region IS NULL OR region IN (SELECT region FROM regions WHERE within = $region))
"""


class UnknownRegion(Exception):
    """``--region`` names no region of the catalog (a usage error)."""


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
        "overdue": row["overdue"],
        "same_day_rate": _rate(row["same_day"], done),
        "average_days": round(row["days"] / done, 2) if done else None,
        "actual_speedup": (
            round(1 - row["counted_days"] / row["legal_days"], 4) if row["legal_days"] else None
        ),
        "on_site_rate": _rate(row["on_site"], row["on_site_recorded"]),
        "one_visit_rate": _rate(row["one_visit"], row["visits_recorded"]),
        "rated_rate": _rate(row["rated_done"], done),
        "satisfied_rate": _rate(row["satisfied"], row["evaluations"]),
        "bad": row["bad"],
        "rectified_rate": _rate(row["rectified"], len(row["bad"])),
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
        raise UnknownRegion(
            _("{region} is not a region of the catalog").format(region=period.region)
        )


def report(con, history, period: Period, charts: tuple[str, ...] = ()) -> dict:
    """The figures of the period, by group when asked, with what they were measured against;
    ``charts``: groupings the HTML page draws, under ``charts``."""
    params = {"first": period.first, "last": period.last}
    days_and_pauses = _run(
        con,
        "SELECT list(DISTINCT accepted::VARCHAR), coalesce(max(paused_days), 0) "
        "FROM main.cases WHERE accepted BETWEEN $first AND $last",
        params,
    ).fetchone()
    days, paused = days_and_pauses[0] or [], days_and_pauses[1]
    catalogs = prepare(con, history, days, period.last, paused)
    _check_region(con, history, period)
    params |= {"region": period.region, "until": period.last}
    _run(
        con,
        "CREATE OR REPLACE TEMP TABLE period AS "
        + PERIOD.format(measured=measured(CASES_OF_PERIOD)),
        params,
    )
    total = _rows(con, f"SELECT {SUMS} FROM period", params)[0]
    result = {
        "format": FORMAT,
        "catalog": catalogs.catalog_name,
        "from": period.first,
        "to": period.last,
        "region": period.region,
        "by": list(period.by) or None,
        **figures_of(total),
        "groups": _groups(con, period, params),
        "overdue_cases": _overdue(con, params),
        "releases": _releases(con, catalogs, params),
        "unmeasured": _unmeasured(con, params),
        "warnings": _warnings(con, history, catalogs, params),
    }
    if charts:
        result["charts"] = {by: _groups(con, replace(period, by=(by,)), params) for by in charts}
        result["region_name"] = catalogs.names.get(period.region, "")
    return result


def _groups(con, period: Period, params: dict) -> list[dict]:
    if not period.by:
        return []
    keys = [GROUPS[by][0] for by in period.by]
    names = [GROUPS[by][1] for by in period.by]
    key = keys[0] if len(keys) == 1 else f"concat_ws(' × ', {', '.join(keys)})"
    name = names[0] if len(names) == 1 else f"concat_ws(' × ', {', '.join(names)})"
    rows = _rows(
        con,
        f"SELECT {key} AS key, {name} AS name, {SUMS} FROM period "
        f"GROUP BY {', '.join(keys)} ORDER BY {', '.join(keys)}",
        params,
    )
    return [{"key": row["key"], "name": row["name"], **figures_of(row)} for row in rows]


def _overdue(con, params: dict) -> list[dict]:
    """The overdue cases, the longest overdue first (days past the promised date)."""
    return _rows(
        con,
        f"""SELECT case_id, code, name, region, region_name, department_name, window_name,
                  accepted::VARCHAR AS accepted, due::VARCHAR AS due,
                  finished::VARCHAR AS done,
                  date_diff('day', due, coalesce(finished, $last::DATE)) AS late_days
           FROM period
           WHERE (finished IS NOT NULL AND finished > due) OR (finished IS NULL AND due < $last)
           ORDER BY late_days DESC, case_id LIMIT {SHOWN}""",
        params,
    )


def _releases(con, catalogs: Catalogs, params: dict) -> list[dict]:
    sql = f"SELECT release, count(*) FROM ({measured(CASES_OF_PERIOD)}) GROUP BY 1"
    counts = dict(_run(con, sql, params).fetchall())
    return [
        {**release, "cases": counts.get(index, 0)} for index, release in catalogs.releases.items()
    ]


def _unmeasured(con, params: dict) -> dict:
    sql = f"SELECT * FROM ({measured(CASES_OF_PERIOD)}) WHERE promised IS NULL"
    (count,) = _run(con, f"SELECT count(*) FROM ({sql})", params).fetchone()
    rows = _rows(
        con,
        f"SELECT case_id, code, region, accepted::VARCHAR AS accepted, source FROM ({sql}) "
        f"ORDER BY case_id LIMIT {SHOWN}",
        params,
    )
    return {"count": count, "cases": rows}


def _warnings(con, history, catalogs: Catalogs, params: dict) -> list[str]:
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
    span = con.execute(
        "SELECT min(year(accepted)), max(year(greatest(coalesce(due, accepted), "
        "coalesce(finished, accepted)))) FROM period"
    ).fetchone()
    if span[0] is not None:
        years = set(range(span[0], span[1] + 1))
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
