"""One value in one cell, and back: the workbook's cell notation.

- text, codes, dates: the text itself, always a text cell (a code keeps its leading zeros,
  and text that begins with ``=`` stays text: nothing in a workbook is a formula);
- whole numbers and numbers: a number cell;
- true/false: 是 or 否;
- a list of texts (服务对象, 申请条件, 送达方式 …): one a line (Alt+Enter in Excel);
- everything else (依据, 办理流程, 收费, the ``when`` of a material …): YAML flow text, the same
  notation as in the catalog's files, e.g. ``[{name: 受理, days: 0}, {name: 审核, days: 2}]``.

Reading a cell is the reverse, and every cell that cannot be read says why, at the cell. YAML
in a cell is read by the catalog's own reader: plain data only, nothing constructed or run.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from banshi.i18n import _
from banshi.load.reader import read
from banshi.workbook.bounds import has_alias
from banshi.workbook.sheets import Column, enum_of, labels_of
from banshi.workbook.yaml_out import flow

YES, NO = "是", "否"
_BOOLEANS = {YES: True, NO: False, "true": True, "false": False}
# Excel keeps at most this many characters in a cell.
MAX_CELL = 32_767
# Every value of a catalog ends up on the window's papers, and the 一次性告知单 is one A4 page:
# about 38 characters a line and 45 lines in 五号 type, some 1,700 characters for all it lists.
# One value may take at most 500 of them, under a third of the page (the sample's longest text
# is 151); a 3,400-character note pasted into a cell once made that paper three pages.
MAX_TEXT = 500


class CellError(Exception):
    """A cell whose value does not fit its column; ``rule`` says which way."""

    def __init__(self, rule: str, message: str):
        super().__init__(message)
        self.rule = rule


@dataclass(frozen=True)
class Cell:
    """What the exporter writes: a text, a number, or a number shown as text."""

    value: str | int | float
    text: bool


def _as_lines(items: list) -> str | None:
    """The list one item a line, when reading those lines gives the list back."""
    if not items or not all(isinstance(i, str) for i in items):
        return None
    if any(not i or i != i.strip() or "\n" in i or "\r" in i for i in items) or items[0][0] == "[":
        return None
    return "\n".join(items)


def to_cell(column: Column, value) -> Cell:
    shape = column.shape
    if shape == "enum" and isinstance(value, str):
        return Cell(labels_of(column).get(value, value), True)
    if shape in ("text", "code", "date") and isinstance(value, str):
        return Cell(value, True)
    if shape == "boolean" and isinstance(value, bool):
        return Cell(YES if value else NO, True)
    numeric = isinstance(value, int | float) and not isinstance(value, bool)
    if shape in ("integer", "number") and numeric:
        return Cell(value, False)
    if shape == "lines" and isinstance(value, list):
        labels = labels_of(column)
        lines = _as_lines([labels.get(v, v) if isinstance(v, str) else v for v in value])
        if lines is not None:
            return Cell(lines, True)
    return Cell(flow(value), True)  # also what a wrong type in the catalog is written as


def _number_shown(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value)


def _text(column: Column, value) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        raise CellError(
            "import.type",
            _("{key} is text; the cell holds a true/false value").format(key=column.key),
        )
    if isinstance(value, int | float):
        raise CellError(
            "import.number-as-text",
            _(
                "{key} is text, but the cell holds the number {number}: a number cell loses "
                "leading zeros (000131128000 becomes 131128000) and long codes; format the column "
                "as text (or type ' before the value) and type it again"
            ).format(key=column.key, number=_number_shown(value)),
        )
    if isinstance(value, datetime.date):
        raise CellError(
            "import.type",
            _(
                "{key} is text; the cell holds a date: format the column as text and type it again"
            ).format(key=column.key),
        )
    raise CellError(
        "import.type",
        _("{key} is text; the cell holds a {kind}").format(
            key=column.key, kind=type(value).__name__
        ),
    )


def _date(column: Column, value) -> str:
    if isinstance(value, datetime.datetime):
        if value.time() != datetime.time():
            raise CellError(
                "import.date",
                _("{key} is a date; the cell holds a time too").format(key=column.key),
            )
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        return value
    raise CellError(
        "import.date",
        _("{key} is a date written YYYY-MM-DD, like 2022-03-01").format(key=column.key),
    )


def _code(column: Column, text: str) -> str:
    """The code a dropdown's label stands for (县级 → county); a code is taken as it is."""
    codes = {label: code for code, label in labels_of(column).items()}
    return codes.get(text.strip(), text)


