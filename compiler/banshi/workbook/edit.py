"""What ``banshi import`` writes into a catalog file that is already there: only what the workbook
changed, so that an official's edit is reviewed in git as the lines it changed.

A file whose document the workbook leaves as it was is not written at all, byte for byte as it
was. Otherwise ruamel.yaml reads the file as it is written (comments, key order, flow or block
style, quotes), the values that differ are put into that reading (a changed scalar in its place,
a key that was cleared taken out, a new key after its neighbour, rows added or removed where
they are) and ruamel.yaml writes it again. Where ruamel.yaml lays out a part the workbook did
not touch differently from the file (a flow mapping broken over two lines), a three-way merge
(merge3) keeps the file's own lines there: its base is ruamel.yaml's writing of the file as it
is, one side the file, the other the writing with the changes. The text is then read back by the
catalog's own reader and must give exactly the workbook's document; if it does not, the file is
written whole in the house style (``yaml_out``), which always does.
"""

from __future__ import annotations

import datetime
import difflib
import io

from banshi.load.reader import read
from banshi.workbook import yaml_out

# (mapping indent, sequence indent, dash offset): the catalog's own style (``  - {…}``), then
# PyYAML's (``- …`` under its key); a file in neither is merged line by line.
_LAYOUTS = ((2, 4, 2), (2, 2, 0))


def frozen(value):
    """``value`` as a hashable whole that equals another only when the two are the same data
    of the same types (``1`` is not ``1.0`` nor ``true``), whatever the order of keys. A key
    written null is the key left out (``legal: null``, 无法定时限, is an empty cell)."""
    if isinstance(value, dict):
        return (
            dict,
            frozenset((key, frozen(item)) for key, item in value.items() if item is not None),
        )
    if isinstance(value, list):
        return (list, tuple(map(frozen, value)))
    return (type(value), value)


def same(a, b) -> bool:
    return frozen(a) == frozen(b)


class _Unlike(Exception):
    """ruamel.yaml's reading of a file does not have the shape of the catalog reader's."""


def _yaml(layout=_LAYOUTS[0]):
    from ruamel.yaml import YAML

    yaml = YAML()  # round trip: comments, order, styles and quotes are kept
    yaml.preserve_quotes = True
    yaml.width = 1 << 16  # a long line stays one line, as it was written
    yaml.indent(mapping=layout[0], sequence=layout[1], offset=layout[2])
    return yaml


