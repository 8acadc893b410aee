"""``banshi init``: a new catalog root for one region, the smallest catalog that validates and
builds, its comments (in Chinese) saying what to fill in.

The files are the templates in ``banshi/starter`` (Jinja2, sandboxed), filled with the region's
code, name and level; every value given on the command line is written as a YAML scalar that
reads back as that very text. The root is made in a folder beside the target and moved into
place at the end, so an interrupted init leaves nothing half written.
"""

from __future__ import annotations

import datetime
import os
import shutil
import tempfile
from dataclasses import dataclass
from importlib import resources
from pathlib import Path, PurePosixPath

from banshi.i18n import _
from banshi.workbook.yaml_out import scalar

# What a region of each level is called in the files init writes.
_PUBLISHER = {
    "province": "人民政府办公厅",
    "city": "人民政府办公室",
    "county": "人民政府办公室",
    "township": "人民政府",
    "village": "村民委员会",
}
_CENTRE = {
    "province": "政务服务中心",
    "city": "政务服务中心",
    "county": "政务服务中心",
    "township": "便民服务中心",
    "village": "便民服务站",
}
_MARKET = {
    "province": "市场监督管理局",
    "city": "市场监督管理局",
    "county": "市场监督管理局",
    "township": "市场监管所",
    "village": "市场监管所",
}
MAX_NAME = 40


class InitRefused(Exception):
    """The region, the name or the folder cannot be used as given (a usage error)."""


@dataclass(frozen=True)
class Region:
    code: str
    name: str
    level: str

    @property
    def child(self) -> dict | None:
        """An example code and level of a region right below this one, for a comment."""
        code, level = self.code, self.level
        below = {
            "province": (code[:2] + "0100", "city"),
            "city": (code[:4] + "21", "county"),
            "county": (code + "100", "township"),
            "township": (code + "201", "village"),
        }.get(level)
        return {"code": below[0], "level": below[1]} if below else None


def level_of(code: str) -> str | None:
    """The level a GB/T 2260 code (6 digits, 9 for a township, 12 for a village) names."""
    if not code.isascii() or not code.isdigit():
        return None
    if len(code) == 12:
        return "village"
    if len(code) == 9:
        return "township"
    if len(code) != 6 or code[:2] == "00":
        return None
    if code[2:] == "0000":
        return "province"
    return "city" if code[4:] == "00" else "county"


def _platform_form(code: str) -> str | None:
    """The region's own code, when ``code`` is the national platform's 12-digit form of a
    province, city, county or township (a village's own 3 digits are never all zero)."""
    if len(code) == 12 and code.isascii() and code.isdigit() and code.endswith("000"):
        return code[:6] if code.endswith("000000") else code[:9]
    return None


def region_of(code: str, name: str) -> Region:
    own = _platform_form(code)
    if own:
        raise InitRefused(
            _(
                "--region {code} is the national platform's 12-digit form of {own}: write "
                "--region {own} (6 digits for a province, city or county, 9 for a township)"
            ).format(code=code, own=own)
        )
    level = level_of(code)
    if level is None:
        raise InitRefused(
            _(
                "--region {code} is no region code: 6 digits for a province, city or county "
                "(410526), 9 for a township (410526100), 12 for a village (410526100201)"
            ).format(code=code)
        )
    name = name.strip()
    if not name or len(name) > MAX_NAME or not name.isprintable():
        raise InitRefused(
            _(
                "--name is the region's name, such as 示例县: one line of at most {most} characters"
            ).format(most=MAX_NAME)
        )
    return Region(code, name, level)


def _files(region: Region, today: datetime.date) -> dict[str, str]:
    """The new root's files, by path, from the starter templates."""
    from jinja2 import StrictUndefined
    from jinja2.sandbox import SandboxedEnvironment

    environment = SandboxedEnvironment(
        undefined=StrictUndefined, keep_trailing_newline=True, autoescape=False
    )
    environment.filters["yaml"] = scalar
    values = {
        "region": region.code,
        "name": region.name,
        "level": region.level,
        "child": region.child,
        "version": f"{today.year}.1",
        "released": today.isoformat(),
        "publisher": region.name + _PUBLISHER[region.level],
        "centre": region.name + _CENTRE[region.level],
        "market": region.name + _MARKET[region.level],
    }
    files = {}
    for template in _templates(resources.files("banshi") / "starter", PurePosixPath()):
        text = environment.from_string(template[1].read_text(encoding="utf-8")).render(values)
        path = str(template[0]).removesuffix(".j2")
        files[
            path.replace("implementations/region.yaml", f"implementations/{region.code}.yaml")
        ] = text
    files[".gitignore"] = "dist/\n"
    return files


def _templates(folder, at: PurePosixPath):
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.is_dir():
            yield from _templates(entry, at / entry.name)
        elif entry.name.endswith(".j2"):
            yield at / entry.name, entry


def init(folder: Path, region: Region, today: datetime.date) -> list[str]:
    """Writes the new root into ``folder``, which must be new or empty; returns its files."""
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        raise InitRefused(_("{folder} is not a folder").format(folder=folder))
    if folder.is_dir() and any(folder.iterdir()):
        raise InitRefused(
            _("{folder} is not empty; init writes a new catalog into a new or empty folder").format(
                folder=folder
            )
        )
    files = _files(region, today)
    beside = folder if folder.is_dir() else folder.absolute().parent
    beside.mkdir(parents=True, exist_ok=True)
    made = Path(tempfile.mkdtemp(prefix=".banshi-init-", dir=beside))
    try:
        for path, text in files.items():
            (made / path).parent.mkdir(parents=True, exist_ok=True)
            (made / path).write_text(text, encoding="utf-8")
        mask = os.umask(0)
        os.umask(mask)
        os.chmod(made, 0o777 & ~mask)
        if folder.is_dir():
            for entry in made.iterdir():
                os.replace(entry, folder / entry.name)
        else:
            os.replace(made, folder)
    finally:
        if made.exists():
            shutil.rmtree(made)
    return sorted(files)
