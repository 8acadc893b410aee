"""The case store: cases and evaluations in one DuckDB file, outside any catalog root.

DuckDB is an embedded database (a file, no server); its SQL is what a distributed SQL engine
speaks too. A load is one transaction: every file of it is read and checked inside the database
(``columns.value``, ``columns.checked``), and stored only when no file has a problem; a failed
or interrupted load leaves the store as it was. A case is stored once by its ``case_id``: a
later file replaces the columns it has (an export taken later knows that an open case is done),
and keeps those it has not. Only the columns of spec §6 are stored, with the name of the file
each row came from.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from banshi.cases import files
from banshi.cases.columns import CASES, COLUMNS, EVALUATIONS, cell, checked, quoted, value
from banshi.cases.files import Export, Problem
from banshi.errors import BanshiError, UsageError
from banshi.i18n import _

FORMAT = "banshi/cases/v1"
MEMORY_LIMIT = "1GB"  # DuckDB spills to disk beyond it: memory does not grow with the rows
SHOWN = 100  # problems shown per file and kind; the rest are counted
TYPES = {
    "date": "DATE",
    "flag": "BOOLEAN",
    "count": "INTEGER",
    "paused": "INTEGER",
    "rating": "TINYINT",
}
SCHEMA = (
    "CREATE TABLE IF NOT EXISTS store (key VARCHAR, value VARCHAR)",
    "CREATE TABLE IF NOT EXISTS cases (case_id VARCHAR NOT NULL, code VARCHAR NOT NULL, "
    "region VARCHAR NOT NULL, submitted DATE, accepted DATE NOT NULL, done DATE, "
    "result VARCHAR, on_site BOOLEAN, visits INTEGER, channel VARCHAR, paused_days INTEGER, "
    "source VARCHAR NOT NULL)",
    "CREATE TABLE IF NOT EXISTS evaluations (case_id VARCHAR NOT NULL, rating TINYINT NOT NULL, "
    "rated DATE, rectified DATE, channel VARCHAR, source VARCHAR NOT NULL)",
)
ORDER_CHECKS = {
    CASES: (("submitted", "accepted"), ("accepted", "done")),
    EVALUATIONS: (("rated", "rectified"),),
}
ORDER_BIT = 16  # bits below: a column's cell; from here: a pair of dates in the wrong order


class StoreError(UsageError):
    """The store cannot be used as asked (a usage error, exit 2)."""


class StoreBusy(BanshiError):
    """Another process holds the store (a problem, exit 1)."""


def default_path() -> Path:
    data = os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share"
    return Path(data) / "banshi" / "cases.duckdb"


def refuse_inside_catalog(path: Path) -> None:
    """A store never lives in a catalog root, where it would be published or committed."""
    folder = path.resolve().parent
    for candidate in (folder, *folder.parents):
        if (candidate / "catalog" / "catalog.yaml").is_file():
            raise StoreError(
                _(
                    "{path} is inside the catalog root {root}: keep the case store outside it "
                    "(the default is $XDG_DATA_HOME/banshi/cases.duckdb)"
                ).format(path=path, root=candidate)
            )


@contextlib.contextmanager
def opened(path: Path, write: bool) -> Iterator:
    """A connection to the store; the store made when a load writes it first. DuckDB spills to
    a temporary folder of its own, removed afterwards."""
    import duckdb

    refuse_inside_catalog(path)
    if not write and not path.is_file():
        raise StoreError(
            _("no case store at {path}: load cases into it first (banshi cases load)").format(
                path=path
            )
        )
    if write:
        path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="banshi-cases-") as spill:
        config = {
            "memory_limit": MEMORY_LIMIT,
            "temp_directory": spill,
            "preserve_insertion_order": True,
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
        }
        try:
            con = duckdb.connect(str(path), read_only=not write, config=config)
        except duckdb.Error as error:
            raise _refusal(path, error) from None
        try:
            _check_format(con, path, write)
            yield con
        finally:
            con.close()


def _refusal(path: Path, error: Exception) -> Exception:
    text = str(error)
    if "lock" in text.lower():
        return StoreBusy(
            _(
                "the case store {path} is in use by another process; try again when it is done"
            ).format(path=path)
        )
    return StoreError(
        _("{path} is not a case store of banshi (DuckDB says: {error})").format(
            path=path, error=text.splitlines()[0]
        )
    )


def _check_format(con, path: Path, write: bool) -> None:
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if not tables and write:
        for statement in SCHEMA:
            con.execute(statement)
        con.execute("INSERT INTO store VALUES ('format', ?)", [FORMAT])
        return
    found = (
        con.execute("SELECT value FROM store WHERE key = 'format'").fetchone()
        if "store" in tables
        else None
    )
    if not found or found[0] != FORMAT:
        raise StoreError(
            _("{path} is a DuckDB database but not a case store of banshi ({format})").format(
                path=path, format=FORMAT
            )
        )


# -- staging one export ---------------------------------------------------------------------------


def _read(export: Export, table: int) -> str:
    columns = ", ".join(f"'c{k}': 'VARCHAR'" for k in range(export.width))
    return (
        f"read_csv({quoted(str(export.csv))}, header = false, skip = {export.skip}, "
        f"columns = {{{columns}}}, delim = ',', quote = '\"', escape = '\"', "
        "auto_detect = false, ignore_errors = true, store_rejects = true, "
        f"rejects_table = 'rejects_{table}', rejects_scan = 'scans_{table}', "
        "max_line_size = 1048576)"
    )


def _stage(con, export: Export, table: int) -> None:
    """``staged_N``: each kept row's values (NULL where empty or wrong) and ``bad``, a bit for
    each cell that is wrong and each pair of dates in the wrong order. Each cell is trimmed,
    read as its type, then checked, each step once."""
    columns = COLUMNS[export.kind]
    width = range(export.width)
    raw = ", ".join(f"{cell(f'c{k}')} AS c{k}" for k in width)
    read, kept, bits = [], [], []
    for bit, column in enumerate(columns):
        index = export.fields.get(column.name)
        if index is None:
            kept.append(f"NULL::{TYPES.get(column.kind, 'VARCHAR')} AS {column.name}")
            continue
        read.append(f"{value(column, f'c{index}')} AS r{index}")
        kept.append(f"{checked(column, f'r{index}')} AS {column.name}")
        wrong = (
            f"{column.name} IS NULL"
            if column.required
            else (f"c{index} IS NOT NULL AND {column.name} IS NULL")
        )
        bits.append(f"(CASE WHEN {wrong} THEN {1 << bit} ELSE 0 END)")
    for bit, (before, after) in enumerate(ORDER_CHECKS[export.kind], ORDER_BIT):
        bits.append(f"(CASE WHEN {before} > {after} THEN {1 << bit} ELSE 0 END)")
    names = ", ".join(c.name for c in columns)
    anything = f"coalesce({', '.join(f'c{k}' for k in width)}) IS NOT NULL"
    cells = ", ".join(f"c{k}" for k in width)
    con.execute(
        f"CREATE TEMP TABLE staged_{table} AS "
        f"WITH raw AS (SELECT {raw} FROM {_read(export, table)}), "
        f"typed AS (SELECT {', '.join(read)}, {cells} FROM raw WHERE {anything}), "
        f"kept AS (SELECT {', '.join(kept)}, {cells} FROM typed) "
        f"SELECT {names}, ({' | '.join(bits)})::INTEGER AS bad FROM kept"
    )


def _value_problems(con, export: Export, table: int) -> list[Problem]:
    rows = con.execute(
        f"SELECT rowid, bad, {', '.join(c.name for c in COLUMNS[export.kind])} "
        f"FROM staged_{table} WHERE bad <> 0 ORDER BY rowid LIMIT {SHOWN}"
    ).fetchall()
    (total,) = con.execute(f"SELECT count(*) FROM staged_{table} WHERE bad <> 0").fetchone()
    where = files.lines_of(export, {row[0] for row in rows})
    problems = []
    for rec, bad, *values in rows:
        line, record = where.get(rec, (0, []))
        told = {column for row, column in export.reported if row == rec}
        problems += _cell_problems(
            export, line, record, bad, dict(zip(_names(export), values)), told
        )
    return problems + _more(export, total - len(rows), _("rows with a wrong cell"))


def _names(export: Export) -> list[str]:
    return [c.name for c in COLUMNS[export.kind]]


def _header_of(export: Export, name: str) -> str:
    index = export.fields.get(name)
    return export.headers[index].strip() if index is not None else name


def _cell_problems(export, line, record, bad, values, told) -> list[Problem]:
    """The problems of one row's cells; ``told``: the columns a problem was told of already."""
    problems = []
    for bit, column in enumerate(COLUMNS[export.kind]):
        index = export.fields.get(column.name)
        if not bad & (1 << bit) or index in told:
            continue
        text = record[index].strip(" ") if index < len(record) else ""
        header = _header_of(export, column.name)
        if not text:
            message = _("{header} is empty: every row needs it").format(header=header)
            rule = "cases.empty"
        else:
            message = _("{header} “{value}” is not {what}").format(
                header=header, value=text, what=_WHAT[column.kind]()
            )
            rule = "cases.value"
        problems.append(Problem(export.where(line, index), rule, message))
    for bit, (before, after) in enumerate(ORDER_CHECKS[export.kind], ORDER_BIT):
        if bad & (1 << bit):
            problems.append(
                Problem(
                    export.where(line, export.fields[after]),
                    "cases.date-order",
                    _("{after} {late} is before {before} {early}").format(
                        after=_header_of(export, after),
                        late=values[after],
                        before=_header_of(export, before),
                        early=values[before],
                    ),
                )
            )
    return problems


