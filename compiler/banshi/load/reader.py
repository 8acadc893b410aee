"""Read one catalog file: bytes → plain data (dicts, lists, strings, numbers, booleans).

Parsing uses PyYAML's C parser with a constructor that builds plain data only. Everything that
can go wrong with a file a person typed becomes a located problem, never an exception:
encodings other than UTF-8, syntax errors and tabs, tags (``!!python/...`` never runs), merge
keys, keys written twice, impossible dates, aliases that expand into an alias bomb, nesting more
than ``MAX_DEPTH`` levels deep. YAML dates become ISO strings (``"2022-03-01"``), so a date written
quoted or unquoted is the same value from here on.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field

import yaml

from banshi.i18n import _
from banshi.load.yaml_words import date_fault as _date_fault
from banshi.load.yaml_words import yaml_words
from banshi.problems import Problem

# An alias bomb is a few lines of anchors and aliases that expand to billions of nodes.
# No real catalog file comes near this many nodes once aliases are expanded.
MAX_EXPANDED_NODES = 1_000_000
# ...or to gigabytes of text with few nodes: one long scalar and thousands of aliases of it.
# Aliases may make a file's data at most this many characters of text (keys and strings), or
# its own length where that is more (a file without aliases is never held to it).
MAX_EXPANDED_CHARACTERS = 10_000_000
# Texts up to this long are kept once however often they are written (keys, codes, agency ids,
# modes, window names): a province writes the same few thousand of them a million times.
SHARED_TEXT_MAX = 64
# Mappings and lists inside one another. The deepest in the catalog format is a when condition
# in a material row (about 8 levels, and 2 more per all:/any:); this leaves room for conditions
# nested twenty-five deep, and keeps everything after the reader (schema checks, conditions,
# the cache) far from Python's recursion limit.
MAX_DEPTH = 64


def shared_texts(data, texts: dict[str, str]):
    """``data`` (plain data) with each short text one object wherever it is written, as the
    reader makes it: for data rebuilt from elsewhere (the validation cache). ``texts`` holds
    the first of each text, for every file rebuilt in one reading (a dictionary of its own
    shares them at twice the speed of ``sys.intern``, and is let go with the reading)."""
    share = texts.setdefault
    items = data.items() if type(data) is dict else enumerate(data)
    for key, value in items:
        kind = type(value)
        if kind is str:
            if len(value) <= SHARED_TEXT_MAX:
                data[key] = share(value, value)
        elif kind is dict or kind is list:
            shared_texts(value, texts)
    return data


class _Refused(yaml.MarkedYAMLError):
    """A node the catalog format refuses; carries its own rule id."""

    def __init__(self, rule: str, message: str, mark):
        super().__init__(problem=message, problem_mark=mark)
        self.rule = rule


def _shown_tag(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


class _CatalogConstructor(yaml.constructor.SafeConstructor):
    """Plain data only: maps, lists, strings, numbers, booleans, null and dates-as-strings."""

    def __init__(self):
        super().__init__()
        self.problems: list[Problem] = []

    def flatten_mapping(self, node):
        """Refuses merge keys, which PyYAML would expand (and which alias bombs ride on)."""
        for key_node, _value in node.value:
            if key_node.tag == "tag:yaml.org,2002:merge":
                raise _Refused(
                    "load.merge-key",
                    _("merge keys (<<) are not allowed in a catalog: write the keys out"),
                    key_node.start_mark,
                )
            if key_node.tag == "tag:yaml.org,2002:value":
                key_node.tag = "tag:yaml.org,2002:str"

    def construct_mapping(self, node, deep=False):
        mapping = super().construct_mapping(node, deep)
        if isinstance(node, yaml.MappingNode) and len(mapping) != len(node.value):
            self._refuse_duplicate(node)
        return mapping

    def _refuse_duplicate(self, node):
        """Only reached when the mapping came out shorter than it was written: a key twice."""
        seen: dict = {}
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=True)
            if key in seen:
                raise _Refused(
                    "load.duplicate-key",
                    _(
                        "key {key} is written twice in this mapping (first at line {line}): "
                        "YAML would silently keep only the last one; merge them into one"
                    ).format(key=key, line=seen[key]),
                    key_node.start_mark,
                )
            seen[key] = key_node.start_mark.line + 1

    def construct_shared_str(self, node):
        """A text, as one object for every place the same short text is written (the copies
        were most of a large catalog's memory)."""
        value = self.construct_scalar(node)
        return sys.intern(value) if len(value) <= SHARED_TEXT_MAX else value

    def construct_unquoted_digits(self, node):
        """A code written without quotes: kept as the text it is, and reported.

        A YAML 1.1 reader keeps 000131128000 a string only because of the 8; a YAML 1.2 reader
        (or the next edit) makes it a number and drops its leading zeros."""
        mark = node.start_mark
        self.problems.append(
            Problem(
                "",
                mark.line + 1,
                mark.column + 1,
                "schema.unquoted-code",
                _(
                    '{code} must be written in quotes, like "{code}": unquoted, a YAML reader '
                    "may take it for a number and drop its leading zeros"
                ).format(code=node.value),
            )
        )
        return sys.intern(node.value)

    def construct_yaml_timestamp(self, node):
        try:
            value = super().construct_yaml_timestamp(node)
        except ValueError as error:
            raise _Refused(
                "load.date",
                _("{date} is not a real date ({why}); write an existing date as YYYY-MM-DD").format(
                    date=node.value, why=_date_fault(str(error))
                ),
                node.start_mark,
            ) from None
        return value.isoformat()

    def construct_undefined(self, node):
        raise _Refused(
            "load.tag",
            _(
                "tag {tag} is not allowed: catalog files hold plain data, and no tag constructs "
                "anything; remove the tag"
            ).format(tag=_shown_tag(node.tag)),
            node.start_mark,
        )


# Types a catalog never holds: refuse them like any unknown tag.
for _tag in ("binary", "set", "omap", "pairs"):
    _CatalogConstructor.add_constructor(
        f"tag:yaml.org,2002:{_tag}", _CatalogConstructor.construct_undefined
    )
_CatalogConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", _CatalogConstructor.construct_yaml_timestamp
)
_CatalogConstructor.add_constructor(
    "tag:yaml.org,2002:str", _CatalogConstructor.construct_shared_str
)
_UNQUOTED_DIGITS = "tag:banshi,2026:unquoted-digits"
_CatalogConstructor.add_constructor(_UNQUOTED_DIGITS, _CatalogConstructor.construct_unquoted_digits)


