"""The ``banshi`` command line (click). Exit codes: 0 clean, 1 problems, 2 usage."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from banshi import __version__
from banshi.emit.output import WRITE_FAULTS, CannotWrite, OutputRefused
from banshi.i18n import _
from banshi.load import KINDS, NotACatalogRoot
from banshi.model import LEVELS
from banshi.problems import as_json_report, github_annotation, printable
from banshi.resolve.papers import PAPERS

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
    if fmt in ("sarif", "gitlab"):
        from banshi.reports import gitlab_report, sarif_report

        report = sarif_report if fmt == "sarif" else gitlab_report
        click.echo(report(problems, lambda file: _shown_path(root, file)), nl=False)
        return
    for problem in problems:
        if fmt == "github":
            click.echo(github_annotation(problem, _shown_path(root, problem.file)))
        else:
            click.echo(problem.text())


def _shown_path(root: Path, file: str) -> str:
    """A catalog file as CI tools name it: relative to where banshi runs (the checkout)."""
    return Path(os.path.relpath(root / file)).as_posix()


@main.command()
@ROOT
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "github", "sarif", "gitlab"]),
    default="text",
    show_default=True,
    help="text for people, json for tools, github for annotations, sarif for code "
    "scanning, gitlab for GitLab Code Quality",
)
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
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="folder to write the JSON Schemas into",
)
@click.option(
    "--vscode",
    is_flag=True,
    help="also map them to the catalog's files in ./.vscode/settings.json (yaml.schemas)",
)
def schema(out: Path, vscode: bool):
    """Write the JSON Schemas of every file kind, for editors (yaml-language-server)."""
    from banshi.editor import SettingsUnreadable, write_vscode_settings
    from banshi.validate.schema import schema_text

    out.mkdir(parents=True, exist_ok=True)
    for kind in KINDS:
        (out / f"{kind}.schema.json").write_text(schema_text(kind), encoding="utf-8")
    click.echo(f"wrote {len(KINDS)} schemas to {out}", err=True)
    if vscode:
        try:
            settings = write_vscode_settings(out, Path.cwd())
        except SettingsUnreadable as error:
            click.echo(f"banshi: {printable(str(error))}", err=True)
            sys.exit(1)
        click.echo(f"mapped them in {settings}", err=True)


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
@click.option(
    "--out",
    "out",
    type=click.Path(file_okay=False, path_type=Path),
    help="output folder [default: ROOT/dist]",
)
@click.option(
    "--as-of",
    "as_of",
    callback=_iso_date,
    help="publish what is in force that day [default: released]",
)
@click.option("--no-site", is_flag=True, help="JSON and QR codes only, no MkDocs site")
@click.option(
    "--previous",
    "previous",
    metavar="REV",
    help="the previous release (git revision or folder): the site gets its 变更公告",
)
@click.option("--timings", is_flag=True, help="print the seconds each stage took, on stderr")
@click.option(
    "--fresh",
    is_flag=True,
    help="make every file anew instead of keeping what the previous build in --out made alike",
)
@click.option("--region", help="a shard: only region R and the regions below it")
@click.option(
    "--down-to",
    "down_to",
    type=click.Choice(LEVELS[1:]),
    help="with --region: only the regions down to this level (the top levels' shard)",
)
@click.option(
    "--combine",
    "shards",
    multiple=True,
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    help="the whole build, taking what these shard builds made alike (repeat it)",
)
def build(
    root: Path,
    out: Path | None,
    as_of: str | None,
    no_site: bool,
    previous: str | None,
    timings: bool,
    fresh: bool,
    region: str | None,
    down_to: str | None,
    shards: tuple[Path, ...],
):
    """Validate, then compile the catalog into JSON, QR codes and the guide site."""
    import contextlib

    from banshi.build import NoSuchShard
    from banshi.build import build as run
    from banshi.combine import ShardsDisagree
    from banshi.emit.site import SiteError

    out = out or root / "dist"
    if down_to and not region:
        raise click.UsageError("--down-to needs --region")
    if shards and region:
        raise click.UsageError("--combine makes the whole build: it takes no --region")
    try:
        with contextlib.ExitStack() as stack:
            before = _compiled_at(previous, root, stack) if previous else None
            built = run(
                root,
                out,
                as_of,
                not no_site,
                progress=sys.stderr.isatty(),
                previous=before,
                region=region,
                down_to=down_to,
                fresh=fresh,
                shards=shards,
            )
    except ShardsDisagree as error:
        click.echo(f"banshi: {error}\nnothing was written; {out} is as it was", err=True)
        sys.exit(1)
    except NoSuchShard as error:
        raise click.UsageError(str(error)) from None
    except SiteError as error:
        shown = "\n".join(
            map(printable, str(error).split("\n"))
        )  # MkDocs' log: no control character
        click.echo(f"banshi: {shown}\nnothing was written; {out} is as it was", err=True)
        sys.exit(1)
    if not built.written:
        _report(built.validation.problems, "text", root)
        click.echo(
            f"banshi: {len(built.validation.errors)} errors in the catalog; nothing was written",
            err=True,
        )
        sys.exit(1)
    kept = f"; took {built.reused} files made alike before" if built.reused else ""
    click.echo(
        f"built {built.handling_items} handling items, {built.guides} guides into {out}{kept}",
        err=True,
    )
    if timings:
        for label, seconds in built.timings.items():
            click.echo(f"{label:12} {seconds:8.2f} s", err=True)


@main.command()
@click.argument("code")
@ROOT
@click.option("--region", required=True, help="region code where the applicant applies")
@click.option(
    "--kind",
    "kind",
    type=click.Choice(list(PAPERS)),
    default=None,
    help="the paper: "
    + ", ".join(f"{k} {v}" for k, v in PAPERS.items())
    + " [default: inform, or correct with --submitted]",
)
@click.option(
    "--answer",
    "answers",
    multiple=True,
    metavar="QUESTION=VALUE",
    help="an answer to a situation question (repeatable)",
)
@click.option(
    "--submitted",
    multiple=True,
    metavar="MATERIAL",
    help="a material the applicant brought, by id or name (repeatable)",
)
@click.option(
    "--date",
    "date",
    callback=_iso_date,
    help="the day the application is handed in: gives 受理 and 办结 dates",
)
@click.option("--reason", help="why: the reason of a 不予受理 (refuse) or of an extension (extend)")
@click.option("--number", help="the paper's number (编号), as the window's register gives it")
@click.option("--as-of", "as_of", callback=_iso_date, help="the catalog as in force that day")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json", "text"]),
    default=None,
    help="html (printable A4), md, json or text [default: text on a terminal, else html]",
)
def notice(code, root, region, kind, answers, submitted, date, reason, number, as_of, fmt):
    """A window's paper for handling item CODE at a region, for these answers.

    CODE may also be a 一件事 bundle id: one paper for the whole bundle, at its lead's window."""
    from banshi.emit.notices import render
    from banshi.emit.render import environment
    from banshi.resolve import resolve
    from banshi.resolve.notice import NoticeError
    from banshi.resolve.papers import CORRECTION_DAYS, paper_for
    from banshi.workdays import DateOutOfRange

    catalog = _validated(root).catalog
    compiled = resolve(catalog, as_of)
    days = catalog.setting("correction_days", CORRECTION_DAYS)
    try:
        result = paper_for(
            compiled,
            code,
            region,
            kind,
            answers,
            list(submitted) if submitted else None,
            date,
            reason,
            number,
            days,
        )
    except (NoticeError, DateOutOfRange) as error:
        click.echo(f"banshi: {printable(str(error))}", err=True)
        sys.exit(2)
    fmt = fmt or ("text" if sys.stdout.isatty() else "html")
    click.echo(render(result, fmt, environment(root)), nl=False)


