"""A workbook mailed in by a department is untrusted: what reading it costs is bounded before
python-calamine allocates anything, every problem is at ``FILE.xlsx:SHEET!C12``, and nothing
is written when there is any. Issue 20, observations 5 and 6; SECURITY.md row 14.

Each hostile workbook is the minimal catalog's own export with one part changed, imported in a
process limited to ``MEMORY`` bytes of address space: a workbook of a few kilobytes once
aborted the process (SIGABRT inside the reader) or ended in exit 3 after writing part of the
catalog.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import zipfile
from pathlib import Path

import command_line
import pytest
from catalogs import minimal
from spreadsheets import sheets_of, write_ods

MEMORY = 2 << 30  # what a workbook import may take, hostile or not
LOCATED = re.compile(
    r"^(?P<book>[^:]+\.(xlsx|ods)):(?P<sheet>[^!]+)!(?P<cell>[A-Z]+[0-9]+): error "
    r"(?P<rule>import\.[a-z.-]+): .+$"
)
SHEET = "部门"  # xl/worksheets/sheet4.xml of the export


def _limit():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def banshi(*args) -> subprocess.CompletedProcess:
    return command_line.banshi(*args, timeout=120, preexec_fn=_limit)


@pytest.fixture(scope="module")
def exported(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bounds")
    book = tmp / "目录.xlsx"
    run = banshi("export", minimal(tmp), "--out", book)
    assert run.returncode == 0, run.stderr
    return book


def changed(book: Path, out: Path, parts: dict[str, bytes]) -> Path:
    """``book`` with ``parts`` replaced or added."""
    with zipfile.ZipFile(book) as source, zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            if info.filename not in parts:
                target.writestr(info, source.read(info.filename))
        for name, data in parts.items():
            target.writestr(name, data, zipfile.ZIP_DEFLATED)
    return out


def with_rows(book: Path, out: Path, rows: str, shared: str | None = None) -> Path:
    """``rows`` (sheetData XML) appended to the sheet 部门, and a shared strings part."""
    with zipfile.ZipFile(book) as source:
        sheet = source.read("xl/worksheets/sheet4.xml").decode()
    parts = {"xl/worksheets/sheet4.xml": sheet.replace("</sheetData>", rows + "</sheetData>")}
    if shared is not None:
        parts["xl/sharedStrings.xml"] = (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f"{shared}</sst>"
        )
    return changed(book, out, {k: v.encode() for k, v in parts.items()})


MEGABYTE = "长" * (1 << 20)
CASES = {
    # observation 5: small workbooks that made the reader allocate gigabytes
    "a cell at XFD1048576": (
        '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>',
        None,
        ("XFD1048576", "import.size"),
    ),
    "a cell in column ZZZZZZ": (
        '<row r="6"><c r="ZZZZZZ6" t="inlineStr"><is><t>x</t></is></c></row>',
        None,
        ("ZZZZZZ6", "import.size"),
    ),
    "4e9 shared strings declared": (
        "",
        'count="1" uniqueCount="4000000000"><si><t>x</t></si>',
        ("A1", "import.size"),
    ),
    "8,000 cells of one 1 MB shared string": (
        "".join(f'<row r="{n}"><c r="A{n}" t="s"><v>0</v></c></row>' for n in range(6, 8006)),
        f'count="8000" uniqueCount="1"><si><t>{MEGABYTE}</t></si>',
        ("A53", "import.size"),  # 48 of them pass 50,000,000 characters
    ),
    # observation 6: sheets that could not be read ended in exit 3
    "a raw & in a cell": (
        '<row r="6"><c r="A6" t="inlineStr"><is><t>A & B</t></is></c></row>',
        None,
        ("A6", "import.unreadable"),
    ),
    "a shared string that does not exist": (
        '<row r="6"><c r="A6" t="s"><v>99</v></c></row>',
        'count="1" uniqueCount="1"><si><t>x</t></si>',
        ("A6", "import.unreadable"),
    ),
    "a true/false cell of 7": (
        '<row r="6"><c r="B6" t="b"><v>7</v></c></row>',
        None,
        ("B6", "import.unreadable"),
    ),
}


def _only_problem(run, book: Path, target: Path) -> re.Match:
    assert run.returncode == 1, f"exit {run.returncode}\n{run.stdout}\n{run.stderr}"
    assert (
        "Traceback" not in run.stderr
        and "internal error" not in run.stderr
        and "内部错误" not in run.stderr
    ), run.stderr
    assert "没有写出任何文件" in run.stderr, run.stderr
    assert not target.exists(), "written although the workbook has a problem"
    lines = run.stdout.splitlines()
    assert lines and all(LOCATED.match(line) for line in lines), run.stdout
    return LOCATED.match(lines[0])


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_hostile_workbook_is_a_located_problem_within_bounds(exported, tmp_path, case):
    rows, shared, (cell, rule) = CASES[case]
    book = with_rows(exported, tmp_path / "目录.xlsx", rows, shared)
    assert book.stat().st_size < 1 << 20 or "MB" in case
    target = tmp_path / "imported"
    found = _only_problem(banshi("import", book, target), book, target)
    sheet = "目录" if "declared" in case else SHEET  # the first sheet, for the whole workbook
    assert (found["sheet"], found["cell"], found["rule"]) == (sheet, cell, rule), found[0]


def test_an_ods_of_9_million_repeated_cells_is_a_located_problem(exported, tmp_path):
    """Rows and cells repeated 3,000 × 3,000 times: 47 kB that calamine expands to 9 million
    cells (1.8 GB when it is let)."""
    base = write_ods(sheets_of(exported), tmp_path / "base.ods")
    with zipfile.ZipFile(base) as packed:
        content = packed.read("content.xml").decode()
    bomb = (
        '<table:table-row table:number-rows-repeated="3000"><table:table-cell '
        'table:number-columns-repeated="3000" office:value-type="string">'
        "<text:p>xxxxxxxxxx</text:p></table:table-cell></table:table-row>"
    )
    at = content.index("</table:table>")
    book = changed(
        base, tmp_path / "目录.ods", {"content.xml": (content[:at] + bomb + content[at:]).encode()}
    )
    target = tmp_path / "imported"
    found = _only_problem(banshi("import", book, target), book, target)
    assert found["rule"] == "import.size" and found["sheet"] == "说明", found[0]


ALIASES = {
    # 27,000 nodes, under the node limit; 810,000,000 characters once written out
    "a bomb": (
        '[&s "'
        + "长" * 30_000
        + '", &a ['
        + ", ".join(["*s"] * 30)
        + "], &b ["
        + ", ".join(["*a"] * 30)
        + "], ["
        + ", ".join(["*b"] * 30)
        + "]]",
        "import.load.alias",
    ),
    "a few": ("[&a {name: 受理, days: 1}, *a]", "import.alias"),
}


@pytest.mark.parametrize("kind", sorted(ALIASES))
def test_aliases_in_a_cell_are_a_problem_at_the_cell(exported, tmp_path, kind):
    """A YAML cell whose aliases stand for gigabytes once written out ended in a MemoryError
    after part of the catalog was written. Aliases are not read in a cell (export never
    writes one), and a bomb is refused by the reader's own bound."""
    from spreadsheets import write_xlsx

    from banshi.workbook.read import cell_name

    text, rule = ALIASES[kind]
    assert len(text) < 32_767  # it fits in a cell
    sheets = sheets_of(exported)
    column = sheets["办理项"][1].index("steps")
    sheets["办理项"][2][column] = text
    book = write_xlsx(sheets, tmp_path / "目录.xlsx")
    target = tmp_path / "imported"
    found = _only_problem(banshi("import", book, target), book, target)
    expected = ("办理项", cell_name(2, column), rule)
    assert (found["sheet"], found["cell"], found["rule"]) == expected, found[0]


