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

from banshi.i18n import _
from banshi.load import Document
from banshi.problems import Key, Problem

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import ValidationError

RULE = "schema"
RULE_UNKNOWN_KEY = "schema.unknown-key"
RULE_UNQUOTED = "schema.unquoted-code"


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


def _type_name(name: str) -> str:
    """A JSON type in the words of someone who writes YAML."""
    names = {
        "string": _("text"),
        "integer": _("a whole number"),
        "number": _("a number"),
        "boolean": _("true or false"),
        "array": _("a list"),
        "object": _("a mapping (key: value)"),
        "null": _("empty"),
    }
    return names.get(name, name)


def _either(choices: list[str]) -> str:
    if len(choices) == 1:
        return choices[0]
    return _("{choices} or {last}").format(choices=_listing(choices[:-1]), last=choices[-1])


def _named(name: str, title: str | None) -> str:
    """A key as a message names it: the key an official types, with the schema's Chinese title."""
    if not title or name in title:
        return title or name
    return _("{name} ({title})").format(name=name, title=title)


def _listing(values) -> str:
    """Values one after another, as the language separates them (、 in Chinese)."""
    return _(", ").join(str(v) for v in values)


def _label(error: ValidationError) -> str:
    """How to name the field in a message: its key, with the schema's Chinese title."""
    name = next((p for p in reversed(error.path) if isinstance(p, str)), None)
    title = error.schema.get("title") if isinstance(error.schema, dict) else None
    if name:
        return _named(name, title)
    return title or _("this value")


def _unknown_keys(error: ValidationError, origin) -> list[Problem]:
    known = sorted(error.schema.get("properties", {}))
    problems = []
    for key in sorted(set(error.instance) - set(known), key=str):
        close = difflib.get_close_matches(str(key), known, n=1)
        message = (
            _("unknown key {key}: did you mean {close}? keys allowed here: {known}")
            if close
            else _("unknown key {key}: keys allowed here: {known}")
        ).format(key=key, close=close[0] if close else "", known=_listing(known))
        problems.append(Problem.at(origin.at(*error.path, Key(key)), RULE_UNKNOWN_KEY, message))
    return problems


def _missing(error: ValidationError) -> str:
    """The required key that is missing, with its title where the schema gives one."""
    key = error.message.split("'")[1] if "'" in error.message else error.message
    schema = error.schema if isinstance(error.schema, dict) else {}
    if "properties" not in schema:  # a condition's own schema (then: required): it says why
        return _named(key, schema.get("title"))
    return _named(key, schema["properties"].get(key, {}).get("title"))


def _repeated(values: list) -> str:
    seen = []
    for value in values:
        if value in seen:
            return _shown(value)
        seen.append(value)
    return ""


def _alternatives(error: ValidationError) -> str:
    titles = [s.get("title") for s in error.validator_value if isinstance(s, dict)]
    return _listing(t for t in titles if t)


def _type_message(error: ValidationError, label: str) -> tuple[str, str]:
    expected = error.validator_value
    if (
        expected == "string"
        and isinstance(error.instance, int)
        and not isinstance(error.instance, bool)
    ):
        return RULE_UNQUOTED, _(
            '{label} must be written in quotes, like "000131128000": unquoted, YAML reads a '
            "number and drops its leading zeros"
        ).format(label=label)
    names = [expected] if isinstance(expected, str) else expected
    return RULE, _("{label} must be {wanted}, not {value}").format(
        label=label, wanted=_either([_type_name(n) for n in names]), value=_shown(error.instance)
    )


def _message(error: ValidationError) -> tuple[str, str]:
    validator, label, limit = error.validator, _label(error), error.validator_value
    if validator == "type":
        return _type_message(error, label)
    if validator == "not" and "required" in limit:  # a key that must not be written with another
        return RULE, _("{keys} is not written here: {why}").format(
            keys=_listing(limit["required"]), why=error.schema.get("title") or label
        )
    if validator in ("oneOf", "anyOf") and "when" in error.path:
        return RULE, _(
            "this when condition is not of a known form: write question: value, a list of "
            "values (any of them), or all:/any: with a list, or not: with one condition"
        )
    explained = {
        "required": lambda: _("missing required key {missing}").format(missing=_missing(error)),
        "enum": lambda: _("{label} is {value}; write one of: {options}").format(
            label=label, value=_shown(error.instance), options=_listing(limit)
        ),
        "const": lambda: _("{label} must be {value}").format(label=label, value=_shown(limit)),
        "pattern": lambda: _("{label} {value} is not of the required form ({pattern})").format(
            label=label, value=_shown(error.instance), pattern=limit
        ),
        "format": lambda: _("{label} {value} is not a real date written YYYY-MM-DD").format(
            label=label, value=_shown(error.instance)
        ),
        "false": lambda: _("{label} is not allowed here").format(label=label),
        "minLength": lambda: (
            _("{label} is empty: write it, or leave the key out where it is optional")
            if limit == 1
            else _("{label} {value} is too short: at least {limit} characters")
        ).format(label=label, value=_shown(error.instance), limit=limit),
        "maxLength": lambda: _("{label} {value} is too long: at most {limit} characters").format(
            label=label, value=_shown(error.instance), limit=limit
        ),
        "minItems": lambda: (
            _("{label} is an empty list: list at least one")
            if limit == 1
            else _("{label} lists {count}: list at least {limit}")
        ).format(label=label, count=len(error.instance), limit=limit),
        "uniqueItems": lambda: _("{label} lists {value} more than once: list each once").format(
            label=label, value=_repeated(error.instance)
        ),
        "minimum": lambda: _("{label} is {value}; it must be at least {limit}").format(
            label=label, value=_shown(error.instance), limit=limit
        ),
        "maximum": lambda: _("{label} is {value}; it must be at most {limit}").format(
            label=label, value=_shown(error.instance), limit=limit
        ),
        "minProperties": lambda: _("{label} is empty: write at least one key: value").format(
            label=label
        ),
        "not": lambda: _("{label} cannot be {value} here").format(
            label=label, value=_shown(error.instance)
        ),
        "oneOf": lambda: _("{label} is written in none of its forms: {forms}").format(
            label=label, forms=_alternatives(error)
        ),
        "anyOf": lambda: _("{label} is written in none of its forms: {forms}").format(
            label=label, forms=_alternatives(error)
        ),
    }
    if validator in explained:
        return RULE, explained[validator]()
    return RULE, _("{label}: {reason}").format(label=label, reason=error.message)


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
                _(
                    "this file does not satisfy the {kind} schema, but the check that explains "
                    "problems found none: this is a bug in Banshi, please report it with this file"
                ).format(kind=document.kind),
            )
        )
    return problems
