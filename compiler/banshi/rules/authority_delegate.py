"""下放 decides below the item's decide level, by an agency of its sector, citing the decision.

Delegating a power (下放) is done by a document; the entry names it in ``delegation_basis``.
A 下放 at or above the decide level is no delegation: that is plain 办理.

Passing::

    catalog/implementations/410526100.yaml:
      entries/0:
        {item: "000131128000", agency: sj-market, mode: 下放,
         delegation_basis: 示县政〔2025〕12号}
    catalog/implementations/410526100201.yaml:
      entries/0/forward_to: sj-market
    catalog/departments.yaml:
      departments/-:
        {id: sj-market, name: 上集市场监管所, region: "410526100", sector: 市场监管,
         phone: "0372-5551210", complaint_phone: "12345", address: 上集镇人民路8号,
         hours: 周一至周五 8:30-17:30}

Failing::

    catalog/implementations/410526100.yaml:
      entries/0: {item: "000131128000", agency: sj-market, mode: 下放}
    catalog/implementations/410526100201.yaml:
      entries/0/forward_to: sj-market
    catalog/departments.yaml:
      departments/-:
        {id: sj-market, name: 上集市场监管所, region: "410526100", sector: 市场监管,
         phone: "0372-5551210", complaint_phone: "12345", address: 上集镇人民路8号,
         hours: 周一至周五 8:30-17:30}
"""

from banshi.i18n import _
from banshi.model import LEVEL_NAMES, LEVELS
from banshi.problems import Problem
from banshi.rules._authority import entries_with_items, sector_problem

ID = "authority.delegate"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "下放 decides below the item's decide level, by an agency of its sector, citing the "
        "decision."
    )


def check(catalog, scope):
    for entry, item in entries_with_items(catalog, scope, ("下放",)):
        level, decide = catalog.level(entry.region), item["levels"]["decide"]
        if LEVELS.index(level) <= LEVELS.index(decide):
            yield Problem.at(
                entry.origin.at("mode"),
                ID,
                _(
                    "{item} is decided at {decide}; 下放 at {level} delegates nothing: use 办理"
                ).format(item=item["name"], decide=LEVEL_NAMES[decide], level=LEVEL_NAMES[level]),
            )
        if not entry.get("delegation_basis"):
            yield Problem.at(
                entry.origin,
                ID,
                _(
                    "下放 needs delegation_basis: the decision that delegates the power "
                    "(with its 文号)"
                ),
            )
        message = sector_problem(catalog, entry, item)
        if message:
            yield Problem.at(entry.origin.at("agency"), ID, message)
