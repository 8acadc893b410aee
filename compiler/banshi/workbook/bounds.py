"""What reading a workbook will cost, found before python-calamine reads it.

calamine allocates what a workbook declares: the whole rectangle a sheet's cells span (a cell
at ``XFD1048576`` makes it 17 billion cells), a list as long as the shared strings'
``uniqueCount`` says, a copy of a shared string for every cell that uses it (8,000 cells of
one 1 MB string are 8 GB), an .ods row or cell repeated as often as ``number-rows-repeated``
× ``number-columns-repeated`` say. A workbook of a few kilobytes could so abort the process.

So the XML of an .xlsx (or .xlsm) and of an .ods is read here first, streaming, with Python's
expat (no document type, no entity: they are refused), and its cost added up: the cells of
each sheet's rectangle, the characters of all its cells (a shared string counted at every cell
that uses it), the shared strings. Past a limit, or where a cell cannot be read at all (a
shared string that does not exist, a true/false cell that holds 7, XML that is not XML), the
answer is a problem at the sheet and cell, and the workbook is not read.
"""

from __future__ import annotations

import re
import zipfile
from array import array
from dataclasses import dataclass
from pathlib import PurePosixPath
from xml.parsers import expat

import yaml

from banshi.i18n import _

# Excel's own limits: no sheet Excel or WPS writes goes past them.
MAX_ROWS = 1_048_576
MAX_COLUMNS = 16_384
# Cells of the rectangles calamine allocates, over all sheets: about three times a province's
# workbook (the benchmarks' small catalog, a quarter of one, has 435,000), and under a
# gigabyte once read (an .ods cell costs calamine and Python some 200 bytes).
MAX_CELLS = 5_000_000
# Characters of text in all cells, each use of a shared string counted: about five times a
# province's workbook (the small catalog's has 2,300,000), a few hundred megabytes once read.
MAX_TEXT = 50_000_000
MAX_SHARED_STRINGS = 5_000_000
_CHUNK = 1 << 20
_REFERENCE = re.compile(r"([A-Z]{1,7})([0-9]{1,9})")


@dataclass(frozen=True)
class Cost:
    """Why the workbook is not read, and where: ``sheet`` ("" for the first sheet), zero-based
    ``row`` and ``column``."""

    sheet: str
    row: int
    column: int
    rule: str
    message: str


class _Refused(Exception):
    def __init__(self, cost: Cost):
        super().__init__(cost.message)
        self.cost = cost


def column_number(letters: str) -> int:
    """Zero-based column of ``AB``."""
    number = 0
    for letter in letters:
        number = number * 26 + ord(letter) - 64
    return number - 1


class _Tally:
    """What the sheets read so far cost, against the limits."""

    def __init__(self):
        self.cells = 0
        self.text = 0

    def rectangle(self, sheet: str, rows: int, columns: int, at: tuple[int, int]) -> None:
        if rows * columns + self.cells > MAX_CELLS:
            raise _Refused(
                Cost(
                    sheet,
                    *at,
                    "import.size",
                    _(
                        "the cells of the workbook would span more than {limit:,} cells "
                        "(this sheet alone {rows:,} rows × {columns:,} columns); delete the "
                        "cells far from the table, or split the workbook"
                    ).format(limit=MAX_CELLS, rows=rows, columns=columns),
                )
            )

    def add_text(self, sheet: str, length: int, at: tuple[int, int]) -> None:
        self.text += length
        if self.text > MAX_TEXT:
            raise _Refused(
                Cost(
                    sheet,
                    *at,
                    "import.size",
                    _(
                        "the workbook's cells hold more than {limit:,} characters, counting a "
                        "shared text at every cell that shows it; no catalog needs this many"
                    ).format(limit=MAX_TEXT),
                )
            )


def _parser(sheet: str, where) -> expat.XMLParserType:
    """An expat parser that refuses a document type (and so every entity)."""
    parser = expat.ParserCreate()
    parser.buffer_text = True

    def refuse(*_args):
        raise _Refused(
            Cost(
                sheet,
                *where(),
                "import.unreadable",
                _("the sheet's XML declares a document type or entities; a workbook has none"),
            )
        )

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    return parser


