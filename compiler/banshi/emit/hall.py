"""``banshi hall REGION --out DIR``: a service hall's printed matter as print-ready A4 pages.

One page file per kind (``windows.html`` with a 窗口吊牌 per window on a page of its own,
``board.html`` the 政务公示牌, ``card.html`` the 便民联系卡, ``placards.html`` the QR placards),
and ``index.html`` linking them. Each is a view of the same guides as the site and the papers.
"""

from __future__ import annotations

from markupsafe import Markup

from banshi.emit import Output, qr
from banshi.emit.notices import stylesheet
from banshi.resolve import Compiled
from banshi.resolve.hall import Hall

PAGES = (("windows.html", "hall-windows.html.j2", "窗口吊牌"),
         ("board.html", "hall-board.html.j2", "政务公示牌"),
         ("card.html", "hall-card.html.j2", "便民联系卡"),
         ("placards.html", "hall-placards.html.j2", "高频事项二维码"))


def _placards(compiled: Compiled, hall: Hall) -> list[dict]:
    images = qr.svgs([qr.url(compiled, qr.guide_path(g.code, g.region_code)) for g in hall.placards])
    return [{"g": g, "qr": Markup(image)} for g, image in zip(hall.placards, images)]


def emit(compiled: Compiled, hall: Hall, output: Output, env) -> None:
    css = stylesheet(env, "hall.css")
    shared = {"hall": hall, "css": css, "catalog": compiled.info}
    for file, template, title in PAGES:
        extra = {"placards": _placards(compiled, hall)} if file == "placards.html" else {}
        output.write_text(file, env.get_template(template).render(title=title, **shared, **extra))
    output.write_text("index.html", env.get_template("hall-index.html.j2").render(
        title="服务大厅印制品", pages=PAGES, **shared))
