"""``json/cpsv-ap.jsonld``: the catalog as the EU's Core Public Service Vocabulary Application
Profile 3.2 (CPSV-AP), for portals and registries that read public services in that shape.

What maps to what (every node's IRI is under the catalog's ``base_url``, ``id/…``):

- a handling item (业务办理项) is a ``cpsv:PublicService``, its competent authorities the
  agencies whose entries decide it (办理, 下放);
- each material it asks for is a ``cv:Evidence`` of that service (form and copies differ
  from item to item); a material asked only in some situations (``when``) supports a
  ``cv:Requirement`` that names the situation, and each 受理条件 is a Requirement too;
- fees are ``cv:Cost`` in CNY, delivery methods and the online service ``cv:Channel``,
  results ``cv:Output``, the basis ``eli:LegalResource``;
- departments are ``cv:PublicOrganisation`` with their region (``dct:Location``);
- a 一件事 bundle is a ``cv:BusinessEvent`` grouping its services.

Time limits in working days are no ``xsd:duration`` (``cv:processingTime``): a working day
skips holidays and weekends. They are written as Banshi terms (``banshi:legalTimeLimit``,
``banshi:promisedTimeLimit``, ``banshi:timeLimitUnit``, documented in docs/cpsv-ap.md); a
limit counted in natural days is also ``cv:processingTime``. The context is inline, so the file
expands without fetching anything.
"""

from __future__ import annotations

from urllib.parse import quote

from banshi.emit import Output
from banshi.resolve.compiled import (
    Basis,
    Compiled,
    Fee,
    HandlingItem,
    MaterialRow,
    TimeLimit,
)

PATH = "json/cpsv-ap.jsonld"
BANSHI = "urn:banshi:vocab:"  # our own terms; a URN claims nobody's domain
CNY = "http://publications.europa.eu/resource/authority/currency/CNY"
DECIDING_MODES = ("办理", "下放")
CONTEXT = {
    "@language": "zh",
    "cpsv": "http://purl.org/vocab/cpsv#",
    "cv": "http://data.europa.eu/m8g/",
    "dct": "http://purl.org/dc/terms/",
    "eli": "http://data.europa.eu/eli/ontology#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "banshi": BANSHI,
    "dct:identifier": {"@type": "xsd:string"},
    "banshi:timeLimitUnit": {"@type": "xsd:string"},
}


class _Ids:
    """The IRIs of one catalog's nodes, all under its ``base_url``."""

    def __init__(self, base_url: str):
        self.base = base_url.rstrip("/") + "/id/"

    def __call__(self, *parts: str) -> str:
        return self.base + "/".join(quote(str(part), safe="") for part in parts)


def _ref(iri: str) -> dict:
    return {"@id": iri}


def _refs(iris) -> list[dict]:
    return [_ref(iri) for iri in sorted(set(iris))]


def _deciders(compiled: Compiled, code: str) -> list[str]:
    """The agencies that decide the item somewhere. 受理转报 and 代办 entries only pass the file
    on, along a route that ends at one of these (a rule of validation), so they add none."""
    return sorted({g.agency.id for g in compiled.guides_of(code) if g.mode in DECIDING_MODES})


def _evidence(ids: _Ids, code: str, material: MaterialRow) -> list[dict]:
    iri = ids("service", code, "evidence", material.id)
    details = [f"{material.form} {material.copies} 份"]
    details += [text for text in (material.requirements, material.note) if text]
    if material.deferrable_days is not None:
        details.append(f"可容缺受理，{material.deferrable_days} 个工作日内补齐")
    evidence = {
        "@id": iri,
        "@type": "cv:Evidence",
        "dct:identifier": material.id,
        "dct:title": material.name,
        "dct:description": "；".join(details),
    }
    if not material.when:
        return [evidence]
    requirement = ids("service", code, "evidence", material.id, "situation")
    evidence["cv:supportsRequirement"] = _ref(requirement)
    return [
        evidence,
        {
            "@id": requirement,
            "@type": "cv:Requirement",
            "dct:identifier": f"{code}/{material.id}/situation",
            "dct:title": f"适用情形：{material.condition_text}",
            "cv:hasSupportingEvidence": _ref(iri),
        },
    ]


