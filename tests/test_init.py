"""`banshi init`: a new catalog root for one region that validates and builds at once, its
comments saying in Chinese what to fill in."""

from __future__ import annotations

import json
import re

import pytest
import yaml
from command_line import banshi

CHINESE = re.compile(r"[\u4e00-\u9fff]")
REGIONS = {
    "province": ("410000", "示例省"),
    "city": ("410500", "示例市"),
    "county": ("410526", "示例县"),
    "township": ("410526100", "上集镇"),
    "village": ("410526100201", "张营村"),
}


@pytest.mark.parametrize("level", REGIONS)
def test_init_writes_a_catalog_of_the_region_that_validates_strictly(tmp_path, level):
    code, name = REGIONS[level]
    made = banshi("init", str(tmp_path / "新目录"), "--region", code, "--name", name)
    assert made.returncode == 0, made.stderr
    root = tmp_path / "新目录"
    checked = banshi("validate", str(root), "--strict")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    regions = yaml.safe_load((root / "catalog/regions.yaml").read_text(encoding="utf-8"))
    assert regions["regions"] == [{"code": code, "name": name, "level": level}]
    assert (root / f"catalog/implementations/{code}.yaml").is_file()
    for path in sorted(root.rglob("*.yaml")):
        comments = [line for line in path.read_text(encoding="utf-8").splitlines() if "#" in line]
        assert any(CHINESE.search(line) for line in comments), f"{path} says nothing to fill in"


@pytest.mark.parametrize("level", ["county", "village"])
def test_init_then_build_publishes_its_guide(tmp_path, level):
    code, name = REGIONS[level]
    assert banshi("init", "--region", code, "--name", name, cwd=tmp_path).returncode == 0
    built = banshi("build", cwd=tmp_path)
    assert built.returncode == 0, built.stdout + built.stderr
    index = json.loads((tmp_path / "dist/json/index.json").read_text(encoding="utf-8"))
    assert "00013112800001" in json.dumps(index)
    assert (tmp_path / "dist/site/index.html").is_file()


def test_a_name_yaml_would_misread_is_written_as_that_name(tmp_path):
    name = "示例县: #新区"
    assert (
        banshi("init", "root", "--region", "410526", "--name", name, cwd=tmp_path).returncode == 0
    )
    assert banshi("validate", "root", "--strict", cwd=tmp_path).returncode == 0
    regions = yaml.safe_load((tmp_path / "root/catalog/regions.yaml").read_text(encoding="utf-8"))
    assert regions["regions"][0]["name"] == name


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["--region", "41052", "--name", "示例县"], "--region 41052 不是区划代码"),
        (["--region", "410526", "--name", "示例县\n新区"], "--name"),
        (["--region", "410526", "--name", " "], "--name"),
    ],
)
def test_init_refuses_what_is_no_region_as_a_usage_error(tmp_path, args, says):
    refused = banshi("init", str(tmp_path / "root"), *args)
    assert refused.returncode == 2 and says in refused.stderr
    assert "Traceback" not in refused.stderr and not (tmp_path / "root").exists()


def test_init_never_writes_into_a_folder_that_holds_anything(tmp_path):
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    refused = banshi("init", str(tmp_path), "--region", "410526", "--name", "示例县")
    assert refused.returncode == 2 and "不是空文件夹" in refused.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["notes.txt"]
