"""A catalog root as it was at a git revision, or a folder as it is.

``git archive`` writes the revision's files into a temporary folder, so the working tree,
the index and the checked-out branch are never touched.
"""

from __future__ import annotations

import contextlib
import io
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from pathlib import Path

from banshi.load import NotACatalogRoot


def _git(repo: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", "-C", str(repo), *args], capture_output=True)


@contextlib.contextmanager
def catalog_at(spec: str, root: Path) -> Iterator[Path]:
    """``spec`` is a folder, or a revision (tag, branch, commit) of the repository at ``root``."""
    if Path(spec).is_dir():
        yield Path(spec)
        return
    top = _git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        raise NotACatalogRoot(f"{spec} is not a folder, and {root} is not in a git repository")
    prefix = root.resolve().relative_to(Path(top.stdout.decode().strip()).resolve()).as_posix()
    tree = f"{spec}:{prefix}" if prefix != "." else spec
    archive = _git(root, "archive", "--format=tar", tree)
    if archive.returncode != 0:
        message = archive.stderr.decode("utf-8", "replace").strip()
        raise NotACatalogRoot(f"{spec} is neither a folder nor a revision of {root}: {message}")
    with tempfile.TemporaryDirectory(prefix="banshi-rev-") as folder:
        with tarfile.open(fileobj=io.BytesIO(archive.stdout)) as tar:
            tar.extractall(folder, filter="data")
        yield Path(folder)
