"""Problems are located from the parser's events, stopping once every path is found: at the
same line and column as the node tree gives, for paths that lead somewhere, paths that stop
short (the deepest node reached), keys, and paths through aliases."""

import yaml
from catalogs import dump
from generated import catalogs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.load.locate import places
from banshi.problems import Key

KEYS = st.sampled_from(["a", "b", "code", "0", "1", "entries", "名称"])
SCALARS = st.one_of(st.text(max_size=5), st.integers(-5, 300), st.booleans(), st.none())
TREES = st.recursive(
    SCALARS,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=25,
)


def _expected(text: str, path: tuple) -> tuple[int, int]:
    """Where the composed node tree puts ``path``: the node it leads to, or the deepest one."""
    node = yaml.compose(text, Loader=yaml.CSafeLoader)
    if node is None:
        return 1, 1
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            name = str(step.name if isinstance(step, Key) else step)
            pairs = [(k, v) for k, v in node.value if isinstance(k, yaml.ScalarNode)]
            found = [(k, v) for k, v in pairs if k.value == name][:1]
            if found:
                child = found[0][0] if isinstance(step, Key) else found[0][1]
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int):
            if not isinstance(step, Key) and 0 <= step < len(node.value):
                child = node.value[step]
        if child is None:
            break
        node = child
    return node.start_mark.line + 1, node.start_mark.column + 1


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield prefix + (Key(key),)
            yield from _paths(value, prefix + (key,))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, prefix + (index,))


@st.composite
def paths_into(draw, data) -> list[tuple]:
    every = list(_paths(data))
    chosen = draw(st.lists(st.sampled_from(every), min_size=1, max_size=8))
    beyond = st.sampled_from(["nowhere", 7, Key("nowhere"), 0, "a"])
    return [p + tuple(draw(st.lists(beyond, max_size=2))) for p in chosen]


def _check(text: str, paths: list[tuple]) -> None:
    found = places(text.encode("utf-8"), paths)
    assert found == {path: _expected(text, path) for path in paths}


@settings(max_examples=300, deadline=None)
@given(st.data(), TREES, st.sampled_from([False, True, None]))
def test_any_tree_is_located_as_its_node_tree(data, tree, flow):
    text = yaml.safe_dump(tree, allow_unicode=True, default_flow_style=flow)
    _check(text, data.draw(paths_into(tree)))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.data(), catalogs())
def test_catalog_files_are_located_as_their_node_tree(data, files):
    name = data.draw(st.sampled_from(sorted(n for n in files if n.endswith(".yaml"))))
    document = files[name]
    _check(dump(document), data.draw(paths_into(document)))


def test_a_path_through_an_alias_is_where_the_anchor_is():
    text = (
        "shared: &when {all: [{question: q, equals: true}]}\n"
        "rows:\n"
        "  - {material: a, when: *when}\n"
        "  - {material: b, when: *when}\n"
    )
    _check(text, [("rows", 1, "when", "all", 0), ("rows", 0, "material"), ("rows", 1, "when")])


def test_a_file_that_breaks_before_the_path_puts_it_at_its_start():
    assert places(b"a: [1, 2\nb: 3\n", [("b",)]) == {("b",): (1, 1)}
