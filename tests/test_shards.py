"""`banshi build --region R` shards and `banshi build --combine`: shards of the sample put
together are the whole build, byte for byte, site and all; each shard's site stands alone.

The covering set: the sample is one chain 省 → 市 → 县 with two townships below the county. Its
shards are the top levels (`--region 410000 --down-to county`: 省, 市, 县) and one shard per
township subtree (镇 and its villages), so every region is in exactly one shard and the
province's and county's items, implemented in several shards, are merged by the combine step.
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import command_line
import pytest
from catalogs import tree

from banshi import pipeline
from banshi.errors import CatalogHasErrors

ROOT = Path(__file__).parent.parent
SHARDS = (
    ("410000", "--down-to", "county"),
    ("410526100",),
    ("410526101",),
)
# CPSV-AP's graph lists the whole province: shards do not write it, the combining build does.
WHOLE_PROVINCE_ONLY = "json/cpsv-ap.jsonld"


def banshi(*args, cache: Path | None = None):
    env = None if cache is None else {"BANSHI_CACHE_DIR": cache}
    return command_line.banshi(*args, env=env)


def _from_snapshot(run) -> bool:
    """Whether a build's --timings show its catalog came from the validation's snapshot."""
    return re.search(r"^snapshot +[\d.]+ s$", run.stderr, re.M) is not None


def _copy(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    for folder in ("catalog", "rules"):
        shutil.copytree(ROOT / folder, root / folder)
    return root


@pytest.fixture(scope="module")
def builds(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("shards")
    run = banshi("build", ROOT, "--out", tmp / "whole")
    assert run.returncode == 0, run.stderr
    shards = []
    for region, *more in SHARDS:
        shards.append(tmp / region)
        run = banshi("build", ROOT, "--region", region, *more, "--out", shards[-1])
        assert run.returncode == 0, run.stderr
    combine = [a for shard in shards for a in ("--combine", shard)]
    run = banshi("build", ROOT, *combine, "--out", tmp / "combined")
    assert run.returncode == 0, run.stderr
    return tmp / "whole", shards, tmp / "combined"


def test_combined_shards_are_the_whole_build(builds):
    whole, _, combined = builds
    expected, got = tree(whole), tree(combined)
    assert sorted(got) == sorted(expected)
    assert [p for p in expected if got[p] != expected[p]] == []


def test_the_combining_build_takes_the_shards_pages(builds):
    """A guide's page and its HTML are the shard's own files (linked), not made again."""
    _, shards, combined = builds
    township = shards[1]
    for name in ("site-src/docs/guides/410526100", "site/guides/410526100"):
        pages = [p for p in (township / name).rglob("*") if p.is_file()]
        assert pages
        for page in pages:
            taken = combined / page.relative_to(township)
            assert taken.stat().st_ino == page.stat().st_ino, page


def test_a_shards_site_stands_alone(builds):
    """Every link of a shard's site resolves inside it, and its pages are only its regions'."""
    _, shards, _ = builds
    township = shards[1]
    site = township / "site"
    assert {p.name for p in (site / "guides").iterdir()} == {
        "410526100",
        "410526100201",
        "410526100202",
    }
    broken = []
    for page in site.rglob("*.html"):
        for href in re.findall(r'(?:href|src)="([^"#?]+)', page.read_text("utf-8")):
            if "://" in href or href.startswith(("/", "mailto:", "tel:", "data:")):
                continue
            target = (page.parent / href).resolve()
            if not (target.is_file() or (target / "index.html").is_file()):
                broken.append((page.relative_to(site).as_posix(), href))
    assert broken == []


def test_every_region_is_in_exactly_one_shard(builds):
    whole, shards, _ = builds
    regions = [p.stem for shard in shards for p in (shard / "json/implementations").iterdir()]
    assert sorted(regions) == sorted(p.stem for p in (whole / "json/implementations").iterdir())
    assert len(regions) == len(set(regions))


def test_a_shard_holds_nothing_from_outside_its_regions(builds):
    _, shards, _ = builds
    township = shards[1]
    inside = {"410526100", "410526100201", "410526100202"}
    assert {p.stem for p in (township / "json/implementations").iterdir()} == inside
    items = [json.loads(p.read_text("utf-8")) for p in (township / "json/items").iterdir()]
    assert items and all(set(item["regions"]) <= inside for item in items)
    index = json.loads((township / "json/index.json").read_text("utf-8"))
    assert {i["code"] for i in index["handling_items"]} == {i["code"] for i in items}
    assert {p.stem for p in (township / "qr").iterdir()} == {i["code"] for i in items}
    for bundle in (township / "json/bundles").glob("*.json"):
        pytest.fail(f"{bundle.name}: no 一件事 has its window in the township")
    assert not (township / WHOLE_PROVINCE_ONLY).exists()


def test_an_item_of_several_shards_lists_each_shards_regions_then_all(builds):
    whole, shards, combined = builds
    shared = next(
        p.name
        for p in (shards[1] / "json/items").iterdir()
        if (shards[2] / "json/items" / p.name).exists()
    )
    merged = json.loads((combined / "json/items" / shared).read_text("utf-8"))["regions"]
    for shard in shards[1:]:
        regions = json.loads((shard / "json/items" / shared).read_text("utf-8"))["regions"]
        assert set(regions) < set(merged)
    assert (combined / "json/items" / shared).read_bytes() == (
        whole / "json/items" / shared
    ).read_bytes()


def test_an_unknown_region_is_a_usage_error(tmp_path):
    run = banshi("build", ROOT, "--no-site", "--region", "999999", "--out", tmp_path / "out")
    assert run.returncode == 2
    assert "--region 999999：本目录没有这个区划代码" in run.stderr
    assert "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()


def test_a_level_above_the_region_is_a_usage_error(tmp_path):
    run = banshi(
        "build",
        ROOT,
        "--no-site",
        "--region",
        "410526100",
        "--down-to",
        "county",
        "--out",
        tmp_path / "out",
    )
    assert run.returncode == 2
    assert "--down-to county：高于 410526100 的层级（乡镇级）" in run.stderr
    assert not (tmp_path / "out").exists()


def test_shards_of_different_builds_are_not_combined(builds, tmp_path):
    _, shards, _ = builds
    other = tmp_path / "other"
    run = banshi(
        "build", ROOT, "--no-site", "--as-of", "2027-01-01", "--region", "410526101", "--out", other
    )
    assert run.returncode == 0, run.stderr
    run = banshi(
        "build", ROOT, "--combine", shards[1], "--combine", other, "--out", tmp_path / "combined"
    )
    assert run.returncode == 1
    assert "不是本目录同一次构建的分片" in run.stderr and "as_of" in run.stderr
    assert not (tmp_path / "combined").exists()


def test_a_shard_file_reached_through_a_link_is_not_taken(builds, tmp_path):
    """A shard is a folder someone handed over: a linked folder in it is not followed, its
    pages are made again."""
    _, shards, _ = builds
    shard = tmp_path / "shard"
    subprocess.run(["cp", "-a", str(shards[1]), str(shard)], check=True)
    planted = tmp_path / "planted"
    for name in ("site-src/docs/guides/410526100", "site/guides/410526100"):
        (planted / name).parent.mkdir(parents=True, exist_ok=True)
        subprocess.run(["cp", "-a", str(shard / name), str(planted / name)], check=True)
        for page in (planted / name).rglob("*.*"):
            page.write_text("PLANTED", encoding="utf-8")
        subprocess.run(["rm", "-r", str(shard / name)], check=True)
        (shard / name).symlink_to(planted / name)
    run = banshi("build", ROOT, "--combine", shard, "--out", tmp_path / "combined")
    assert run.returncode == 0, run.stderr
    pages = list((tmp_path / "combined/site/guides/410526100").rglob("*.html"))
    assert pages and not [p for p in pages if "PLANTED" in p.read_text("utf-8")]


def test_side_by_side_the_shards_regional_files_are_the_whole_builds(builds):
    """Guides, notices, their HTML and the regions' JSON of every shard are the whole build's
    files, byte for byte; only what lists the whole province differs."""
    whole, shards, _ = builds
    regional = ("site/guides", "site/notices", "site-src/docs/guides", "site-src/docs/notices")
    seen = set()
    for shard in shards:
        for relative, data in tree(shard, (*regional, "json/implementations")).items():
            assert data == (whole / relative).read_bytes(), (shard.name, relative)
            seen.add(relative)
    assert seen == set(tree(whole, (*regional, "json/implementations")))


def test_a_folder_that_is_no_build_is_not_combined(tmp_path):
    (tmp_path / "notes").mkdir()
    (tmp_path / "notes/json").mkdir()
    (tmp_path / "notes/json/manifest.json").write_text("[1, 2", encoding="utf-8")
    run = banshi("build", ROOT, "--combine", tmp_path / "notes", "--out", tmp_path / "out")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert "不是 banshi build 的输出" in run.stderr
    assert not (tmp_path / "out").exists()


def test_combine_with_a_region_is_a_usage_error(builds, tmp_path):
    _, shards, _ = builds
    run = banshi(
        "build", ROOT, "--combine", shards[1], "--region", "410526100", "--out", tmp_path / "o"
    )
    assert run.returncode == 2 and "--combine makes the whole build" in run.stderr


def test_a_shard_from_the_snapshot_is_the_shard_validated_whole(tmp_path):
    """The validation job's snapshot gives every shard the bytes a shard that validates the
    whole catalog itself makes (a cache folder of its own: no snapshot)."""
    snapshot = tmp_path / "cache"
    assert banshi("validate", ROOT, cache=snapshot).returncode == 0
    for region, *more in SHARDS:
        shard = ("build", ROOT, "--region", region, *more, "--timings", "--out")
        taken = banshi(*shard, tmp_path / "taken" / region, cache=snapshot)
        whole = banshi(*shard, tmp_path / "whole" / region, cache=tmp_path / f"none-{region}")
        assert taken.returncode == 0 and whole.returncode == 0, taken.stderr + whole.stderr
        assert _from_snapshot(taken) and not _from_snapshot(whole)
        expected, got = tree(tmp_path / "whole" / region), tree(tmp_path / "taken" / region)
        assert sorted(got) == sorted(expected)
        assert [p for p in expected if got[p] != expected[p]] == []


def test_a_snapshot_of_other_bytes_is_not_used(tmp_path):
    root, cache = _copy(tmp_path), tmp_path / "cache"
    assert banshi("validate", root, cache=cache).returncode == 0
    township = root / "catalog/implementations/410526100.yaml"
    text = township.read_text(encoding="utf-8")
    township.write_text(text.replace("上集市场监督管理所登记窗口", "上集第九窗口"), "utf-8")
    shard = ("build", root, "--region", "410526100", "--no-site", "--timings", "--out")
    run = banshi(*shard, tmp_path / "shard", cache=cache)
    assert run.returncode == 0 and not _from_snapshot(run), run.stderr
    assert banshi(*shard, tmp_path / "fresh", cache=tmp_path / "none").returncode == 0
    got = tree(tmp_path / "shard")
    assert got == tree(tmp_path / "fresh")
    assert any("上集第九窗口".encode() in data for data in got.values())


def test_a_snapshot_of_a_catalog_with_errors_is_not_used(tmp_path, monkeypatch):
    root, cache = _copy(tmp_path), tmp_path / "cache"
    other = root / "catalog/implementations/410526101.yaml"  # not the shard's, nor above it
    other.write_text(other.read_text("utf-8").replace("mode: 办理", "mode: 承办", 1), "utf-8")
    assert banshi("validate", root, cache=cache).returncode == 1
    shard = ("build", root, "--region", "410526100", "--no-site", "--out")
    run = banshi(*shard, tmp_path / "shard", cache=cache)
    fresh = banshi(*shard, tmp_path / "fresh", cache=tmp_path / "none")
    assert run.returncode == fresh.returncode == 1 and "承办" in run.stdout + run.stderr
    assert (run.stdout, run.stderr) == (fresh.stdout, fresh.stderr)
    assert not (tmp_path / "shard").exists()
    monkeypatch.setenv("BANSHI_CACHE_DIR", str(cache))
    timings = {}
    with pytest.raises(CatalogHasErrors):
        pipeline.run(root, region="410526100", timings=timings)
    assert "snapshot" not in timings and "validate" in timings


def test_a_snapshot_of_the_same_files_at_another_path_is_used(tmp_path):
    """A CI job's checkout may sit at another path than the validation job's: the snapshot is
    found by the files' digests in the cache folders of the user, if private."""
    cache = tmp_path / "cache"
    validated = _copy(tmp_path / "validated")
    assert banshi("validate", validated, cache=cache).returncode == 0
    (folder,) = cache.iterdir()
    root = _copy(tmp_path / "elsewhere")
    shard = ("build", root, "--region", "410526100", "--no-site", "--timings", "--out")
    run = banshi(*shard, tmp_path / "shard", cache=cache)
    assert run.returncode == 0 and _from_snapshot(run), run.stderr
    assert banshi(*shard, tmp_path / "fresh", cache=tmp_path / "none").returncode == 0
    assert tree(tmp_path / "shard") == tree(tmp_path / "fresh")
    folder.chmod(0o755)  # not private: not this user's snapshot to trust
    for made in cache.iterdir():
        if made != folder:
            shutil.rmtree(made)
    run = banshi(*shard, tmp_path / "again", cache=cache)
    assert run.returncode == 0 and not _from_snapshot(run), run.stderr
