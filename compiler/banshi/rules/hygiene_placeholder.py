"""No placeholders in published text: ☆☆☆, xx, XX, &&, 某某, 待定, TODO.

Templates passed from office to office keep their blanks (the source documents themselves
contain ☆☆☆ as a complaint number); a published guide must not.

Passing::

    catalog/departments.yaml:
      departments/0/address: 示例县政务服务中心二楼 A 区

Failing::

    catalog/departments.yaml:
      departments/0/address: 示例县&&路xx号
"""

import re

from banshi.problems import Problem

ID = "hygiene.placeholder"
PLACEHOLDER = re.compile(
    r"[☆★○□]{2,}|(?<![A-Za-z])(xx|XX|Xx|xX)(?![A-Za-z])|&&|某某|待定|待补充|TODO|TBD"
)
# What every placeholder holds: a text without any is skipped at the speed of a character scan
# (PLACEHOLDER's alternatives are tried at every position, four times slower).
_MAYBE = re.compile("[☆★○□xX&某待]|T[OB]D")
# Paths are checked by material.file, phone numbers by hygiene.phone.
_SKIP_KEYS = {"schema", "blank_form", "sample", "phone", "complaint_phone"}


def _strings(data, path=()):
    if isinstance(data, dict):
        for key, value in data.items():
            if key not in _SKIP_KEYS:
                yield from _strings(value, path + (key,))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, path + (i,))
    elif isinstance(data, str):
        yield path, data


def _documents(catalog, scope):
    if catalog.info:
        yield catalog.info
    for table in (catalog.regions, catalog.departments, catalog.materials, catalog.questions):
        yield from table.values()
    yield from scope.items()
    yield from scope.bundles()
    yield from scope.entries()


def check(catalog, scope):
    for entry in _documents(catalog, scope):
        shown = repr(entry.data)  # repr runs in C: most entries stop here
        if not (_MAYBE.search(shown) and PLACEHOLDER.search(shown)):
            continue
        for path, text in _strings(entry.data):
            found = PLACEHOLDER.search(text)
            if found:
                yield Problem.at(
                    entry.origin.at(*path),
                    ID,
                    f"placeholder {found.group(0)} in published text: write the real value",
                )
