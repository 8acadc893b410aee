"""An entry's 实施编码 is made of what it names: its item, its region, its agency.

The national platform publishes an implementation code for each item a region's organ
implements, e.g. ``511A0138000000-511602000000-000-115113010833722043-1-00``: the item's code,
the region in the platform's 12 digits, …, the organ's 统一社会信用代码. A catalog that says so
in ``codes.implementation`` with named parts (``(?P<item>…)``, ``(?P<region>…)``,
``(?P<credit_code>…)``) has each part checked against the entry: a code copied onto the wrong
line is found. Without ``codes.implementation`` an implementation code is shown as written.

Passing::

    catalog/catalog.yaml:
      codes:
        item: "^[0-9]{12}$"
        handling: "^[0-9]{14}$"
        implementation: "^(?P<item>[0-9]{12})-(?P<region>[0-9]{12})-[0-9]{3}$"
    catalog/implementations/410526.yaml:
      entries/0/implementation_code: "000131128000-410526000000-000"

Failing::

    catalog/catalog.yaml:
      codes:
        item: "^[0-9]{12}$"
        handling: "^[0-9]{14}$"
        implementation: "^(?P<item>[0-9]{12})-(?P<region>[0-9]{12})-[0-9]{3}$"
    catalog/implementations/410526.yaml:
      entries/0/implementation_code: "000131128000-410527000000-000"
"""

from banshi.codes import platform_region, scheme_of
from banshi.i18n import _
from banshi.problems import Problem

ID = "implementation.code"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("An entry's 实施编码 is made of what it names: its item, its region, its agency.")


def _expected(catalog, entry) -> dict[str, str | None]:
    """What each part of the entry's implementation code must be (None: not known here)."""
    item = catalog.item_of(entry["item"])
    agency = catalog.departments.get(entry["agency"])
    return {
        "item": item["code"] if item else None,
        "region": entry.region,
        "credit_code": agency.get("credit_code") if agency else None,
    }


def _wrong_part(part: str, written: str, expected: str) -> str | None:
    if part == "region":
        if platform_region(written) == platform_region(expected):
            return None
        return _(
            "its region part {written} is not this list's region {expected} (the platform "
            "writes it {platform})"
        ).format(written=written, expected=expected, platform=platform_region(expected))
    if written == expected:
        return None
    if part == "item":
        message = _("its item part {written} is not the code of the item it implements, {expected}")
    else:
        message = _(
            "its credit code part {written} is not the 统一社会信用代码 of its agency, {expected}"
        )
    return message.format(written=written, expected=expected)


def check(catalog, scope):
    scheme = scheme_of(catalog)
    pattern = scheme.implementation if scheme else None
    if pattern is None:
        return
    for entry in scope.entries():
        code = entry.get("implementation_code")
        if code is None:
            continue
        origin = entry.origin.at("implementation_code")
        parts = pattern.parts(code)
        if parts is None:
            yield Problem.at(
                origin,
                ID,
                _(
                    "implementation code {code} is not written as catalog.yaml "
                    "codes.implementation says: {pattern}"
                ).format(code=code, pattern=pattern.text),
            )
            continue
        expected = _expected(catalog, entry)
        for part, written in parts.items():
            if written is None or expected[part] is None:
                continue
            message = _wrong_part(part, written, expected[part])
            if message:
                yield Problem.at(
                    origin,
                    ID,
                    _("implementation code {code}: {why}").format(code=code, why=message),
                )
