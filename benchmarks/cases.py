#!/usr/bin/env python3
"""A year of cases (办件) and evaluations (好差评) for a catalog, and the case commands measured.

    python benchmarks/cases.py generate ROOT OUT --cases 12000 [--year 2026] [--files 12]
                                        [--encoding utf-8|gb18030] [--seed 1]
    python benchmarks/cases.py run [--cases 10000000] [--size province] [--out report.json]

``generate`` writes the exports an approval system would: one CSV per month of cases (Chinese
headers, a column of applicants' names beside, which a load drops) and one of evaluations, for
the guides of the catalog at ROOT (each case at a region and handling item the region
implements, accepted on a day of the year, done around its promised date or still open, some
paused, some done on the spot). It is deterministic for a seed and fast at any size: DuckDB
writes the rows (``hash`` of the row number, not a random generator, so threads do not matter).

``run`` generates a catalog (benchmarks/generate.py, committed to git as one release), a year
of cases for it, then runs ``banshi cases load``, ``report --by month --by region`` and ``due``
as a user runs them, each in its own process, measured for wall time and peak memory (as
benchmarks/run.py measures), at a tenth of the size and at the size, to show how they grow.
"""

from __future__ import annotations

import argparse
import codecs
import datetime
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from run import banshi, measured  # noqa: E402
from run import generate as generate_catalog  # noqa: E402

LOAD_TARGET = 200_000  # rows a second
HEADER = (
    "办件编号,业务办理项编码,区划代码,申请人姓名,申请日期,受理日期,办结日期,办理结果,现场办结,"
    "跑动次数,办理渠道,暂停计时的工作日"
)


def guides(root: Path, day: str) -> list[tuple]:
    """(region, code, promised, unit) of every guide in force on ``day``."""
    from banshi.cases.catalog import view

    return [(r[0], r[1], r[4], r[5]) for r in view(root).promises_on(day)]


def _unit(i: str, salt: int) -> str:
    """A number in [0, 1) from the row number: the same on every run and every thread."""
    return f"((hash({i}, {salt}) % 1000000) / 1000000.0)"


CASES = """
COPY (
  WITH rows AS (
    SELECT i, g.region, g.code, g.promised, g.unit,
           DATE '{first}' + CAST(i * {days} // {cases} AS INTEGER) AS accepted,
           {u2} AS fate, {u3} AS spot, {u4} AS paused_draw
    FROM range({start}, {stop}) t(i)
    JOIN guides g ON g.k = hash(i, {seed}) % {count}
  )
  SELECT 'SX' || '{year}' || lpad(i::VARCHAR, 10, '0') AS 办件编号,
         code AS 业务办理项编码, region AS 区划代码, '某某' AS 申请人姓名,
         accepted - CAST(floor(spot * 3) AS INTEGER) AS 申请日期,
         accepted AS 受理日期,
         CASE WHEN fate < 0.90  -- done around its promise (1.4 days a working day)
                THEN accepted + CAST(floor(fate / 0.90 * (promised * 1.4 + 1)) AS INTEGER)
              WHEN fate < 0.95  -- late
                THEN accepted + CAST(promised * 1.4 + 2 + fate * 40 AS INTEGER)
         END AS 办结日期,  -- else still open
         CASE WHEN fate < 0.95 THEN '准予许可' END AS 办理结果,
         CASE WHEN promised = 0 OR spot < 0.3 THEN '是' ELSE '否' END AS 现场办结,
         CAST(floor(spot * 2.2) AS INTEGER) AS 跑动次数,
         CASE WHEN spot < 0.45 THEN '网上' ELSE '窗口' END AS 办理渠道,
         CASE WHEN paused_draw < 0.03 THEN 1 + CAST(paused_draw * 100 AS INTEGER) ELSE 0 END
           AS 暂停计时的工作日
  FROM rows
) TO '{path}' (HEADER, DELIMITER ',')
"""
EVALUATIONS = """
COPY (
  SELECT 'SX' || '{year}' || lpad(i::VARCHAR, 10, '0') AS 办件编号,
         CASE WHEN {u1} < 0.005 THEN '不满意' WHEN {u1} < 0.007 THEN '非常不满意'
              WHEN {u1} < 0.03 THEN '基本满意' WHEN {u1} < 0.12 THEN '满意' ELSE '非常满意'
         END AS 评价等级,
         DATE '{first}' + CAST(i * {days} // {cases} AS INTEGER)
           + CAST(floor({u2} * 8) AS INTEGER) AS 评价时间,
         CASE WHEN {u1} < 0.006 THEN 评价时间 + 3 END AS 整改日期
  FROM range(0, {cases}) t(i)
  WHERE {u2} < 0.6
) TO '{path}' (HEADER, DELIMITER ',')
"""


