"""Helpers for the case tests: catalog releases committed to git, case and evaluation exports as
approval systems write them, and the figures of spec §6 computed in plain Python.

A release is the minimal catalog (tests/fixtures/minimal) with its own promises: the 承诺件
00013112800002 in 工作日 or 自然日 with its legal and promised limits, each region's entry with
its own promise or none (the route's then), and its own calendar days; ``commit`` writes it and
commits it, so ``banshi.cases.releases`` finds each release in the history.

``reference`` is the spec's definitions written out again, case by case, with nothing of
``banshi.cases``: the promise along the route (village → township → county, the first stated
promise, else the item's), ``WorkCalendar`` for the days, then every figure counted and divided.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

from catalogs import apply_patch, minimal

from banshi.workdays import WorkCalendar

COUNTY, TOWNSHIP, VILLAGE = "410526", "410526100", "410526100201"
IMMEDIATE, PROMISED = "00013112800001", "00013112800002"
# Where each handling item is implemented (the same in every release), and the route.
PLACES = {IMMEDIATE: (COUNTY, TOWNSHIP, VILLAGE), PROMISED: (COUNTY, TOWNSHIP)}
ROUTE = {VILLAGE: TOWNSHIP, TOWNSHIP: COUNTY, COUNTY: None}
ANCESTORS = {COUNTY: (), TOWNSHIP: (COUNTY,), VILLAGE: (TOWNSHIP, COUNTY)}
GIT_ENV = {
    "GIT_AUTHOR_NAME": "t",
    "GIT_AUTHOR_EMAIL": "t@example.org",
    "GIT_COMMITTER_NAME": "t",
    "GIT_COMMITTER_EMAIL": "t@example.org",
    "PATH": "/usr/bin:/bin",
}


def git(root: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={**GIT_ENV, "HOME": str(root)},
    )
    return done.stdout.decode()


@dataclass
class Release:
    version: str
    released: str
    unit: str = "工作日"  # of the 承诺件
    legal: int = 15
    promised: int = 3
    own: dict = field(default_factory=dict)  # (region, code) → the entry's own promise
    holidays: list = field(default_factory=list)  # rules/calendar.yaml
    workdays: list = field(default_factory=list)

    def limits(self, code: str) -> tuple[int, str, int]:
        """(item promised, unit, legal) of a handling item."""
        return (0, "工作日", 15) if code == IMMEDIATE else (self.promised, self.unit, self.legal)

    def promise(self, region: str, code: str) -> int:
        """The first promise stated along the route, else the handling item's."""
        while region is not None:
            if (region, code) in self.own:
                return self.own[(region, code)]
            region = ROUTE[region]
        return self.limits(code)[0]

    def calendar(self) -> WorkCalendar:
        return WorkCalendar(self.holidays, self.workdays)


def _entry(code: str, agency: str, mode: str, promised, **more) -> dict:
    entry = {"item": code, "agency": agency, "mode": mode, **more}
    if promised is not None:
        entry["promised"] = promised
    return entry


def write_release(root: Path, release: Release) -> None:
    own = release.own.get
    apply_patch(
        root,
        {
            "catalog/catalog.yaml": {"version": release.version, "released": release.released},
            "catalog/items/000131128000.yaml": {
                "handling/1/time_limit": {
                    "unit": release.unit,
                    "legal": release.legal,
                    "promised": release.promised,
                },
                "handling/1/steps": [{"name": "审核", "days": 1}],
            },
            "catalog/implementations/410526.yaml": {
                "entries": [
                    _entry(IMMEDIATE, "sx-market", "办理", None, window="综合窗口", on_site=True),
                    _entry(
                        PROMISED, "sx-market", "办理", own((COUNTY, PROMISED)), window="许可窗口"
                    ),
                ]
            },
            "catalog/implementations/410526100.yaml": {
                "entries": [
                    _entry(
                        code,
                        "sj-centre",
                        "受理转报",
                        own((TOWNSHIP, code)),
                        forward_to="sx-market",
                        window="综合收件窗口",
                    )
                    for code in (IMMEDIATE, PROMISED)
                ]
            },
            "catalog/implementations/410526100201.yaml": {
                "entries": [
                    _entry(
                        IMMEDIATE,
                        "zy-station",
                        "代办",
                        own((VILLAGE, IMMEDIATE)),
                        forward_to="sj-centre",
                    )
                ]
            },
            "rules/calendar.yaml": {
                ".": {
                    "schema": "banshi/calendar/v1",
                    "holidays": release.holidays,
                    "workdays": release.workdays,
                }
            },
        },
    )


def catalog_repo(folder: Path, releases: list[Release]) -> Path:
    """A git repository whose history holds each release as a commit, in order."""
    root = minimal(folder)
    git(root, "init", "-q", "-b", "main")
    for release in releases:
        write_release(root, release)
        git(root, "add", "-A")
        git(root, "commit", "-qm", f"release {release.version}")
    return root


# -- exports -------------------------------------------------------------------------------

