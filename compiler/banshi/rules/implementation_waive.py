"""A region may only ask for less: every waived material is one the handling item asks for.

``waive`` lists materials this region does not ask for (免提交: it fetches them through data
sharing, or reads the e-licence), with ``waive_basis`` saying how. It cannot add a material,
so each id must be among the materials of a handling item the entry covers; an id that is not
would silently waive nothing, so it is reported.

Passing::

    catalog/implementations/410526.yaml:
      entries/0/waive: [resident_id_card]
      entries/0/waive_basis: 通过电子证照库调取居民身份证

Failing::

    catalog/implementations/410526.yaml:
      entries/0/waive: [agent_id_card]
      entries/0/waive_basis: 数据共享
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "implementation.waive"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "A region may only ask for less: every waived material is one the handling item asks for."
    )


def check(catalog, scope):
    for entry in scope.entries():
        waived = entry.get("waive", [])
        if waived and not entry.get("waive_basis"):
            yield Problem.at(
                entry.origin.at("waive"),
                ID,
                _(
                    "say how the centre gets these materials instead: add waive_basis "
                    "(e.g. 通过电子证照库调取)"
                ),
            )
        if entry.get("waive_basis") and not waived:
            yield Problem.at(
                entry.origin.at("waive_basis"),
                ID,
                _("waive_basis without waive: list the materials waived, or remove it"),
            )
        handling = catalog.handling_of(entry["item"]) if waived else []
        if not handling:
            continue  # ref.item reports an unknown code
        asked = {row["material"] for h in handling for row in h["materials"]}
        for i, material in enumerate(waived):
            if material not in asked:
                yield Problem.at(
                    entry.origin.at("waive", i),
                    ID,
                    _(
                        "{item} does not ask for {material}; a region may only waive what the "
                        "item asks for ({asked}), never add a material"
                    ).format(item=entry["item"], material=material, asked="、".join(sorted(asked))),
                )
