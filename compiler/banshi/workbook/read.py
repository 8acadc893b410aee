"""``banshi import``: a workbook (.xlsx, .xls, .ods) back into the catalog's documents.

The workbook is untrusted input. python-calamine reads cell values only: a formula is never
evaluated (what a cell shows is the value the spreadsheet saved with it), macros are never
read, and the YAML in a cell is read by the catalog's own reader, which constructs plain data
only. A file is refused before it is opened when it is larger than ``MAX_BYTES`` or, being a
zip (.xlsx, .ods), unpacks to more than ``MAX_UNPACKED``, or when reading it would cost more
than ``bounds`` allows (its XML is read first, streaming). Every problem names its sheet and
cell: ``目录.xlsx:实施清单!C12: error import.enum: …``.
"""

from __future__ import annotations

import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from banshi.i18n import _
from banshi.load import unsafe_path
from banshi.problems import ERROR, WARNING, printable
from banshi.workbook import bounds
from banshi.workbook.cells import CellError, empty, from_cell
from banshi.workbook.formulas import unsaved_formulas
from banshi.workbook.sheets import CHOICES, FILE, NOTES, SHEETS, Sheet, row_schema

MAX_BYTES = 256 * 1024 * 1024
MAX_UNPACKED = 2 * 1024 * 1024 * 1024
MAX_ROWS = 1_048_576
FORMATS = (".xlsx", ".xlsm", ".xls", ".ods")
_DEFAULT_FILE = {
    "catalog": "catalog/catalog.yaml",
    "regions": "catalog/regions.yaml",
    "departments": "catalog/departments.yaml",
    "item": "catalog/items/{code}.yaml",
    "materials": "rules/materials.yaml",
    "situations": "rules/situations.yaml",
    "implementation": "catalog/implementations/{region}.yaml",
    "bundle": "catalog/bundles/{id}.yaml",
    "policy": "rules/policy.yaml",
    "calendar": "rules/calendar.yaml",
}
# A code of any scheme in its base form (banshi.codes) names its file as it is written.
_NAME_PART = re.compile(r"[0-9A-Za-z][0-9A-Za-z_-]*")


def cell_name(row: int, column: int) -> str:
    """``C12`` for the zero-based row 11 and column 2."""
    letters, index = "", column + 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row + 1}"


@dataclass(frozen=True)
class WorkbookProblem:
    workbook: str
    sheet: str
    row: int
    column: int
    rule: str
    message: str
    severity: str = ERROR

    def text(self) -> str:
        where = f"{self.sheet}!{cell_name(self.row, self.column)}"
        return (
            f"{printable(self.workbook)}:{printable(where)}: {self.severity} {self.rule}: "
            f"{printable(self.message)}"
        )


@dataclass
class Imported:
    files: dict[str, dict] = field(default_factory=dict)  # path → document
    problems: list[WorkbookProblem] = field(default_factory=list)
    # (file, path inside the document) → (sheet, row, {column key: column index}), to show a
    # problem of the imported catalog at the cell it came from
    origins: dict[tuple, tuple] = field(default_factory=dict)


@dataclass
class _Row:
    data: dict
    file: str | None
    number: int  # zero-based row of the sheet
    at: dict[str, int]  # column key → column index
    fine: bool = True  # False: a cell of it has a problem (reported already)


class _Reading:
    def __init__(self, name: str):
        self.name = name
        self.result = Imported()
        self.owner: dict[str, tuple] = {}  # file → (sheet, what it holds), to catch collisions

    def problem(
        self, sheet: str, row: int, column: int, rule: str, message: str, severity: str = ERROR
    ) -> None:
        self.result.problems.append(
            WorkbookProblem(self.name, sheet, row, column, rule, message, severity)
        )


def too_large(path: Path) -> str | None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        return _("the workbook is {size} bytes; at most {most} are read").format(
            size=size, most=MAX_BYTES
        )
    if zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as packed:
            unpacked = sum(info.file_size for info in packed.infolist())
        if unpacked > MAX_UNPACKED:
            said = _("the workbook unpacks to {size} bytes; at most {most} are read")
            return said.format(size=unpacked, most=MAX_UNPACKED)
    return None


