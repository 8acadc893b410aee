"""An export file as the case store reads it: its encoding, its header row, its columns.

Approval systems write CSV in UTF-8 (with or without a BOM) or in GB18030, Excel's Chinese
default, and workbooks; some put a title row or two above the header. A CSV in UTF-8 goes to
DuckDB as it is; one in GB18030 is written out in UTF-8 first; each sheet of a workbook with a
header row is written out as CSV. The encoding is decided by the file's first non-ASCII
character: valid UTF-8 there means UTF-8 (a bad byte later is a bad row), anything else GB18030.

Rows are located as a text editor shows them, ``FILE:LINE:COLUMN`` (the line a record starts on,
the column's number), and a workbook's as its cells, ``FILE.xlsx:SHEET!C12``.
"""

from __future__ import annotations

import codecs
import csv
import datetime
import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from banshi.cases.columns import BY_HEADER, kind_of, normal
from banshi.i18n import _
from banshi.problems import ERROR, printable

MAX_BYTES = 16 * 1024**3  # a province's year is about 1 GB
HEADER_ROWS = 20  # title rows an export may have above its header
HEAD_BYTES = 1 << 20  # where the header row is looked for
CHUNK = 1 << 24
WORKBOOKS = (".xlsx", ".xlsm", ".xls", ".ods")
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
# Excel keeps 15 significant digits of a number: a longer code typed as a number is lost.
EXACT_DIGITS = 15


@dataclass(frozen=True, order=True)
class Place:
    """A row and column of a CSV file (``FILE:LINE:COLUMN``, both from 1), or a cell of a
    sheet (``FILE.xlsx:SHEET!C12``, row and column from 0)."""

    file: str
    sheet: str = ""
    line: int = 1
    column: int = 0  # 0-based

    def __str__(self) -> str:
        if self.sheet:
            return f"{self.file}:{self.sheet}!{cell_name(self.line, self.column)}"
        return f"{self.file}:{self.line}:{self.column + 1}"


