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

from banshi.i18n import _
from banshi.model import FORM_FIELDS
from banshi.problems import Problem

ID = "material.file"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "Blank forms, samples and commitment forms in the material library exist, inside the root."
    )


def check(catalog, scope):
    for material in catalog.materials.values():
        for _label, field in FORM_FIELDS:
            name = material.get(field)
            found = catalog.forms.get(name) if name else None
            if isinstance(found, str):  # why load could not read it
                yield Problem.at(material.origin.at(field), ID, found)