_WHAT = {
    "id": lambda: _("a case number (at most 64 characters, no control character)"),
    "code": lambda: _("a handling item code (letters, digits and hyphens)"),
    "region": lambda: _("a region code (6, 9 or 12 digits)"),
    "date": lambda: _(
        "a date from 2000 to 2199 (2025-09-30, 2025/9/30 or 2025年9月30日, a time may follow)"
    ),
    "flag": lambda: _("是 or 否"),
    "count": lambda: _("a whole number from 0 to 99"),
    "paused": lambda: _("a whole number of working days from 0 to 3650"),
    "rating": lambda: _("a rating: 1 to 5, or 非常满意, 满意, 基本满意, 不满意, 非常不满意"),
    "text": lambda: _("text of at most 200 characters"),
}


def _more(export: Export, count: int, what: str) -> list[Problem]:
    if count <= 0:
        return []
    return [
        Problem(
            export.header_where(),
            "cases.more",
            _("and {count} more {what} in this file").format(count=count, what=what),
        )
    ]


REJECTED = {
    "MISSING COLUMNS": lambda: _("the row has fewer cells than the header row"),
    "TOO MANY COLUMNS": lambda: _("the row has more cells than the header row"),
    "INVALID ENCODING": lambda: _("the row is not UTF-8 text while the file is"),
    "LINE SIZE OVER MAXIMUM": lambda: _("the row is longer than 1 MB"),
}


