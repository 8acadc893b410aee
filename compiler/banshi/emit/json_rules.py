"""Compiled JSON for importing systems: ``json/`` with a manifest, an index, one file per
handling item, one per implementing region, the 证明事项清单 (``proofs.json``), and the JSON
Schemas of all of them."""

from __future__ import annotations

from importlib import resources

from banshi import __version__
from banshi.emit import Output
from banshi.resolve.compiled import Compiled, Guide, Region, plain

FORMAT_VERSION = "banshi/json/v1"
OUTPUT_SCHEMAS = (
    "manifest",
    "index",
    "item",
    "implementation",
    "bundle",
    "notice",
    "proofs",
    "calendar",
)


def _item(compiled: Compiled, code: str) -> dict:
    regions = [g.region_code for g in compiled.guides_of(code)]
    return {**plain(compiled.handling[code]), "regions": regions}


def _entry(guide: Guide) -> dict:
    return {
        "code": guide.code,
        "name": guide.handling.name,
        "implementation_code": guide.implementation_code,
        "mode": guide.mode,
        "agency": {
            "id": guide.agency.id,
            "name": guide.agency.name,
            "credit_code": guide.agency.credit_code,
        },
        "forward_to": {"id": guide.forward_to.id, "name": guide.forward_to.name}
        if guide.forward_to
        else None,
        "window": guide.window,
        "on_site": guide.on_site,
        "promised": guide.promised,
        "delegation_basis": guide.delegation_basis,
        "address": guide.address,
        "map_url": guide.map_url,
        "hours": guide.hours,
        "phone": guide.phone,
        "complaint_phone": guide.agency.complaint_phone,
        "materials": [m.id for m in guide.materials],
        "waived": [m.id for m in guide.waived],
        "waive_basis": guide.waive_basis,
        "in_hall": guide.in_hall,
        "not_in_hall_reason": guide.not_in_hall_reason,
        "service_modes": list(guide.service_modes),
        "power_source": guide.power_source,
        "joint_agencies": [{"id": d.id, "name": d.name} for d in guide.joint_agencies],
    }


def _region(region: Region) -> dict:
    """What an implementation list says of its region."""
    return {
        "code": region.code,
        "name": region.name,
        "level": region.level,
        "level_name": region.level_name,
        "parent": region.parent,
        "entries": [],
    }


def _implementations(compiled: Compiled) -> dict[str, dict]:
    by_region: dict[str, dict] = {}
    for guide in sorted(compiled.guides, key=lambda g: (g.region_code, g.code)):
        region = by_region.setdefault(guide.region_code, _region(guide.region))
        region["entries"].append(_entry(guide))
    return by_region


def _index(compiled: Compiled) -> dict:
    return {
        "format": FORMAT_VERSION,
        "as_of": compiled.as_of,
        "handling_items": [
            {
                "code": code,
                "name": h.name,
                "item": h.item,
                "item_name": h.item_name,
                "type": h.type,
                "kind": h.kind,
                "regions": [g.region_code for g in compiled.guides_of(code)],
            }
            for code, h in compiled.handling.items()
        ],
    }


def emit(compiled: Compiled, output: Output, env) -> None:
    """Write everything under ``json/``; the manifest last, with the digest of every file
    under ``json/`` and ``qr/`` (the QR codes are written before)."""
    output.write_json("json/index.json", _index(compiled))
    for code in compiled.handling:
        output.write_json(f"json/items/{code}.json", _item(compiled, code))
    for region, data in _implementations(compiled).items():
        output.write_json(f"json/implementations/{region}.json", data)
    for bundle_id, data in compiled.bundles.items():
        output.write_json(f"json/bundles/{bundle_id}.json", data)
    output.write_json(
        "json/proofs.json",
        {"format": FORMAT_VERSION, "as_of": compiled.as_of, "proofs": plain(compiled.proofs)},
    )
    schemas = resources.files("banshi.schemas.output")
    for name in OUTPUT_SCHEMAS:
        output.write_text(
            f"json/schema/{name}.schema.json",
            schemas.joinpath(f"{name}.schema.json").read_text("utf-8"),
        )
    output.write_json(
        "json/manifest.json",
        {**build_of(compiled), "files": {**output.digests("json"), **output.digests("qr")}},
    )


def build_of(compiled: Compiled) -> dict:
    """What the manifest says of the build: the catalog, its sources, the date, the compiler.
    Shards of one build say the same (``banshi.combine``)."""
    info = compiled.info
    return {
        "format": FORMAT_VERSION,
        "catalog": info.name,
        "catalog_version": info.version,
        "released": info.released,
        "publisher": info.publisher,
        "compiler_version": __version__,
        "schema_version": "v1",
        "as_of": compiled.as_of,
        "sources": compiled.sources,
    }
