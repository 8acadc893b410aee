"""``--help`` of every command, in Chinese by default and in English with ``BANSHI_LANG=en``:
every command's and option's help in the language asked for, click's own words too, wrapped
to the terminal by the width characters take, and ending with examples that click parses.
"""

from __future__ import annotations

import shlex
import unicodedata
import warnings

import click
import pytest
from click.testing import CliRunner

from banshi.cli import main
from banshi.help import _help_text, examples
from banshi.i18n import _


def _commands(command: click.Command = main, path: tuple[str, ...] = ()):
    """(path, command) of banshi and of every command below it."""
    yield path, command
    if isinstance(command, click.Group):
        for name in command.list_commands(click.Context(command)):
            yield from _commands(command.get_command(click.Context(command), name), (*path, name))


COMMANDS = list(_commands())


def _help(path: tuple[str, ...], language: str | None) -> str:
    env = {"BANSHI_LANG": language} if language else {}
    result = CliRunner().invoke(main, [*path, "--help"], env=env, terminal_width=80)
    assert result.exit_code == 0, result.output
    return result.output


def _texts(command: click.Command) -> list[str]:
    """The help texts of a command and its options, as written (the message ids)."""
    ctx = click.Context(command)
    texts = [_help_text(command.help)] if command.help else []
    texts += [_help_text(p.help) for p in command.get_params(ctx) if getattr(p, "help", None)]
    return texts


def _squeezed(text: str) -> str:
    return "".join(text.split())


def _chinese(text: str) -> bool:
    return any("\u4e00" <= c <= "\u9fff" for c in text)


@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=lambda p: " ".join(p) or "banshi")
def test_help_is_chinese_by_default_and_ends_with_examples(path, monkeypatch):
    monkeypatch.delenv("BANSHI_LANG", raising=False)
    command = dict(COMMANDS)[path]
    shown = _help(path, None)
    for heading in ("用法：", "选项：", "示例："):
        assert heading in shown, shown
    for text in _texts(command):
        chinese = _(text)
        assert chinese != text and _chinese(chinese), f"no Chinese text for {text!r}"
        assert _squeezed(chinese) in _squeezed(shown), (chinese, shown)
    ending = shown.rstrip("\n").split("示例：")[1]
    listed = [line.strip() for line in ending.splitlines() if line.strip()]
    commands = [line for line in listed if not line.startswith("#")]
    assert 1 <= len(commands) <= 2 and all(c.startswith("banshi ") for c in commands), listed
    assert all(_chinese(line) for line in listed if line.startswith("#")), listed


@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=lambda p: " ".join(p) or "banshi")
def test_help_is_english_with_banshi_lang_en(path, monkeypatch):
    monkeypatch.setenv("BANSHI_LANG", "en")
    command = dict(COMMANDS)[path]
    shown = _help(path, "en")
    for heading in ("Usage:", "Options:", "Examples:"):
        assert heading in shown, shown
    for text in _texts(command):
        assert _squeezed(text) in _squeezed(shown), (text, shown)
    for line, what in examples()[" ".join(path)]:
        assert _squeezed(f"# {what}") in _squeezed(shown) and f"  {line}\n" in shown, shown


def _width(line: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line)


@pytest.mark.parametrize("path", [p for p, _c in COMMANDS], ids=lambda p: " ".join(p) or "banshi")
def test_chinese_help_fits_the_terminal(path, monkeypatch):
    monkeypatch.delenv("BANSHI_LANG", raising=False)
    for line in _help(path, None).splitlines():
        words = line.split()
        if len(words) > 1 or _chinese(line):  # a single long option spec cannot be broken
            assert _width(line) <= 80, line


def test_every_command_has_examples_and_each_parses(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    written = examples()
    assert set(written) == {" ".join(p) for p, _c in COMMANDS}
    for path, shown in written.items():
        assert 1 <= len(shown) <= 2, path
        for line, _what in shown:
            words = shlex.split(line)
            assert words[0] == "banshi" and words[1 : 1 + len(path.split())] == path.split()
            for word in words:  # the workbook import reads must exist to be parsed
                if word.endswith((".xlsx", ".xls", ".ods")):
                    (tmp_path / word).write_bytes(b"")
            _parse(words[1:])


def _parse(args: list[str]) -> None:
    """Parse ``banshi ARGS`` as click would before running it: a usage error fails."""
    ctx = main.make_context("banshi", list(args))
    command: click.Command = main
    while isinstance(command, click.Group):
        with warnings.catch_warnings():  # click 9 leaves the subcommand in ctx.args
            warnings.simplefilter("ignore", DeprecationWarning)
            left = [*ctx.protected_args, *ctx.args]
        name, command, rest = command.resolve_command(ctx, left)
        ctx = command.make_context(name, rest, parent=ctx)
