"""Give problems their line and column.

Schemas and rules see plain data and say where a problem is as a path inside the document.
Only files that have such problems are read a second time, from the bytes load read, and only
as far as it takes: the parser's events (C parser, no nodes built) are walked along the paths
wanted, and the walk stops once every path is found. A path that no longer leads anywhere
points at the deepest node it reached, so every problem still lands on a real line. Where a
path is in a file is kept by the file's digest (``Locations``): a problem found again in a
file whose bytes did not change is not located again, however many there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import yaml

from banshi.problems import Key, Problem
from banshi.source import SourceFile

_NODE_EVENTS = (yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent, yaml.AliasEvent)
_END_EVENTS = (yaml.MappingEndEvent, yaml.SequenceEndEvent)


class _Wanted:
    """A node some wanted path passes through: the steps wanted below it, and where it is."""

    __slots__ = ("keys", "values", "items", "place", "kind", "target")

    def __init__(self):
        self.keys: dict[str, _Wanted] = {}  # Key(name) steps: the key node of a mapping
        self.values: dict[str, _Wanted] = {}  # other steps into a mapping, by its key's text
        self.items: dict[int, _Wanted] = {}  # whole numbers into a sequence
        self.place: tuple[int, int] | None = None
        self.kind: type | None = None  # the event that started it: mapping, sequence, scalar
        self.target = False  # a path ends here

    def add(self, path: tuple) -> int:
        """Want ``path``; 1 if it ends where no other path ends."""
        node = self
        for step in path:
            node = node._below(step)
        new, node.target = not node.target, True
        return int(new)

    def _below(self, step) -> _Wanted:
        if isinstance(step, Key):
            return self.keys.setdefault(str(step.name), _Wanted())
        child = self.values.setdefault(str(step), _Wanted())
        if isinstance(step, int):
            self.items.setdefault(step, child)
        return child

    def step(self, step) -> _Wanted | None:
        """Where ``step`` leads from here as the parser found this node: a mapping is entered
        by its keys' text, a sequence by index; None where the step leads nowhere."""
        if self.kind is yaml.MappingStartEvent:
            if isinstance(step, Key):
                return self.keys.get(str(step.name))
            return self.values.get(str(step))
        if self.kind is yaml.SequenceStartEvent and isinstance(step, int):
            return self.items.get(step)
        return None

    def place_of(self, path: tuple) -> tuple[int, int]:
        node, place = self, self.place or (1, 1)
        for step in path:
            node = node.step(step)
            if node is None or node.place is None:
                break
            place = node.place
        return place


class _Aliased(Exception):
    """A wanted path passes through an alias: its nodes are where the anchor is."""


def _walk(text: str, root: _Wanted, targets: int) -> None:
    """Mark the wanted nodes with where they start, until ``targets`` paths ended at one."""
    parser = yaml.CBaseLoader(text)
    # each open collection: [its wanted node or None, is a mapping, a key comes next (mapping)
    # or the next index (sequence), the text of the key whose value comes next]
    stack: list[list] = []
    try:
        while targets:
            event = parser.get_event()
            kind = type(event)
            if kind in _END_EVENTS:
                stack.pop()
                continue
            if kind is yaml.StreamEndEvent:
                return
            if kind not in _NODE_EVENTS:
                continue
            node = _node_of(stack, root, event)
            if node is not None:
                if kind is yaml.AliasEvent:
                    raise _Aliased
                if node.place is None:
                    mark = event.start_mark
                    node.place, node.kind = (mark.line + 1, mark.column + 1), kind
                    targets -= node.target
            if kind is yaml.MappingStartEvent or kind is yaml.SequenceStartEvent:
                is_mapping = kind is yaml.MappingStartEvent
                stack.append([node, is_mapping, True if is_mapping else 0, None])
    finally:
        parser.dispose()


def _node_of(stack: list[list], root: _Wanted, event) -> _Wanted | None:
    """The wanted node the event starts, if any; moves its collection on by one."""
    if not stack:
        return root
    frame = stack[-1]
    wanted = frame[0]
    if not frame[1]:  # a sequence
        index = frame[2]
        frame[2] = index + 1
        return wanted.items.get(index) if wanted else None
    if frame[2] is True:  # a mapping's key
        frame[2] = False
        scalar = type(event) is yaml.ScalarEvent
        frame[3] = event.value if scalar else None
        return wanted.keys.get(event.value) if wanted and scalar else None
    frame[2] = True  # its value
    return wanted.values.get(frame[3]) if wanted and frame[3] is not None else None


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


def _node_at(root, path: tuple):
    node = root
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        node = child
    return node


def _composed_places(text: str, paths: list[tuple]) -> dict[tuple, tuple[int, int]]:
    """Through the node tree, where an alias is the anchored node itself."""
    tree = yaml.compose(text, Loader=yaml.CBaseLoader)
    if tree is None:
        return {path: (1, 1) for path in paths}
    marks = {path: _node_at(tree, path).start_mark for path in paths}
    return {path: (mark.line + 1, mark.column + 1) for path, mark in marks.items()}


def places(data: bytes, paths: Iterable[tuple]) -> dict[tuple, tuple[int, int]]:
    """Line and column of each path in a file that read cleanly before (its problems came
    later): the node the path leads to, or the deepest one it reached; (1, 1) where the file
    does not parse as far as the paths go."""
    paths = list(dict.fromkeys(paths))
    try:
        text = data.decode("utf-8-sig")
        root = _Wanted()
        targets = sum(root.add(path) for path in paths)
        try:
            _walk(text, root, targets)
        except _Aliased:
            return _composed_places(text, paths)
    except (UnicodeDecodeError, yaml.YAMLError):
        return {path: (1, 1) for path in paths}
    return {path: root.place_of(path) for path in paths}


class Locations:
    """Line and column of paths in files, by the digest of the file's bytes."""

    def __init__(self, known: dict[str, dict[tuple, tuple[int, int]]] | None = None):
        self.known = known or {}
        self.used: dict[str, dict[tuple, tuple[int, int]]] = {}

    def kept(self, digests: set[str]) -> dict[str, dict[tuple, tuple[int, int]]]:
        """The locations worth keeping for the files whose bytes hash ``digests``: those this
        validation used, and those it was given (problems kept from the last validation are
        not located again, and their places are needed when the next finds them again)."""
        return {
            digest: {**self.known.get(digest, {}), **self.used.get(digest, {})}
            for digest in sorted(digests & (self.known.keys() | self.used.keys()))
        }

    def locate(self, problems: list[Problem], files: Mapping[str, SourceFile]) -> list[Problem]:
        """Every problem with its line and column; ``files``: the files as load read them.
        Each file with problems to locate is read once, for all of them."""
        wanted: dict[str, list[tuple]] = {}
        for problem in problems:
            if not problem.line:
                wanted.setdefault(problem.file, []).append(problem.path)
        found = {name: self._places(files.get(name), paths) for name, paths in wanted.items()}
        return [p if p.line else p.located(*found[p.file].get(p.path, (1, 1))) for p in problems]

    def _places(self, file: SourceFile | None, paths: list[tuple]) -> dict:
        if file is None:
            return {}
        here = self.used.setdefault(file.digest, {})
        known = self.known.get(file.digest, {})
        for path in paths:
            if path not in here and path in known:
                here[path] = known[path]
        missing = [p for p in paths if p not in here]
        if missing:
            here.update(places(file.data, missing))
        return here
