"""The policy's ``severity`` names rules that exist.

A misspelt rule id would silently leave the rule at its default severity.

Passing::

    rules/policy.yaml:
      severity: {time.promised-ratio: error}

Failing::

    rules/policy.yaml:
      severity: {time.promised-ratios: error}
"""

import difflib

from banshi.i18n import _
from banshi.problems import Key, Problem

ID = "policy.severity"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("The policy's ``severity`` names rules that exist.")


def check(catalog, scope):
    from banshi.rules import registry  # the registry imports this module

    if not catalog.policy:
        return
    known = list(registry())
    for rule in catalog.policy.get("severity", {}):
        if rule not in known:
            close = difflib.get_close_matches(rule, known, n=1)
            message = (
                _("no rule {rule}; did you mean {close}?") if close else _("no rule {rule}")
            ).format(rule=rule, close=close[0] if close else "")
            yield Problem.at(catalog.policy.origin.at("severity", Key(rule)), ID, message)
