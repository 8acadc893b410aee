"""The window's papers rendered: html for printing on A4, and the same page as plain text for a
terminal and as Markdown, read back from that html, so the three say the same words; json is
the paper's data (``banshi.papers.Paper``) for the systems that import it. The site carries the
一次性告知单 of every guide as a printable page of its own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

from banshi.emit import dumps, qr
from banshi.emit.cores import made
from banshi.emit.guides import page_title, selector_data
from banshi.emit.render import md
from banshi.emit.urls import guide_doc, notice_doc
from banshi.papers.make import paper
from banshi.papers.paper import Paper
from banshi.papers.request import Request
from banshi.problems import printable
from banshi.resolve.compiled import Compiled, plain

FORMATS = ("html", "md", "json", "text")


def stylesheet(env, name: str = "banshi.css") -> str:
    """A stylesheet of assets/, from the catalog's templates/assets/ when it overrides it."""
    source, _, _ = env.loader.get_source(env, f"assets/{name}")
    return source


def body(made_paper: Paper, env, guide_url: str | None = None) -> str:
    """The paper's html: its kind's template (``templates/papers/KIND.html.j2``)."""
    template = env.get_template(f"papers/{made_paper.kind}.html.j2")
    return template.render(p=made_paper, guide_url=guide_url)


def render(made_paper: Paper, fmt: str, env, guide_url: str | None = None) -> str:
    if fmt == "json":
        return dumps(plain(made_paper))
    if fmt == "html":
        return env.get_template("papers/page.html.j2").render(
            p=made_paper,
            guide_url=guide_url,
            css=stylesheet(env),
            paper_css=stylesheet(env, "paper.css"),
        )
    blocks = _Blocks.of(body(made_paper, env, guide_url))
    return markdown(blocks) if fmt == "md" else text(blocks)


# ---- the page read back: blocks of text, as a reader sees them ------------------------------


TEXT_TAGS = ("h1", "h2", "p", "li", "th", "td", "span")


@dataclass
class _Table:
    kind: str  # "info": a label and a value a row; "rows": columns with a header
    header: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)