class _CatalogResolver(yaml.resolver.Resolver):
    """YAML 1.1's resolver, plus a tag for plain digit strings that it does not read as
    numbers (leading zeros with an 8 or 9): codes someone forgot to quote."""


_CatalogResolver.add_implicit_resolver(
    _UNQUOTED_DIGITS, re.compile(r"^[0-9]{4,}$"), list("0123456789")
)
_CatalogConstructor.add_constructor(None, _CatalogConstructor.construct_undefined)


class _CatalogLoader(yaml.cyaml.CParser, _CatalogConstructor, _CatalogResolver):
    def __init__(self, stream):
        yaml.cyaml.CParser.__init__(self, stream)
        _CatalogConstructor.__init__(self)
        _CatalogResolver.__init__(self)


@dataclass
class ReadResult:
    """The data of one file, or the problems that kept it from being read."""

    file: str
    text: str | None = None
    data: object = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """The data was read (soft problems, such as an unquoted code, may remain)."""
        return self.data is not None


def _problem(file: str, rule: str, message: str, line: int = 1, column: int = 1) -> Problem:
    return Problem(file, line, column, rule, message)


def decode(file: str, raw: bytes) -> tuple[str | None, Problem | None]:
    """UTF-8 text with an optional BOM; any other encoding is a problem naming the file."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, _problem(
            file,
            "load.encoding",
            _("file is UTF-16; save it as UTF-8 (without BOM, or with one)"),
        )
    if raw.startswith(b"\xef\xbb\xbf"):
        raw = raw[3:]
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as error:
        line = raw.count(b"\n", 0, error.start) + 1
        line_start = raw.rfind(b"\n", 0, error.start) + 1
        column = len(raw[line_start : error.start].decode("utf-8", "replace")) + 1
        said = _("file is not UTF-8 (byte 0x{byte:02x} cannot be decoded).")
        try:
            raw.decode("gb18030")
            said = _(
                "file is not UTF-8 (byte 0x{byte:02x} cannot be decoded). It reads as "
                "GBK/GB18030: re-save it as UTF-8."
            )
        except UnicodeDecodeError:
            pass
        message = said.format(byte=raw[error.start])
        return None, _problem(file, "load.encoding", message, line, column)


_UNCLOSED = ("while parsing a flow", "while scanning a quoted scalar")


def _syntax_mark(error: yaml.MarkedYAMLError):
    """Where the maintainer's mistake is: a bracket or quote left open is shown where it opens."""
    context = error.context or ""
    if error.context_mark and context.startswith(_UNCLOSED):
        return error.context_mark
    return error.problem_mark or error.context_mark


