"""Load a catalog root: find its YAML files, read each one, route it by its ``schema:`` key."""

from __future__ import annotations

import errno
import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from banshi.errors import UsageError
from banshi.i18n import _
from banshi.load.reader import read
from banshi.problems import Key, Origin, Problem
from banshi.source import unsafe_path

KINDS = (
    "catalog",
    "regions",
    "departments",
    "item",
    "implementation",
    "bundle",
    "materials",
    "situations",
    "policy",
    "calendar",
)
VERSIONS = {kind: ("v1",) for kind in KINDS}
SCHEMA_ID = re.compile(r"^banshi/([a-z]+)/(v[0-9]+)$")
# Recognises the kind of a file that could not be parsed, so that its absence is not
# reported again as hundreds of dangling references.
_SCHEMA_LINE = re.compile(r"^schema:\s*[\"']?banshi/([a-z]+)/", re.MULTILINE)
FOLDERS = ("catalog", "rules")


class NotACatalogRoot(UsageError):
    """The folder given is not a catalog root (a usage error, exit 2)."""


@dataclass
class Document:
    file: str
    kind: str
    data: dict

    @property
    def origin(self) -> Origin:
        return Origin(self.file)


# Folders of the root whose every file is the catalog's: a link anywhere in them is refused.
LINK_FREE = (*FOLDERS, "templates")
SYMLINK = "load.symlink"
_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)


class OutsideRoot(Exception):
    """A path named by the catalog that is not a plain file inside the root: it is never read."""


def _hidden(name: str) -> bool:
    return name.startswith(".")


def plain_files(root: Path, top: str) -> list[str]:
    """Paths (relative to ``root``, sorted) of the plain files below the folder ``top``: no
    hidden file or folder, no symbolic link (``links`` reports those), regular files only."""
    base = root / top
    if base.is_symlink() or not base.is_dir():
        return []
    return sorted(path for path, kind in _walk(base, top) if kind == "file")


def _walk(folder: Path | str, relative: str):
    """(path relative to the root, kind) for everything below ``folder`` that is not hidden,
    going into folders but not through links; kind is "file" (a regular file), "folder",
    "link" or None (anything else, or what could not be looked at). The kinds come with the
    folder's listing: no file is looked at twice (a province has thousands)."""
    try:
        with os.scandir(folder) as listing:
            entries = [entry for entry in listing if not _hidden(entry.name)]
    except OSError:
        return  # as os.walk: a folder that cannot be listed has nothing to give
    for entry in entries:
        path, kind = f"{relative}/{entry.name}", _kind(entry)
        yield path, kind
        if kind == "folder":
            yield from _walk(entry.path, path)


def _kind(entry: os.DirEntry) -> str | None:
    try:
        if entry.is_symlink():
            return "link"
        if entry.is_dir(follow_symlinks=False):
            return "folder"
        return "file" if entry.is_file(follow_symlinks=False) else None
    except OSError:  # gone or unreadable since the listing: as if not there
        return None


def is_yaml(name: str) -> bool:
    return name.endswith((".yaml", ".yml"))


def catalog_files(root: Path) -> list[str]:
    """The YAML files of the catalog, as paths relative to the root, in catalog order; hidden
    files and folders are not part of it, and neither is a symbolic link (see ``links``)."""
    return sorted(f for folder in FOLDERS for f in plain_files(root, folder) if is_yaml(f))


def links(root: Path) -> list[str]:
    """Every symbolic link in the root's catalog/, rules/ and templates/ (hidden ones aside),
    relative to the root: a catalog holds files, and a link would read outside the root."""
    found = []
    for folder in LINK_FREE:
        top = root / folder
        if top.is_symlink():
            found.append(folder)
            continue
        found += [path for path, kind in _walk(top, folder) if kind == "link"]
    return sorted(found)


def link_problem(file: str) -> Problem:
    """The problem of a symbolic link in the catalog, at the link itself."""
    return Problem(
        file,
        1,
        1,
        SYMLINK,
        _(
            "{file} is a symbolic link; a catalog holds plain files and folders (a link could "
            "read outside the catalog root): commit the file itself"
        ).format(file=file),
    )


def read_inside(root: Path, name: str) -> bytes:
    """The bytes of the regular file ``name`` under ``root``, read without following a
    symbolic link at any step (O_NOFOLLOW on every folder and on the file).

    Raises FileNotFoundError when there is no such file, and OutsideRoot when the path leaves
    the root, goes through a link, or names something other than a regular file."""
    with Inside(root) as inside:
        return inside.read(name)


def _parts(name: str) -> list[str]:
    """The parts of a safe relative path (``unsafe_path`` said so): split as written, unless it
    holds an empty or a ``.`` part, which PurePosixPath drops."""
    parts = name.split("/")
    return list(PurePosixPath(name).parts) if "" in parts or "." in parts else parts


def _contents(fd: int, size: int) -> bytes:
    """Everything the file holds, however its size changed since fstat said ``size``."""
    chunks = []
    while chunk := os.read(fd, max(size, 65536) + 1):
        chunks.append(chunk)
    return b"".join(chunks)


