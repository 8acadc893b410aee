"""Blank forms and samples named in the material library exist, inside the catalog root.

The guide links ``blank_form`` (空白表格) and ``sample`` (示例样表); a missing file is a dead
link at the service hall. Paths are relative to the catalog root and may not leave it.

Passing::

    rules/materials.yaml:
      materials/0/blank_form: catalog/forms/个体工商户登记申请书.txt

Failing::

    rules/materials.yaml:
      materials/0/blank_form: ../secrets.txt
"""

from pathlib import PurePosixPath

from banshi.problems import Problem

ID = "material.file"


def _problem_with(root, name: str) -> str | None:
    path = PurePosixPath(name)
    if path.is_absolute() or "\\" in name or ".." in path.parts:
        return f"{name} must be a path inside the catalog root, like catalog/forms/申请书.docx"
    if not (root / path).is_file():
        return f"file {name} does not exist under the catalog root"
    return None


def check(catalog):
    root = catalog.root.resolve()
    for material in catalog.materials.values():
        for field in ("blank_form", "sample"):
            name = material.get(field)
            message = _problem_with(root, name) if name else None
            if message:
                yield Problem.at(material.origin.at(field), ID, message)
