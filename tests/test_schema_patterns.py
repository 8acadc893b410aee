"""Both schema validators read every pattern alike: a value is refused by jsonschema-rs (which
decides) exactly when jsonschema (which explains) refuses it, so no problem is dropped.

Python's ``$`` matches before a final newline; ECMA-262's (JSON Schema's) does not. A handling
code ``"00013112800003\\n"`` or a department ``"zz-evil\\n"`` once validated clean: jsonschema-rs
said invalid, jsonschema found nothing to explain, and the problem was lost.
"""

from __future__ import annotations

import json
from importlib import resources

import jsonschema_rs
import pytest
from catalogs import apply_patch, minimal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.validate import schema, validate

CONSTRAINTS = ("type", "pattern", "format")


def _constrained(node, where: str):
    """Every subschema with a pattern or a format, with where it is."""
    if isinstance(node, dict):
        if isinstance(node.get("pattern"), str) or node.get("format"):
            yield where, {k: node[k] for k in CONSTRAINTS if k in node}
        for key, value in node.items():
            yield from _constrained(value, f"{where}/{key}")
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _constrained(value, f"{where}/{i}")


def _all_constrained():
    found = []
    for path in sorted(resources.files("banshi.schemas").iterdir(), key=lambda p: p.name):
        if path.name.endswith(".schema.json"):
            found += _constrained(json.loads(path.read_text("utf-8")), path.name)
    return found


CONSTRAINED = _all_constrained()


def test_the_schemas_have_patterns_to_check():
    assert sum("pattern" in sub for _, sub in CONSTRAINED) >= 20
    assert any(sub.get("format") == "date" for _, sub in CONSTRAINED)


def _value_for(sub: dict):
    if "pattern" in sub:
        return st.from_regex(schema.ecma_regex(sub["pattern"]), fullmatch=True)
    return st.dates().map(lambda d: d.isoformat())


@pytest.mark.parametrize(("where", "sub"), CONSTRAINED, ids=[w for w, _ in CONSTRAINED])
@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
@given(data=st.data())
def test_a_trailing_newline_is_refused_by_both_validators(where, sub, data):
    sub = {"type": "string", **sub}
    fast = jsonschema_rs.validator_for(sub, validate_formats=True)
    slow = schema.explaining_validator(sub)
    value = data.draw(_value_for(sub).filter(fast.is_valid))
    assert slow.is_valid(value), f"{where}: {value!r} is valid for jsonschema-rs only"
    for bad in (value + "\n", value + "\r\n", value + "\r", "\n" + value, value + "\u2028"):
        assert not fast.is_valid(bad), f"{where}: jsonschema-rs takes {bad!r}"
        assert not slow.is_valid(bad), f"{where}: jsonschema takes {bad!r}"


@pytest.mark.parametrize(
    ("file", "patch", "key"),
    [
        ("catalog/items/000131128000.yaml", {"handling/1/code": "00013112800003\n"}, "code"),
        ("catalog/departments.yaml", {"departments/0/id": "zz-evil\n"}, "id"),
        ("catalog/items/000131128000.yaml", {"code": "000131128000\n"}, "code"),
    ],
    ids=["handling-code", "department-id", "item-code"],
)
def test_a_trailing_newline_in_a_document_is_a_located_problem(tmp_path, file, patch, key):
    root = minimal(tmp_path)
    apply_patch(root, {file: patch})
    problems = [p for p in validate(root).problems if p.file == file and p.rule == "schema"]
    assert len(problems) == 1, problems
    assert "格式不符合要求" in problems[0].message
    written = (root / file).read_text(encoding="utf-8").splitlines()[problems[0].line - 1]
    assert written.strip(" -").startswith(f"{key}:"), written


def test_a_document_the_explaining_pass_cannot_explain_is_still_a_problem(tmp_path, monkeypatch):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/departments.yaml": {"departments/0/id": "Not-An-Id"}})

    class Silent:
        def iter_errors(self, data):
            return iter(())

    monkeypatch.setattr(schema, "validator_of", lambda kind: Silent())
    problems = validate(root, use_cache=False).problems
    assert [(p.file, p.rule) for p in problems] == [
        ("catalog/departments.yaml", schema.RULE_UNEXPLAINED)
    ]
    assert "Banshi 的缺陷" in problems[0].message
