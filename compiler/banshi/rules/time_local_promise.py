"""A region's own promise stays within the item's limits.

Where a region decides (办理), it may promise faster than the catalog but never slower
than the item's promised limit. Where it only accepts, forwards, delegates or proxies, the
whole journey is promised, never beyond the legal limit (where the law sets one).

Passing::

    catalog/implementations/410526100.yaml:
      entries/0/promised: 15

Failing::

    catalog/implementations/410526100.yaml:
      entries/0/promised: 16
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "time.local-promise"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A region's own promise stays within the item's limits.")


def _bound(entry, handling) -> tuple[int | None, str]:
    """The most the entry may promise, and the message when it promises more."""
    limit = handling["time_limit"]
    if entry["mode"] == "办理":
        return limit["promised"], _(
            "local promise {promised} days for {code} {name} exceeds the item's promised limit "
            "({bound}) under {mode}"
        )
    return limit.get("legal"), _(
        "local promise {promised} days for {code} {name} exceeds the legal limit ({bound}) "
        "under {mode}"
    )


def check(catalog, scope):
    for entry in scope.entries():
        if "promised" not in entry.data:
            continue
        for handling in catalog.handling_of(entry["item"]):
            bound, message = _bound(entry, handling)
            if bound is not None and entry["promised"] > bound:
                yield Problem.at(
                    entry.origin.at("promised"),
                    ID,
                    message.format(
                        promised=entry["promised"],
                        code=handling["code"],
                        name=handling["name"],
                        bound=bound,
                        mode=entry["mode"],
                    ),
                )
