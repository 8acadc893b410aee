"""``json/cpsv-ap.jsonld``: the catalog as CPSV-AP 3.2, valid against the official SHACL shapes
(kept beside the checkout, ``../shared/anchors/cpsv-ap-3.2.0/``), read without any network."""

from __future__ import annotations

import hashlib
import json
import re
import socket
import tempfile
from pathlib import Path

import pytest
from catalogs import apply_patch, minimal
from generated import catalogs, write
from hypothesis import HealthCheck, given, settings

from banshi.build import build

pyshacl = pytest.importorskip("pyshacl")
rdflib = pytest.importorskip("rdflib")

REPO = Path(__file__).resolve().parents[1]
SHAPES = (REPO / "../shared/anchors/cpsv-ap-3.2.0/cpsv-ap-SHACL.ttl").resolve()
CV, CPSV = "http://data.europa.eu/m8g/", "http://purl.org/vocab/cpsv#"
DCT, BANSHI = "http://purl.org/dc/terms/", "urn:banshi:vocab:"
BASE = "https://zwfw.example.gov.cn/id/"


@pytest.fixture(scope="module")
def shapes():
    return rdflib.Graph().parse(SHAPES)


@pytest.fixture(autouse=True)
def offline(monkeypatch):
    """No test here may reach the network: expanding the JSON-LD must need nothing remote."""

    def refuse(*args, **kwargs):
        raise AssertionError("the network was used")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "dist"
    build(REPO, out, None, with_site=False, progress=False)
    return out


def _graph(out: Path):
    return rdflib.Graph().parse(out / "json/cpsv-ap.jsonld", format="json-ld")


def _violations(graph, shapes) -> tuple[bool, str]:
    conforms, _, text = pyshacl.validate(graph, shacl_graph=shapes)
    return conforms, text


def _one(graph, subject: str, predicate: str):
    values = list(graph.objects(rdflib.URIRef(subject), rdflib.URIRef(predicate)))
    assert len(values) == 1, (subject, predicate, values)
    return values[0]


def _all(graph, subject: str, predicate: str) -> set[str]:
    return {str(v) for v in graph.objects(rdflib.URIRef(subject), rdflib.URIRef(predicate))}


