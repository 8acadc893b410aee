"""Pages made on every core (``banshi.emit.cores``) are the pages one process makes, byte for
byte, and a page that fails in a worker fails as it would alone: located, exit 1."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from catalogs import tree
from command_line import banshi

from banshi.build import build
from banshi.emit import cores

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
# A county, two townships, two villages each: about 600 guides, past cores.EVERY_CORE_MIN.
COUNTY = ("--items", "120", "--cities", "1", "--counties-per-city", "1")
BELOW = ("--townships-per-county", "2", "--villages-per-township", "2")


@pytest.fixture(scope="module")
def county(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("cores") / "root"
    subprocess.run([sys.executable, GENERATE, root, *COUNTY, *BELOW], check=True)
    return root


def test_pages_made_on_every_core_are_those_of_one_process(county, tmp_path, monkeypatch):
    every = build(county, tmp_path / "every", None, True, False, fresh=True)
    assert every.guides > cores.EVERY_CORE_MIN
    monkeypatch.setattr(cores, "EVERY_CORE_MIN", 10**9)
    build(county, tmp_path / "one", None, True, False, fresh=True)
    one, made = tree(tmp_path / "one"), tree(tmp_path / "every")
    assert sorted(one) == sorted(made)
    assert [p for p in one if one[p] != made[p]] == []


def test_a_page_failing_in_a_worker_is_a_located_template_error(county, tmp_path):
    root = tmp_path / "root"
    subprocess.run(["cp", "-a", str(county), str(root)], check=True)
    source = (Path(__file__).resolve().parents[1] / "templates/guide.md.j2").read_text("utf-8")
    lines = source.split("\n")
    at = next(i for i, line in enumerate(lines) if line.startswith('<h2 id="place">'))
    # The villages' guides fail, made in the workers (there are more than EVERY_CORE_MIN).
    lines.insert(at, "{% if g.region.level == 'village' %}{{ no_such_name.x }}{% endif %}")
    (root / "templates").mkdir()
    (root / "templates/guide.md.j2").write_text("\n".join(lines), encoding="utf-8")
    run = banshi("build", root, "--out", tmp_path / "out")
    assert run.returncode == 1, run.stderr
    assert run.stdout.startswith(f"templates/guide.md.j2:{at + 1}: error template: "), run.stdout
    assert "no_such_name" in run.stdout and "Traceback" not in run.stderr
    assert not (tmp_path / "out").exists()