@dataclass(frozen=True, order=True)
class Problem:
    """A problem of an export, at its place."""

    place: Place
    rule: str
    message: str
    severity: str = ERROR

    def text(self) -> str:
        return (
            f"{printable(str(self.place))}: {self.severity} {self.rule}: {printable(self.message)}"
        )

    def as_json(self) -> dict:
        return {
            "where": str(self.place),
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


@dataclass
class Export:
    """One table of an export (a CSV file, or a sheet of a workbook), ready for DuckDB."""

    shown: str  # the file as the user named it
    csv: Path  # UTF-8 CSV: the file itself, or what was written out from it
    skip: int  # records before the first data record: title rows and the header
    kind: str  # CASES or EVALUATIONS
    headers: list[str]
    fields: dict[str, int]  # column name → index of its field
    dropped: list[str]  # headers of columns that are not stored
    encoding: str = "UTF-8"
    sheet: str | None = None
    header_row: int = 0  # a sheet: the row of its header (0-based)
    sheet_rows: list[int] = field(default_factory=list)  # a sheet: the row of each record
    reported: set[tuple[int, int]] = field(default_factory=set)  # (record, column) told of

    @property
    def width(self) -> int:
        return len(self.headers)

    def where(self, line_or_row: int, column: int | None) -> Place:
        """A line of a CSV (from 1) or a row of a sheet (from 0), and a column (from 0)."""
        return Place(self.shown, self.sheet or "", line_or_row, column or 0)

    def header_where(self, column: int | None = None) -> Place:
        return self.where(self.skip if self.sheet is None else self.header_row, column)


def cell_name(row: int, column: int) -> str:
    """``C12`` for the zero-based row 11 and column 2."""
    from banshi.workbook.read import cell_name as name

    return name(row, column)


class Unreadable(Exception):
    """A file that cannot be read as an export at all: its problems say why."""

    def __init__(self, problems: list[Problem]):
        super().__init__(problems[0].text())
        self.problems = problems


# -- CSV ----------------------------------------------------------------------------------------


def _first_non_ascii(path: Path) -> tuple[int, bytes] | None:
    """The offset of the first byte above 0x7f and the bytes from there; None for ASCII."""
    offset = 0
    with path.open("rb") as f:
        while chunk := f.read(CHUNK):
            found = _NON_ASCII.search(chunk)
            if found:
                f.seek(offset + found.start())
                return offset + found.start(), f.read(8)
            offset += len(chunk)
    return None


def _is_utf8_start(data: bytes) -> bool:
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        decoder.decode(data[:4])
    except UnicodeDecodeError:
        return False
    return True


def _line_and_column(path: Path, offset: int) -> tuple[int, int]:
    """Line (1-based) and field (0-based) of a byte offset, counting commas as a reader would
    for a line without quotes."""
    with path.open("rb") as f:
        before = f.read(offset)
    start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, before[start:].count(b",")


def _transcoded(path: Path, shown: str, work: Path) -> Path:
    """The GB18030 file ``path`` written out in UTF-8 under ``work``."""
    target = work / f"{len(list(work.iterdir()))}.csv"
    decoder = codecs.getincrementaldecoder("gb18030")()
    offset = 0
    with path.open("rb") as source, target.open("wb") as out:
        while chunk := source.read(CHUNK):
            try:
                out.write(decoder.decode(chunk).encode("utf-8"))
            except UnicodeDecodeError as error:
                line, column = _line_and_column(path, offset + error.start)
                raise Unreadable(
                    [
                        Problem(
                            Place(shown, "", line, column),
                            "cases.encoding",
                            _(
                                "byte 0x{byte:02x} is neither UTF-8 nor GB18030: save the file "
                                "as CSV UTF-8 (or as the system exported it) and load it again"
                            ).format(byte=chunk[error.start]),
                        )
                    ]
                ) from None
            offset += len(chunk)
        out.write(decoder.decode(b"", final=True).encode("utf-8"))
    return target


def _encoding(path: Path, shown: str) -> str:
    with path.open("rb") as f:
        start = f.read(4)
    if start.startswith(codecs.BOM_UTF8):
        return "UTF-8"
    if start.startswith(_UTF16_BOMS):
        raise Unreadable(
            [
                Problem(
                    Place(shown),
                    "cases.encoding",
                    _(
                        "the file is UTF-16 text (Excel's “Unicode text”), not CSV: save it as "
                        "“CSV UTF-8” or load the workbook itself"
                    ),
                )
            ]
        )
    found = _first_non_ascii(path)
    if found is None or _is_utf8_start(found[1]):
        return "UTF-8"
    return "GB18030"


def _head_records(path: Path) -> list[list[str]]:
    with path.open("rb") as f:
        head = f.read(HEAD_BYTES).decode("utf-8", "replace")
    reader = csv.reader(io.StringIO(head, newline=""))
    records = []
    try:
        for record in reader:
            records.append(record)
            if len(records) == HEADER_ROWS:
                break
    except csv.Error:
        pass
    return records


def _header(records: list[list[str]]) -> tuple[int, str] | None:
    """The index of the header record among the first records, and its kind."""
    for index, record in enumerate(records):
        kind = kind_of(record)
        if kind is not None:
            return index, kind
    return None


def _no_header(where: Place) -> Problem:
    from banshi.cases.columns import CASE_COLUMNS, EVALUATION_COLUMNS

    def required(columns):
        return "、".join(f"{c.chinese} ({c.name})" for c in columns if c.required)

    return Problem(
        where,
        "cases.header",
        _(
            "no header row in the first {rows} rows: a case file names the columns "
            "{cases}; an evaluation file {evaluations}"
        ).format(
            rows=HEADER_ROWS,
            cases=required(CASE_COLUMNS),
            evaluations=required(EVALUATION_COLUMNS),
        ),
    )


def _columns(export_kind: str, headers: list[str], where) -> tuple[dict, list, list[Problem]]:
    """Column name → field index; the headers not stored; a column named twice."""
    fields, dropped, problems = {}, [], []
    known = BY_HEADER[export_kind]
    for index, header in enumerate(headers):
        column = known.get(normal(header))
        if column is None:
            if header.strip():
                dropped.append(header.strip())
            continue
        if column.name in fields:
            problems.append(
                Problem(
                    where(index),
                    "cases.header",
                    _("{header} names the column {name} again (column {first} does)").format(
                        header=header.strip(), name=column.name, first=fields[column.name] + 1
                    ),
                )
            )
            continue
        fields[column.name] = index
    return fields, dropped, problems


def read_csv(path: Path, shown: str, work: Path) -> Export:
    """A CSV export, its header found and its columns named (``Unreadable`` if it cannot be)."""
    encoding = _encoding(path, shown)
    readable = path if encoding == "UTF-8" else _transcoded(path, shown, work)
    records = _head_records(readable)
    found = _header(records)
    if found is None:
        raise Unreadable([_no_header(Place(shown))])
    index, kind = found
    headers = [h.replace("\ufeff", "") for h in records[index]]
    export = Export(shown, readable, index + 1, kind, headers, {}, [], encoding)
    export.fields, export.dropped, problems = _columns(
        kind, headers, lambda column: export.header_where(column)
    )
    if problems:
        raise Unreadable(problems)
    return export


def lines_of(export: Export, records: set[int]) -> dict[int, tuple[int, list[str]]]:
    """For data records (0-based, as DuckDB numbers the rows it keeps), the line each starts on
    (a sheet's row) and its fields. Records DuckDB does not keep are passed over as it passes
    them: blank lines, rows of empty cells, rows with another number of fields."""
    found, wanted = {}, set(records)
    if not wanted:
        return found
    with export.csv.open(encoding="utf-8", newline="", errors="replace") as f:
        reader = csv.reader(f)
        line, kept = 1, -1
        for number, record in enumerate(reader):
            start, line = line, reader.line_num + 1
            if (
                number < export.skip
                or len(record) != export.width
                or not any(c.strip(" ") for c in record)
            ):
                continue
            kept += 1
            if kept in wanted:
                found[kept] = (export.sheet_rows[kept] if export.sheet else start, record)
                if len(found) == len(wanted):
                    break
    return found


def lines_of_records(export: Export, numbers: set[int]) -> dict[int, int]:
    """The line each record starts on, by DuckDB's count of records (1-based, the records
    before the data and blank lines included)."""
    found: dict[int, int] = {}
    if not numbers:
        return found
    with export.csv.open(encoding="utf-8", newline="", errors="replace") as f:
        reader = csv.reader(f)
        line = 1
        for index, _record in enumerate(reader, 1):
            if index in numbers:
                found[index] = line
                if len(found) == len(numbers):
                    break
            line = reader.line_num + 1
    return found


# -- workbooks ------------------------------------------------------------------------------------


def _cell_text(value, column: str | None) -> str:
    """A cell's value as the CSV cell it would be; a long number in a code column is an error
    (``ValueError``): Excel has already lost its last digits."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        if column == "code" or (column in ("case_id", "region") and abs(value) >= 10**EXACT_DIGITS):
            raise ValueError(column)
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, datetime.time | datetime.timedelta):
        return str(value)
    return str(value)


def _too_large(path: Path) -> str | None:
    from banshi.workbook.read import too_large

    return too_large(path)


def read_workbook(path: Path, shown: str, work: Path) -> tuple[list[Export], list[Problem]]:
    """Each sheet with a header row, written out as CSV; sheets without one are warned of."""
    from python_calamine import CalamineWorkbook

    why = _too_large(path)
    if why:
        raise Unreadable([Problem(Place(shown), "cases.size", why)])
    try:
        book = CalamineWorkbook.from_path(os.fspath(path))
    except Exception as error:  # noqa: BLE001 - calamine's errors are one type per format
        raise Unreadable(
            [
                Problem(
                    Place(shown),
                    "cases.unreadable",
                    _("not a workbook this can read (.xlsx, .xls, .ods): {error}").format(
                        error=error
                    ),
                )
            ]
        ) from None
    exports, problems = [], []
    with book:
        for name in book.sheet_names:
            rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            export = _sheet(shown, name, rows, work, problems)
            if export is not None:
                exports.append(export)
    if not exports and not problems:
        problems.append(_no_header(Place(shown, book.sheet_names[0], 0, 0)))
    return exports, problems


def _sheet(shown: str, name: str, rows: list, work: Path, problems: list) -> Export | None:
    head = [[_cell_text(v, None) for v in row] for row in rows[:HEADER_ROWS]]
    found = _header(head)
    if found is None:
        if any(any(c.strip() for c in row) for row in head):
            problems.append(
                Problem(
                    Place(shown, name, 0, 0),
                    "cases.sheet",
                    _("sheet {sheet} has no header row of cases or evaluations: not read").format(
                        sheet=name
                    ),
                    "warning",
                )
            )
        return None
    index, kind = found
    headers = head[index]
    target = work / f"{len(list(work.iterdir()))}.csv"
    export = Export(shown, target, 0, kind, headers, {}, [], "", name, index)
    export.fields, export.dropped, header_problems = _columns(kind, headers, export.header_where)
    problems.extend(header_problems)
    named = {i: c for c, i in export.fields.items()}
    with target.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        for number in range(index + 1, len(rows)):
            cells = []
            for column, value in enumerate(rows[number][: len(headers)]):
                try:
                    cells.append(_cell_text(value, named.get(column)))
                except ValueError:
                    problems.append(_long_number(shown, name, number, column, named[column]))
                    export.reported.add((len(export.sheet_rows), column))
                    cells.append("")
            cells += [""] * (len(headers) - len(cells))
            if any(c.strip(" ") for c in cells):
                writer.writerow(cells)
                export.sheet_rows.append(number)
    return export


def _long_number(shown: str, sheet: str, row: int, column: int, name: str) -> Problem:
    message = (
        _(
            "the code is typed as a number, which has lost its leading zeros: format the column "
            "as text and type the code again"
        )
        if name == "code"
        else _(
            "{name} is typed as a number longer than {digits} digits, whose last digits Excel "
            "has already lost: format the column as text and type it again"
        ).format(name=name, digits=EXACT_DIGITS)
    )
    return Problem(Place(shown, sheet, row, column), "cases.number", message)


def read(path: Path, shown: str, work: Path) -> tuple[list[Export], list[Problem]]:
    """The tables of one export file, and the problems found reading it (``Unreadable`` when
    nothing of it can be read)."""
    try:
        size = path.stat().st_size
    except OSError as error:
        raise Unreadable(
            [Problem(Place(shown), "cases.unreadable", error.strerror or str(error))]
        ) from None
    if size > MAX_BYTES:
        raise Unreadable(
            [
                Problem(
                    Place(shown),
                    "cases.size",
                    _("the file is {size} bytes; at most {most} are read: split it").format(
                        size=size, most=MAX_BYTES
                    ),
                )
            ]
        )
    if path.suffix.lower() in WORKBOOKS:
        return read_workbook(path, shown, work)
    return [read_csv(path, shown, work)], []
