"""Province-scale builds on drawn catalogs, not only the sample (hypothesis, ``generated.py``):

- shards (``--region``) built and combined (``--combine``) are the whole build, byte for byte,
  site and all;
- a shard built from the validation's snapshot is the shard that validates the whole catalog
  itself, byte for byte;
- a build into the output of a build of another catalog (whatever the previous build was)
  gives the bytes of a build from nothing, and a build of the same catalog again keeps files.

Each property holds under every code scheme the generator knows (``generated.SCHEMES``).
CI draws ``BANSHI_SCALE_EXAMPLES`` catalogs per property (default 5, shared among the schemes,
at least one each: five builds each).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import pytest
from catalogs import tree
from generated import SCHEMES, catalogs, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from banshi.build import build
from banshi.validate import validate

EXAMPLES = int(os.environ.get("BANSHI_SCALE_EXAMPLES", "5"))
PROPERTY = settings(
    max_examples=max(1, EXAMPLES // len(SCHEMES)),  # per scheme
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
# The generator's regions: a province, a city, a county with two townships and their villages.
# Every region in exactly one shard: the top three levels, then each township's subtree.
SHARDS = (("410000", "county"), ("410526100", None), ("410526101", None))


def _root(folder: Path, name: str, files: dict) -> Path:
    root = write(folder / name, files)
    validation = validate(root)
    assert not validation.errors, "the generator drew an invalid catalog"
    return root


def _differing(expected: dict, got: dict) -> list[str]:
    return sorted(set(expected) ^ set(got)) + [p for p in expected if got.get(p) != expected[p]]


EVERY_SCHEME = pytest.mark.parametrize("scheme", sorted(SCHEMES))


@EVERY_SCHEME
@PROPERTY
@given(data=st.data())
def test_shards_combined_are_the_whole_build(scheme, data):
    files = data.draw(catalogs(scheme), "catalog")
    with tempfile.TemporaryDirectory(prefix="banshi-shards-") as folder:
        work = Path(folder)
        root = _root(work, "root", files)
        build(root, work / "whole", None, True, False)
        shards = []
        for region, down_to in SHARDS:
            shards.append(work / region)
            build(root, shards[-1], None, True, False, region=region, down_to=down_to)
        combined = build(root, work / "combined", None, True, False, shards=tuple(shards))
        assert combined.reused
        assert _differing(tree(work / "whole"), tree(work / "combined")) == []


@contextlib.contextmanager
def _cache_in(folder: Path):
    """Validation caches (and so snapshots) kept in ``folder`` for the time being."""
    was = os.environ["BANSHI_CACHE_DIR"]
    os.environ["BANSHI_CACHE_DIR"] = str(folder)
    try:
        yield
    finally:
        os.environ["BANSHI_CACHE_DIR"] = was


@PROPERTY
@given(files=catalogs())
def test_a_shard_from_the_snapshot_is_the_shard_validated_whole(files):
    with tempfile.TemporaryDirectory(prefix="banshi-snapshot-") as folder:
        work = Path(folder)
        with _cache_in(work / "cache"):
            root = _root(work, "root", files)  # validated: the snapshot
            for region, down_to in SHARDS:
                shard = {"region": region, "down_to": down_to}
                taken = build(root, work / region, None, False, False, **shard)
                assert "snapshot" in taken.timings
                with _cache_in(work / f"none-{region}"):
                    whole = build(root, work / f"{region}-whole", None, False, False, **shard)
                assert "snapshot" not in whole.timings
                assert _differing(tree(work / f"{region}-whole"), tree(work / region)) == []


@EVERY_SCHEME
@PROPERTY
@given(before=catalogs(), data=st.data())
def test_a_build_over_any_previous_output_is_a_build_from_nothing(scheme, before, data):
    after = data.draw(catalogs(scheme), "after")
    with tempfile.TemporaryDirectory(prefix="banshi-incremental-") as folder:
        work = Path(folder)
        first, second = _root(work, "before", before), _root(work, "after", after)
        build(first, work / "out", None, True, False)
        build(second, work / "out", None, True, False)
        build(second, work / "fresh", None, True, False, fresh=True)
        assert _differing(tree(work / "fresh"), tree(work / "out")) == []
        again = build(second, work / "out", None, True, False)
        assert again.reused and _differing(tree(work / "fresh"), tree(work / "out")) == []