def _rejected(con, export: Export, table: int) -> list[Problem]:
    """Rows DuckDB could not read as rows of this header (another number of cells, a quote
    that does not close, bytes that are not text)."""
    rows = con.execute(
        f"SELECT line, min(error_type::VARCHAR) FROM rejects_{table} "
        f"GROUP BY line ORDER BY line LIMIT {SHOWN}"
    ).fetchall()
    (total,) = con.execute(f"SELECT count(DISTINCT line) FROM rejects_{table}").fetchone()
    lines = files.lines_of_records(export, {row[0] for row in rows})
    problems = [
        Problem(
            export.where(lines.get(number, number), None),
            "cases.row",
            REJECTED.get(
                kind, lambda: _("a quote that does not close, or a quote inside an unquoted cell")
            )(),
        )
        for number, kind in rows
    ]
    return problems + _more(export, total - len(rows), _("rows that cannot be read"))


def _of_kind(exports: list[Export], kind: str) -> list[tuple[int, Export]]:
    """The staged tables of a kind's exports, with the exports."""
    return [(table, export) for table, export in enumerate(exports) if export.kind == kind]


def _union(staged: list[tuple[int, Export]]) -> str:
    """The good rows of these staged exports, each with the file it came from."""
    return " UNION ALL ".join(
        f"SELECT *, {quoted(_source_name(export))} AS source FROM staged_{table} WHERE bad = 0"
        for table, export in staged
    )


