"""``banshi build --combine SHARD…``: the shards' JSON and QR codes put together into one
output, resolving nothing.

A shard (``banshi build --region R``) writes the files of its regions as a whole build writes
them: ``json/implementations/``, ``json/bundles/`` (by the lead's region), ``qr/``, the output
schemas. Those are copied; one written by two shards must be the same bytes. What lists the
whole province is merged from the shards' own: an item's ``regions`` (a handling item is
implemented in several shards), the ``asked_by`` of ``proofs.json``, then ``index.json`` from
the merged items and ``manifest.json`` over the files written. ``cpsv-ap.jsonld`` is not made
here: shards do not write it.
"""

from __future__ import annotations

import json
from pathlib import Path

from banshi.emit import Output
from banshi.emit.json_rules import FORMAT_VERSION

MERGED = ("json/index.json", "json/manifest.json", "json/proofs.json")
# What every shard of one build states alike in its manifest.
SAME_IN_EVERY_SHARD = (
    "format",
    "catalog",
    "catalog_version",
    "released",
    "publisher",
    "compiler_version",
    "schema_version",
    "as_of",
    "sources",
)


class ShardsDisagree(Exception):
    """The shards are not of one build (another catalog, date or compiler), or two of them
    wrote the same file differently: a problem, exit 1."""


def _manifest(shards: tuple[Path, ...]) -> dict:
    manifests = {}
    for shard in shards:
        path = shard / "json" / "manifest.json"
        if not path.is_file():
            raise ShardsDisagree(f"{shard}: not the output of banshi build (no json/manifest.json)")
        manifests[shard] = json.loads(path.read_text("utf-8"))
    first, *_ = manifests.values()
    for shard, manifest in manifests.items():
        differing = [k for k in SAME_IN_EVERY_SHARD if manifest.get(k) != first.get(k)]
        if differing:
            raise ShardsDisagree(
                f"{shard}: not a shard of the same build as {shards[0]} "
                f"(its {', '.join(differing)} differ)"
            )
    return {k: first[k] for k in SAME_IN_EVERY_SHARD}


def _files(shard: Path):
    for folder in ("json", "qr"):
        for path in sorted((shard / folder).rglob("*")):
            if path.is_file():
                yield path.relative_to(shard).as_posix(), path


def _merge_item(merged: dict, relative: str, item: dict) -> None:
    """One handling item as several shards wrote it: the same but for their regions."""
    known = merged.get(relative)
    if known is None:
        merged[relative] = item
        return
    if {**known, "regions": []} != {**item, "regions": []}:
        raise ShardsDisagree(f"{relative}: the shards wrote this handling item differently")
    known["regions"] = sorted({*known["regions"], *item["regions"]})


def _merge_proofs(merged: dict, proofs: list[dict]) -> None:
    for proof in proofs:
        known = merged.setdefault(proof["id"], {**proof, "asked_by": []})
        known["asked_by"] = sorted({*known["asked_by"], *proof["asked_by"]})


def combine(shards: tuple[Path, ...], out: Path, root: Path) -> int:
    """Write the combined output into ``out``; the number of handling items."""
    manifest = _manifest(shards)
    copied: dict[str, bytes] = {}
    items: dict[str, dict] = {}
    proofs: dict[str, dict] = {}
    for shard in shards:
        for relative, path in _files(shard):
            if relative == "json/proofs.json":
                _merge_proofs(proofs, json.loads(path.read_text("utf-8"))["proofs"])
            elif relative.startswith("json/items/"):
                _merge_item(items, relative, json.loads(path.read_text("utf-8")))
            elif relative not in MERGED:
                data = path.read_bytes()
                if copied.setdefault(relative, data) != data:
                    raise ShardsDisagree(f"{relative}: two shards wrote it differently")
    output = Output(out, root)
    try:
        _write(output, manifest, copied, items, proofs)
        output.commit()
    except BaseException:
        output.discard()
        raise
    return len(items)


def _write(output: Output, manifest: dict, copied: dict, items: dict, proofs: dict) -> None:
    """The files in the order a whole build writes them (``json_rules.emit``): the manifest
    last, with the digest of every file under json/ and qr/."""
    for relative, data in sorted(copied.items()):
        output.write_bytes(relative, data)
    by_code = [items[k] for k in sorted(items)]
    output.write_json(
        "json/index.json",
        {
            "format": FORMAT_VERSION,
            "as_of": manifest["as_of"],
            "handling_items": [
                {k: item[k] for k in ("code", "name", "item", "item_name", "type", "kind")}
                | {"regions": item["regions"]}
                for item in by_code
            ],
        },
    )
    for item in by_code:
        output.write_json(f"json/items/{item['code']}.json", item)
    output.write_json(
        "json/proofs.json",
        {
            "format": FORMAT_VERSION,
            "as_of": manifest["as_of"],
            "proofs": [proofs[k] for k in sorted(proofs)],
        },
    )
    files = {**output.digests("json"), **output.digests("qr")}
    output.write_json("json/manifest.json", {**manifest, "files": files})
