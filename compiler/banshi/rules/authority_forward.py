"""受理转报 only at an accept level, forwarded to an agency that implements the item above.

A township window may accept an application and forward it (转报) only where the item lists
the township among its ``levels.accept``, and only to an agency that itself handles or is
delegated the item at a region above (the county's 市场监管局, say).

Passing::

    catalog/implementations/410526100.yaml:
      entries/0/forward_to: sx-market

Failing::

    catalog/implementations/410526100.yaml:
      entries/0/forward_to: zy-station
"""

from banshi.i18n import _
from banshi.model import DECIDING_MODES, LEVEL_NAMES
from banshi.problems import Problem
from banshi.rules._authority import entries_with_items, missing_above

ID = "authority.forward"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "受理转报 only at an accept level, forwarded to an agency that implements the item above."
    )


def check(catalog, scope):
    memo: dict = {}
    for entry, item in entries_with_items(catalog, scope, ("受理转报",)):
        level = catalog.level(entry.region)
        if level not in item["levels"]["accept"]:
            shown = "、".join(LEVEL_NAMES[x] for x in item["levels"]["accept"])
            yield Problem.at(
                entry.origin.at("mode"),
                ID,
                _("{item} is accepted at {levels}, not at {level}").format(
                    item=item["name"], levels=shown, level=LEVEL_NAMES[level]
                ),
            )
        target = entry.get("forward_to")
        if not target:
            yield Problem.at(
                entry.origin, ID, _("受理转报 needs forward_to: the agency that decides the item")
            )
        elif target in catalog.departments:
            missing = missing_above(catalog, entry, DECIDING_MODES, memo)
            if missing:
                yield Problem.at(
                    entry.origin.at("forward_to"),
                    ID,
                    _(
                        "{agency} does not handle {codes} at a region above {region}: forward to "
                        "the agency whose 办理 or 下放 entry covers it"
                    ).format(agency=target, codes="、".join(missing), region=entry.region),
                )