HEADERS = {
    "english": {
        "case_id": "case_id",
        "code": "code",
        "region": "region",
        "submitted": "submitted",
        "accepted": "accepted",
        "done": "done",
        "result": "result",
        "on_site": "on_site",
        "visits": "visits",
        "channel": "channel",
        "paused_days": "paused_days",
        "rating": "rating",
        "rated": "rated",
        "rectified": "rectified",
    },
    "chinese": {
        "case_id": "办件编号",
        "code": "业务办理项编码",
        "region": "区划代码",
        "submitted": "申请日期",
        "accepted": "受理日期",
        "done": "办结日期",
        "result": "办理结果",
        "on_site": "现场办结",
        "visits": "跑动次数",
        "channel": "办理渠道",
        "paused_days": "暂停计时的工作日",
        "rating": "评价",
        "rated": "评价日期",
        "rectified": "差评整改日期",
    },
    "exported": {  # as systems name them
        "case_id": "办件流水号",
        "code": "业务办理项编码",
        "region": "行政区划代码",
        "submitted": "申请时间",
        "accepted": "受理时间",
        "done": "办结时间",
        "result": "办理结果",
        "on_site": "是否现场办结",
        "visits": "跑动次数",
        "channel": "申报渠道",
        "paused_days": "暂停计时工作日",
        "rating": "评价等级",
        "rated": "评价时间",
        "rectified": "整改日期",
    },
}
PERSONAL = ("申请人姓名", "身份证号码", "联系电话")
ENCODINGS = {"utf-8": "utf-8", "utf-8-bom": "utf-8-sig", "gb18030": "gb18030"}


def export_bytes(
    rows: list[dict], columns: list[str], headers: str, encoding: str, personal: bool = False
) -> bytes:
    """A CSV export of ``rows`` (column → text) with these columns, headers and encoding."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    names = [HEADERS[headers][c] for c in columns]
    writer.writerow(names + (list(PERSONAL) if personal else []))
    for number, row in enumerate(rows):
        extra = [f"张{number}", f"41052619900101{number:04d}", "13800000000"] if personal else []
        writer.writerow([row.get(c, "") for c in columns] + extra)
    return out.getvalue().encode(ENCODINGS[encoding])


def is_utf8_bom(data: bytes) -> bool:
    return data.startswith(codecs.BOM_UTF8)


# -- the figures in plain Python ------------------------------------------------------------


def _rate(part, whole):
    return round(part / whole, 4) if whole else None


def in_force(releases: list[Release], day: datetime.date) -> Release:
    earlier = [r for r in releases if r.released <= day.isoformat()]
    return earlier[-1] if earlier else releases[0]


def workdays_between(calendar: WorkCalendar, start: datetime.date, end: datetime.date) -> int:
    """Working days after ``start`` up to ``end``."""
    count, day = 0, start
    while day < end:
        day += datetime.timedelta(days=1)
        count += calendar.is_workday(day)
    return count


def measure(case: dict, releases: list[Release]) -> dict:
    release = in_force(releases, case["accepted"])
    promised = release.promise(case["region"], case["code"])
    _item, unit, legal = release.limits(case["code"])
    calendar = release.calendar()
    start = case["accepted"]  # counted from the day after, never moved (docs/papers.md)
    paused = case.get("paused_days") or 0
    due = calendar.add(calendar.add(start, promised, unit), paused, "工作日")
    days = None
    if case.get("done") is not None:
        days = max(workdays_between(calendar, start, case["done"]) - paused, 0)
    return {**case, "due": due, "days": days, "unit": unit, "legal": legal}


def reference(
    cases: dict, evaluations: dict, releases, first, last, region=None, keep=lambda case: True
) -> dict:
    """The period's figures from the stored cases and evaluations (case_id → values), of the
    cases ``keep`` keeps (a group)."""
    scope = [
        c
        for c in cases.values()
        if first <= c["accepted"] <= last
        and (region is None or c["region"] == region or region in ANCESTORS[c["region"]])
        and keep(c)
    ]
    measured = [measure(c, releases) for c in scope]
    done = [m for m in measured if m.get("done") is not None and m["done"] <= last]
    rated = {
        cid: e for cid, e in evaluations.items() if e.get("rated") is None or e["rated"] <= last
    }
    counted = [m for m in done if m["unit"] == "工作日"]
    legal = sum(m["legal"] for m in counted)
    mine = [rated[m["case_id"]] for m in measured if m["case_id"] in rated]
    bad = sorted(
        m["case_id"]
        for m in measured
        if m["case_id"] in rated and rated[m["case_id"]]["rating"] <= 2
    )
    on_site = [m for m in done if m.get("on_site") is not None]
    visits = [m for m in done if m.get("visits") is not None]
    overdue = sorted(
        m["case_id"]
        for m in measured
        if (m in done and m["done"] > m["due"]) or (m not in done and m["due"] < last)
    )
    waited = [m for m in measured if m.get("submitted") is not None]
    rectified = [
        e for e in mine if e["rating"] <= 2 and e.get("rectified") and e["rectified"] <= last
    ]
    return {
        "accepted": len(measured),
        "done": len(done),
        "done_rate": _rate(len(done), len(measured)),
        "on_time_rate": _rate(sum(m["done"] <= m["due"] for m in done), len(done)),
        "early_rate": _rate(sum(m["done"] < m["due"] for m in done), len(done)),
        "overdue": overdue,
        "same_day_rate": _rate(sum(m["done"] == m["accepted"] for m in done), len(done)),
        "average_days": round(sum(m["days"] for m in done) / len(done), 2) if done else None,
        "actual_speedup": round(1 - sum(m["days"] for m in counted) / legal, 4) if legal else None,
        "on_site_rate": _rate(sum(m["on_site"] for m in on_site), len(on_site)),
        "one_visit_rate": _rate(sum(m["visits"] <= 1 for m in visits), len(visits)),
        "rated_rate": _rate(sum(m["case_id"] in rated for m in done), len(done)),
        "satisfied_rate": _rate(sum(e["rating"] >= 3 for e in mine), len(mine)),
        "bad": bad,
        "rectified_rate": _rate(len(rectified), len(bad)),
        "average_acceptance_days": (
            round(sum((m["accepted"] - m["submitted"]).days for m in waited) / len(waited), 2)
            if waited
            else None
        ),
    }
