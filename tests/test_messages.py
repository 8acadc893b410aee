"""Messages in the officials' language: every message the code writes through ``_`` has its
Chinese text in the gettext catalog, and the compiled catalog the package ships is that one.

Refresh the catalog after adding messages (docs/messages.md):

    pybabel extract -F compiler/banshi/locale/babel.cfg --no-location --sort-output -k _ \
        -o /tmp/banshi.pot compiler/banshi
    pybabel update -i /tmp/banshi.pot -d compiler/banshi/locale -D banshi --no-wrap
    (translate the new entries of compiler/banshi/locale/zh_CN/LC_MESSAGES/banshi.po)
    pybabel compile -d compiler/banshi/locale -D banshi
"""

from __future__ import annotations

import io
from pathlib import Path

from babel.messages.extract import extract_from_dir
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

PACKAGE = Path(__file__).parents[1] / "compiler" / "banshi"
CATALOG = PACKAGE / "locale" / "zh_CN" / "LC_MESSAGES"
# locale/babel.cfg's sections, in its order: [method: pattern]
METHODS = [
    tuple(reversed([part.strip() for part in line.strip("[]\n").rsplit(":", 1)]))
    for line in (PACKAGE / "locale" / "babel.cfg").read_text("utf-8").splitlines()
    if line.startswith("[")
]


def _written() -> dict[str, str]:
    """msgid → where it is written, for every ``_("…")`` of the package and every help text of
    the command line (``locale/babel.cfg``, as pybabel extract reads it)."""
    found = {}
    for file, line, message, _comments, _context in extract_from_dir(
        PACKAGE, method_map=METHODS, keywords={"_": None}, comment_tags=()
    ):
        found.setdefault(message, f"{file}:{line}")
    return found


def _catalog():
    with open(CATALOG / "banshi.po", "rb") as po:
        return read_po(po, locale="zh_CN")


def test_every_message_has_its_chinese_text():
    catalog = _catalog()
    missing = {
        message: where
        for message, where in _written().items()
        if not (catalog.get(message) and catalog.get(message).string)
    }
    assert not missing, f"messages without Chinese text (see this file's docstring): {missing}"


def test_every_chinese_text_keeps_the_placeholders_of_its_message():
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    for message in _catalog():
        if message.id and message.string:
            assert fields(message.id) == fields(message.string), message.id


def test_the_shipped_catalog_is_compiled_from_the_translations():
    compiled = io.BytesIO()
    write_mo(compiled, _catalog())
    assert (CATALOG / "banshi.mo").read_bytes() == compiled.getvalue(), (
        "banshi.mo is not the compiled banshi.po: run pybabel compile (see this file)"
    )
