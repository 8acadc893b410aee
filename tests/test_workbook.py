"""`banshi export` and `banshi import`: the catalog as a workbook for officials, and back."""

from __future__ import annotations

import copy
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import libreoffice
import pytest
from catalogs import apply_patch, minimal
from command_line import banshi
from generated import catalogs, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from python_calamine import CalamineWorkbook
from spreadsheets import column, sheets_of, write_by_script, write_ods, write_xls, write_xlsx

from banshi.workbook.cells import MAX_TEXT, NO, YES
from banshi.workbook.export import documents
from banshi.workbook.read import cell_name
from banshi.workbook.sheets import CHOICES, SHEETS, enum_of

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def sample_book(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("book") / "目录.xlsx"
    result = banshi("export", str(REPO), "--out", str(out))
    assert result.returncode == 0, result.stderr
    return out


def _import(book: Path, target: Path, *more) -> subprocess.CompletedProcess:
    return banshi("import", str(book), str(target), *more)


def _with_forms(target: Path) -> Path:
    """The sample's blank forms, which a workbook does not carry, copied beside the import."""
    shutil.copytree(REPO / "catalog" / "forms", target / "catalog" / "forms")
    return target


def test_round_trip_of_the_sample_gives_the_same_documents(sample_book, tmp_path):
    target = tmp_path / "imported"
    _import(sample_book, target)
    assert _as_data(documents(target)[0]) == _as_data(documents(REPO)[0])


def test_round_trip_of_the_sample_validates_and_diff_finds_no_change(sample_book, tmp_path):
    target = tmp_path / "imported"
    result = _import(sample_book, target)
    assert result.returncode == 1  # the forms are not in the workbook: located at their cells
    missing = "目录.xlsx:材料库!G3: error material.file: 目录根下没有文件 catalog/forms/"
    assert missing in result.stdout
    _with_forms(target)
    assert banshi("validate", str(target), "--strict").returncode == 0
    report = json.loads(banshi("diff", str(REPO), str(target), "--format", "json").stdout)
    assert report["added"] == report["removed"] == report["changed"] == []


def test_an_officials_edit_comes_back_as_exactly_that_change(sample_book, tmp_path):
    sheets = sheets_of(sample_book)
    handling = sheets["办理项"]
    code_at, promised_at = column(handling, "code"), column(handling, "time_limit.promised")
    row = next(r for r in handling[2:] if r[code_at] == "00012201800001")
    row[promised_at] += 1  # steps add up to the promise: a longer one is what stays valid
    materials = sheets["申请材料"]
    owner_at = column(materials, "handling")
    removed = max(i for i, r in enumerate(materials) if r[owner_at] == "00012201800001")
    gone = materials.pop(removed)[column(materials, "material")]
    edited = write_xlsx(sheets, tmp_path / "签批.xlsx")
    target = _with_forms(tmp_path / "imported")
    assert _import(edited, target, "--force").returncode == 0

    expected = copy.deepcopy(documents(REPO)[0])
    item = next(d for f, _, d in expected if f == "catalog/items/000122018000.yaml")
    handling_item = item["handling"][0]
    handling_item["time_limit"]["promised"] += 1
    handling_item["materials"].pop()
    assert _as_data(documents(target)[0]) == _as_data(expected)
    report = json.loads(banshi("diff", str(REPO), str(target), "--format", "json").stdout)
    assert [
        (c["code"], c["materials_removed"], c["promised_after"] - c["promised_before"])
        for c in report["changed"]
    ] == [("00012201800001", [gone], 1)]


@pytest.mark.parametrize("write", [write_xls, write_ods], ids=["xls", "ods"])
def test_xls_and_ods_workbooks_are_read(sample_book, tmp_path, write):
    other = write(sheets_of(sample_book), tmp_path / f"目录.{write.__name__[-3:]}")
    target = tmp_path / "imported"
    _import(other, target)
    assert _as_data(documents(target)[0]) == _as_data(documents(REPO)[0])


def _minimal_with(tmp_path, patch) -> Path:
    root = minimal(tmp_path)
    apply_patch(root, patch)
    return root


FORMULAS = ['=HYPERLINK("http://x","点我")', "+1+2", "-3", "@SUM(A1)"]


def test_formula_looking_text_is_written_as_text_never_a_formula(tmp_path):
    root = _minimal_with(
        tmp_path,
        {
            "catalog/items/000131128000.yaml": {
                "name": FORMULAS[0],
                "handling/0/name": FORMULAS[1],
                "conditions": FORMULAS[2:],
            }
        },
    )
    book = tmp_path / "book.xlsx"
    assert banshi("export", str(root), "--out", str(book)).returncode == 0
    with zipfile.ZipFile(book) as packed:
        xml = "".join(packed.read(n).decode() for n in packed.namelist() if n.endswith(".xml"))
    assert "<f>" not in xml and "<f " not in xml
    with CalamineWorkbook.from_path(str(book)) as read:
        items = read.get_sheet_by_name("事项").to_python(skip_empty_area=False)
        handling = read.get_sheet_by_name("办理项").to_python(skip_empty_area=False)
    assert items[2][column(items, "name")] == FORMULAS[0]
    assert items[2][column(items, "code")] == "000131128000"  # text, leading zeros kept
    assert handling[2][column(handling, "name")] == FORMULAS[1]
    assert items[2][column(items, "conditions")] == "\n".join(FORMULAS[2:])
    target = tmp_path / "imported"
    banshi("import", str(book), str(target))
    assert documents(target)[0] == documents(root)[0]


def test_the_workbook_has_frozen_headers_dropdowns_and_text_columns(sample_book):
    with zipfile.ZipFile(sample_book) as packed:
        names = packed.namelist()
        sheets = [packed.read(n).decode() for n in names if n.startswith("xl/worksheets/sheet")]
    items = next(s for s in sheets if "<dataValidation" in s and 'ySplit="2"' in s)
    assert 'ySplit="2"' in items and 'state="frozen"' in items
    dropdowns = sum(s.count('<dataValidation type="list"') for s in sheets)
    assert dropdowns >= 17  # type, kind, mode, level, form, unit, online, status, 是/否 …
    assert re.search(r'<col min="\d+" max="\d+" width="[0-9.]+"', items)


def test_export_is_byte_identical(sample_book, tmp_path):
    again = tmp_path / "again.xlsx"
    banshi("export", str(REPO), "--out", str(again))
    assert again.read_bytes() == sample_book.read_bytes()


def _broken(sample_book, tmp_path, change, merge=None) -> subprocess.CompletedProcess:
    sheets = sheets_of(sample_book)
    change(sheets)
    write_xlsx(sheets, tmp_path / "broken.xlsx", merge)
    result = banshi("import", "broken.xlsx", "imported", cwd=tmp_path)
    assert result.returncode == 1
    assert not (tmp_path / "imported").exists()  # nothing written
    return result


def _set(sheet, key, value, row=2):
    def change(sheets):
        rows = sheets[sheet]
        rows[row][column(rows, key)] = value

    return change


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda s: s.pop("情形"),
            "broken.xlsx:情形!A1: error import.sheet: 工作簿中没有工作表 情形",
        ),
        (
            _set("部门", "phone", "telephone", row=1),
            "broken.xlsx:部门!F2: error import.header: 工作表 部门 没有 telephone 这一列",
        ),
        (
            _set("事项", "code", 131128000.0, row=5),
            (
                "broken.xlsx:事项!A6: error import.number-as-text: code 应填文本，"
                "单元格中却是数字 131128000"
            ),
        ),
        (
            _set("实施清单", "mode", "审批"),
            "broken.xlsx:实施清单!E3: error import.enum: mode 填写的 '审批' 不在下拉选项中："
            "办理、受理转报、下放、代办",
        ),
        (
            _set("办理项", "name", ""),
            "broken.xlsx:办理项!C3: error import.required: 业务办理项名称（name）为必填项",
        ),
        (
            _set("申请材料", "when", "{entrusted: true"),
            "broken.xlsx:申请材料!G3: error import.load.syntax",
        ),
        (
            _set("办理项", "visits", "一次"),
            "broken.xlsx:办理项!O3: error import.integer: visits 应填整数，单元格中却是 '一次'",
        ),
    ],
)
def test_broken_workbooks_are_located_by_sheet_and_cell(sample_book, tmp_path, change, expected):
    result = _broken(sample_book, tmp_path, change)
    assert any(line.startswith(expected) for line in result.stdout.splitlines()), result.stdout


