"""The catalog's code scheme: how its items, handling items and 实施编码 are written.

Without ``codes`` in catalog.yaml, §2's digits apply: 12-digit item codes (GB/T 39554.1-2020's
基本编码), 14-digit handling codes. A province that codes otherwise (``511A0138000000``,
``G-000007-001``, ``XK0010100Y``) declares its own patterns::

    codes:
      item: "^(?:[0-9]{3}[A-Z][0-9]{10}|[A-Z]-[0-9]{6}-[0-9]{3})$"
      handling: "^(?:[0-9]{3}[A-Z][0-9]{10}|[A-Z]-[0-9]{6}-[0-9]{3})[0-9]{2}$"
      implementation: "^(?P<item>[0-9A-Z-]+)-(?P<region>[0-9]{12})-[0-9A-Z-]+$"

Whatever the scheme, every code is also of the base form the JSON Schemas hold (``BASE``):
letters, digits and inner hyphens, so a code is always a safe file name and URL segment.

The patterns are untrusted input, like the rest of a catalog: at most ``MAX_PATTERN``
characters, anchored, and matched by RE2, whose matching time is linear in the code's length
whatever the pattern (it refuses back-references and look-around, which are not); the compiled
program is bounded too (``MAX_PROGRAM``). A pattern is always matched against the whole code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import re2

from banshi.i18n import _, language

# The base form of item and handling codes, in the JSON Schemas: what any scheme may write.
BASE = "^[0-9A-Za-z](?:[0-9A-Za-z-]{0,62}[0-9A-Za-z])?$"
# The base form of a 实施编码 (the platform's run to 56 characters).
IMPLEMENTATION_BASE = "^[0-9A-Za-z](?:[0-9A-Za-z-]{0,126}[0-9A-Za-z])?$"
DEFAULT_ITEM = "^[0-9]{12}$"
DEFAULT_HANDLING = "^[0-9]{14}$"
MAX_PATTERN = 500
MAX_PROGRAM = 1 << 20  # bytes of memory RE2 may give one compiled pattern
# The parts of a 实施编码 Banshi checks, as named groups of ``codes.implementation``.
PARTS = ("item", "region", "credit_code")
# The statistical region codes the national platform writes: every region in 12 digits.
PLATFORM_REGION_DIGITS = 12
_NAMED_GROUP = re.compile(r"\(\?P?<([^>=!]*)>")


class Refused(ValueError):
    """A pattern that is not used; the message says why and how to write it."""


@dataclass(frozen=True)
class Pattern:
    text: str
    compiled: object  # re2's compiled pattern
    names: tuple[tuple[str, int], ...] = ()  # its named parts and their group numbers

    # The code is handed to RE2 as UTF-8 bytes: its Python wrapper then skips mapping byte
    # offsets back to characters, which is most of the time a str match takes.

    def fits(self, code: str) -> bool:
        return self.compiled.fullmatch(code.encode()) is not None

    def parts(self, code: str) -> dict[str, str | None] | None:
        """The named parts of ``code``, or None when it does not fit."""
        match = self.compiled.fullmatch(code.encode())
        if match is None:
            return None
        return {name: _decoded(match[group]) for name, group in self.names}


def _decoded(part: bytes | None) -> str | None:
    return None if part is None else part.decode()


@dataclass(frozen=True)
class Scheme:
    """The patterns in force. A part is None when the catalog's pattern for it was refused
    (the refusal is the one problem then, not every code) or, for ``implementation``, when the
    catalog declares none."""

    item: Pattern | None
    handling: Pattern | None
    implementation: Pattern | None
    refused: tuple[tuple[str, str], ...] = ()  # (key under codes, why)


def _named_groups(text: str) -> list[str]:
    """The names of a pattern's named groups, ``(?P<name>…)`` or ``(?<name>…)``."""
    return _NAMED_GROUP.findall(text)


@cache
def compile_pattern(text: str, parts: tuple[str, ...] = ()) -> Pattern:
    """``text`` compiled by RE2, or ``Refused`` saying why not. ``parts`` are the named groups
    the pattern may have (none for item and handling codes)."""
    if len(text) > MAX_PATTERN:
        raise Refused(
            _("the pattern has {count} characters; a code pattern has at most {most}").format(
                count=len(text), most=MAX_PATTERN
            )
        )
    if not text.startswith("^") or not text.endswith("$") or text.endswith("\\$"):
        raise Refused(_("write the pattern anchored, from ^ to $, like ^[0-9]{12}$"))
    names = _named_groups(text)
    unknown = sorted({n for n in names if n not in parts})
    if unknown:
        known = ", ".join(parts) or _("none")
        raise Refused(
            _("the named parts {names} are not ones Banshi checks (known: {known})").format(
                names=", ".join(unknown), known=known
            )
        )
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise Refused(_("the part {name} is named twice").format(name=twice[0]))
    options = re2.Options()
    options.log_errors = False
    options.max_mem = MAX_PROGRAM
    try:
        compiled = re2.compile(text, options)
    except re2.error as error:
        why = error.args[0] if error.args else error
        why = why.decode("utf-8", "replace") if isinstance(why, bytes) else str(why)
        raise Refused(
            _(
                "RE2 cannot read it ({why}); write character classes, groups, | and counted "
                "repetition only: back-references and look-around cannot be matched in time "
                "linear in the code's length"
            ).format(why=why)
        ) from None
    return Pattern(text, compiled, tuple(sorted(compiled.groupindex.items(), key=lambda n: n[1])))


@cache
def _scheme(item: str, handling: str, implementation: str | None, _language: str) -> Scheme:
    """The scheme of these patterns; its ``refused`` says why in ``_language``, which is part
    of what is cached (one process may be asked in both languages)."""
    patterns, refused = {}, []
    for key, text, parts in (
        ("item", item, ()),
        ("handling", handling, ()),
        ("implementation", implementation, PARTS),
    ):
        if text is None:
            patterns[key] = None
            continue
        try:
            patterns[key] = compile_pattern(text, parts)
        except Refused as why:
            patterns[key] = None
            refused.append((key, str(why)))
    return Scheme(**patterns, refused=tuple(refused))


def scheme(codes: dict | None) -> Scheme:
    """The scheme of a catalog.yaml's ``codes`` (None: §2's digits)."""
    codes = codes or {}
    return _scheme(
        codes.get("item", DEFAULT_ITEM),
        codes.get("handling", DEFAULT_HANDLING),
        codes.get("implementation"),
        language(),
    )


def scheme_of(catalog) -> Scheme | None:
    """The scheme in force for a validated catalog; None when its catalog.yaml could not be
    used (then no code is checked against a scheme it may not have)."""
    if catalog.info is None:
        return None
    return scheme(catalog.info.get("codes"))


def platform_region(code: str) -> str:
    """A region code as the national platform writes it: 12 digits, zeros after the region's
    own (``511602`` → ``511602000000``)."""
    return code.ljust(PLATFORM_REGION_DIGITS, "0")
