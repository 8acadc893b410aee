"""Editor support: where each kind's JSON Schema applies, for the YAML language server (VS Code's
YAML extension and every editor that runs it).

Two ways to pick a schema: a workspace mapping in ``.vscode/settings.json`` (``yaml.schemas``:
schema file → glob of the files of that kind, in the standard layout of a catalog root), or a
modeline as the first line of one file, ``# yaml-language-server: $schema=<path>``, a comment the
loader reads past like any other.

``banshi schema --out .schemas --vscode`` runs in the catalog root, a checkout anyone may have
committed links into: nothing is written through a link (a folder on the way that is one is
refused, a file is replaced by a new one) and the settings are read only from a plain file.
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

from banshi.errors import BanshiError
from banshi.i18n import _

# The files of each kind in a catalog root laid out as the format describes (§1).
KIND_FILES = {
    "item": "catalog/items/*.yaml",
    "implementation": "catalog/implementations/*.yaml",
    "regions": "catalog/regions.yaml",
    "departments": "catalog/departments.yaml",
    "bundle": "catalog/bundles/*.yaml",
    "catalog": "catalog/catalog.yaml",
    "materials": "rules/materials.yaml",
    "situations": "rules/situations.yaml",
    "policy": "rules/policy.yaml",
    "calendar": "rules/calendar.yaml",
}
SETTINGS = Path(".vscode/settings.json")


# No settings file of an editor comes near this; a larger one is not read.
MAX_SETTINGS_BYTES = 1 << 20


class SettingsUnreadable(BanshiError):
    """An existing settings file that is not a plain JSON object: we never overwrite it."""


class ThroughALink(Exception):
    """A folder to write into is, or lies under, a symbolic link (a usage error, exit 2)."""


def plain_folder(folder: Path) -> Path:
    """``folder``, made if missing, after refusing a link at any step of it below the current
    folder (where the catalog's checkout is; a folder named outside it is the user's own)."""
    here = Path.cwd()
    path = Path(os.path.abspath(folder))
    if path.is_relative_to(here):
        base, steps = here, path.relative_to(here).parts
    else:
        base, steps = path.parent, (path.name,)
    for step in steps:
        base = base / step
        if base.is_symlink():
            raise ThroughALink(
                _("{path} is a symbolic link; banshi writes only into plain folders").format(
                    path=base
                )
            )
    path.mkdir(parents=True, exist_ok=True)
    return path


def write_new(path: Path, text: str) -> None:
    """Write ``path`` as a new file put in place by a rename: a link there is replaced, never
    written through."""
    fresh = path.with_name(f".{path.name}.{secrets.token_hex(6)}")
    with open(fresh, "x", encoding="utf-8", newline="\n") as file:
        file.write(text)
    os.replace(fresh, path)


def _not_json(target: Path, error: Exception) -> str:
    return _(
        "{path} is not plain JSON ({reason}); add the mapping by hand, as the README shows"
    ).format(path=target, reason=error)


def _settings_text(target: Path) -> str | None:
    """The settings file's text; None when there is none. Only a plain file is read."""
    try:
        fd = os.open(target, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except FileNotFoundError:
        return None
    except OSError as error:
        raise SettingsUnreadable(
            _("{path} is not a plain file ({reason})").format(path=target, reason=error.strerror)
        ) from None
    with os.fdopen(fd, "rb") as file:
        found = os.fstat(file.fileno())
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_SETTINGS_BYTES:
            raise SettingsUnreadable(_("{path} is not a plain settings file").format(path=target))
        raw = file.read()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise SettingsUnreadable(_not_json(target, error)) from None


def schema_mapping(schemas: Path, workspace: Path) -> dict[str, str]:
    """``yaml.schemas``: each written schema, as a path from the workspace, → its files."""
    folder = Path(os.path.relpath(schemas.resolve(), workspace.resolve()))
    if folder.parts[:1] == ("..",):  # outside the workspace: an absolute path says it plainly
        folder = schemas.resolve()
    return {
        (folder / f"{kind}.schema.json").as_posix(): files for kind, files in KIND_FILES.items()
    }


def write_vscode_settings(schemas: Path, workspace: Path) -> Path:
    """Set ``yaml.schemas`` in the workspace's ``.vscode/settings.json``, keeping its other
    settings. A file with comments (VS Code allows them) is refused rather than rewritten."""
    target = plain_folder(workspace / SETTINGS.parent) / SETTINGS.name
    settings = {}
    text = _settings_text(target)
    if text is not None:
        try:
            settings = json.loads(text)
        except (json.JSONDecodeError, RecursionError) as error:
            raise SettingsUnreadable(_not_json(target, error)) from None
        if not isinstance(settings, dict):
            raise SettingsUnreadable(_("{path} does not hold a JSON object").format(path=target))
    settings["yaml.schemas"] = schema_mapping(schemas, workspace)
    write_new(target, json.dumps(settings, ensure_ascii=False, indent=2) + "\n")
    return target
