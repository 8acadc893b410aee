"""The ``banshi`` command line (click). Exit codes: 0 clean, 1 problems, 2 usage."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from banshi import __version__
from banshi.emit.output import WRITE_FAULTS, CannotWrite, OutputRefused
from banshi.load import KINDS, NotACatalogRoot
from banshi.problems import as_json_report, github_annotation, printable

ROOT = click.argument(
    "root", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)


def _fault(error: OSError) -> str:
    """A fault of the file system in one line: the path and the OS's own words."""
    if isinstance(error, CannotWrite) or not error.filename:
        return str(error)
    return f"{error.filename}: {error.strerror}"


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
        except OutputRefused as error:
            click.echo(f"banshi: {error}", err=True)
            ctx.exit(2)
        except (click.ClickException, click.exceptions.Exit, click.exceptions.Abort):
            raise
        except OSError as error:
            if error.errno not in WRITE_FAULTS:
                self._internal_error(ctx, error)
            # a full, read-only or forbidden disk is the machine's problem, not a bug of ours
            click.echo(f"banshi: {_fault(error)}", err=True)
            ctx.exit(1)
        except Exception as error:  # noqa: BLE001 - the last line of defence
            self._internal_error(ctx, error)

    @staticmethod
    def _internal_error(ctx, error: Exception):
        located = _template_problem(error)
        if located:  # a catalog template's fault, at its line: a problem, not a crash
            click.echo(located)
            click.echo("banshi: an error in the catalog's templates; nothing was written", err=True)
            ctx.exit(1)
        if os.environ.get("BANSHI_DEBUG"):
            raise error
        click.echo(
            f"banshi: internal error: {type(error).__name__}: {printable(str(error))}\n"
            "Please report it with the catalog that caused it "
            "(BANSHI_DEBUG=1 shows the traceback).",
            err=True,
        )
        ctx.exit(3)


def _template_problem(error: Exception) -> str | None:
    if "jinja2" not in sys.modules:  # no template was rendered: no template error
        return None
    from banshi.emit.render import template_problem

    return template_problem(error)


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


def _validated(root: Path):
    """The validation, or exit 1 after printing its errors (nothing is compiled from errors)."""
    from banshi.validate import validate as run

    result = run(root)
    if result.errors:
        _report(result.problems, "text", root)
        click.echo(f"banshi: {len(result.errors)} errors in the catalog; fix them first", err=True)
        sys.exit(1)
    return result


def _iso_date(ctx, param, value):
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(f"{value} is not a date written YYYY-MM-DD") from None


@main.command()
@ROOT
@click.option("--out", "out", type=click.Path(file_okay=False, path_type=Path),
              help="output folder [default: ROOT/dist]")
@click.option("--as-of", "as_of", callback=_iso_date, help="publish what is in force that day [default: released]")
@click.option("--no-site", is_flag=True, help="JSON and QR codes only, no MkDocs site")
@click.option("--previous", "previous", metavar="REV",
              help="the previous release (git revision or folder): the site gets its 变更公告")
@click.option("--timings", is_flag=True, help="print the seconds each stage took, on stderr")
def build(root: Path, out: Path | None, as_of: str | None, no_site: bool, previous: str | None,
          timings: bool):
    """Validate, then compile the catalog into JSON, QR codes and the guide site."""
    import contextlib

    from banshi.build import build as run
    from banshi.emit.site import SiteError

    out = out or root / "dist"
    try:
        with contextlib.ExitStack() as stack:
            before = _compiled_at(previous, root, stack) if previous else None
            built = run(root, out, as_of, not no_site, progress=sys.stderr.isatty(), previous=before)
    except SiteError as error:
        shown = "\n".join(map(printable, str(error).split("\n")))  # MkDocs' log: no control character
        click.echo(f"banshi: {shown}\nnothing was written; {out} is as it was", err=True)
        sys.exit(1)
    if not built.written:
        _report(built.validation.problems, "text", root)
        click.echo(f"banshi: {len(built.validation.errors)} errors in the catalog; nothing was written", err=True)
        sys.exit(1)
    click.echo(f"built {built.handling_items} handling items, {built.guides} guides into {out}", err=True)
    if timings:
        for label, seconds in built.timings.items():
            click.echo(f"{label:12} {seconds:8.2f} s", err=True)