def _xml_fault(code: int) -> str:
    """What expat found, in the user's language for the faults a hand-edited sheet has; in
    expat's own words for the others."""
    said = {
        expat.errors.XML_ERROR_INVALID_TOKEN: _(
            "a character XML does not allow there (an & or < must be written &amp; or &lt;)"
        ),
        expat.errors.XML_ERROR_TAG_MISMATCH: _("a closing tag that does not match its opening"),
        expat.errors.XML_ERROR_UNCLOSED_TOKEN: _("the XML ends inside a tag"),
        expat.errors.XML_ERROR_NO_ELEMENTS: _("the XML holds no element"),
        expat.errors.XML_ERROR_UNDEFINED_ENTITY: _("an entity XML does not know"),
        expat.errors.XML_ERROR_JUNK_AFTER_DOC_ELEMENT: _("text after the end of the sheet"),
    }
    message = expat.ErrorString(code)
    return said.get(message, message)


def _feed(parser, stream, sheet: str, where) -> None:
    try:
        while chunk := stream.read(_CHUNK):
            parser.Parse(chunk, False)
        parser.Parse(b"", True)
    except expat.ExpatError as error:
        raise _Refused(
            Cost(
                sheet,
                *where(),
                "import.unreadable",
                _("the sheet's XML is broken at line {line}, column {column}: {reason}").format(
                    line=error.lineno, column=error.offset + 1, reason=_xml_fault(error.code)
                ),
            )
        ) from None


def _local(name: str) -> str:
    return name.rsplit(":", 1)[-1]


# --- .xlsx ---------------------------------------------------------------------------------


