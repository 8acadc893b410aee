"""``--help`` in the officials' language, each command's ending with examples of its use.

click reads a command's help (its docstring) and each option's ``help=`` when ``banshi.cli``
is imported. They are written there in English, as every message is, and translated here when
help is shown, through ``banshi.i18n._``: the English text is the message id, its Chinese
text is in the gettext catalog, and ``BANSHI_LANG=en`` shows the English. The command classes
below (``Command``, ``Group``) do it; ``banshi.cli``'s group makes every command of it one of
them, the commands other modules add too. click's own words (``Usage:``, ``Options``, ``Show
this message and exit.``, ``default``, ``required``) are translated the same way, and so
are the words of its usage errors (``Missing argument``, ``No such option``, ``Invalid value
for``…): click builds those where it raises them, through its modules' ``_`` and
``ngettext``, which ``speak_click_errors`` points at ours.

Chinese is twice as wide as Latin on a terminal, so help is wrapped by the width characters
take (East Asian Width), and never starts a line with closing punctuation.

``pybabel extract`` finds the help texts through ``extract_help`` (``locale/babel.cfg`` maps
``cli.py`` to it): it imports the command line and yields every command's and option's help,
and the messages of click's modules that say what was typed wrong (``CLICK_ERRORS``).
"""

from __future__ import annotations

import inspect
import re
import unicodedata
from collections.abc import Iterator

import click
import click.core
import click.exceptions
import click.parser
import click.types

from banshi.i18n import _

# A paragraph's lines are joined without a space where either side is Chinese.
_WIDE = ("W", "F")
_NO_LINE_START = set("，。；：、！？）」』】》”’…,.;:!?)")
_NO_LINE_END = set("（「『【《“‘(")
_SENTENCE_END = re.compile(r"(?<=[。！？])|(?<=[.!?])\s")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in _WIDE else 1 for c in text)


def _wide(char: str) -> bool:
    return unicodedata.east_asian_width(char) in _WIDE


def _units(text: str) -> Iterator[str]:
    """The pieces a line may break between: a Latin word with the spaces after it, or one
    Chinese character; an opening bracket goes with what follows it."""
    opening = ""
    for token in re.findall(r"[^\s" + "\u2e80-\uffef" + r"]+\s*|\S\s*|\s+", text):
        if token.strip() in _NO_LINE_END:
            opening += token
            continue
        yield opening + token
        opening = ""
    if opening:
        yield opening


def wrap(text: str, width: int, first: str = "", rest: str = "") -> list[str]:
    """``text`` (one paragraph) in lines of at most ``width`` columns, by display width. A
    closing punctuation mark that would start a line takes the character before it along."""
    lines: list[list[str]] = [[first]]
    for unit in _units(text):
        line = lines[-1]
        if _width("".join(line) + unit.rstrip()) > width and len(line) > 1:
            carried = [line.pop()] if unit[0] in _NO_LINE_START and len(line) > 2 else []
            if unit[0] in _NO_LINE_START and not carried:
                line.append(unit)  # nothing to carry: it stays, past the width
                continue
            lines.append([rest, *(u.lstrip() for u in carried)])
            unit = unit if carried else unit.lstrip()
        lines[-1].append(unit)
    return [joined for line in lines if (joined := "".join(line).rstrip()).strip()]


def _joined(lines: list[str]) -> str:
    """A paragraph's lines as one, with a space only between Latin words."""
    text = ""
    for line in (line.strip() for line in lines):
        if text and line and not (_wide(text[-1]) or _wide(line[0])):
            text += " "
        text += line
    return text


def paragraphs(text: str) -> list[str]:
    return [_joined(p.splitlines()) for p in re.split(r"\n\s*\n", text.strip()) if p.strip()]


