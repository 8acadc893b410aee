"""Where ``banshi import`` writes: a new or empty folder, or, with ``--force``, over the same
files of an existing catalog root. It writes only the workbook's files, and of those only the
ones whose values it changed, changing only those values (``edit``); it deletes nothing."""

from __future__ import annotations

import os
import tempfile
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from banshi.errors import UsageError
from banshi.i18n import _
from banshi.load import OutsideRoot, catalog_files, read_inside
from banshi.load.reader import read
from banshi.problems import Key, Problem
from banshi.workbook.edit import edited
from banshi.workbook.read import Imported, WorkbookProblem
from banshi.workbook.yaml_out import dump


class TargetRefused(UsageError):
    """The folder cannot be written into as asked (a usage error, exit 2)."""


def check_target(target: Path, force: bool) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise TargetRefused(f"{target} is not a folder")
    if target.is_dir() and any(target.iterdir()) and not force:
        raise TargetRefused(
            f"{target} is not empty; import into a new folder, or add --force to write the "
            "workbook's files into it (files of the same name are replaced, nothing is deleted)"
        )


def _no_link(target: Path, file: str) -> None:
    current = target
    for part in PurePosixPath(file).parts:
        current = current / part
        if current.is_symlink():
            raise TargetRefused(f"{current} is a symbolic link; import writes only plain files")


@dataclass
class Written:
    changed: list[str]  # files written: new ones, and those whose values the workbook changed
    kept: list[str]  # catalog files of the folder that the workbook does not hold


def _text(target: Path, file: str, document: dict, workbook: str) -> str | None:
    """What to write into ``file``: an existing file with only the workbook's changes (None when
    it has none), a new one (or one the catalog's reader cannot read) whole, in the house style."""
    try:
        raw = read_inside(target, file)
    except FileNotFoundError:
        raw = None
    except OutsideRoot as error:
        raise TargetRefused(_("{file} cannot be written: {why}").format(file=file, why=error))
    reading = read(file, raw) if raw is not None else None
    if reading is None or reading.problems:
        return dump(document, f"由 banshi import 从 {Path(workbook).name} 写出")
    return edited(raw.decode("utf-8"), reading.data, document)


def write(target: Path, imported: Imported, workbook: str) -> Written:
    """Writes what the workbook changed, file by file."""
    before = set(catalog_files(target)) if target.is_dir() else set()
    for file in imported.files:
        _no_link(target, file)
    mask = os.umask(0)
    os.umask(mask)
    changed = []
    for file, document in imported.files.items():
        path = target / file
        text = _text(target, file, document, workbook)
        if text is None:
            continue
        changed.append(file)
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".banshi-", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
                out.write(text)
            os.chmod(temporary, 0o666 & ~mask)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    return Written(changed, sorted(before - imported.files.keys()))


def _step(element) -> str:
    return element.name if isinstance(element, Key) else str(element)


def at_cell(problem: Problem, imported: Imported, workbook: str) -> WorkbookProblem | None:
    """A problem of the imported catalog shown at the workbook cell it came from."""
    path = problem.path
    for length in range(len(path), -1, -1):
        origin = imported.origins.get((problem.file, tuple(path[:length])))
        if origin is None:
            continue
        sheet, row, columns = origin
        rest = [_step(e) for e in path[length : length + 2]]
        column = columns.get(".".join(rest), columns.get(rest[0], 0) if rest else 0)
        where = f"{problem.file}:{problem.line}:{problem.column}"
        return WorkbookProblem(
            workbook,
            sheet,
            row,
            column,
            problem.rule,
            f"{problem.message} (in {where})",
            problem.severity,
        )
    return None
