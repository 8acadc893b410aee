"""A catalog root as load read it: every file a later stage uses, with its digest (the type;
``banshi.load.source.load`` reads it). The stages after load take what they need from it and
never read the catalog from disk themselves."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

TEMPLATES = "templates"


def unsafe_path(name: str) -> str | None:
    """Why ``name`` (a path the catalog wrote) is not a plain relative path inside the root."""
    path = PurePosixPath(name)
    if (
        not name
        or path.is_absolute()
        or "\\" in name
        or "\0" in name
        or ".." in path.parts
        or not path.parts
    ):
        return f"{name} must be a path inside the catalog root, like catalog/forms/申请书.docx"
    return None


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
