"""``banshi build --combine SHARD…``: shards (``banshi build --region R``) put together into
the whole build.

A combining build is the whole build, with the shards as earlier outputs (``Output``): the
catalog is resolved whole again (seconds), and every file a shard made alike (its guides and
notices, their pages as MkDocs built them, its regions' JSON) is taken from it instead of made
again. What no shard made alike is made: what lists the whole province (the home and index
pages, the page of an item implemented in several shards, the search index, ``index.json``,
the items' and proofs' JSON, ``cpsv-ap.jsonld``, the manifest). So the combined output is the
whole build's, byte for byte, and costs a fraction of it.

The shards must be of this build: their manifests name the same catalog sources, date and
compiler.
"""

from __future__ import annotations

from pathlib import Path

from banshi.emit.output import own_json
from banshi.errors import BanshiError
from banshi.i18n import _


class ShardsDisagree(BanshiError):
    """A shard is not of this build (another catalog, date or compiler), or not a build's
    output at all: a problem, exit 1."""


def check_shards(shards: tuple[Path, ...], build: dict) -> None:
    """Every shard's manifest says what this build's says (``json_rules.build_of``)."""
    for shard in shards:
        manifest = own_json(shard, "json/manifest.json")
        if manifest is None:  # missing, linked, a FIFO or device, too large, not JSON
            raise ShardsDisagree(
                _(
                    "{shard}: not the output of banshi build (no readable json/manifest.json)"
                ).format(shard=shard)
            )
        if not isinstance(manifest, dict):
            raise ShardsDisagree(
                _("{shard}: its json/manifest.json is not a manifest").format(shard=shard)
            )
        differing = [k for k in build if manifest.get(k) != build[k]]
        if differing:
            raise ShardsDisagree(
                _(
                    "{shard}: not a shard of the same build as this catalog (its {fields} differ)"
                ).format(shard=shard, fields=", ".join(differing))
            )