def _conditions(ids: _Ids, code: str, conditions: tuple[str, ...]) -> list[dict]:
    return [
        {
            "@id": ids("service", code, "condition", n),
            "@type": "cv:Requirement",
            "dct:identifier": f"{code}/condition/{n}",
            "dct:title": text,
        }
        for n, text in enumerate(conditions, 1)
    ]


def _costs(ids: _Ids, code: str, fees: tuple[Fee, ...]) -> list[dict]:
    return [
        {
            "@id": ids("service", code, "cost", n),
            "@type": "cv:Cost",
            "dct:identifier": f"{code}/cost/{n}",
            "dct:description": (f"{fee.name}，每{fee.unit} {fee.amount} 元（{fee.basis}）"),
            "cv:hasValue": {"@value": str(float(fee.amount)), "@type": "xsd:double"},
            "cv:currency": _ref(CNY),
        }
        for n, fee in enumerate(fees, 1)
    ]


def _channels(ids: _Ids, code: str, handling: HandlingItem) -> list[dict]:
    channels = [("delivery", n, f"送达方式：{way}") for n, way in enumerate(handling.delivery, 1)]
    if handling.online != "窗口办理":
        channels.append(("online", 1, f"网上办理：{handling.online}"))
    return [
        {
            "@id": ids("service", code, "channel", f"{kind}-{n}"),
            "@type": "cv:Channel",
            "dct:identifier": f"{code}/channel/{kind}-{n}",
            "dct:description": text,
        }
        for kind, n, text in channels
    ]


def _legal(ids: _Ids, code: str, basis: tuple[Basis, ...]) -> list[dict]:
    nodes = []
    for n, law in enumerate(basis, 1):
        title = "".join(
            f"（{getattr(law, k)}）" if k == "number" else getattr(law, k)
            for k in ("title", "number", "article")
            if getattr(law, k)
        )
        nodes.append(
            {
                "@id": ids("service", code, "basis", n),
                "@type": "eli:LegalResource",
                "dct:identifier": f"{code}/basis/{n}",
                "dct:title": title,
                "dct:description": law.kind,
            }
        )
    return nodes


def _time_limit(limit: TimeLimit) -> dict:
    terms = {
        "banshi:legalTimeLimit": limit.legal,
        "banshi:promisedTimeLimit": limit.promised,
        "banshi:timeLimitUnit": limit.unit,
    }
    if limit.legal is None:  # the law sets none: said by leaving the term out
        del terms["banshi:legalTimeLimit"]
    if limit.unit == "自然日":  # natural days are a duration; working days are not
        terms["cv:processingTime"] = {"@value": f"P{limit.promised}D", "@type": "xsd:duration"}
    return terms


def _description(handling: HandlingItem) -> str:
    limit = handling.time_limit
    return (
        f"{handling.item_name}（{handling.type}）的业务办理项，{handling.kind}，"
        + (
            f"法定办结时限 {limit.legal} 个{limit.unit}，"
            if limit.legal is not None
            else "法律、法规未规定办结时限，"
        )
        + f"承诺办结时限 {limit.promised} 个{limit.unit}。"
    )


def _service(compiled: Compiled, ids: _Ids, code: str, authorities: list[str]) -> list[dict]:
    handling = compiled.handling[code]
    service_iri = ids("service", code)
    evidence = [n for m in handling.materials for n in _evidence(ids, code, m)]
    requirements = _conditions(ids, code, handling.conditions)
    costs, channels = _costs(ids, code, handling.fees), _channels(ids, code, handling)
    legal = _legal(ids, code, handling.basis)
    service = {
        "@id": service_iri,
        "@type": "cpsv:PublicService",
        "dct:identifier": code,
        "dct:title": handling.name,
        "dct:description": _description(handling),
        "cv:hasCompetentAuthority": _refs(authorities),
        "dct:spatial": _refs(ids("region", g.region_code) for g in compiled.guides_of(code)),
        "cpsv:hasInput": _refs(n["@id"] for n in evidence if n["@type"] == "cv:Evidence"),
        "cv:holdsRequirement": _refs(
            n["@id"] for n in evidence + requirements if n["@type"] == "cv:Requirement"
        ),
        "cv:hasCost": _refs(n["@id"] for n in costs),
        "cv:hasChannel": _refs(n["@id"] for n in channels),
        "cpsv:produces": _refs(ids("output", r.id) for r in handling.results),
        "cv:hasLegalResource": _refs(n["@id"] for n in legal),
        "cv:isGroupedBy": _refs(
            ids("event", b)
            for b, bundle in compiled.bundles.items()
            if bundle["kind"] == "一件事" and code in {node["code"] for node in bundle["nodes"]}
        ),
        **_time_limit(handling.time_limit),
    }
    return [service, *evidence, *requirements, *costs, *channels, *legal]


