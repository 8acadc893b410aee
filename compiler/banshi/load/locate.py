"""Give problems their line and column.

Schemas and rules see plain data and say where a problem is as a path inside the document.
Only files that have such problems are composed a second time (C parser, no construction), from
the bytes load read, to find the node at that path. A path that no longer leads anywhere points
at the deepest node it reached, so every problem still lands on a real line. Where a path is in
a file is kept by the file's digest (``Locations``): a problem found again in a file whose bytes
did not change is not located again, however many there are.
"""

from __future__ import annotations

from collections.abc import Mapping

import yaml

from banshi.problems import Key, Problem
from banshi.source import SourceFile


def _child(node, step):
    """The node one path step below ``node``, or None."""
    if isinstance(node, yaml.MappingNode):
        name = step.name if isinstance(step, Key) else step
        for key_node, value_node in node.value:
            if isinstance(key_node, yaml.ScalarNode) and key_node.value == str(name):
                return key_node if isinstance(step, Key) else value_node
        return None
    if isinstance(node, yaml.SequenceNode) and isinstance(step, int):
        return node.value[step] if 0 <= step < len(node.value) else None
    return None


def node_at(root, path: tuple):
    node = root
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        node = child
    return node


def _compose(file: SourceFile | None):
    """The node tree of a file that read cleanly before (its problems came later), or None."""
    if file is None:
        return None
    try:
        return yaml.compose(file.data.decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    except (UnicodeDecodeError, yaml.YAMLError):
        return None


class Locations:
    """Line and column of paths in files, by the digest of the file's bytes."""

    def __init__(self, known: dict[str, dict[tuple, tuple[int, int]]] | None = None):
        self.known = known or {}
        self.used: dict[str, dict[tuple, tuple[int, int]]] = {}

    @property
    def changed(self) -> bool:
        """Whether this validation used other locations than those it was given."""
        return self.used != self.known

    def locate(self, problems: list[Problem], files: Mapping[str, SourceFile]) -> list[Problem]:
        """Every problem with its line and column; ``files``: the files as load read them."""
        trees: dict[str, object] = {}
        located = []
        for problem in problems:
            if problem.line:
                located.append(problem)
                continue
            file = files.get(problem.file)
            place = self._place(file, problem.path, trees)
            located.append(problem.located(*place))
        return located

    def _place(self, file: SourceFile | None, path: tuple, trees: dict) -> tuple[int, int]:
        if file is None:
            return 1, 1
        here = self.used.setdefault(file.digest, {})
        place = here.get(path) or self.known.get(file.digest, {}).get(path)
        if place is None:
            if file.name not in trees:
                trees[file.name] = _compose(file)
            tree = trees[file.name]
            if tree is None:
                place = (1, 1)
            else:
                mark = node_at(tree, path).start_mark
                place = (mark.line + 1, mark.column + 1)
        here[path] = place
        return place
