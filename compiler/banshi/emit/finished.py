"""The MkDocs plugin ``banshi``: pages whose front matter says ``finished: true`` are HTML as
written (guides, notices, item pages: nearly every page of a site).

MkDocs would parse each through Python-Markdown, whose raw-HTML parser took about 85% of the
site's build, and it holds every page's HTML in memory until the last one is rendered (6.7 GB
for the province). For a finished page it makes no Markdown converter at all (making one per
page was half of what was left) and holds a placeholder; the body is read again from the
page's file when its theme page is written.

A page without ``finished: true`` (the index pages, or a catalog's own Markdown template) is
built as MkDocs builds any page.
"""

from __future__ import annotations

from pathlib import Path

from mkdocs.plugins import BasePlugin
from mkdocs.structure.pages import Page

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


class FinishedPage(Page):
    """A page that renders to the placeholder when it is finished, as MkDocs renders any
    other."""

    def render(self, config, files) -> None:
        if finished(self):
            self.content = PLACEHOLDER
        else:
            super().render(config, files)


class FinishedPages(BasePlugin):
    def on_pre_page(self, page, config, files):
        """The same page, made a ``FinishedPage`` (it adds no state, so the navigation and
        the files keep pointing at it)."""
        page.__class__ = FinishedPage
        return page

    def on_page_markdown(self, markdown, page, config, files):
        """Nothing of a finished page's source is held until the end of the build."""
        return "" if finished(page) else markdown

    def on_post_page(self, output, page, config):
        if not finished(page):
            return output
        source = Path(page.file.abs_src_path).read_text(encoding="utf-8-sig")
        return output.replace(PLACEHOLDER, body(source))