def generate(root: Path, out: Path, cases: int, year: int, files: int, encoding: str, seed: int):
    import duckdb

    out.mkdir(parents=True, exist_ok=True)
    first, last = datetime.date(year, 1, 1), datetime.date(year, 12, 31)
    rows = guides(root, first.isoformat())
    con = duckdb.connect()
    con.execute(
        "CREATE TABLE guides (k UBIGINT, region VARCHAR, code VARCHAR, promised INTEGER, "
        "unit VARCHAR)"
    )
    columns = [list(range(len(rows))), *(list(c) for c in zip(*rows))]
    con.execute(
        "INSERT INTO guides SELECT unnest($1::UBIGINT[]), unnest($2::VARCHAR[]), "
        "unnest($3::VARCHAR[]), unnest($4::INTEGER[]), unnest($5::VARCHAR[])",
        columns,
    )
    days = (last - first).days + 1
    # case i is accepted on day i × days ÷ cases: each file holds its stretch of days
    starts = [-(-round(days * n / files) * cases // days) for n in range(files + 1)]
    written = []
    for number in range(files):
        path = out / f"cases-{number + 1:02d}.csv"
        con.execute(
            CASES.format(
                first=first,
                days=days,
                cases=cases,
                start=starts[number],
                stop=starts[number + 1],
                seed=seed,
                count=len(rows),
                year=year,
                path=path,
                u2=_unit("i", seed + 2),
                u3=_unit("i", seed + 3),
                u4=_unit("i", seed + 4),
            )
        )
        written.append(path)
    path = out / "evaluations.csv"
    con.execute(
        EVALUATIONS.format(
            year=year,
            first=first,
            days=days,
            cases=cases,
            path=path,
            u1=_unit("i", seed + 5),
            u2=_unit("i", seed + 6),
        )
    )
    written.append(path)
    if encoding == "gb18030":
        for path in written:
            _to_gb18030(path)
    return written


def _to_gb18030(path: Path) -> None:
    target = path.with_suffix(".gb18030")
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as source, target.open("wb") as out:
        while chunk := source.read(1 << 24):
            out.write(decoder.decode(chunk).encode("gb18030"))
    target.replace(path)


# -- run -------------------------------------------------------------------------------------------


def _commit(root: Path) -> None:
    env = {"GIT_AUTHOR_NAME": "b", "GIT_AUTHOR_EMAIL": "b@example.org", "PATH": "/usr/bin:/bin"}
    env |= {"GIT_COMMITTER_NAME": "b", "GIT_COMMITTER_EMAIL": "b@example.org", "HOME": str(root)}
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-qm", "release"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def _year(root: Path, cases: int, work: Path, env: dict, year: int, encoding: str) -> dict:
    folder = work / f"exports-{cases}"
    generation = measured(
        [sys.executable, __file__, "generate", root, folder, "--cases", str(cases),
         "--year", str(year), "--encoding", encoding],
        env,
    )  # fmt: skip
    files = sorted(folder.glob("*.csv"))
    evaluations = sum(1 for _ in (folder / "evaluations.csv").open("rb")) - 1
    rows = sum(1 for path in files for _ in path.open("rb")) - len(files)
    db = work / f"store-{cases}" / "cases.duckdb"
    load = measured(banshi("cases", "load", *files, "--db", db, "--root", root), env)
    period = ("--from", f"{year}-01-01", "--to", f"{year}-12-31")
    report = measured(
        banshi("cases", "report", root, "--db", db, *period, "--by", "month", "--by", "region",
               "--format", "json"),
        env,
    )  # fmt: skip
    html = measured(banshi("cases", "report", root, "--db", db, *period, "--format", "html"), env)
    due = measured(
        banshi("cases", "due", root, "--db", db, "--on", f"{year}-12-15", "--format", "csv"), env
    )
    figures = json.loads(report.stdout)
    return {
        "cases": cases,
        "evaluations": evaluations,
        "rows": rows,
        "bytes": sum(p.stat().st_size for p in files),
        "generate s": generation.seconds,
        "load s": load.seconds,
        "load rows/s": rows / load.seconds,
        "load peak MiB": load.peak_mib,
        "report s": report.seconds,
        "report peak MiB": report.peak_mib,
        "html s": html.seconds,
        "due s": due.seconds,
        "due peak MiB": due.peak_mib,
        "groups": len(figures["groups"]),
        "on_time_rate": figures["on_time_rate"],
        "overdue": len(figures["overdue"]),
        "db MiB": db.stat().st_size / 2**20,
    }


def run(args) -> None:
    env = dict(os.environ)
    with tempfile.TemporaryDirectory(prefix="banshi-cases-bench-") as folder:
        work = Path(folder)
        root = work / "catalog"
        summary = generate_catalog(root, "--size", args.size)
        _commit(root)
        measured(banshi("validate", root), env)  # the validation cache, as CI would have it
        results = [
            _year(root, n, work, env, args.year, args.encoding)
            for n in sorted({max(args.cases // 10, 1), args.cases})
        ]
    report = {
        "catalog": summary,
        "machine": f"{os.cpu_count()} cores; load average {os.getloadavg()[0]:.1f} at the end",
        "years": results,
    }
    _print(report)
    if args.out:
        args.out.write_text(json.dumps(report, ensure_ascii=False, indent=2), encoding="utf-8")


def _shown(key: str, value) -> str:
    if key.endswith(" s"):
        return f"{value:.2f}"
    return f"{value:,.0f}"


def _print(report: dict) -> None:
    print(f"catalog: {report['catalog']}\nmachine: {report['machine']}")
    columns = (
        "cases", "evaluations", "rows", "load s", "load rows/s", "load peak MiB", "report s",
        "report peak MiB", "html s", "due s", "due peak MiB", "db MiB",
    )  # fmt: skip
    print(" | ".join(columns))
    for year in report["years"]:
        print(" | ".join(_shown(c, year[c]) for c in columns))
    largest = report["years"][-1]
    verdict = "meets" if largest["load rows/s"] >= LOAD_TARGET else "MISSES"
    print(f"load: {largest['load rows/s']:,.0f} rows/s, target {LOAD_TARGET:,}: {verdict}")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    made = commands.add_parser("generate", help="a year of case and evaluation exports")
    made.add_argument("root", type=Path, help="the catalog root")
    made.add_argument("out", type=Path, help="folder for the exports")
    made.add_argument("--cases", type=int, default=12_000, help="cases in the year (000:143)")
    made.add_argument("--year", type=int, default=2026)
    made.add_argument("--files", type=int, default=12, help="one per month by default")
    made.add_argument("--encoding", choices=["utf-8", "gb18030"], default="utf-8")
    made.add_argument("--seed", type=int, default=1)
    timed = commands.add_parser("run", help="generate, then measure load, report and due")
    timed.add_argument("--cases", type=int, default=10_000_000)
    timed.add_argument("--size", default="province", help="benchmarks/generate.py --size")
    timed.add_argument("--year", type=int, default=2026)
    timed.add_argument("--encoding", choices=["utf-8", "gb18030"], default="utf-8")
    timed.add_argument("--out", type=Path, help="the figures as JSON too")
    args = parser.parse_args(argv)
    if args.command == "generate":
        written = generate(
            args.root, args.out, args.cases, args.year, args.files, args.encoding, args.seed
        )
        print(f"wrote {len(written)} files into {args.out}", file=sys.stderr)
    else:
        run(args)


if __name__ == "__main__":
    main()
