"""A workbook as LibreOffice reads it: the real client officials open it with besides Excel and
WPS. LibreOffice headless (Debian's libreoffice-calc-nogui, installed by tests/run.sh) converts
the workbook to CSV, one file a sheet, and to flat OpenDocument (.fods), whose XML holds the
comments and data validations as LibreOffice understood them."""

from __future__ import annotations

import csv
import re
import subprocess
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

# Text CSV, comma, double quote, UTF-8 (76), from row 1, cells as shown, every sheet (-1)
_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
_NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
}
# of:cell-content-is-in-list([$选项.$A$1:.$A$6]): the range a dropdown offers
_RANGE = re.compile(
    r"\[\$'?(?P<sheet>[^.']+)'?\.\$(?P<col>[A-Z]+)\$(?P<first>\d+):\.\$[A-Z]+\$(?P<last>\d+)\]"
)


def _q(name: str) -> str:
    prefix, local = name.split(":")
    return f"{{{_NS[prefix]}}}{local}"


def convert(book: Path, target: str, folder: Path) -> None:
    """``soffice --headless --convert-to target``, with a profile of its own (tests may run
    while another LibreOffice holds the default one)."""
    folder.mkdir(parents=True, exist_ok=True)
    profile = folder / ".profile"
    result = subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={profile.as_uri()}",
            "--headless",
            "--convert-to",
            target,
            "--outdir",
            str(folder),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr


def csv_sheets(book: Path, folder: Path) -> dict[str, list[list[str]]]:
    """Every sheet's cells as LibreOffice shows them, by sheet name."""
    convert(book, _CSV, folder)
    sheets = {}
    for path in folder.glob(f"{book.stem}-*.csv"):
        with path.open(encoding="utf-8", newline="") as handle:
            sheets[path.stem.removeprefix(f"{book.stem}-")] = list(csv.reader(handle))
    return sheets


@dataclass
class Sheet:
    comments: dict[int, str] = field(default_factory=dict)  # column → comment on row 1
    lists: dict[int, tuple[str, str, int, int]] = field(default_factory=dict)
    # column → the dropdown of its first data row (row 3): (sheet, column letter, rows)


def _cells(row):
    column = 0
    for cell in row:
        if cell.tag not in (_q("table:table-cell"), _q("table:covered-table-cell")):
            continue
        repeated = int(cell.get(_q("table:number-columns-repeated"), "1"))
        for _ in range(min(repeated, 1024)):  # beyond that the row is empty to its end
            yield column, cell
            column += 1


def fods_sheets(book: Path, folder: Path) -> dict[str, Sheet]:
    """The comments of each sheet's first row and the dropdowns of its third, as LibreOffice
    read them from the workbook."""
    convert(book, "fods", folder)
    root = ET.parse(folder / f"{book.stem}.fods").getroot()
    conditions = {
        v.get(_q("table:name")): v.get(_q("table:condition"))
        for v in root.iter(_q("table:content-validation"))
    }
    found = {}
    for table in root.iter(_q("table:table")):
        sheet = found.setdefault(table.get(_q("table:name")), Sheet())
        number = 0
        for row in table.iter(_q("table:table-row")):
            if number > 2:
                break
            for column, cell in _cells(row):
                if number == 0:
                    note = cell.find(_q("office:annotation"))
                    if note is not None:
                        lines = ("".join(p.itertext()) for p in note.iter(_q("text:p")))
                        sheet.comments[column] = "\n".join(lines)
                elif number == 2 and cell.get(_q("table:content-validation-name")):
                    condition = conditions[cell.get(_q("table:content-validation-name"))]
                    match = _RANGE.search(condition)
                    assert match, condition
                    sheet.lists[column] = (
                        match["sheet"],
                        match["col"],
                        int(match["first"]),
                        int(match["last"]),
                    )
            number += int(row.get(_q("table:number-rows-repeated"), "1"))
    return found
