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

from banshi.problems import Problem

ID = "ref.material"


def check(catalog, scope):
    for handling in scope.handling():
        for field in ("materials", "results"):
            for i, row in enumerate(handling.get(field, [])):
                if not catalog.knows("material", row["material"]):
                    yield Problem.at(
                        handling.origin.at(field, i, "material"),
                        ID,
                        f"material {row['material']} is not in the material library "
                        f"(rules/materials.yaml); add it there or use an existing id",
                    )
