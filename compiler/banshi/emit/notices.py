"""The window's papers (一次性告知单, 补正告知书, 受理通知书 …): rendered for the command line
(html for printing on A4, md, json, and plain text for a terminal) and, for the 一次性告知单, as
a printable page per guide on the site. Every format renders the same sections."""

from __future__ import annotations

from banshi.emit import dumps
from banshi.emit.cores import made
from banshi.emit.guides import page_title, selector_data
from banshi.emit.urls import notice_doc
from banshi.problems import printable
from banshi.resolve import Compiled
from banshi.resolve.notice import Notice
from banshi.resolve.papers import paper


def stylesheet(env, name: str = "banshi.css") -> str:
    """A stylesheet of assets/, from the catalog's templates/assets/ when it overrides it."""
    source, _, _ = env.loader.get_source(env, f"assets/{name}")
    return source


def _section_text(section: dict) -> list[str]:
    lines = [f"【{section['heading']}】"] if section.get("heading") else []
    if "lines" in section:
        lines += section["lines"]
    elif "fields" in section:
        lines += [f"{label}：{value}" for label, value in section["fields"]]
    elif "columns" in section:
        lines += [_row_text(section["columns"], row) for row in section["rows"]] or ["无。"]
    elif "signatures" in section:
        lines.append("　　".join(section["signatures"]))
    return lines


def _row_text(columns: list[str], row: list[str]) -> str:
    """``1. 居民身份证；形式：原件；份数：1 …``: a numbered row leads with its number and name."""
    numbered = columns[0] == "序号"
    cells = [
        f"{c}：{cell}" for c, cell in zip(columns[numbered + 1 :], row[numbered + 1 :]) if cell
    ]
    lead = f"{row[0]}. {row[1]}" if numbered else f"{columns[0]}：{row[0]}"
    return "；".join([lead, *cells])


def text(notice: Notice) -> str:
    """The paper as plain text for a terminal, one thing per line, every value printable."""
    n = notice.data
    lines = [
        n["agency"]["name"],
        n["kind"],
        f"编号：{n['number'] or ''}",
        f"{n['name']} · {' › '.join(n['region_path'])}",
        "申请人：",
    ]
    if n["answers_shown"]:
        lines.append(
            "申请人情形："
            + "；".join(f"{a['question']}：{a['answer']}" for a in n["answers_shown"])
        )
    for section in n["sections"]:
        if "signatures" in section:  # what the applicant must still know, above the signatures
            lines += ["", *(f"注意：{w}" for w in n["warnings"])]
        lines += ["", *_section_text(section)]
    return "\n".join(printable(line) for line in lines) + "\n"


def render(notice: Notice, fmt: str, env) -> str:
    if fmt == "json":
        return dumps(notice.data)
    if fmt == "text":
        return text(notice)
    if fmt == "md":
        return env.get_template("notice.md.j2").render(n=notice.data)
    return env.get_template("notice.html.j2").render(
        n=notice.data, css=stylesheet(env), paper_css=stylesheet(env, "paper.css")
    )


def pages(compiled: Compiled, env, fresh):
    """(docs path, Markdown, key) of the printable 一次性告知单 of every guide and every 一件事
    window, before any answer; a guide's only when the previous build's cannot stand for it
    (``fresh``, as ``guides.pages``). A 一件事's is always made: its members make it. Made on
    every core."""
    template = env.get_template("notice-page.md.j2")  # compiled before forking

    def page(guide) -> str:
        notice = paper(compiled, guide.code, guide.region_code, "inform", {}, None, None)
        return template.render(
            n=notice.data,
            page_title=page_title(f"一次性告知单：{guide.handling.name}（{guide.region.name}）"),
            selector_data=selector_data(guide),
        )

    windows = [(g, (g,)) for g in compiled.guides]
    windows += [(g, None) for g in compiled.bundle_guides.values()]
    notices = ((notice_doc(g.code, g.region_code), inputs, g) for g, inputs in windows)
    yield from made(notices, fresh, page)
