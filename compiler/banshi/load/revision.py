"""A catalog root as it was at a git revision, or a folder as it is.

``git archive`` writes the revision's files into a temporary folder, so the working tree,
the index and the checked-out branch are never touched.

A revision comes from a command line or a workflow, so it is checked before git sees it: it is
resolved to a commit with ``--end-of-options`` (``-o/some/file`` is then a name, never an
option), and only that commit's hash goes on to ``git archive``. A name that is both a folder
and a revision is refused instead of guessed; ``./name`` means the folder. A revision's files
are plain files: a symbolic link in it is refused, never followed.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from banshi.errors import UsageError


class RevisionError(UsageError):
    """A revision that cannot be used as one (a usage error, exit 2)."""


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True, check=False)


def _written_as_path(spec: str) -> bool:
    return spec in (".", "..") or spec.startswith(("/", "./", "../"))


def _commit(spec: str, root: Path) -> str | None:
    """The commit ``spec`` names in the repository at ``root``; None if it names none."""
    found = _git(root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}")
    return found.stdout.decode().strip() if found.returncode == 0 else None


def _prefix(root: Path) -> str | None:
    """Where ``root`` is inside its git repository ("." at the top); None outside git."""
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return None
    return root.resolve().relative_to(Path(top.stdout.decode().strip()).resolve()).as_posix()


def _refuse_links(spec: str, tar: tarfile.TarFile) -> None:
    """A link in a revision could point anywhere on this machine: refused before extracting."""
    for member in tar.getmembers():
        if not (member.isfile() or member.isdir()):
            kind = "a symbolic link" if member.issym() else "not a plain file"
            raise RevisionError(
                f"{spec}: {member.name} is {kind}; a catalog holds plain files "
                "only (replace it by the file itself)"
            )


@contextlib.contextmanager
def catalog_at(spec: str, root: Path) -> Iterator[Path]:
    """``spec`` is a folder, or a revision (tag, branch, commit) of the repository at ``root``."""
    if not spec:
        raise RevisionError("an empty revision: name a tag, branch or commit, or a folder")
    folder = Path(spec)
    if _written_as_path(spec):
        if not folder.is_dir():
            raise RevisionError(f"{spec} is not a folder")
        yield folder
        return
    prefix = _prefix(root)
    commit = _commit(spec, root) if prefix is not None else None
    if folder.is_dir():
        if commit:
            raise RevisionError(
                f"{spec} is both a folder and a revision of {root}: write "
                f"./{spec} for the folder, or a commit hash for the revision"
            )
        yield folder
        return
    if prefix is None:
        raise RevisionError(f"{spec} is not a folder, and {root} is not in a git repository")
    if commit is None:
        raise RevisionError(f"{spec} is neither a folder nor a revision of {root}")
    yield from _archived(spec, commit, prefix, root)


def _archived(spec: str, commit: str, prefix: str, root: Path) -> Iterator[Path]:
    tree = f"{commit}:{prefix}" if prefix != "." else commit
    archive = _git(root, "archive", "--format=tar", tree)
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip()
        raise RevisionError(f"{spec} has no catalog at {prefix} in {root}: {message}")
    with tempfile.TemporaryDirectory(prefix="banshi-rev-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            _refuse_links(spec, tar)
            tar.extractall(folder, filter="data")
        yield Path(folder)