class _Blocks(HTMLParser):
    """Headings, paragraphs, tables, lists and signature lines of a paper's html, in order."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list = []
        self._text: list[str] | None = None
        self._table: _Table | None = None
        self._row: list[str] | None = None
        self._list: list | None = None

    @classmethod
    def of(cls, page: str) -> list:
        reader = cls()
        reader.feed(page)
        reader.close()
        return reader.blocks

    def handle_starttag(self, tag, attrs):
        classes = dict(attrs).get("class") or ""
        if tag in TEXT_TAGS:
            self._text = []
        elif tag == "br" and self._text is not None:
            self._text.append("\u2028")
        elif tag == "table":
            self._table = _Table("info" if "banshi-info" in classes else "rows")
        elif tag == "tr":
            self._row = []
        elif tag in ("ol", "ul"):
            self._list = [tag]
        elif tag == "footer":
            self.blocks.append(("signatures", []))

    def handle_data(self, data):
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag):
        if tag in TEXT_TAGS and self._text is not None:
            # the html's own line breaks are layout; <br> (a newline here) and spaces are text
            parts = "".join(self._text).replace("\r", "").split("\n")
            self._close_text(tag, "".join(part.strip() for part in parts))
        elif tag == "tr" and self._table is not None and self._row is not None:
            in_header = not self._table.header and self._table.kind == "rows"
            (self._table.header.extend if in_header else self._table.rows.append)(self._row)
            self._row = None
        elif tag == "table" and self._table is not None:
            self.blocks.append(("table", self._table))
            self._table = None
        elif tag in ("ol", "ul") and self._list is not None:
            self.blocks.append(("list", self._list))
            self._list = None

    def _close_text(self, tag: str, content: str):
        self._text = None
        if tag in ("th", "td") and self._row is not None:
            self._row.append(content)
        elif tag == "li" and self._list is not None:
            self._list.append(content)
        elif tag == "span" and self.blocks and self.blocks[-1][0] == "signatures":
            self.blocks[-1][1].append(content)
        elif tag in ("h1", "h2", "p") and content:
            self.blocks.append((tag, content))


def text(blocks: list) -> str:
    """The paper as plain text for a terminal, one thing a line, every value printable."""
    lines = []
    for kind, value in blocks:
        if kind == "h1":
            lines += [value, ""]
        elif kind == "h2":
            lines += ["", f"【{value}】"]
        elif kind == "p":
            lines += value.split("\u2028")
        elif kind == "table":
            lines += _table_lines(value)
        elif kind == "list":
            ordered = value[0] == "ol"
            lines += [f"{i}. {x}" if ordered else f"· {x}" for i, x in enumerate(value[1:], 1)]
        elif kind == "signatures":
            lines += ["", "　　".join(value)]
    return "\n".join(printable(line) for line in lines) + "\n"


def _table_lines(table: _Table) -> list[str]:
    if table.kind == "info":
        return [f"{row[0]}：{row[1]}" for row in table.rows if len(row) == 2]
    lines = []
    for row in table.rows:
        if len(row) != len(table.header):
            lines.append(row[0])  # 无。
            continue
        numbered = table.header[0] == "序号"
        cells = zip(table.header[numbered + 1 :], row[numbered + 1 :])
        lead = f"{row[0]}. {row[1]}" if numbered else f"{table.header[0]}：{row[0]}"
        lines.append("；".join([lead, *(f"{c}：{cell}" for c, cell in cells if cell)]))
    return lines


def markdown(blocks: list) -> str:
    """The paper as Markdown: headings, paragraphs, tables, lists; every value escaped."""
    out = []
    for kind, value in blocks:
        if kind in ("h1", "h2"):
            out.append(f"{'#' if kind == 'h1' else '##'} {md(value)}")
        elif kind == "p":
            out.append("  \n".join(md(line) for line in value.split("\u2028")))
        elif kind == "table":
            out.append(_table_markdown(value))
        elif kind == "list":
            ordered = value[0] == "ol"
            out.append(
                "\n".join(
                    f"{i}. {md(x)}" if ordered else f"- {md(x)}" for i, x in enumerate(value[1:], 1)
                )
            )
        elif kind == "signatures":
            out.append(md("　　".join(value)))
    return "\n\n".join(out) + "\n"


def _table_markdown(table: _Table) -> str:
    if table.kind == "info":
        return "\n".join(f"- {md(row[0])}：{md(row[1])}" for row in table.rows if len(row) == 2)
    lines = [
        "| " + " | ".join(md(c) for c in table.header) + " |",
        "|" + "---|" * len(table.header),
    ]
    for row in table.rows:
        cells = row + [""] * (len(table.header) - len(row))
        lines.append("| " + " | ".join(md(c) for c in cells) + " |")
    return "\n".join(lines)


# ---- the site's 一次性告知单 pages ---------------------------------------------------------


def pages(compiled: Compiled, env, fresh):
    """(docs path, Markdown, key) of the printable 一次性告知单 of every guide and every 一件事
    window, before any answer; a guide's only when the previous build's cannot stand for it
    (``fresh``, as ``guides.pages``). A 一件事's is always made: its members make it. Made on
    every core."""
    template = env.get_template("notice-page.md.j2")  # compiled before forking
    env.get_template("papers/inform.html.j2")
    calendar = compiled.work_calendar()

    def page(guide) -> str:
        informed = paper(guide, calendar, Request())
        return template.render(
            p=informed,
            page_title=page_title(f"一次性告知单：{guide.handling.name}（{guide.region.name}）"),
            selector_data=selector_data(guide),
            guide_url=qr.url(compiled, guide_doc(guide.code, guide.region_code)),
        )

    windows = [(g, (g,)) for g in compiled.guides]
    windows += [(g, None) for g in compiled.bundle_guides.values()]
    notices = ((notice_doc(g.code, g.region_code), inputs, g) for g, inputs in windows)
    yield from made(notices, fresh, page)