@main.command()
@click.argument("region")
@ROOT
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="folder for the hall's print-ready pages",
)
@click.option("--as-of", "as_of", callback=_iso_date, help="the catalog as in force that day")
@click.option(
    "--pdf", is_flag=True, help="a PDF of each page too, for the print shop (needs banshi[print])"
)
def hall(region, root, out, as_of, pdf):
    """The printed matter of REGION's service hall.

    窗口吊牌, 政务公示牌, 便民联系卡 and QR placards."""
    from banshi.emit import Output
    from banshi.emit.hall import NoPrinter, emit
    from banshi.emit.render import environment
    from banshi.resolve import resolve
    from banshi.resolve.hall import NoHall
    from banshi.resolve.hall import hall as hall_of

    compiled = resolve(_validated(root).catalog, as_of)
    try:
        printed = hall_of(compiled, region)
    except NoHall as error:
        click.echo(f"banshi: {printable(str(error))}", err=True)
        sys.exit(2)
    output = Output(out, root)
    try:
        emit(compiled, printed, output, environment(root), pdf)
        output.commit()
    except NoPrinter as error:
        output.discard()
        click.echo(f"banshi: {error}", err=True)
        sys.exit(2)
    except BaseException:
        output.discard()
        raise
    click.echo(
        f"wrote the printed matter of {printed.region['name']} ({len(printed.windows)} windows) "
        f"into {out}",
        err=True,
    )


