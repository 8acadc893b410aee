"""Every figure of ``banshi cases report`` against a plain-Python computation of the same
definitions (tests/casefiles.py), on case files hypothesis draws.

Each example is a catalog with two releases in git (the second released mid-period, with other
promises, units and calendar days), and exports loaded in several loads: Chinese, English or
exported headers, UTF-8 with or without a BOM or GB18030, optional columns missing, personal
columns beside, dates written as systems write them, a case exported open and then done, a file
loaded twice, evaluations with and without their case.
"""

from __future__ import annotations

import datetime
import tempfile
from pathlib import Path

from casefiles import (
    COUNTY,
    IMMEDIATE,
    PLACES,
    PROMISED,
    TOWNSHIP,
    VILLAGE,
    Release,
    catalog_repo,
    export_bytes,
    measure,
    reference,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.cases import figures, store
from banshi.cases.catalog import days_covering
from banshi.cases.releases import history

FIRST_DAY = datetime.date(2025, 11, 15)
LAST_DAY = datetime.date(2027, 2, 27)
OPTIONAL = ["submitted", "done", "result", "on_site", "visits", "channel", "paused_days"]
FIGURES = (
    "accepted",
    "done",
    "done_rate",
    "on_time_rate",
    "early_rate",
    "overdue",
    "same_day_rate",
    "average_days",
    "actual_speedup",
    "on_site_rate",
    "one_visit_rate",
    "rated_rate",
    "satisfied_rate",
    "bad",
    "rectified_rate",
    "average_acceptance_days",
)


def _days(start: datetime.date, end: datetime.date):
    return st.dates(start, end)


@st.composite
def release(draw, version: str, released: str) -> Release:
    unit = draw(st.sampled_from(["工作日", "工作日", "自然日"]))
    promised = draw(st.integers(1, 8))
    legal = draw(st.integers(promised, 20))
    own = {}
    county = draw(st.one_of(st.none(), st.integers(1, promised)))
    if county is not None:
        own[(COUNTY, PROMISED)] = county
    township = draw(st.one_of(st.none(), st.integers(county or promised, legal)))
    if township is not None:
        own[(TOWNSHIP, PROMISED)] = township
    quick = draw(st.one_of(st.none(), st.integers(0, 15)))
    if quick is not None:
        own[(TOWNSHIP, IMMEDIATE)] = quick
    village = draw(st.one_of(st.none(), st.integers(quick or 0, 15)))
    if village is not None:
        own[(VILLAGE, IMMEDIATE)] = village
    days = draw(st.lists(_days(datetime.date(2026, 1, 1), LAST_DAY), max_size=4, unique=True))
    split = draw(st.integers(0, len(days)))
    return Release(
        version,
        released,
        unit,
        legal,
        promised,
        own,
        sorted(d.isoformat() for d in days[:split]),
        sorted(d.isoformat() for d in days[split:]),
    )


def _near(day: datetime.date, before: int, after: int):
    return st.integers(-before, after).map(lambda n: day + datetime.timedelta(days=n))


@st.composite
def case(draw, number: int, releases: list[Release]) -> dict:
    """A case; often accepted around the second release's date or the calendar's own days, and
    done around its promised date (found with the reference: the edges are where a wrong count
    shows)."""
    code = draw(st.sampled_from([IMMEDIATE, PROMISED]))
    edges = [datetime.date.fromisoformat(releases[1].released)] + [
        datetime.date.fromisoformat(d) for r in releases for d in (*r.holidays, *r.workdays)
    ]
    accepted = draw(
        st.one_of(
            _days(FIRST_DAY, LAST_DAY), st.sampled_from(edges).flatmap(lambda d: _near(d, 6, 2))
        )
    )
    found = {
        "case_id": f"SX{number:05d}",
        "code": code,
        "region": draw(st.sampled_from(PLACES[code])),
        "submitted": accepted - datetime.timedelta(days=draw(st.integers(0, 3))),
        "accepted": accepted,
        "done": None,
        "result": draw(st.sampled_from(["准予许可", "办结", ""])) or None,
        "on_site": draw(st.sampled_from([True, False, None])),
        "visits": draw(st.one_of(st.none(), st.integers(0, 3))),
        "channel": draw(st.sampled_from(["窗口", "网上", None])),
        "paused_days": draw(st.one_of(st.none(), st.integers(0, 4))),
    }
    due = measure(found, releases)["due"]
    done = draw(
        st.one_of(
            st.none(),
            _near(due, 2, 2),
            st.integers(0, 45).map(lambda n: accepted + datetime.timedelta(days=n)),
        )
    )
    found["done"] = max(done, accepted) if done is not None else None
    return found


DATE_STYLES = (
    lambda d: d.isoformat(),
    lambda d: f"{d.year}/{d.month}/{d.day}",
    lambda d: f"{d.isoformat()} 09:30:00",
    lambda d: f"{d.year}年{d.month}月{d.day}日",
)
FLAGS = {True: ("是", "true", "1"), False: ("否", "false", "0")}


def _text(draw, column: str, value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return draw(st.sampled_from(DATE_STYLES))(value)
    if isinstance(value, bool):
        return draw(st.sampled_from(FLAGS[value]))
    return str(value)


@st.composite
def export(draw, cases: list[dict], columns: list[str]) -> bytes:
    rows = [{c: _text(draw, c, case[c]) for c in columns} for case in cases]
    return export_bytes(
        rows,
        columns,
        draw(st.sampled_from(["english", "chinese", "exported"])),
        draw(st.sampled_from(["utf-8", "utf-8-bom", "gb18030"])),
        draw(st.booleans()),
    )


RATINGS = {5: "非常满意", 4: "满意", 3: "基本满意", 2: "不满意", 1: "非常不满意"}


@st.composite
def evaluations(draw, cases: list[dict]) -> tuple[dict, bytes]:
    chosen = draw(st.lists(st.sampled_from(cases), unique_by=lambda c: c["case_id"]))
    found = {}
    for case in chosen:
        rated = case["accepted"] + datetime.timedelta(days=draw(st.integers(0, 60)))
        rating = draw(st.integers(1, 5))
        rectified = draw(st.one_of(st.none(), st.integers(0, 30)))
        found[case["case_id"]] = {
            "rating": rating,
            "rated": rated,
            "rectified": None if rectified is None else rated + datetime.timedelta(rectified),
        }
    found["NOCASE"] = {"rating": 1, "rated": datetime.date(2026, 3, 1), "rectified": None}
    columns = ["case_id", "rating", "rated", "rectified"]
    rows = [
        {
            "case_id": cid,
            "rating": str(e["rating"]) if draw(st.booleans()) else RATINGS[e["rating"]],
            "rated": _text(draw, "rated", e["rated"]),
            "rectified": _text(draw, "rectified", e["rectified"]),
        }
        for cid, e in found.items()
    ]
    data = export_bytes(
        rows, columns, draw(st.sampled_from(["english", "chinese", "exported"])), "utf-8"
    )
    return found, data


@st.composite
def scenarios(draw):
    second = draw(_days(datetime.date(2026, 2, 1), datetime.date(2026, 10, 31)))
    releases = [
        draw(release("2025.12", "2025-12-01")),
        draw(release("2026.next", second.isoformat())),
    ]
    cases = [draw(case(n, releases)) for n in range(draw(st.integers(0, 24)))]
    columns = ["case_id", "code", "region", "accepted"] + [
        c for c in OPTIONAL if draw(st.booleans())
    ]
    # the first export: some cases still open; the second: every case as it is now
    earlier = [{**c, "done": None} if c["done"] and draw(st.booleans()) else c for c in cases]
    loads = [[draw(export(earlier, columns))]]
    rated, ratings = draw(evaluations(cases)) if cases else ({}, None)
    later_columns = ["case_id", "code", "region", "accepted"] + [
        c for c in OPTIONAL if draw(st.booleans())
    ]
    second_load = [draw(export(cases, later_columns))]
    if ratings is not None:
        second_load.append(ratings)
    loads.append(second_load)
    if draw(st.booleans()):
        loads.append(second_load)  # loaded twice: stored once
    first = draw(_days(FIRST_DAY, datetime.date(2026, 6, 30)))
    last = draw(_days(first, LAST_DAY))
    region = draw(st.sampled_from([None, COUNTY, TOWNSHIP, VILLAGE]))
    by = draw(st.sampled_from([(), ("region",), ("month",), ("item",), ("month", "region")]))
    stored = {}
    for kept, columns_of in ((earlier, columns), (cases, later_columns)):
        for c in kept:
            row = stored.setdefault(c["case_id"], {k: None for k in c})
            row.update({k: c[k] for k in columns_of})
    return releases, loads, stored, rated, first, last, region, by


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(scenarios())
def test_every_figure_is_the_definitions(scenario):
    releases, loads, stored, rated, first, last, region, by = scenario
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        root = catalog_repo(work / "catalog", releases)
        db = work / "store" / "cases.duckdb"
        with history(root) as found:
            assert [r.version for r in found.releases] == [r.version for r in releases]
            for number, files in enumerate(loads):
                paths = []
                for index, data in enumerate(files):
                    path = work / f"load{number}-{index}.csv"
                    path.write_bytes(data)
                    paths.append(path)
                loaded = store.load(db, paths, [p.name for p in paths], found)
                assert not loaded.failed, [p.text() for p in loaded.problems]
            with store.opened(db, write=False) as con:
                got = figures.report(
                    con, found, figures.Period(first.isoformat(), last.isoformat(), region, by)
                )
                (count,) = con.execute("SELECT count(*) FROM cases").fetchone()
        assert count == len(stored)
        want = reference(stored, rated, releases, first, last, region)
        assert {k: got[k] for k in FIGURES} == want
        for group in got["groups"]:
            keys = dict(zip(by, group["key"].split(" × ")))
            want = reference(stored, rated, releases, first, last, region, _in_group(keys))
            assert {k: group[k] for k in FIGURES} == want, group["key"]
        assert sum(group["accepted"] for group in got["groups"]) == (got["accepted"] if by else 0)


def _in_group(keys: dict):
    def keep(case: dict) -> bool:
        found = {
            "region": case["region"],
            "month": case["accepted"].strftime("%Y-%m"),
            "item": case["code"],
        }
        return all(found[by] == key for by, key in keys.items())

    return keep


@st.composite
def windows(draw):
    day = _days(datetime.date(2025, 1, 1), datetime.date(2027, 12, 31))
    found = []
    for _ in range(draw(st.integers(0, 8))):
        start = draw(day)
        end = draw(st.one_of(st.none(), day.filter(lambda d: d > start)))
        found.append((start.isoformat(), end and end.isoformat()))
    return found


@given(
    windows(), _days(datetime.date(2025, 6, 1), datetime.date(2026, 12, 31)), st.integers(0, 400)
)
def test_the_days_resolved_cover_every_item_in_force(found, first, length):
    """Every item in force on some day of the period is in force on a day the catalog is
    resolved on, and no day is resolved twice for the same items."""
    last = first + datetime.timedelta(days=length)
    days = days_covering(found, first.isoformat(), last.isoformat())
    assert days == sorted(set(days))
    assert all(first.isoformat() <= d <= last.isoformat() for d in days)
    for start, end in found:
        meets = start <= last.isoformat() and (end is None or end > first.isoformat())
        covered = any(start <= d and (end is None or d < end) for d in days)
        assert covered == meets, (start, end, days)
    assert len(days) <= len(found)
