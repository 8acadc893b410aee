"""``banshi hall REGION --out DIR``: a service hall's printed matter as print-ready A4 pages.

One page file per kind (``windows.html`` with a 窗口吊牌 per window on a page of its own,
``board.html`` the 政务公示牌, ``card.html`` the 便民联系卡, ``placards.html`` the QR placards),
and ``index.html`` linking them; with ``--pdf`` a PDF of each too, made with WeasyPrint, which
fetches nothing. Each is a view of the same guides as the site and the papers.
"""

from __future__ import annotations

from markupsafe import Markup

from banshi.emit import Output, qr
from banshi.emit.papers import stylesheet
from banshi.emit.urls import guide_doc
from banshi.errors import UsageError
from banshi.i18n import _
from banshi.resolve import Compiled
from banshi.resolve.hall import Hall

PAGES = (
    ("windows.html", "hall-windows.html.j2", "窗口吊牌"),
    ("board.html", "hall-board.html.j2", "政务公示牌"),
    ("card.html", "hall-card.html.j2", "便民联系卡"),
    ("placards.html", "hall-placards.html.j2", "高频事项二维码"),
)


def _placards(compiled: Compiled, hall: Hall) -> list[dict]:
    images = qr.svgs([qr.url(compiled, guide_doc(g.code, g.region_code)) for g in hall.placards])
    return [{"g": g, "qr": Markup(image)} for g, image in zip(hall.placards, images)]


class NoPrinter(UsageError):
    """PDFs were asked for, but the renderer is not installed (a usage error)."""


def _pdf(page: str) -> bytes:
    """The page as PDF. The pages are self-contained, so the renderer may fetch nothing: not a
    file of this machine (a catalog's template could name one), not the network."""
    try:
        import weasyprint
        from weasyprint.urls import URLFetcher
    except ImportError:
        raise NoPrinter(_("--pdf needs WeasyPrint: pip install 'banshi[print]'")) from None

    class FetchNothing(URLFetcher):
        def fetch(self, url, headers=None):
            raise ValueError(f"banshi hall fetches nothing: {url}")

    return weasyprint.HTML(string=page, url_fetcher=FetchNothing()).write_pdf()


def emit(compiled: Compiled, hall: Hall, output: Output, env, pdf: bool = False) -> None:
    css = stylesheet(env, "hall.css")
    shared = {"hall": hall, "css": css, "catalog": compiled.info}
    for file, template, title in PAGES:
        extra = {"placards": _placards(compiled, hall)} if file == "placards.html" else {}
        page = env.get_template(template).render(title=title, **shared, **extra)
        output.write_text(file, page)
        if pdf:  # for the print shop
            output.write_bytes(file.replace(".html", ".pdf"), _pdf(page))
    output.write_text(
        "index.html",
        env.get_template("hall-index.html.j2").render(
            title="服务大厅印制品", pages=PAGES, **shared
        ),
    )
