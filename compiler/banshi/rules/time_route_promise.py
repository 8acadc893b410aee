"""A window that forwards a file promises no fewer days than the window it forwards to.

A 受理转报 or 代办 entry only carries the file onward: the applicant waits at least as long as
the entry it forwards to promises (the township's window, then the county agency that decides).
An entry that states no promise of its own takes its route's; one that states fewer days
promises what it cannot keep.

Passing::

    catalog/implementations/410526100201.yaml:
      entries/0/promised: 3

Failing::

    catalog/implementations/410526100201.yaml:
      entries/0/promised: 2
"""

from banshi.i18n import _
from banshi.problems import Problem
from banshi.route import FORWARDS_TO, forwarded_entry, promise

ID = "time.route-promise"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("A window that forwards a file promises no fewer days than the window it forwards to.")


def check(catalog, scope):
    for entry in scope.entries():
        if entry.data["mode"] not in FORWARDS_TO or "promised" not in entry.data:
            continue
        for handling in catalog.handling_of(entry.data["item"]):
            following = forwarded_entry(catalog, entry, handling["code"])
            if following is None:
                continue  # authority.forward and authority.proxy report a missing route
            onward = promise(catalog, following, handling)
            if entry.data["promised"] < onward:
                yield Problem.at(
                    entry.origin.at("promised"),
                    ID,
                    _(
                        "promises {promised} days for {code} {name}, but the file goes on to "
                        "{agency} at {region}, which promises {onward}: promise at least "
                        "{onward}, or leave promised out to take the route's"
                    ).format(
                        promised=entry.data["promised"],
                        code=handling["code"],
                        name=handling["name"],
                        agency=following.data["agency"],
                        region=following.region,
                        onward=onward,
                    ),
                )
