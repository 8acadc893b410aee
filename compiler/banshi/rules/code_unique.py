"""Codes and ids are unique: one region, department, material, question, item, handling item
or bundle per key, across all files.

An item code is never also a handling code (an entry that names it could mean either), and no
two item or handling codes differ only in case (a catalog may declare letter codes: on Windows
and macOS their files, pages and QR codes would be one).

Passing::

    catalog/items/000131128000.yaml:
      handling/1/code: "00013112800002"

Failing::

    catalog/items/000131128000.yaml:
      handling/1/code: "00013112800001"
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "code.unique"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "Codes and ids are unique: one region, department, material, question, item, handling "
        "item or bundle per key, across all files."
    )


def _same_but_case(catalog):
    """(origin, code, the code it clashes with) for codes that differ from another only in
    case."""
    seen = {}
    for namespace in ("item", "handling"):
        for code, entry in catalog.table(namespace).items():
            folded = code.casefold()
            if folded in seen and seen[folded] != code:
                yield entry.origin.at("code"), code, seen[folded]
            seen.setdefault(folded, code)


def _kind(namespace: str) -> str:
    """What a namespace holds, in the user's language; a file kind (catalog, policy,
    calendar) is named as it is written."""
    return {
        "region": _("region"),
        "department": _("department"),
        "material": _("material"),
        "question": _("question"),
        "item": _("item"),
        "handling": _("handling item"),
        "bundle": _("bundle"),
    }.get(namespace, namespace)


def check(catalog, scope):
    for duplicate in catalog.duplicates:
        first = duplicate.first
        yield Problem.at(
            duplicate.origin,
            ID,
            _(
                "{kind} {key} is defined twice; the first is in {file}: give one of them another "
                "code or merge them"
            ).format(kind=_kind(duplicate.namespace), key=duplicate.key, file=first.file),
        )
    for code in sorted(catalog.items.keys() & catalog.handling.keys()):
        yield Problem.at(
            catalog.handling[code].origin.at("code"),
            ID,
            _(
                "handling code {code} is also the code of an item, in {file}: an entry naming "
                "it could mean either; give one of them another code"
            ).format(code=code, file=catalog.items[code].origin.file),
        )
    for origin, code, other in _same_but_case(catalog):
        yield Problem.at(
            origin,
            ID,
            _(
                "{code} and {other} differ only in case: on Windows and macOS their files, "
                "pages and QR codes would be one; give one of them another code"
            ).format(code=code, other=other),
        )
