"""A vertically managed department has a body that hears reviews of its acts.

Every refusal and denial names the body an applicant applies to for 行政复议. For a vertically
managed department (``vertical: true``: 海关、金融、外汇管理、税务、国家安全…) that is the organ
above it in its own line (行政复议法第二十七条), which Banshi finds as the department of the same
sector in the nearest region above. Where the catalog has none, the department says
``review_body`` itself; a paper that names no 复议机关 does not start the applicant's 60 days
(第二十条第三款).

Passing::

    catalog/departments.yaml:
      departments/0/vertical: true
      departments/0/review_body: 国家税务总局示例市税务局

Failing::

    catalog/departments.yaml:
      departments/0/vertical: true
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "department.review-body"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A vertically managed department has a body that hears reviews of its acts.")


def _line_above(catalog, department) -> bool:
    above = set(catalog.ancestors(department["region"]))
    return any(
        other["region"] in above and other["sector"] == department["sector"]
        for other in catalog.departments.values()
    )


def check(catalog, scope):
    for department in catalog.departments.values():
        if not department.get("vertical") or department.get("review_body"):
            continue
        if not _line_above(catalog, department):
            yield Problem.at(
                department.origin.at("vertical"),
                ID,
                _(
                    "{name} is vertically managed, and no department of its sector ({sector}) is "
                    "in a region above it: write review_body, the organ above it that hears "
                    "reviews of its acts (行政复议法第二十七条)"
                ).format(name=department["name"], sector=department["sector"]),
            )