@main.command()
@click.argument("bundle")
@ROOT
@click.option(
    "--as-of",
    "as_of",
    callback=_iso_date,
    help="the bundle as in force that day [default: released]",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "mermaid", "dot", "graphml"]),
    default="json",
    show_default=True,
)
def graph(bundle, root, as_of, fmt):
    """The dependency graph of BUNDLE, with stages, critical path and timing."""
    from banshi.emit.graph import render
    from banshi.resolve import resolve

    compiled = resolve(_validated(root).catalog, as_of)
    if bundle not in compiled.bundles:
        click.echo(
            f"banshi: no bundle {bundle}; bundles: {', '.join(compiled.bundles) or 'none'}",
            err=True,
        )
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
@click.option(
    "--root",
    "root",
    default=".",
    type=click.Path(file_okay=False, path_type=Path),
    help="the catalog root inside the git repository, for revisions",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json", "md"]), default="text", show_default=True
)
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
@click.option(
    "--as-of",
    "as_of",
    callback=_iso_date,
    help="count what is in force that day [default: released]",
)
@click.option(
    "--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True
)
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


_EXCEL_EXTRA = (
    "banshi: {} needs the excel extra (python-calamine, xlsxwriter); install it with\n"
    "  pip install 'banshi[excel]'   (in a checkout: pip install -e '.[excel]')"
)


def _needs_excel(command: str, *modules: str) -> None:
    """Exit 2 with the install command when the optional Excel libraries are missing."""
    import importlib.util

    if not all(importlib.util.find_spec(m) for m in modules):
        click.echo(_EXCEL_EXTRA.format(command), err=True)
        sys.exit(2)


@main.command(name="export")
@ROOT
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="the workbook to write (.xlsx)",
)
def export_workbook(root: Path, out: Path):
    """The catalog at ROOT as an Excel workbook: one sheet per kind, for officials to read and
    edit (banshi import reads it back)."""
    _needs_excel("export", "xlsxwriter")
    from banshi.workbook.export import export

    if out.suffix.lower() != ".xlsx":
        raise click.BadParameter(f"{out} must end in .xlsx", param_hint="--out")
    result = export(root, out)
    if result.problems:
        _report(result.problems, "text", root)
        click.echo(f"banshi: {len(result.problems)} problems; nothing was written", err=True)
        sys.exit(1)
    for left_out in result.left_out:
        click.echo(f"banshi: not exported, no column holds it: {printable(left_out)}", err=True)
    counts = ", ".join(f"{name} {count}" for name, count in result.rows.items())
    click.echo(f"wrote {out}: {counts} rows", err=True)


