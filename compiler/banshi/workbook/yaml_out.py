"""Catalog files written the way a maintainer writes them.

Block style at the top, a short mapping or list on one line in flow style
(``time_limit: {unit: 工作日, legal: 20, promised: 10}``, ``- {material: x, form: 原件,
copies: 1}``), longer ones as blocks; codes and whatever YAML would read as something other
than text in double quotes (``"000131128000"``, ``"12345"``, ``"true"``), dates plain
(``2022-03-01``), as the format asks.
"""

from __future__ import annotations

import datetime
import json
import re

from yaml.nodes import ScalarNode
from yaml.resolver import Resolver

WIDTH = 100
_STR = "tag:yaml.org,2002:str"
_RESOLVER = Resolver()
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
# What may not start a plain scalar, and what may not be inside one in flow context.
_NOT_FIRST = set("-?:,[]{}#&*!|>'\"%@` \t")
_NOT_INSIDE = (",", "[", "]", "{", "}", "#", ": ", "\n", "\r", "\t")
# Text that some YAML reader (1.1 or 1.2) takes for a number: codes, phone numbers, versions.
_NUMERIC = re.compile(r"[-+.]?[0-9][0-9_.:eExXoObB+-]*")


def is_date(text: str) -> bool:
    try:
        return bool(_ISO_DATE.fullmatch(text)) and bool(datetime.date.fromisoformat(text))
    except ValueError:
        return False


def _plain(text: str) -> bool:
    """Whether ``text`` reads back as this very text when written without quotes."""
    if not text or text[0] in _NOT_FIRST or text != text.strip() or text.endswith(":"):
        return False
    if any(mark in text for mark in _NOT_INSIDE) or not text.isprintable():
        return False
    if _NUMERIC.fullmatch(text):
        return False
    return _RESOLVER.resolve(ScalarNode, text, (True, False)) == _STR


def scalar(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, int | float):
        return repr(value)
    if is_date(value) or _plain(value):  # a date is read back as this same ISO text
        return value
    return json.dumps(value, ensure_ascii=False)  # JSON's strings are YAML's double-quoted


def flow(value) -> str:
    if isinstance(value, dict):
        return "{" + ", ".join(f"{scalar(k)}: {flow(v)}" for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(flow(v) for v in value) + "]"
    return scalar(value)


def _fits(value, indent: int, prefix: str) -> str | None:
    text = flow(value)
    return text if indent + len(prefix) + len(text) <= WIDTH else None


def _block(value, indent: int) -> list[str]:
    """Lines of a mapping or a list written as a block at ``indent``."""
    pad = " " * indent
    lines = []
    if isinstance(value, dict):
        for key, item in value.items():
            prefix = f"{scalar(key)}:"
            lines += _entry(pad + prefix, item, indent, nested=indent + 2)
        return lines
    for item in value:
        if isinstance(item, dict) and item and _fits(item, indent, "- ") is None:
            inner = _block(item, indent + 2)
            lines.append(pad + "- " + inner[0].lstrip())
            lines += inner[1:]
        else:
            lines += _entry(pad + "-", item, indent, nested=indent + 2)
    return lines


def _entry(head: str, value, indent: int, nested: int) -> list[str]:
    if isinstance(value, dict | list) and value:
        text = _fits(value, len(head) + 1, "")
        if text is not None and not _long_list_of_maps(value):
            return [f"{head} {text}"]
        return [head, *_block(value, nested)]
    return [f"{head} {flow(value)}"]


def _long_list_of_maps(value) -> bool:
    """A list of several mappings reads better one a line (steps, basis, materials)."""
    return isinstance(value, list) and len(value) > 1 and any(isinstance(v, dict) for v in value)


def dump(document: dict, comment: str = "") -> str:
    """The YAML text of one catalog file, ``comment`` after its ``schema:`` line."""
    first, *rest = _block(document, 0)
    notes = [f"# {line}" for line in comment.splitlines()]
    return "\n".join([first, *notes, *rest]) + "\n"
