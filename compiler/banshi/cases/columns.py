"""The columns of case and evaluation exports (spec §6), and how each cell is read.

A header may name a column in English (``accepted``), in Chinese as the spec writes it
(``受理日期``), or by one of the names approval systems export it under (``受理时间``). A column
not named here is not stored: names, ID numbers and phone numbers never enter the store.

Each column's cell is read by one SQL expression (DuckDB), so a file of millions of rows is
read and checked inside the database; ``problem`` expressions say which cells are wrong.
"""

from __future__ import annotations

from dataclasses import dataclass

CASES, EVALUATIONS = "cases", "evaluations"
FIRST_DAY, LAST_DAY = "2000-01-01", "2199-12-31"  # a date outside is a typing error
MAX_TEXT = 200
MAX_VISITS = 99
MAX_PAUSED = 3650  # ten years of working days: the longest limit a catalog may state
YES = ("是", "y", "yes", "true", "1", "√")
NO = ("否", "n", "no", "false", "0", "×")
PATTERNS = {
    "region": "[0-9]{6}([0-9]{3}){0,2}",  # GB/T 2260 and the 9- and 12-digit codes below
    "code": "[0-9A-Za-z][0-9A-Za-z-]{0,63}",  # the digits of §2 and provincial schemes (§6)
}
CONTROL = "[\\x00-\\x1f\\x7f]"
RATINGS = {"非常满意": 5, "满意": 4, "基本满意": 3, "不满意": 2, "非常不满意": 1}
# Formats approval systems write dates in, besides ISO (with or without a time).
DATE_FORMATS = ("%Y年%m月%d日", "%Y.%m.%d", "%Y%m%d", "%Y年%m月%d日 %H:%M:%S", "%Y年%m月%d日 %H:%M")


@dataclass(frozen=True)
class Column:
    name: str  # the spec's name, the store's column
    chinese: str  # the spec's Chinese header
    kind: str  # id, code, region, date, text, flag, count, rating
    required: bool = False
    aliases: tuple[str, ...] = ()  # other headers exports use

    @property
    def headers(self) -> tuple[str, ...]:
        return (self.name, self.chinese, *self.aliases)


CASE_COLUMNS = (
    Column("case_id", "办件编号", "id", True, ("办件号", "办件流水号", "受理编号", "申报号")),
    Column("code", "业务办理项编码", "code", True, ("办理项编码",)),
    Column("region", "区划代码", "region", True, ("行政区划代码",)),
    Column("submitted", "申请日期", "date", False, ("申请时间", "申报时间", "申报日期")),
    Column("accepted", "受理日期", "date", True, ("受理时间",)),
    Column("done", "办结日期", "date", False, ("办结时间",)),
    Column("result", "办理结果", "text"),
    Column("on_site", "现场办结", "flag", False, ("是否现场办结",)),
    Column("visits", "跑动次数", "count", False, ("到现场次数",)),
    Column("channel", "办理渠道", "text", False, ("申报渠道",)),
    Column("paused_days", "暂停计时的工作日", "paused", False, ("暂停计时工作日",)),
)
EVALUATION_COLUMNS = (
    Column("case_id", "办件编号", "id", True, ("办件号", "办件流水号", "受理编号", "申报号")),
    Column("rating", "评价", "rating", True, ("评价等级", "评价结果")),
    Column("rated", "评价日期", "date", False, ("评价时间",)),
    Column("rectified", "差评整改日期", "date", False, ("整改日期", "差评整改时间", "整改时间")),
    Column("channel", "评价渠道", "text", False, ("办理渠道",)),
)
COLUMNS = {CASES: CASE_COLUMNS, EVALUATIONS: EVALUATION_COLUMNS}


def normal(header: str) -> str:
    """A header as compared: no BOM, no surrounding blanks, English in lower case."""
    return header.replace("\ufeff", "").strip().casefold()


def _by_header(columns: tuple[Column, ...]) -> dict[str, Column]:
    return {normal(h): c for c in columns for h in c.headers}


BY_HEADER = {kind: _by_header(columns) for kind, columns in COLUMNS.items()}


def kind_of(headers: list[str]) -> str | None:
    """Cases or evaluations, from a header row; None when it names neither's columns."""
    names = {normal(h) for h in headers}
    for kind in (EVALUATIONS, CASES):  # an evaluation file names a rating
        required = [c for c in COLUMNS[kind] if c.required]
        if all(names & {normal(h) for h in c.headers} for c in required):
            return kind
    return None


def quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _list(values) -> str:
    return "[" + ", ".join(quoted(v) for v in values) + "]"


def _in(values) -> str:
    return "(" + ", ".join(quoted(v) for v in values) + ")"


def cell(field: str) -> str:
    """A cell's text, empty as NULL (``field``: the raw column)."""
    return f"nullif(trim({field}), '')"


def value(column: Column, text: str) -> str:
    """The SQL expression that reads a cell's text (``text``, empty as NULL) as the column's
    type, NULL where it cannot; ``checked`` then keeps what is in bounds."""
    if column.kind == "date":
        return (
            f"coalesce(try_cast({text} AS DATE), try_strptime({text}, {_list(DATE_FORMATS)})::DATE)"
        )
    if column.kind == "flag":
        low = f"lower({text})"
        return f"(CASE WHEN {low} IN {_in(YES)} THEN true WHEN {low} IN {_in(NO)} THEN false END)"
    if column.kind in ("count", "paused"):
        return f"try_cast({text} AS INTEGER)"
    if column.kind == "rating":
        words = " ".join(f"WHEN {quoted(w)} THEN {n}" for w, n in RATINGS.items())
        return f"(CASE {text} {words} ELSE try_cast({text} AS INTEGER) END)"
    return text


def checked(column: Column, read: str) -> str:
    """The column's value from what ``value`` read (``read``), NULL where it is out of bounds."""
    if column.kind == "date":
        bounds = f"DATE {quoted(FIRST_DAY)} AND DATE {quoted(LAST_DAY)}"
        return f"(CASE WHEN {read} BETWEEN {bounds} THEN {read} END)"
    if column.kind in ("count", "paused", "rating"):
        low, top = (1, 5) if column.kind == "rating" else (0, MAX_VISITS)
        top = MAX_PAUSED if column.kind == "paused" else top
        return f"(CASE WHEN {read} BETWEEN {low} AND {top} THEN {read} END)"
    if column.kind in PATTERNS:
        pattern = quoted(PATTERNS[column.kind])
        return f"(CASE WHEN regexp_full_match({read}, {pattern}) THEN {read} END)"
    if column.kind == "id":  # a case number is shown and matched: no control character
        clean = f"length({read}) <= 64 AND NOT regexp_matches({read}, {quoted(CONTROL)})"
        return f"(CASE WHEN {clean} THEN {read} END)"
    if column.kind == "text":
        return f"(CASE WHEN length({read}) <= {MAX_TEXT} THEN {read} END)"
    return read
