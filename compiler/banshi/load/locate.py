"""Give problems their line and column.

Schemas and rules see plain data and say where a problem is as a path inside the document.
Only files that have such problems are composed a second time (C parser, no construction) to
find the node at that path. A path that no longer leads anywhere points at the deepest node it
reached, so every problem still lands on a real line.
"""

from __future__ import annotations

from pathlib import Path

import yaml

from banshi.load import OutsideRoot, read_inside
from banshi.problems import Key, Problem


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


def _compose(root: Path, file: str):
    """The node tree of a file that read cleanly before (its problems came later), or None."""
    try:
        return yaml.compose(read_inside(root, file).decode("utf-8-sig"), Loader=yaml.CSafeLoader)
    except (OSError, OutsideRoot, UnicodeDecodeError, yaml.YAMLError):
        return None


def locate(problems: list[Problem], root: Path) -> list[Problem]:
    """Fill in line and column for every problem that has none yet."""
    trees: dict[str, object] = {}
    located = []
    for problem in problems:
        if problem.line:
            located.append(problem)
            continue
        if problem.file not in trees:
            trees[problem.file] = _compose(root, problem.file)
        tree = trees[problem.file]
        if tree is None:
            located.append(problem.located(1, 1))
            continue
        mark = node_at(tree, problem.path).start_mark
        located.append(problem.located(mark.line + 1, mark.column + 1))
    return located