def _publisher(compiled: Compiled, ids: _Ids) -> dict:
    """Who answers for a service no region implements yet: the catalog's publisher, at the
    top of the region tree."""
    top = next(code for code, region in compiled.regions.items() if not region.parent)
    return {
        "@id": ids("publisher"),
        "@type": "cv:PublicOrganisation",
        "skos:prefLabel": compiled.info.publisher,
        "dct:spatial": _ref(ids("region", top)),
    }


def _organisations(compiled: Compiled, ids: _Ids) -> list[dict]:
    return [
        {
            "@id": ids("department", d.id),
            "@type": "cv:PublicOrganisation",
            "dct:identifier": d.id,
            "skos:prefLabel": d.name,
            "dct:spatial": _ref(ids("region", d.region)),
        }
        for d in compiled.departments.values()
    ]


def _regions(compiled: Compiled, ids: _Ids) -> list[dict]:
    return [
        {
            "@id": ids("region", code),
            "@type": "dct:Location",
            "dct:identifier": code,
            "skos:prefLabel": region.name,
        }
        for code, region in compiled.regions.items()
    ]


def _outputs(compiled: Compiled, ids: _Ids) -> list[dict]:
    results = {r.id: r.name for h in compiled.handling.values() for r in h.results}
    return [
        {
            "@id": ids("output", material),
            "@type": "cv:Output",
            "dct:identifier": material,
            "dct:title": name,
        }
        for material, name in results.items()
    ]


def _events(compiled: Compiled, ids: _Ids) -> list[dict]:
    return [
        {
            "@id": ids("event", bundle_id),
            "@type": ["cv:BusinessEvent", "cv:Event"],
            "dct:identifier": bundle_id,
            "dct:title": bundle["name"],
            "dct:description": f"一件事一次办，牵头部门：{bundle['lead_name']}",
            "cv:hasRelatedService": _refs(
                ids("service", node["code"])
                for node in bundle["nodes"]
                if node["code"] in compiled.handling
            ),
        }
        for bundle_id, bundle in compiled.bundles.items()
        if bundle["kind"] == "一件事"
    ]


def graph(compiled: Compiled) -> dict:
    """The whole catalog as one JSON-LD document, its nodes sorted by IRI."""
    ids = _Ids(compiled.info.base_url)
    nodes = _organisations(compiled, ids) + _regions(compiled, ids) + _outputs(compiled, ids)
    nodes += _events(compiled, ids)
    for code in compiled.handling:
        authorities = [ids("department", d) for d in _deciders(compiled, code)]
        if not authorities:
            authorities = [ids("publisher")]
            if not any(n["@id"] == authorities[0] for n in nodes):
                nodes.append(_publisher(compiled, ids))
        nodes += _service(compiled, ids, code, authorities)
    if any(n["@type"] == "cv:Cost" for n in nodes):
        nodes.append({"@id": CNY, "@type": "skos:Concept", "skos:prefLabel": "人民币"})
    empty = ([], {})
    return {
        "@context": CONTEXT,
        "@graph": [
            {key: value for key, value in node.items() if value not in empty}
            for node in sorted(nodes, key=lambda n: n["@id"])
        ],
    }


def emit(compiled: Compiled, output: Output, env) -> None:
    output.write_json(PATH, graph(compiled))
