"""办事指南: one page per handling item and implementing region, and one page per handling
item that lists where it is implemented (the page its QR code opens).

Pages are Markdown for MkDocs whose catalog text sits in autoescaped HTML. Blank forms and
samples are published under names made from the material id, never the maintainer's path.
"""

from __future__ import annotations

import html
import json

from markupsafe import Markup

from banshi.emit import places, qr, search_words
from banshi.emit.cores import made
from banshi.emit.urls import address, guide_doc, item_doc, notice_doc
from banshi.model import LEVEL_NAMES
from banshi.resolve.compiled import Compiled, Guide, HandlingItem


def page_title(text: str) -> Markup:
    """A front-matter title: YAML-quoted, HTML-escaped (MkDocs themes print titles unescaped)."""
    return Markup(json.dumps(html.escape(text), ensure_ascii=False))


def level_names(levels) -> str:
    return "、".join(LEVEL_NAMES[level] for level in levels)


def selector_data(guide: Guide) -> dict:
    """What the in-page situation selector needs, taken from the compiled item."""
    h = guide.handling
    return {
        "code": h.code,
        "questions": [
            {"id": q.id, "text": q.text, "type": q.type, "options": list(q.options)}
            for q in h.questions
        ],
        "materials": [{"id": m.id, "when": m.when} for m in guide.materials],
    }


def online_url(handling) -> str | None:
    """在线办理 address (format v1.1 ``online_url``), shown when the item is not 窗口办理."""
    address = handling.online_url
    if handling.online == "窗口办理" or not isinstance(address, str):
        return None
    return address if address.startswith("https://") else None


def json_ld(compiled: Compiled, guide: Guide) -> dict:
    """schema.org GovernmentService of a guide, for search engines and assistants."""
    h = guide.handling
    channel = {
        "@type": "ServiceChannel",
        "name": guide.agency.name,
        "servicePhone": {"@type": "ContactPoint", "telephone": guide.phone},
        "serviceLocation": {
            "@type": "Place",
            "name": guide.agency.name,
            "address": guide.address,
        },
        "availableLanguage": "zh-CN",
    }
    channels = [channel]
    if online_url(h):
        channels.append(
            {"@type": "ServiceChannel", "name": "在线办理", "serviceUrl": online_url(h)}
        )
    return {
        "@context": "https://schema.org",
        "@type": "GovernmentService",
        "name": h.name,
        "identifier": h.code,
        "serviceType": h.type,
        "url": qr.url(compiled, guide_doc(h.code, guide.region_code)),
        "serviceOperator": {"@type": "GovernmentOrganization", "name": guide.agency.name},
        "areaServed": {
            "@type": "AdministrativeArea",
            "name": guide.region.name,
            "identifier": guide.region_code,
        },
        "availableChannel": channels,
        "serviceOutput": [{"@type": "Thing", "name": r.name} for r in h.results],
    }


def guide_page(compiled: Compiled, env, guide: Guide, code_image: str) -> str:
    return env.get_template("guide.md.j2").render(
        g=guide,
        page_title=page_title(f"{guide.handling.name}（{guide.region.name}）"),
        base="../../../",
        forms=compiled.forms,
        qr=Markup(code_image),
        notice_link="../../../" + address(notice_doc(guide.code, guide.region_code)),
        selector_data=selector_data(guide),
        level_names=level_names,
        keywords=guide.handling.keywords,
        online_url=online_url(guide.handling),
        updated=compiled.info.released,
        version=compiled.info.version,
        json_ld=json_ld(compiled, guide),
    )


def item_page(compiled: Compiled, env, code: str, code_image: str) -> str:
    h = compiled.handling[code]
    found = search_words.item_words(h, search_words.synonyms(compiled.info))
    materials, waived = places.common_materials(compiled, code)
    groups, _ = places.places(compiled, code)
    return env.get_template("item.md.j2").render(
        h=h,
        page_title=page_title(h.name),
        qr=Markup(code_image),
        base="../../",
        forms=compiled.forms,
        words=found,
        tokens=search_words.tokens(found),
        also=search_words.also_called(h, found),
        materials=materials,
        waived=waived,
        selector_data=item_selector_data(h, materials),
        places=groups,
        count=len(compiled.guides_of(code)),
        example=places.example(compiled, code),
    )


def item_selector_data(handling: HandlingItem, materials) -> dict:
    """The situation selector's data on an item's page: its questions, the common materials."""
    return {
        "code": handling.code,
        "questions": [
            {"id": q.id, "text": q.text, "type": q.type, "options": list(q.options)}
            for q in handling.questions
        ],
        "materials": [{"id": m.id, "when": m.when} for m in materials],
    }


def item_places(compiled: Compiled, code: str) -> dict[str, str]:
    """``items/<code>/<region>.json`` → the places an item's page lists on demand."""
    _, files = places.places(compiled, code)
    return {
        f"items/{code}/{region}.json": json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        for region, data in files.items()
    }


def pages(compiled: Compiled, env, item_image, fresh):
    """(docs path, Markdown, key) for every guide page and every handling item page the
    previous build's cannot stand for: ``fresh(path, *inputs)`` gives the key of a page made
    from ``inputs``, or None when the previous build's page is kept. Made on every core. An
    item page shows the QR code ``item_image(code)`` gives (the one the qr stage wrote), a
    guide page a code made with it."""
    for name in ("guide.md.j2", "item.md.j2"):
        env.get_template(name)  # compiled before forking: a syntax error is raised here

    def guide(one: Guide) -> str:
        image = qr.svg(qr.url(compiled, guide_doc(one.code, one.region_code)))
        return guide_page(compiled, env, one, image)

    guides = ((guide_doc(g.code, g.region_code), (g,), g) for g in compiled.guides)
    yield from made(guides, fresh, guide)
    items = (
        (item_doc(code), (handling, compiled.guides_of(code)), code)
        for code, handling in compiled.handling.items()
    )
    yield from made(items, fresh, lambda code: item_page(compiled, env, code, item_image(code)))
    yield from _places_files(compiled, fresh)


def _places_files(compiled: Compiled, fresh):
    """The JSON files of the places item pages list on demand (only items done at many)."""
    for code, handling in compiled.handling.items():
        if len(compiled.guides_of(code)) <= places.INLINE_GUIDES:
            continue
        for path, text in item_places(compiled, code).items():
            key = fresh(path, handling, compiled.guides_of(code))
            if key is not None:
                yield path, text, key