def _source_name(export: Export) -> str:
    """What a stored row says it came from: the file, and the sheet of a workbook."""
    return export.shown if export.sheet is None else f"{export.shown}:{export.sheet}"


def _repeats(con, union: str) -> int:
    """Rows of a load that name a case_id another row names too."""
    (repeats,) = con.execute(f"SELECT count(*) - count(DISTINCT case_id) FROM ({union})").fetchone()
    return repeats


def _duplicates(con, export: Export, table: int) -> list[Problem]:
    """A case (or evaluation) twice in one file with other values."""
    others = ", ".join(n for n in _names(export) if n != "case_id")
    repeated = con.execute(
        f"SELECT case_id FROM staged_{table} WHERE bad = 0 GROUP BY case_id "
        f"HAVING count(*) > 1 AND count(DISTINCT row({others})) > 1 ORDER BY case_id "
        f"LIMIT {SHOWN}"
    ).fetchall()
    if not repeated:
        return []
    rows = con.execute(
        f"SELECT case_id, list(rowid ORDER BY rowid)[1:2] FROM staged_{table} "
        f"WHERE bad = 0 AND case_id IN (SELECT unnest(?)) GROUP BY case_id ORDER BY case_id",
        [[r[0] for r in repeated]],
    ).fetchall()
    where = files.lines_of(export, {rec for _id, pair in rows for rec in pair})
    index = export.fields["case_id"]
    return [
        Problem(
            export.where(where[second][0], index),
            "cases.duplicate",
            _("{case} is on line {line} too, with other values: keep one of the two").format(
                case=case, line=where[first][0]
            ),
        )
        for case, (first, second) in rows
    ]


# -- the catalog's view of the cases -------------------------------------------------------------

CATALOG_CHECK = """
SELECT c.export, c.rec, c.region, c.code, c.accepted, ds.release,
  CASE WHEN ds.release IS NULL THEN 'release'
       WHEN NOT EXISTS (SELECT 1 FROM regions r WHERE r.release = ds.release
                        AND r.region = c.region AND r.within = c.region) THEN 'region'
       WHEN NOT EXISTS (SELECT 1 FROM codes k WHERE k.release = ds.release
                        AND k.code = c.code) THEN 'code'
       ELSE 'implemented' END AS why
FROM ({cases}) c
LEFT JOIN day_release ds ON ds.day = c.accepted
WHERE NOT EXISTS (SELECT 1 FROM promises p WHERE p.release = ds.release
                  AND p.region = c.region AND p.code = c.code
                  AND p.effective <= c.accepted
                  AND (p.expires IS NULL OR c.accepted < p.expires))
ORDER BY c.export, c.rec
"""


def _catalog_problems(con, exports, tables, history) -> list[Problem]:
    from banshi.cases.measure import prepare

    staged = [
        f"SELECT {t} AS export, rowid AS rec, region, code, accepted FROM staged_{t} WHERE bad = 0"
        for export, t in zip(exports, tables)
        if export.kind == CASES
    ]
    if not staged:
        return []
    cases = " UNION ALL ".join(staged)
    found_days = con.execute(f"SELECT DISTINCT accepted FROM ({cases})").fetchall()
    days = [day.isoformat() for (day,) in found_days]
    if not days:
        return []
    found = prepare(con, history, days, max(days))
    rows = con.execute(CATALOG_CHECK.format(cases=cases)).fetchall()
    by_export: dict[int, list] = {}
    for row in rows:
        by_export.setdefault(row[0], []).append(row)
    problems = []
    for t, listed in by_export.items():
        export = exports[tables.index(t)]
        shown = listed[:SHOWN]
        where = files.lines_of(export, {row[1] for row in shown})
        for _t, rec, *case in shown:
            problems.append(_catalog_problem(export, where[rec][0], *case, history, found))
        problems += _more(export, len(listed) - len(shown), _("cases the catalog cannot measure"))
    return problems


