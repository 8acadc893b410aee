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

from banshi.model import ACCEPTING_MODES
from banshi.problems import Problem
from banshi.rules._authority import entries_with_items, missing_above

ID = "authority.proxy"


def check(catalog, scope):
    for entry, _ in entries_with_items(catalog, scope, ("代办",)):
        for handling in catalog.handling_of(entry["item"]):
            if not handling["proxy"]:
                yield Problem.at(
                    entry.origin.at("item"),
                    ID,
                    f"{handling['code']} {handling['name']} has proxy: false (the applicant "
                    "must come in person), so it cannot be proxied (代办)",
                )
        target = entry.get("forward_to")
        if not target:
            yield Problem.at(
                entry.origin, ID, "代办 needs forward_to: the window the 代办员 takes the file to"
            )
        elif target in catalog.departments:
            missing = missing_above(catalog, entry, ACCEPTING_MODES)
            if missing:
                yield Problem.at(
                    entry.origin.at("forward_to"),
                    ID,
                    f"{target} does not accept {', '.join(missing)} at a region above "
                    f"{entry.region}",
                )
