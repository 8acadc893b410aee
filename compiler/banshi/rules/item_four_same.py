"""四级四同: an implementation entry cannot restate what the basic catalog fixes.

Name, code, type and legal basis of an item are the same at every level; they live in the
item's file and nowhere else, so a local list cannot drift from the province's.

Passing::

    catalog/implementations/410526.yaml:
      entries/0/window: 市场监管综合窗口

Failing::

    catalog/implementations/410526.yaml:
      entries/0/name: 个体户登记
"""

from banshi.i18n import _
from banshi.problems import Key, Problem

ID = "item.four-same"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _("四级四同: an implementation entry cannot restate what the basic catalog fixes.")


FIXED = ("name", "code", "type", "basis", "sector")


def check(catalog, scope):
    for entry in scope.entries():
        for key in FIXED:
            if key in entry.data:
                yield Problem.at(
                    entry.origin.at(Key(key)),
                    ID,
                    _(
                        "{key} belongs to the item in the basic catalog (四级四同) and cannot be "
                        "restated in an implementation list: delete it here"
                    ).format(key=key),
                )
