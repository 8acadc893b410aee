"""``banshi export``: the catalog as one workbook, a sheet per kind of row (see ``sheets``)."""

from __future__ import annotations

import datetime
import os
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from banshi.load import catalog_files, check_root, read_and_route, read_inside
from banshi.problems import Problem
from banshi.workbook.cells import NO, YES, to_cell
from banshi.workbook.sheets import CHOICES, FILE, NOTES, SHEETS, Column, Sheet, enum_of

# Enough rows to see how wide a column's text runs, without reading 70,000 of them.
_WIDTH_SAMPLE = 500
_MAX_WIDTH = 60
_LAST_ROW = 1_048_575
_NOTES = (
    "本工作簿由 banshi export 从目录的 YAML 文件生成，可用 banshi import 读回。",
    (
        "每张表的第 1 行是字段名称，第 2 行是字段键（import 按第 2 行识别各列，请勿修改），"
        "数据从第 3 行开始；不要合并单元格。"
    ),
    "编码、电话等一律按文本填写（单元格格式为文本），以免开头的 0 丢失；"
    "以 = + - @ 开头的内容也只是文本。",
    f"是否类字段填 {YES} 或 {NO}；日期写作 2022-03-01；有下拉列表的列只能选列表中的值。",
    "层级、事项状态、问题类型在 YAML 文件中是英文代码，本工作簿显示为中文（县级、在用、是否题），"
    "导入时换回代码；直接填写代码（county、active）也可以。",
    "多个值的列（服务对象、申请条件、送达方式、层级等）每行写一个（Excel 中按 Alt+Enter 换行）。",
    (
        "依据、办理流程、收费、办理结果、适用情形（when）、审批阶段等结构化内容写作 YAML 行内格式，"
        "与目录文件的写法相同，例如 [{name: 受理, days: 0}, {name: 审核, days: 2}]、"
        "{entrusted: true}。"
    ),
    "办理项按“事项编码”归入“事项”表中的事项；申请材料按“业务办理项编码”归入办理项。",
    "“所在文件”列记录该行写入的 YAML 文件；新增的行可以不填，按类型写入默认位置。",
)


@dataclass
class Exported:
    rows: dict[str, int] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)  # files that could not be read
    left_out: list[str] = field(default_factory=list)  # keys that have no column


def documents(root: Path) -> tuple[list[tuple[str, str, dict]], list[Problem]]:
    """(file, kind, data) of every catalog file in catalog order, and why a file was not read."""
    check_root(root)
    found, problems = [], []
    for file in catalog_files(root):
        kind, data, read_problems, _ = read_and_route(file, read_inside(root, file))
        if kind is None:  # what a file that reads at all holds is exported as it is
            problems += read_problems
        else:
            found.append((file, kind, data))
    return found, problems


def _value_at(row: dict, path: tuple):
    value = row
    for name in path:
        if not isinstance(value, dict) or name not in value:
            return None
        value = value[name]
    return value


def rows_of(sheet: Sheet, docs: list[tuple[str, str, dict]]):
    """(row object, file) of every row of ``sheet``."""
    for file, kind, data in docs:
        if kind != sheet.kind:
            continue
        if not sheet.rows:
            yield {k: v for k, v in data.items() if k not in ("schema", "handling")}, file
        elif sheet.kind != "item":
            top = {k: v for k, v in data.items() if k not in ("schema", sheet.rows[0])}
            for row in _dicts(data.get(sheet.rows[0])):
                yield {**top, **row}, file
        else:
            for handling in _dicts(data.get("handling")):
                if sheet.rows == ("handling",):
                    row = {k: v for k, v in handling.items() if k != "materials"}
                    yield {"item": data.get("code"), **row}, file
                    continue
                for material in _dicts(handling.get("materials")):
                    yield {"handling": handling.get("code"), **material}, file


def _dicts(value) -> list[dict]:
    return [v for v in value if isinstance(v, dict)] if isinstance(value, list) else []


def _left_out(sheet: Sheet, row: dict) -> list[str]:
    """Keys of ``row`` that no column of the sheet holds."""
    known = {c.path[0] for c in sheet.columns}
    nested = {c.path[0] for c in sheet.columns if len(c.path) > 1}
    out = [k for k in row if k not in known]
    for name in nested & row.keys():
        if isinstance(row[name], dict):
            inner = {c.path[1] for c in sheet.columns if c.path[0] == name}
            out += [f"{name}.{k}" for k in row[name] if k not in inner]
        else:
            out.append(name)
    return out


def display_width(text: str) -> int:
    """Columns a text takes on screen: a Chinese character takes two."""
    lines = str(text).splitlines() or [""]
    return max(
        sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) for line in lines
    )