def _header(reading: _Reading, sheet: Sheet, rows: list[list]) -> dict[str, int] | None:
    """Column key → index, from the sheet's second row; None when the sheet cannot be read."""
    keys = rows[1] if len(rows) > 1 else []
    known = {c.key: c for c in sheet.columns}
    at: dict[str, int] = {}
    for index, key in enumerate(keys):
        if empty(key):
            continue
        if not isinstance(key, str) or key.strip() not in known:
            reading.problem(
                sheet.name,
                1,
                index,
                "import.header",
                _("{key} is no column of sheet {sheet}; row 2 holds the keys: {keys}").format(
                    key=key, sheet=sheet.name, keys=", ".join(known)
                ),
            )
            continue
        if key.strip() in at:
            reading.problem(
                sheet.name,
                1,
                index,
                "import.header",
                _("column {key} is written twice (first in column {first})").format(
                    key=key, first=cell_name(1, at[key.strip()])[:-1]
                ),
            )
            continue
        at[key.strip()] = index
    missing = [c for c in sheet.columns if c.required and c.key not in at]
    for column in missing:
        reading.problem(
            sheet.name,
            1,
            len(keys),
            "import.header",
            _(
                "sheet {sheet} has no column {key} ({title}), which every row needs; row 2 "
                "holds the keys"
            ).format(sheet=sheet.name, key=column.key, title=column.title),
        )
    return None if missing or len(at) < sum(1 for k in keys if not empty(k)) else at


def _put(data: dict, path: tuple, value) -> None:
    for name in path[:-1]:
        data = data.setdefault(name, {})
    data[path[-1]] = value


def _row(reading: _Reading, sheet: Sheet, number: int, cells: list, at: dict) -> _Row | None:
    data: dict = {}
    file = None
    fine = True
    for column in sheet.columns:
        index = at.get(column.key)
        value = cells[index] if index is not None and index < len(cells) else ""
        if empty(value):
            if column.required:
                reading.problem(
                    sheet.name,
                    number,
                    index if index is not None else 0,
                    "import.required",
                    _("{title} ({key}) is required: fill it in").format(
                        title=column.title, key=column.key
                    ),
                )
                fine = False
            continue
        try:
            parsed = from_cell(column, value)
        except CellError as error:
            reading.problem(sheet.name, number, index, error.rule, str(error))
            fine = False
            continue
        if column.path == (FILE,):
            file = parsed
        else:
            _put(data, column.path, parsed)
    return _Row(data, file, number, at, fine)


def _sheet_rows(reading: _Reading, book, sheet: Sheet) -> list[_Row]:
    if sheet.name not in book.sheet_names:
        reading.problem(
            sheet.name,
            0,
            0,
            "import.sheet",
            _(
                "the workbook has no sheet {sheet} ({title}); every sheet that banshi export "
                "writes is needed, an empty one too"
            ).format(sheet=sheet.name, title=sheet.title),
        )
        return []
    page = book.get_sheet_by_name(sheet.name)
    for (top, left), (bottom, right) in page.merged_cell_ranges or ():
        reading.problem(
            sheet.name,
            top,
            left,
            "import.merged",
            _(
                "cells {cells} are merged; unmerge them and write the value in every cell it "
                "belongs to"
            ).format(cells=f"{cell_name(top, left)}:{cell_name(bottom, right)}"),
        )
    if page.merged_cell_ranges:
        return []
    rows = page.to_python(skip_empty_area=False)
    if len(rows) > MAX_ROWS:
        said = _("more than {most} rows: a sheet holds at most {most}").format(most=MAX_ROWS)
        reading.problem(sheet.name, MAX_ROWS, 0, "import.size", said)
        return []
    at = _header(reading, sheet, rows)
    if at is None:
        return []
    read = []
    for number, cells in enumerate(rows[2:], start=2):
        if all(empty(c) for c in cells):
            continue
        read.append(_row(reading, sheet, number, cells, at))
    return read


