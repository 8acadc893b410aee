"""The workbook's layout, derived from the JSON Schemas of the file kinds.

One sheet per kind of row. Its columns are the properties of that row's schema, in the
schema's order: a property that is an object with fixed properties (``time_limit``,
``levels``) becomes one column per property, ``time_limit.legal``; everything else is one
column. Titles come from the schema, so a field added to a schema gets its column, its title
and its dropdown without a change here. Only the sheets themselves are listed by hand.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from banshi.validate.schema import schema_of

# The column that names the file a row was read from, on every sheet of whole files.
FILE = "file"
FILE_TITLE = "所在文件"
FILE_HELP = (
    "本行所在的 YAML 文件（相对目录根）。新增的行可以不填：按类型放在默认位置，"
    "例如 catalog/items/<事项编码>.yaml。"
)


@dataclass(frozen=True)
class Column:
    path: tuple[str, ...]  # where the value sits inside the row's object
    title: str
    description: str
    schema: dict  # the property's schema, its $ref resolved
    required: bool  # required in its object, and that object required in the row
    document: bool = False  # a key of the whole file, repeated on each row (the region)

    @property
    def key(self) -> str:
        return ".".join(self.path)

    @property
    def shape(self) -> str:
        """How the value is written in a cell: text, code, date, enum, boolean, integer,
        number, lines (a list of texts, one a line) or yaml (YAML flow text)."""
        return shape_of(self.schema)


@dataclass(frozen=True)
class Sheet:
    name: str
    kind: str
    rows: tuple[str, ...]  # the lists the rows are: () a whole document, ("regions",) …
    title: str  # what the sheet holds, for the 说明 sheet

    @property
    def whole_files(self) -> bool:
        """Rows of this sheet are documents or a document's list (not an item's children)."""
        return self.kind != "item" or not self.rows

    @property
    def parent(self) -> Column | None:
        """The column naming the row's parent: the item of a handling item, the handling item
        of a material row."""
        if self.kind != "item" or not self.rows:
            return None
        item = schema_of("item")
        if self.rows == ("handling",):
            return Column(
                ("item",),
                item["properties"]["code"]["title"],
                "本办理项所属事项的基本编码（“事项”表中的一行），按目录的编码规则书写。",
                item["properties"]["code"],
                True,
            )
        handling = item["$defs"]["handling"]
        return Column(
            ("handling",),
            handling["properties"]["code"]["title"],
            "本材料所属业务办理项的编码（“办理项”表中的一行），按目录的编码规则书写。",
            handling["properties"]["code"],
            True,
        )

    @property
    def columns(self) -> tuple[Column, ...]:
        return columns_of(self)


SHEETS = (
    Sheet("目录", "catalog", (), "目录发布信息（catalog.yaml），一行"),
    Sheet("区划", "regions", ("regions",), "行政区划（regions.yaml），每个区划一行"),
    Sheet("部门", "departments", ("departments",), "部门与服务中心（departments.yaml）"),
    Sheet("事项", "item", (), "基本目录：每个事项一行（catalog/items/<编码>.yaml）"),
    Sheet("办理项", "item", ("handling",), "业务办理项：每个办理项一行，按事项编码归属"),
    Sheet("申请材料", "item", ("handling", "materials"), "各办理项的申请材料：每条材料一行"),
    Sheet("材料库", "materials", ("materials",), "材料库（rules/materials.yaml）"),
    Sheet("情形", "situations", ("questions",), "情形问题（rules/situations.yaml）"),
    Sheet("实施清单", "implementation", ("entries",), "实施清单：每个区划每条实施事项一行"),
    Sheet("并联审批", "bundle", (), "并联审批与一件事：每个组合一行"),
    Sheet("政策", "policy", (), "时限政策与规则级别（rules/policy.yaml），一行"),
    Sheet("日历", "calendar", (), "节假日调整（rules/calendar.yaml），一行"),
)
# Patterns of codes (region codes, item and handling codes in any scheme's base form, credit
# codes): a code column is always text, whatever its characters.
_CODE_PATTERNS = ("^[0-9]", "^[0-9A-Za-z]")
NOTES = "说明"  # the sheet that explains the notation; import reads nothing from it
CHOICES = "选项"  # the hidden sheet holding the dropdowns' lists


def resolve(node: dict, root: dict) -> dict:
    """``node`` with a local ``$ref`` replaced by its target; the node's own title and
    description win, as they do in an editor."""
    ref = node.get("$ref")
    if not ref:
        return node
    target = root
    for part in ref.removeprefix("#/").split("/"):
        target = target[part]
    return {**resolve(target, root), **{k: v for k, v in node.items() if k != "$ref"}}


def _resolved(node: dict, root: dict) -> dict:
    """``node`` resolved, and so are the items of a list (``levels.exercise``: a list of
    ``#/$defs/level``)."""
    node = resolve(node, root)
    if isinstance(node.get("items"), dict):
        node = {**node, "items": resolve(node["items"], root)}
    return node


def _object_of(sheet: Sheet) -> tuple[dict, dict]:
    """The schema of one row of ``sheet`` and the schema document it is part of."""
    root = schema_of(sheet.kind)
    node = root
    for name in sheet.rows:
        node = resolve(node["properties"][name]["items"], root)
    return node, root


def row_schema(kind: str, rows: tuple[str, ...]) -> dict:
    """The schema of one row that is the list ``rows`` of a document of ``kind``."""
    return _object_of(Sheet("", kind, rows, ""))[0]


def _flattened(node: dict) -> bool:
    return node.get("type") == "object" and "properties" in node and "oneOf" not in node


# What one row holds besides its columns: the list the next sheet down is made of.
_CHILD = {("item", ()): "handling", ("item", ("handling",)): "materials"}


@cache
def columns_of(sheet: Sheet) -> tuple[Column, ...]:
    node, root = _object_of(sheet)
    skipped = {"schema", *sheet.rows[:1], _CHILD.get((sheet.kind, sheet.rows))}
    columns = [sheet.parent] if sheet.parent else []
    if sheet.kind != "item" and sheet.rows:
        top = set(root.get("required", ()))
        columns += [
            Column(
                (name,),
                prop.get("title", name),
                prop.get("description", ""),
                prop,
                name in top,
                document=True,
            )
            for name, prop in root["properties"].items()
            if name not in skipped
        ]
    required = set(node.get("required", ()))
    for name, prop in node["properties"].items():
        prop = _resolved(prop, root)
        if name in skipped or prop.get("deprecated"):
            continue
        if _flattened(prop):
            inner = set(prop.get("required", ()))
            for child, child_schema in prop["properties"].items():
                child_schema = _resolved(child_schema, root)
                columns.append(
                    Column(
                        (name, child),
                        child_schema.get("title", child),
                        child_schema.get("description", ""),
                        child_schema,
                        name in required and child in inner,
                    )
                )
            continue
        columns.append(
            Column(
                (name,),
                prop.get("title", name),
                prop.get("description", ""),
                prop,
                name in required,
            )
        )
    if sheet.whole_files:
        columns.append(Column((FILE,), FILE_TITLE, FILE_HELP, {"type": "string"}, False))
    return tuple(columns)


def shape_of(schema: dict) -> str:
    kind = schema.get("type")
    if "enum" in schema and kind == "string":
        return "enum"
    if kind == "string":
        if schema.get("format") == "date":
            return "date"
        return "code" if schema.get("pattern", "").startswith(_CODE_PATTERNS) else "text"
    if kind in ("boolean", "integer", "number"):
        return kind
    if kind == "array" and schema.get("items", {}).get("type") == "string":
        return "lines"
    return "yaml"


def _choices(column: Column) -> dict | None:
    """The schema of the column's one value, when it is one of a list of codes."""
    if column.shape == "enum":
        return column.schema
    if column.shape == "lines" and "enum" in column.schema["items"]:
        return column.schema["items"]
    return None


def labels_of(column: Column) -> dict[str, str]:
    """Code → the Chinese word an official reads for it (``county`` → 县级), from the schema's
    ``x-labels``; empty where the codes are Chinese words already (行政许可)."""
    node = _choices(column)
    return dict(node.get("x-labels", {})) if node else {}


def enum_of(column: Column) -> list | None:
    """The values a dropdown offers: the enum of a column, or a list column's item enum, each
    as its label where the schema gives one."""
    node = _choices(column)
    if node is None:
        return None
    labels = node.get("x-labels", {})
    return [labels.get(code, code) for code in node["enum"]]


def sheet_named(name: str) -> Sheet | None:
    return next((s for s in SHEETS if s.name == name), None)
