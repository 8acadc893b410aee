"""``banshi validate --format sarif|gitlab``: reports that code scanning and GitLab read."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import jsonschema
import pytest
from catalogs import apply_patch, minimal
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from banshi.cli import main
from banshi.problems import IN_ORDER, Problem
from banshi.reports import fingerprints
from banshi.rules import registry

# The official schema, kept beside the checkout (the folder ``shared`` next to the repository).
SARIF_SCHEMA = (
    Path(__file__).resolve().parents[1] / "../shared/anchors/sarif-2.1.0/sarif-schema-2.1.0.json"
).resolve()
ITEM = "catalog/items/000131128000.yaml"
# Three problems in one handling item, at three different YAML nodes.
OVER_LEGAL = {ITEM: {"handling/0/time_limit/promised": 99}}


def _validate(root: Path, fmt: str, *more: str):
    return CliRunner().invoke(main, ["validate", str(root), "--format", fmt, *more])


def _sarif_validator():
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    return jsonschema.validators.validator_for(schema)(schema)


@pytest.fixture
def broken(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, OVER_LEGAL)
    return root


def test_sarif_of_a_clean_catalog_follows_the_official_schema(tmp_path):
    result = _validate(minimal(tmp_path), "sarif")
    assert result.exit_code == 0, result.output
    log = json.loads(result.stdout)
    _sarif_validator().validate(log)
    run = log["runs"][0]
    assert run["results"] == []
    rules = {rule["id"]: rule for rule in run["tool"]["driver"]["rules"]}
    assert set(registry()) <= set(rules)
    for rule in registry().values():
        described = rules[rule.id]
        assert described["defaultConfiguration"]["level"] == rule.severity
        assert "Failing::" in described["help"]["text"]
        assert described["shortDescription"]["text"] == rule.summary


def test_sarif_with_problems_follows_the_official_schema(broken):
    result = _validate(broken, "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    _sarif_validator().validate(log)
    run = log["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    found = {r["ruleId"]: r for r in run["results"]}
    assert set(found) == {"time.immediate", "time.promised-over-legal", "time.route-promise"}
    over = found["time.promised-over-legal"]
    assert rules[over["ruleIndex"]]["id"] == "time.promised-over-legal"
    assert over["level"] == "error"
    region = over["locations"][0]["physicalLocation"]["region"]
    uri = over["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri.endswith(ITEM) and not uri.startswith("/")
    line = (broken / ITEM).read_text(encoding="utf-8").splitlines()[region["startLine"] - 1]
    assert "promised: 99" in line


def test_sarif_names_problems_of_reading_as_rules_too(tmp_path):
    root = minimal(tmp_path)
    (root / ITEM).write_text("schema: banshi/item/v1\ncode: [\n", encoding="utf-8")
    result = _validate(root, "sarif")
    assert result.exit_code == 1
    log = json.loads(result.stdout)
    _sarif_validator().validate(log)
    ids = {rule["id"] for rule in log["runs"][0]["tool"]["driver"]["rules"]}
    assert {r["ruleId"] for r in log["runs"][0]["results"]} <= ids


def test_gitlab_report_has_every_field_gitlab_requires(broken):
    result = _validate(broken, "gitlab")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert len(report) == 3
    text = (broken / ITEM).read_text(encoding="utf-8").splitlines()
    for issue in report:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert issue["severity"] in ("info", "minor", "major", "critical", "blocker")
        assert isinstance(issue["location"]["path"], str)
        assert isinstance(issue["location"]["lines"]["begin"], int)
    over = next(i for i in report if i["check_name"] == "time.promised-over-legal")
    assert over["severity"] == "major"
    assert over["location"]["path"].endswith(ITEM)
    assert "promised: 99" in text[over["location"]["lines"]["begin"] - 1]
    assert "超过了法定时限 15" in over["description"]


def test_a_warning_is_minor_for_gitlab_and_a_warning_in_sarif(broken):
    apply_patch(broken, {"rules/policy.yaml": {"severity/time.promised-over-legal": "warning"}})
    gitlab = json.loads(_validate(broken, "gitlab").stdout)
    over = next(i for i in gitlab if i["check_name"] == "time.promised-over-legal")
    assert over["severity"] == "minor"
    sarif = json.loads(_validate(broken, "sarif").stdout)["runs"][0]["results"]
    assert next(r for r in sarif if r["ruleId"] == "time.promised-over-legal")["level"] == "warning"


def _fingerprints(root: Path) -> dict[str, str]:
    return {i["check_name"]: i["fingerprint"] for i in json.loads(_validate(root, "gitlab").stdout)}


def _lines(root: Path) -> dict[str, int]:
    return {
        i["check_name"]: i["location"]["lines"]["begin"]
        for i in json.loads(_validate(root, "gitlab").stdout)
    }


@pytest.mark.parametrize("inserted", ["", "# 2026 年修订"])
def test_fingerprints_stay_when_a_line_is_inserted_above(broken, inserted):
    before, lines_before = _fingerprints(broken), _lines(broken)
    item = broken / ITEM
    lines = item.read_text(encoding="utf-8").splitlines(keepends=True)
    item.write_text("".join([lines[0], inserted + "\n", *lines[1:]]), encoding="utf-8")
    after = _fingerprints(broken)
    assert (
        _lines(broken)["time.promised-over-legal"] == lines_before["time.promised-over-legal"] + 1
    )
    assert after == before
    sarif = json.loads(_validate(broken, "sarif").stdout)["runs"][0]["results"]
    assert {r["ruleId"]: r["partialFingerprints"]["banshi/v1"] for r in sarif} == before


def test_different_problems_have_different_fingerprints(broken):
    fingerprints = list(_fingerprints(broken).values())
    assert len(set(fingerprints)) == len(fingerprints) == 3


def test_the_same_problem_twice_in_a_file_gets_two_fingerprints():
    twice = [Problem(ITEM, line, 1, "load.syntax", "a tab cannot start a token") for line in (3, 9)]
    first, second = fingerprints(twice)
    assert first != second
    assert fingerprints(twice) == [first, second]


@pytest.mark.parametrize("fmt", ["sarif", "gitlab"])
def test_exit_codes_are_those_of_the_text_format(tmp_path, broken, fmt):
    clean = minimal(tmp_path / "clean")
    assert _validate(clean, fmt).exit_code == _validate(clean, "text").exit_code == 0
    assert _validate(broken, fmt).exit_code == _validate(broken, "text").exit_code == 1
    assert _validate(tmp_path / "nothing", fmt).exit_code == 2
    apply_patch(clean, {"rules/policy.yaml": {"severity/time.immediate": "warning"}})
    apply_patch(clean, {ITEM: {"handling/0/time_limit/promised": 3}})
    for strict in ((), ("--strict",)):
        text = _validate(clean, "text", *strict)
        assert "warning time.immediate" in text.output
        assert _validate(clean, fmt, *strict).exit_code == text.exit_code == (1 if strict else 0)


def test_the_readme_documents_both_formats():
    readme = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
    assert "--format text|json|github|sarif|gitlab" in readme
    for shown in ("--format sarif", "--format gitlab", "codequality", "upload-sarif"):
        assert shown in readme, shown


def test_sarif_locations_are_uri_references_of_the_file_itself(tmp_path, monkeypatch):
    """Issue 20, observation 10: a file named ``dup #1%41.yaml`` was written raw into
    ``artifactLocation.uri``, where ``#`` starts a fragment and ``%41`` means ``A``, so code
    scanning filed the alert under another path. Every uri is now a relative reference that
    decodes to the file's path, even under a folder whose name holds a ``:``."""
    from urllib.parse import unquote, urlsplit

    monkeypatch.chdir(tmp_path)
    root = Path("c:ase 100%")  # a first segment that reads as a scheme unless encoded
    shutil.copytree(minimal(tmp_path), root)
    odd = ["dup #1%41.yaml", "名 称?x=1.yaml", "a%2Fb.yaml"]
    for name in odd:
        shutil.copy(root / ITEM, root / "catalog/items" / name)
    result = _validate(root, "sarif")
    assert result.exit_code == 1, result.output
    log = json.loads(result.stdout)
    schema = json.loads(SARIF_SCHEMA.read_text(encoding="utf-8"))
    checker = jsonschema.FormatChecker()
    assert checker.conforms("dup%20%231%2541.yaml", "uri-reference")
    assert not checker.conforms("dup #1%41.yaml", "uri-reference")  # the check can fail
    jsonschema.validators.validator_for(schema)(schema, format_checker=checker).validate(log)
    uris = {
        location["physicalLocation"]["artifactLocation"]["uri"]
        for result in log["runs"][0]["results"]
        for location in result["locations"]
    }
    files = set()
    for uri in uris:
        parts = urlsplit(uri)
        assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("", "", "", ""), uri
        files.add(unquote(uri))
    assert {f"{root}/catalog/items/{name}" for name in odd} <= files, files


# Few values each, so that problems tie on some fields and differ on the next.
_texts = st.sampled_from(["", "a", "b", "事项"])
_problems = st.builds(
    Problem,
    file=_texts,
    line=st.integers(0, 2),
    column=st.integers(0, 2),
    rule=_texts,
    message=_texts,
    severity=st.sampled_from(["error", "warning"]),
)


@given(st.lists(_problems, max_size=30))
def test_problems_sorted_by_their_key_are_in_the_order_they_compare_in(problems):
    """Every report lists problems sorted by ``IN_ORDER`` (for speed); the order is the one
    Problem's own comparisons give, ties kept as found."""
    assert sorted(problems, key=IN_ORDER) == sorted(problems)
