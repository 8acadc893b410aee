"""Check each document against the JSON Schema of its kind, in words a maintainer can act on.

jsonschema-rs decides whether a document is valid (about seventy times faster); only a document
that is not is explained, by jsonschema, whose errors say where and why in detail.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from banshi.load import Document
from banshi.problems import Key, Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

RULE = "schema"
RULE_UNKNOWN_KEY = "schema.unknown-key"
RULE_UNQUOTED = "schema.unquoted-code"

_TYPE_NAMES = {
    "string": "text",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
    "array": "a list",
    "object": "a mapping (key: value)",
    "null": "empty",
}


def schema_text(kind: str) -> str:
    return resources.files("banshi.schemas").joinpath(f"{kind}.schema.json").read_text("utf-8")


@cache
def schema_of(kind: str) -> dict:
    return json.loads(schema_text(kind))


def _whole_number(checker, instance) -> bool:
    """JSON Schema counts 1.0 as an integer; YAML reads ``copies: 1.0`` as a fraction, and a
    count (copies, days, visits) must be written as the whole number it is."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def _has_fraction_written_whole(data) -> bool:
    """Whether a float such as 1.0 is anywhere in ``data``: jsonschema-rs takes it for an
    integer, so such a document goes to the validator that does not."""
    if isinstance(data, float):
        return data.is_integer()
    if isinstance(data, dict):
        return any(_has_fraction_written_whole(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_fraction_written_whole(v) for v in data)
    return False


def ecma_regex(pattern: str) -> str:
    """A JSON Schema pattern (ECMA-262) as a Python regex that matches the same strings.

    Python's ``$`` also matches before a final newline and its ``.`` matches ``\\r``, so
    ``"00013112800003\\n"`` would pass ``^[0-9]{14}$`` in jsonschema while jsonschema-rs (and
    the editor) rejects it: ``$`` becomes ``\\Z`` (the very end) and ``.`` anything but
    ECMA-262's line terminators."""
    out, i, in_class = [], 0, False
    while i < len(pattern):
        char = pattern[i]
        if char == "\\":
            out.append(pattern[i : i + 2])
            i += 2
            continue
        if in_class:
            in_class = char != "]"
        elif char == "[":
            in_class = True
        elif char == "$":
            char = r"\Z"
        elif char == ".":
            char = r"[^\n\r\u2028\u2029]"
        out.append(char)
        i += 1
    return "".join(out)


@cache
def _compiled(pattern: str):
    import re

    return re.compile(ecma_regex(pattern))


def _pattern(validator, pattern, instance, schema):
    from jsonschema.exceptions import ValidationError

    if validator.is_type(instance, "string") and not _compiled(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@cache
def explaining_validator_class():
    """jsonschema's draft 2020-12 validator, with patterns read as ECMA-262 reads them and
    only whole numbers written whole counted as integers."""
    from jsonschema import Draft202012Validator, validators  # imported when needed

    checker = Draft202012Validator.TYPE_CHECKER.redefine("integer", _whole_number)
    return validators.extend(Draft202012Validator, {"pattern": _pattern}, type_checker=checker)


def explaining_validator(schema: dict) -> Draft202012Validator:
    cls = explaining_validator_class()
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


@cache
def validator_of(kind: str) -> Draft202012Validator:
    return explaining_validator(schema_of(kind))


@cache
def fast_validator_of(kind: str):
    # Imported on first use: a warm validation with no file to read again needs neither.
    import jsonschema_rs

    return jsonschema_rs.validator_for(schema_of(kind), validate_formats=True)


def _shown(value) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 60 else text[:57] + "…"


def _label(error: ValidationError) -> str:
    """How to name the field in a message: its key, with the schema's Chinese title."""
    name = next((p for p in reversed(error.path) if isinstance(p, str)), None)
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    if name and title:
        return f"{name} ({title})"
    return name or title or "this value"


def _unknown_keys(error: ValidationError, origin) -> list[Problem]:
    known = sorted(error.schema.get("properties", {}))
    problems = []
    for key in sorted(set(error.instance) - set(known), key=str):
        close = difflib.get_close_matches(str(key), known, n=1)
        hint = f"did you mean {close[0]}? " if close else ""
        message = f"unknown key {key!s}: {hint}keys allowed here: {', '.join(known)}"
        problems.append(Problem.at(origin.at(*error.path, Key(key)), RULE_UNKNOWN_KEY, message))
    return problems


def _message(error: ValidationError) -> tuple[str, str]:
    validator, label = error.validator, _label(error)
    if validator == "type":
        expected = error.validator_value
        if (
            expected == "string"
            and isinstance(error.instance, int)
            and not isinstance(error.instance, bool)
        ):
            return RULE_UNQUOTED, (
                f'{label} must be written in quotes, like "000131128000": unquoted, YAML '
                "reads a number and drops its leading zeros"
            )
        names = [expected] if isinstance(expected, str) else expected
        wanted = " or ".join(_TYPE_NAMES.get(n, n) for n in names)
        return RULE, f"{label} must be {wanted}, not {_shown(error.instance)}"
    if validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return RULE, f"missing required key {missing}"
    if validator == "enum":
        options = ", ".join(str(v) for v in error.validator_value)
        return RULE, f"{label} is {_shown(error.instance)}; write one of: {options}"
    if validator == "const":
        return RULE, f"{label} must be {_shown(error.validator_value)}"
    if validator == "pattern":
        return (
            RULE,
            f"{label} {_shown(error.instance)} is not of the required form "
            f"({error.validator_value})",
        )
    if validator == "format":
        return RULE, f"{label} {_shown(error.instance)} is not a real date written YYYY-MM-DD"
    if validator in ("oneOf", "anyOf") and "when" in error.path:
        return RULE, (
            "this when condition is not of a known form: write question: value, a list of "
            "values (any of them), or all:/any: with a list, or not: with one condition"
        )
    if validator == "false":
        return RULE, f"{label} is not allowed here"
    return RULE, f"{label}: {error.message}"


def _problems(error: ValidationError, origin) -> list[Problem]:
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        return _unknown_keys(error, origin)
    rule, message = _message(error)
    return [Problem.at(origin.at(*error.path), rule, message)]


RULE_UNEXPLAINED = "schema.unexplained"


def check(document: Document) -> list[Problem]:
    valid = fast_validator_of(document.kind).is_valid(document.data)
    if valid and not _has_fraction_written_whole(document.data):
        return []
    problems: list[Problem] = []
    for error in validator_of(document.kind).iter_errors(document.data):
        problems.extend(_problems(error, document.origin))
    if not problems and not valid:
        # The two validators disagree: never let that pass as clean.
        problems.append(
            Problem.at(
                document.origin,
                RULE_UNEXPLAINED,
                f"this file does not satisfy the {document.kind} schema, "
                "but the check that explains "
                "problems found none: this is a bug in Banshi, please report it with this file",
            )
        )
    return problems
