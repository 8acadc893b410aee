"""What ``load`` hands on: every file of a catalog root that a later stage uses, read once.

``load(root) → Source``: the YAML files of ``catalog/`` and ``rules/`` in catalog order, every
other plain file there (blank forms, samples: the build publishes them and the manifest lists
their digests), the catalog's own ``templates/``, and the symbolic links found (never read).
Each file is read once, through ``read_inside`` (no link followed at any step, regular files
only), and hashed once. The stages after load take what they need from the Source or from what
was made of it: nothing below load reads the catalog from disk or takes its root.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path

from banshi.i18n import _
from banshi.load import (
    FOLDERS,
    Inside,
    OutsideRoot,
    check_root,
    is_yaml,
    links,
    plain_files,
    read_inside,
)
from banshi.source import TEMPLATES, Source, SourceFile


def with_named(source: Source, names: Iterable[str]) -> Source:
    """``source`` with the files ``names`` (paths the catalog wrote) read too, where they are
    not read yet: each a plain file inside the root, or the reason it is not."""
    named = dict(source.named)
    for name in sorted(set(names)):
        if name in source.files or name in named:
            continue
        named[name] = _read_named(source.root, name)
    return replace(source, named=named)


def _read_named(root: Path, name: str) -> SourceFile | str:
    try:
        return SourceFile.of(name, read_inside(root, name))
    except OutsideRoot as error:
        return str(error)
    except (FileNotFoundError, NotADirectoryError):
        return _("file {file} does not exist under the catalog root").format(file=name)
    except IsADirectoryError:
        return _("{file} is a folder, not a file").format(file=name)


def _read_all(inside: Inside, names: list[str]) -> dict[str, SourceFile]:
    read = {}
    for name in names:
        try:
            read[name] = SourceFile.of(name, inside.read(name))
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
    with Inside(root) as inside:
        catalog = tuple(
            SourceFile.of(name, inside.read(name), catalog_bytes) for name in found if is_yaml(name)
        )
        others = _read_all(inside, [name for name in found if not is_yaml(name)])
        templates = {
            name.removeprefix(f"{TEMPLATES}/"): file
            for name, file in _read_all(inside, plain_files(root, TEMPLATES)).items()
        }
    pointing = {
        link: SourceFile.of(
            link, os.readlink(root / link).encode("utf-8", "surrogateescape")
        ).digest
        for link in links(root)
    }
    return Source(root, catalog, others, templates, pointing)


def templates(root: Path) -> Source:
    """Only the templates of the folder ``root`` (none where it has no ``templates/``): for a
    command whose catalog comes from elsewhere (``banshi diff`` of two revisions)."""
    with Inside(root) as inside:
        read = _read_all(inside, plain_files(root, TEMPLATES))
    found = {name.removeprefix(f"{TEMPLATES}/"): file for name, file in read.items()}
    pointing = {link: "" for link in links(root) if link.split("/")[0] == TEMPLATES}
    return Source(root, (), {}, found, pointing)
