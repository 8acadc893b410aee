"""`banshi build --out`: it replaces only what a build wrote, keeps the umask's modes, never
leaves the output missing, cleans up after killed builds, waits for a concurrent build, and
reports a full or read-only disk as a problem, not a crash."""

import errno
import fcntl
import os
import pathlib
import signal
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from catalogs import minimal, tree
from click.testing import CliRunner
from command_line import banshi

from banshi.cli import main


def _leftovers(out: Path) -> list[str]:
    prefix = f".{out.name}.building-"
    return sorted(p.name for p in out.parent.iterdir() if p.name.startswith(prefix))


@pytest.fixture
def root(tmp_path):
    return minimal(tmp_path)


@pytest.fixture
def previous(root, tmp_path):
    """A catalog and its output from an earlier build."""
    out = tmp_path / "out"
    run = banshi("build", root, "--out", out, "--no-site")
    assert run.returncode == 0, run.stderr
    return out, tree(out)


def test_a_folder_the_build_did_not_write_is_refused(root, tmp_path):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.md").write_text("三年的心血", encoding="utf-8")
    run = banshi("build", root, "--out", mine, "--no-site")
    assert run.returncode == 2
    assert "不是 banshi build 写出的" in run.stderr and len(run.stderr.splitlines()) == 1
    assert (mine / "chapter1.md").read_text(encoding="utf-8") == "三年的心血"
    assert _leftovers(mine) == []


