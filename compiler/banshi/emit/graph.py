"""并联审批 and 一件事 bundles: the graph and its timing as JSON, Mermaid, DOT and GraphML, and
a page per bundle with the diagram drawn as SVG (no script, no network), the stage table, the
critical path and serial against parallel days."""

from __future__ import annotations

import io
import json
import re

import networkx as nx
from markupsafe import Markup

from banshi.emit import search_words
from banshi.emit.guides import page_title, selector_data
from banshi.emit.listing import listing
from banshi.papers.make import materials_for
from banshi.problems import printable
from banshi.resolve import Compiled


def mermaid(data: dict) -> str:
    """Mermaid flowchart text; labels are quoted and stripped of the characters Mermaid reads,
    ids are made of the characters of an id only: one statement a line, whatever the names."""
    lines = ["flowchart LR"]
    for stage in data["stages"]:
        lines.append(f'  subgraph {_id(stage["id"])}["{_label(stage["name"])}"]')
        lines += [f'    n{_id(c)}["{_label(_node(data, c))}"]' for c in stage["items"]]
        lines.append("  end")
    arrows = {"explicit": "-->", "derived": "-.->"}
    lines += [
        f"  n{_id(e['from'])} {arrows[e['kind']]} n{_id(e['to'])}"
        for e in data["edges"]
        if e["kind"] in arrows
    ]
    lines += [f"  style n{_id(c)} stroke:#c01c28,stroke-width:3px" for c in data["critical_path"]]
    return "\n".join(lines) + "\n"


def _node(data: dict, code: str) -> str:
    node = next(n for n in data["nodes"] if n["code"] == code)
    return f"{node['name']}（{node['days']}天）"


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
    lines += [
        f"  {_dot(e['from'])} -> {_dot(e['to'])} [style={styles[e['kind']]}];"
        for e in data["edges"]
        if e["kind"] in styles
    ]
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


def graphml(data: dict) -> str:
    plain = nx.DiGraph()
    for node in data["nodes"]:
        plain.add_node(
            _xml(node["code"]),
            name=_xml(node["name"]),
            days=node["days"],
            stage=_xml(node["stage"]),
        )
    for edge in data["edges"]:
        plain.add_edge(
            _xml(edge["from"]),
            _xml(edge["to"]),
            kind=_xml(edge["kind"]),
            basis=_xml(edge["basis"] or ""),
        )
    buffer = io.BytesIO()
    nx.write_graphml(plain, buffer, encoding="utf-8")
    return buffer.getvalue().decode("utf-8")


def render(data: dict, fmt: str) -> str:
    """``banshi graph``: a resolved bundle (``Compiled.bundles``) as json, mermaid, dot or
    graphml."""
    if fmt == "graphml":
        return graphml(data)
    if fmt == "mermaid":
        return mermaid(data)
    if fmt == "dot":
        return dot(data)
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


LABEL_CHARS = 15  # characters a line in a diagram box: a whole name, wrapped, never cut
BOX_WIDTH, LINE_HEIGHT, LANE = 280, 18, 12


def _lines(text: str, width: int = LABEL_CHARS) -> list[str]:
    return [text[i : i + width] for i in range(0, len(text), width)] or [""]


def diagram(data: dict, env) -> Markup:
    """The bundle drawn as SVG, top to bottom so that it reads on a phone as on a desk: a band
    per stage, its items stacked with their names wrapped; every causal edge an arrow that
    leaves a box on its right, runs down (or up) its own lane and enters the other box."""
    nodes = {n["code"]: n for n in data["nodes"]}
    edges = [e for e in data["edges"] if e["kind"] != "stage"]
    right = 20 + BOX_WIDTH
    stages, boxes, y = [], {}, 10
    for stage in data["stages"]:
        title = _lines(
            f"{stage['name']}（{stage['critical_days']} 天"
            + (f" / 限 {stage['limit']} 天）" if stage["limit"] is not None else "）"),
            20,
        )
        top = y
        y += 12 + LINE_HEIGHT * len(title)
        for code in stage["items"]:
            lines = _lines(nodes[code]["name"])
            height = 14 + LINE_HEIGHT * (len(lines) + 1)
            boxes[code] = {"x": 20, "y": y, "height": height, "lines": lines}
            y += height + 14
        stages.append({"title": title, "y": top, "height": y - top})
        y += 10
    on_path = set(zip(data["critical_path"], data["critical_path"][1:]))
    arrows = [
        _arrow(e, boxes, right + LANE * (i + 1), (e["from"], e["to"]) in on_path)
        for i, e in enumerate(edges)
    ]
    width = right + LANE * (len(edges) + 1) + 10
    return Markup(
        env.get_template("bundle.svg.j2").render(
            data=data,
            nodes=nodes,
            boxes=boxes,
            stages=stages,
            arrows=arrows,
            box_width=BOX_WIDTH,
            line_height=LINE_HEIGHT,
            total_width=width,
            total_height=y,
        )
    )


def _arrow(edge: dict, boxes: dict, lane: int, critical: bool) -> dict:
    start, end = boxes[edge["from"]], boxes[edge["to"]]
    y1, y2 = start["y"] + start["height"] / 2, end["y"] + end["height"] / 2 + 6
    x = start["x"] + BOX_WIDTH
    return {
        "d": f"M{x} {y1 - 6}H{lane}V{y2}H{x + 2}",
        "critical": critical,
        "derived": edge["kind"] == "derived",
    }


def _materials(compiled: Compiled, bundle_id: str) -> dict | None:
    """A 一件事's materials as its notice gives them before any answer: the same split."""
    window = compiled.bundle_guides.get(bundle_id)
    if window is None:
        return None
    required, conditional = materials_for(window, {})
    return {
        "required": required,
        "conditional": conditional,
        "region": window.region_code,
        "selector_data": selector_data(window),
    }


def _search_words(compiled: Compiled, name: str) -> dict:
    """What the site's search finds a bundle by (banshi.emit.search_words)."""
    found = search_words.words([name], search_words.synonyms(compiled.info))
    return {"words": found, "tokens": search_words.tokens(found)}


def pages(compiled: Compiled, env):
    """(docs path, Markdown) of the bundle index and one page per bundle."""
    links = [
        {
            "label": b["name"],
            "href": f"{b['id']}.md",
            "note": f"{b['kind']}，并联 {b['parallel_days']} 天（串联 {b['serial_days']} 天）",
        }
        for b in compiled.bundles.values()
    ]
    yield listing(env, "bundles/index.md", "并联审批与一件事", [{"heading": "", "links": links}])
    for bundle_id, data in compiled.bundles.items():
        yield (
            f"bundles/{bundle_id}.md",
            env.get_template("bundle.md.j2").render(
                b=data,
                page_title=page_title(data["name"]),
                svg=diagram(data, env),
                materials=_materials(compiled, bundle_id),
                window=compiled.bundle_guides.get(bundle_id),
                **_search_words(compiled, data["name"]),
            ),
        )
