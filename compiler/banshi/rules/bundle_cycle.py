"""A bundle's approvals have no cycle: A before B before A can never be done.

Reported once per group of items that wait for one another in a circle (all the items that
can reach each other), at the lines whose edges make it (a ``requires`` entry, or the material
row that makes one approval's result another's input), each naming the group's items and a
shortest circle through that edge. At most ``MAX_LINES`` lines are shown for one group; the
last one says how many more there are.

Passing::

    catalog/bundles/open-shop.yaml:
      requires:
        - {before: "00013112800001", after: "00013112800002",
           basis: 市场主体登记管理条例 第二十四条}

Failing::

    catalog/bundles/open-shop.yaml:
      requires:
        - {before: "00013112800002", after: "00013112800001",
           basis: 市场主体登记管理条例 第二十四条}
"""

from banshi.problems import Problem

ID = "bundle.cycle"
# Lines shown for one group of items in a circle: enough to see it, never thousands.
MAX_LINES = 10


def _named(g, codes) -> str:
    return " → ".join(f"{c} {g.nodes[c]['name']}" for c in codes)


def check(catalog, scope):
    for bundle in scope.bundles():
        # networkx takes a tenth of a second to import: only when a bundle is checked
        from banshi import parallel

        g = causal = parallel.graph(catalog, bundle, stage_edges=False)
        for group in parallel.cycles(causal):
            # one line per place that makes an edge of the circle, each once
            lines: dict = {}
            for before, after in group.edges:
                lines.setdefault(g.edges[before, after]["origin"], []).append((before, after))
            members = ", ".join(f"{c} {g.nodes[c]['name']}" for c in group.codes)
            whole = (
                f" ({len(group.codes)} items wait for one another here: {members})"
                if len(group.codes) > 2
                else ""
            )
            shown = list(lines.items())[:MAX_LINES]
            for n, (origin, edges) in enumerate(shown, 1):
                before, after = edges[0]
                cycle = group.cycle_through(causal, before, after)
                kind = g.edges[before, after]["kind"]
                made = ", ".join(f"{u} → {v}" for u, v in edges)
                this = (
                    f"this {kind} edge {made} is"
                    if len(edges) == 1
                    else f"these {kind} edges {made} are"
                )
                message = (
                    f"cycle in bundle {bundle['id']}: {_named(g, [*cycle, cycle[0]])}{whole}; "
                    f"{this} part of it"
                )
                if n == MAX_LINES and len(lines) > MAX_LINES:
                    message += f"; {len(lines) - MAX_LINES} more lines make this circle, not shown"
                yield Problem.at(origin, ID, message)
