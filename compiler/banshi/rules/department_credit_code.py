"""An implementing body's 统一社会信用代码 is 18 characters whose last is its check digit.

GB 32100-2015: 17 characters from the code set 0-9 and A-Y without I, O, Z, S, V, each with a
value 0-30 and a weight 3^i mod 31; the 18th is 31 − (Σ value × weight mod 31) (31 → 0). A
mistyped code makes importing systems reject the whole implementation list, so the check digit
is checked here.

Passing::

    catalog/departments.yaml:
      departments/0/credit_code: "11410526MB1866510H"

Failing::

    catalog/departments.yaml:
      departments/0/credit_code: "11410526MB1866510A"
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "department.credit-code"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "An implementing body's 统一社会信用代码 is 18 characters whose last is its check digit."
    )


CHARACTERS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
WEIGHTS = [pow(3, i, 31) for i in range(17)]


def check_character(code: str) -> str:
    """The 18th character GB 32100 computes from the first 17."""
    total = sum(CHARACTERS.index(c) * w for c, w in zip(code[:17], WEIGHTS))
    return CHARACTERS[(31 - total % 31) % 31]


def check(catalog, scope):
    for department in catalog.departments.values():
        code = department.get("credit_code")
        if not code or len(code) != 18 or any(c not in CHARACTERS for c in code):
            continue  # the schema reports the shape
        expected = check_character(code)
        if code[17] != expected:
            yield Problem.at(
                department.origin.at("credit_code"),
                ID,
                _(
                    "{code} fails its check digit: with these first 17 characters the 18th is "
                    "{expected}, not {written}; copy the code again from the business licence"
                ).format(code=code, expected=expected, written=code[17]),
            )
