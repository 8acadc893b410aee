"""The JSON Schemas: valid draft 2020-12, described in Chinese for editors, written by
`banshi schema`."""

import json
import re
from pathlib import Path

import pytest
from command_line import banshi
from jsonschema import Draft202012Validator

from banshi.load import KINDS
from banshi.validate.schema import schema_of

CHINESE = re.compile(r"[\u4e00-\u9fff]")


def _schemas_in(node, path=()):
    """Every subschema that describes a field: properties, items and $defs."""
    if not isinstance(node, dict):
        return
    yield path, node
    for key in ("properties", "patternProperties"):
        for name, child in node.get(key, {}).items():
            yield from _schemas_in(child, path + (name,))
    for name, child in node.get("$defs", {}).items():
        yield from _schemas_in(child, path + ("$defs", name))
    if isinstance(node.get("items"), dict):
        yield from _schemas_in(node["items"], path + ("[]",))


@pytest.mark.parametrize("kind", KINDS)
def test_schema_is_valid_draft_2020_12(kind):
    Draft202012Validator.check_schema(schema_of(kind))
    assert schema_of(kind)["$schema"] == "https://json-schema.org/draft/2020-12/schema"


OUTPUTS = Path(__file__).resolve().parents[1] / "compiler/banshi/schemas/output"
ALL_SCHEMAS = {
    **{f"input {k}": schema_of(k) for k in KINDS},
    **{
        f"output {p.stem}": json.loads(p.read_text(encoding="utf-8"))
        for p in sorted(OUTPUTS.glob("*.json"))
    },
}


@pytest.mark.parametrize("name", ALL_SCHEMAS)
def test_every_field_has_a_chinese_title_and_description(name):
    for path, node in _schemas_in(ALL_SCHEMAS[name]):
        if "$ref" in node and len(node) == 1:
            continue
        assert CHINESE.search(node.get("title", "")), f"{name} {path} has no Chinese title"
        assert CHINESE.search(node.get("description", "")), (
            f"{name} {path} has no Chinese description"
        )


def test_schema_command_writes_every_kind(tmp_path):
    result = banshi("schema", "--out", tmp_path)
    assert result.returncode == 0, result.stderr
    written = sorted(p.name for p in tmp_path.iterdir())
    assert written == sorted(f"{k}.schema.json" for k in KINDS)
    for path in tmp_path.iterdir():
        Draft202012Validator.check_schema(json.loads(path.read_text(encoding="utf-8")))
