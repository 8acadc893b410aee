"""Formula cells of an .xlsx workbook that have no value saved with them.

Import reads the value a spreadsheet saved with each cell and never evaluates a formula. Excel,
WPS and LibreOffice save every formula's value, but a workbook written by a script (openpyxl,
pandas) holds the formula alone, and its cell would read as empty: what the official meant to
write would be dropped without a word. So every such cell is found and reported at its place.

The sheets' XML is read as a stream with expat, a cell at a time (memory stays small whatever
the sheet's size), and a document type declaration, which no workbook has, stops the reading:
nothing in the workbook can make the parser fetch or expand anything. .xls keeps every formula's
result in the file, and .ods as LibreOffice writes it keeps a value with every formula.
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path
from xml.parsers import expat

_CHUNK = 1 << 16
_RELATIONSHIP = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_REFERENCE = re.compile(r"([A-Z]{1,3})([0-9]{1,7})")


class _Refused(Exception):
    """The part declares a document type."""


def _position(reference: str | None, row: int, column: int) -> tuple[int, int]:
    """Zero-based (row, column) of a cell ``C12``, or the next cell of the row when a writer
    left the reference out (the format allows it)."""
    match = _REFERENCE.fullmatch(reference or "")
    if not match:
        return row, column + 1
    number = 0
    for letter in match[1]:
        number = number * 26 + ord(letter) - 64
    return int(match[2]) - 1, number - 1


def _parse(source, start, end=None, text=None) -> None:
    """Feeds ``source`` (a binary stream) to expat with these handlers (names without their
    namespace)."""
    parser = expat.ParserCreate(namespace_separator=" ")

    def refuse(*_):
        raise _Refused

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.StartElementHandler = lambda name, attrs: start(name.rpartition(" ")[2], attrs)
    if end:
        parser.EndElementHandler = lambda name: end(name.rpartition(" ")[2])
    if text:
        parser.CharacterDataHandler = text
    while chunk := source.read(_CHUNK):
        parser.Parse(chunk, False)
    parser.Parse(b"", True)


def _sheet_parts(packed: zipfile.ZipFile) -> dict[str, str]:
    """Sheet name → the zip member that holds it, from the workbook and its relationships."""
    sheets, targets = {}, {}

    def sheet(name, attrs):
        if name == "sheet":
            sheets[attrs.get("name")] = attrs.get(f"{_RELATIONSHIP} id")

    def relationship(name, attrs):
        if name == "Relationship":
            targets[attrs.get("Id")] = attrs.get("Target", "")

    with packed.open("xl/workbook.xml") as part:
        _parse(part, sheet)
    with packed.open("xl/_rels/workbook.xml.rels") as part:
        _parse(part, relationship)
    parts = {}
    for name, rid in sheets.items():
        target = targets.get(rid, "")
        parts[name] = target.lstrip("/") if target.startswith("/") else posixpath.join("xl", target)
    return parts


def _unsaved(part) -> list[tuple[int, int, str]]:
    """(row, column, formula) of each formula cell of one sheet without a saved value."""
    found = []
    at = {"row": -1, "column": -1, "formula": None, "value": "", "in": None}

    def start(name, attrs):
        if name == "row":
            at["row"] = int(attrs["r"]) - 1 if attrs.get("r", "").isdigit() else at["row"] + 1
            at["column"] = -1
        elif name == "c":
            at["row"], at["column"] = _position(attrs.get("r"), at["row"], at["column"])
            at["formula"], at["value"] = None, ""
        elif name in ("f", "v", "t"):
            at["in"] = name
            if name == "f":
                at["formula"] = ""

    def end(name):
        if name == "c" and at["formula"] is not None and not at["value"].strip():
            found.append((at["row"], at["column"], at["formula"]))
        at["in"] = None

    def text(data):
        if at["in"] == "f" and len(at["formula"]) < 200:
            at["formula"] += data
        elif at["in"] in ("v", "t"):
            at["value"] += data

    _parse(part, start, end, text)
    return found


def unsaved_formulas(path: Path, sheets: set[str]) -> Iterator[tuple[str, int, int, str]]:
    """(sheet, row, column, formula) of each formula cell without a saved value, in the named
    sheets of an .xlsx or .xlsm workbook; nothing for other formats, or for a workbook whose
    parts cannot be read (calamine says why then)."""
    if path.suffix.lower() not in (".xlsx", ".xlsm"):
        return
    try:
        with zipfile.ZipFile(path) as packed:
            for name, member in _sheet_parts(packed).items():
                if name in sheets:
                    with packed.open(member) as part:
                        for row, column, formula in _unsaved(part):
                            yield name, row, column, formula
    except (zipfile.BadZipFile, KeyError, expat.ExpatError, _Refused, ValueError):
        return
