"""Working days (工作日) on the official Chinese holiday calendar.

The ``chinese-calendar`` package knows the State Council's schedule of each year it ships;
``rules/calendar.yaml`` adds holidays and 调休 workdays it does not know yet. For a year that
neither knows fully, weekends alone are counted, and the calendar says so in ``warnings``
instead of guessing silently.
"""

from __future__ import annotations

import datetime

import chinese_calendar

Date = datetime.date
# The last day a notice counts to. Limits are bounded by the schemas (ten years of days at most),
# so a real date never comes near it; a date typed at random (9999-12-31) is refused, not
# carried into an overflow or a count of millions of days.
LAST_DAY = Date(2199, 12, 31)


class DateOutOfRange(ValueError):
    """A count of days that ends after ``LAST_DAY`` (a usage error)."""


def _official(day: Date) -> bool | None:
    """Whether the official schedule makes ``day`` a workday; None for a year it does not know."""
    try:
        return chinese_calendar.is_workday(day)
    except NotImplementedError:
        return None


def known_years() -> list[int]:
    """The years whose every day the official schedule knows (``chinese-calendar``'s)."""
    listed = {day.year for day in (*chinese_calendar.holidays, *chinese_calendar.workdays)}
    span = range(min(listed), max(listed) + 1)
    return [year for year in span if _official(Date(year, 6, 1)) is not None]


class WorkCalendar:
    def __init__(self, holidays=(), workdays=()):
        self.holidays = {Date.fromisoformat(d) for d in holidays}
        self.workdays = {Date.fromisoformat(d) for d in workdays}
        self.unknown_years: set[int] = set()

    @classmethod
    def of(cls, catalog) -> WorkCalendar:
        data = catalog.calendar.data if catalog.calendar else {}
        return cls(data.get("holidays", []), data.get("workdays", []))

    def is_workday(self, day: Date) -> bool:
        if day in self.holidays:
            return False
        if day in self.workdays:
            return True
        official = _official(day)
        if official is None:
            self.unknown_years.add(day.year)
            return day.weekday() < 5
        return official

    def next_workday(self, day: Date) -> Date:
        """``day`` itself when it is a workday, else the first workday after it."""
        while not self.is_workday(day):
            if day >= LAST_DAY:
                raise DateOutOfRange(
                    f"no workday after {day.isoformat()} is counted: notices "
                    f"count to {LAST_DAY.isoformat()}"
                )
            day += datetime.timedelta(days=1)
        return day

    def add(self, start: Date, days: int, unit: str) -> Date:
        """The date ``days`` after ``start``: working days (工作日) or natural days (自然日).

        Working days are counted after the start day (2025-09-30 + 1 = 2025-10-09, across the
        National Day holiday). A period in natural days that ends on a holiday ends on the next
        workday (期间的最后一日是法定休假日的, 以休假日结束的次日为最后一日).
        """
        if days > (LAST_DAY - start).days:  # working days end no earlier than natural days
            raise DateOutOfRange(
                f"{start.isoformat()} + {days} {unit} ends after "
                f"{LAST_DAY.isoformat()}, the last day notices count to"
            )
        if unit == "自然日":
            return self.next_workday(start + datetime.timedelta(days=days))
        day = start
        for _ in range(days):
            day = self.next_workday(day + datetime.timedelta(days=1))
        return day

    @property
    def warnings(self) -> list[str]:
        return [
            f"{year} 年的国务院节假日安排尚未收录：该年只按周末（及 rules/calendar.yaml "
            f"所列日期）计算工作日，日期仅供参考"
            for year in sorted(self.unknown_years)
        ]
