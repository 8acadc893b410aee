"""``banshi cases load | report | due`` as a centre uses them, and every bad input a located
problem that leaves the store as it was.

The catalog is the minimal one with two releases in git: 2026.01 (released 2026-01-05) promises
the 承诺件 00013112800002 in 5 working days at the county, 2026.07 (released 2026-07-01) in 3.
"""

from __future__ import annotations

import datetime
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import command_line
import pytest
from casefiles import COUNTY, IMMEDIATE, PROMISED, TOWNSHIP, VILLAGE, Release, catalog_repo, git

from banshi.workdays import WorkCalendar

FIRST = Release("2026.01", "2026-01-05", promised=5, legal=15)
SECOND = Release("2026.07", "2026-07-01", promised=3, legal=15)
HEADER = (
    "办件编号,业务办理项编码,区划代码,申请人姓名,身份证号码,受理日期,办结日期,现场办结,跑动次数"
)
GOOD = [
    "SX001,00013112800002,410526,张三,410526199001011234,2026-06-22,2026-06-26,否,1",
    "SX002,00013112800001,410526100,李四,410526199001011235,2026-06-23,2026-06-23,是,1",
    "SX003,00013112800002,410526,王五,410526199001011236,2026-07-06,,否,0",
]


def banshi(*args, cwd=None, lang="en") -> subprocess.CompletedProcess:
    """The command's messages in English (``lang``), which the assertions below quote; ``lang``
    None: in the officials' language, as a centre sees them."""
    return command_line.banshi(*args, cwd=cwd, env={"BANSHI_LANG": lang})


@pytest.fixture
def root(tmp_path) -> Path:
    return catalog_repo(tmp_path / "catalog", [FIRST, SECOND])


@pytest.fixture
def db(tmp_path) -> Path:
    return tmp_path / "data" / "cases.duckdb"


def write(path: Path, lines: list[str], encoding: str = "utf-8") -> Path:
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def load(db, root, *files) -> subprocess.CompletedProcess:
    return banshi("cases", "load", *files, "--db", db, "--root", root)


def snapshot(db: Path) -> tuple:
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        return tuple(
            tuple(sorted(map(str, con.execute(f"SELECT * FROM {table}").fetchall())))
            for table in ("cases", "evaluations")
        )


@pytest.fixture
def loaded(tmp_path, root, db) -> Path:
    done = load(db, root, write(tmp_path / "june.csv", [HEADER, *GOOD]))
    assert done.returncode == 0, done.stdout + done.stderr
    return db