@main.command()
@click.argument("code")
@ROOT
@click.option("--region", required=True, help="region code where the applicant applies")
@click.option("--answer", "answers", multiple=True, metavar="QUESTION=VALUE", help="an answer to a situation question (repeatable)")
@click.option("--submitted", multiple=True, metavar="MATERIAL", help="a material already submitted (repeatable): gives the 补正 notice")
@click.option("--date", "date", callback=_iso_date, help="the day the application is handed in: gives 受理 and 办结 dates")
@click.option("--as-of", "as_of", callback=_iso_date, help="the catalog as in force that day")
@click.option("--format", "fmt", type=click.Choice(["html", "md", "json"]), default="html", show_default=True)
def notice(code, root, region, answers, submitted, date, as_of, fmt):
    """The 一次性告知单 of handling item CODE at a region, for these answers.

    CODE may also be a 一件事 bundle id: one notice for the whole bundle, at its lead's window."""
    from banshi.emit.notices import render
    from banshi.emit.render import environment
    from banshi.resolve import resolve
    from banshi.resolve.notice import NoticeError, notice_for
    from banshi.workdays import DateOutOfRange

    compiled = resolve(_validated(root).catalog, as_of)
    try:
        result = notice_for(compiled, code, region, answers, list(submitted) if submitted else None, date)
    except (NoticeError, DateOutOfRange) as error:
        click.echo(f"banshi: {printable(str(error))}", err=True)
        sys.exit(2)
    click.echo(render(result, fmt, environment(root)), nl=False)


@main.command()
@click.argument("bundle")
@ROOT
@click.option("--as-of", "as_of", callback=_iso_date, help="the bundle as in force that day [default: released]")
@click.option("--format", "fmt", type=click.Choice(["json", "mermaid", "dot", "graphml"]), default="json", show_default=True)
def graph(bundle, root, as_of, fmt):
    """The dependency graph of BUNDLE, with stages, critical path and timing."""
    from banshi.emit.graph import render
    from banshi.resolve import resolve

    compiled = resolve(_validated(root).catalog, as_of)
    if bundle not in compiled.bundles:
        click.echo(f"banshi: no bundle {bundle}; bundles: {', '.join(compiled.bundles) or 'none'}", err=True)
        sys.exit(2)
    click.echo(render(compiled.bundles[bundle], fmt), nl=False)


def _compiled_at(spec: str, root: Path, stack):
    """The catalog at a folder or git revision, validated and resolved at its release date."""
    from banshi.load.revision import catalog_at
    from banshi.resolve import resolve
    from banshi.validate import validate as run

    folder = stack.enter_context(catalog_at(spec, root))
    result = run(folder)
    if result.errors:
        for problem in result.errors:
            click.echo(f"{spec}: {problem.text()}", err=True)
        click.echo(f"banshi: {spec} has {len(result.errors)} errors; fix them to compare", err=True)
        sys.exit(1)
    return resolve(result.catalog)


@main.command()
@click.argument("old")
@click.argument("new")
@click.option("--root", "root", default=".", type=click.Path(file_okay=False, path_type=Path),
              help="the catalog root inside the git repository, for revisions")
@click.option("--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True)
def diff(old, new, root, fmt):
    """What changed from OLD to NEW: two git revisions (tags, commits) or two folders."""
    import contextlib

    from banshi.emit.changes import render
    from banshi.emit.render import environment
    from banshi.resolve.changes import compare

    with contextlib.ExitStack() as stack:
        report = compare(_compiled_at(old, root, stack), _compiled_at(new, root, stack))
    click.echo(render(report, fmt, environment(root)), nl=False)


@main.command()
@ROOT
@click.option("--as-of", "as_of", callback=_iso_date, help="count what is in force that day [default: released]")
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--region", help="only this region and the regions below it")
def stats(root, as_of, fmt, region):
    """Counts by level, type and kind; 即办件 share, 窗口授权率, 现场办结率, 进驻率 and 免提交 per
    region; 承诺提速率."""
    from banshi.emit import dumps
    from banshi.resolve import resolve
    from banshi.resolve.stats import stats as compute
    from banshi.resolve.stats import text

    compiled = resolve(_validated(root).catalog, as_of)
    if region is not None and region not in compiled.regions:
        raise click.BadParameter(f"{region} is not a region of this catalog", param_hint="--region")
    data = compute(compiled, region)
    click.echo(dumps(data) if fmt == "json" else text(data), nl=False)
