"""Editors: ``banshi schema --out DIR --vscode`` writes the README's ``yaml.schemas`` mapping,
and a file may name its schema in a modeline comment (``# yaml-language-server: $schema=…``)."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import jsonschema
import pytest
import yaml
from catalogs import apply_patch, minimal
from click.testing import CliRunner

from banshi.cli import main

README = Path(__file__).resolve().parents[1] / "README.md"
ITEM = "catalog/items/000131128000.yaml"


def _readme_mapping() -> dict:
    editor = README.read_text(encoding="utf-8").split("### In the editor", 1)[1]
    block = re.search(r"```json\n(.*?)```", editor, re.DOTALL).group(1)
    return json.loads(block)["yaml.schemas"]


@pytest.fixture
def write_schemas(monkeypatch):
    """``banshi schema --out .schemas …`` run in a folder, as a maintainer runs it there."""

    def run(cwd: Path, *more: str):
        monkeypatch.chdir(cwd)
        return CliRunner().invoke(main, ["schema", "--out", ".schemas", *more])

    return run


def test_vscode_settings_are_the_readmes_mapping(tmp_path, write_schemas):
    root = minimal(tmp_path)
    result = write_schemas(root, "--vscode")
    assert result.exit_code == 0, result.output
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings == {"yaml.schemas": _readme_mapping()}
    for schema, files in settings["yaml.schemas"].items():
        assert (root / schema).is_file(), schema
        kind = Path(schema).name.split(".")[0]
        for path in root.glob(files):  # every mapped file is of the schema's kind
            assert yaml.safe_load(path.read_text(encoding="utf-8"))["schema"] == f"banshi/{kind}/v1"


def test_vscode_settings_keep_the_other_settings(tmp_path, write_schemas):
    root = minimal(tmp_path)
    (root / ".vscode").mkdir()
    (root / ".vscode/settings.json").write_text('{"editor.tabSize": 2, "yaml.schemas": {}}')
    assert write_schemas(root, "--vscode").exit_code == 0
    settings = json.loads((root / ".vscode/settings.json").read_text(encoding="utf-8"))
    assert settings["editor.tabSize"] == 2 and settings["yaml.schemas"] == _readme_mapping()


def test_vscode_settings_with_comments_are_refused_not_overwritten(tmp_path, write_schemas):
    root = minimal(tmp_path)
    (root / ".vscode").mkdir()
    text = '{\n  // mine\n  "editor.tabSize": 2\n}\n'
    (root / ".vscode/settings.json").write_text(text)
    result = write_schemas(root, "--vscode")
    assert result.exit_code == 1 and "不是纯 JSON" in result.output
    assert "Traceback" not in result.output
    assert (root / ".vscode/settings.json").read_text() == text


def _with_modeline(root: Path, file: str, schema: str) -> str:
    path = root / file
    modeline = f"# yaml-language-server: $schema={schema}\n"
    path.write_text(modeline + path.read_text(encoding="utf-8"), encoding="utf-8")
    return modeline


def test_a_modeline_names_a_written_schema_and_the_loader_reads_past_it(tmp_path, write_schemas):
    root = minimal(tmp_path)
    assert write_schemas(root).exit_code == 0
    _with_modeline(root, ITEM, "../../.schemas/item.schema.json")
    _with_modeline(root, "catalog/regions.yaml", "../.schemas/regions.schema.json")
    clean = CliRunner().invoke(main, ["validate", str(root)])
    assert clean.exit_code == 0, clean.output
    for file in (ITEM, "catalog/regions.yaml"):
        path = root / file
        target = re.match(r"# yaml-language-server: \$schema=(\S+)\n", path.read_text("utf-8"))
        schema = json.loads((path.parent / target.group(1)).read_text(encoding="utf-8"))
        # what the language server checks: the document against the schema the modeline names
        jsonschema.Draft202012Validator(schema).validate(
            json.loads(json.dumps(yaml.safe_load(path.read_text("utf-8")), default=str))
        )


def test_problems_below_a_modeline_are_located_on_their_own_line(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {ITEM: {"handling/0/time_limit/promised": 99}})
    _with_modeline(root, ITEM, "../../.schemas/item.schema.json")
    result = CliRunner().invoke(main, ["validate", str(root), "--format", "json"])
    assert result.exit_code == 1
    over = next(
        p for p in json.loads(result.stdout)["problems"] if p["rule"] == "time.promised-over-legal"
    )
    line = (root / ITEM).read_text(encoding="utf-8").splitlines()[over["line"] - 1]
    assert "promised: 99" in line


# --- issue 20, observation 4: a checkout's committed links are never written through ---------

PRECIOUS = '{"precious": "outside the catalog root"}\n'


def _outside(tmp_path: Path) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "settings.json").write_text(PRECIOUS, encoding="utf-8")
    (outside / "item.schema.json").write_text(PRECIOUS, encoding="utf-8")
    return outside


def _unchanged(outside: Path) -> bool:
    return sorted(p.name for p in outside.iterdir()) == [
        "item.schema.json",
        "settings.json",
    ] and all(p.read_text(encoding="utf-8") == PRECIOUS for p in outside.iterdir())


def test_a_committed_link_to_a_schema_file_is_replaced_not_written_through(tmp_path, write_schemas):
    root, outside = minimal(tmp_path), _outside(tmp_path)
    (root / ".schemas").mkdir()
    (root / ".schemas/item.schema.json").symlink_to(outside / "item.schema.json")
    result = write_schemas(root, "--vscode")
    assert result.exit_code == 0, result.output
    assert _unchanged(outside)
    written = root / ".schemas/item.schema.json"
    assert not written.is_symlink() and json.loads(written.read_text())["$id"]


@pytest.mark.parametrize(
    "linked", [".schemas", ".vscode", ".vscode/settings.json", ".vscode/settings.json-dangling"]
)
def test_a_committed_link_on_the_way_is_refused(tmp_path, write_schemas, linked):
    """A linked folder (or settings file) would take the write outside the root: refused with
    exit 2 before anything there is read or written."""
    root, outside = minimal(tmp_path), _outside(tmp_path)
    if linked == ".vscode/settings.json":
        (root / ".vscode").mkdir()
        (root / linked).symlink_to(outside / "settings.json")
    elif linked.endswith("-dangling"):
        (root / ".vscode").mkdir()
        (root / ".vscode/settings.json").symlink_to(outside / "created-by-banshi.json")
    else:
        (root / linked).symlink_to(outside)
    result = write_schemas(root, "--vscode")
    assert result.exit_code in (1, 2), result.output
    assert "符号链接" in result.output or "不是普通文件" in result.output, result.output
    assert "Traceback" not in result.output
    assert _unchanged(outside)


def test_a_settings_file_that_is_a_fifo_is_refused_not_waited_on(tmp_path, write_schemas):
    root = minimal(tmp_path)
    (root / ".vscode").mkdir()
    os.mkfifo(root / ".vscode/settings.json")
    result = write_schemas(root, "--vscode")  # would wait forever reading a FIFO
    assert result.exit_code == 1 and "不是普通" in result.output, result.output