def report(root, db, *more) -> dict:
    done = banshi(
        "cases", "report", root, "--db", db, "--from", "2026-06-01", "--to", "2026-07-31",
        "--format", "json", *more,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_only_the_spec_s_columns_are_stored_and_the_load_says_so(tmp_path, root, db):
    done = load(db, root, write(tmp_path / "june.csv", [HEADER, *GOOD]))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "申请人姓名, 身份证号码" in done.stderr and "stored 3 cases (3 new)" in done.stderr
    import duckdb

    with duckdb.connect(str(db), read_only=True) as con:
        columns = [row[0] for row in con.execute("DESCRIBE cases").fetchall()]
    assert columns == [
        "case_id", "code", "region", "submitted", "accepted", "done", "result", "on_site",
        "visits", "channel", "paused_days", "source",
    ]  # fmt: skip
    assert b"410526199001011234" not in db.read_bytes() and "张三".encode() not in db.read_bytes()


def test_the_store_is_never_inside_a_catalog_root(tmp_path, root):
    done = load(root / "data" / "cases.duckdb", root, write(tmp_path / "june.csv", [HEADER]))
    assert done.returncode == 2 and "inside the catalog root" in done.stderr
    assert not (root / "data").exists()


BAD = {
    "a date that is none": (
        ["SX101,00013112800002,410526,甲,1,2026-06-31,,否,1"],
        "bad.csv:2:6: error cases.value: 受理日期 “2026-06-31” is not a date",
    ),
    "done before accepted": (
        ["SX101,00013112800002,410526,甲,1,2026-06-22,2026-06-19,否,1"],
        "bad.csv:2:7: error cases.date-order: 办结日期 2026-06-19 is before 受理日期 2026-06-22",
    ),
    "an unknown code": (
        ["SX101,00013112800009,410526,甲,1,2026-06-22,,否,1"],
        "bad.csv:2:2: error cases.code: 00013112800009 is not a handling item",
    ),
    "an unknown region": (
        ["SX101,00013112800002,410599,甲,1,2026-06-22,,否,1"],
        "bad.csv:2:3: error cases.region: 410599 is not a region",
    ),
    "not implemented there on that day": (
        ["SX101,00013112800002,410526100201,甲,1,2026-06-22,,否,1"],
        "bad.csv:2:2: error cases.not-implemented: 00013112800002 was not implemented at "
        "region 410526100201 on 2026-06-22",
    ),
    "a row with a cell too few": (
        ["SX101,00013112800002,410526,甲,1,2026-06-22,,否"],
        "bad.csv:2:1: error cases.row: the row has fewer cells",
    ),
    "a case twice with other values": (
        [
            "SX101,00013112800002,410526,甲,1,2026-06-22,,否,1",
            "SX101,00013112800002,410526,甲,1,2026-06-22,,否,2",
        ],
        "bad.csv:3:1: error cases.duplicate: SX101 is on line 2 too, with other values",
    ),
    "an empty case number": (
        [",00013112800002,410526,甲,1,2026-06-22,,否,1"],
        "bad.csv:2:1: error cases.empty: 办件编号 is empty",
    ),
    "是 or 否": (
        ["SX101,00013112800002,410526,甲,1,2026-06-22,,也许,1"],
        "bad.csv:2:8: error cases.value: 现场办结 “也许” is not 是 or 否",
    ),
    "a line after a quoted line break": (
        [
            '"SX\n101",00013112800002,410526,甲,1,2026-06-22,,否,1',
            "SX102,x y,410526,,,2026-06-22,,,",
        ],
        "bad.csv:4:2: error cases.value: 业务办理项编码 “x y” is not a handling item code",
    ),
}


@pytest.mark.parametrize("kind", BAD)
def test_each_bad_row_is_located_and_nothing_is_stored(tmp_path, root, loaded, kind):
    lines, expected = BAD[kind]
    before = snapshot(loaded)
    good = write(tmp_path / "july.csv", [HEADER, "SX201,00013112800002,410526,,,2026-07-02,,,"])
    done = load(loaded, root, good, write(tmp_path / "bad.csv", [HEADER, *lines]))
    assert done.returncode == 1, done.stdout + done.stderr
    assert expected in done.stdout, done.stdout
    assert "nothing was stored" in done.stderr
    assert snapshot(loaded) == before  # not even the good file of the same load


def test_a_bad_row_is_said_in_chinese_by_default(tmp_path, root, loaded):
    bad = write(
        tmp_path / "bad.csv", [HEADER, "SX101,00013112800002,410526,甲,1,2026-06-22,,也许,1"]
    )
    done = banshi("cases", "load", bad, "--db", loaded, "--root", root, lang=None)
    assert done.returncode == 1, done.stdout + done.stderr
    assert "bad.csv:2:8: error cases.value: 现场办结“也许”不是是或否" in done.stdout, done.stdout
    assert "未存入任何数据" in done.stderr and "保持原样" in done.stderr, done.stderr


def test_a_bad_encoding_is_located(tmp_path, root, loaded):
    before = snapshot(loaded)
    data = (HEADER + "\r\nSX101,00013112800002,410526,").encode("gb18030") + b"\xff\xfe" + b"\r\n"
    path = tmp_path / "broken.csv"
    path.write_bytes(data)
    done = load(loaded, root, path)
    assert done.returncode == 1
    assert "broken.csv:2:4: error cases.encoding: byte 0xff is neither UTF-8 nor GB18030" in (
        done.stdout + done.stderr
    )
    assert snapshot(loaded) == before


def test_a_bad_byte_in_a_utf8_file_is_a_bad_row(tmp_path, root, loaded):
    before = snapshot(loaded)
    path = tmp_path / "broken.csv"
    path.write_bytes((HEADER + "\r\n" + GOOD[0] + "\r\n").encode() + b"SX9\xff,1\r\n")
    done = load(loaded, root, path)
    assert done.returncode == 1 and "broken.csv:3:1: error cases.row" in done.stdout
    assert snapshot(loaded) == before


def test_utf16_and_headerless_files_are_refused(tmp_path, root, loaded):
    before = snapshot(loaded)
    utf16 = tmp_path / "unicode.txt"
    utf16.write_bytes(("\t".join(HEADER.split(",")) + "\r\n").encode("utf-16"))
    headless = write(tmp_path / "headless.csv", GOOD)
    done = load(loaded, root, utf16, headless)
    assert done.returncode == 1
    assert "unicode.txt:1:1: error cases.encoding: the file is UTF-16 text" in done.stdout
    assert "headless.csv:1:1: error cases.header: no header row" in done.stdout
    assert snapshot(loaded) == before


def test_an_evaluation_before_its_case_was_accepted(tmp_path, root, loaded):
    before = snapshot(loaded)
    evaluations = write(
        tmp_path / "ratings.csv",
        ["办件编号,评价等级,评价时间", "SX001,满意,2026-06-23", "SX003,不满意,2026-07-01 09:00"],
    )
    done = load(loaded, root, evaluations)
    assert done.returncode == 1
    assert (
        "ratings.csv:3:3: error cases.date-order: 评价时间 2026-07-01 is before the case was "
        "accepted, on 2026-07-06" in done.stdout
    )
    assert snapshot(loaded) == before


def test_a_workbook_s_cells_are_located(tmp_path, root, loaded):
    import xlsxwriter

    path = tmp_path / "cases.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet("六月")
    sheet.write_row(0, 0, ["示例县办件明细表"])
    sheet.write_row(1, 0, ["办件编号", "业务办理项编码", "区划代码", "受理时间", "办结时间"])
    when = book.add_format({"num_format": "yyyy-mm-dd hh:mm"})
    sheet.write_row(2, 0, ["W1", "00013112800002", "410526"])
    sheet.write_datetime(2, 3, datetime.datetime(2026, 6, 24, 9, 30), when)
    sheet.write_row(3, 0, ["W2", 13112800002, "410526", "2026-06-24"])
    sheet.write_row(4, 0, ["W3", "00013112800002", "410526", "2026-06-24", "6月20日"])
    book.add_worksheet("说明").write(0, 0, "填表说明")
    book.close()
    before = snapshot(loaded)
    done = load(loaded, root, path)
    assert done.returncode == 1
    assert "cases.xlsx:六月!B4: error cases.number: the code is typed as a number" in done.stdout
    assert "cases.xlsx:六月!E5: error cases.value: 办结时间 “6月20日” is not a date" in done.stdout
    assert "cases.xlsx:说明!A1: warning cases.sheet" in done.stdout
    assert snapshot(loaded) == before


def test_a_good_workbook_loads(tmp_path, root, db):
    import xlsxwriter

    path = tmp_path / "cases.xlsx"
    book = xlsxwriter.Workbook(str(path))
    sheet = book.add_worksheet()
    sheet.write_row(0, 0, ["case_id", "code", "region", "accepted", "done", "on_site"])
    sheet.write_row(1, 0, ["W1", "00013112800002", "410526", "2026-06-24", "2026-06-29", True])
    sheet.write_number(1, 6, 1)  # beyond the header: not read
    book.close()
    done = load(db, root, path)
    assert done.returncode == 0, done.stdout
    data = report(root, db)
    assert data["accepted"] == 1 and data["on_site_rate"] == 1.0


def test_a_later_export_updates_and_a_second_load_stores_nothing_twice(tmp_path, root, loaded):
    later = write(
        tmp_path / "july.csv",
        [
            "办件编号,业务办理项编码,区划代码,受理日期,办结日期",
            "SX003,00013112800002,410526,2026-07-06,2026-07-09",
        ],
    )
    for _ in range(2):
        done = load(loaded, root, later)
        assert done.returncode == 0 and "stored 1 cases (0 new)" in done.stderr
    data = report(root, loaded)
    assert data["accepted"] == 3 and data["done"] == 3
    # July's file has no 现场办结 column: what June's said of SX003 is kept
    assert data["counts"]["on_site_recorded"] == 3


def test_a_new_release_mid_period_does_not_rejudge_the_cases_before_it(tmp_path, root, loaded):
    """SX001 was accepted on 2026-06-22, under 2026.01's 5 days, and done in 4: on time, though
    2026.07 (from 2026-07-01) promises 3. SX003, accepted on 2026-07-06, has 3 days."""
    data = report(root, loaded)
    assert data["on_time_rate"] == 1.0 and data["overdue"] == ["SX003"]
    assert [(r["version"], r["cases"]) for r in data["releases"]] == [
        ("2026.01", 2),
        ("2026.07", 1),
    ]
    late = next(c for c in data["overdue_cases"] if c["case_id"] == "SX003")
    calendar = WorkCalendar()
    assert late["due"] == calendar.add(datetime.date(2026, 7, 6), 3, "工作日").isoformat()
    # the same cases against the second release alone (its commit as the only history) would
    # put SX001 past its date
    git(root, "tag", "2026.07")
    alone = catalog_repo(tmp_path / "alone", [SECOND])
    shifted = report(alone, loaded)
    assert "SX001" in shifted["overdue"]


def test_a_tag_marks_the_release(tmp_path, root, loaded):
    """A fix after the release commit, tagged with the version: the tag's commit is in force."""
    second = SECOND.__class__(**{**SECOND.__dict__, "own": {(COUNTY, PROMISED): 2}})
    from casefiles import write_release

    write_release(root, second)
    git(root, "commit", "-qam", "fix: the county promises 2 days")
    data = report(root, loaded)
    assert data["overdue"] == ["SX003"]
    late = next(c for c in data["overdue_cases"] if c["case_id"] == "SX003")
    assert late["due"] == "2026-07-09"  # 3 days: the untagged fix is not the release
    git(root, "tag", "2026.07")
    late = next(c for c in report(root, loaded)["overdue_cases"] if c["case_id"] == "SX003")
    assert late["due"] == "2026-07-08"  # 2 days: the tag marks the release


def test_report_groups_and_scope(root, loaded):
    by_region = report(root, loaded, "--by", "region")
    assert [(g["key"], g["accepted"]) for g in by_region["groups"]] == [
        (COUNTY, 2),
        (TOWNSHIP, 1),
    ]
    township = report(root, loaded, "--region", TOWNSHIP)
    assert township["accepted"] == 1 and township["same_day_rate"] == 1.0
    by_month = report(root, loaded, "--by", "month")
    assert [g["key"] for g in by_month["groups"]] == ["2026-06", "2026-07"]
    spec = ("accepted", "done", "done_rate", "on_time_rate", "early_rate", "overdue")
    spec += ("same_day_rate", "average_days", "actual_speedup", "on_site_rate")
    spec += ("one_visit_rate", "rated_rate", "satisfied_rate", "bad", "rectified_rate")
    assert all(key in by_month for key in spec)
    assert all(key in group for group in by_month["groups"] for key in spec)
    crossed = report(root, loaded, "--by", "month", "--by", "region")
    assert [(g["key"], g["accepted"]) for g in crossed["groups"]] == [
        (f"2026-06 × {COUNTY}", 1),
        (f"2026-06 × {TOWNSHIP}", 1),
        (f"2026-07 × {COUNTY}", 1),
    ]
    assert crossed["groups"][1]["name"] == "2026年06月 × 上集镇"


def test_usage_errors(tmp_path, root, loaded, db):
    missing = tmp_path / "none" / "cases.duckdb"
    done = banshi(
        "cases", "report", root, "--db", missing, "--from", "2026-01-01", "--to", "2026-12-31"
    )
    assert done.returncode == 2 and "no case store" in done.stderr
    done = banshi(
        "cases", "report", root, "--db", loaded, "--from", "2026-12-01", "--to", "2026-01-01"
    )
    assert done.returncode == 2
    done = banshi(
        "cases", "report", root, "--db", loaded, "--from", "2026-01-01", "--to", "2026-12-31",
        "--region", "999999",
    )  # fmt: skip
    assert done.returncode == 2 and "999999" in done.stderr
    not_a_store = write(tmp_path / "plain.duckdb", ["hello"])
    done = banshi("cases", "due", root, "--db", not_a_store, "--on", "2026-07-10")
    assert done.returncode == 2 and "not a case store" in done.stderr


def test_a_busy_store(tmp_path, root, loaded):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]); "
         "print('open', flush=True); time.sleep(60)", str(loaded)],
        stdout=subprocess.PIPE,
        text=True,
    )  # fmt: skip
    try:
        assert holder.stdout.readline().strip() == "open"
        done = load(loaded, root, write(tmp_path / "june.csv", [HEADER, *GOOD]))
        assert done.returncode == 1 and "in use by another process" in done.stderr
    finally:
        holder.kill()
        holder.wait()


