"""Blank forms, samples and commitment forms in the material library exist, inside the root.

The guide links ``blank_form`` (空白表格), ``sample`` (示例样表) and ``commitment_form``
(告知承诺书模板); a missing file is a dead link at the service hall. Paths are relative to the
catalog root and may not leave it: no ``..``, no absolute path, and no symbolic link (a
committed link to ``/proc/self/environ`` would publish the build machine's secrets), neither the
file nor any folder on its way.

Passing::

    rules/materials.yaml:
      materials/0/blank_form: catalog/forms/个体工商户登记申请书.txt

Failing::

    rules/materials.yaml:
      materials/0/blank_form: ../secrets.txt
"""

import os
from pathlib import PurePosixPath

from banshi.load import unsafe_path
from banshi.problems import Problem

ID = "material.file"


def _problem_with(root, name: str) -> str | None:
    why = unsafe_path(name)
    if why:
        return why
    current = root
    for part in PurePosixPath(name).parts:
        current = current / part
        if current.is_symlink():
            shown = current.relative_to(root).as_posix()
            return f"{shown} is a symbolic link; commit the form itself under the catalog root"
    if not os.path.isfile(current):
        return f"file {name} does not exist under the catalog root"
    return None


def check(catalog, scope):
    root = catalog.root.resolve()
    for material in catalog.materials.values():
        for field in ("blank_form", "sample", "commitment_form"):
            name = material.get(field)
            message = _problem_with(root, name) if name else None
            if message:
                yield Problem.at(material.origin.at(field), ID, message)
