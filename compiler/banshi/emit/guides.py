"""办事指南: one page per handling item and implementing region, and one page per handling
item that lists where it is implemented (the page its QR code opens).

Pages are Markdown for MkDocs whose catalog text sits in autoescaped HTML. Blank forms and
samples are published under names made from the material id, never the maintainer's path.
"""

from __future__ import annotations

import html
import json
from pathlib import PurePosixPath

from markupsafe import Markup

from banshi.emit import qr
from banshi.load import is_file_inside
from banshi.model import LEVEL_NAMES
from banshi.resolve import Compiled, Guide

# What a published form may be; anything else is not linked (material.file reports it).
FORM_SUFFIXES = (".docx", ".doc", ".pdf", ".xlsx", ".xls", ".wps", ".txt", ".jpg", ".png")


def page_title(text: str) -> Markup:
    """A front-matter title: YAML-quoted, HTML-escaped (MkDocs themes print titles unescaped)."""
    return Markup(json.dumps(html.escape(text), ensure_ascii=False))


def level_names(levels) -> str:
    return "、".join(LEVEL_NAMES[level] for level in levels)


def published_forms(compiled: Compiled) -> dict[str, dict[str, str]]:
    """material id → {"blank"|"sample": site path}, for forms that exist with a known suffix.

    Only a regular file inside the catalog root, reached without a symbolic link, is ever
    published: even with ``material.file`` turned off, ``/etc/…``, ``../…`` or a committed
    link to ``/proc/self/environ`` is not."""
    forms: dict[str, dict[str, str]] = {}
    for material_id, material in sorted(compiled.catalog.materials.items()):
        for kind, field in (("blank", "blank_form"), ("sample", "sample")):
            source = material.get(field)
            suffix = PurePosixPath(source).suffix.lower() if source else ""
            if suffix in FORM_SUFFIXES and is_file_inside(compiled.catalog.root, source):
                forms.setdefault(material_id, {})[kind] = f"forms/{material_id}/{kind}{suffix}"
    return forms


def selector_data(guide: Guide) -> dict:
    """What the in-page situation selector needs, taken from the compiled item."""
    h = guide.handling
    return {
        "code": h["code"],
        "questions": [{k: q[k] for k in ("id", "text", "type", "options")} for q in h["questions"]],
        "materials": [{"id": m["id"], "when": m["when"]} for m in h["materials"]],
    }


def guide_page(compiled: Compiled, env, guide: Guide, forms, code_image: str) -> str:
    return env.get_template("guide.md.j2").render(
        g=guide,
        page_title=page_title(f"{guide.handling['name']}（{guide.region['name']}）"),
        base="../../../",
        forms=forms,
        qr=Markup(code_image),
        notice_link=f"../../notices/{guide.region_code}/{guide.code}.md",
        selector_data=selector_data(guide),
        level_names=level_names,
    )


def item_page(compiled: Compiled, env, code: str, code_image: str) -> str:
    return env.get_template("item.md.j2").render(
        h=compiled.handling[code],
        guides=compiled.guides_of(code),
        page_title=page_title(compiled.handling[code]["name"]),
        qr=Markup(code_image),
    )


def pages(compiled: Compiled, env, forms, item_codes: dict[str, str]):
    """(docs path, Markdown) for every guide page and every handling item page; an item page
    shows the item's QR code from ``item_codes``, a guide page a code made here."""
    images = qr.svgs([qr.url(compiled, qr.guide_path(g.code, g.region_code)) for g in compiled.guides])
    for guide, image in zip(compiled.guides, images):
        yield f"guides/{guide.region_code}/{guide.code}.md", guide_page(compiled, env, guide, forms, image)
    for code in compiled.handling:
        yield f"items/{code}.md", item_page(compiled, env, code, item_codes[code])