def test_due_warns_red_and_yellow(tmp_path, root, loaded):
    more = write(
        tmp_path / "more.csv",
        [
            "办件编号,业务办理项编码,区划代码,受理日期",
            "=HYPERLINK(1),00013112800002,410526,2026-07-08",
            "SX005,00013112800001,410526100201,2026-07-09",
        ],
    )
    assert load(loaded, root, more).returncode == 0
    done = banshi("cases", "due", root, "--db", loaded, "--on", "2026-07-10", "--format", "json")
    assert done.returncode == 0, done.stderr
    data = json.loads(done.stdout)
    levels = {c["case_id"]: (c["level"], c["due"], c["days_left"]) for c in data["cases"]}
    # SX003: accepted 07-06, 3 days → 07-09, past; =HYPERLINK(1): 07-08 + 3 → 07-13, 1 day
    # left; SX005 (即办件 through the village: the township's route, 0 days) → 07-09, past
    assert levels == {
        "SX003": ("red", "2026-07-09", -1),
        "SX005": ("red", "2026-07-09", -1),
        "=HYPERLINK(1)": ("yellow", "2026-07-13", 1),
    }
    assert (data["red"], data["yellow"]) == (2, 1)
    table = banshi("cases", "due", root, "--db", loaded, "--on", "2026-07-10", "--format", "csv")
    assert "'=HYPERLINK(1)" in table.stdout and "\n=HYPERLINK" not in table.stdout
    text = banshi("cases", "due", root, "--db", loaded, "--on", "2026-07-10", "--within", "0")
    assert "已超期 2 件" in text.stdout and "HYPERLINK" not in text.stdout