def _written(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _fresh(value, like=None):
    """A new value as ruamel.yaml writes it in the house style: text quoted where a reader
    would take it for something else (or where the file quoted the value it replaces), dates
    plain, a new mapping or list laid out as ``yaml_out`` lays it out."""
    from ruamel.yaml.scalarstring import DoubleQuotedScalarString

    if isinstance(value, str):
        if yaml_out.scalar(value).startswith('"') or isinstance(like, DoubleQuotedScalarString):
            return DoubleQuotedScalarString(value)
        if yaml_out.is_date(value):
            return datetime.date.fromisoformat(value)
        return value
    if isinstance(value, dict | list) and value:
        return _yaml().load(yaml_out.dump({"value": value}))["value"]
    return value


def _merged(node, old, new):
    """``node``, ruamel.yaml's reading of the data ``old``, changed into ``new`` where the two
    differ, in place where it can be."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    if same(old, new):
        return node
    if isinstance(node, CommentedMap) and isinstance(old, dict) and isinstance(new, dict):
        _merge_mapping(node, old, new)
        return node
    if isinstance(node, CommentedSeq) and isinstance(old, list) and isinstance(new, list):
        _merge_list(node, old, new)
        return node
    return _fresh(new, like=node)


def _merge_mapping(node, old: dict, new: dict) -> None:
    if set(node) != set(old):
        raise _Unlike
    for key in [k for k in node if k not in new]:
        del node[key]
    at = 0  # a new key goes after the key written before it in the workbook's order
    for key, value in new.items():
        if key in node:
            node[key] = _merged(node[key], old[key], value)
            at = list(node).index(key) + 1
        else:
            node.insert(at, key, _fresh(value))
            at += 1


def _merge_list(node, old: list, new: list) -> None:
    """Rows kept stay as they are written; rows changed in place are merged; rows the workbook
    added or removed are inserted or deleted where they are."""
    if len(node) != len(old):
        raise _Unlike
    matcher = difflib.SequenceMatcher(
        None, [frozen(v) for v in old], [frozen(v) for v in new], autojunk=False
    )
    for tag, i1, i2, j1, j2 in reversed(matcher.get_opcodes()):
        if tag == "equal":
            continue
        paired = min(i2 - i1, j2 - j1)
        for k in range(paired):
            node[i1 + k] = _merged(node[i1 + k], old[i1 + k], new[j1 + k])
        for index in reversed(range(i1 + paired, i2)):
            del node[index]
        for k, value in enumerate(new[j1 + paired : j2]):
            node.insert(i1 + paired + k, _fresh(value))


def _three_way(base: str, mine: str, edited: str) -> str:
    """``mine`` with the changes from ``base`` to ``edited``; where both changed the same lines,
    ``edited``'s (the workbook's change wins over a layout only the file had)."""
    import merge3

    lines = [text.splitlines(keepends=True) for text in (base, mine, edited)]
    out: list[str] = []
    for region in merge3.Merge3(*lines).merge_regions():
        kind, *at = region
        if kind == "unchanged":
            out += lines[0][at[0] : at[1]]
        elif kind in ("a", "same"):
            out += lines[1][at[0] : at[1]]
        elif kind == "b":
            out += lines[2][at[0] : at[1]]
        else:  # conflict: zstart, zend, astart, aend, bstart, bend
            out += lines[2][at[4] : at[5]]
    return "".join(out)


def _layout(yaml_data, text: str):
    """The ruamel.yaml writer whose writing of the unchanged file is the file itself, or else
    the one whose writing keeps most of the file's lines (a ``legal: null`` that ruamel.yaml
    writes ``legal:`` must not make the three-way merge take a whole list in another layout)."""
    writings = []
    for layout in _LAYOUTS:
        yaml = _yaml(layout)
        written = _written(yaml, yaml_data)
        if written == text:
            return yaml, text
        writings.append((yaml, written))
    lines = text.splitlines()
    return max(writings, key=lambda w: _kept_lines(w[1].splitlines(), lines))


def _kept_lines(written: list[str], lines: list[str]) -> int:
    matcher = difflib.SequenceMatcher(None, written, lines, autojunk=False)
    return sum(block.size for block in matcher.get_matching_blocks())


def _reads_as(text: str, document: dict) -> bool:
    result = read("", text.encode("utf-8"))
    return not result.problems and same(result.data, document)


def edited(text: str, old, new: dict) -> str | None:
    """The text of a catalog file (``old`` being what the catalog reader reads in it) changed to
    hold ``new``, its byte-order mark and line ends kept; None when ``new`` is what the file
    holds already."""
    if same(old, new):
        return None
    mark = "\ufeff" if text.startswith("\ufeff") else ""
    end = "\r\n" if "\r\n" in text else "\n"
    text = text.removeprefix(mark).replace("\r\n", "\n")
    candidates = _edited_in_place(text, old, new) if isinstance(old, dict) else []
    written = next((c for c in candidates if _reads_as(c, new)), None) or yaml_out.dump(new)
    return mark + written.replace("\n", end)


def _edited_in_place(text: str, old: dict, new: dict) -> list[str]:
    """The merged text and ruamel.yaml's own writing, in that order; none when ruamel.yaml
    cannot read the file as the catalog reader does."""
    from ruamel.yaml.error import YAMLError

    try:
        data = _yaml().load(text)
        yaml, base = _layout(data, text)
        changed = _written(yaml, _merged(data, old, new))
    except (YAMLError, _Unlike, RecursionError):
        return []
    return [changed if base == text else _three_way(base, text, changed), changed]
