"""The MkDocs plugin ``banshi``: pages whose front matter says ``finished: true`` are HTML as
written (guides, notices, item pages: nearly every page of a site).

MkDocs would parse each through Python-Markdown, whose raw-HTML parser took about 85% of the
site's build, and it holds every page's HTML in memory until the last one is rendered (6.7 GB
for the province). For a finished page it parses no Markdown and holds a placeholder; the body
is read again from the page's file when its theme page is written.

A page without ``finished: true`` (the index pages, or a catalog's own Markdown template) is
built as MkDocs builds any page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin

PLACEHOLDER = "<!-- banshi: finished page -->"


def finished(page) -> bool:
    return page.meta.get("finished") is True


def body(source: str) -> str:
    """What follows the front matter, which MkDocs has read already (``---`` lines around it;
    our titles are JSON-quoted, so a title never holds a line break)."""
    if source.startswith("---\n"):
        end = source.find("\n---\n", 3)
        if end != -1:
            return source[end + 5 :].strip("\n")
    return source.strip("\n")


class FinishedPages(BasePlugin):
    def on_page_markdown(self, markdown, page, config, files):
        return "" if finished(page) else markdown

    def on_page_content(self, html, page, config, files):
        return PLACEHOLDER if finished(page) else html

    def on_post_page(self, output, page, config):
        if not finished(page):
            return output
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        return output.replace(PLACEHOLDER, body(source))
