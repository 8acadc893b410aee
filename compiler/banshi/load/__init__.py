"""Load a catalog root: find its YAML files, read each one, route it by its ``schema:`` key."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from banshi.load.reader import read
from banshi.problems import Key, Origin, Problem

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


class NotACatalogRoot(Exception):
    """The folder given is not a catalog root (a usage error, exit 2)."""


@dataclass
class Document:
    file: str
    kind: str
    data: dict

    @property
    def origin(self) -> Origin:
        return Origin(self.file)


def catalog_files(root: Path) -> list[str]:
    """The YAML files of the catalog, as paths relative to the root, in catalog order; hidden
    files and folders are not part of it."""
    files = []
    for folder in FOLDERS:
        for directory, subfolders, names in os.walk(root / folder):
            subfolders[:] = [d for d in subfolders if not d.startswith(".")]
            relative = Path(directory).relative_to(root).as_posix()
            for name in names:
                if name.endswith((".yaml", ".yml")) and not name.startswith(".") and os.path.isfile(os.path.join(directory, name)):
                    files.append(f"{relative}/{name}")
    return sorted(files)


def check_root(root: Path) -> None:
    if not root.is_dir():
        raise NotACatalogRoot(f"{root} is not a folder")
    if not (root / "catalog").is_dir():
        raise NotACatalogRoot(
            f"{root} is not a catalog root: it has no catalog/ folder "
            "(see the catalog format: catalog/catalog.yaml, catalog/items/…, rules/…)"
        )


def _route(file: str, data) -> tuple[str | None, Problem | None]:
    """The kind a document declares, or the problem with its ``schema:`` key."""
    origin = Origin(file)
    if not isinstance(data, dict):
        return None, Problem.at(
            origin, "load.schema", "a catalog file is a mapping that starts with schema: banshi/<kind>/v1"
        )
    if "schema" not in data:
        kinds = ", ".join(f"banshi/{k}/v1" for k in KINDS)
        return None, Problem.at(
            origin, "load.schema", f"no schema: key; start the file with one of: {kinds}"
        )
    declared = data["schema"]
    match = SCHEMA_ID.match(declared) if isinstance(declared, str) else None
    if not match or match.group(1) not in KINDS:
        kinds = ", ".join(f"banshi/{k}/v1" for k in KINDS)
        return None, Problem.at(
            origin.at("schema"), "load.schema", f"unknown schema {declared!s}; known: {kinds}"
        )
    kind, version = match.groups()
    if version not in VERSIONS[kind]:
        known = ", ".join(f"banshi/{kind}/{v}" for v in VERSIONS[kind])
        return None, Problem.at(
            origin.at("schema"),
            "load.schema",
            f"schema {declared} is not a version this compiler knows; known: {known}",
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


__all__ = ["KINDS", "Document", "Key", "NotACatalogRoot", "catalog_files", "check_root", "read_and_route"]
