"""并联审批: a bundle as a networkx graph of its handling items, with stages and timing.

The reform documents' rule (docs/domain.md): 存在法定因果关系的实行串联,
无法定因果关系的实行并联. Item B follows item A
when ``requires`` says so (citing a basis: kind ``explicit``), when a result of A is among B's
materials (kind ``derived``), or when A's stage comes before B's (kind ``stage``). Everything
else runs in parallel. Each edge keeps the origin it comes from, so a cycle can be shown at
every line that makes it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

import networkx as nx

from banshi.model import Catalog, Entry
from banshi.problems import Origin
from banshi.route import promise_at


@dataclass(frozen=True)
class Stage:
    id: str
    name: str
    limit: int | None
    codes: tuple[str, ...]
    origin: Origin


def _codes(catalog: Catalog, code: str) -> list[str]:
    return [h["code"] for h in catalog.handling_of(code)]


def _unique_codes(catalog: Catalog, written: list[str]) -> tuple[str, ...]:
    """The handling codes ``written`` names, each once (a code written twice is reported by
    bundle.stage-order; kept twice, it would make the stage's edges grow with its square)."""
    return tuple(dict.fromkeys(c for code in dict.fromkeys(written) for c in _codes(catalog, code)))


def stages_of(catalog: Catalog, bundle: Entry) -> list[Stage]:
    """The bundle's stages; a bundle without stages is one stage of all its items."""
    if "stages" in bundle.data:
        return [
            Stage(
                s["id"],
                s["name"],
                s.get("limit"),
                _unique_codes(catalog, s["items"]),
                bundle.origin.at("stages", i),
            )
            for i, s in enumerate(bundle["stages"])
        ]
    codes = _unique_codes(catalog, bundle.get("items", []))
    return [Stage("all", bundle["name"], bundle.get("limit"), codes, bundle.origin.at("items"))]


def _days(catalog: Catalog, bundle: Entry, code: str) -> int:
    """What the lead's region promises for the item (along its route), else the item's promise."""
    handling = catalog.handling[code]
    lead = catalog.departments.get(bundle["lead"])
    if lead is None:
        return handling["time_limit"]["promised"]
    return promise_at(catalog, lead["region"], handling)


def _derived_edges(catalog: Catalog, codes: list[str]):
    """A → B where a result of A is among B's materials (its origin: B's material row)."""
    produced = {}
    for code in codes:
        for row in catalog.handling[code].get("results", []):
            produced.setdefault(row["material"], []).append(code)
    for code in codes:
        handling = catalog.handling[code]
        for i, row in enumerate(handling["materials"]):
            for source in produced.get(row["material"], []):
                if source != code:
                    yield source, code, handling.origin.at("materials", i, "material")


def graph(
    catalog: Catalog,
    bundle: Entry,
    in_force: Collection[str] | None = None,
    stage_edges: bool = True,
) -> nx.DiGraph:
    """Nodes: handling codes with ``name``, ``days``, ``legal``, ``stage``. Edges: ``kind``,
    ``origin``, ``basis``. Codes the catalog does not know are left out (ref.item reports them),
    and so are those not ``in_force`` when that is given (a published bundle shows only what an
    applicant can apply for that day). Without ``stage_edges`` only the causal edges are made
    (what the rules check, in time linear in the bundle): a stage edge joins every item of a
    stage to every item of the next, so there are as many as their product."""
    g = nx.DiGraph(id=bundle["id"], name=bundle["name"])
    stages = stages_of(catalog, bundle)
    for stage in stages:
        for code in stage.codes:
            if (
                code in catalog.handling
                and code not in g
                and (in_force is None or code in in_force)
            ):
                g.add_node(
                    code,
                    name=catalog.handling[code]["name"],
                    days=_days(catalog, bundle, code),
                    legal=catalog.handling[code]["time_limit"].get("legal"),
                    stage=stage.id,
                )
    for i, edge in enumerate(bundle.get("requires", [])):
        for before in _codes(catalog, edge["before"]):
            for after in _codes(catalog, edge["after"]):
                if before in g and after in g:
                    g.add_edge(
                        before,
                        after,
                        kind="explicit",
                        basis=edge["basis"],
                        origin=bundle.origin.at("requires", i),
                    )
    for before, after, origin in _derived_edges(catalog, sorted(g)):
        if not g.has_edge(before, after):
            g.add_edge(before, after, kind="derived", basis=None, origin=origin)
    for earlier, later in zip(stages, stages[1:]) if stage_edges else ():
        for before in earlier.codes:
            for after in later.codes:
                if before in g and after in g and not g.has_edge(before, after):
                    g.add_edge(before, after, kind="stage", basis=None, origin=later.origin)
    return g


def backward_edges(g: nx.DiGraph, stages: list[Stage]) -> list[tuple[str, str]]:
    """The causal edges whose item waits for one in a later stage, which stages forbid."""
    order = {s.id: i for i, s in enumerate(stages)}
    return [
        (before, after)
        for before, after, edge in g.edges(data=True)
        if edge["kind"] != "stage"
        and order[g.nodes[before]["stage"]] > order[g.nodes[after]["stage"]]
    ]


def longest_path(g: nx.DiGraph, nodes, weight: str = "days") -> tuple[int, list[str]]:
    """The heaviest path (node weight ``days``, or ``legal``) through ``nodes``; ties go to the
    lower code."""
    sub = g.subgraph(nodes)
    best: dict[str, tuple[int, list[str]]] = {}
    for node in nx.lexicographical_topological_sort(sub):
        before = [best[p] for p in sorted(sub.predecessors(node))]
        days, path = max(before, key=lambda b: b[0], default=(0, []))
        best[node] = (days + sub.nodes[node][weight], [*path, node])
    return max(best.values(), key=lambda b: b[0], default=(0, []))


def timing(catalog: Catalog, bundle: Entry, g: nx.DiGraph) -> dict:
    """Per stage its critical days; stages one after another; the saving over serial."""
    stages, critical_path, parallel_days = [], [], 0
    for stage in stages_of(catalog, bundle):
        members = list(dict.fromkeys(c for c in stage.codes if c in g))
        days, path = longest_path(g, members)
        stages.append(
            {
                "id": stage.id,
                "name": stage.name,
                "items": members,
                "critical_days": days,
                "critical_path": path,
                "limit": stage.limit,
            }
        )
        critical_path += path
        parallel_days += days
    serial_days = sum(g.nodes[n]["days"] for n in g)
    return {
        "stages": stages,
        "critical_path": critical_path,
        "parallel_days": parallel_days,
        "serial_days": serial_days,
        "saving_days": serial_days - parallel_days,
    }


def legal_days(catalog: Catalog, bundle: Entry, g: nx.DiGraph) -> int | None:
    """The legal limits along the same stages and causal order: what the law allows the whole
    bundle when its approvals run in parallel (a sum would count parallel approvals twice).
    None when the law sets no limit for one of its items (无法定时限): nor for the whole."""
    if any(g.nodes[n]["legal"] is None for n in g):
        return None
    return sum(
        longest_path(g, [c for c in stage.codes if c in g], "legal")[0]
        for stage in stages_of(catalog, bundle)
    )


@dataclass(frozen=True)
class CycleGroup:
    """Items that wait for one another in a circle: a strongly connected component of more than
    one item, or one item that waits for itself. Not every elementary cycle: ten items that all
    require one another make one group, not a million cycles."""

    codes: tuple[str, ...]  # sorted
    edges: tuple[tuple[str, str], ...]  # every edge between them, sorted

    def cycle_through(self, g: nx.DiGraph, before: str, after: str) -> list[str]:
        """A shortest circle that takes this edge: before → after → … → before."""
        if before == after:
            return [before]
        return [before, *nx.shortest_path(g.subgraph(self.codes), after, before)[:-1]]


def cycles(g: nx.DiGraph) -> list[CycleGroup]:
    """The groups of items that wait for one another in a circle, in a stable order; linear in
    the size of the graph."""
    groups = []
    for component in nx.strongly_connected_components(g):
        codes = tuple(sorted(component))
        if len(codes) > 1 or g.has_edge(codes[0], codes[0]):
            edges = tuple(sorted((u, v) for u, v in g.subgraph(codes).edges))
            groups.append(CycleGroup(codes, edges))
    return sorted(groups, key=lambda group: group.codes)
