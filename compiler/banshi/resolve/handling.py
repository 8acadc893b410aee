"""A handling item resolved: the item's shared fields (四级四同), its own limits, steps and fees,
and each material row with the library's name, category, source and forms; and the blank
forms and samples the site publishes."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath

from banshi.conditions import describe
from banshi.conditions import questions as questions_of
from banshi.load.source import SourceFile
from banshi.model import FORM_FIELDS, Catalog, Handling

# What a published form may be; anything else is not linked (material.file reports it).
FORM_SUFFIXES = (".docx", ".doc", ".pdf", ".xlsx", ".xls", ".wps", ".txt", ".jpg", ".png")


@dataclass(frozen=True)
class FormFile:
    """A blank form or sample to publish: its site path (made from the material id, never the
    maintainer's path) and its bytes as load read them."""

    site_path: str
    data: bytes = field(repr=False)


def _publishable(name: str | None, found) -> bool:
    """Only a regular file inside the catalog root that load read (no symbolic link on its
    way) is ever published: even with ``material.file`` turned off, ``/etc/…``, ``../…`` or a
    committed link to ``/proc/self/environ`` is not."""
    return (
        bool(name)
        and PurePosixPath(name).suffix.lower() in FORM_SUFFIXES
        and isinstance(found, SourceFile)
    )


def published_forms(catalog: Catalog) -> tuple[dict[str, dict], list[FormFile]]:
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
        forms[material_id] = links
    return forms, files


def material_row(catalog: Catalog, row: dict) -> dict:
    library = catalog.materials[row["material"]].data
    when = row.get("when")
    texts = {q: catalog.questions[q]["text"] for q in questions_of(when)}
    return {
        "id": row["material"],
        "name": library["name"],
        "category": library["category"],
        "source": library["source"],
        "issuer": library.get("issuer"),
        "e_license": library.get("e_license", False),
        "requirements": library.get("requirements"),
        "blank_form": library.get("blank_form"),
        "sample": library.get("sample"),
        "form": row["form"],
        "copies": row["copies"],
        "note": row.get("note"),
        "when": when,
        "condition_text": describe(when, texts) if when else None,
        "deferrable_days": row.get("deferrable_days"),
        "proof": library.get("proof", False),
        "commitment": library.get("commitment", False),
        "commitment_form": library.get("commitment_form"),
    }


def _rows(rows: list[dict], keys: tuple[str, ...]) -> list[dict]:
    """Rows with every optional key present (null when absent): stable for importers and
    templates."""
    return [{key: row.get(key) for key in keys} for row in rows]


def _question(catalog: Catalog, name: str) -> dict:
    data = catalog.questions[name].data
    return {
        "id": name,
        "text": data["text"],
        "type": data["type"],
        "options": data.get("options", [True, False]),
        "help": data.get("help"),
    }


def resolve_handling(catalog: Catalog, handling: Handling, forms: dict) -> dict:
    """``forms``: the published forms (``published_forms``), for the results' samples."""
    item, data = handling.item.data, handling.data
    materials = [material_row(catalog, row) for row in data["materials"]]
    asked = list(dict.fromkeys(q for m in materials for q in questions_of(m["when"])))
    return {
        "code": data["code"],
        "name": data["name"],
        "item": item["code"],
        "item_name": item["name"],
        "type": item["type"],
        "sector": item["sector"],
        "kind": data["kind"],
        "status": item["status"],
        "effective": item["effective"],
        "expires": item.get("expires"),
        "service_objects": item["service_objects"],
        "basis": _rows(item["basis"], ("kind", "title", "article", "number")),
        "levels": item["levels"],
        "conditions": item.get("conditions", []) + data.get("conditions", []),
        "time_limit": {
            key: data["time_limit"].get(key)
            for key in ("unit", "legal", "promised", "extension", "note")
        },
        "steps": _rows(data["steps"], ("name", "days", "post")),
        "special_steps": _rows(
            data.get("special_steps", []), ("name", "days", "counted", "basis", "fee")
        ),
        "materials": materials,
        "questions": [_question(catalog, q) for q in asked],
        "fees": _rows(data["fees"], ("name", "amount", "unit", "basis")),
        "results": [
            {
                "id": r["material"],
                "name": catalog.materials[r["material"]]["name"],
                "sample": forms[r["material"]]["sample"],
            }
            for r in data.get("results", [])
        ],
        "delivery": data.get("delivery", []),
        "visits": data["visits"],
        "online": data["online"],
        "proxy": data["proxy"],
        "keywords": list(dict.fromkeys(item.get("keywords", []) + data.get("keywords", []))),
        "online_url": data.get("online_url"),
        "online_depth": data.get("online_depth"),
        "visit_reason": data.get("visit_reason"),
        "cross_region": data.get("cross_region"),
        "quantity_limit": data.get("quantity_limit"),
        "first_review": data.get("first_review"),
        "faq": item.get("faq", []),
    }