@pytest.mark.parametrize("where", [".", "..", "catalog", "catalog/items", "rules", "templates/x"])
def test_the_root_what_holds_it_and_its_sources_are_refused(root, where):
    (root / ".git").mkdir()
    (root / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (root / "templates").mkdir()
    before = tree(root.parent)
    run = banshi("build", root, "--out", root / where, "--no-site")
    assert run.returncode == 2, run.stderr
    assert "请另指定一个专用文件夹" in run.stderr and len(run.stderr.splitlines()) == 1
    assert tree(root.parent) == before


def test_out_dot_in_the_root_is_refused_not_a_crash(root):
    before = tree(root)
    run = banshi("build", ".", "--out", ".", "--no-site", cwd=root)
    assert run.returncode == 2, run.stderr
    assert tree(root) == before


def test_out_dot_in_an_empty_folder_builds_there(root, tmp_path):
    here = tmp_path / "here"
    here.mkdir()
    run = banshi("build", root, "--out", ".", "--no-site", cwd=here)
    assert run.returncode == 0, run.stderr
    assert (here / "json/manifest.json").is_file() and _leftovers(here) == []


def test_a_previous_output_is_replaced(root, previous):
    out, _ = previous
    (out / "json/stale.json").write_text("{}", encoding="utf-8")
    run = banshi("build", root, "--out", out, "--no-site")
    assert run.returncode == 0, run.stderr
    assert not (out / "json/stale.json").exists() and (out / "json/manifest.json").is_file()


def test_the_output_keeps_the_modes_the_umask_gives(root, tmp_path):
    out = tmp_path / "out"
    umask = 0o022
    run = banshi("build", root, "--out", out, "--no-site", preexec_fn=lambda: os.umask(umask))
    assert run.returncode == 0, run.stderr
    for folder in (out, out / "json", out / "qr"):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o777 & ~umask, folder
    assert stat.S_IMODE((out / "json/manifest.json").stat().st_mode) == 0o666 & ~umask


# A build killed for real (SIGKILL, no cleanup of any kind) at a chosen moment: the child
# replaces one function with one that kills its own process.
_KILLED_BUILD = textwrap.dedent("""
    import os, signal, sys
    import banshi.build
    from banshi.cli import main

    def die(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGKILL)

    def then_die(run):
        def wrapped(*args, **kwargs):
            run(*args, **kwargs)
            die()
        return wrapped

    if sys.argv[1] == "while-emitting":
        banshi.build.EMITTERS = (*banshi.build.EMITTERS[:1], ("json", die))
    else:  # just after the finished output took the previous one's place
        import banshi.emit.output as output
        output._swap = then_die(output._swap)
    main(sys.argv[2:])
""")


def _killed_build(moment: str, root: Path, out: Path) -> None:
    run = subprocess.run(
        [
            sys.executable,
            "-c",
            _KILLED_BUILD,
            moment,
            "build",
            str(root),
            "--out",
            str(out),
            "--no-site",
        ],
        check=False,
        capture_output=True,
        text=True,
    )
    assert run.returncode == -signal.SIGKILL, run.stderr


def test_a_build_killed_while_emitting_leaves_the_previous_output_and_the_next_cleans_up(
    root, previous
):
    out, before = previous
    foreign = out.parent / f".{out.name}.building-not-ours"
    foreign.mkdir()
    (foreign / "keep.txt").write_text("someone else's", encoding="utf-8")
    _killed_build("while-emitting", root, out)
    assert tree(out) == before
    assert len(_leftovers(out)) == 2
    assert banshi("build", root, "--out", out, "--no-site").returncode == 0
    assert _leftovers(out) == [foreign.name] and (foreign / "keep.txt").is_file()


def test_a_build_killed_at_the_swap_never_leaves_the_output_missing(root, previous):
    out, before = previous
    _killed_build("after-the-swap", root, out)
    assert (out / "json/manifest.json").is_file()
    assert tree(out).keys() == before.keys()
    assert banshi("build", root, "--out", out, "--no-site").returncode == 0
    assert _leftovers(out) == [] and tree(out) == before


def test_a_second_build_into_the_same_folder_waits_for_the_first(root, previous):
    out, before = previous
    lock = out.parent / f".{out.name}.lock"
    with open(lock, "a") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # as a running build holds it
        # Popen, not the runner: the build is read while it waits, before it ends
        second = subprocess.Popen(
            [sys.executable, "-m", "banshi", "build", root, "--out", out, "--no-site"],
            stderr=subprocess.PIPE,
            text=True,
        )
        assert "另一个构建正在写入" in second.stderr.readline()
        assert tree(out) == before and _leftovers(out) == []
    assert second.wait() == 0, second.stderr.read()
    assert tree(out) == before and _leftovers(out) == []


_FAULTS = {
    "full disk": (errno.ENOSPC, "write", "磁盘已满"),
    "read-only file system": (errno.EROFS, "mkdir", "文件系统为只读"),
    "permission denied": (errno.EACCES, "write", "没有权限"),
}


@pytest.mark.parametrize("fault", sorted(_FAULTS))
def test_a_file_system_fault_is_a_problem_not_a_crash(root, previous, monkeypatch, fault):
    """The fault is raised where the OS would raise it: writing a file or making a folder."""
    out, before = previous
    code, where, reason = _FAULTS[fault]

    def failing(original):
        def call(path, *args, **kwargs):
            if any(part.startswith(f".{out.name}.building-") for part in Path(path).parts):
                raise OSError(code, os.strerror(code))
            return original(path, *args, **kwargs)

        return call

    if where == "write":
        monkeypatch.setattr(pathlib.Path, "write_text", failing(pathlib.Path.write_text))
        monkeypatch.setattr(pathlib.Path, "write_bytes", failing(pathlib.Path.write_bytes))
    else:
        monkeypatch.setattr(os, "mkdir", failing(os.mkdir))
    result = CliRunner().invoke(main, ["build", str(root), "--out", str(out), "--no-site"])
    assert result.exit_code == 1, result.stderr
    line = result.stderr.strip()
    assert line.startswith(f"banshi: 无法写入 {out.parent}") and "Traceback" not in line
    assert line.endswith(reason) and len(result.stderr.splitlines()) == 1
    assert tree(out) == before and _leftovers(out) == []


def test_where_the_system_cannot_exchange_two_renames_replace_the_output(
    root, previous, monkeypatch
):
    from banshi import build as build_module
    from banshi.emit import output

    out, before = previous
    (out / "json/stale.json").write_text("{}", encoding="utf-8")
    monkeypatch.setattr(output, "_renameat2", lambda: None)
    build_module.build(root, out, None, with_site=False, progress=False)
    assert tree(out) == before and _leftovers(out) == []


def test_an_output_from_before_folders_were_marked_is_replaced(root, previous):
    out, before = previous
    (out / ".banshi-output").unlink()
    run = banshi("build", root, "--out", out, "--no-site")
    assert run.returncode == 0, run.stderr
    assert tree(out) == before
