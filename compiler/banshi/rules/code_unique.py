"""Codes and ids are unique: one region, department, material, question, item, handling item
or bundle per key, across all files.

Passing::

    catalog/items/000131128000.yaml:
      handling/1/code: "00013112800002"

Failing::

    catalog/items/000131128000.yaml:
      handling/1/code: "00013112800001"
"""

from banshi.problems import Problem

ID = "code.unique"


def check(catalog, scope):
    for duplicate in catalog.duplicates:
        first = duplicate.first
        yield Problem.at(
            duplicate.origin,
            ID,
            f"{duplicate.namespace} {duplicate.key} is defined twice; the first is in "
            f"{first.file}: give one of them another code or merge them",
        )
