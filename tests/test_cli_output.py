"""The command line as a program in a pipeline: a reader that stops early (``| head``) ends
any command quietly, and ``banshi --version`` names the version the CHANGELOG describes."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BANSHI = [sys.executable, "-m", "banshi"]


@pytest.mark.parametrize(
    "args",
    [
        ["rules"],
        ["validate", str(REPO), "--format", "json"],
        ["stats", str(REPO), "--format", "json"],
        ["graph", "construction", str(REPO), "--format", "dot"],
        [
            *("notice", "00013112800001", str(REPO), "--region", "410526", "--format", "md"),
            *("--answer", "entrusted=false", "--answer", "premises_owned=true"),
        ],
        ["--help"],
    ],
    ids=lambda args: args[0],
)
def test_a_reader_that_has_gone_ends_the_command_quietly(args):
    """Its standard output closed before it writes, as when ``head`` has read its line."""
    process = subprocess.Popen([*BANSHI, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    process.stdout.close()
    error = process.stderr.read().decode("utf-8")
    assert process.wait(timeout=120) == 1
    assert error == ""


def test_banshi_rules_into_head_as_people_type_it():
    for _ in range(5):  # the reader leaves at its own pace: sometimes before the last write
        result = subprocess.run(
            ["bash", "-c", f"{sys.executable} -m banshi rules | head -1"],
            capture_output=True,
            text=True,
            check=True,
        )
        assert result.stdout.count("\n") == 1 and result.stderr == ""


def test_version_is_the_projects_and_the_changelog_describes_it():
    version = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    result = subprocess.run([*BANSHI, "--version"], capture_output=True, text=True, check=True)
    assert result.stdout == f"banshi, version {version}\n"
    changelog = (REPO / "CHANGELOG.md").read_text(encoding="utf-8")
    headings = re.findall(r"^## \[([^\]]+)\]", changelog, re.M)
    assert headings and headings[0] == version, "the newest CHANGELOG section is this version"
