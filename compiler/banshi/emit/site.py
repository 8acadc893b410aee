"""The published site as a MkDocs project in ``site-src/``: every page (guides, notices,
item, bundle and index pages), the assets, the blank forms and the configuration. MkDocs builds
it (``banshi.emit.html``) and Pagefind indexes it (``banshi.emit.search``).
"""

from __future__ import annotations

import html
import json
from importlib import resources

from banshi.emit import Output, graph, guides, indexes, keeping, papers, qr
from banshi.emit.render import dial
from banshi.resolve.compiled import Compiled

ASSETS = (
    "assets/banshi.css",
    "assets/selector.js",
    "assets/search.js",
    "assets/where.js",
    "assets/favicon.svg",
)


PROJECT_FILES = ("zensical.yml", "theme/main.html", "theme/404.html")


def _config(compiled: Compiled) -> str:
    """site/mkdocs.yml with the catalog's name, URL and footer (edited as text: it holds
    comments that a YAML round trip would drop)."""
    text = resources.files("banshi.site").joinpath("mkdocs.yml").read_text("utf-8")
    lines = []
    for line in text.splitlines():
        if line.startswith("site_name:"):  # themes print site_name unescaped: escape it here
            lines.append("site_name: " + _yaml_text(compiled.info.name))
            lines.append("site_url: " + json.dumps(compiled.info.base_url))
        elif line == "extra: {}":
            lines.append("extra:")
            lines += [f"  {key}: {_yaml_text(value)}" for key, value in _footer(compiled).items()]
        else:
            lines.append(line)
    return "\n".join(lines) + "\n"


def _yaml_text(value: str) -> str:
    """A YAML scalar of ``value`` HTML-escaped, for the theme prints config values as they are."""
    return json.dumps(html.escape(str(value)), ensure_ascii=False)


def _footer(compiled: Compiled) -> dict[str, str]:
    """The footer of every page: publisher, version, release date, and the 监督投诉电话."""
    complaint = indexes.complaint_phone(compiled)
    info = compiled.info
    return {
        "publisher": info.publisher,
        "version": info.version,
        "released": info.released,
        "complaint_phone": complaint,
        "complaint_tel": dial(complaint) or "",
    }


def _item_image(output: Output):
    """The QR code of a handling item, as the qr stage wrote it."""
    return lambda code: output.path(qr.item_file(code)).read_text("utf-8").rstrip("\n")


def emit(compiled: Compiled, output: Output, env) -> None:
    """The MkDocs project in ``site-src/``: every page, the assets, the forms, the config."""
    fresh = keeping.page_keys(compiled, output, env)
    producers = (
        guides.pages(compiled, env, _item_image(output), fresh),
        papers.pages(compiled, env, fresh),
        graph.pages(compiled, env),
        indexes.pages(compiled, env),
    )
    for producer in producers:
        for path, text, *key in producer:
            output.write_text(f"site-src/docs/{path}", text, *key)
    for asset in ASSETS:
        source, _, _ = env.loader.get_source(env, asset)
        output.write_text(f"site-src/docs/{asset}", source)
    for form in compiled.form_files:
        output.write_bytes(f"site-src/docs/{form.site_path}", form.data)
    project = {"mkdocs.yml": _config(compiled)} | {
        name: resources.files("banshi.site").joinpath(name).read_text("utf-8")
        for name in PROJECT_FILES
    }
    builder = keeping.builder_key(project)
    for name, text in project.items():
        if not output.reuse(f"site-src/{name}", builder):
            output.write_text(f"site-src/{name}", text, builder)