def test_a_file_beside_a_folder_of_the_same_name_is_a_problem_and_nothing_is_written(
    exported, tmp_path
):
    """所在文件 rules/x.yaml on one row and rules/x.yaml/c.yaml on another: once a
    FileExistsError after 50 files were written; now a problem at the cell, nothing written."""
    from spreadsheets import write_xlsx

    sheets = sheets_of(exported)
    rows = sheets["材料库"]
    file_column = rows[1].index("file")
    rows[2][file_column] = "rules/x.yaml"
    rows[3][file_column] = "rules/x.yaml/c.yaml"
    book = write_xlsx(sheets, tmp_path / "目录.xlsx")
    target = tmp_path / "imported"
    run = banshi("import", book, target)
    assert run.returncode == 1, run.stdout + run.stderr
    assert not target.exists(), "written although the workbook has a problem"
    assert "rules/x.yaml" in run.stdout and "Traceback" not in run.stderr, run.stdout
    lines = run.stdout.splitlines()
    assert all(LOCATED.match(line) for line in lines), run.stdout
    assert any("材料库!" in line and "import.file" in line for line in lines), run.stdout


def test_a_workbook_that_is_a_fifo_is_a_problem_not_a_wait(tmp_path):
    book = tmp_path / "目录.xlsx"
    os.mkfifo(book)
    target = tmp_path / "imported"
    found = _only_problem(banshi("import", book, target), book, target)
    assert (found["cell"], found["rule"]) == ("A1", "import.unreadable"), found[0]