def _syntax_message(error: yaml.MarkedYAMLError) -> str:
    context = error.context or ""
    if error.context_mark and context.startswith(_UNCLOSED) and error.problem_mark:
        found = error.problem_mark
        said = (
            _("YAML syntax: this quote is not closed ({problem} at line {line}, column {column})")
            if "quoted" in context
            else _(
                "YAML syntax: this bracket is not closed ({problem} at line {line}, column "
                "{column})"
            )
        )
        problem = yaml_words(error.problem)
        return said.format(problem=problem, line=found.line + 1, column=found.column + 1)
    parts = [yaml_words(p) for p in (error.context, error.problem) if p]
    if not parts:
        return _("YAML syntax: the file cannot be parsed")
    return _("YAML syntax: {what}").format(what=_("; ").join(parts))


# The slips of a Chinese keyboard and of editors that YAML reports in its own terms, often on
# the line after: a key followed by a full-width colon (sector：卫生健康), a colon without the
# space after it, a full-width comma between the items of a [ ] or { } list, a tab.
_KEY = r"^[ ]*(?:-[ ]+)?([A-Za-z_][\w.-]*)"
_FULL_WIDTH_COLON = re.compile(_KEY + r"[ ]*(：)")
_NO_SPACE = re.compile(_KEY + r"(:)(?=[^\s/])")
_TAB = re.compile(r"^[ ]*(\t)")
_LOOK_BACK = 3  # lines above the parser's marks where the slip may be


def _slip(error: yaml.MarkedYAMLError, lines: list[str]) -> tuple[int, int, str] | None:
    """The slip behind a syntax error, when it is one of the common ones: its line and
    column (0-based) and what to write instead."""
    marks = [m for m in (error.context_mark, error.problem_mark) if m is not None]
    if not marks:
        return None
    last = min(max(m.line for m in marks), len(lines) - 1)
    first = max(0, min(m.line for m in marks) - _LOOK_BACK)
    near = range(last, first - 1, -1)  # the nearest above the error first
    for number in near:
        found = _FULL_WIDTH_COLON.match(lines[number])
        if found:
            hint = _(
                "a full-width colon ： after {key}: YAML needs an ASCII colon and a space, "
                "as in {key}: …"
            ).format(key=found.group(1))
            return number, found.start(2), hint
    if (error.context or "").startswith("while parsing a flow") and error.context_mark:
        opened = error.context_mark
        for number in range(opened.line, last + 1):
            start = opened.column if number == opened.line else 0
            column = lines[number].find("，", start)
            if column >= 0:
                hint = _(
                    "a full-width comma ， in a [ ] or { } list: YAML separates the items "
                    "with an ASCII comma, as in [a, b]"
                )
                return number, column, hint
    for number in near:
        found = _NO_SPACE.match(lines[number])
        if found:
            hint = _("no space after the colon of {key}: YAML needs one, as in {key}: …")
            return number, found.start(2), hint.format(key=found.group(1))
    for number in near:
        found = _TAB.match(lines[number])
        if found:
            return number, found.start(1), _("a tab character: YAML is indented with spaces only")
    return None


def _expanded_size(data, limit: int, characters: int) -> tuple[int, int] | None:
    """Nodes, and characters of text, the data holds with every alias expanded (counted up
    to a little past the limits); None when it refers to itself."""
    sizes: dict[int, tuple[int, int]] = {}
    open_ids: set[int] = set()

    def size(value) -> tuple[int, int]:
        if isinstance(value, str):
            return 1, len(value)
        if not isinstance(value, (dict, list)):
            return 1, 0
        key = id(value)
        if key in sizes:
            return sizes[key]
        if key in open_ids:
            raise RecursionError
        open_ids.add(key)
        children = (c for kv in value.items() for c in kv) if isinstance(value, dict) else value
        nodes, text = 1, 0
        for child in children:
            more, longer = size(child)
            nodes, text = nodes + more, text + longer
            if nodes > limit or text > characters:
                break
        open_ids.discard(key)
        sizes[key] = nodes, text
        return sizes[key]

    try:
        return size(data)
    except RecursionError:
        return None