def _catalog_problem(export, line, region, code, accepted, release, why, history, found):
    version = history.releases[release].version if release is not None else "?"
    if why == "release":
        column, rule = "accepted", "cases.release"
        index = history.in_force(accepted.isoformat())
        count = len(found.unusable.get(index, []))
        message = _(
            "no usable release of the catalog was in force on {day}: release {version} has "
            "{count} errors (banshi validate on that release shows them)"
        ).format(day=accepted, version=history.releases[index].version, count=count)
    elif why == "region":
        column, rule = "region", "cases.region"
        message = _("{region} is not a region of the catalog (release {version})").format(
            region=region, version=version
        )
    elif why == "code":
        column, rule = "code", "cases.code"
        message = _("{code} is not a handling item of the catalog (release {version})").format(
            code=code, version=version
        )
    else:
        column, rule = "code", "cases.not-implemented"
        message = _(
            "{code} was not implemented at region {region} on {day}, the day the case was "
            "accepted (release {version}): it cannot be measured against a promise"
        ).format(code=code, region=region, day=accepted, version=version)
    return Problem(export.where(line, export.fields[column]), rule, message)


EVALUATION_CHECK = """
SELECT e.export, e.rec, e.rated, c.accepted
FROM ({evaluations}) e
JOIN (SELECT case_id, max(accepted) AS accepted FROM ({cases}) GROUP BY case_id) c
  USING (case_id)
WHERE e.rated < c.accepted
ORDER BY e.export, e.rec
LIMIT {limit}
"""


def _evaluation_problems(con, exports, tables) -> list[Problem]:
    """An evaluation dated before its case was accepted (in this load, or else in the store)."""
    evaluations = [
        f"SELECT {t} AS export, rowid AS rec, case_id, rated FROM staged_{t} WHERE bad = 0"
        for export, t in zip(exports, tables)
        if export.kind == EVALUATIONS
    ]
    if not evaluations:
        return []
    loaded = [
        f"SELECT case_id, accepted FROM staged_{t} WHERE bad = 0"
        for export, t in zip(exports, tables)
        if export.kind == CASES
    ]
    stored = "SELECT case_id, accepted FROM main.cases"
    if loaded:
        stored += f" WHERE case_id NOT IN (SELECT case_id FROM ({' UNION ALL '.join(loaded)}))"
    cases = " UNION ALL ".join([*loaded, stored])
    rows = con.execute(
        EVALUATION_CHECK.format(
            evaluations=" UNION ALL ".join(evaluations), cases=cases, limit=SHOWN
        )
    ).fetchall()
    problems = []
    for t in sorted({row[0] for row in rows}):
        export = exports[tables.index(t)]
        mine = [row for row in rows if row[0] == t]
        where = files.lines_of(export, {row[1] for row in mine})
        problems += [
            Problem(
                export.where(where[rec][0], export.fields["rated"]),
                "cases.date-order",
                _("{header} {rated} is before the case was accepted, on {accepted}").format(
                    header=_header_of(export, "rated"), rated=rated, accepted=accepted
                ),
            )
            for _t, rec, rated, accepted in mine
        ]
    return problems


# -- the load -------------------------------------------------------------------------------------


