"""The compiled JSON outputs match their JSON Schemas (json/schema/, shipped in
banshi.schemas.output).

The bundled sample catalog is built once per module; every file under json/ is validated against
its schema, the manifest's digests are checked against the files on disk, and the notice and graph
commands' JSON is validated against the same schemas the build publishes.
"""

import hashlib
import json
import re
from importlib import resources
from pathlib import Path

import pytest
from command_line import banshi
from jsonschema import Draft202012Validator

REPO = Path(__file__).resolve().parent.parent
NAMES = ("manifest", "index", "item", "implementation", "bundle", "notice", "proofs", "calendar")
CHINESE = re.compile(r"[\u4e00-\u9fff]")
FORMAT_CHECKER = Draft202012Validator.FORMAT_CHECKER


def _package_schema_text(name: str) -> str:
    return (
        resources.files("banshi.schemas.output").joinpath(f"{name}.schema.json").read_text("utf-8")
    )


def _schema(name: str) -> dict:
    return json.loads(_package_schema_text(name))


def _validator(name: str) -> Draft202012Validator:
    return Draft202012Validator(_schema(name), format_checker=FORMAT_CHECKER)


def _assert_valid(name: str, data, label: str) -> None:
    errors = sorted(_validator(name).iter_errors(data), key=lambda e: list(e.absolute_path))
    shown = "\n".join(
        f"  {'/'.join(map(str, e.absolute_path)) or '(root)'}: {e.message}" for e in errors[:20]
    )
    assert not errors, f"{label} does not match {name}.schema.json:\n{shown}"


def _load(path: Path):
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("build") / "dist"
    result = banshi("build", REPO, "--out", out, "--no-site")
    assert result.returncode == 0, f"banshi build failed:\n{result.stdout}\n{result.stderr}"
    return out


# ------------------------------------------------------------------ the schemas themselves


@pytest.mark.parametrize("name", NAMES)
def test_schema_is_valid_draft_2020_12(name):
    schema = _schema(name)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == f"urn:banshi:output:{name}:v1"


def _objects(node, path=()):
    """Every object subschema, wherever it sits, with its path."""
    if isinstance(node, dict):
        if "properties" in node or "patternProperties" in node:
            yield path, node
        for key, child in node.items():
            yield from _objects(child, path + (key,))
    elif isinstance(node, list):
        for i, child in enumerate(node):
            yield from _objects(child, path + (i,))


@pytest.mark.parametrize("name", NAMES)
def test_objects_are_closed_except_conditions(name):
    """A key the compiler adds is a deliberate schema change; only `when` answers are open maps."""
    for path, node in _objects(_schema(name)):
        if path[:2] in (("$defs", "condition"), ("$defs", "answers")):
            continue
        if {"if", "then", "else"} & set(path):
            continue  # conditional refinements of a closed object, not objects of their own
        assert node.get("additionalProperties") is False, f"{name} {path} is not closed"


@pytest.mark.parametrize("name", ("item", "bundle"))
def test_conditions_have_the_input_shape(name):
    source = json.loads((REPO / "compiler/banshi/schemas/item.schema.json").read_text("utf-8"))
    schema = _schema(name)
    for key in ("condition", "answers"):
        assert schema["$defs"][key] == source["$defs"][key], (
            f"{name} $defs/{key} differs from the input item schema"
        )