def test_merged_cells_are_refused_at_their_first_cell(sample_book, tmp_path):
    result = _broken(sample_book, tmp_path, lambda s: None, merge=("区划", 3, 1, 4, 1))
    assert result.stdout.startswith("broken.xlsx:区划!B4: error import.merged: 单元格 B4:B5 已合并")


def test_a_file_cell_outside_the_catalog_is_refused(sample_book, tmp_path):
    result = _broken(sample_book, tmp_path, _set("部门", "file", "../../etc/passwd.yaml"))
    assert "broken.xlsx:部门!" in result.stdout and "error import.file" in result.stdout


def test_import_never_writes_into_a_folder_that_is_not_empty_unless_asked(sample_book, tmp_path):
    target = tmp_path / "root"
    target.mkdir()
    (target / "notes.txt").write_text("mine")
    refused = _import(sample_book, target)
    assert refused.returncode == 2 and "--force" in refused.stderr
    assert [p.name for p in target.iterdir()] == ["notes.txt"]
    (target / "catalog" / "items").mkdir(parents=True)
    (target / "catalog" / "items" / "old.yaml").write_text("schema: banshi/item/v1\n")
    _import(sample_book, target, "--force")
    assert (target / "notes.txt").read_text() == "mine"
    assert (target / "catalog" / "items" / "old.yaml").exists()  # never deleted


