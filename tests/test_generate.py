"""The benchmark catalog generator writes valid, reproducible catalogs."""

import json
import os
import subprocess
import sys
from pathlib import Path

from command_line import banshi

GENERATE = Path(__file__).resolve().parent.parent / "benchmarks" / "generate.py"
TINY = [
    "--items",
    "20",
    "--cities",
    "1",
    "--counties-per-city",
    "2",
    "--townships-per-county",
    "2",
    "--villages-per-township",
    "2",
    "--share",
    "county=1.0,township=0.6,village=0.4",
]


def _generate(out: Path, *args: str, hash_seed: str = "0") -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONHASHSEED": hash_seed}
    return subprocess.run(
        [sys.executable, str(GENERATE), str(out), *args],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )


def _files(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_tiny_catalog_validates_strictly(tmp_path):
    root = tmp_path / "tiny"
    done = _generate(root, *TINY, "--seed", "7")
    assert done.returncode == 0, done.stderr
    assert "implementation entries" in done.stderr
    assert (root / "catalog" / "catalog.yaml").is_file()
    assert list((root / "catalog" / "implementations").glob("*.yaml"))

    result = banshi("validate", root, "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.splitlines() == []
    assert result.stderr.startswith("0 个错误，0 个警告"), result.stderr


def test_same_seed_same_bytes(tmp_path):
    first, second, other = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    assert _generate(first, *TINY, "--seed", "3", hash_seed="1").returncode == 0
    assert _generate(second, *TINY, "--seed", "3", hash_seed="2").returncode == 0
    assert _generate(other, *TINY, "--seed", "4").returncode == 0
    files = _files(first)
    assert files == _files(second)
    assert files != _files(other)


def test_refuses_non_empty_folder(tmp_path):
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    done = _generate(tmp_path, *TINY)
    assert done.returncode != 0
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"
    assert not (tmp_path / "catalog").exists()


def test_warnings_leaves_warnings_of_both_kinds_and_no_error(tmp_path):
    root = tmp_path / "warned"
    done = _generate(root, *TINY, "--warnings")
    assert done.returncode == 0, done.stderr
    result = banshi("validate", root, "--format", "json")
    report = json.loads(result.stdout)
    assert report["errors"] == 0 and result.returncode == 0
    rules = {p["rule"] for p in report["problems"]}
    assert rules == {"coverage.exercise", "time.promised-ratio"}