def _alias_at(text: str, characters: int = MAX_EXPANDED_CHARACTERS):
    """The alias that refers to its own anchor or pushes the expansion past a limit, with
    why; found from the parser's events, so it is located where the alias is written."""
    sizes: dict[str, tuple[int, int]] = {}
    # [anchor, expanded nodes so far, expanded characters so far] of each open collection
    stack: list[list] = [[None, 0, 0]]
    for event in yaml.parse(text, Loader=yaml.CSafeLoader):
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([event.anchor, 1, 0])
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, nodes, length = stack.pop()
            if anchor:
                sizes[anchor] = nodes, length
            stack[-1][1] += nodes
            stack[-1][2] += length
        elif isinstance(event, yaml.AliasEvent):
            if any(entry[0] == event.anchor for entry in stack):
                return (
                    event.start_mark,
                    _("an alias refers to the collection it is in; catalog data is a tree"),
                )
            nodes, length = sizes.get(event.anchor, (1, 0))
            stack[-1][1] += nodes
            stack[-1][2] += length
            if sum(entry[1] for entry in stack) > MAX_EXPANDED_NODES:
                return event.start_mark, _(
                    "aliases expand to more than {limit:,} nodes (an alias bomb); write the data "
                    "out instead of nesting aliases"
                ).format(limit=MAX_EXPANDED_NODES)
            if sum(entry[2] for entry in stack) > characters:
                return event.start_mark, _(
                    "aliases expand to more than {limit:,} characters of text (an alias bomb); "
                    "write the data out instead of repeating it by aliases"
                ).format(limit=characters)
        elif isinstance(event, yaml.ScalarEvent):
            stack[-1][1] += 1
            stack[-1][2] += len(event.value)
            if event.anchor:
                sizes[event.anchor] = 1, len(event.value)
    return None, ""


def _alias_problem(file: str, text: str, data) -> Problem | None:
    if "&" not in text or "*" not in text:
        return None
    characters = max(MAX_EXPANDED_CHARACTERS, len(text))
    size = _expanded_size(data, MAX_EXPANDED_NODES, characters)
    if size is not None and size[0] <= MAX_EXPANDED_NODES and size[1] <= characters:
        return None
    mark, message = _alias_at(text, characters)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = message or _("aliases expand too far: write the data out instead")
    return _problem(file, "load.alias", message, line, column)


def _reader_problem(file: str, text: str, error: yaml.reader.ReaderError) -> Problem:
    """A character YAML does not allow (a control character such as NUL), where it is: the C
    reader gives its offset in the UTF-8 bytes."""
    raw = text.encode("utf-8", "surrogatepass")
    offset = max(0, min(error.position, len(raw)))
    line = raw.count(b"\n", 0, offset) + 1
    line_start = raw.rfind(b"\n", 0, offset) + 1
    column = len(raw[line_start:offset].decode("utf-8", "replace")) + 1
    character = error.character
    shown = f"U+{character:04X}" if isinstance(character, int) else repr(character)
    said = _("YAML syntax: character {character} is not allowed in YAML text ({why}); remove it")
    message = said.format(character=shown, why=yaml_words(error.reason))
    return _problem(file, "load.syntax", message, line, column)


def _too_deep(data, limit: int, shared: bool) -> bool:
    """More than ``limit`` mappings and lists inside one another (aliases expanded); level by
    level, without recursion. ``shared``: the data may hold one collection at several places
    (aliases), so each level keeps each collection once."""
    level = [data] if isinstance(data, (dict, list)) else []
    for _level in range(limit):
        level = [
            child
            for value in level
            for child in (value.values() if type(value) is dict else value)
            if type(child) is dict or type(child) is list
        ]
        if not level:
            return False
        if shared:
            level = list({id(value): value for value in level}.values())
    return True


def _deep_at(text: str, limit: int):
    """Where the nesting first goes past ``limit`` levels: the collection (or the alias of one)
    that crosses it, found from the parser's events."""
    heights: dict[str, int] = {}  # anchor → levels of the collection it names
    stack: list[list] = []  # [anchor, levels below] of each open collection
    try:
        for event in yaml.parse(text, Loader=yaml.CSafeLoader):
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                if len(stack) + 1 > limit:
                    return event.start_mark
                stack.append([event.anchor, 0])
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                anchor, below = stack.pop()
                if anchor:
                    heights[anchor] = below + 1
                if stack:
                    stack[-1][1] = max(stack[-1][1], below + 1)
            elif isinstance(event, yaml.AliasEvent):
                height = heights.get(event.anchor, 0)
                if len(stack) + height > limit:
                    return event.start_mark
                if stack:
                    stack[-1][1] = max(stack[-1][1], height)
    except yaml.YAMLError:
        pass
    return None