# The shapes the output contract fixes (README, "What build writes"): (schema, path to an
# object schema, keys it must require).
SPEC_KEYS = [
    (
        "item",
        (),
        [
            "code",
            "name",
            "item",
            "type",
            "kind",
            "time_limit",
            "materials",
            "fees",
            "results",
            "status",
        ],
    ),
    ("item", ("time_limit",), ["unit", "legal", "promised"]),
    ("item", ("materials", "[]"), ["id", "name", "form", "copies", "when", "deferrable_days"]),
    (
        "notice",
        (),
        [
            "code",
            "name",
            "region",
            "date",
            "due_date",
            "time_limit",
            "materials",
            "missing",
            "warnings",
        ],
    ),
    ("notice", ("materials", "[]"), ["id", "name", "form", "copies", "deferrable_days"]),
    ("bundle", (), ["nodes", "edges", "critical_path", "parallel_days", "serial_days", "stages"]),
    ("bundle", ("nodes", "[]"), ["code", "name", "days"]),
    ("bundle", ("edges", "[]"), ["from", "to", "kind"]),
    ("bundle", ("stages", "[]"), ["id", "critical_days", "limit"]),
]


@pytest.mark.parametrize(
    ("name", "path", "keys"), SPEC_KEYS, ids=lambda v: "/".join(v) if isinstance(v, tuple) else None
)
def test_spec_fixed_keys_are_required(name, path, keys):
    node = _schema(name)
    for step in path:
        node = node["items"] if step == "[]" else node["properties"][step]
    missing = [k for k in keys if k not in node["required"]]
    assert not missing, f"{name} {'/'.join(path) or '(root)'} does not require {missing}"


def test_edge_kinds_are_the_spec_s():
    edge = _schema("bundle")["properties"]["edges"]["items"]["properties"]["kind"]
    assert edge["enum"] == ["explicit", "derived", "stage"]


# ------------------------------------------------------------------ build output


def test_build_writes_the_schemas(built):
    folder = built / "json" / "schema"
    assert sorted(p.name for p in folder.iterdir()) == sorted(f"{n}.schema.json" for n in NAMES)
    for name in NAMES:
        assert (folder / f"{name}.schema.json").read_text("utf-8") == _package_schema_text(name)


def test_manifest(built):
    _assert_valid("manifest", _load(built / "json" / "manifest.json"), "json/manifest.json")


def test_index(built):
    index = _load(built / "json" / "index.json")
    _assert_valid("index", index, "json/index.json")
    codes = [h["code"] for h in index["handling_items"]]
    assert codes and codes == sorted(codes)
    assert sorted(p.stem for p in (built / "json" / "items").glob("*.json")) == codes


def test_proofs(built):
    """证明事项清单: every proof with its issuer, commitment and the items that ask for it."""
    proofs = _load(built / "json" / "proofs.json")
    _assert_valid("proofs", proofs, "json/proofs.json")
    assert proofs["proofs"], "the sample has no proof"
    for proof in proofs["proofs"]:
        for code in proof["asked_by"]:
            asked = [m["id"] for m in _load(built / "json" / "items" / f"{code}.json")["materials"]]
            assert proof["id"] in asked, (proof["id"], code)
    assert any(p["commitment"] and p["commitment_form"] for p in proofs["proofs"])


def _files(built: Path, folder: str) -> list[Path]:
    files = sorted((built / "json" / folder).glob("*.json"))
    assert files, f"json/{folder}/ is empty"
    return files


@pytest.mark.parametrize(
    ("folder", "name"),
    [
        ("items", "item"),
        ("implementations", "implementation"),
        ("bundles", "bundle"),
    ],
)
def test_every_file_matches_its_schema(built, folder, name):
    for path in _files(built, folder):
        data = _load(path)
        _assert_valid(name, data, f"json/{folder}/{path.name}")
        key = "id" if name == "bundle" else "code"
        assert data[key] == path.stem, f"json/{folder}/{path.name} holds {data[key]}"


def test_schemas_refuse_unknown_and_missing_keys(built):
    """The schemas are not vacuous: an extra key, a dropped spec key or a non-ISO date fails."""
    path = _files(built, "items")[0]
    data = _load(path)
    validator = _validator("item")
    assert validator.is_valid(data)
    assert not validator.is_valid({**data, "surprise": 1})
    assert not validator.is_valid({k: v for k, v in data.items() if k != "time_limit"})
    assert not validator.is_valid({**data, "effective": "2022/03/01"})
    material = {**data["materials"][0], "extra": True}
    assert not validator.is_valid({**data, "materials": [material]})
    assert validator.is_valid(
        {
            **data,
            "materials": [
                {**data["materials"][0], "when": {"any": [{"q": True}, {"not": {"r": ["a", "b"]}}]}}
            ],
        }
    )


