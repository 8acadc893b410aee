"""Workbooks for the import tests: read every sheet of one, change cells, write it again as
.xlsx (xlsxwriter), .xls (xlwt, as WPS and older Excel send it) or .ods (a small writer of the
OpenDocument format here, since no kept library writes it)."""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

import xlsxwriter
import xlwt
from python_calamine import CalamineWorkbook


def sheets_of(path: Path) -> dict[str, list[list]]:
    """Every sheet's cells, row by row from A1; numbers as read (floats)."""
    with CalamineWorkbook.from_path(str(path)) as book:
        return {
            name: book.get_sheet_by_name(name).to_python(skip_empty_area=False)
            for name in book.sheet_names
        }


def write_xlsx(sheets: dict[str, list[list]], path: Path, merge=None) -> Path:
    """``merge``: (sheet, first row, first col, last row, last col) to merge."""
    book = xlsxwriter.Workbook(
        str(path),
        {"strings_to_formulas": False, "strings_to_numbers": False, "strings_to_urls": False},
    )
    for name, rows in sheets.items():
        page = book.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if isinstance(value, str):
                    if value:
                        page.write_string(r, c, value)
                else:
                    page.write_number(r, c, value)
        if merge and merge[0] == name:
            page.merge_range(*merge[1:], rows[merge[1]][merge[2]])
    book.close()
    return path


def write_xls(sheets: dict[str, list[list]], path: Path) -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    for name, rows in sheets.items():
        page = book.add_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value != "":
                    page.write(r, c, value)
    book.save(str(path))
    return path


def _ods_cell(value) -> str:
    if value == "":
        return "<table:table-cell/>"
    if isinstance(value, str):
        paragraphs = "".join(f"<text:p>{escape(line)}</text:p>" for line in value.split("\n"))
        return f'<table:table-cell office:value-type="string">{paragraphs}</table:table-cell>'
    return (
        f'<table:table-cell office:value-type="float" office:value="{value!r}">'
        f"<text:p>{value!r}</text:p></table:table-cell>"
    )


def write_ods(sheets: dict[str, list[list]], path: Path) -> Path:
    tables = "".join(
        f'<table:table table:name="{escape(name)}">'
        + "".join(
            "<table:table-row>" + "".join(map(_ods_cell, row)) + "</table:table-row>"
            for row in rows
        )
        + "</table:table>"
        for name, rows in sheets.items()
    )
    content = (
        '<?xml version="1.0" encoding="UTF-8"?><office:document-content '
        'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
        'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
        'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
        f"<office:body><office:spreadsheet>{tables}</office:spreadsheet></office:body>"
        "</office:document-content>"
    )
    manifest = (
        '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
        'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
        'manifest:version="1.2">'
        '<manifest:file-entry manifest:full-path="/" '
        'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
        '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
        "</manifest:manifest>"
    )
    with zipfile.ZipFile(path, "w") as packed:
        packed.writestr(
            zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet"
        )
        packed.writestr("META-INF/manifest.xml", manifest, zipfile.ZIP_DEFLATED)
        packed.writestr("content.xml", content, zipfile.ZIP_DEFLATED)
    return path


def column(rows: list[list], key: str) -> int:
    """The index of the column whose key (row 2) is ``key``."""
    return rows[1].index(key)


def write_by_script(sheets: dict[str, list[list]], path: Path, formulas: dict) -> Path:
    """The workbook as a script writes it with openpyxl: ``formulas`` {(sheet, row, column):
    "=…"} are written as formulas, and like every script's they have no value saved with them."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        page = book.create_sheet(name)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if (name, r, c) in formulas:
                    page.cell(r + 1, c + 1, formulas[name, r, c])
                elif value != "":
                    page.cell(r + 1, c + 1, value).data_type = (
                        "s" if isinstance(value, str) else "n"
                    )
    book.save(path)
    return path
