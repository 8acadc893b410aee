"""已取消事项不得再行受理: a cancelled, suspended or merged item has no implementation entry.

Reported at each entry that still lists it, so the region that must act sees it.

Passing::

    catalog/items/000131128000.yaml:
      status: active

Failing::

    catalog/items/000131128000.yaml:
      status: cancelled
"""

from banshi.i18n import _
from banshi.problems import Problem

ID = "lifecycle.inactive-item"


def summary() -> str:
    """The first line of the docstring, in the user's language (``banshi rules``, SARIF)."""
    return _(
        "已取消事项不得再行受理: a cancelled, suspended or merged item has no implementation entry."
    )


def check(catalog, scope):
    for entry in scope.entries():
        item = catalog.item_of(entry["item"])
        message = _inactive(item) if item else None
        if message:
            yield Problem.at(entry.origin.at("item"), ID, message)


def _inactive(item) -> str | None:
    status, name = item["status"], item["name"]
    if status == "cancelled":
        message = _(
            "{name} is cancelled (已取消): it may no longer be accepted anywhere; remove this entry"
        )
    elif status == "suspended":
        message = _(
            "{name} is suspended (暂停): it may no longer be accepted anywhere; remove this entry"
        )
    elif status == "merged" and item.get("merged_into"):
        message = _(
            "{name} is merged (已合并) into {into}: it may no longer be accepted "
            "anywhere; remove this entry"
        )
    elif status == "merged":
        message = _(
            "{name} is merged (已合并): it may no longer be accepted anywhere; remove this entry"
        )
    else:
        return None
    return message.format(name=name, into=item.get("merged_into"))
