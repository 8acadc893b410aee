"""`banshi diff OLD NEW` and `build --previous REV`: a revision is only ever a revision (never an
option of git), a folder that shares its name is a usage error, and a revision's files are
plain files (a symbolic link in it is refused, never followed)."""

import os
import shutil
import subprocess

import pytest
import test_versions
from command_line import banshi
from test_versions import git

history = test_versions.history  # the fixture: a repository with releases v1 and v2


@pytest.fixture
def victim(tmp_path):
    path = tmp_path / "victim.txt"
    path.write_text("precious", encoding="utf-8")
    return path


def test_a_revision_written_like_an_option_is_not_given_to_git(history, victim):
    run = banshi("diff", "--", f"-o{victim}", "v2", cwd=history)
    assert run.returncode == 2 and f"-o{victim}" in run.stderr
    assert victim.read_text(encoding="utf-8") == "precious"


def test_a_previous_release_written_like_an_option_is_not_given_to_git(history, victim, tmp_path):
    run = banshi(
        "build",
        history,
        "--out",
        tmp_path / "out",
        "--no-site",
        f"--previous=-o{victim}",
        cwd=history,
    )
    assert run.returncode == 2 and f"-o{victim}" in run.stderr
    assert victim.read_text(encoding="utf-8") == "precious"


def test_an_empty_revision_is_a_usage_error(history):
    run = banshi("diff", "", "v2", cwd=history)
    assert run.returncode == 2 and "版本为空" in run.stderr


def _folder_like(history, name: str):
    """A copy of the working tree in a folder named like a revision of the repository."""
    git(history, "branch", name, "v1") if name != "v1" else None
    folder = history / name
    shutil.copytree(history / "catalog", folder / "catalog")
    shutil.copytree(history / "rules", folder / "rules")
    return folder


@pytest.mark.parametrize("name", ["v1", "release/2026"])
def test_a_folder_named_like_a_revision_is_ambiguous(history, name):
    _folder_like(history, name)
    run = banshi("diff", name, "v2", cwd=history)
    assert run.returncode == 2
    assert f"./{name}" in run.stderr and len(run.stderr.splitlines()) == 1


def test_a_folder_written_as_a_path_is_the_folder(history):
    _folder_like(history, "v1")
    run = banshi("diff", "./v1", "v2", "--format", "json", cwd=history)
    assert run.returncode == 0, run.stderr
    assert '"added": []' in run.stdout  # the folder is the working tree of v2, not release v1


def test_a_symbolic_link_in_a_revision_is_refused_not_followed(history, tmp_path):
    outside = tmp_path / "outside.yaml"
    shutil.copy(history / "catalog/items/100000000001.yaml", outside)
    os.symlink(outside, history / "catalog/items/100000000009.yaml")
    os.symlink("100000000004.yaml", history / "catalog/items/100000000008.yaml")
    git(history, "add", "-A")
    git(history, "commit", "-qm", "links")
    git(history, "tag", "v3")
    run = banshi("diff", "v2", "v3", cwd=history)
    assert run.returncode == 2
    assert "catalog/items/100000000008.yaml" in run.stderr and "是符号链接" in run.stderr


def test_an_unknown_revision_names_itself(history):
    run = banshi("diff", "v9", "v2", cwd=history)
    assert run.returncode == 2 and "v9" in run.stderr and "fatal" not in run.stderr


def test_a_revision_outside_git_is_a_usage_error(tmp_path):
    root = tmp_path / "plain"
    root.mkdir()
    run = subprocess.run(["git", "-C", str(root), "rev-parse"], capture_output=True, check=False)
    assert run.returncode != 0  # not inside any repository
    assert banshi("diff", "v1", "v2", "--root", root, cwd=root).returncode == 2