class _Writer:
    def __init__(self, book):
        self.book = book
        self.title = book.add_format(
            {"bold": True, "text_wrap": True, "valign": "top", "bg_color": "#DDEBF7", "border": 1}
        )
        self.key = book.add_format(
            {"font_color": "#666666", "font_size": 9, "bg_color": "#F2F2F2", "border": 1}
        )
        self.text = book.add_format({"num_format": "@", "valign": "top", "text_wrap": True})
        self.number = book.add_format({"valign": "top"})
        self.choices: dict[tuple, str] = {}

    def choice_range(self, values: list) -> str:
        """The range of the hidden sheet that lists ``values``, for a dropdown."""
        key = tuple(values)
        if key not in self.choices:
            column = len(self.choices)
            letter = _letters(column)
            self.choices[key] = f"='{CHOICES}'!${letter}$1:${letter}${len(values)}"
        return self.choices[key]


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _widths(columns: tuple[Column, ...], sample: list[dict]) -> list[int]:
    widths = []
    for column in columns:
        seen = [display_width(column.title) + 2, len(column.key) + 2]
        for row in sample:
            value = _value_at(row, column.path)
            if value is not None:
                seen.append(display_width(to_cell(column, value).value) + 2)
        widths.append(min(max(*seen, 8), _MAX_WIDTH))
    return widths


def _write_sheet(writer: _Writer, sheet: Sheet, rows: list[tuple[dict, str]]) -> None:
    """One sheet, row after row: in constant-memory mode xlsxwriter writes a row out as soon as
    a later row is begun, and silently drops cells written to a row before it."""
    book = writer.book
    page = book.add_worksheet(sheet.name)
    columns = sheet.columns
    for index, width in enumerate(_widths(columns, [r for r, _ in rows[:_WIDTH_SAMPLE]])):
        page.set_column(index, index, width, writer.text)
    page.freeze_panes(2, 0)
    for index, column in enumerate(columns):
        page.write_string(0, index, column.title, writer.title)
        if column.description:
            page.write_comment(0, index, column.description, {"x_scale": 2, "y_scale": 2})
        _dropdown(writer, page, index, column)
    for index, column in enumerate(columns):
        page.write_string(1, index, column.key, writer.key)
    for number, (row, file) in enumerate(rows, start=2):
        for index, column in enumerate(columns):
            value = file if column.path == (FILE,) else _value_at(row, column.path)
            if value is None:
                continue
            cell = to_cell(column, value)
            if cell.text:
                page.write_string(number, index, cell.value, writer.text)
            else:
                page.write_number(number, index, cell.value, writer.number)


def _dropdown(writer: _Writer, page, index: int, column: Column) -> None:
    """The list a column's cells are chosen from, below its two header rows."""
    values = [YES, NO] if column.shape == "boolean" else enum_of(column)
    if not values or column.shape == "lines":  # a dropdown holds one value; a list has several
        return
    page.data_validation(
        2,
        index,
        _LAST_ROW,
        index,
        {
            "validate": "list",
            "source": writer.choice_range(values),
            "error_title": column.title,
            "error_message": "请从下拉列表中选择：" + "、".join(values),
        },
    )


def _write_notes(book) -> None:
    page = book.add_worksheet(NOTES)
    page.set_column(0, 0, 120)
    for row, line in enumerate(_NOTES):
        page.write_string(row, 0, line)
    for row, sheet in enumerate(SHEETS, start=len(_NOTES) + 1):
        page.write_string(row, 0, f"{sheet.name}：{sheet.title}")


def _write_choices(writer: _Writer) -> None:
    """Each dropdown's list down its own column of the hidden sheet, written row by row."""
    page = writer.book.add_worksheet(CHOICES)
    lists = list(writer.choices)
    for row in range(max(map(len, lists), default=0)):
        for column, values in enumerate(lists):
            if row < len(values):
                page.write_string(row, column, values[row])
    page.hide()


def export(root: Path, out: Path) -> Exported:
    """Write the workbook of the catalog at ``root`` to ``out`` (replaced whole, at the end)."""
    import xlsxwriter

    docs, problems = documents(root)
    result = Exported(problems=problems)
    if problems:
        return result
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(suffix=".xlsx", prefix=".banshi-", dir=out.parent)
    os.close(handle)
    try:
        # strings stay strings: no cell of this workbook is a formula, a number or a link
        book = xlsxwriter.Workbook(
            temporary,
            {
                "strings_to_formulas": False,
                "strings_to_numbers": False,
                "strings_to_urls": False,
                "constant_memory": True,
            },
        )
        book.set_properties({"created": datetime.datetime(2000, 1, 1)})  # byte-identical output
        writer = _Writer(book)
        _write_notes(book)
        for sheet in SHEETS:
            rows = list(rows_of(sheet, docs))
            result.rows[sheet.name] = len(rows)
            for row, file in rows:
                result.left_out += [f"{file}: {key}" for key in _left_out(sheet, row)]
            _write_sheet(writer, sheet, rows)
        _write_choices(writer)
        book.close()
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(temporary, 0o666 & ~mask)  # a workbook is shared like any document
        os.replace(temporary, out)
    finally:
        if os.path.exists(temporary):
            os.unlink(temporary)
    return result
