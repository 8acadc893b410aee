"""``json/calendar.json``: the working days every paper counts on, for importing systems.

An 电子监察 system that takes ``implementations/<region>.json`` (each region's promise along its
route) and ``items/<code>.json`` (the unit) computes a case's promised date from this file alone,
as the papers do (``WorkCalendar.add``). The file states the calendar as exceptions to the
weekend rule: Monday to Friday are working days, Saturday and Sunday are not, except the dates
listed under ``holidays`` (a weekday off) and ``workdays`` (a weekend day worked). The lists cover
every day of ``years`` (the years the State Council's schedule is known) and the catalog's own
``rules/calendar.yaml`` days; a year outside ``years`` is counted by the weekend rule and the
catalog's days alone, as the papers count it (and say so).
"""

from __future__ import annotations

import datetime

from banshi.emit import Output
from banshi.emit.json_rules import FORMAT_VERSION
from banshi.resolve import Compiled
from banshi.workdays import known_years

COUNTING = (
    "期限自受理次日起算（期间开始的当日不计入），受理日为实际受理之日，不因休息日顺延："
    "N 个工作日的期限，届满日为受理日之后的第 N 个工作日；N 个自然日的期限，届满日为受理日之后的"
    "第 N 日，遇休息日顺延至其后第一个工作日；期限为 0 的即办件，届满日为受理日。"
)


def calendar_of(compiled: Compiled) -> dict:
    """Every day the calendar knows that is not as the weekend rule would have it."""
    holidays, workdays = compiled.calendar
    calendar = compiled.work_calendar()
    years = known_years()
    days = {
        datetime.date(year, 1, 1) + datetime.timedelta(days=offset)
        for year in years
        for offset in range((datetime.date(year + 1, 1, 1) - datetime.date(year, 1, 1)).days)
    }
    days |= {datetime.date.fromisoformat(d) for d in (*holidays, *workdays)}
    off = sorted(d for d in days if d.weekday() < 5 and not calendar.is_workday(d))
    worked = sorted(d for d in days if d.weekday() >= 5 and calendar.is_workday(d))
    return {
        "format": FORMAT_VERSION,
        "as_of": compiled.as_of,
        "years": years,
        "holidays": [d.isoformat() for d in off],
        "workdays": [d.isoformat() for d in worked],
        "catalog": {"holidays": sorted(holidays), "workdays": sorted(workdays)},
        "counting": COUNTING,
    }


def emit(compiled: Compiled, output: Output, env) -> None:
    output.write_json("json/calendar.json", calendar_of(compiled))
