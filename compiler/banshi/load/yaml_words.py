"""The YAML parser's own words in the user's language.

LibYAML (PyYAML's C parser) says what it was doing and what it found in fixed English phrases
("while parsing a block mapping", "did not find expected key"); PyYAML's composer and
constructor, and Python's ``datetime`` for an impossible date, add a few more. Each phrase is
a message of our catalog, looked up whole; a phrase not listed here (a newer parser's) is
shown as the parser wrote it.
"""

from __future__ import annotations

from banshi.i18n import _


def _phrases() -> dict[str, str]:
    """English phrase → the phrase in the user's language (built when asked: the language is
    the one of that moment)."""
    return {
        # what the parser was doing (the context)
        "while parsing a block collection": _("while parsing a block list"),
        "while parsing a block mapping": _("while parsing a block mapping"),
        "while parsing a block node": _("while parsing a block node"),
        "while parsing a flow mapping": _("while parsing a mapping in braces"),
        "while parsing a flow node": _("while parsing a value in brackets or braces"),
        "while parsing a flow sequence": _("while parsing a [ ] list"),
        "while parsing a node": _("while parsing a node"),
        "while parsing a quoted scalar": _("while parsing a quoted text"),
        "while parsing a tag": _("while parsing a tag"),
        "while parsing a tag directive": _("while parsing a %TAG directive"),
        "while parsing a %TAG directive": _("while parsing a %TAG directive"),
        "while scanning a %TAG directive": _("while reading a %TAG directive"),
        "while scanning a %YAML directive": _("while reading a %YAML directive"),
        "while scanning a block scalar": _("while reading a block text (| or >)"),
        "while scanning a directive": _("while reading a directive"),
        "while scanning a plain scalar": _("while reading an unquoted text"),
        "while scanning a quoted scalar": _("while reading a quoted text"),
        "while scanning a simple key": _("while reading a key"),
        "while scanning a tag": _("while reading a tag"),
        "while scanning a tag directive": _("while reading a %TAG directive"),
        "while scanning an alias": _("while reading an alias"),
        "while scanning an anchor": _("while reading an anchor"),
        "while scanning for the next token": _("while reading the next element"),
        "while increasing block level": _("while going one level deeper"),
        "while increasing flow level": _("while going one level deeper"),
        "while constructing a mapping": _("while building a mapping"),
        "expected a single document in the stream": _("a catalog file holds a single document"),
        # what it found (the problem)
        "block sequence entries are not allowed in this context": _(
            "a list item (- ) is not allowed here"
        ),
        "mapping keys are not allowed in this context": _("a key is not allowed here"),
        "mapping values are not allowed in this context": _(
            "a key with a value (key: value) is not allowed here"
        ),
        "could not find expected ':'": _("the colon : expected after a key is missing"),
        "could not find expected directive name": _("the directive's name is missing"),
        "did not find URI escaped octet": _("a %-escaped byte of the tag is missing"),
        "did not find expected '!'": _("the ! expected here is missing"),
        "did not find expected ',' or ']'": _("the , or ] expected here is missing"),
        "did not find expected ',' or '}'": _(
            "the comma or closing brace expected here is missing"
        ),
        "did not find expected '-' indicator": _(
            "the - of a list item expected here is missing (the indentation may be off)"
        ),
        "did not find expected <document start>": _("the document start expected here is missing"),
        "did not find expected <stream-start>": _("the start of the text is missing"),
        "did not find expected alphabetic or numeric character": _(
            "a letter or digit expected here is missing"
        ),
        "did not find expected comment or line break": _(
            "only a comment or the end of the line may follow here"
        ),
        "did not find expected digit or '.' character": _("a digit or . expected here is missing"),
        "did not find expected hexdecimal number": _(
            "a hexadecimal digit expected here is missing"
        ),
        "did not find expected key": _(
            "a key expected here is missing (the indentation may be off)"
        ),
        "did not find expected node content": _("the value expected here is missing"),
        "did not find expected tag URI": _("the tag's name is missing"),
        "did not find expected version number": _("the version number is missing"),
        "did not find expected whitespace": _("a space expected here is missing"),
        "did not find expected whitespace or line break": _(
            "a space or the end of the line expected here is missing"
        ),
        "did not find the expected '>'": _("the > expected here is missing"),
        "found a tab character that violates indentation": _(
            "a tab character breaks the indentation: indent with spaces"
        ),
        "found a tab character where an indentation space is expected": _(
            "a tab character where an indenting space is expected: indent with spaces"
        ),
        "found an incorrect leading UTF-8 octet": _("a wrong UTF-8 byte"),
        "found an incorrect trailing UTF-8 octet": _("a wrong UTF-8 byte"),
        "found an indentation indicator equal to 0": _("an indentation indicator of 0"),
        "found character that cannot start any token": _(
            "a character that cannot start anything in YAML"
        ),
        "found duplicate %TAG directive": _("a %TAG directive written twice"),
        "found duplicate %YAML directive": _("a %YAML directive written twice"),
        "found extremely long version number": _("a version number far too long"),
        "found incompatible YAML document": _("a document of a YAML version this reader lacks"),
        "found invalid Unicode character escape code": _("an escape of a character that is none"),
        "found undefined tag handle": _("a tag of a prefix never declared"),
        "found unexpected ':'": _("a colon : where none may be"),
        "found unexpected document indicator": _("a document marker (--- or ...) inside a text"),
        "found unexpected end of stream": _("the file ends before this is closed"),
        "found unexpected non-alphabetical character": _("a character that is no letter"),
        "found unknown directive name": _("a directive YAML does not know"),
        "found unknown escape character": _("an escape (\\) YAML does not know"),
        "found undefined alias": _("an alias (*) of an anchor (&) never written above it"),
        "found duplicate anchor; first occurrence": _("an anchor written twice; first here"),
        "second occurrence": _("and again here"),
        "but found another document": _("a second one starts here (---): remove it"),
        "found unhashable key": _("a key that is a list or a mapping"),
        # the reader's, of a character
        "control characters are not allowed": _("control characters are not allowed"),
        "invalid leading UTF-8 octet": _("a wrong UTF-8 byte"),
        "invalid trailing UTF-8 octet": _("a wrong UTF-8 byte"),
        "incomplete UTF-8 octet sequence": _("a UTF-8 character cut short"),
        "invalid length of a UTF-8 sequence": _("a wrong UTF-8 byte"),
        "invalid Unicode character": _("a character that is none"),
        "incomplete UTF-16 character": _("a UTF-16 character cut short"),
        "incomplete UTF-16 surrogate pair": _("a UTF-16 character cut short"),
        "input is too long": _("the file is too long"),
    }


def yaml_words(phrase: str) -> str:
    """The parser's ``phrase`` in the user's language."""
    return _phrases().get(phrase, phrase)


def date_fault(why: str) -> str:
    """What Python's ``datetime`` says is wrong with a date, in the user's language."""
    faults = {
        "day is out of range for month": _("the month has no such day"),
        "month must be in 1..12": _("the month must be 1 to 12"),
        "hour must be in 0..23": _("the hour must be 0 to 23"),
        "minute must be in 0..59": _("the minute must be 0 to 59"),
        "second must be in 0..59": _("the second must be 0 to 59"),
    }
    return faults.get(why, why)
