"""提速: the promised limit is at most ``promised_ratio_max`` of the legal one (0.8 by default).

Reform plans ask for promised limits at least 20% below the law's. A warning by default;
``rules/policy.yaml`` can make it an error.

Passing::

    catalog/items/000131128000.yaml:
      handling/1/time_limit: {unit: 工作日, legal: 15, promised: 12}
    catalog/implementations/410526100.yaml:
      entries/0/promised: 12

Failing::

    catalog/items/000131128000.yaml:
      handling/1/time_limit: {unit: 工作日, legal: 15, promised: 13}
"""

import math

from banshi.i18n import _
from banshi.problems import WARNING, Problem

ID = "time.promised-ratio"
SEVERITY = WARNING


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "提速: the promised limit is at most ``promised_ratio_max`` of the legal one (0.8 by "
        "default)."
    )


def check(catalog, scope):
    ratio_max = catalog.setting("promised_ratio_max", 0.8)
    for handling in scope.handling():
        limit = handling["time_limit"]
        legal, promised = limit.get("legal"), limit["promised"]
        if legal and promised <= legal and promised - legal * ratio_max > 1e-9:
            yield Problem.at(
                handling.origin.at("time_limit", "promised"),
                ID,
                _(
                    "promised {promised} of legal {legal} is {ratio:.0%}, above the policy's "
                    "{ratio_max:.0%}: promise at most {most}"
                ).format(
                    promised=promised,
                    legal=legal,
                    ratio=promised / legal,
                    ratio_max=ratio_max,
                    most=math.floor(legal * ratio_max + 1e-9),
                ),
            )
