"""Due dates on the official holiday calendar, and honesty about years it does not know."""

import datetime

from banshi.workdays import WorkCalendar, caveats

D = datetime.date


def test_one_working_day_across_national_day():
    assert WorkCalendar().add(D(2025, 9, 30), 1, "工作日") == D(2025, 10, 9)


def test_adjusted_weekend_workday_counts():
    calendar = WorkCalendar()
    assert calendar.is_workday(D(2025, 9, 28))  # a Sunday worked for National Day (调休)
    assert calendar.add(D(2025, 9, 26), 1, "工作日") == D(2025, 9, 28)


def test_application_on_a_holiday_is_accepted_on_the_next_workday():
    assert WorkCalendar().next_workday(D(2025, 10, 1)) == D(2025, 10, 9)


def test_natural_days_ending_on_a_holiday_end_on_the_next_workday():
    assert WorkCalendar().add(D(2025, 9, 25), 6, "自然日") == D(2025, 10, 9)
    assert WorkCalendar().add(D(2025, 9, 1), 3, "自然日") == D(2025, 9, 4)


def test_known_years_give_no_warning():
    calendar = WorkCalendar()
    due = calendar.add(D(2025, 12, 20), 10, "工作日")
    assert calendar.guessed(D(2025, 12, 20), due) == ()


def test_unknown_year_counts_weekends_and_overrides_and_says_so():
    calendar = WorkCalendar(holidays=["2027-01-01"])
    due = calendar.add(D(2026, 12, 30), 3, "工作日")
    assert due == D(2027, 1, 5)
    [caveat] = caveats(calendar.guessed(D(2026, 12, 30), due))
    assert "2027" in caveat


def test_overrides_win_over_the_package():
    calendar = WorkCalendar(holidays=["2025-09-30"], workdays=["2025-10-08"])
    assert not calendar.is_workday(D(2025, 9, 30))
    assert calendar.add(D(2025, 9, 29), 1, "工作日") == D(2025, 10, 8)
