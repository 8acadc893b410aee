"""Every rule's docstring examples are its tests: the passing one is clean, the failing one
trips it."""

import pytest
import yaml
from catalogs import apply_patch, minimal

from banshi.rules import registry
from banshi.validate import validate

RULES = list(registry().values())


def _run(tmp_path, rule, which):
    root = minimal(tmp_path)
    apply_patch(root, yaml.safe_load(rule.example(which)))
    return validate(root).problems


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_rule_documents_both_examples(rule):
    assert rule.example("Passing").strip(), f"{rule.id} has no Passing:: example"
    assert rule.example("Failing").strip(), f"{rule.id} has no Failing:: example"


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_passing_example_is_clean(tmp_path, rule):
    problems = _run(tmp_path, rule, "Passing")
    assert [p.text() for p in problems] == []


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.id)
def test_failing_example_trips_the_rule(tmp_path, rule):
    problems = _run(tmp_path, rule, "Failing")
    hits = [p for p in problems if p.rule == rule.id]
    assert hits, f"{rule.id} did not fire; problems were: {[p.text() for p in problems]}"
    for problem in hits:
        assert problem.line >= 1 and problem.column >= 1
        assert problem.severity == rule.severity or rule.id == "time.promised-ratio"


def test_coverage_names_each_gap_once_with_its_count(tmp_path, monkeypatch):
    """Four counties lack every item: one problem per item and level, not one per county."""
    monkeypatch.setenv("BANSHI_LANG", "en")
    rule = registry()["coverage.exercise"]
    hits = [p for p in _run(tmp_path, rule, "Failing") if p.rule == rule.id]
    assert len(hits) == len({(p.file, p.path) for p in hits}) >= 1
    for problem in hits:
        assert problem.path[-2:] == ("levels", "exercise")
        assert "but 4 regions of that level have no entry" in problem.message
        assert problem.message.endswith("410527 另一县, 410528 第三县, 410529 第四县 and 1 more")
