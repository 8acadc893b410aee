"""What a committed release gives the case figures, kept so that a report does not validate and
resolve the release again: a commit never changes.

One file per commit and compiler (``fingerprint``: a new Banshi, rule or schema starts from
nothing) in ``$BANSHI_CACHE_DIR/releases`` (``~/.cache/banshi/releases``), the folder the
validation cache lives in, made private (0700), never inside the catalog root. The cache is
data: MessagePack of plain values, read by a decoder that constructs no object, each field
checked for its type; anything else is a miss, and a cache never fails a command.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import msgpack

from banshi.cases.catalog import PROMISE_COLUMNS, CatalogView
from banshi.validate.cache import cache_home, fingerprint, private_folder

FORMAT = 1
MAX_BYTES = 1 << 28


def _folder(root: Path) -> Path | None:
    folder = cache_home() / "releases"
    try:
        if folder.resolve().is_relative_to(root.resolve()):
            return None  # where a pull request could plant one
    except OSError:
        return None
    return folder if private_folder(folder) else None


def _path(root: Path, commit: str) -> Path | None:
    folder = _folder(root)
    return folder / f"{commit}-{fingerprint()}.msgpack" if folder else None


def _strings(value, size: int | None = None) -> bool:
    return (
        isinstance(value, list)
        and (size is None or len(value) == size)
        and all(isinstance(v, str) for v in value)
    )


def _row(row) -> bool:
    """A promise row (``PROMISE_COLUMNS``) of the types ``CatalogView.promises_on`` gives."""
    if not isinstance(row, list) or len(row) != len(PROMISE_COLUMNS):
        return False
    region, code, effective, expires, promised, unit, legal, *names = row
    window = names.pop(-2)  # kind, name, department, department_name, (window), region_name
    return (
        all(isinstance(v, str) for v in (region, code, effective, unit, *names))
        and all(v is None or isinstance(v, str) for v in (expires, window))
        and isinstance(promised, int)
        and (legal is None or isinstance(legal, int))
    )


def read(root: Path, commit: str) -> CatalogView | None:
    """The release at ``commit`` as it was kept; None when it was not, or not exactly so."""
    path = _path(root, commit)
    try:
        if path is None or path.stat().st_size > MAX_BYTES:
            return None
        data = msgpack.unpackb(path.read_bytes(), raw=False, strict_map_key=True, use_list=True)
    except (OSError, ValueError, msgpack.exceptions.ExtraData):
        return None
    return _view(data, commit)


def _view(data, commit: str) -> CatalogView | None:
    if not isinstance(data, dict) or data.get("format") != FORMAT or data.get("commit") != commit:
        return None
    calendar, regions, windows = data.get("calendar"), data.get("regions"), data.get("windows")
    fine = (
        all(isinstance(data.get(k), str) for k in ("name", "version", "released"))
        and isinstance(calendar, list)
        and len(calendar) == 2
        and all(_strings(days) for days in calendar)
        and isinstance(regions, dict)
        and all(
            isinstance(code, str)
            and isinstance(value, list)
            and len(value) == 2
            and isinstance(value[0], str)
            and _strings(value[1])
            for code, value in regions.items()
        )
        and _strings(data.get("codes"))
        and isinstance(windows, list)
        and all(
            isinstance(w, list)
            and len(w) == 2
            and isinstance(w[0], str)
            and (w[1] is None or isinstance(w[1], str))
            for w in windows
        )
        and isinstance(data.get("promises"), list)
        and all(_row(row) for row in data["promises"])
    )
    if not fine:
        return None
    return CatalogView(
        name=data["name"],
        version=data["version"],
        released=data["released"],
        calendar=(tuple(calendar[0]), tuple(calendar[1])),
        regions={code: (name, tuple(above)) for code, (name, above) in regions.items()},
        codes=frozenset(data["codes"]),
        windows=tuple((start, end) for start, end in windows),
        _catalog=None,
        _promises=[tuple(row) for row in data["promises"]],
    )


def write(root: Path, commit: str, view: CatalogView) -> None:
    """Keep a release for the next command; a cache that cannot be written is no cache."""
    path = _path(root, commit)
    if path is None:
        return
    data = {
        "format": FORMAT,
        "commit": commit,
        "name": view.name,
        "version": view.version,
        "released": view.released,
        "calendar": [list(view.calendar[0]), list(view.calendar[1])],
        "regions": {code: [name, list(above)] for code, (name, above) in view.regions.items()},
        "codes": sorted(view.codes),
        "windows": [list(w) for w in view.windows],
        "promises": [list(row) for row in view.promises()],
    }
    try:
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".part")
    except OSError:
        return
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(msgpack.packb(data, use_bin_type=False))
        os.replace(temporary, path)
    except OSError:
        Path(temporary).unlink(missing_ok=True)
