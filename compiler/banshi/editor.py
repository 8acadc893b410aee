"""Editor support: where each kind's JSON Schema applies, for the YAML language server (VS Code's
YAML extension and every editor that runs it).

Two ways to pick a schema: a workspace mapping in ``.vscode/settings.json`` (``yaml.schemas``:
schema file → glob of the files of that kind, in the standard layout of a catalog root), or a
modeline as the first line of one file, ``# yaml-language-server: $schema=<path>``, a comment the
loader reads past like any other.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from banshi.errors import BanshiError

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


class SettingsUnreadable(BanshiError):
    """An existing settings file that is not a plain JSON object: we never overwrite it."""


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
    target = workspace / SETTINGS
    settings = {}
    if target.exists():
        try:
            settings = json.loads(target.read_text(encoding="utf-8"))
        except (UnicodeDecodeError, json.JSONDecodeError) as error:
            raise SettingsUnreadable(
                f"{target} is not plain JSON ({error}); add the mapping "
                "by hand, as the README shows"
            ) from None
        if not isinstance(settings, dict):
            raise SettingsUnreadable(f"{target} does not hold a JSON object")
    settings["yaml.schemas"] = schema_mapping(schemas, workspace)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(json.dumps(settings, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return target