@main.command(name="import")
@click.argument("workbook", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("root", required=False, type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--force",
    is_flag=True,
    help="write into a folder that is not empty (same-named files replaced, none deleted)",
)
def import_workbook(workbook: Path, root: Path | None, force: bool):
    """Write the catalog files a workbook holds (.xlsx, .xls, .ods) into ROOT, then validate it.

    ROOT defaults to a new folder named after the workbook, in the current folder."""
    _needs_excel("import", "python_calamine")
    from banshi.validate import validate as run
    from banshi.workbook.read import FORMATS, read_workbook
    from banshi.workbook.target import TargetRefused, at_cell, check_target, write

    if workbook.suffix.lower() not in FORMATS:
        raise click.BadParameter(f"{workbook} is not {', '.join(FORMATS)}", param_hint="WORKBOOK")
    root = root or Path(workbook.stem)
    shown = str(workbook)
    try:
        check_target(root, force)
        imported = read_workbook(workbook, shown)
        for problem in imported.problems:
            click.echo(problem.text())
        if any(p.severity == "error" for p in imported.problems):
            click.echo(f"banshi: {shown} has problems; nothing was written", err=True)
            sys.exit(1)
        kept = write(root, imported, shown)
    except TargetRefused as error:
        click.echo(f"banshi: {error}", err=True)
        sys.exit(2)
    for file in kept:
        click.echo(f"banshi: {file} was kept as it was (the workbook does not hold it)", err=True)
    result = run(root)
    for problem in result.problems:
        located = at_cell(problem, imported, shown)
        click.echo(located.text() if located else problem.text())
    click.echo(
        f"wrote {len(imported.files)} files into {root}; {len(result.errors)} errors, "
        f"{len(result.problems) - len(result.errors)} warnings",
        err=True,
    )
    sys.exit(1 if result.errors else 0)


# -- the hall's own figures: cases (办件) and evaluations (好差评) ------------------------------

DB = click.option(
    "--db",
    "db",
    type=click.Path(dir_okay=False, path_type=Path),
    help="the case store [default: $XDG_DATA_HOME/banshi/cases.duckdb]",
)


@main.group()
def cases():
    """The hall's own figures: cases (办件) and evaluations (好差评) against the promises."""


def _store_faults(run):
    """The case store's refusals as exit codes: 2 for a usage error, 1 for a busy store."""
    from banshi.cases.store import StoreBusy, StoreError

    try:
        return run()
    except StoreError as error:
        click.echo(f"banshi: {printable(str(error))}", err=True)
        sys.exit(2)
    except StoreBusy as error:
        click.echo(f"banshi: {printable(str(error))}", err=True)
        sys.exit(1)


@cases.command(name="load")
@click.argument("files", nargs=-1, required=True, type=click.Path(dir_okay=False, path_type=Path))
@DB
@click.option(
    "--root",
    "root",
    default=".",
    show_default=True,
    type=click.Path(file_okay=False, path_type=Path),
    help="the catalog root whose releases the cases are checked against",
)
def cases_load(files, db, root):
    """Read case and evaluation exports (CSV in UTF-8 or GB18030, workbooks) into the store."""
    from banshi.cases.commands import load

    _store_faults(lambda: load(files, db, root))


@cases.command(name="report")
@ROOT
@DB
@click.option("--from", "first", required=True, callback=_iso_date, help="first day accepted")
@click.option("--to", "last", required=True, callback=_iso_date, help="last day of the period")
@click.option("--region", help="only this region and the regions below it")
@click.option(
    "--by",
    multiple=True,
    type=click.Choice(["region", "department", "window", "item", "month"]),
    help="the figures of each region, department, window, handling item or month too; "
    "repeat it to cross them (--by month --by region)",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "html"]),
    default="text",
    show_default=True,
)
def cases_report(root, db, first, last, region, by, fmt):
    """The figures of a period, each case against the promise in force when it was accepted."""
    from banshi.cases.commands import report

    if first > last:
        raise click.BadParameter(
            _("{first} is after --to {last}").format(first=first, last=last), param_hint="--from"
        )
    _store_faults(lambda: report(root, db, first, last, region, by, fmt))


@cases.command(name="due")
@ROOT
@DB
@click.option("--on", "on", required=True, callback=_iso_date, help="the day to warn on")
@click.option(
    "--within",
    default=3,
    show_default=True,
    type=click.IntRange(0, 365),
    help="warn of open cases due within this many working days (yellow)",
)
@click.option("--region", help="only this region and the regions below it")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "csv"]),
    default="text",
    show_default=True,
)
def cases_due(root, db, on, within, region, fmt):
    """超时预警: open cases past their promised date (red) or due within N working days."""
    from banshi.cases.commands import due

    _store_faults(lambda: due(root, db, on, within, region, fmt))
