"""已取消事项不得再行受理: a cancelled, suspended or merged item has no implementation entry.

Reported at each entry that still lists it, so the region that must act sees it.

Passing::

    catalog/items/000131128000.yaml:
      status: active

Failing::

    catalog/items/000131128000.yaml:
      status: cancelled
"""

from banshi.problems import Problem

ID = "lifecycle.inactive-item"
_STATUS = {
    "cancelled": "cancelled (已取消)",
    "suspended": "suspended (暂停)",
    "merged": "merged (已合并)",
}


def check(catalog, scope):
    for entry in scope.entries():
        item = catalog.item_of(entry["item"])
        if item and item["status"] in _STATUS:
            where = f" into {item['merged_into']}" if item.get("merged_into") else ""
            yield Problem.at(
                entry.origin.at("item"),
                ID,
                f"{item['name']} is {_STATUS[item['status']]}{where}: it may no longer be "
                "accepted anywhere; remove this entry",
            )
