"""Phone numbers are numbers: digits, with an area code and extension set off by hyphens.

Passing::

    catalog/departments.yaml:
      departments/0/phone: "0372-5550101"

Failing::

    catalog/departments.yaml:
      departments/0/phone: 待公布
"""

import re

from banshi.i18n import _
from banshi.problems import Problem

ID = "hygiene.phone"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "Phone numbers are numbers: digits, with an area code and extension set off by hyphens."
    )


PHONE = re.compile(r"^(\d{3,4}-)?\d{5,8}(-\d{1,5})?$|^1\d{10}$|^\d{5}$|^400-?\d{3}-?\d{4}$")


def _phones(catalog, scope):
    for department in catalog.departments.values():
        for field in ("phone", "complaint_phone"):
            yield department.origin.at(field), department[field]
    for entry in scope.entries():
        if "phone" in entry.data:
            yield entry.origin.at("phone"), entry["phone"]


def check(catalog, scope):
    for origin, phone in _phones(catalog, scope):
        if not PHONE.match(phone):
            yield Problem.at(
                origin,
                ID,
                _(
                    "{phone} is not a phone number: write digits like 0372-5550101, 12345 "
                    "or a mobile number"
                ).format(phone=phone),
            )
