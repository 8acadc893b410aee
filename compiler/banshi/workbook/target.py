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
from banshi.workbook.sheets import FILE, SHEETS
from banshi.workbook.yaml_out import dump


class TargetRefused(UsageError):
    """The folder cannot be written into as asked (a usage error, exit 2)."""


def check_target(target: Path, force: bool) -> None:
    if target.is_symlink() or (target.exists() and not target.is_dir()):
        raise TargetRefused(_("{path} is not a folder").format(path=target))
    if target.is_dir() and any(target.iterdir()) and not force:
        raise TargetRefused(
            _(
                "{target} is not empty; import into a new folder, or add --force to write the "
                "workbook's files into it (files of the same name are replaced, nothing is "
                "deleted)"
            ).format(target=target)
        )


def _no_link(target: Path, file: str) -> None:
    current = target
    for part in PurePosixPath(file).parts:
        current = current / part
        if current.is_symlink():
            raise TargetRefused(
                _("{path} is a symbolic link; import writes only plain files").format(path=current)
            )


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


def _origin(imported: Imported, file: str) -> tuple[str, int, int]:
    """The sheet, row and column a file's first row came from."""
    for (origin_file, _path), (sheet, row, columns) in imported.origins.items():
        if origin_file == file:
            return sheet, row, columns.get(FILE, 0)
    return "", 0, 0


def _in_the_way(target: Path, file: str, files) -> str | None:
    """Why ``file`` cannot be written under ``target``: a folder it needs is a file (of the
    workbook or of the target), or the file is a folder; None when it can."""
    parts = PurePosixPath(file).parts
    for n in range(1, len(parts)):
        folder = "/".join(parts[:n])
        if folder in files:
            return _("{folder} is a file of this workbook too, so it cannot be a folder").format(
                folder=folder
            )
        path = target / folder
        if path.is_symlink() or (path.exists() and not path.is_dir()):
            return _("{path} is not a folder").format(path=path)
    path = target / file
    if path.is_symlink() or (path.exists() and not path.is_file()):
        return _("{path} is not a plain file").format(path=path)
    return None


def unwritable(target: Path, imported: Imported, workbook: str) -> list[WorkbookProblem]:
    """Every file of the workbook that could not be written, at the cell that names it: all
    are checked before anything is written, so a workbook with one is not written at all."""
    problems = []
    for file in imported.files:
        why = _in_the_way(target, file, imported.files)
        if why:
            sheet, row, column = _origin(imported, file)
            problems.append(
                WorkbookProblem(
                    workbook,
                    sheet or SHEETS[0].name,
                    row,
                    column,
                    "import.file",
                    _("{file} cannot be written: {why}").format(file=file, why=why),
                )
            )
    return problems


def write(target: Path, imported: Imported, workbook: str) -> Written:
    """Writes what the workbook changed, file by file; every file's text is made before the
    first is written (a text that cannot be made writes nothing)."""
    before = set(catalog_files(target)) if target.is_dir() else set()
    for file in imported.files:
        _no_link(target, file)
    texts = {
        file: _text(target, file, document, workbook) for file, document in imported.files.items()
    }
    changed = {file: text for file, text in texts.items() if text is not None}
    mask = os.umask(0)
    os.umask(mask)
    for file, text in changed.items():
        path = target / file
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
    return Written(list(changed), sorted(before - imported.files.keys()))


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
            _("{message} (in {where})").format(message=problem.message, where=where),
            problem.severity,
        )
    return None