def _depth_problem(file: str, text: str) -> Problem:
    mark = _deep_at(text, MAX_DEPTH)
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    said = _(
        "nested too deep (more than {limit} levels of mappings and lists): no catalog data "
        "needs this many; write the condition or list flatter"
    )
    return _problem(file, "load.depth", said.format(limit=MAX_DEPTH), line, column)


_DOCUMENT_START = re.compile(r"\A\s*\Z")


def read(file: str, raw: bytes) -> ReadResult:
    """Parse one file's bytes; ``file`` is its path as shown to the user."""
    text, problem = decode(file, raw)
    if problem:
        return ReadResult(file, problems=[problem])
    if _DOCUMENT_START.match(text):
        return ReadResult(
            file,
            text,
            problems=[_problem(file, "load.empty", _("file is empty: it needs a schema: key"))],
        )
    loader = _CatalogLoader(text)
    try:
        data = loader.get_single_data()
    except _Refused as error:
        mark = error.problem_mark
        return ReadResult(
            file,
            text,
            problems=[_problem(file, error.rule, error.problem, mark.line + 1, mark.column + 1)],
        )
    except yaml.MarkedYAMLError as error:
        if "exceeded maximum nesting depth" in str(error.problem):
            # the C parser's own limit (1,000 levels): ours is far lower, and shown where crossed
            return ReadResult(file, text, problems=[_depth_problem(file, text)])
        mark = _syntax_mark(error)
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        message = _syntax_message(error)
        slip = _slip(error, text.splitlines())
        if slip:  # said where the slip is, in the maintainer's words, then in YAML's
            line, column = slip[0] + 1, slip[1] + 1
            message = _("{hint} ({syntax})").format(hint=slip[2], syntax=message)
        return ReadResult(
            file, text, problems=[_problem(file, "load.syntax", message, line, column)]
        )
    except yaml.reader.ReaderError as error:
        return ReadResult(file, text, problems=[_reader_problem(file, text, error)])
    except yaml.YAMLError as error:
        said = _("YAML syntax: {what}").format(what=yaml_words(" ".join(str(error).split())))
        return ReadResult(file, text, problems=[_problem(file, "load.syntax", said)])
    except RecursionError:
        return ReadResult(
            file,
            text,
            problems=[_problem(file, "load.syntax", _("nesting is too deep to be catalog data"))],
        )
    finally:
        loader.dispose()
    if data is None:
        return ReadResult(
            file,
            text,
            problems=[
                _problem(file, "load.empty", _("file holds no data: it needs a schema: key"))
            ],
        )
    aliased = "&" in text and "*" in text
    too_deep = _too_deep(data, MAX_DEPTH, aliased)
    if aliased and too_deep:
        # an alias to its own collection is infinitely deep: say what it is
        mark, message = _alias_at(text)
        alias = (
            _problem(file, "load.alias", message, mark.line + 1, mark.column + 1) if mark else None
        )
    else:
        alias = _alias_problem(file, text, data)  # its walk is bounded by the depth checked
    if alias:
        return ReadResult(file, text, problems=[alias])
    if too_deep:
        return ReadResult(file, text, problems=[_depth_problem(file, text)])
    slip = _full_width_key(file, text, data) if "：" in text else None
    if slip:
        return ReadResult(file, text, problems=[slip])
    soft = [Problem(file, p.line, p.column, p.rule, p.message) for p in loader.problems]
    return ReadResult(file, text, data, soft)


def _full_width_key(file: str, text: str, data) -> Problem | None:
    """A full-width colon that YAML read as part of a key (``severity：{a: b}`` is the key
    ``severity：{a`` with the value ``b}``): no key of the format holds one."""
    level = [data]
    while level:
        for value in level:
            for key in value if isinstance(value, dict) else ():
                found = _FULL_WIDTH_COLON.match(key) if isinstance(key, str) else None
                if found:
                    return _key_slip(file, text, key, found)
        level = [
            child
            for value in level
            for child in (value.values() if isinstance(value, dict) else value)
            if isinstance(child, (dict, list))
        ]
    return None


def _key_slip(file: str, text: str, key: str, found: re.Match) -> Problem:
    hint = _(
        "a full-width colon ： after {key}: YAML needs an ASCII colon and a space, as in {key}: …"
    ).format(key=found.group(1))
    for number, line in enumerate(text.splitlines()):
        written = _FULL_WIDTH_COLON.match(line)
        if written and line.lstrip(" -").startswith(key.split("：")[0]):
            return _problem(file, "load.syntax", hint, number + 1, written.start(2) + 1)
    return _problem(file, "load.syntax", hint)
