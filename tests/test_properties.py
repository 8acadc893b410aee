"""Properties of every valid catalog, not only the sample: hypothesis draws whole catalogs
(``generated.py``) and checks that

- a catalog that validates also builds, site included;
- every link and image in the built site resolves to a file of the site;
- every compiled JSON file validates against its output schema;
- nothing that is not in force on the as-of date appears in any output;
- the guide page, the notice (item and 一件事), the implementation JSON, the bundle JSON and the
  placard say the same promise, materials and conditions for each code and region.

Each property holds under every code scheme the generator knows (``generated.SCHEMES``: §2's
digits, letter codes, hyphenated codes, a catalog mixing them with 实施编码).

CI draws ``BANSHI_PROPERTY_EXAMPLES`` catalogs per property (default 12, shared among the
schemes; the site build is the slow part). A longer local run:
``BANSHI_PROPERTY_EXAMPLES=300 .venv/bin/python -m pytest tests/test_properties.py``.
"""

from __future__ import annotations

import json
import os
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from catalogs import paper_data
from generated import SCHEMES, catalogs, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.build import build
from banshi.emit import qr
from banshi.emit.urls import guide_doc
from banshi.resolve import resolve
from banshi.validate import validate

EXAMPLES = int(os.environ.get("BANSHI_PROPERTY_EXAMPLES", "12"))
SCHEMAS = Path(__file__).resolve().parents[1] / "compiler/banshi/schemas/output"
PROPERTY = settings(
    max_examples=max(2, EXAMPLES // len(SCHEMES)),  # per scheme
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _built(files: dict, with_site: bool):
    """(validation, compiled, output folder) of a drawn catalog, built into a temporary folder."""
    folder = tempfile.TemporaryDirectory(prefix="banshi-property-")
    root = write(Path(folder.name) / "root", files)
    validation = validate(root)
    assert not validation.errors, "the generator drew an invalid catalog:\n" + "\n".join(
        p.text() for p in validation.errors
    )
    build(root, root / "dist", None, with_site, progress=False)
    return folder, resolve(validation.catalog), root / "dist"


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.targets.append(value)


def _broken_links(site: Path) -> list[str]:
    broken = []
    for page in site.rglob("*.html"):
        parser = _Links()
        parser.feed(page.read_text("utf-8"))
        for target in parser.targets:
            parts = urlsplit(target)
            if parts.scheme or parts.netloc or target.startswith(("#", "mailto:", "tel:", "data:")):
                continue
            base = site if parts.path.startswith("/") else page.parent  # site_url's path is /
            path = (base / unquote(parts.path).lstrip("/")).resolve() if parts.path else page
            if path.is_dir():
                path = path / "index.html"
            if not path.exists():
                broken.append(f"{page.relative_to(site)} → {target}")
    return broken


def _schema(name: str) -> dict:
    return json.loads((SCHEMAS / f"{name}.schema.json").read_text("utf-8"))


def _check_json(dist: Path) -> None:
    kinds = {
        "manifest.json": "manifest",
        "index.json": "index",
        "proofs.json": "proofs",
        "calendar.json": "calendar",
        "items": "item",
        "implementations": "implementation",
        "bundles": "bundle",
    }
    for path in (dist / "json").rglob("*.json"):
        if "schema" in path.parts:
            continue
        kind = kinds[path.name if path.parent.name == "json" else path.parent.name]
        jsonschema.validate(json.loads(path.read_text("utf-8")), _schema(kind))


def _not_in_force(files: dict, compiled) -> set[str]:
    codes = {
        h["code"]
        for path, data in files.items()
        if path.startswith("catalog/items/")
        for h in data["handling"]
    }
    return codes - set(compiled.handling)


EVERY_SCHEME = pytest.mark.parametrize("scheme", sorted(SCHEMES))


@EVERY_SCHEME
@PROPERTY
@given(data=st.data())
def test_a_valid_catalog_builds_with_every_link_resolving_and_every_json_valid(scheme, data):
    files = data.draw(catalogs(scheme), "catalog")
    folder, compiled, dist = _built(files, with_site=True)
    with folder:
        assert _broken_links(dist / "site") == []
        _check_json(dist)
        hidden = _not_in_force(files, compiled)
        published = "\n".join(
            p.relative_to(dist).as_posix() for p in dist.rglob("*") if "site-src" not in p.parts
        )
        for code in hidden:
            assert code not in published
        for page in (dist / "site").rglob("*.html"):
            if "retired" in page.relative_to(dist / "site").parts:
                continue  # 已取消事项 pages name their item's handling codes, on purpose
            text = page.read_text("utf-8")
            assert not any(code in text for code in hidden), (page, hidden)


def _promise_text(days: int, unit: str) -> str:
    return "即时办结" if days == 0 else f"{days} 个{unit}"


def _materials_of(notice: dict) -> list[tuple]:
    return sorted(
        (m["id"], m["form"], m["copies"], m["condition_text"])
        for m in notice["materials"] + notice["conditional"]
    )


@EVERY_SCHEME
@PROPERTY
@given(data=st.data())
def test_every_output_says_the_same_for_a_code_and_region(scheme, data):
    files = data.draw(catalogs(scheme), "catalog")
    folder, compiled, dist = _built(files, with_site=False)
    with folder:
        _check_json(dist)
        assert not _not_in_force(files, compiled) & {
            p.stem for p in (dist / "json/items").glob("*.json")
        }
        regions = {
            p.stem: json.loads(p.read_text("utf-8"))
            for p in (dist / "json/implementations").glob("*.json")
        }
        for guide in compiled.guides:
            notice = paper_data(compiled, guide.code, guide.region_code, date="2026-11-20")
            item = json.loads((dist / f"json/items/{guide.code}.json").read_text("utf-8"))
            entry = next(
                e for e in regions[guide.region_code]["entries"] if e["code"] == guide.code
            )
            assert notice["time_limit"]["promised"] == entry["promised"] == guide.promised
            # the region asks for the item's materials less those it waives (免提交), everywhere
            asked = [m for m in item["materials"] if m["id"] not in entry["waived"]]
            assert _materials_of(notice) == sorted(
                (m["id"], m["form"], m["copies"], m["condition_text"]) for m in asked
            )
            assert [m["id"] for m in notice["conditional"]] == [m["id"] for m in asked if m["when"]]
            assert entry["materials"] == [m["id"] for m in asked]
            assert entry["materials"] == [m.id for m in guide.materials]
        for bundle_id, window in compiled.bundle_guides.items():
            notice = paper_data(compiled, bundle_id, window.region_code)
            data = json.loads((dist / f"json/bundles/{bundle_id}.json").read_text("utf-8"))
            assert notice["time_limit"]["promised"] == data["parallel_days"]
            limits = [compiled.handling[n["code"]].time_limit.legal for n in data["nodes"]]
            if None in limits:  # the law sets no limit for one of them: none for the whole
                assert notice["time_limit"]["legal"] is None
            else:
                assert notice["time_limit"]["legal"] <= sum(limits)
            assert sorted(m["id"] for m in notice["materials"] + notice["conditional"]) == sorted(
                m["id"] for m in data["materials"]
            )
            assert [m["id"] for m in notice["conditional"]] == [
                m["id"] for m in data["materials"] if m["when"]
            ]
            for node in data["nodes"]:
                lead = compiled.guide(node["code"], window.region_code)
                if lead is not None:
                    assert node["days"] == lead.promised


@EVERY_SCHEME
@PROPERTY
@given(data=st.data())
def test_site_pages_and_placards_show_the_guides_promise(scheme, data):
    files = data.draw(catalogs(scheme), "catalog")
    folder, compiled, dist = _built(files, with_site=True)
    with folder:
        docs = dist / "site-src/docs"
        for guide in compiled.guides:
            page = (docs / f"guides/{guide.region_code}/{guide.code}.md").read_text("utf-8")
            unit = guide.handling.time_limit.unit
            assert f"<th>承诺办结时限</th><td>{_promise_text(guide.promised, unit)}</td>" in page
        for region, guides in compiled.placards.items():
            sheet = (docs / f"placards/{region}.md").read_text("utf-8")
            for guide in guides:
                unit = guide.handling.time_limit.unit
                assert f"承诺 {_promise_text(guide.promised, unit)}" in sheet
                assert qr.svg(qr.url(compiled, guide_doc(guide.code, region))) in sheet