def test_a_root_outside_git_is_one_release(tmp_path, loaded, root):
    import shutil

    plain = tmp_path / "plain"
    shutil.copytree(root, plain, ignore=shutil.ignore_patterns(".git"))
    data = report(plain, loaded)
    assert [r["version"] for r in data["releases"]] == ["2026.07"]
    assert any("not in a git repository" in w for w in data["warnings"])


def test_what_a_case_says_is_escaped_in_every_output(tmp_path, root, loaded):
    import csv

    tricky = '<img src=x onerror="alert(1)">'
    path = tmp_path / "tricky.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(
            [["case_id", "code", "region", "accepted"], [tricky, PROMISED, COUNTY, "2026-06-01"]]
        )
    assert load(loaded, root, path).returncode == 0
    html = banshi(
        "cases", "report", root, "--db", loaded, "--from", "2026-06-01", "--to", "2026-07-31",
        "--format", "html",
    )  # fmt: skip
    assert "&lt;img src=x onerror=" in html.stdout and "<img" not in html.stdout
    assert tricky in report(root, loaded)["overdue"]


def test_text_and_html(root, loaded):
    text = banshi(
        "cases", "report", root, "--db", loaded, "--from", "2026-06-01", "--to", "2026-07-31",
        "--by", "window",
    )  # fmt: skip
    assert text.returncode == 0 and "按时办结率：100.00%" in text.stdout
    html = banshi(
        "cases", "report", root, "--db", loaded, "--from", "2026-06-01", "--to", "2026-07-31",
        "--format", "html",
    )  # fmt: skip
    assert html.returncode == 0 and "<svg" in html.stdout and "按月按时办结率" in html.stdout
    assert "http" not in html.stdout.replace("http-equiv", "")  # nothing fetched