def test_the_samples_export_conforms_to_the_official_shapes(sample, shapes):
    document = json.loads((sample / "json/cpsv-ap.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # inline: nothing to fetch
    conforms, report = _violations(_graph(sample), shapes)
    assert conforms, report


def test_the_manifest_covers_the_export(sample):
    manifest = json.loads((sample / "json/manifest.json").read_text(encoding="utf-8"))
    data = (sample / "json/cpsv-ap.jsonld").read_bytes()
    assert manifest["files"]["json/cpsv-ap.jsonld"] == hashlib.sha256(data).hexdigest()


def test_handling_items_are_public_services(sample):
    graph = _graph(sample)
    service = BASE + "service/00013112800001"
    types = _all(graph, service, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    assert types == {CPSV + "PublicService"}
    assert str(_one(graph, service, DCT + "identifier")) == "00013112800001"
    title = _one(graph, service, DCT + "title")
    assert (str(title), title.language) == ("个体工商户设立登记", "zh")
    assert "个体工商户登记注册" in str(_one(graph, service, DCT + "description"))
    # the county decides (办理), so does 上集镇 (下放); 城关镇's centre (受理转报) and the villages'
    # stations (代办) only pass the file on
    assert _all(graph, service, CV + "hasCompetentAuthority") == {
        BASE + "department/sx-market",
        BASE + "department/shangji-market",
    }
    assert BASE + "region/410526100201" in _all(graph, service, DCT + "spatial")
    assert int(_one(graph, service, BANSHI + "legalTimeLimit")) == 3
    assert int(_one(graph, service, BANSHI + "promisedTimeLimit")) == 0
    assert str(_one(graph, service, BANSHI + "timeLimitUnit")) == "工作日"
    assert not _all(graph, service, CV + "processingTime")  # working days are no xsd:duration
    assert _all(graph, service, CV + "isGroupedBy") == {BASE + "event/open-restaurant"}


def test_materials_situations_results_basis_and_channels(sample):
    graph = _graph(sample)
    service = BASE + "service/00013112800001"
    inputs = _all(graph, service, CPSV + "hasInput")
    lease = f"{service}/evidence/lease_contract"
    assert f"{service}/evidence/resident_id_card" in inputs and lease in inputs
    assert str(_one(graph, lease, DCT + "title")) == "房屋租赁合同"
    situation = str(_one(graph, lease, CV + "supportsRequirement"))
    assert situation in _all(graph, service, CV + "holdsRequirement")
    assert "经营场所是否为自有房屋：否" in str(_one(graph, situation, DCT + "title"))
    assert f"{service}/condition/1" in _all(graph, service, CV + "holdsRequirement")
    assert _all(graph, service, CPSV + "produces") == {BASE + "output/individual_business_license"}
    assert len(_all(graph, service, CV + "hasLegalResource")) == 3
    channels = _all(graph, service, CV + "hasChannel")
    assert f"{service}/channel/online-1" in channels and f"{service}/channel/delivery-2" in channels


def test_fees_are_costs_and_agencies_public_organisations(sample):
    graph = _graph(sample)
    costs = {str(s) for s in graph.subjects(rdflib.RDF.type, rdflib.URIRef(CV + "Cost"))}
    assert costs
    cost = min(costs)
    assert _one(graph, cost, CV + "hasValue").datatype == rdflib.XSD.double
    market = BASE + "department/sx-market"
    assert (
        str(_one(graph, market, "http://www.w3.org/2004/02/skos/core#prefLabel"))
        == "示例县市场监督管理局"
    )
    assert str(_one(graph, market, DCT + "spatial")) == BASE + "region/410526"
    event = BASE + "event/open-restaurant"
    assert CV + "BusinessEvent" in _all(
        graph, event, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    )
    assert BASE + "service/00013112800001" in _all(graph, event, CV + "hasRelatedService")


def test_the_export_is_byte_identical_across_builds(sample, tmp_path):
    again = tmp_path / "again"
    build(REPO, again, None, with_site=False, progress=False)
    assert (again / "json/cpsv-ap.jsonld").read_bytes() == (
        sample / "json/cpsv-ap.jsonld"
    ).read_bytes()


def test_a_service_no_region_implements_answers_to_the_publisher(tmp_path, shapes):
    root = minimal(tmp_path)
    for implementation in (root / "catalog/implementations").iterdir():
        apply_patch(root, {f"catalog/implementations/{implementation.name}": {"entries": []}})
    out = tmp_path / "out"
    build(root, out, None, with_site=False, progress=False)
    graph = _graph(out)
    conforms, report = _violations(graph, shapes)
    assert conforms, report
    service = next(
        graph.subjects(
            rdflib.URIRef(DCT + "identifier"),
            rdflib.Literal("00013112800001", datatype=rdflib.XSD.string),
        )
    )
    authority = _all(graph, str(service), CV + "hasCompetentAuthority")
    assert len(authority) == 1 and next(iter(authority)).endswith("/id/publisher")


@settings(
    max_examples=10,
    deadline=None,
    derandomize=True,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.function_scoped_fixture,
    ],
)
@given(catalogs())
def test_generated_catalogs_export_conforming_cpsv_ap(shapes, files):
    with tempfile.TemporaryDirectory(prefix="banshi-cpsv-") as folder:
        root = write(Path(folder) / "root", files)
        build(root, root / "dist", None, with_site=False, progress=False)
        conforms, report = _violations(_graph(root / "dist"), shapes)
        assert conforms, report


def test_every_banshi_term_of_the_export_is_documented(sample):
    terms = set(
        re.findall(
            r'"(banshi:[A-Za-z]+)"', (sample / "json/cpsv-ap.jsonld").read_text(encoding="utf-8")
        )
    )
    documented = (REPO / "docs/cpsv-ap.md").read_text(encoding="utf-8")
    assert terms >= {"banshi:legalTimeLimit", "banshi:promisedTimeLimit"}
    for term in terms:
        assert f"`{term}`" in documented, term
    assert "cpsv-ap.jsonld" in (REPO / "README.md").read_text(encoding="utf-8")
