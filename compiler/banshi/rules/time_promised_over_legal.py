"""The promised time limit (承诺时限) is never above the legal one (法定时限), where the law
sets one (``legal: null`` is 无法定时限: nothing to stay under).

Passing::

    catalog/items/000131128000.yaml:
      handling/1/time_limit: {unit: 工作日, legal: 15, promised: 3}

Failing::

    catalog/items/000131128000.yaml:
      handling/1/time_limit: {unit: 工作日, legal: 15, promised: 20}
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "time.promised-over-legal"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "The promised time limit (承诺时限) is never above the legal one (法定时限), where the law "
        "sets one (``legal: null`` is 无法定时限: nothing to stay under)."
    )


def check(catalog, scope):
    for handling in scope.handling():
        limit = handling["time_limit"]
        if limit.get("legal") is not None and limit["promised"] > limit["legal"]:
            yield Problem.at(
                handling.origin.at("time_limit", "promised"),
                ID,
                _(
                    "promised {promised} {unit} is more than the legal {legal}: a promise can "
                    "only shorten the law's limit"
                ).format(promised=limit["promised"], unit=limit["unit"], legal=limit["legal"]),
            )
