"""A bundle's approvals have no cycle: A before B before A can never be done.

Shown at every edge of the cycle (a ``requires`` entry, or the material row that makes one
approval's result another's input), each naming the items of the cycle.

Passing::

    catalog/bundles/open-shop.yaml:
      requires: [{before: "00013112800001", after: "00013112800002", basis: 市场主体登记管理条例 第二十四条}]

Failing::

    catalog/bundles/open-shop.yaml:
      requires: [{before: "00013112800002", after: "00013112800001", basis: 市场主体登记管理条例 第二十四条}]
"""

from banshi.problems import Problem

ID = "bundle.cycle"


def check(catalog):
    for bundle in catalog.bundles_to_check():
        # networkx takes a tenth of a second to import: only when a bundle is checked
        import networkx as nx

        from banshi import parallel

        g = parallel.graph(catalog, bundle)
        causal = nx.DiGraph([(u, v, d) for u, v, d in g.edges(data=True) if d["kind"] != "stage"])
        for cycle in parallel.cycles(causal):
            names = " → ".join(f"{c} {g.nodes[c]['name']}" for c in [*cycle, cycle[0]])
            for before, after in zip(cycle, [*cycle[1:], cycle[0]]):
                edge = g.edges[before, after]
                yield Problem.at(
                    edge["origin"],
                    ID,
                    f"cycle in bundle {bundle['id']}: {names}; this {edge['kind']} edge "
                    f"{before} → {after} is part of it",
                )