def test_a_catalogs_validation_problem_is_shown_at_its_cell(sample_book, tmp_path):
    sheets = sheets_of(sample_book)
    rows = sheets["办理项"]
    rows[2][column(rows, "time_limit.promised")] = 999.0
    write_xlsx(sheets, tmp_path / "book.xlsx")
    _with_forms(tmp_path / "imported")
    result = banshi("import", "book.xlsx", "imported", "--force", cwd=tmp_path)
    assert result.returncode == 1
    assert "book.xlsx:办理项!G3: error time.promised-over-legal:" in result.stdout


def test_an_oversized_workbook_is_refused_unread(sample_book, tmp_path, monkeypatch):
    from banshi.workbook import read

    monkeypatch.setattr(read, "MAX_UNPACKED", 1000)
    imported = read.read_workbook(sample_book, "目录.xlsx")
    assert [p.rule for p in imported.problems] == ["import.size"] and not imported.files


def test_without_the_excel_extra_the_commands_say_how_to_install_it(tmp_path):
    hide = (
        "import sys, importlib.util as u; real = u.find_spec; "
        "u.find_spec = lambda n, *a: None if n in ('xlsxwriter', 'python_calamine') "
        "else real(n, *a); from banshi.cli import main; main()"
    )
    for args in (
        ["export", str(REPO), "--out", str(tmp_path / "x.xlsx")],
        ["import", str(REPO / "README.md"), str(tmp_path / "t")],
    ):
        result = subprocess.run(
            [sys.executable, "-c", hide, *args], capture_output=True, text=True, check=False
        )
        assert result.returncode == 2, result.stderr
        assert "pip install 'banshi[excel]'" in result.stderr and "Traceback" not in result.stderr


@settings(
    max_examples=int(os.environ.get("BANSHI_PROPERTY_EXAMPLES", "12")) * 2,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogs())
def test_every_drawn_catalog_comes_back_from_its_workbook_unchanged(files):
    """Every optional field, condition, fee, stage and entry the generator draws survives."""
    from banshi.workbook.export import export
    from banshi.workbook.read import read_workbook
    from banshi.workbook.target import write as write_files

    with tempfile.TemporaryDirectory() as folder:
        root = write(Path(folder) / "root", files)
        book = Path(folder) / "book.xlsx"
        assert not export(root, book).left_out
        imported = read_workbook(book, "book.xlsx")
        assert imported.problems == []
        write_files(Path(folder) / "back", imported, "book.xlsx")
        assert _as_data(documents(Path(folder) / "back")[0]) == _as_data(documents(root)[0])


def _as_data(docs):
    """Documents as the catalog reads them: a key written null is the key left out (an empty
    cell), as ``legal: null`` is."""
    from banshi.workbook.edit import frozen

    return [(file, kind, frozen(data)) for file, kind, data in docs]


def _column_of(letters: str) -> int:
    index = 0
    for letter in letters:
        index = index * 26 + ord(letter) - 64
    return index - 1


