"""Every material a handling item asks for or produces is in the material library.

A guide can only tell applicants what to bring if the material is defined once in
``rules/materials.yaml`` (材料库), with its name, source and forms.

Passing::

    catalog/items/000131128000.yaml:
      handling/0/materials/1/material: resident_id_card

Failing::

    catalog/items/000131128000.yaml:
      handling/0/materials/1/material: resident_id
"""

from banshi.i18n import _
from banshi.problems import Problem
from banshi.rules._nearest import Nearest

ID = "ref.material"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("Every material a handling item asks for or produces is in the material library.")


def check(catalog, scope):
    library = None
    for handling in scope.handling():
        for field in ("materials", "results"):
            for i, row in enumerate(handling.get(field, [])):
                if not catalog.knows("material", row["material"]):
                    library = library or Nearest(catalog.materials)
                    yield Problem.at(
                        handling.origin.at(field, i, "material"),
                        ID,
                        _(
                            "material {id} is not in the material library "
                            "(rules/materials.yaml); add it there or use an existing id.{hint}"
                        ).format(id=row["material"], hint=library.hint(row["material"])),
                    )
