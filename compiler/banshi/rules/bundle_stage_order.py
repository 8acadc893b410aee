"""Stages run in order: an item belongs to one stage, is written there once, and nothing in a
stage waits for a later stage.

Passing::

    catalog/bundles/open-shop.yaml:
      items: ~
      stages:
        - {id: open, name: 设立, items: ["00013112800001"]}
        - {id: change, name: 变更, items: ["00013112800002"]}

Failing::

    catalog/bundles/open-shop.yaml:
      items: ~
      stages:
        - {id: change, name: 变更, items: ["00013112800002"]}
        - {id: open, name: 设立, items: ["00013112800001"]}
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "bundle.stage-order"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "Stages run in order: an item belongs to one stage, is written there once, and "
        "nothing in a stage waits for a later stage."
    )


def _twice(stages):
    """Each code in a later stage than the first that lists it, once per stage."""
    seen = {}
    for stage in stages:
        for code in stage.codes:
            if code in seen and seen[code] != stage.id:
                yield stage, code, seen[code]
            seen.setdefault(code, stage.id)


def _written(bundle):
    """(where, the codes written there) of the bundle's stages, or of its items."""
    if "stages" in bundle.data:
        for i, stage in enumerate(bundle["stages"]):
            yield ("stages", i, "items"), stage["items"], stage["id"]
    elif "items" in bundle.data:
        yield ("items",), bundle["items"], None


def _repeated(bundle):
    """A code written twice in one list: one problem at its second place, with the count."""
    for where, codes, stage in _written(bundle):
        first: dict[str, int] = {}
        count: dict[str, int] = {}
        for j, code in enumerate(codes):
            count[code] = count.get(code, 0) + 1
            if count[code] == 2:
                first[code] = j
        for code, j in first.items():
            message = (
                _("{code} is written {count} times in stage {stage}: write it once")
                if stage
                else _("{code} is written {count} times in items: write it once")
            )
            yield Problem.at(
                bundle.origin.at(*where, j),
                ID,
                message.format(code=code, count=count[code], stage=stage),
            )


def check(catalog, scope):
    for bundle in scope.bundles():
        # networkx takes a tenth of a second to import: only when a bundle is checked
        from banshi import parallel

        yield from _repeated(bundle)
        stages = parallel.stages_of(catalog, bundle)
        for stage, code, first in _twice(stages):
            yield Problem.at(
                stage.origin,
                ID,
                _("{code} is in stage {first} and again in stage {stage}: keep it in one").format(
                    code=code, first=first, stage=stage.id
                ),
            )
        g = parallel.graph(catalog, bundle, stage_edges=False)
        for before, after in parallel.backward_edges(g, stages):
            yield Problem.at(
                g.edges[before, after]["origin"],
                ID,
                _(
                    "{after} {after_name} (stage {after_stage}) needs {before} {before_name}, "
                    "which is in the later stage {before_stage}: move one of them"
                ).format(
                    after=after,
                    after_name=g.nodes[after]["name"],
                    after_stage=g.nodes[after]["stage"],
                    before=before,
                    before_name=g.nodes[before]["name"],
                    before_stage=g.nodes[before]["stage"],
                ),
            )
