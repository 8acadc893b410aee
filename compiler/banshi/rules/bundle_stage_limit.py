"""A stage's critical path fits its limit (阶段时限).

Items of a stage run in parallel except where one needs another; the longest such chain of
promised days must fit the stage's ``limit`` (or the bundle's, without stages).

Passing::

    catalog/bundles/open-shop.yaml:
      limit: 3

Failing::

    catalog/bundles/open-shop.yaml:
      limit: 2
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "bundle.stage-limit"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A stage's critical path fits its limit (阶段时限).")


def check(catalog, scope):
    for bundle in scope.bundles():
        # networkx takes a tenth of a second to import: only when a bundle is checked
        import networkx as nx

        from banshi import parallel

        g = parallel.graph(catalog, bundle, stage_edges=False)
        stages = parallel.stages_of(catalog, bundle)
        if not nx.is_directed_acyclic_graph(g) or parallel.backward_edges(g, stages):
            continue  # bundle.cycle and bundle.stage-order say why
        for stage in stages:
            days, path = parallel.longest_path(g, [c for c in stage.codes if c in g])
            if stage.limit is not None and days > stage.limit:
                chain = " → ".join(f"{c} {g.nodes[c]['name']} ({g.nodes[c]['days']})" for c in path)
                yield Problem.at(
                    stage.origin.at("limit") if stage.id != "all" else bundle.origin.at("limit"),
                    ID,
                    _(
                        "stage {stage} has a limit of {limit} days but its critical path takes "
                        "{days}: {chain}"
                    ).format(stage=stage.name, limit=stage.limit, days=days, chain=chain),
                )