def _readable_rows(reading: _Reading, book, sheet: Sheet) -> list[_Row]:
    """The sheet's rows, or a problem at the sheet when calamine cannot read it (what
    ``bounds`` does not look into: an .xls, say)."""
    try:
        return _sheet_rows(reading, book, sheet)
    except Exception as error:  # noqa: BLE001 - calamine's errors are one type per format
        reading.problem(
            sheet.name,
            0,
            0,
            "import.unreadable",
            _("sheet {sheet} cannot be read: {error}").format(sheet=sheet.name, error=error),
        )
        return []


def _file_of(reading: _Reading, sheet: Sheet, row: _Row, doc_key: tuple) -> str | None:
    """The file a row goes to: its 所在文件, or the kind's usual place; None if unsafe."""
    column = row.at.get(FILE, 0)
    if row.file is None:
        names = {k: row.data.get(k, "") for k in ("code", "id", "region")}
        if not all(
            _NAME_PART.fullmatch(str(v))
            for k, v in names.items()
            if "{" + k + "}" in _DEFAULT_FILE[sheet.kind]
        ):
            reading.problem(
                sheet.name,
                row.number,
                0,
                "import.file",
                _("the row names no file, and its code or id cannot name one"),
            )
            return None
        file = _DEFAULT_FILE[sheet.kind].format(**names)
    else:
        file = row.file
        parts = PurePosixPath(file).parts
        if (
            unsafe_path(file)
            or parts[0] not in ("catalog", "rules")
            or len(parts) < 2
            or not file.endswith((".yaml", ".yml"))
            or any(p.startswith(".") for p in parts)
        ):
            reading.problem(
                sheet.name,
                row.number,
                column,
                "import.file",
                _(
                    "{file} is not a catalog file: a path like catalog/items/<code>.yaml or "
                    "rules/materials.yaml, inside catalog/ or rules/"
                ).format(file=file),
            )
            return None
    owner = reading.owner.setdefault(file, (sheet.name, doc_key))
    if owner != (sheet.name, doc_key):
        reading.problem(
            sheet.name,
            row.number,
            column,
            "import.file",
            _(
                "{file} is already the file of another document (sheet {sheet}); one file "
                "holds one document"
            ).format(file=file, sheet=owner[0]),
        )
        return None
    return file


def _ordered(data: dict, kind: str, rows: tuple) -> dict:
    """``data`` with its keys in the schema's order, the order maintainers write them in."""
    schema = row_schema(kind, rows)
    order = {name: index for index, name in enumerate(schema["properties"])}
    return dict(sorted(data.items(), key=lambda kv: order.get(kv[0], len(order))))


def _documents(reading: _Reading, sheet: Sheet, rows: list[_Row]) -> None:
    files = reading.result.files
    origins = reading.result.origins
    for row in (r for r in rows if r.fine):
        if not sheet.rows:
            file = _file_of(reading, sheet, row, (id(row),))
            if file:
                files[file] = {"schema": f"banshi/{sheet.kind}/v1", **row.data}
                origins[(file, ())] = (sheet.name, row.number, row.at)
            continue
        top_keys = [c.path[0] for c in sheet.columns if c.document]
        top = {k: row.data[k] for k in top_keys if k in row.data}
        file = _file_of(reading, sheet, row, tuple(sorted(top.items())))
        if not file:
            continue
        document = files.setdefault(
            file, {"schema": f"banshi/{sheet.kind}/v1", **top, sheet.rows[0]: []}
        )
        entries = document[sheet.rows[0]]
        origins[(file, (sheet.rows[0], len(entries)))] = (sheet.name, row.number, row.at)
        entries.append({k: v for k, v in row.data.items() if k not in top_keys})


