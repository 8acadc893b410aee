"""The ``banshi`` command line (click). Exit codes: 0 clean, 1 problems, 2 usage."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from banshi import __version__
from banshi.load import KINDS, NotACatalogRoot
from banshi.problems import as_json_report, github_annotation

ROOT = click.argument(
    "root", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)


class _Group(click.Group):
    """Turns anything unexpected into one line on stderr: users never see a traceback."""

    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except NotACatalogRoot as error:
            click.echo(f"banshi: {error}", err=True)
            ctx.exit(2)
        except KeyboardInterrupt:
            click.echo("banshi: interrupted; nothing was written", err=True)
            ctx.exit(130)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except Exception as error:  # noqa: BLE001 - the last line of defence
            if os.environ.get("BANSHI_DEBUG"):
                raise
            click.echo(
                f"banshi: internal error: {type(error).__name__}: {error}\n"
                "Please report it with the catalog that caused it "
                "(BANSHI_DEBUG=1 shows the traceback).",
                err=True,
            )
            ctx.exit(3)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="banshi")
def main():
    """办事 Banshi: validate and compile a government service catalog."""


def _report(problems, fmt: str, root: Path) -> None:
    if fmt == "json":
        click.echo(as_json_report(problems), nl=False)
        return
    for problem in problems:
        if fmt == "github":
            shown = os.path.relpath(root / problem.file)
            click.echo(github_annotation(problem, Path(shown).as_posix()))
        else:
            click.echo(problem.text())


@main.command()
@ROOT
@click.option("--format", "fmt", type=click.Choice(["text", "json", "github"]), default="text",
              show_default=True, help="text for people, json for tools, github for annotations")
@click.option("--strict", is_flag=True, help="warnings fail too")
def validate(root: Path, fmt: str, strict: bool):
    """Check the catalog at ROOT against its schemas and rules."""
    from banshi.validate import validate as run

    result = run(root)
    _report(result.problems, fmt, root)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    if fmt == "text":
        catalog = result.catalog
        click.echo(
            f"{errors} errors, {warnings} warnings; {len(catalog.items)} items, "
            f"{len(catalog.handling)} handling items, {len(catalog.implementations)} "
            "implementation entries",
            err=True,
        )
    sys.exit(1 if result.failed(strict) else 0)


@main.command()
@click.option("--out", "out", required=True, type=click.Path(file_okay=False, path_type=Path),
              help="folder to write the JSON Schemas into")
def schema(out: Path):
    """Write the JSON Schemas of every file kind, for editors (yaml-language-server)."""
    from banshi.validate.schema import schema_text

    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (out / f"{kind}.schema.json").write_text(schema_text(kind), encoding="utf-8")
    click.echo(f"wrote {len(KINDS)} schemas to {out}", err=True)


@main.command(name="rules")
def list_rules():
    """List the semantic rules with their default severity."""
    from banshi.rules import registry

    for rule in registry().values():
        click.echo(f"{rule.id:34} {rule.severity:8} {rule.summary}")