class Inside:
    """Reads plain files under ``root`` as ``read_inside`` does, keeping each folder it
    opened for the next file in it: a catalog's thousands of files in a few folders cost one
    open each, not one per folder on their path. Use it in a ``with`` block."""

    def __init__(self, root: Path):
        self.root = root
        self._folders: dict[tuple[str, ...], int] = {}

    def __enter__(self) -> Inside:
        return self

    def __exit__(self, *_) -> None:
        for fd in self._folders.values():
            os.close(fd)
        self._folders.clear()

    def read(self, name: str) -> bytes:
        why = unsafe_path(name)
        if why:
            raise OutsideRoot(why)
        *folders, last = _parts(name)
        fd = self._open(self._folder(tuple(folders), name), folders, last, os.O_NONBLOCK, name)
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode):
                raise OutsideRoot(_("{file} is not a plain file").format(file=name))
            return _contents(fd, info.st_size)
        finally:
            os.close(fd)

    def _folder(self, parts: tuple[str, ...], name: str) -> int:
        """The descriptor of the folder ``parts`` below the root, each step opened without
        following a link."""
        fd = self._folders.get(parts)
        if fd is None:
            if parts:
                parent = self._folder(parts[:-1], name)
                fd = self._open(parent, parts[:-1], parts[-1], _DIRECTORY, name)
            else:
                fd = os.open(self.root, os.O_RDONLY | _DIRECTORY)
            self._folders[parts] = fd
        return fd

    def _open(self, folder: int, above, part: str, flags: int, name: str) -> int:
        try:
            return os.open(part, os.O_RDONLY | _NOFOLLOW | flags, dir_fd=folder)
        except OSError as error:
            shown = "/".join((*above, part))
            if error.errno == errno.ELOOP or os.path.islink(self.root / shown):
                raise OutsideRoot(
                    _(
                        "{file} is a symbolic link; the catalog's files are read only "
                        "where they are, never through a link"
                    ).format(file=shown)
                ) from None
            if error.errno == errno.ENOTDIR:
                raise FileNotFoundError(
                    errno.ENOENT, _("{path} is not a folder").format(path=shown), name
                ) from None
            raise


# What a catalog root holds at least, named for the maintainer who starts from an empty folder.
STARTING_FILES = (
    "catalog/catalog.yaml",
    "catalog/regions.yaml",
    "catalog/departments.yaml",
    "catalog/items/<code>.yaml",
    "catalog/implementations/<region>.yaml",
    "rules/materials.yaml",
    "rules/situations.yaml",
    "rules/policy.yaml",
)


def check_root(root: Path) -> None:
    if not root.is_dir():
        raise NotACatalogRoot(_("{path} is not a folder").format(path=root))
    if not (root / "catalog").is_dir():
        raise NotACatalogRoot(
            _(
                "{root} is not a catalog root: it has no catalog/ folder. A catalog root holds "
                "{files}; banshi init {root} --region CODE --name NAME writes a starter catalog "
                "of one region there, which validates and builds as it is"
            ).format(root=root, files=", ".join(STARTING_FILES))
        )


def _route(file: str, data) -> tuple[str | None, Problem | None]:
    """The kind a document declares, or the problem with its ``schema:`` key."""
    origin = Origin(file)
    if not isinstance(data, dict):
        return None, Problem.at(
            origin,
            "load.schema",
            _("a catalog file is a mapping that starts with schema: banshi/<kind>/v1"),
        )
    if "schema" not in data:
        kinds = ", ".join(f"banshi/{k}/v1" for k in KINDS)
        return None, Problem.at(
            origin,
            "load.schema",
            _("no schema: key; start the file with one of: {kinds}").format(kinds=kinds),
        )
    declared = data["schema"]
    match = SCHEMA_ID.match(declared) if isinstance(declared, str) else None
    if not match or match.group(1) not in KINDS:
        kinds = ", ".join(f"banshi/{k}/v1" for k in KINDS)
        return None, Problem.at(
            origin.at("schema"),
            "load.schema",
            _("unknown schema {schema}; known: {kinds}").format(schema=declared, kinds=kinds),
        )
    kind, version = match.groups()
    if version not in VERSIONS[kind]:
        known = ", ".join(f"banshi/{kind}/{v}" for v in VERSIONS[kind])
        return None, Problem.at(
            origin.at("schema"),
            "load.schema",
            _("schema {schema} is not a version this compiler knows; known: {known}").format(
                schema=declared, known=known
            ),
        )
    return kind, None


def read_and_route(file: str, raw: bytes) -> tuple[str | None, object, list[Problem], str | None]:
    """(kind, data, problems, guessed kind): the kind is None when the file cannot be used."""
    result = read(file, raw)
    problems = list(result.problems)
    if not result.ok:
        guess = _SCHEMA_LINE.search(result.text or raw.decode("utf-8", "replace"))
        return None, None, problems, guess.group(1) if guess else "*"
    kind, problem = _route(file, result.data)
    if problem:
        return None, None, [*problems, problem], "*"
    return kind, result.data, problems, None


__all__ = [
    "KINDS",
    "Document",
    "Key",
    "NotACatalogRoot",
    "OutsideRoot",
    "catalog_files",
    "check_root",
    "is_yaml",
    "plain_files",
    "link_problem",
    "links",
    "read_and_route",
    "Inside",
    "read_inside",
    "unsafe_path",
]