@pytest.mark.parametrize(
    "code,region,day",
    [
        (IMMEDIATE, VILLAGE, "2026-07-03"),
        (IMMEDIATE, VILLAGE, "2026-07-05"),  # a Sunday (预约办理): due that very day
        (PROMISED, COUNTY, "2026-07-05"),  # 3 working days from the day after, not from Monday
    ],
)
def test_every_date_of_a_paper_is_the_due_date(tmp_path, root, db, code, region, day):
    """The promised date of a case equals the 受理通知书's 办结 date for the same day."""
    lines = ["case_id,code,region,accepted", f"P1,{code},{region},{day}"]
    assert load(db, root, write(tmp_path / "p.csv", lines)).returncode == 0
    paper = banshi(
        "notice", code, root, "--region", region, "--kind", "accept", "--date", day,
        "--format", "json",
    )  # fmt: skip
    due = json.loads(paper.stdout)["due_date"]
    warned = banshi(
        "cases", "due", root, "--db", db, "--on", day, "--within", "30", "--format", "json"
    )
    assert json.loads(warned.stdout)["cases"][0]["due"] == due


def test_items_coming_into_and_going_out_of_force_mid_period(tmp_path):
    """000131128000 expires on 2026-07-01, 100000000001 comes into force that day: a case of
    each is measured in its own days, and refused outside them."""
    from casefiles import write_release
    from catalogs import apply_patch, approval, dump

    root = catalog_repo(tmp_path / "catalog", [FIRST])
    newer = approval("100000000001", "新办事项", 4)
    newer["effective"] = "2026-07-01"
    (root / "catalog/items/100000000001.yaml").write_text(dump(newer), encoding="utf-8")
    apply_patch(root, {"catalog/items/000131128000.yaml": {"expires": "2026-07-01"}})
    write_release(root, Release("2026.06", "2026-06-01", promised=5, legal=15))
    apply_patch(
        root,
        {
            "catalog/implementations/410526.yaml": {
                "entries/-": {"item": "100000000001", "agency": "sx-market", "mode": "办理"}
            }
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "2026.06")
    db = tmp_path / "store" / "cases.duckdb"
    good = [
        "case_id,code,region,accepted,done",
        "A1,00013112800002,410526,2026-06-30,2026-07-03",
        "B1,10000000000101,410526,2026-07-01,2026-07-03",
    ]
    done = load(db, root, write(tmp_path / "good.csv", good))
    assert done.returncode == 0, done.stdout + done.stderr
    data = report(root, db)
    assert data["accepted"] == 2 and data["unmeasured"]["count"] == 0
    assert [(r["version"], r["cases"]) for r in data["releases"]] == [("2026.06", 2)]
    bad = [
        "case_id,code,region,accepted",
        "A2,00013112800002,410526,2026-07-01",
        "B2,10000000000101,410526,2026-06-30",
    ]
    done = load(db, root, write(tmp_path / "bad.csv", bad))
    assert done.returncode == 1
    assert "bad.csv:2:2: error cases.not-implemented: 00013112800002" in done.stdout
    assert "bad.csv:3:2: error cases.not-implemented: 10000000000101" in done.stdout


def test_a_release_is_kept_and_a_bad_cache_is_a_miss(tmp_path, root, loaded):
    """A report keeps each release it resolved (a commit never changes), reads it back the next
    time, and takes a cache file of any other shape, or a cache folder inside the root, for no
    cache at all."""
    import msgpack

    cache = tmp_path / "cache"

    def figures(cached=cache) -> dict:
        done = command_line.banshi(
            "cases", "report", root, "--db", loaded, "--from", "2026-06-01", "--to", "2026-07-31",
            "--format", "json", env={"BANSHI_CACHE_DIR": cached},
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)

    first = figures()
    kept = sorted((cache / "releases").glob("*.msgpack"))
    assert len(kept) == 2
    # read back: a promise changed in the cache (as only its owner can) is what counts
    second = next(p for p in kept if msgpack.unpackb(p.read_bytes())["version"] == "2026.07")
    saved = second.read_bytes()
    data = msgpack.unpackb(saved)
    for row in data["promises"]:
        if row[:2] == [COUNTY, PROMISED]:
            row[4] = 30
    second.write_bytes(msgpack.packb(data))
    assert figures()["overdue"] == []
    second.write_bytes(saved)
    kept[0].write_bytes(b"\x00 not msgpack")
    data = msgpack.unpackb(kept[1].read_bytes())
    data["promises"][0][4] = "five"  # a promise that is not a number
    kept[1].write_bytes(msgpack.packb(data))
    assert figures() == first
    assert all(msgpack.unpackb(p.read_bytes())["promises"][0][4] != "five" for p in kept)
    assert figures(root / ".cache") == first
    assert not (root / ".cache" / "releases").exists()


def test_a_case_id_that_looks_like_a_formula_stays_text_in_the_warning_csv(tmp_path, root, loaded):
    """超时预警.csv is opened in Excel or WPS by the centre: a case id an export wrote as
    ``=HYPERLINK(…)`` must be a text cell there, never a formula."""
    import csv

    formula = '=HYPERLINK("http://x.example/","点此查看")'
    path = tmp_path / "formula.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        csv.writer(out).writerows(
            [["case_id", "code", "region", "accepted"], [formula, PROMISED, COUNTY, "2026-06-01"]]
        )
    assert load(loaded, root, path).returncode == 0
    due = banshi(
        "cases", "due", root, "--db", loaded, "--on", "2026-12-15", "--format", "csv",
    )  # fmt: skip
    assert due.returncode == 0, due.stderr
    cells = [cell for row in csv.reader(io.StringIO(due.stdout.lstrip("\ufeff"))) for cell in row]
    assert "'" + formula in cells
    numbers = re.compile(r"-?[0-9]+")  # days overdue are numbers, which no spreadsheet runs
    assert not [c for c in cells if c[:1] in ("=", "+", "-", "@") and not numbers.fullmatch(c)]
