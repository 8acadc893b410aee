"""``json/calendar.json``: an importing system (电子监察) computes the papers' promised dates from
the build's JSON alone.

The build of a catalog with its own calendar days (a holiday and a worked Sunday the official
schedule does not know, and days in a year it does not cover) is read as an importer would:
``implementations/<region>.json`` for each region's promise, ``items/<code>.json`` for the unit,
``calendar.json`` for the working days. The due date computed from them is compared with the
受理通知书's (``banshi notice … --kind accept --date D --format json``) for dates hypothesis draws
across holidays, weekends and years, and for a few through the command line itself.
"""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest
from catalogs import apply_patch, minimal
from command_line import banshi
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.emit.papers import render
from banshi.papers.make import paper
from banshi.papers.request import Request, guide_for
from banshi.pipeline import run

# Days the official schedule does not have: a holiday on a Wednesday and a worked Sunday in a
# year it knows, and both in a year it does not know.
OWN_HOLIDAYS = ["2026-03-04", "2031-05-07"]
OWN_WORKDAYS = ["2026-03-08", "2031-05-11"]


@pytest.fixture(scope="module")
def catalog(tmp_path_factory) -> Path:
    """The minimal catalog with its own calendar days and a handling item in 自然日."""
    root = minimal(tmp_path_factory.mktemp("calendar"))
    apply_patch(
        root,
        {
            "rules/calendar.yaml": {
                ".": {
                    "schema": "banshi/calendar/v1",
                    "holidays": OWN_HOLIDAYS,
                    "workdays": OWN_WORKDAYS,
                }
            },
            "catalog/items/000131128000.yaml": {
                "handling/1/time_limit": {"unit": "自然日", "legal": 20, "promised": 9},
                "handling/1/steps": [{"name": "审核", "days": 9}],
            },
            "catalog/implementations/410526100.yaml": {"entries/0/promised": None},
        },
    )
    return root


@pytest.fixture(scope="module")
def built(catalog, tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("built") / "dist"
    done = banshi("build", catalog, "--out", out, "--no-site")
    assert done.returncode == 0, done.stderr
    return out / "json"


class Importer:
    """What an importing system knows: the build's JSON, nothing of Banshi."""

    def __init__(self, folder: Path):
        calendar = json.loads((folder / "calendar.json").read_text("utf-8"))
        self.holidays = set(calendar["holidays"])
        self.workdays = set(calendar["workdays"])
        self.promises = {}
        for path in (folder / "implementations").glob("*.json"):
            region = json.loads(path.read_text("utf-8"))
            for entry in region["entries"]:
                unit = json.loads((folder / "items" / f"{entry['code']}.json").read_text("utf-8"))
                self.promises[(region["code"], entry["code"])] = (
                    entry["promised"],
                    unit["time_limit"]["unit"],
                )

    def working(self, day: datetime.date) -> bool:
        text = day.isoformat()
        return text in self.workdays or (text not in self.holidays and day.weekday() < 5)

    def next_working(self, day: datetime.date) -> datetime.date:
        while not self.working(day):
            day += datetime.timedelta(days=1)
        return day

    def due(self, region: str, code: str, handed_in: datetime.date) -> tuple[str, str]:
        """(受理 date, promised date): the paper's counting, as calendar.json states it (the
        day it was handed in, never moved; the period counts from the day after)."""
        promised, unit = self.promises[(region, code)]
        accepted = handed_in
        if unit == "自然日":
            return accepted.isoformat(), self.next_working(
                accepted + datetime.timedelta(days=promised)
            ).isoformat()
        day = accepted
        for _ in range(promised):
            day = self.next_working(day + datetime.timedelta(days=1))
        return accepted.isoformat(), day.isoformat()


@pytest.fixture(scope="module")
def importer(built) -> Importer:
    return Importer(built)


@pytest.fixture(scope="module")
def ran(catalog):
    return run(catalog)


DAYS = st.dates(datetime.date(2024, 12, 1), datetime.date(2031, 12, 31))


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), handed_in=DAYS)
def test_the_json_alone_gives_the_papers_dates(importer, ran, data, handed_in):
    region, code = data.draw(st.sampled_from(sorted(importer.promises)))
    compiled = ran.compiled
    request = Request(kind="accept", date=handed_in.isoformat())
    made = paper(guide_for(compiled, code, region), compiled.work_calendar(), request)
    notice = json.loads(render(made, "json", ran.templates()))
    assert importer.due(region, code, handed_in) == (notice["accepted_on"], notice["due_date"])


@pytest.mark.parametrize(
    "handed_in",
    ["2026-03-03", "2026-03-07", "2026-09-30", "2031-05-06", "2031-05-10"],
)
def test_the_command_line_paper_agrees(importer, catalog, handed_in):
    for region, code in (("410526", "00013112800002"), ("410526100", "00013112800002")):
        done = banshi(
            "notice", code, catalog, "--region", region, "--kind", "accept",
            "--date", handed_in, "--format", "json",
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        notice = json.loads(done.stdout)
        day = datetime.date.fromisoformat(handed_in)
        assert importer.due(region, code, day) == (notice["accepted_on"], notice["due_date"])


def test_the_catalog_s_own_days_are_listed(built):
    calendar = json.loads((built / "calendar.json").read_text("utf-8"))
    assert set(OWN_HOLIDAYS) <= set(calendar["holidays"])
    assert set(OWN_WORKDAYS) <= set(calendar["workdays"])
    assert calendar["catalog"] == {"holidays": OWN_HOLIDAYS, "workdays": OWN_WORKDAYS}
    assert "2026-10-01" in calendar["holidays"] and "2026-10-10" in calendar["workdays"]
    assert 2026 in calendar["years"] and 2031 not in calendar["years"]
    manifest = json.loads((built / "manifest.json").read_text("utf-8"))
    assert "json/calendar.json" in manifest["files"]
