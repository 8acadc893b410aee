"""Jinja2, set up once for every emitter that renders templates.

Templates come from the catalog root's own ``templates/`` first, then Banshi's defaults, so
a centre overrides one file without copying the rest. Autoescape is on for every template:
catalog text is data and reaches a page only escaped. Text that lands in Markdown (a link's
label) goes through ``md``, which escapes Markdown as well as HTML.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

import jinja2
from markupsafe import Markup

from banshi.conditions import shown_answer

# Characters that make Markdown anywhere in a line (emphasis, code, links, tables), and those
# that do only at its start (headings, lists, quotes); '<' and '&' become HTML entities.
_MARKDOWN_INLINE = re.compile(r"([\\`*_\[\]|])")
_MARKDOWN_LINE_START = re.compile(r"^(\s*(?:\d+(?=[.)])|(?=[#+\-!=])))(.)")


def md(text) -> Markup:
    """Text for a Markdown context: no emphasis, link, image, heading or HTML comes of it."""
    escaped = _MARKDOWN_INLINE.sub(r"\\\1", str(text).replace("\n", " "))
    escaped = _MARKDOWN_LINE_START.sub(r"\1\\\2", escaped)
    return Markup(escaped.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def days(count: int, unit: str = "工作日") -> str:
    return "即时办结" if count == 0 else f"{count} 个{unit}"


_DICT_ATTRIBUTES = frozenset(dir(dict))


class _Environment(jinja2.Environment):
    def getattr(self, obj, attribute):
        """``h.name`` on a plain dict, which is most of what templates read, without first
        failing to find a dict attribute (Jinja's order, an exception each time): the same
        value, since a dict has only the attributes of its class."""
        if type(obj) is dict and attribute not in _DICT_ATTRIBUTES:
            try:
                return obj[attribute]
            except KeyError:
                return self.undefined(obj=obj, name=attribute)
        return super().getattr(obj, attribute)


def environment(root: Path | None = None) -> jinja2.Environment:
    loaders = []
    if root is not None and (root / "templates").is_dir():
        loaders.append(jinja2.FileSystemLoader(root / "templates"))
    loaders.append(jinja2.FileSystemLoader(str(resources.files("banshi.templates"))))
    env = _Environment(
        loader=jinja2.ChoiceLoader(loaders),
        auto_reload=False,  # one command's templates do not change under it: no stat per page
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(md=md, days=days, answer=shown_answer)
    return env