def test_calendar(built):
    """calendar.json (tests/test_calendar_json.py computes the papers' dates from it)."""
    calendar = _load(built / "json" / "calendar.json")
    _assert_valid("calendar", calendar, "json/calendar.json")
    assert calendar["holidays"] == sorted(calendar["holidays"]) and calendar["years"]


def test_every_json_file_is_covered(built):
    """No file under json/ escapes validation: a new kind of file needs its schema and a test."""
    known = {
        "manifest.json",
        "index.json",
        "proofs.json",
        "calendar.json",
        "cpsv-ap.jsonld",
    }  # RDF: checked against the CPSV-AP SHACL shapes in test_cpsv.py
    for path in (built / "json").rglob("*"):
        if path.is_file():
            relative = path.relative_to(built / "json").as_posix()
            assert relative in known or relative.split("/")[0] in (
                "items",
                "implementations",
                "bundles",
                "schema",
            ), relative


def test_manifest_digests_match_the_files(built):
    manifest = _load(built / "json" / "manifest.json")
    on_disk = {
        p.relative_to(built).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for folder in ("json", "qr")
        for p in (built / folder).rglob("*")
        if p.is_file() and p.relative_to(built).as_posix() != "json/manifest.json"
    }
    assert manifest["files"] == on_disk


def test_manifest_source_digests_match_the_catalog(built):
    manifest = _load(built / "json" / "manifest.json")
    assert manifest["sources"], "no source files listed"
    for relative, digest in manifest["sources"].items():
        assert hashlib.sha256((REPO / relative).read_bytes()).hexdigest() == digest, relative


# ------------------------------------------------------------------ notice and graph commands

NOTICE = [
    "notice",
    "00013112800001",
    str(REPO),
    "--region",
    "410526",
    "--format",
    "json",
    "--date",
    "2025-09-30",
]


@pytest.mark.parametrize(
    "extra", [[], ["--submitted", "resident_id_card"]], ids=["notice", "correction"]
)
def test_notice_json_matches_its_schema(extra):
    result = banshi(*NOTICE, *extra)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _assert_valid("notice", data, f"banshi notice {' '.join(extra)}")
    assert data["date"] == "2025-09-30"
    if extra:
        assert (data["kind"], data["title"]) == ("correct", "补正告知书")
        assert data["submitted"] == ["resident_id_card"]
        assert "resident_id_card" not in data["missing"]
    else:
        assert (data["kind"], data["title"]) == ("inform", "一次性告知单")
        assert data["missing"] == [m["id"] for m in data["materials"]]


def test_notice_without_date_matches_its_schema():
    result = banshi(
        "notice",
        "00013112800001",
        str(REPO),
        "--region",
        "410526",
        "--format",
        "json",
        "--answer",
        "entrusted=true",
    )
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _assert_valid("notice", data, "banshi notice without --date")
    assert data["date"] is None and data["due_date"] is None


def test_graph_json_matches_the_bundle_schema(built):
    result = banshi("graph", "construction", str(REPO), "--format", "json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    _assert_valid("bundle", data, "banshi graph construction")
    assert data == _load(built / "json" / "bundles" / "construction.json")


def test_one_thing_bundle_notice_matches_its_schema():
    result = banshi(
        "notice",
        "open-restaurant",
        str(REPO),
        "--region",
        "410526",
        "--format",
        "json",
        "--answer",
        "premises_owned=true",
        "--date",
        "2025-09-30",
    )
    assert result.returncode == 0, result.stderr
    _assert_valid("notice", json.loads(result.stdout), "banshi notice open-restaurant")
