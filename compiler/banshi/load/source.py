"""What ``load`` hands on: every file of a catalog root that a later stage uses, read once.

``load(root) → Source``: the YAML files of ``catalog/`` and ``rules/`` in catalog order, every
other plain file there (blank forms, samples: the build publishes them and the manifest lists
their digests), the catalog's own ``templates/``, and the symbolic links found (never read).
Each file is read once, through ``read_inside`` (no link followed at any step, regular files
only), and hashed once. The stages after load take what they need from the Source or from what
was made of it: nothing below load reads the catalog from disk or takes its root.
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from banshi.load import (
    FOLDERS,
    OutsideRoot,
    check_root,
    is_yaml,
    links,
    plain_files,
    read_inside,
    unsafe_path,
)

TEMPLATES = "templates"


@dataclass(frozen=True)
class SourceFile:
    """One file as load read it: its path relative to the root, its bytes and their sha256.
    A file read only for its digest (a shard's catalog comes from the validation's snapshot)
    keeps no bytes: ``data`` is None."""

    name: str
    data: bytes | None = field(repr=False)
    digest: str

    @classmethod
    def of(cls, name: str, data: bytes, keep: bool = True) -> SourceFile:
        return cls(name, data if keep else None, hashlib.sha256(data).hexdigest())


@dataclass(frozen=True)
class Source:
    """A catalog root as read: ``root`` is kept for what is outside the pipeline's data (the
    place of the validation cache, the output's refusal of the sources, paths shown to a
    user), never to read from again."""

    root: Path
    catalog: tuple[SourceFile, ...]  # the YAML files, in catalog order
    files: dict[str, SourceFile]  # every other plain file of catalog/ and rules/
    templates: dict[str, SourceFile]  # the catalog's templates/, by name inside it
    # symbolic links in catalog/, rules/ or templates/, never followed: name → sha256 of where
    # each points (an edit of a link is an edit of the catalog)
    links: dict[str, str] = field(default_factory=dict)
    # Files the catalog names outside catalog/ and rules/ (a form under forms/), read on demand
    # by ``with_named``; a name that cannot be read maps to why.
    named: dict[str, SourceFile | str] = field(default_factory=dict)

    def digests(self) -> dict[str, str]:
        """sha256 of every file of catalog/ and rules/, by path: the build's ``sources``."""
        every = {f.name: f.digest for f in self.catalog} | {
            name: f.digest for name, f in self.files.items()
        }
        return dict(sorted(every.items()))

    def file(self, name: str) -> SourceFile | str:
        """The plain file ``name`` inside the root as load read it, or why there is none."""
        found = self.files.get(name) or self.named.get(name)
        if found is not None:
            return found
        return unsafe_path(name) or f"file {name} does not exist under the catalog root"

    def with_named(self, names: Iterable[str]) -> Source:
        """This Source with the files ``names`` (paths the catalog wrote) read too, where they
        are not read yet: each a plain file inside the root, or the reason it is not."""
        named = dict(self.named)
        for name in sorted(set(names)):
            if name in self.files or name in named:
                continue
            named[name] = _read_named(self.root, name)
        return Source(self.root, self.catalog, self.files, self.templates, self.links, named)


def _read_named(root: Path, name: str) -> SourceFile | str:
    try:
        return SourceFile.of(name, read_inside(root, name))
    except OutsideRoot as error:
        return str(error)
    except (FileNotFoundError, NotADirectoryError):
        return f"file {name} does not exist under the catalog root"
    except IsADirectoryError:
        return f"{name} is a folder, not a file"


def _read_all(root: Path, names: list[str]) -> dict[str, SourceFile]:
    read = {}
    for name in names:
        try:
            read[name] = SourceFile.of(name, read_inside(root, name))
        except (OSError, OutsideRoot):
            continue  # changed under us between the walk and the read: as if not there
    return read


def load(root: Path, catalog_bytes: bool = True) -> Source:
    """Read the catalog root ``root``: every file a later stage uses, once. Without
    ``catalog_bytes``, the YAML files are read for their digests only: what they hold comes
    from the validation's snapshot (``banshi.validate.snapshot``), and a catalog's worth of
    bytes is not held."""
    check_root(root)
    found = sorted(name for folder in FOLDERS for name in plain_files(root, folder))
    catalog = tuple(
        SourceFile.of(name, read_inside(root, name), catalog_bytes)
        for name in found
        if is_yaml(name)
    )
    others = _read_all(root, [name for name in found if not is_yaml(name)])
    templates = {
        name.removeprefix(f"{TEMPLATES}/"): file
        for name, file in _read_all(root, plain_files(root, TEMPLATES)).items()
    }
    pointing = {
        link: hashlib.sha256(
            os.readlink(root / link).encode("utf-8", "surrogateescape")
        ).hexdigest()
        for link in links(root)
    }
    return Source(root, catalog, others, templates, pointing)


def templates(root: Path) -> Source:
    """Only the templates of the folder ``root`` (none where it has no ``templates/``): for a
    command whose catalog comes from elsewhere (``banshi diff`` of two revisions)."""
    read = _read_all(root, plain_files(root, TEMPLATES))
    found = {name.removeprefix(f"{TEMPLATES}/"): file for name, file in read.items()}
    pointing = {link: "" for link in links(root) if link.split("/")[0] == TEMPLATES}
    return Source(root, (), {}, found, pointing)
