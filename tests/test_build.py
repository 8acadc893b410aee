"""`banshi build`: what it writes, that it writes it the same way everywhere, and that a failed
or interrupted build leaves the previous output as it was."""

import filecmp
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from catalogs import apply_patch, minimal, tree
from command_line import banshi

from banshi import build as build_module

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("BANSHI_UPDATE_GOLDEN") == "1"


@pytest.fixture
def built(tmp_path):
    root = minimal(tmp_path)
    out = tmp_path / "out"
    run = banshi("build", root, "--out", out)
    assert run.returncode == 0, run.stderr
    return root, out


def _siblings(out: Path) -> list[str]:
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith("." + out.name))


def test_writes_every_output(built):
    _, out = built
    assert sorted(p.name for p in out.iterdir()) == [
        ".banshi-keys",
        ".banshi-output",
        "json",
        "qr",
        "site",
        "site-src",
    ]
    for path in (
        "json/manifest.json",
        "json/index.json",
        "json/items/00013112800001.json",
        "json/implementations/410526100.json",
        "json/bundles/open-shop.json",
        "qr/00013112800001.svg",
        "site/index.html",
        "site/guides/410526/00013112800001/index.html",
        "site/notices/410526100201/00013112800001/index.html",
        "site/bundles/open-shop/index.html",
        "site/placards/index.html",
        "site/forms/individual_business_application/blank.txt",
        "site-src/mkdocs.yml",
        "site-src/zensical.yml",
    ):
        assert (out / path).is_file(), path
    manifest = json.loads((out / "json/manifest.json").read_text(encoding="utf-8"))
    assert manifest["catalog_version"] == "2026.11" and manifest["as_of"] == "2026-11-20"
    assert "catalog/items/000131128000.yaml" in manifest["sources"]


def test_same_input_same_bytes_whatever_the_machine(tmp_path, built):
    root, out = built
    again = tmp_path / "again"
    run = banshi(
        "build",
        root,
        "--out",
        again,
        env={"PYTHONHASHSEED": "4242", "TZ": "Pacific/Auckland", "LC_ALL": "C.UTF-8"},
    )
    assert run.returncode == 0, run.stderr
    first, second = tree(out), tree(again)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []


def test_invalid_catalog_writes_nothing(tmp_path, built):
    root, out = built
    before = tree(out)
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 20}})
    run = banshi("build", root, "--out", out)
    assert run.returncode == 1
    assert "time.promised-over-legal" in run.stdout and "没有写出任何文件" in run.stderr
    assert tree(out) == before and _siblings(out) == []


def test_a_failing_site_build_leaves_the_previous_output(tmp_path, built):
    root, out = built
    before = tree(out)
    (root / "templates").mkdir()
    (root / "templates" / "placards.md.j2").write_text(
        "# 高频\n\n[断链](nowhere.md)\n", encoding="utf-8"
    )
    run = banshi("build", root, "--out", out)
    assert run.returncode == 1 and "nowhere.md" in run.stderr and "Traceback" not in run.stderr
    assert tree(out) == before and _siblings(out) == []


def test_an_interrupted_build_leaves_the_previous_output(tmp_path, built, monkeypatch):
    root, out = built
    before = tree(out)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(build_module, "EMITTERS", (("qr", interrupted),))
    with pytest.raises(KeyboardInterrupt):
        build_module.build(root, out, None, with_site=True, progress=False)
    assert tree(out) == before and _siblings(out) == []


def test_a_catalog_overrides_one_template(tmp_path, built):
    root, out = built
    (root / "templates").mkdir()
    original = (Path(__file__).parents[1] / "templates" / "placards.md.j2").read_text(
        encoding="utf-8"
    )
    (root / "templates" / "placards.md.j2").write_text(
        original.replace("打印后张贴", "本中心专用：打印后张贴"), encoding="utf-8"
    )
    assert banshi("build", root, "--out", out).returncode == 0
    assert "本中心专用" in (out / "site/placards/410526/index.html").read_text(encoding="utf-8")
    assert "扫一扫在手机打开当前页" in (
        out / "site/guides/410526/00013112800001/index.html"
    ).read_text(encoding="utf-8")


def test_no_site_writes_json_and_qr_only(tmp_path):
    root = minimal(tmp_path)
    run = banshi("build", root, "--out", tmp_path / "out", "--no-site")
    assert run.returncode == 0
    # .banshi-keys: what each QR code was drawn from, for the next build to keep it
    found = sorted(p.name for p in (tmp_path / "out").iterdir())
    assert found == [".banshi-keys", ".banshi-output", "json", "qr"]


def _golden(name: str, text: str):
    path = GOLDEN / name
    if UPDATE:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), (
        f"{name} changed; BANSHI_UPDATE_GOLDEN=1 rewrites it"
    )


def test_golden_guide(built):
    _, out = built
    _golden(
        "guide-410526100-00013112800001.md",
        (out / "site-src/docs/guides/410526100/00013112800001.md").read_text(encoding="utf-8"),
    )


def test_golden_notice(tmp_path):
    root = minimal(tmp_path)
    run = banshi(
        "notice",
        "00013112800001",
        root,
        "--region",
        "410526100201",
        "--answer",
        "entrusted=true",
        "--submitted",
        "resident_id_card",
        "--date",
        "2025-09-30",
        "--format",
        "md",
    )
    assert run.returncode == 0, run.stderr
    _golden("notice-410526100201-00013112800001.md", run.stdout)


def test_sample_site_builds_strict_and_compares_with_the_no_site_json(tmp_path):
    repo = Path(__file__).resolve().parents[1]
    full, json_only = tmp_path / "full", tmp_path / "json"
    assert banshi("build", repo, "--out", full).returncode == 0
    assert banshi("build", repo, "--out", json_only, "--no-site").returncode == 0
    assert not filecmp.dircmp(full / "json", json_only / "json").diff_files


def test_the_generated_project_builds_unchanged_with_zensical(built, tmp_path):
    import shutil

    zensical = shutil.which("zensical", path=str(Path(sys.executable).parent)) or shutil.which(
        "zensical"
    )
    assert zensical, "zensical is not installed (tests/run.sh installs it)"
    _, out = built
    project = tmp_path / "project"
    shutil.copytree(out / "site-src", project)
    run = subprocess.run(
        [zensical, "build", "-f", "zensical.yml", "--strict"],
        cwd=project,
        capture_output=True,
        text=True,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert (project / "site/guides/410526/00013112800001/index.html").is_file()
    assert (project / "site/notices/410526100/00013112800001/index.html").is_file()