def test_libreoffice_reads_every_title_comment_and_dropdown(sample_book, tmp_path):
    """The workbook as an official opens it: in LibreOffice, every sheet's row 1 holds every
    column's Chinese title with its description as a comment, and every enum and 是/否 column
    offers its whole list, in Chinese words, from the hidden 选项 sheet."""
    shown = libreoffice.csv_sheets(sample_book, tmp_path / "csv")
    read = libreoffice.fods_sheets(sample_book, tmp_path / "fods")
    choices = shown[CHOICES]
    for sheet in SHEETS:
        columns = sheet.columns
        assert shown[sheet.name][0] == [c.title for c in columns], sheet.name
        assert shown[sheet.name][1] == [c.key for c in columns], sheet.name
        comments = read[sheet.name].comments
        assert comments == {i: c.description for i, c in enumerate(columns)}
        assert all(comments.values()), sheet.name
        offered = {}
        for index, (where, letter, first, last) in read[sheet.name].lists.items():
            assert where == CHOICES and first == 1
            values = [row[_column_of(letter)] for row in choices[first - 1 : last]]
            offered[columns[index].key] = values
        expected = {
            c.key: [YES, NO] if c.shape == "boolean" else enum_of(c)
            for c in columns
            if c.shape == "boolean" or (c.shape == "enum" and enum_of(c))
        }
        assert offered == expected, sheet.name
    regions = shown["区划"]
    level = regions[1].index("level")
    assert {row[level] for row in regions[2:]} == {"省级", "市级", "县级", "乡镇级", "村级"}
    items = shown["事项"]
    assert {row[items[1].index("status")] for row in items[2:]} >= {"在用", "已取消"}


def test_chinese_labels_come_back_as_codes_and_codes_are_still_taken(sample_book, tmp_path):
    sheets = sheets_of(sample_book)
    regions, items = sheets["区划"], sheets["事项"]
    level, status = column(regions, "level"), column(items, "status")
    exercise = column(items, "levels.exercise")
    assert regions[4][level] == "县级" and items[2][status] == "在用"
    regions[4][level] = "county"  # the code itself, as older workbooks and the YAML write it
    assert items[2][exercise] == "省级\n市级\n县级"
    items[2][exercise] = "province\n市级\ncounty"
    target = _with_forms(tmp_path / "imported")
    assert _import(write_xlsx(sheets, tmp_path / "book.xlsx"), target, "--force").returncode == 0
    assert _as_data(documents(target)[0]) == _as_data(documents(REPO)[0])


def test_the_workbooks_words_for_codes_are_the_sites():
    """One word for a code everywhere: the workbook's dropdowns say what guides and pages say."""
    from banshi.model import LEVEL_NAMES
    from banshi.resolve import STATUS_NAMES
    from banshi.validate.schema import schema_of

    item = schema_of("item")
    assert item["$defs"]["level"]["x-labels"] == LEVEL_NAMES
    regions = schema_of("regions")["properties"]["regions"]["items"]["properties"]["level"]
    assert regions["x-labels"] == LEVEL_NAMES
    assert STATUS_NAMES.items() <= item["properties"]["status"]["x-labels"].items()


def _git(folder: Path, *args) -> str:
    return subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=folder,
        capture_output=True,
        text=True,
        check=True,
    ).stdout


def _repository(folder: Path, source: Path) -> Path:
    """A git repository of the catalog at ``source``, its files committed."""
    for part in ("catalog", "rules"):
        shutil.copytree(source / part, folder / part)
    _git(folder, "init", "-q")
    _git(folder, "add", "-A")
    _git(folder, "commit", "-qm", "catalog")
    return folder


def _changed_lines(folder: Path) -> list[tuple[str, str, str]]:
    """(file, line taken out, line put in) of every line the working tree changed."""
    assert _git(folder, "status", "--porcelain", "--untracked-files=all").startswith(" M")
    numbers = [line.split("\t") for line in _git(folder, "diff", "--numstat").splitlines()]
    diff = _git(folder, "diff", "-U0").splitlines()
    out = [line[1:] for line in diff if line[:1] == "-" and not line.startswith("---")]
    put = [line[1:] for line in diff if line[:1] == "+" and not line.startswith("+++")]
    assert [(added, removed) for added, removed, _ in numbers] == [("1", "1")], diff
    return [(numbers[0][2], out[0], put[0])]


def test_an_unchanged_workbook_leaves_every_file_byte_for_byte(sample_book, tmp_path):
    """Comments (the 个体工商户设立登记 beside a code), key order, flow and block style and
    quoting are the maintainers'; a workbook that changes nothing writes nothing."""
    root = _repository(tmp_path / "root", REPO)
    result = _import(sample_book, root, "--force")
    assert result.returncode == 0, result.stdout + result.stderr
    assert _git(root, "status", "--porcelain", "--untracked-files=all") == ""


