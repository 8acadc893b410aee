"""代办 only for items that may be proxied, taken to an agency that accepts the item above.

A village 代办员 carries the applicant's file to a window; that works only where the item's
handling says ``proxy: true`` (no fingerprints, no personal presence) and where the window
named in ``forward_to`` accepts the item at a region above.

Passing::

    catalog/implementations/410526100201.yaml:
      entries/0/item: "00013112800001"

Failing::

    catalog/implementations/410526100201.yaml:
      entries/0/item: "00013112800002"
"""

from banshi.i18n import _
from banshi.model import ACCEPTING_MODES
from banshi.problems import Problem
from banshi.rules._authority import entries_with_items, missing_above

ID = "authority.proxy"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "代办 only for items that may be proxied, taken to an agency that accepts the item above."
    )


def check(catalog, scope):
    memo: dict = {}
    for entry, _item in entries_with_items(catalog, scope, ("代办",)):
        for handling in catalog.handling_of(entry["item"]):
            if not handling["proxy"]:
                yield Problem.at(
                    entry.origin.at("item"),
                    ID,
                    _(
                        "{code} {name} has proxy: false (the applicant must come in person), so "
                        "it cannot be proxied (代办)"
                    ).format(code=handling["code"], name=handling["name"]),
                )
        target = entry.get("forward_to")
        if not target:
            yield Problem.at(
                entry.origin,
                ID,
                _("代办 needs forward_to: the window the 代办员 takes the file to"),
            )
        elif target in catalog.departments:
            missing = missing_above(catalog, entry, ACCEPTING_MODES, memo)
            if missing:
                yield Problem.at(
                    entry.origin.at("forward_to"),
                    ID,
                    _("{agency} does not accept {codes} at a region above {region}").format(
                        agency=target, codes="、".join(missing), region=entry.region
                    ),
                )
