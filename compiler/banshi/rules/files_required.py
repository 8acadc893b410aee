"""A catalog root has its required files: catalog, regions, departments, materials,
situations and policy (calendar and bundles are optional).

Passing::

    rules/policy.yaml:
      promised_ratio_max: 0.8

Failing::

    rules/policy.yaml:
      .: ~
"""

from banshi.i18n import _
from banshi.problems import Origin, Problem

ID = "files.required"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "A catalog root has its required files: catalog, regions, departments, materials, "
        "situations and policy (calendar and bundles are optional)."
    )


REQUIRED = {
    "catalog": ("catalog/catalog.yaml", lambda c: c.info),
    "regions": ("catalog/regions.yaml", lambda c: c.regions),
    "departments": ("catalog/departments.yaml", lambda c: c.departments),
    "materials": ("rules/materials.yaml", lambda c: c.materials),
    "situations": ("rules/situations.yaml", lambda c: c.questions),
    "policy": ("rules/policy.yaml", lambda c: c.policy),
}


def check(catalog, scope):
    for kind, (file, present) in REQUIRED.items():
        if present(catalog) or kind in catalog.kinds_seen or catalog.unreadable_kinds & {kind, "*"}:
            continue
        yield Problem.at(
            Origin(file),
            ID,
            _("no banshi/{kind}/v1 file in this catalog root: add {file}").format(
                kind=kind, file=file
            ),
        )