@pytest.mark.parametrize(
    ("sheet", "key", "row_of", "value", "line"),
    [
        (
            "办理项",
            "time_limit.promised",
            {"code": "00012201800001"},
            19.0,
            ("catalog/items/000122018000.yaml", "promised: 18}", "promised: 19}"),
        ),
        (
            "事项",
            "name",
            {"code": "000131128000"},
            "个体工商户登记注册（含变更）",
            ("catalog/items/000131128000.yaml", "name: 个体工商户登记注册", "（含变更）"),
        ),
        # ruamel.yaml would join the flow mappings this file breaks over two lines: the file's
        # own lines are kept by the three-way merge
        (
            "实施清单",
            "window",
            {"region": "410526", "item": "000131128000"},
            "个体工商户登记窗口",
            ("catalog/implementations/410526.yaml", "window: ", "个体工商户登记窗口"),
        ),
        (
            "区划",
            "level",
            {"code": "410526"},
            "市级",
            ("catalog/regions.yaml", "level: county", "level: city"),
        ),
    ],
    ids=["number", "text", "merged-layout", "label"],
)
def test_one_edited_cell_is_a_one_line_diff(sample_book, tmp_path, sheet, key, row_of, value, line):
    root = _repository(tmp_path / "root", REPO)
    sheets = sheets_of(sample_book)
    rows = sheets[sheet]
    (row,) = [r for r in rows[2:] if all(r[column(rows, k)] == v for k, v in row_of.items())]
    row[column(rows, key)] = value
    _import(write_xlsx(sheets, tmp_path / "签批.xlsx"), root, "--force")
    ((file, taken_out, put_in),) = _changed_lines(root)
    assert file == line[0] and line[1] in taken_out and line[2] in put_in
    assert taken_out.split("#")[1:] == put_in.split("#")[1:]  # its comment stays


def _text_cells(sheets) -> list[tuple[str, int, int]]:
    """(sheet, row, column) of every filled cell of a text column: one value on one line."""
    cells = []
    for sheet in SHEETS:
        rows = sheets[sheet.name]
        for col in sheet.columns:
            if col.shape != "text" or col.key == "file":
                continue
            at = rows[1].index(col.key)
            cells += [(sheet.name, r, at) for r in range(2, len(rows)) if rows[r][at]]
    return cells


@settings(
    max_examples=int(os.environ.get("BANSHI_PROPERTY_EXAMPLES", "12")),
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogs(), st.data())
def test_every_drawn_catalog_is_left_as_it_was_and_one_edit_is_one_line(files, data):
    """On catalogs written by another hand (PyYAML's layout, not the sample's): export then
    import changes no byte, and one edited text cell changes exactly its line."""
    from banshi.workbook.export import export
    from banshi.workbook.read import read_workbook
    from banshi.workbook.target import write as write_files

    with tempfile.TemporaryDirectory() as folder:
        root = _repository(Path(folder) / "root", write(Path(folder) / "drawn", files))
        book = Path(folder) / "book.xlsx"
        export(root, book)
        write_files(root, read_workbook(book, "book.xlsx"), "book.xlsx")
        assert _git(root, "status", "--porcelain", "--untracked-files=all") == ""

        sheets = sheets_of(book)
        sheet, row, at = data.draw(st.sampled_from(_text_cells(sheets)))
        sheets[sheet][row][at] += "（改）"
        edited = write_xlsx(sheets, Path(folder) / "edited.xlsx")
        write_files(root, read_workbook(edited, "edited.xlsx"), "edited.xlsx")
        ((_, taken_out, put_in),) = _changed_lines(root)
        assert put_in.replace("（改）", "", 1) == taken_out


MAINTAINED = """\
schema: banshi/item/v1
code: "000131128000"   # 个体工商户登记注册
name: 个体工商户登记注册
levels:
  exercise: [county]
  decide: county
effective: 2022-03-01
conditions:
  - 有经营能力的公民
  - {q: 问, a: 答}
"""


@pytest.mark.parametrize(
    "value",
    ["yes", "0123", "2022-03-02", "两行\n文字", "a: b", "#号", "- 项", "null", True, 1.5, 7],
)
@pytest.mark.parametrize("layout", ["lf", "crlf", "bom"])
def test_a_changed_value_is_written_so_that_it_reads_back_on_its_own_line(value, layout):
    from banshi.load.reader import read
    from banshi.workbook.edit import edited

    text = {
        "lf": MAINTAINED,
        "crlf": MAINTAINED.replace("\n", "\r\n"),
        "bom": "\ufeff" + MAINTAINED,
    }
    before = read("x.yaml", text[layout].encode()).data
    after = {**copy.deepcopy(before), "name": value}
    written = edited(text[layout], before, after)
    assert read("x.yaml", written.encode()).data == after
    lines = [
        (a, b) for a, b in zip(text[layout].splitlines(True), written.splitlines(True)) if a != b
    ]
    assert len(lines) == 1 and lines[0][0].startswith(("name:", "\ufeffname:"))
    assert len(written.splitlines()) == len(text[layout].splitlines())