@dataclass
class Loaded:
    """What a load stored, or the problems that kept it from storing anything."""

    problems: list[Problem] = field(default_factory=list)
    stored: dict[str, int] = field(default_factory=lambda: {CASES: 0, EVALUATIONS: 0})
    new: dict[str, int] = field(default_factory=lambda: {CASES: 0, EVALUATIONS: 0})
    dropped: dict[str, list[str]] = field(default_factory=dict)  # file → headers not stored
    repeated: set[str] = field(default_factory=set)  # kinds with a case_id in several rows

    @property
    def failed(self) -> bool:
        return any(p.severity == "error" for p in self.problems)


def _merge(con, kind: str, rows: str, present: set[str]) -> tuple[int, int]:
    """Store ``rows`` (one per case_id, with ``source``): (rows stored, of which new). A case
    already stored keeps the columns ``present`` does not name."""
    target = f"main.{kind}"
    names = [c.name for c in COLUMNS[kind]]
    if not set(names) <= present:
        kept = [f"n.{name}" if name in present else f"o.{name}" for name in names]
        con.execute(
            "CREATE OR REPLACE TEMP TABLE merged AS "
            f"SELECT {', '.join(kept)}, n.source FROM ({rows}) n "
            f"LEFT JOIN {target} o USING (case_id)"
        )
        rows = "SELECT * FROM merged"
    (replaced,) = con.execute(
        f"DELETE FROM {target} WHERE case_id IN (SELECT case_id FROM ({rows}))"
    ).fetchone()
    (stored,) = con.execute(
        f"INSERT INTO {target} SELECT {', '.join(names)}, source FROM ({rows})"
    ).fetchone()
    return stored, stored - replaced


def load(path: Path, paths: list[Path], shown: list[str], history) -> Loaded:
    """Read, check and store the files, all or nothing."""
    loaded = Loaded()
    with tempfile.TemporaryDirectory(prefix="banshi-load-") as folder:
        work = Path(folder)
        exports = []
        for file, name in zip(paths, shown):
            try:
                found, problems = files.read(file, name, work)
            except files.Unreadable as unreadable:
                loaded.problems += unreadable.problems
                continue
            exports += found
            loaded.problems += problems
        with opened(path, write=True) as con:
            _check(con, exports, history, loaded)  # in temporary tables: the store is untouched
            if loaded.failed:
                return loaded
            con.begin()  # one transaction: every file is stored, or none
            try:
                _store(con, exports, loaded)
            except BaseException:
                con.rollback()
                raise
            con.commit()
    return loaded


def _check(con, exports: list[Export], history, loaded: Loaded) -> None:
    """Stage every export in temporary tables (outside the transaction: their rows keep the
    files' order in their rowids) and find every problem."""
    for table, export in enumerate(exports):
        _stage(con, export, table)
        loaded.problems += _rejected(con, export, table)
        loaded.problems += _value_problems(con, export, table)
        if export.dropped:
            loaded.dropped.setdefault(export.shown, []).extend(export.dropped)
    for kind in (CASES, EVALUATIONS):
        staged = _of_kind(exports, kind)
        if staged and _repeats(con, _union(staged)):
            loaded.repeated.add(kind)
            for table, export in staged:
                loaded.problems += _duplicates(con, export, table)
    tables = list(range(len(exports)))
    loaded.problems += _catalog_problems(con, exports, tables, history)
    loaded.problems += _evaluation_problems(con, exports, tables)


def _store(con, exports: list[Export], loaded: Loaded) -> None:
    """Every export of a kind at once; one by one, in the order given, when a case is in more
    than one row (a later file replaces what an earlier one said) or their columns differ."""
    for kind in (CASES, EVALUATIONS):
        staged = _of_kind(exports, kind)
        if not staged:
            continue
        columns = {frozenset(export.fields) for _table, export in staged}
        if kind not in loaded.repeated and len(columns) == 1:
            steps = [(_union(staged), set(staged[0][1].fields))]
        else:
            steps = [
                (f"SELECT DISTINCT ON (case_id) * FROM ({_union([pair])})", set(pair[1].fields))
                for pair in staged
            ]
        for rows, present in steps:
            stored, new = _merge(con, kind, rows, present)
            loaded.stored[kind] += stored
            loaded.new[kind] += new
