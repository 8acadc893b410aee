"""A catalog root as it was at a git revision, or a folder as it is.

The revision's files are read from git's objects as they are (``git ls-tree``, ``git cat-file
--batch``) into a temporary folder, so the working tree, the index and the checked-out branch
are never touched, and nothing the revision holds configures how they are read: no
``.gitattributes`` of the revision (``export-ignore`` would hide a file, ``export-subst``
rewrite one, as ``git archive`` does), no replacement objects, and no bare repository the
catalog commits (``safe.bareRepository=explicit``).

A revision comes from a command line or a workflow, so it is checked before git sees it: it is
resolved to a commit with ``--end-of-options`` (``-o/some/file`` is then a name, never an
option), and only that commit's hash goes on to ``git archive``. A name that is both a folder
and a revision is refused instead of guessed; ``./name`` means the folder. A revision's files
are plain files: a symbolic link in it is refused, never followed.
"""

from __future__ import annotations

import contextlib
import os
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from banshi.errors import UsageError
from banshi.i18n import _
from banshi.load import unsafe_path


class RevisionError(UsageError):
    """A revision that cannot be used as one (a usage error, exit 2)."""


# What every git command runs with: settings of Banshi's, whatever the repository says.
_SETTINGS = ("--no-replace-objects", "-c", "safe.bareRepository=explicit")
# Modes of the files a revision's tree may hold: plain files, executable or not.
_PLAIN = (b"100644", b"100755")


def run_git(repo: Path, *args: str, given: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", *_SETTINGS, "-C", str(repo), *args], input=given, capture_output=True, check=False
    )


def _written_as_path(spec: str) -> bool:
    return spec in (".", "..") or spec.startswith(("/", "./", "../"))


def _commit(spec: str, root: Path) -> str | None:
    """The commit ``spec`` names in the repository at ``root``; None if it names none."""
    found = run_git(
        root, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{spec}^{{commit}}"
    )
    return found.stdout.decode().strip() if found.returncode == 0 else None


def repository_prefix(root: Path) -> str | None:
    """Where ``root`` is inside its git repository ("." at the top); None outside git."""
    top = run_git(root, "rev-parse", "--show-toplevel")
    if top.returncode != 0:
        return None
    return root.resolve().relative_to(Path(top.stdout.decode().strip()).resolve()).as_posix()


@contextlib.contextmanager
def catalog_at(spec: str, root: Path) -> Iterator[Path]:
    """``spec`` is a folder, or a revision (tag, branch, commit) of the repository at ``root``."""
    if not spec:
        raise RevisionError(_("an empty revision: name a tag, branch or commit, or a folder"))
    folder = Path(spec)
    if _written_as_path(spec):
        if not folder.is_dir():
            raise RevisionError(_("{spec} is not a folder").format(spec=spec))
        yield folder
        return
    prefix = repository_prefix(root)
    commit = _commit(spec, root) if prefix is not None else None
    if folder.is_dir():
        if commit:
            raise RevisionError(
                _(
                    "{spec} is both a folder and a revision of {root}: write ./{spec} for the "
                    "folder, or a commit hash for the revision"
                ).format(spec=spec, root=root)
            )
        yield folder
        return
    if prefix is None:
        raise RevisionError(
            _("{spec} is not a folder, and {root} is not in a git repository").format(
                spec=spec, root=root
            )
        )
    if commit is None:
        raise RevisionError(
            _("{spec} is neither a folder nor a revision of {root}").format(spec=spec, root=root)
        )
    yield from _archived(spec, commit, prefix, root)


def _not_plain(spec: str, path: str, mode: bytes) -> RevisionError:
    """A link could point anywhere on this machine, a sub-module anywhere on the network."""
    message = (
        _(
            "{spec}: {path} is a symbolic link; a catalog holds plain files only (replace it by "
            "the file itself)"
        )
        if mode == b"120000"
        else _(
            "{spec}: {path} is not a plain file; a catalog holds plain files only (replace it by "
            "the file itself)"
        )
    )
    return RevisionError(message.format(spec=spec, path=path))


def _files(spec: str, commit: str, prefix: str, root: Path) -> list[tuple[str, str]]:
    """(path, object) of every file of the catalog at ``commit``; anything but a plain file
    is refused."""
    tree = f"{commit}:{prefix}" if prefix != "." else commit
    listing = run_git(root, "ls-tree", "-r", "-z", "--full-tree", tree)
    if listing.returncode != 0:
        message = listing.stderr.decode("utf-8", "replace").strip()
        raise RevisionError(
            _("{spec} has no catalog at {prefix} in {root}: {reason}").format(
                spec=spec, prefix=prefix, root=root, reason=message
            )
        )
    files = []
    for entry in filter(None, listing.stdout.split(b"\0")):
        header, _tab, raw_path = entry.partition(b"\t")
        mode, _kind, name = header.split(b" ")
        path = os.fsdecode(raw_path)
        if mode not in _PLAIN:
            raise _not_plain(spec, path, mode)
        if unsafe_path(path) or "." in PurePosixPath(path).parts:
            raise RevisionError(
                _("{spec}: {path} is not a path inside the catalog").format(spec=spec, path=path)
            )
        files.append((path, name.decode("ascii")))
    return files


def _contents(root: Path, names: list[str]) -> Iterator[bytes]:
    """The bytes of each object, as git keeps them (no filter, no attribute applied)."""
    batch = run_git(root, "cat-file", "--batch", given="".join(f"{n}\n" for n in names).encode())
    if batch.returncode != 0:
        reason = batch.stderr.decode("utf-8", "replace").strip()
        raise RevisionError(
            _("git cannot read the revision's files: {reason}").format(reason=reason)
        )
    out, at = batch.stdout, 0
    for name in names:
        end = out.index(b"\n", at)
        header = out[at:end].split(b" ")
        if len(header) != 3 or header[1] != b"blob":  # "missing": a shallow or broken clone
            raise RevisionError(_("object {name} is not in the repository").format(name=name))
        size = int(header[2])
        yield out[end + 1 : end + 1 + size]
        at = end + 1 + size + 1


def _write_new(target: str, data: bytes) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW
    with open(os.open(target, flags, 0o644), "wb") as file:
        file.write(data)


def _archived(spec: str, commit: str, prefix: str, root: Path) -> Iterator[Path]:
    files = _files(spec, commit, prefix, root)
    with tempfile.TemporaryDirectory(prefix="banshi-rev-") as folder:
        contents = _contents(root, [name for _path, name in files])
        for (path, _name), data in zip(files, contents, strict=True):
            try:
                _write_new(os.path.join(folder, path), data)
            except (FileExistsError, NotADirectoryError, IsADirectoryError):
                raise RevisionError(  # a tree git itself would refuse: a name twice
                    _("{spec}: {path} is in the revision twice").format(spec=spec, path=path)
                ) from None
        yield Path(folder)