def _children(
    reading: _Reading, sheet: Sheet, rows: list[_Row], parents: dict, broken_parents: set
) -> tuple[dict, set]:
    """Attaches each row to its parent (by code); returns the rows by their own code, and the
    codes of rows that could not be read."""
    parent_key, list_key = sheet.parent.key, sheet.rows[-1]
    children = {}
    broken = {r.data.get("code") for r in rows if not r.fine}
    for row in rows:
        code = row.data.pop(parent_key, None)
        if not row.fine or code in broken_parents:
            continue  # its own problem, or its parent's, is reported already
        if code not in parents:
            what = "事项" if parent_key == "item" else "办理项"
            reading.problem(
                sheet.name,
                row.number,
                row.at[parent_key],
                "import.parent",
                _("{code} is no code on sheet {sheet}: every row here belongs to one").format(
                    code=code, sheet=what
                ),
            )
            continue
        parent, file, path = parents[code]
        data = row.data
        if list_key == "handling":  # its materials come from the next sheet, in their place
            data = _ordered({**data, "materials": []}, "item", sheet.rows)
        siblings = parent.setdefault(list_key, [])
        here = (*path, list_key, len(siblings))
        reading.result.origins[(file, here)] = (sheet.name, row.number, row.at)
        siblings.append(data)
        if list_key == "handling":
            children.setdefault(data.get("code"), (data, file, here))
    return children, broken


def _unsaved_formulas(reading: _Reading, path: Path) -> None:
    """A formula without its value would read as an empty cell: each is a problem at its cell."""
    for sheet, row, column, formula in unsaved_formulas(path, {s.name for s in SHEETS}):
        reading.problem(
            sheet,
            row,
            column,
            "import.formula",
            _(
                "the cell holds the formula ={formula} and no value saved with it (a workbook "
                "written by a script): import reads values only, never a formula; type the value "
                "itself, or open the workbook in Excel, WPS or LibreOffice and save it, which "
                "saves every formula's value"
            ).format(formula=formula),
        )


def read_workbook(path: Path, shown: str) -> Imported:
    """The documents a workbook holds, by file; problems located at their cells."""
    from python_calamine import CalamineWorkbook

    reading = _Reading(shown)
    if not path.is_file():  # a FIFO or a device: reading it would wait, or never end
        reading.problem(
            SHEETS[0].name, 0, 0, "import.unreadable", _("the workbook is not a plain file")
        )
        return reading.result
    why = too_large(path)
    if why:
        reading.problem(SHEETS[0].name, 0, 0, "import.size", why)
        return reading.result
    refused = bounds.cost(path, path.suffix.lower())
    if refused:  # reading it would exhaust the machine, or cannot be done: not begun
        sheet = refused.sheet or SHEETS[0].name
        reading.problem(sheet, refused.row, refused.column, refused.rule, refused.message)
        return reading.result
    try:
        book = CalamineWorkbook.from_path(os.fspath(path))
    except Exception as error:  # noqa: BLE001 - calamine's errors are one type per format
        reading.problem(
            SHEETS[0].name,
            0,
            0,
            "import.unreadable",
            _("not a workbook this can read (.xlsx, .xls, .ods): {error}").format(error=error),
        )
        return reading.result
    with book:
        rows = {sheet.name: _readable_rows(reading, book, sheet) for sheet in SHEETS}
    _unsaved_formulas(reading, path)
    known = {s.name for s in SHEETS} | {NOTES, CHOICES}
    for name in book.sheet_names:
        if name not in known:
            reading.problem(
                name,
                0,
                0,
                "import.sheet",
                _("sheet {sheet} is not read: it is none of {sheets}").format(
                    sheet=name, sheets=_(", ").join(s.name for s in SHEETS)
                ),
                WARNING,
            )
    for sheet in SHEETS:
        if sheet.whole_files:
            _documents(reading, sheet, rows[sheet.name])
    items = {
        doc["code"]: (doc, file, ())
        for file, doc in reading.result.files.items()
        if doc["schema"] == "banshi/item/v1" and "code" in doc
    }
    broken = {r.data.get("code") for r in rows[SHEETS[3].name] if not r.fine}
    handling, broken = _children(reading, SHEETS[4], rows[SHEETS[4].name], items, broken)
    _children(reading, SHEETS[5], rows[SHEETS[5].name], handling, broken)
    for file, doc in reading.result.files.items():
        if doc["schema"] == "banshi/item/v1":
            reading.result.files[file] = _ordered(doc, "item", ())
    return reading.result
