"""The steps of 办理流程 add up to no more than the promised limit.

Each step's days are published on the guide (per-step limits); together they cannot take
longer than what the centre promises.

Passing::

    catalog/items/000131128000.yaml:
      handling/1/steps/2/days: 1

Failing::

    catalog/items/000131128000.yaml:
      handling/1/steps/2/days: 3
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "time.steps"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("The steps of 办理流程 add up to no more than the promised limit.")


def check(catalog, scope):
    for handling in scope.handling():
        total = sum(step["days"] for step in handling["steps"])
        promised = handling["time_limit"]["promised"]
        if total > promised:
            days = " + ".join(str(step["days"]) for step in handling["steps"])
            yield Problem.at(
                handling.origin.at("steps"),
                ID,
                _("steps take {days} = {total} days, more than the promised {promised}").format(
                    days=days, total=total, promised=promised
                ),
            )
