"""The broken-catalog corpus: every mistake a maintainer makes is reported where it was made.

Each folder in ``tests/broken/`` is one mistake. Its ``overlay/`` holds files written by hand,
with the mistake in them, that are copied over a fresh copy of the minimal fixture (same
relative paths; a new path adds a file); ``expect.yaml`` says what went wrong (``why``), which
files to remove from the copy (``delete``), and where the validator must report it: ``file``,
``line``, optionally ``column``, and ``rule``.

The real command runs in a subprocess, as a maintainer or CI would run it, once with the text
report and once with ``--format json``. Whatever the mistake, the validator exits 1, names the
problem at the exact place, and never shows a traceback.
"""

from __future__ import annotations

import json
import re
import shutil
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from catalogs import MINIMAL, minimal
from command_line import banshi

BROKEN = Path(__file__).parent / "broken"
CASES = sorted(p for p in BROKEN.iterdir() if p.is_dir() and (p / "expect.yaml").is_file())
EXPECT_KEYS = {"why", "delete", "file", "line", "column", "rule"}
MIN_CASES = 45
# Files kept in the corpus only for git's sake (an otherwise empty overlay/ folder).
PLACEHOLDERS = {".gitkeep"}
TIMEOUT = 60


# The command as a maintainer runs it: UTF-8 output, no warning filters from the test run.
ENV = {"PYTHONIOENCODING": "utf-8", "PYTHONWARNINGS": None}


def _validate(root: Path, *options: str) -> tuple[int, str, str]:
    run = banshi("validate", root, *options, env=ENV, timeout=TIMEOUT)
    return run.returncode, run.stdout, run.stderr


def load_expect(case: Path) -> dict:
    expect = yaml.safe_load((case / "expect.yaml").read_text(encoding="utf-8"))
    assert isinstance(expect, dict), f"{case.name}/expect.yaml is not a mapping"
    assert set(expect) <= EXPECT_KEYS, (
        f"{case.name}/expect.yaml: unknown keys {set(expect) - EXPECT_KEYS}"
    )
    for key in ("why", "file", "line", "rule"):
        assert key in expect, f"{case.name}/expect.yaml has no {key}"
    return expect


def build(case: Path, tmp_path: Path) -> Path:
    """The minimal fixture, minus ``delete``, with the case's overlay copied over it."""
    expect = load_expect(case)
    root = minimal(tmp_path)
    for relative in expect.get("delete") or []:
        target = root / relative
        assert target.is_file(), f"{case.name}: delete names {relative}, which the fixture lacks"
        target.unlink()
    overlay = case / "overlay"
    for source in sorted(overlay.rglob("*")):
        if source.is_dir() or source.name in PLACEHOLDERS:
            continue
        target = root / source.relative_to(overlay)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)
    return root


def _no_crash(case: str, rc: int, out: str, err: str) -> None:
    for stream, text in (("stdout", out), ("stderr", err)):
        assert "Traceback" not in text, f"{case}: traceback on {stream}:\n{text}"
        assert "internal error" not in text.lower() and "内部错误" not in text.lower(), (
            f"{case}: internal error on {stream}:\n{text}"
        )


def _problem_line(expect: dict) -> re.Pattern:
    column = str(expect["column"]) if "column" in expect else r"\d+"
    return re.compile(
        rf"^{re.escape(expect['file'])}:{expect['line']}:{column}: error "
        rf"{re.escape(expect['rule'])}: \S.*$",
        re.MULTILINE,
    )


def _matches(problem: dict, expect: dict) -> bool:
    return (
        problem.get("path") == expect["file"]
        and problem.get("line") == expect["line"]
        and ("column" not in expect or problem.get("column") == expect["column"])
        and problem.get("rule") == expect["rule"]
        and problem.get("severity") == "error"
        and bool(str(problem.get("message", "")).strip())
    )


@pytest.mark.parametrize("case", CASES, ids=lambda p: p.name)
def test_broken_catalog_is_reported_where_the_mistake_is(case: Path, tmp_path: Path):
    expect = load_expect(case)
    root = build(case, tmp_path)
    # both reports at once: they are independent runs of the real command
    with ThreadPoolExecutor(2) as both:
        text_run = both.submit(_validate, root)
        json_run = both.submit(_validate, root, "--format", "json")
        rc, out, err = text_run.result()
        json_rc, json_out, json_err = json_run.result()
    where = f"{expect['file']}:{expect['line']}:{expect.get('column', '*')} {expect['rule']}"
    report = f"--- stdout\n{out}--- stderr\n{err}"

    _no_crash(case.name, rc, out, err)
    _no_crash(case.name + " (json)", json_rc, json_out, json_err)
    assert rc == 1, f"{case.name}: exit {rc}, expected 1 ({expect['why']})\n{report}"
    assert _problem_line(expect).search(out), (
        f"{case.name}: expected a problem at {where} ({expect['why']})\n{report}"
    )

    assert json_rc == 1, f"{case.name}: --format json exited {json_rc}\n{json_out}{json_err}"
    data = json.loads(json_out)
    assert data["errors"] >= 1
    assert data["errors"] + data["warnings"] == len(data["problems"])
    assert any(_matches(p, expect) for p in data["problems"]), (
        f"{case.name}: the JSON report has no problem at {where}\n{json_out}"
    )


def test_corpus_is_large_enough():
    assert len(CASES) >= MIN_CASES, f"only {len(CASES)} broken catalogs in {BROKEN}"


def test_every_case_is_well_formed():
    names = [case.name for case in BROKEN.iterdir() if case.is_dir()]
    assert len(names) == len(CASES), "a folder in tests/broken has no expect.yaml"
    for case in CASES:
        assert re.fullmatch(r"\d{2,3}-[a-z0-9-]+", case.name), case.name
        assert (case / "overlay").is_dir(), f"{case.name} has no overlay/ folder"
        expect = load_expect(case)
        assert isinstance(expect["line"], int) and expect["line"] >= 1
        assert isinstance(expect.get("column", 1), int) and expect.get("column", 1) >= 1
        changed = [
            p for p in (case / "overlay").rglob("*") if p.is_file() and p.name not in PLACEHOLDERS
        ]
        assert changed or expect.get("delete"), f"{case.name} changes nothing"
        reported = case / "overlay" / expect["file"]
        assert (
            reported.is_file()
            or (MINIMAL / expect["file"]).is_file()
            or expect["file"] in (expect.get("delete") or [])
        ), f"{case.name}: {expect['file']} is neither in the overlay nor in the fixture"


def test_the_fixture_itself_is_clean(tmp_path):
    rc, out, err = _validate(minimal(tmp_path))
    assert rc == 0, f"the minimal fixture does not validate:\n{out}{err}"


def test_a_folder_without_catalog_is_not_a_catalog_root(tmp_path):
    root = tmp_path / "not-a-catalog"
    (root / "rules").mkdir(parents=True)
    shutil.copyfile(MINIMAL / "rules" / "policy.yaml", root / "rules" / "policy.yaml")
    rc, out, err = _validate(root)
    _no_crash("no catalog/", rc, out, err)
    assert rc == 2, f"exit {rc}, expected 2:\n{out}{err}"
    assert "catalog" in (out + err)