def _xlsx_sheets(packed: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(name, part) of each sheet, from the workbook and its relationships."""
    names: list[tuple[str, str]] = []
    targets: dict[str, str] = {}

    def workbook_element(name, attributes):
        if _local(name) == "sheet":
            rid = next((v for k, v in attributes.items() if _local(k) == "id"), "")
            names.append((attributes.get("name", ""), rid))

    def relationship(name, attributes):
        if _local(name) == "Relationship":
            targets[attributes.get("Id", "")] = attributes.get("Target", "")

    for part, handler in (
        ("xl/workbook.xml", workbook_element),
        ("xl/_rels/workbook.xml.rels", relationship),
    ):
        if part not in packed.NameToInfo:
            return []
        parser = _parser("", lambda: (0, 0))
        parser.StartElementHandler = handler
        with packed.open(part) as stream:
            _feed(parser, stream, "", lambda: (0, 0))
    sheets = []
    for name, rid in names:
        target = targets.get(rid, "")
        part = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        sheets.append((name, str(PurePosixPath(part))))
    return sheets


def _shared_lengths(packed: zipfile.ZipFile, tally: _Tally) -> array:
    """The length of each shared string, in order."""
    lengths = array("Q")
    part = "xl/sharedStrings.xml"
    if part not in packed.NameToInfo:
        return lengths
    depth_in_string = [0]
    declared = [0]

    def start(name, attributes):
        local = _local(name)
        if local == "sst":
            count = attributes.get("uniqueCount", "0")
            declared[0] = int(count) if count.isdigit() else 0
            if declared[0] > MAX_SHARED_STRINGS or len(count) > 12:
                raise _Refused(
                    Cost(
                        "",
                        0,
                        0,
                        "import.size",
                        _(
                            "the workbook declares {count} shared texts; at most {limit:,} are read"
                        ).format(count=count, limit=MAX_SHARED_STRINGS),
                    )
                )
        elif local == "si":
            lengths.append(0)
            if len(lengths) > MAX_SHARED_STRINGS:
                start("sst", {"uniqueCount": str(len(lengths))})
        elif local == "t" and lengths:
            depth_in_string[0] += 1

    def end(name):
        if _local(name) == "t" and depth_in_string[0]:
            depth_in_string[0] -= 1

    def text(data):
        if depth_in_string[0] and lengths:
            lengths[-1] += len(data)

    parser = _parser("", lambda: (0, 0))
    parser.StartElementHandler, parser.EndElementHandler = start, end
    parser.CharacterDataHandler = text
    with packed.open(part) as stream:
        _feed(parser, stream, "", lambda: (0, 0))
    if any(length > MAX_TEXT for length in lengths):
        tally.add_text("", MAX_TEXT + 1, (0, 0))
    return lengths


class _XlsxSheet:
    """One sheet's XML, cell by cell: its rectangle, its text and its unreadable cells."""

    def __init__(self, name: str, shared: array, tally: _Tally):
        self.name, self.shared, self.tally = name, shared, tally
        self.row, self.column = 0, -1  # the cell being read
        self.kind = ""
        self.value: list[str] = []
        self.in_value = False
        self.top = self.left = None
        self.bottom = self.right = 0

    def where(self) -> tuple[int, int]:
        return self.row, max(self.column, 0)

    def start(self, name, attributes):
        local = _local(name)
        if local == "row":
            number = attributes.get("r")
            self.row = int(number) - 1 if number and number.isdigit() else self.row + 1
            if self.row >= MAX_ROWS:
                self._outside()
            self.column = -1
        elif local == "c":
            self._at(attributes.get("r"))
            self.kind = attributes.get("t", "n")
            self.value = []
        elif local in ("v", "t"):
            self.in_value = True

    def end(self, name):
        local = _local(name)
        if local in ("v", "t"):
            self.in_value = False
        elif local == "c":
            self._cell("".join(self.value))

    def text(self, data):
        if self.in_value:
            self.value.append(data)

    def _at(self, reference: str | None) -> None:
        if reference:
            found = _REFERENCE.fullmatch(reference)
            if not found:
                raise _Refused(
                    Cost(
                        self.name,
                        *self.where(),
                        "import.unreadable",
                        _("a cell has the reference {reference}, which names no cell").format(
                            reference=reference[:20]
                        ),
                    )
                )
            self.column = column_number(found.group(1))
            self.row = int(found.group(2)) - 1
        else:
            self.column += 1
        if self.row >= MAX_ROWS or self.column >= MAX_COLUMNS or self.row < 0:
            self._outside()

    def _outside(self):
        raise _Refused(
            Cost(
                self.name,
                *self.where(),
                "import.size",
                _(
                    "a cell lies outside every sheet Excel makes ({rows:,} rows, "
                    "{columns:,} columns); delete it"
                ).format(rows=MAX_ROWS, columns=MAX_COLUMNS),
            )
        )

    def _cell(self, value: str) -> None:
        if self.kind == "s":
            length = self._shared(value)
        elif self.kind == "b" and value.strip() not in ("0", "1", ""):
            raise self._unreadable(
                _("a true/false cell holds {value!r}, which is neither").format(value=value[:20])
            )
        else:
            length = len(value)
        if self.kind == "b":
            length = 1
        self.tally.add_text(self.name, length, self.where())
        self.top = self.row if self.top is None else min(self.top, self.row)
        self.left = self.column if self.left is None else min(self.left, self.column)
        self.bottom, self.right = max(self.bottom, self.row), max(self.right, self.column)

    def _shared(self, value: str) -> int:
        index = int(value) if value.strip().isdigit() else -1
        if not 0 <= index < len(self.shared):
            raise self._unreadable(
                _(
                    "the cell shows shared text number {value}, and the workbook has "
                    "{count} shared texts"
                ).format(value=value[:20], count=len(self.shared))
            )
        return self.shared[index]

    def _unreadable(self, message: str) -> _Refused:
        return _Refused(Cost(self.name, *self.where(), "import.unreadable", message))

    def rectangle(self) -> None:
        if self.top is not None:
            rows, columns = self.bottom - self.top + 1, self.right - self.left + 1
            self.tally.rectangle(self.name, rows, columns, (self.bottom, self.right))
            self.tally.cells += rows * columns


def _xlsx(packed: zipfile.ZipFile) -> None:
    tally = _Tally()
    shared = _shared_lengths(packed, tally)
    for name, part in _xlsx_sheets(packed):
        if part not in packed.NameToInfo:
            continue
        sheet = _XlsxSheet(name, shared, tally)
        parser = _parser(name, sheet.where)
        parser.StartElementHandler, parser.EndElementHandler = sheet.start, sheet.end
        parser.CharacterDataHandler = sheet.text
        with packed.open(part) as stream:
            _feed(parser, stream, name, sheet.where)
        sheet.rectangle()


# --- .ods ----------------------------------------------------------------------------------


class _OdsContent:
    """content.xml, table by table: rows and cells with their repeats, as calamine expands
    them (empty rows and cells past a table's last value are not)."""

    def __init__(self, tally: _Tally):
        self.tally = tally
        self.sheet = ""
        self.row = self.column = 0  # where the row or cell being read starts
        self.rows = self.width = 0  # the table's rectangle so far
        self.row_repeat = self.cell_repeat = 1
        self.row_width = 0  # columns up to the last value in this row
        self.row_text = 0  # characters of this row, once
        self.cell_text = 0
        self.cell_value = False
        self.in_cell = False

    def where(self) -> tuple[int, int]:
        return self.row, self.column

    def start(self, name, attributes):
        local = _local(name)
        if local == "table":
            self.sheet = attributes.get("table:name", "")
            self.row = self.rows = self.width = 0
        elif local == "table-row":
            self.row_repeat = _repeat(attributes.get("table:number-rows-repeated"))
            self.column = self.row_width = self.row_text = 0
        elif local in ("table-cell", "covered-table-cell"):
            self.cell_repeat = _repeat(attributes.get("table:number-columns-repeated"))
            self.in_cell = True
            self.cell_value = "office:value-type" in attributes or "table:formula" in attributes
            self.cell_text = 0
            for key, value in attributes.items():
                if key.startswith(("office:", "table:formula")):
                    self._text(len(value))
        elif local == "s" and self.in_cell:  # text:s, text:c spaces in one element
            self._text(_repeat(attributes.get("text:c")))
        elif local in ("tab", "line-break", "p") and self.in_cell:
            self._text(1)

    def text(self, data):
        if self.in_cell:
            self._text(len(data))

    def _text(self, length: int) -> None:
        """More text in the cell being read: refused as soon as its repeats pass the limit."""
        self.cell_text += length
        self.cell_value = True
        expanded = (self.row_text + self.cell_text * self.cell_repeat) * self.row_repeat
        if self.tally.text + expanded > MAX_TEXT:
            self.tally.add_text(self.sheet, expanded, self.where())

    def end(self, name):
        local = _local(name)
        if local in ("table-cell", "covered-table-cell"):
            self.in_cell = False
            if self.cell_value:
                self.row_text += self.cell_text * self.cell_repeat
                self.row_width = self.column + self.cell_repeat
                width = max(self.width, self.row_width)
                self.tally.rectangle(self.sheet, self.row + self.row_repeat, width, self.where())
            self.column += self.cell_repeat
        elif local == "table-row":
            if self.row_width:
                self.rows = self.row + self.row_repeat
                self.width = max(self.width, self.row_width)
                self.tally.add_text(self.sheet, self.row_text * self.row_repeat, self.where())
            self.row += self.row_repeat
        elif local == "table":
            self.tally.cells += self.rows * self.width


def _repeat(value: str | None) -> int:
    return int(value) if value and value.isdigit() and len(value) < 12 else 1


def _ods(packed: zipfile.ZipFile) -> None:
    if "content.xml" not in packed.NameToInfo:
        return
    content = _OdsContent(_Tally())
    parser = _parser("", content.where)
    parser.StartElementHandler, parser.EndElementHandler = content.start, content.end
    parser.CharacterDataHandler = content.text
    with packed.open("content.xml") as stream:
        _feed(parser, stream, "", content.where)


def cost(path, suffix: str) -> Cost | None:
    """Why the workbook at ``path`` must not be read, and where; None when it may be.
    Only the zip formats are looked into (.xls is bounded by its own format: 65,536 rows of
    256 columns)."""
    if suffix not in (".xlsx", ".xlsm", ".ods") or not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as packed:
            (_ods if suffix == ".ods" else _xlsx)(packed)
    except _Refused as refused:
        return refused.cost
    except (zipfile.BadZipFile, OSError, RuntimeError, EOFError, ValueError) as error:
        reason = _("the workbook's zip file cannot be read: {reason}").format(reason=error)
        return Cost("", 0, 0, "import.unreadable", reason)
    return None


def has_alias(text: str) -> bool:
    """Whether YAML ``text`` (one cell's, read already) uses an anchor or an alias. A workbook
    never needs one (export writes every value out), and a few in a cell of 100 characters
    can stand for gigabytes once written out."""
    if "&" not in text and "*" not in text:
        return False
    try:
        return any(
            isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None)
            for event in yaml.parse(text, Loader=yaml.CSafeLoader)
        )
    except yaml.YAMLError:
        return False
