"""并联审批 and 一件事 bundles: the graph and its timing as JSON, Mermaid, DOT and GraphML, and
a page per bundle with the diagram drawn as SVG (no script, no network), the stage table, the
critical path and serial against parallel days."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
from markupsafe import Markup

from banshi import parallel
from banshi.emit.guides import page_title
from banshi.model import Catalog, Entry
from banshi.problems import printable

FORMATS = ("json", "mermaid", "dot", "graphml")
def result(catalog: Catalog, bundle: Entry) -> dict:
    """The graph json of the spec (nodes, edges, critical_path, days, stages) and more."""
    g = parallel.graph(catalog, bundle)
    timing = parallel.timing(catalog, bundle, g)
    data = {
        "id": bundle["id"],
        "name": bundle["name"],
        "kind": bundle["kind"],
        "lead": bundle["lead"],
        "lead_name": catalog.departments[bundle["lead"]]["name"],
        "limit": bundle.get("limit"),
        "nodes": [{"code": n, "name": g.nodes[n]["name"], "days": g.nodes[n]["days"],
                   "stage": g.nodes[n]["stage"]} for n in sorted(g)],
        "edges": [{"from": u, "to": v, "kind": d["kind"], "basis": d["basis"]}
                  for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1]))],
        **timing,
    }
    if bundle["kind"] == "一件事":
        data["materials"] = parallel.merged_materials(catalog, sorted(g))
    return data


def mermaid(data: dict) -> str:
    """Mermaid flowchart text; labels are quoted and stripped of the characters Mermaid reads,
    ids are made of the characters of an id only: one statement a line, whatever the names."""
    lines = ["flowchart LR"]
    for stage in data["stages"]:
        lines.append(f'  subgraph {_id(stage["id"])}["{_label(stage["name"])}"]')
        lines += [f'    n{_id(c)}["{_label(_node(data, c))}"]' for c in stage["items"]]
        lines.append("  end")
    arrows = {"explicit": "-->", "derived": "-.->"}
    lines += [f'  n{_id(e["from"])} {arrows[e["kind"]]} n{_id(e["to"])}' for e in data["edges"] if e["kind"] in arrows]
    lines += [f"  style n{_id(c)} stroke:#c01c28,stroke-width:3px" for c in data["critical_path"]]
    return "\n".join(lines) + "\n"


def _node(data: dict, code: str) -> str:
    node = next(n for n in data["nodes"] if n["code"] == code)
    return f'{node["name"]}（{node["days"]}天）'


def _label(text: str) -> str:
    """Text inside a quoted Mermaid label: on one line (control characters shown escaped, as
    ``\\n``) and without a character that could end the label or start an entity."""
    return "".join(c for c in printable(text) if c not in '"[](){}<>#;`|')


def _id(text: str) -> str:
    """A Mermaid or DOT identifier: anything but a letter, digit, ``_`` or ``-`` becomes ``_``
    (a schema pattern's ``$`` lets a trailing newline through)."""
    return re.sub(r"[^A-Za-z0-9_-]", "_", text)


def _dot(text: str) -> str:
    """A quoted DOT string that nothing in ``text`` can end: Graphviz's lexer reads ``\\"`` as
    a quote even after a backslash, so neither ever appears; both, and ``&``, are written as
    the HTML entities Graphviz decodes in every string; control characters are shown escaped."""
    text = printable(text).replace("&", "&amp;").replace("\\", "&#92;").replace('"', "&quot;")
    return f'"{text}"'


def dot(data: dict) -> str:
    lines = [f"digraph {_dot(data['id'])} {{", "  rankdir=LR;", "  node [shape=box];"]
    for stage in data["stages"]:
        lines.append(f"  subgraph {_dot('cluster_' + stage['id'])} {{ label={_dot(stage['name'])};")
        lines += [f"    {_dot(c)} [label={_dot(_node(data, c))}];" for c in stage["items"]]
        lines.append("  }")
    styles = {"explicit": "solid", "derived": "dashed"}
    lines += [f'  {_dot(e["from"])} -> {_dot(e["to"])} [style={styles[e["kind"]]}];'
              for e in data["edges"] if e["kind"] in styles]
    lines.append("}")
    return "\n".join(lines) + "\n"


# What XML 1.0 does not allow in a document at all, besides the control characters.
_NOT_XML = re.compile("[\ud800-\udfff\ufffe\uffff]")


def _xml(value):
    """A GraphML value that parses: control characters and what XML 1.0 forbids shown escaped
    (networkx escapes ``<``, ``&`` and quotes, not these)."""
    if not isinstance(value, str):
        return value
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", printable(value))


def graphml(catalog: Catalog, bundle: Entry) -> str:
    g = parallel.graph(catalog, bundle)
    plain = nx.DiGraph()
    for n in sorted(g):
        plain.add_node(_xml(n), name=_xml(g.nodes[n]["name"]), days=g.nodes[n]["days"], stage=_xml(g.nodes[n]["stage"]))
    for u, v, d in sorted(g.edges(data=True), key=lambda e: (e[0], e[1])):
        plain.add_edge(_xml(u), _xml(v), kind=_xml(d["kind"]), basis=_xml(d["basis"] or ""))
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def render(catalog: Catalog, bundle: Entry, fmt: str) -> str:
    if fmt == "graphml":
        return graphml(catalog, bundle)
    data = result(catalog, bundle)
    if fmt == "mermaid":
        return mermaid(data)
    if fmt == "dot":
        return dot(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def diagram(data: dict, env) -> Markup:
    """The bundle drawn as SVG: a column per stage, items stacked, causal edges as arrows."""
    width, height, gap = 190, 54, 30
    boxes, y_max = {}, 0
    for column, stage in enumerate(data["stages"]):
        for row, code in enumerate(stage["items"]):
            boxes[code] = (20 + column * (width + 60), 50 + row * (height + gap))
            y_max = max(y_max, 50 + row * (height + gap) + height)
    nodes = {n["code"]: n for n in data["nodes"]}
    on_path = set(zip(data["critical_path"], data["critical_path"][1:]))
    return Markup(env.get_template("bundle.svg.j2").render(
        data=data, boxes=boxes, nodes=nodes, width=width, height=height, on_path=on_path,
        total_width=40 + len(data["stages"]) * (width + 60), total_height=y_max + 30))


def pages(catalog: Catalog, bundles: dict[str, dict], env):
    """(docs path, Markdown) of the bundle index and one page per bundle."""
    links = [{"label": b["name"], "href": f"{b['id']}.md",
              "note": f"{b['kind']}，并联 {b['parallel_days']} 天（串联 {b['serial_days']} 天）"}
             for b in bundles.values()]
    yield "bundles/index.md", env.get_template("listing.md.j2").render(
        page_title=page_title("并联审批与一件事"), heading="并联审批与一件事", lead="",
        sections=[{"heading": "", "links": links}])
    for bundle_id, data in bundles.items():
        yield f"bundles/{bundle_id}.md", env.get_template("bundle.md.j2").render(
            b=data, page_title=page_title(data["name"]), svg=diagram(data, env))
