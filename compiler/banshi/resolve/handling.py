"""A handling item resolved: the item's shared fields (四级四同), its own limits, steps and fees,
and each material row with the library's name, category, source and forms; and the blank
forms and samples the site publishes."""

from __future__ import annotations

from pathlib import PurePosixPath

from banshi.conditions import describe
from banshi.conditions import questions as questions_of
from banshi.model import FORM_FIELDS, Catalog, Handling
from banshi.resolve.compiled import (
    Basis,
    Faq,
    Fee,
    FormFile,
    FormLinks,
    HandlingItem,
    Levels,
    MaterialRow,
    Question,
    Result,
    SpecialStep,
    Step,
    TimeLimit,
)
from banshi.source import SourceFile

# What a published form may be; anything else is not linked (material.file reports it).
FORM_SUFFIXES = (".docx", ".doc", ".pdf", ".xlsx", ".xls", ".wps", ".txt", ".jpg", ".png")


def _publishable(name: str | None, found) -> bool:
    """Only a regular file inside the catalog root that load read (no symbolic link on its
    way) is ever published: even with ``material.file`` turned off, ``/etc/…``, ``../…`` or a
    committed link to ``/proc/self/environ`` is not."""
    return (
        bool(name)
        and PurePosixPath(name).suffix.lower() in FORM_SUFFIXES
        and isinstance(found, SourceFile)
    )


def published_forms(catalog: Catalog) -> tuple[dict[str, FormLinks], list[FormFile]]:
    """material id → {"blank", "sample", "commitment": site path or None}, for every material,
    and the files to copy. A result material's sample is its 办理结果样本; a proof's commitment
    form is the 告知承诺书 template."""
    forms, files = {}, []
    for material_id, material in sorted(catalog.materials.items()):
        links = {}
        for kind, key in FORM_FIELDS:
            name = material.get(key)
            found = catalog.forms.get(name) if name else None
            links[kind] = None
            if _publishable(name, found):
                links[kind] = f"forms/{material_id}/{kind}{PurePosixPath(name).suffix.lower()}"
                files.append(FormFile(links[kind], found.data))
        forms[material_id] = FormLinks(**links)
    return forms, files


def material_row(catalog: Catalog, row: dict) -> MaterialRow:
    library = catalog.materials[row["material"]].data
    when = row.get("when")
    texts = {q: catalog.questions[q]["text"] for q in questions_of(when)}
    return MaterialRow(
        id=row["material"],
        name=library["name"],
        category=library["category"],
        source=library["source"],
        issuer=library.get("issuer"),
        e_license=library.get("e_license", False),
        requirements=library.get("requirements"),
        blank_form=library.get("blank_form"),
        sample=library.get("sample"),
        form=row["form"],
        copies=row["copies"],
        note=row.get("note"),
        when=when,
        condition_text=describe(when, texts) if when else None,
        deferrable_days=row.get("deferrable_days"),
        proof=library.get("proof", False),
        commitment=library.get("commitment", False),
        commitment_form=library.get("commitment_form"),
    )


def _question(catalog: Catalog, name: str) -> Question:
    data = catalog.questions[name].data
    options = data.get("options", [True, False])
    return Question(name, data["text"], data["type"], tuple(options), data.get("help"))


def _of(cls, rows: list[dict]) -> tuple:
    """Rows of a list as ``cls``, their absent optional keys None."""
    return tuple(cls(**row) for row in rows)


def resolve_handling(catalog: Catalog, handling: Handling, forms: dict) -> HandlingItem:
    """``forms``: the published forms (``published_forms``), for the results' samples."""
    item, data = handling.item.data, handling.data
    materials = tuple(material_row(catalog, row) for row in data["materials"])
    asked = list(dict.fromkeys(q for m in materials for q in questions_of(m.when)))
    levels = item["levels"]
    limit = data["time_limit"]
    return HandlingItem(
        code=data["code"],
        name=data["name"],
        item=item["code"],
        item_name=item["name"],
        type=item["type"],
        sector=item["sector"],
        kind=data["kind"],
        status=item["status"],
        effective=item["effective"],
        expires=item.get("expires"),
        service_objects=tuple(item["service_objects"]),
        basis=_of(Basis, item["basis"]),
        levels=Levels(tuple(levels["exercise"]), tuple(levels["accept"]), levels["decide"]),
        conditions=tuple(item.get("conditions", []) + data.get("conditions", [])),
        time_limit=TimeLimit(
            limit["unit"],
            limit.get("legal"),
            limit["promised"],
            limit.get("extension"),
            limit.get("note"),
        ),
        steps=_of(Step, data["steps"]),
        special_steps=_of(SpecialStep, data.get("special_steps", [])),
        materials=materials,
        questions=tuple(_question(catalog, q) for q in asked),
        fees=_of(Fee, data["fees"]),
        results=tuple(
            Result(
                r["material"],
                catalog.materials[r["material"]]["name"],
                forms[r["material"]].sample,
            )
            for r in data.get("results", [])
        ),
        delivery=tuple(data.get("delivery", [])),
        visits=data["visits"],
        online=data["online"],
        proxy=data["proxy"],
        keywords=tuple(dict.fromkeys(item.get("keywords", []) + data.get("keywords", []))),
        online_url=data.get("online_url"),
        online_depth=data.get("online_depth"),
        visit_reason=data.get("visit_reason"),
        cross_region=data.get("cross_region"),
        quantity_limit=data.get("quantity_limit"),
        first_review=data.get("first_review"),
        faq=_of(Faq, item.get("faq", [])),
    )