def test_rows_and_keys_come_and_go_where_they_are_written():
    from banshi.load.reader import read
    from banshi.workbook.edit import edited

    before = read("x.yaml", MAINTAINED.encode()).data
    after = copy.deepcopy(before)
    del after["effective"]
    after["levels"] = {"exercise": ["county"], "accept": ["county"], "decide": "county"}
    after["conditions"].insert(1, "有经营场所")
    written = edited(MAINTAINED, before, after)
    assert read("x.yaml", written.encode()).data == after
    assert written == (
        MAINTAINED.replace("effective: 2022-03-01\n", "")
        .replace("  decide:", "  accept: [county]\n  decide:")
        .replace("  - {q:", "  - 有经营场所\n  - {q:")
    )
    assert edited(MAINTAINED, before, copy.deepcopy(before)) is None


def test_a_formula_without_its_value_is_a_problem_at_its_cell(sample_book, tmp_path):
    """A workbook written by a script holds formulas alone; import reads values only, and would
    take the cell for empty: the official's 备注 would be lost without a word."""
    sheets = sheets_of(sample_book)
    rows = sheets["实施清单"]
    at = column(rows, "note")
    row = next(i for i in range(2, len(rows)) if rows[i][at] == "")
    book = write_by_script(
        sheets, tmp_path / "脚本.xlsx", {("实施清单", row, at): '="含"&"公告期"'}
    )
    result = banshi("import", "脚本.xlsx", "imported", cwd=tmp_path)
    assert result.returncode == 1 and not (tmp_path / "imported").exists()
    where = f"脚本.xlsx:实施清单!{cell_name(row, at)}: error import.formula:"
    assert any(line.startswith(where) for line in result.stdout.splitlines()), result.stdout
    assert '="含"&"公告期"' in result.stdout
    # as the message says: saved by a spreadsheet program, the formula has its value
    libreoffice.convert(book, "xlsx", tmp_path / "saved")
    target = _with_forms(tmp_path / "imported")
    assert _import(tmp_path / "saved" / "脚本.xlsx", target, "--force").returncode == 0
    (entry,) = [
        e
        for f, _, d in documents(target)[0]
        for e in d.get("entries", ())
        if e.get("note") == "含公告期"
    ]
    assert entry["item"] == rows[row][column(rows, "item")]


def test_a_text_longer_than_a_paper_holds_is_a_problem_at_its_cell(sample_book, tmp_path):
    sheets = sheets_of(sample_book)
    rows = sheets["申请材料"]
    at = column(rows, "note")
    rows[2][at] = "须" * MAX_TEXT  # as long as one value may be
    rows[3][at] = "须" * 3400  # the note that made the 告知单 three pages
    result = _broken(sample_book, tmp_path, lambda s: s.update(申请材料=rows))
    problems = [line for line in result.stdout.splitlines() if "import.too-long" in line]
    assert len(problems) == 1, result.stdout
    assert problems[0].startswith(
        f"broken.xlsx:申请材料!{cell_name(3, at)}: error import.too-long:"
    )
    assert "3400" in problems[0] and str(MAX_TEXT) in problems[0]


def test_a_null_in_pyyamls_layout_keeps_the_rest_of_its_list_as_written():
    """Found by the drawn catalogs: a file in PyYAML's layout (``- code:`` under its key) with
    ``legal: null``, which ruamel.yaml writes ``legal:``; renaming the handling item changed its
    whole entry into the catalog's own layout. Now it is the one line."""
    from banshi.load.reader import read
    from banshi.workbook.edit import edited

    text = (
        "schema: banshi/item/v1\n"
        'code: "000131102800"\n'
        "handling:\n"
        '- code: "00013110280001"\n'
        "  name: 测试办理项\n"
        "  time_limit:\n"
        "    unit: 工作日\n"
        "    legal: null\n"
        "    promised: 17\n"
        "  delivery:\n"
        "  - 窗口领取\n"
        "  - 邮寄送达\n"
    )
    old = read("", text.encode("utf-8")).data
    new = copy.deepcopy(old)
    new["handling"][0]["name"] = "测试办理项（改）"
    assert edited(text, old, new) == text.replace("name: 测试办理项", "name: 测试办理项（改）")
