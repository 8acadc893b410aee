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

from banshi.i18n import _
from banshi.problems import Problem

ID = "bundle.cycle"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A bundle's approvals have no cycle: A before B before A can never be done.")


# Lines shown for one group of items in a circle: enough to see it, never thousands.
MAX_LINES = 10


def _named(g, codes) -> str:
    return " → ".join(f"{c} {g.nodes[c]['name']}" for c in codes)


def _edges_here(kind: str, edges: list) -> str:
    """What the line makes of the circle: a ``requires`` entry (explicit) or a result that is
    another item's material (derived)."""
    made = ", ".join(f"{u} → {v}" for u, v in edges)
    if kind == "explicit":
        if len(edges) == 1:
            return _("the requires entry here makes {edges}, part of it").format(edges=made)
        return _("the requires entries here make {edges}, part of it").format(edges=made)
    if len(edges) == 1:
        return _(
            "the material here, one's result and the other's input, makes {edges}, part of it"
        ).format(edges=made)
    return _(
        "the materials here, one's result and the other's input, make {edges}, part of it"
    ).format(edges=made)


def _message(bundle, g, cycle, group, edges, more: int) -> str:
    if len(group.codes) > 2:
        members = ", ".join(f"{c} {g.nodes[c]['name']}" for c in group.codes)
        message = _(
            "cycle in bundle {bundle}: {cycle} ({count} items wait for one another here: "
            "{members}); {edges}"
        ).format(count=len(group.codes), members=members, bundle=bundle, cycle=cycle, edges=edges)
    else:
        message = _("cycle in bundle {bundle}: {cycle}; {edges}").format(
            bundle=bundle, cycle=cycle, edges=edges
        )
    if more:
        return _("{message}; {more} more lines make this circle, not shown").format(
            message=message, more=more
        )
    return message


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
            shown = list(lines.items())[:MAX_LINES]
            for n, (origin, edges) in enumerate(shown, 1):
                before, after = edges[0]
                cycle = group.cycle_through(causal, before, after)
                circle = _named(g, [*cycle, cycle[0]])
                here = _edges_here(g.edges[before, after]["kind"], edges)
                more = max(len(lines) - MAX_LINES, 0) if n == MAX_LINES else 0
                yield Problem.at(origin, ID, _message(bundle["id"], g, circle, group, here, more))