def _enum(column: Column, value) -> str:
    text = _code(column, _text(column, value))
    if text not in column.schema["enum"]:
        allowed = enum_of(column)
        raise CellError(
            "import.enum",
            _("{key} {value!r} is not one of: {allowed}").format(
                key=column.key, value=text, allowed="、".join(allowed)
            ),
        )
    return text


def _boolean(column: Column, value) -> bool:
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in _BOOLEANS:
        return _BOOLEANS[value.strip().lower()]
    raise CellError(
        "import.boolean",
        _("{key} is {yes} or {no}; the cell holds {value!r}").format(
            key=column.key, yes=YES, no=NO, value=value
        ),
    )


def _integer(column: Column, value) -> int:
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    raise CellError(
        "import.integer",
        _("{key} is a whole number; the cell holds {value!r}").format(key=column.key, value=value),
    )


def _number(column: Column, value) -> int | float:
    number = value
    if isinstance(value, str):
        try:
            number = float(value.strip())
        except ValueError:
            number = None
    if isinstance(number, int | float) and not isinstance(number, bool) and math.isfinite(number):
        return int(number) if float(number).is_integer() else number
    raise CellError(
        "import.number",
        _("{key} is a number; the cell holds {value!r}").format(key=column.key, value=value),
    )


def _yaml(column: Column, value):
    text = _text(column, value)
    result = read(column.key, text.encode("utf-8"))
    if result.ok and has_alias(text):
        raise CellError(
            "import.alias",
            _(
                "{key}: anchors and aliases (& and *) are not read in a cell; write the value out"
            ).format(key=column.key),
        )
    if result.problems:
        problem = result.problems[0]
        raise CellError(
            f"import.{problem.rule}",
            _("{key}: {reason} (written as YAML flow text, e.g. {example})").format(
                key=column.key, reason=problem.message, example="[{name: 受理, days: 0}]"
            ),
        )
    return result.data


def _lines(column: Column, value) -> list:
    text = _text(column, value)
    if text.lstrip().startswith("["):
        items = _yaml(column, text)
    else:
        items = [line.strip() for line in text.splitlines() if line.strip()]
    allowed = column.schema["items"].get("enum")
    if allowed and isinstance(items, list):
        items = [_code(column, i) if isinstance(i, str) else i for i in items]
        wrong = [i for i in items if i not in allowed]
        if wrong:
            raise CellError(
                "import.enum",
                _("{key} {value!r} is not one of: {allowed} (one a line)").format(
                    key=column.key, value=wrong[0], allowed="、".join(enum_of(column))
                ),
            )
    return items


_READERS = {
    "text": _text,
    "code": _text,
    "date": _date,
    "enum": _enum,
    "boolean": _boolean,
    "integer": _integer,
    "number": _number,
    "yaml": _yaml,
    "lines": _lines,
}


def empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def from_cell(column: Column, value):
    """The value a cell holds for ``column``; raises CellError when it does not fit."""
    if isinstance(value, str) and len(value) > MAX_CELL:
        raise CellError(
            "import.size",
            _("{key} holds {length} characters; a cell holds at most {limit}").format(
                key=column.key, length=len(value), limit=MAX_CELL
            ),
        )
    if isinstance(value, datetime.timedelta | datetime.time):
        raise CellError(
            "import.type", _("{key}: the cell holds a time, not a value").format(key=column.key)
        )
    parsed = _READERS[column.shape](column, value)
    longest = _longest(parsed)
    if longest > MAX_TEXT:
        raise CellError(
            "import.too-long",
            _(
                "{key} holds a text of {length} characters; one value takes at most {limit}, "
                "since each is printed on the window's one-page papers (the 一次性告知单): "
                "shorten it, and give the detail in a blank form or a sample instead"
            ).format(key=column.key, length=longest, limit=MAX_TEXT),
        )
    return parsed


def _longest(value) -> int:
    """The length of the longest text in a value (a text, or the texts of a list or mapping)."""
    if isinstance(value, str):
        return len(value)
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return max(map(_longest, value), default=0)
    return 0
