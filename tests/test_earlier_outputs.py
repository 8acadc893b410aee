"""Files Banshi wrote earlier, handed back by anyone: a previous output in ``--out`` and the
shards of ``--combine`` (CI caches and artifacts cross branches). Issue 20, observations 3
and 9; SECURITY.md rows 11 and 12.

Banshi never writes through a link it did not make (the mark, the lock beside the output),
and reads its own earlier files (``.banshi-keys``, a shard's ``json/manifest.json``) only when
they are regular files reached without a link and of a sane size: a FIFO, a device, a link,
a file of gigabytes or JSON nested past Python's recursion limit is "not ours", never a hang,
a crash or exit 3.
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import command_line
import pytest
from catalogs import minimal, tree

# Long enough for a small build with its site on a busy machine; a FIFO read hangs forever.
HANG = 120
OUTSIDE = "a file outside the output, which no build may change\n"


def banshi(*args) -> subprocess.CompletedProcess:
    return command_line.banshi(*args, timeout=HANG)


def said(run: subprocess.CompletedProcess) -> str:
    return f"exit {run.returncode}\nstdout:\n{run.stdout}\nstderr:\n{run.stderr}"


def outside_file(tmp_path: Path) -> Path:
    outside = tmp_path / "outside" / "precious.txt"
    outside.parent.mkdir(exist_ok=True)
    outside.write_text(OUTSIDE, encoding="utf-8")
    return outside


def replace_with_link(path: Path, target: Path | str) -> None:
    path.unlink()
    path.symlink_to(target)


@pytest.fixture
def root(tmp_path):
    return minimal(tmp_path)


# --- observation 3: no write through a link in a previous output ----------------------------


@pytest.mark.parametrize("command", ["build", "hall"])
def test_a_linked_mark_in_a_previous_output_is_never_written_through(root, tmp_path, command):
    """``.banshi-output`` a link to a file outside: the folder is not ours (exit 2), and the
    file outside is as it was."""
    out = tmp_path / "out"
    args = {
        "build": ("build", root, "--out", out, "--no-site"),
        "hall": ("hall", "410526", root, "--out", out),
    }[command]
    assert banshi(*args).returncode == 0
    outside = outside_file(tmp_path)
    replace_with_link(out / ".banshi-output", outside)
    before = tree(out)
    run = banshi(*args)
    assert run.returncode == 2, said(run)
    assert "不是 banshi build 写出的" in run.stderr, said(run)
    assert outside.read_text(encoding="utf-8") == OUTSIDE
    assert tree(out) == before and (out / ".banshi-output").is_symlink()


def test_the_mark_is_put_in_place_never_written_into(tmp_path):
    """The mark a build writes into the previous output just before the swap replaces what is
    there: a link that appears there meanwhile is replaced, not followed."""
    from banshi.emit.output import MARK, _mark

    outside = outside_file(tmp_path)
    folder = tmp_path / "previous"
    folder.mkdir()
    (folder / MARK).symlink_to(outside)
    _mark(folder)
    assert outside.read_text(encoding="utf-8") == OUTSIDE
    assert not (folder / MARK).is_symlink() and "banshi build" in (folder / MARK).read_text()
    assert sorted(p.name for p in folder.iterdir()) == [MARK]


def test_a_linked_lock_beside_the_output_is_refused(root, tmp_path):
    """``ROOT/dist`` is the default output, so its lock ``ROOT/.dist.lock`` lies in the
    catalog's checkout: a committed link there is refused, never opened."""
    outside = tmp_path / "outside" / "created-by-the-build"
    outside.parent.mkdir()
    (root / ".dist.lock").symlink_to(outside)
    run = banshi("build", root, "--no-site")
    assert run.returncode == 2, said(run)
    assert ".dist.lock 是符号链接" in run.stderr, said(run)
    assert not outside.exists() and not (root / "dist").exists()


# --- observation 9: odd files where Banshi expects its own ----------------------------------


def _plant(path: Path, odd: str, tmp_path: Path) -> None:
    """Make ``path`` something other than the file a build wrote there."""
    if path.exists() or path.is_symlink():
        path.unlink()
    if odd == "fifo":
        os.mkfifo(path)
    elif odd == "dev-zero":
        path.symlink_to("/dev/zero")
    elif odd == "deep-json":
        path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    elif odd == "huge":  # sparse: no disk spent, but more bytes than are ever read back
        with open(path, "wb") as file:
            file.truncate(256 << 20)
    elif odd == "link-to-its-copy":
        copy = tmp_path / "elsewhere" / path.name
        copy.parent.mkdir(exist_ok=True)
        copy.write_text("{}", encoding="utf-8")
        path.symlink_to(copy)
    else:
        raise AssertionError(odd)


ODD = ["fifo", "dev-zero", "deep-json", "huge", "link-to-its-copy"]


@pytest.mark.parametrize("odd", ODD)
def test_odd_keys_in_a_previous_output_are_no_keys(root, tmp_path, odd):
    """The previous build's ``.banshi-keys`` replaced: the build ignores it (it makes every
    page anew) and builds exactly what a fresh build does."""
    out, fresh = tmp_path / "out", tmp_path / "fresh"
    assert banshi("build", root, "--out", out).returncode == 0
    _plant(out / ".banshi-keys", odd, tmp_path)
    run = banshi("build", root, "--out", out)
    assert run.returncode == 0, said(run)
    assert banshi("build", root, "--out", fresh, "--fresh").returncode == 0
    assert tree(out) == tree(fresh)


@pytest.mark.parametrize("odd", [*ODD, "linked-folder"])
def test_an_odd_shard_manifest_is_not_a_shard(root, tmp_path, odd):
    """A shard whose ``json/manifest.json`` is odd is not the output of a build: exit 1 with
    one line, nothing written."""
    shard = tmp_path / "shard"
    assert banshi("build", root, "--region", "410526100", "--out", shard).returncode == 0
    if odd == "linked-folder":
        copy = tmp_path / "elsewhere-json"
        os.rename(shard / "json", copy)
        (shard / "json").symlink_to(copy)
    else:
        _plant(shard / "json/manifest.json", odd, tmp_path)
    run = banshi("build", root, "--combine", shard, "--out", tmp_path / "combined")
    assert run.returncode == 1, said(run)
    assert "不是 banshi build 的输出" in run.stderr, said(run)
    assert not (tmp_path / "combined").exists()


@pytest.mark.parametrize("odd", ODD)
def test_an_output_of_the_old_layout_with_an_odd_manifest_is_not_ours(root, tmp_path, odd):
    """An unmarked folder is taken for an output of the old layout only when its manifest is
    a plain file of ours; anything else there is a folder a build did not write (exit 2)."""
    out = tmp_path / "out"
    assert banshi("build", root, "--out", out, "--no-site").returncode == 0
    (out / ".banshi-output").unlink()
    (out / ".banshi-keys").unlink(missing_ok=True)
    _plant(out / "json/manifest.json", odd, tmp_path)
    run = banshi("build", root, "--out", out, "--no-site")
    assert run.returncode == 2, said(run)
    assert "不是 banshi build 写出的" in run.stderr
