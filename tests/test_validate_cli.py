"""`banshi validate` as users and CI call it: formats, exit codes, the sample catalog."""

import json
from pathlib import Path

from catalogs import apply_patch, minimal
from command_line import banshi

REPO = Path(__file__).resolve().parents[1]


def _broken(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 20}})
    return root


def test_sample_catalog_is_clean_even_strict():
    result = banshi("validate", str(REPO), "--strict")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""


def test_text_lines_are_path_line_col_severity_rule_message(tmp_path):
    result = banshi("validate", str(_broken(tmp_path)))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert (
        "catalog/items/000131128000.yaml:69:15: error time.promised-over-legal: "
        "承诺时限 20 个工作日超过了法定时限 15：承诺时限只能比法定时限短" in lines
    )


def test_json_report(tmp_path):
    result = banshi("validate", str(_broken(tmp_path)), "--format", "json")
    report = json.loads(result.stdout)
    assert result.returncode == 1 and report["errors"] >= 1
    assert {"path", "line", "column", "severity", "rule", "message"} <= set(report["problems"][0])


def test_github_annotations_name_the_file_from_the_working_directory(tmp_path):
    root = _broken(tmp_path)
    result = banshi("validate", "root", "--format", "github", cwd=tmp_path)
    assert result.returncode == 1
    assert (
        "::error file=root/catalog/items/000131128000.yaml,line=69,col=15,"
        "title=time.promised-over-legal::" in result.stdout
    )
    assert root.is_dir()


def test_warnings_pass_unless_strict(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 13},
            "catalog/implementations/410526100.yaml": {"entries/0/promised": 13},
        },
    )
    assert banshi("validate", str(root)).returncode == 0
    assert banshi("validate", str(root), "--strict").returncode == 1


def test_policy_turns_a_rule_off(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 13},
            "catalog/implementations/410526100.yaml": {"entries/0/promised": 13},
            "rules/policy.yaml": {"severity": {"time.promised-ratio": "off"}},
        },
    )
    assert banshi("validate", str(root), "--strict").returncode == 0


def test_not_a_catalog_root_is_a_usage_error(tmp_path):
    result = banshi("validate", str(tmp_path))
    assert result.returncode == 2
    assert "catalog/catalog.yaml" in result.stderr and "banshi init" in result.stderr
    assert "Traceback" not in result.stderr
    assert banshi("validate", "--format", "xml", str(REPO)).returncode == 2
