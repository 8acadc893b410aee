"""一次性告知单 and 补正告知书: rendered for the command line (html, md, json) and as a
printable page per guide on the site."""

from __future__ import annotations

from banshi.emit import dumps
from banshi.emit.guides import page_title, selector_data
from banshi.resolve import Compiled
from banshi.resolve.notice import Notice, compose


def stylesheet(env) -> str:
    """The shared stylesheet, from the catalog's templates/assets/ when it overrides it."""
    source, _, _ = env.loader.get_source(env, "assets/banshi.css")
    return source


def render(notice: Notice, fmt: str, env) -> str:
    if fmt == "json":
        return dumps(notice.data)
    if fmt == "md":
        return env.get_template("notice.md.j2").render(n=notice.data)
    return env.get_template("notice.html.j2").render(n=notice.data, css=stylesheet(env))


def pages(compiled: Compiled, env):
    """(docs path, Markdown) of the printable notice of every guide and every 一件事 window,
    before any answer."""
    template = env.get_template("notice-page.md.j2")
    for guide in [*compiled.guides, *compiled.bundle_guides.values()]:
        notice = compose(compiled, guide.code, guide.region_code, {}, None, None)
        yield f"notices/{guide.region_code}/{guide.code}.md", template.render(
            n=notice.data,
            page_title=page_title(f"一次性告知单：{guide.handling['name']}（{guide.region['name']}）"),
            selector_data=selector_data(guide),
        )

