"""Stages run in order: an item belongs to one stage, and nothing in a stage waits for a
later stage.

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

from banshi.problems import Problem

ID = "bundle.stage-order"


def _twice(stages):
    seen = {}
    for stage in stages:
        for code in stage.codes:
            if code in seen and seen[code] != stage.id:
                yield stage, code, seen[code]
            seen.setdefault(code, stage.id)


def check(catalog, scope):
    for bundle in scope.bundles():
        # networkx takes a tenth of a second to import: only when a bundle is checked
        from banshi import parallel

        stages = parallel.stages_of(catalog, bundle)
        for stage, code, first in _twice(stages):
            yield Problem.at(
                stage.origin,
                ID,
                f"{code} is in stage {first} and again in stage {stage.id}: keep it in one",
            )
        order = {s.id: i for i, s in enumerate(stages)}
        g = parallel.graph(catalog, bundle)
        for before, after, edge in g.edges(data=True):
            if (
                edge["kind"] != "stage"
                and order[g.nodes[before]["stage"]] > order[g.nodes[after]["stage"]]
            ):
                yield Problem.at(
                    edge["origin"],
                    ID,
                    f"{after} {g.nodes[after]['name']} (stage {g.nodes[after]['stage']}) needs "
                    f"{before} {g.nodes[before]['name']}, which is in the later stage "
                    f"{g.nodes[before]['stage']}: move one of them",
                )
