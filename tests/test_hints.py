"""The commonest slips get a hint at the slip itself: a full-width colon or comma typed on a
Chinese keyboard, a colon without its space, a tab; a mistyped id gets the nearest known id
("did you mean"); an empty folder is told which files a catalog root holds and that ``banshi
init`` writes one.

The reader's hints are tried on every ``key: value`` line of the minimal catalog and of a
generated one, each broken in turn: every slip is reported at its own line and column.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from catalogs import apply_patch, minimal
from command_line import banshi

from banshi.load.reader import read
from banshi.pipeline import validated
from banshi.rules._nearest import LIKENESS_MOST, Nearest

HERE = Path(__file__).parent
ITEM = "catalog/items/000131128000.yaml"
KEY_LINE = re.compile(r"^([ ]*(?:- )?)([a-z_]+): (?=\S)", re.MULTILINE)


@pytest.fixture(autouse=True)
def chinese(monkeypatch):
    monkeypatch.delenv("BANSHI_LANG", raising=False)


def _only(text: str):
    result = read("f.yaml", text.encode("utf-8"))
    assert not result.ok and len(result.problems) == 1, result
    return result.problems[0]


@pytest.mark.parametrize(
    ("text", "line", "column", "words"),
    [
        ("schema: banshi/item/v1\nsector：卫生健康\nname: x\n", 2, 7, "sector 后面是全角冒号"),
        ("sector：卫生健康\nschema: banshi/item/v1\n", 1, 7, "全角冒号"),
        ("schema: x\nlevels:\n  exercise：county\n  accept: [county]\n", 3, 11, "全角冒号"),
        ("a:\n  - material：x\n    copies: 1\n", 2, 13, "material 后面是全角冒号"),
        ("schema: x\nm: {material: a， copies: 1}\n", 2, 16, "全角逗号"),
        ("schema: x\nm: [{a: 1}，{a: 2}]\n", 2, 11, "全角逗号"),
        ("schema: x\nname:abc\nb: 1\n", 2, 5, "name 的冒号后面少了空格"),
        ("schema: x\nlevels:\n\texercise: county\n", 3, 1, "制表符"),
    ],
)
def test_a_slip_is_reported_where_it_is_with_what_to_write(text, line, column, words):
    problem = _only(text)
    assert (problem.line, problem.column, problem.rule) == (line, column, "load.syntax")
    assert words in problem.message and "YAML 语法" in problem.message


def test_the_hint_is_english_with_banshi_lang_en(monkeypatch):
    monkeypatch.setenv("BANSHI_LANG", "en")
    problem = _only("schema: banshi/item/v1\nsector：卫生健康\nname: x\n")
    assert problem.message.startswith("a full-width colon ： after sector: YAML needs an ASCII")


def _generated(tmp_path: Path) -> Path:
    root = tmp_path / "generated"
    subprocess.run(
        [sys.executable, str(HERE.parent / "benchmarks" / "generate.py"), str(root)]
        + ["--items", "8", "--cities", "1", "--counties-per-city", "1"]
        + ["--townships-per-county", "1", "--villages-per-township", "1", "--seed", "3"],
        check=True,
        capture_output=True,
    )
    return root


@pytest.mark.parametrize("catalog", ["minimal", "generated"])
def test_every_key_written_with_a_full_width_colon_is_found_at_its_colon(tmp_path, catalog):
    root = minimal(tmp_path) if catalog == "minimal" else _generated(tmp_path)
    tried = 0
    for path in sorted((root / "catalog").rglob("*.yaml")) + sorted(root.glob("rules/*.yaml")):
        text = path.read_text("utf-8")
        for key in KEY_LINE.finditer(text):
            colon = key.end(2)
            slipped = text[:colon] + "：" + text[colon + 1 :]
            result = read(path.name, slipped.encode("utf-8"))
            line = text.count("\n", 0, colon) + 1
            column = colon - text.rfind("\n", 0, colon)
            where = f"{path.name}:{line}: {text.splitlines()[line - 1]}"
            assert not result.ok, f"read without a problem: {where}"
            (problem,) = result.problems
            assert (problem.line, problem.column) == (line, column), (where, problem.text())
            assert f"{key.group(2)} 后面是全角冒号" in problem.message, (where, problem.text())
            tried += 1
    assert tried > 50


def _problems(root: Path, rule: str) -> list[str]:
    return [p.message for p in validated(root).validation.problems if p.rule == rule]


@pytest.mark.parametrize(
    ("patch", "rule", "meant"),
    [
        (
            {ITEM: {"handling/0/materials/2/material": "business_premise_proof"}},
            "ref.material",
            "business_premises_proof",
        ),
        (
            {"catalog/implementations/410526.yaml": {"entries/0/agency": "sx-markt"}},
            "ref.department",
            "sx-market",
        ),
        (
            {"catalog/implementations/410526.yaml": {"entries/0/item": "000131128001"}},
            "ref.item",
            "000131128000",
        ),
        ({"catalog/departments.yaml": {"departments/0/region": "410256"}}, "ref.region", "410526"),
        (
            {ITEM: {"handling/0/materials/3/when": {"entrustd": True}}},
            "ref.situation",
            "entrusted",
        ),
    ],
)
def test_a_mistyped_id_is_told_the_nearest_known_one(tmp_path, patch, rule, meant):
    root = minimal(tmp_path)
    apply_patch(root, patch)
    (message,) = _problems(root, rule)
    assert message.endswith(f"是不是要写 {meant}？"), message


def test_an_id_near_nothing_gets_no_guess(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {ITEM: {"handling/0/materials/2/material": "completely_different"}})
    (message,) = _problems(root, "ref.material")
    assert "是不是" not in message, message


def _one_keystroke(a: str, b: str) -> bool:
    """Whether ``b`` is ``a`` with one character changed, left out, added, or two swapped."""
    if abs(len(a) - len(b)) > 1 or a == b:
        return False
    start = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
    swapped = a[:start] + a[start + 1 : start + 2] + a[start : start + 1] + a[start + 2 :]
    return b in (swapped,) or any(
        a[start + i :] == b[start + j :] for i, j in ((1, 1), (1, 0), (0, 1))
    )


def test_past_a_thousand_ids_the_nearest_is_one_keystroke_away():
    codes = [f"4105{n:08d}" for n in range(0, 3 * LIKENESS_MOST * 7, 7)]
    assert len(codes) > LIKENESS_MOST
    known = Nearest(codes)
    right = codes[502]  # 410500003514
    for typed in (
        right[:-1] + "9",  # changed
        right[:-2] + right[-1] + right[-2],  # two swapped
        right[:-1],  # left out
        right + "3",  # added
    ):
        assert typed not in codes
        near = sorted(c for c in codes if _one_keystroke(typed, c))
        assert near, typed
        assert known.nearest(typed) == near[0], typed
    assert known.nearest("99999999999999") is None


def test_a_hint_changes_when_the_code_it_names_goes(tmp_path):
    """An entry names a code no item has; the hint names the nearest. When that item goes,
    the validation from the cache says what a validation from nothing says."""
    root = minimal(tmp_path)
    item = (root / ITEM).read_text("utf-8")
    other = item.replace("000131128000", "000131129000").replace("00013112800", "00013112900")
    (root / "catalog/items/000131129000.yaml").write_text(other, "utf-8")
    entries = [
        {"item": "000131128000", "agency": "sx-market", "mode": "办理"},
        {"item": "00013112900009", "agency": "sx-market", "mode": "办理"},
    ]
    apply_patch(root, {"catalog/implementations/410526.yaml": {"entries": entries}})
    (before,) = _problems(root, "ref.item")
    assert before.endswith("是不是要写 00013112900001？"), before
    (root / "catalog/items/000131129000.yaml").unlink()
    warm = [p.text() for p in validated(root).validation.problems]
    cold = [p.text() for p in validated(root, use_cache=False).validation.problems]
    assert warm == cold


def test_an_empty_folder_is_told_which_files_make_a_catalog_and_about_init(tmp_path):
    result = banshi("validate", tmp_path)
    assert result.returncode == 2
    for file in ("catalog/catalog.yaml", "catalog/regions.yaml", "rules/materials.yaml"):
        assert file in result.stderr, result.stderr
    assert f"banshi init {tmp_path}" in result.stderr
    assert "不是目录根文件夹" in result.stderr
