"""A region promises no fewer days than its steps take.

The guide, the papers and the hall's 政务公示牌 print both the promise and the per-step limits;
a county that promises 4 days for an item whose steps take 5 publishes a promise its own board
contradicts. An entry's promise (its own, or its route's) is at least the sum of the item's
steps, unless the entry lists ``steps`` of its own (the region runs a shorter procedure), which
then bound it instead.

Passing::

    catalog/implementations/410526100.yaml:
      entries/0/steps: [{name: 收件, days: 1}, {name: 转报, days: 2}]

Failing::

    catalog/implementations/410526100.yaml:
      entries/0/promised: 2
"""

from banshi.i18n import _
from banshi.problems import Problem
from banshi.route import promise

ID = "time.local-steps"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A region promises no fewer days than its steps take.")


def check(catalog, scope):
    for entry in scope.entries():
        if "promised" not in entry.data and "steps" not in entry.data:
            continue  # it promises what its route does: the entry that states it is checked
        for handling in catalog.handling_of(entry["item"]):
            steps = entry.get("steps") or handling["steps"]
            total = sum(step["days"] for step in steps)
            promised = promise(catalog, entry, handling)
            if promised < total:
                yield Problem.at(
                    entry.origin.at("promised" if "promised" in entry.data else "item"),
                    ID,
                    _(
                        "{region} promises {promised} {unit} for {code} {name}, but its steps "
                        "take {total}: promise at least {total}, or list the region's own steps"
                    ).format(
                        region=entry.region,
                        promised=promised,
                        unit=handling["time_limit"]["unit"],
                        code=handling["code"],
                        name=handling["name"],
                        total=total,
                    ),
                )
