"""Working days (工作日) on the official Chinese holiday calendar.

The ``chinese-calendar`` package knows the State Council's schedule of each year it ships;
``rules/calendar.yaml`` adds holidays and 调休 workdays it does not know yet. For a year that
the official schedule does not know, weekends (and the catalog's own days) alone are counted,
and whoever prints a date says so (``guessed`` and ``caveats``) instead of guessing silently.
The calendar holds no state: counting the same days gives the same dates, whoever asks.
"""

from __future__ import annotations

import datetime

import chinese_calendar

from banshi.errors import UsageError
from banshi.i18n import _

Date = datetime.date
# The last day a notice counts to. Limits are bounded by the schemas (ten years of days at most),
# so a real date never comes near it; a date typed at random (9999-12-31) is refused, not
# carried into an overflow or a count of millions of days.
LAST_DAY = Date(2199, 12, 31)


class DateOutOfRange(UsageError):
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
        self.holidays = frozenset(Date.fromisoformat(d) for d in holidays)
        self.workdays = frozenset(Date.fromisoformat(d) for d in workdays)

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
        return day.weekday() < 5 if official is None else official

    def next_workday(self, day: Date) -> Date:
        """``day`` itself when it is a workday, else the first workday after it."""
        while not self.is_workday(day):
            if day >= LAST_DAY:
                said = _("no workday after {day} is counted: notices count to {last}")
                raise DateOutOfRange(said.format(day=day.isoformat(), last=LAST_DAY.isoformat()))
            day += datetime.timedelta(days=1)
        return day

    def add(self, start: Date, days: int, unit: str) -> Date:
        """The date ``days`` after ``start``: working days (工作日) or natural days (自然日).

        Working days are counted after the start day (2025-09-30 + 1 = 2025-10-09, across the
        National Day holiday). A period in natural days that ends on a holiday ends on the next
        workday (期间的最后一日是法定休假日的, 以休假日结束的次日为最后一日).
        """
        if days > (LAST_DAY - start).days:  # working days end no earlier than natural days
            said = _("{start} + {days} {unit} ends after {last}, the last day notices count to")
            raise DateOutOfRange(
                said.format(
                    start=start.isoformat(), days=days, unit=unit, last=LAST_DAY.isoformat()
                )
            )
        if unit == "自然日":
            return self.next_workday(start + datetime.timedelta(days=days))
        day = start
        for _day in range(days):
            day = self.next_workday(day + datetime.timedelta(days=1))
        return day

    @staticmethod
    def guessed(first: Date, last: Date) -> tuple[int, ...]:
        """The years from ``first`` to ``last`` whose official schedule is not known: their
        working days are counted from weekends and calendar.yaml alone."""
        return tuple(
            year for year in range(first.year, last.year + 1) if _official(Date(year, 1, 1)) is None
        )


def caveats(years) -> list[str]:
    """What a paper or report that counted days in ``years`` (``WorkCalendar.guessed``) must
    tell its reader."""
    return [
        _(
            "the State Council's holiday schedule for {year} is not known yet: its working days "
            "are counted from weekends (and the days in rules/calendar.yaml) only; the dates are "
            "a guide"
        ).format(year=year)
        for year in sorted(years)
    ]