class Formatter(click.HelpFormatter):
    """click's help formatter, wrapping by display width."""

    def write_heading(self, heading: str) -> None:
        colon = "：" if heading and _wide(heading[-1]) else ":"
        self.write(f"{' ' * self.current_indent}{heading}{colon}\n")

    def write_text(self, text: str) -> None:
        indent = " " * self.current_indent
        for number, paragraph in enumerate(paragraphs(text)):
            if number:
                self.write("\n")
            for line in wrap(paragraph, self.width, indent, indent):
                self.write(f"{line}\n")

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        prefix = prefix or _("Usage:")
        if not _wide(prefix[-1]):
            prefix += " "
        prefix = " " * self.current_indent + prefix
        lead = f"{prefix}{prog} "
        for line in wrap(args, self.width, lead, " " * min(_width(lead), self.width // 3)):
            self.write(f"{line}\n")

    def write_dl(self, rows, col_max: int = 30, col_spacing: int = 2) -> None:
        rows = list(rows)
        first = min(max((_width(r[0]) for r in rows), default=0), col_max)
        indent = " " * self.current_indent
        room = max(self.width - self.current_indent - first - col_spacing, 20)
        for term, definition in rows:
            lead = f"{indent}{term}"
            pad = " " * (self.current_indent + first + col_spacing)
            if not definition:
                self.write(f"{lead}\n")
                continue
            if _width(term) > first:
                self.write(f"{lead}\n")
                lines = wrap(definition, room + len(pad), pad, pad)
            else:
                spaces = " " * (first + col_spacing - _width(term))
                lines = wrap(definition, room + len(pad), lead + spaces, pad)
            for line in lines:
                self.write(f"{line}\n")


class Context(click.Context):
    formatter_class = Formatter


def _help_text(text: str | None) -> str:
    """A help text as its message id: the docstring without its indentation."""
    return inspect.cleandoc(text or "").partition("\f")[0]


def translated(text: str | None) -> str:
    cleaned = _help_text(text)
    return _(cleaned) if cleaned else ""


def _option_record(param: click.Parameter, ctx: click.Context) -> tuple[str, str] | None:
    if not isinstance(param, click.Option) or param.hidden:
        return None
    shown = translated(param.help)
    extra = param.get_help_extra(ctx)
    notes = []
    if "default" in extra:
        notes.append(_("default: {default}").format(default=extra["default"]))
    if "range" in extra:
        notes.append(extra["range"])
    if "required" in extra:
        notes.append(_("required"))
    if notes:
        shown = f"{shown}  [{'; '.join(notes)}]" if shown else f"[{'; '.join(notes)}]"
    return param.get_help_spec(ctx), shown


def _path(ctx: click.Context) -> str:
    """A command's name under banshi: ``validate``, ``cases load``; ``""`` for banshi itself."""
    names = []
    while ctx.parent is not None:
        names.append(ctx.info_name)
        ctx = ctx.parent
    return " ".join(reversed(names))


class _Translated:
    """What every command of banshi shows in its help, translated when it is shown."""

    context_class = Context

    def format_usage(self, ctx, formatter):
        pieces = self.collect_usage_pieces(ctx)
        formatter.write_usage(ctx.command_path, " ".join(pieces), _("Usage:"))

    def format_help_text(self, ctx, formatter):
        text = translated(self.help)
        if text:
            formatter.write_paragraph()
            with formatter.indentation():
                formatter.write_text(text)

    def format_options(self, ctx, formatter):
        records = [r for p in self.get_params(ctx) if (r := _option_record(p, ctx))]
        if records:
            with formatter.section(_("Options")):
                formatter.write_dl(records)

    def format_epilog(self, ctx, formatter):
        shown = examples().get(_path(ctx), ())
        if shown:
            with formatter.section(_("Examples")):
                for line, (command, what) in enumerate(shown):
                    if line:
                        formatter.write("\n")
                    formatter.write_text(f"# {what}")
                    formatter.write(f"{' ' * formatter.current_indent}{command}\n")

    def get_short_help_str(self, limit: int = 45) -> str:
        """The first sentence of the help, cut to ``limit`` columns."""
        found = paragraphs(translated(self.help))
        if not found:
            return ""
        sentence = _SENTENCE_END.split(found[0], maxsplit=1)[0].strip()
        return sentence if _width(sentence) <= limit else _cut(sentence, limit - 1) + "…"


def _cut(text: str, width: int) -> str:
    """The start of ``text`` that fits ``width`` columns, ending at a word's end in Latin."""
    used = 0
    for end, char in enumerate(text):
        used += _width(char)
        if used > width:
            break
    else:
        return text
    start = text[:end]
    if not _wide(text[end]) and not text[end].isspace() and " " in start:
        start = start[: start.rindex(" ")]
    return start.rstrip("，,;；:： 、")


class Command(_Translated, click.Command):
    pass


class Group(_Translated, click.Group):
    command_class = Command
    group_class = type  # a group's groups are of its own class

    def format_options(self, ctx, formatter):
        _Translated.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def format_commands(self, ctx, formatter):
        commands = [(name, self.get_command(ctx, name)) for name in self.list_commands(ctx)]
        commands = [(name, c) for name, c in commands if c is not None and not c.hidden]
        limit = formatter.width - 6 - max((len(name) for name, _c in commands), default=0)
        rows = [(name, command.get_short_help_str(limit)) for name, command in commands]
        if rows:
            with formatter.section(_("Commands")):
                formatter.write_dl(rows)


def examples() -> dict[str, tuple[tuple[str, str], ...]]:
    """One or two examples of each command, by its name under banshi (``_path``): the command
    line as typed, and what it does."""
    return {
        "": (
            ("banshi validate", _("check the catalog in the current folder")),
            ("banshi build --out dist", _("then build its JSON, QR codes and site into dist/")),
        ),
        "validate": (
            ("banshi validate", _("check the catalog in the current folder")),
            (
                "banshi validate 示例县目录 --strict --format github",
                _("in CI: warnings fail too, each shown on the pull request's line"),
            ),
        ),
        "init": (
            (
                "banshi init 示例县目录 --region 410526 --name 示例县",
                _("a new catalog for the county 410526 in the folder 示例县目录"),
            ),
        ),
        "serve": (
            ("banshi serve", _("preview the catalog in the current folder at 127.0.0.1:8000")),
            (
                "banshi serve 示例县目录 --region 410526 --port 8001",
                _("only the county 410526 and below, on port 8001"),
            ),
        ),
        "schema": (
            (
                "banshi schema --out .schemas --vscode",
                _("the schemas for VS Code: completion and checks while typing"),
            ),
        ),
        "rules": (("banshi rules", _("every rule with its id and default severity")),),
        "build": (
            ("banshi build", _("validate, then build into dist/")),
            (
                "banshi build --out /tmp/县 --region 410526 --previous 2026.11",
                _("the county's shard only, with the changes since the release 2026.11"),
            ),
        ),
        "notice": (
            (
                "banshi notice 00013112800001 --region 410526 --answer entrusted=false",
                _("the 一次性告知单 of a handling item at the county, for one answer"),
            ),
            (
                "banshi notice 00013112800001 --region 410526 --submitted 居民身份证",
                _("the 补正告知书: what is still missing"),
            ),
        ),
        "hall": (
            ("banshi hall 410526 --out 大厅印制品", _("the printed matter of the county's hall")),
        ),
        "graph": (
            (
                "banshi graph construction --format mermaid",
                _("the graph of the bundle construction as a Mermaid diagram"),
            ),
        ),
        "diff": (
            ("banshi diff 2026.11 2026.12", _("what changed between two released tags")),
            (
                "banshi diff old-catalog new-catalog --format md",
                _("between two folders, as Markdown"),
            ),
        ),
        "stats": (
            ("banshi stats", _("the figures of the whole catalog")),
            ("banshi stats --region 410526 --format json", _("of one county, as JSON")),
        ),
        "cases": (
            (
                "banshi cases load 办件.csv 评价.csv --db /srv/banshi/cases.duckdb",
                _("read the approval system's exports into the case store"),
            ),
            (
                "banshi cases report --from 2026-01-01 --to 2026-12-31 --by month",
                _("the year's figures of the catalog in the current folder, month by month"),
            ),
        ),
        "cases load": (
            (
                "banshi cases load 办件.csv 评价.xlsx --root 示例县目录",
                _("load the exports, checked against the releases of the catalog 示例县目录"),
            ),
        ),
        "cases report": (
            (
                "banshi cases report --from 2026-01-01 --to 2026-06-30 --by window",
                _("the half year's figures, window by window"),
            ),
            (
                "banshi cases report --from 2026-01-01 --to 2026-12-31 --format html",
                _("the year as one page with charts, for a phone"),
            ),
        ),
        "cases due": (
            (
                "banshi cases due --on 2026-07-01 --within 3",
                _("open cases overdue on 1 July, and those due within 3 working days"),
            ),
        ),
        "export": (("banshi export --out 目录.xlsx", _("the catalog as a workbook")),),
        "import": (
            (
                "banshi import 目录.xlsx . --force",
                _("write the edited workbook back into the catalog in the current folder"),
            ),
        ),
    }


# click's modules whose messages a user reads when a command line is wrong
CLICK_ERRORS = (click.core, click.exceptions, click.parser, click.types)


def _counted(singular: str, plural: str, count: int) -> str:
    """click's ``ngettext``: its singular and its plural are two messages of our catalog (in
    Chinese one text each, with the placeholders of its own form)."""
    return _(singular if count == 1 else plural)


def speak_click_errors() -> None:
    """click's usage errors in the user's language: each of these modules looks its messages
    up through its own ``_`` and ``ngettext`` (``gettext``'s, with no catalog for click), here
    through ours, which holds their Chinese (``extract_help`` extracts them)."""
    for module in CLICK_ERRORS:
        module._ = _
        if hasattr(module, "ngettext"):
            module.ngettext = _counted


speak_click_errors()


def help_texts(command: click.Command, ctx: click.Context) -> Iterator[str]:
    """Every help text of ``command`` and of the commands below it, as message ids."""
    if command.help:
        yield _help_text(command.help)
    for param in command.get_params(ctx):
        if isinstance(param, click.Option) and param.help:
            yield _help_text(param.help)
    if isinstance(command, click.Group):
        for name in command.list_commands(ctx):
            below = command.get_command(ctx, name)
            yield from help_texts(below, click.Context(below, info_name=name, parent=ctx))


def extract_help(fileobj, keywords, comment_tags, options):
    """Babel's extraction for ``cli.py``: its ``_()`` messages, and every help text of the
    command line (``pybabel extract -F compiler/banshi/locale/babel.cfg``)."""
    from babel.messages.extract import extract_python

    yield from extract_python(fileobj, keywords, comment_tags, options)
    for module in CLICK_ERRORS:
        with open(module.__file__, "rb") as source:
            found = extract_python(source, {"_": None, "ngettext": (1, 2)}, (), {})
            for _line, _function, message, _comments in found:
                for text in message if isinstance(message, tuple) else (message,):
                    yield 0, None, text, []
    from banshi.cli import main

    for text in dict.fromkeys(help_texts(main, click.Context(main, info_name="banshi"))):
        yield 0, None, text, []
