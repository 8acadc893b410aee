"""The ``banshi`` command line (click). Exit codes: 0 clean, 1 problems, 2 usage."""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path

import click

from banshi.emit.output import WRITE_FAULTS, CannotWrite
from banshi.errors import BanshiError, CatalogHasErrors, RequestError
from banshi.help import Group
from banshi.i18n import _
from banshi.load import KINDS
from banshi.model import LEVELS
from banshi.papers.law import GROUNDS
from banshi.papers.request import KINDS as PAPER_KINDS
from banshi.problems import as_json_report, github_annotation, printable

ROOT = click.argument(
    "root", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)


def _fault(error: OSError) -> str:
    """A fault of the file system in one line: the path and the OS's own words."""
    if isinstance(error, CannotWrite) or not error.filename:
        return str(error)
    return f"{error.filename}: {error.strerror}"


class _Group(Group):
    """Maps what stops a command to its exit status, in one place: a ``BanshiError`` says what
    the user can fix (exit 1 or 2), and anything unexpected is one line on stderr (exit 3):
    users never see a traceback."""

    def invoke(self, ctx):
        try:
            try:
                return super().invoke(ctx)
            finally:
                sys.stdout.flush()  # a reader that stopped early (| head) shows here, not at exit
        except BrokenPipeError:
            raise  # click's main then ends quietly, as other commands do when their reader goes
        except CatalogHasErrors as error:
            _report(error.validation.problems, "text")
            click.echo(_("banshi: {error}; nothing was written").format(error=error), err=True)
            ctx.exit(error.exit_code)
        except RequestError as error:  # a value given on the command line: name its flag
            flag = "--" + error.field.replace("_", "-")
            raise click.BadParameter(str(error), param_hint=flag) from None
        except BanshiError as error:
            click.echo(f"banshi: {_shown(error)}", err=True)
            ctx.exit(error.exit_code)
        except KeyboardInterrupt:
            click.echo(_("banshi: interrupted; nothing was written"), err=True)
            ctx.exit(130)
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
            click.echo(
                _("banshi: an error in the catalog's templates; nothing was written"), err=True
            )
            ctx.exit(1)
        if os.environ.get("BANSHI_DEBUG"):
            raise error
        click.echo(
            _(
                "banshi: internal error: {kind}: {error}\n"
                "Please report it with the catalog that caused it "
                "(BANSHI_DEBUG=1 shows the traceback)."
            ).format(kind=type(error).__name__, error=printable(str(error))),
            err=True,
        )
        ctx.exit(3)


def _shown(error: BanshiError) -> str:
    """An error's message and its notes, every line printable (MkDocs' log may hold control
    characters)."""
    lines = [*str(error).split("\n"), *getattr(error, "__notes__", ())]
    return "\n".join(map(printable, lines))


def _template_problem(error: Exception) -> str | None:
    if "jinja2" not in sys.modules:  # no template was rendered: no template error
        return None
    from banshi.emit.render import template_problem

    return template_problem(error)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="banshi", prog_name="banshi")
def main():
    """办事 Banshi: validate and compile a government service catalog."""


def _report(problems, fmt: str, root: Path = Path(".")) -> None:
    """Problems in the format asked for; ``root`` places their files for CI tools."""
    if fmt == "json":
        click.echo(as_json_report(problems), nl=False)
        return
    if fmt in ("sarif", "gitlab"):
        from banshi.reports import gitlab_report, sarif_report

        report = sarif_report if fmt == "sarif" else gitlab_report
        click.echo(report(problems, lambda file: _shown_path(root, file)), nl=False)
        return
    if fmt == "github":
        lines = [github_annotation(p, _shown_path(root, p.file)) for p in problems]
    else:
        lines = [problem.text() for problem in problems]
    if lines:  # one write: a province's thousands of warnings, echoed one by one, cost more
        click.echo("\n".join(lines))


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
    from banshi.pipeline import validated

    result = validated(root).validation
    _report(result.problems, fmt, root)
    errors = len(result.errors)
    warnings = len(result.problems) - errors
    if fmt == "text":
        catalog = result.catalog
        click.echo(
            _(
                "{errors} errors, {warnings} warnings; {items} items, {handling} handling "
                "items, {entries} implementation entries"
            ).format(
                errors=errors,
                warnings=warnings,
                items=len(catalog.items),
                handling=len(catalog.handling),
                entries=len(catalog.implementations),
            ),
            err=True,
        )
    sys.exit(1 if result.failed(strict) else 0)


@main.command(name="init")
@click.argument(
    "folder", default=".", type=click.Path(file_okay=False, path_type=Path), required=False
)
@click.option("--region", "code", required=True, help="the region's code, such as 410526")
@click.option("--name", "name", required=True, help="the region's name, such as 示例县")
def init_root(folder: Path, code: str, name: str):
    """A new catalog root for one region in FOLDER (new or empty; default .): the smallest
    catalog that validates and builds, with comments that say what to fill in."""
    import datetime

    from banshi.init import InitRefused, init, region_of

    try:
        files = init(folder, region_of(code, name), datetime.date.today())
    except InitRefused as error:
        raise click.UsageError(str(error)) from None
    click.echo(
        _(
            "wrote a catalog of {count} files for {name} into {folder}; "
            "next: banshi validate {folder}, then banshi build {folder}"
        ).format(count=len(files), name=name.strip(), folder=folder),
        err=True,
    )


@main.command()
@ROOT
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=8000,
    show_default=True,
    help="the port on 127.0.0.1 (0: any free port)",
)
@click.option("--region", help="preview one shard: region R and the regions below it")
def serve(root: Path, port: int, region: str | None):
    """Preview the site on this machine, rebuilt and reloaded in the browser on every edit.

    The site is built into a temporary folder (never into ROOT) and served on 127.0.0.1 only.
    While the catalog has errors, its pages show them, each at its path:line:col."""
    from banshi.serve import serve as run

    run(root, port, region, lambda line: click.echo(printable(line), err=True))


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
    from banshi.editor import (
        SettingsUnreadable,
        ThroughALink,
        plain_folder,
        write_new,
        write_vscode_settings,
    )
    from banshi.validate.schema import schema_text

    try:
        folder = plain_folder(out)
        for kind in KINDS:
            write_new(folder / f"{kind}.schema.json", schema_text(kind))
        click.echo(_("wrote {count} schemas to {out}").format(count=len(KINDS), out=out), err=True)
        if vscode:
            settings = write_vscode_settings(out, Path.cwd())
            click.echo(_("mapped them in {settings}").format(settings=settings), err=True)
    except ThroughALink as error:
        raise click.UsageError(printable(str(error))) from None
    except SettingsUnreadable as error:
        click.echo(f"banshi: {printable(str(error))}", err=True)
        sys.exit(1)


@main.command(name="rules")
def list_rules():
    """List the semantic rules with their default severity."""
    from banshi.rules import registry

    for rule in registry().values():
        click.echo(f"{rule.id:34} {rule.severity:8} {rule.summary}")


def _iso_date(ctx, param, value):
    if value is None:
        return None
    import datetime

    try:
        return datetime.date.fromisoformat(value).isoformat()
    except ValueError:
        raise click.BadParameter(
            _("{value} is not a date written YYYY-MM-DD").format(value=value)
        ) from None


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
    from banshi.build import build as run

    out = out or root / "dist"
    if down_to and not region:
        raise click.UsageError("--down-to needs --region")
    if shards and region:
        raise click.UsageError("--combine makes the whole build: it takes no --region")
    with contextlib.ExitStack() as stack:
        before = _compiled_at(previous, root, stack) if previous else None
        stack.enter_context(_untouched(out))
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
    said = (
        _(
            "built {handling} handling items, {guides} guides into {out}; took {reused} files "
            "made alike before"
        )
        if built.reused
        else _("built {handling} handling items, {guides} guides into {out}")
    )
    shown = said.format(
        handling=built.handling_items, guides=built.guides, out=out, reused=built.reused
    )
    click.echo(shown, err=True)
    if timings:
        for label, seconds in built.timings.items():
            click.echo(f"{label:12} {seconds:8.2f} s", err=True)


@contextlib.contextmanager
def _untouched(out: Path):
    """What a build that the shards or MkDocs stopped says of its output folder."""
    from banshi.combine import ShardsDisagree
    from banshi.emit.html import SiteError

    try:
        yield
    except (ShardsDisagree, SiteError) as error:
        error.add_note(_("nothing was written; {out} is as it was").format(out=out))
        raise


@main.command()
@click.argument("code")
@ROOT
@click.option("--region", required=True, help="region code where the applicant applies")
@click.option(
    "--kind",
    "kind",
    type=click.Choice(PAPER_KINDS),
    default=None,
    help="the paper: inform 一次性告知单, correct 补正告知书, accept 受理通知书 (收件回执 at a "
    "代办 or 受理转报 window), defer 容缺受理书, refuse 不予受理, extend 延期办结告知书, proxy "
    "代办委托书, approve 准予…决定书, deny 不予…决定书 [default: inform, or correct with "
    "--submitted]",
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
    help="the day the file was handed in (a Sunday too): 受理, 办结 and every other date count "
    "from the day after it",
)
@click.option(
    "--issued",
    callback=_iso_date,
    help="the paper's own date (落款日期): a 补正 notice's, an extension's, a decision's "
    "[default: --date]",
)
@click.option("--applicant", help="the applicant's name, printed on the paper")
@click.option("--reason", help="why: a refusal's, a denial's or an extension's reason")
@click.option(
    "--ground",
    type=click.Choice(GROUNDS),
    help="a refusal's ground: not-required (no licence needed), not-competent (another organ's, "
    "with --refer-to), other (an item that is not a 行政许可)",
)
@click.option("--refer-to", "refer_to", help="a refusal: the organ the applicant applies to")
@click.option("--until", callback=_iso_date, help="an extension: the new 办结 date")
@click.option("--number", help="the paper's number (编号), as the window's register gives it")
@click.option("--as-of", "as_of", callback=_iso_date, help="the catalog as in force that day")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["html", "md", "json", "text"]),
    default=None,
    help="html (printable A4), md, json or text [default: text on a terminal, else html]",
)
def notice(code, root, region, kind, answers, submitted, fmt, as_of, **asked):
    """A window's paper for handling item CODE at a region, for these answers.

    CODE may also be a 一件事 bundle id: one paper for the whole bundle, at its lead's window.
    The clerk's notes (questions not answered, dates counted without the official calendar)
    go to stderr, never onto the applicant's paper."""
    from banshi.emit.papers import render
    from banshi.emit.qr import url
    from banshi.emit.urls import guide_doc
    from banshi.papers.make import paper
    from banshi.papers.request import Request, guide_for, parse_answer
    from banshi.pipeline import run

    made = run(root, as_of)
    compiled = made.compiled
    guide = guide_for(compiled, code, region)
    request = Request(
        kind=kind or ("correct" if submitted else "inform"),
        answers=dict(parse_answer(guide, text) for text in answers),
        submitted=tuple(submitted) if submitted else None,
        **asked,
    )
    made_paper = paper(guide, compiled.work_calendar(), request, compiled.correction_days)
    for note in made_paper.warnings:
        click.echo(f"banshi: {printable(note)}", err=True)
    fmt = fmt or ("text" if sys.stdout.isatty() else "html")
    guide_url = url(compiled, guide_doc(guide.code, guide.region_code))
    click.echo(render(made_paper, fmt, made.templates(), guide_url), nl=False)


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
    from banshi.build import refuse_unsafe
    from banshi.emit import Output
    from banshi.emit.hall import emit
    from banshi.pipeline import run
    from banshi.resolve.hall import hall as hall_of

    made = run(root, as_of)
    printed = hall_of(made.compiled, region)
    refuse_unsafe(out.resolve(), root)
    with Output(out).writing() as output:
        emit(made.compiled, printed, output, made.templates(), pdf)
    click.echo(
        _("wrote the printed matter of {region} ({windows} windows) into {out}").format(
            region=printed.region.name, windows=len(printed.windows), out=out
        ),
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
    from banshi.pipeline import run

    compiled = run(root, as_of).compiled
    if bundle not in compiled.bundles:
        click.echo(
            _("banshi: no bundle {bundle}; bundles: {bundles}").format(
                bundle=bundle, bundles=_(", ").join(compiled.bundles) or _("none")
            ),
            err=True,
        )
        sys.exit(2)
    click.echo(render(compiled.bundles[bundle], fmt), nl=False)


def _compiled_at(spec: str, root: Path, stack):
    """The catalog at a folder or git revision, validated and resolved at its release date."""
    from banshi.load.revision import catalog_at
    from banshi.pipeline import run

    folder = stack.enter_context(catalog_at(spec, root))
    try:
        return run(folder).compiled
    except CatalogHasErrors as error:
        for problem in error.validation.errors:
            click.echo(f"{spec}: {problem.text()}", err=True)
        errors = len(error.validation.errors)
        click.echo(
            _("banshi: {spec} has {errors} errors; fix them to compare").format(
                spec=spec, errors=errors
            ),
            err=True,
        )
        sys.exit(1)


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
    from banshi.emit.changes import render
    from banshi.emit.render import environment
    from banshi.load.source import templates
    from banshi.resolve.changes import compare

    with contextlib.ExitStack() as stack:
        report = compare(_compiled_at(old, root, stack), _compiled_at(new, root, stack))
    click.echo(render(report, fmt, environment(templates(root))), nl=False)


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
    from banshi.pipeline import run
    from banshi.resolve.stats import stats as compute
    from banshi.resolve.stats import text

    compiled = run(root, as_of).compiled
    if region is not None and region not in compiled.regions:
        raise click.BadParameter(
            _("{region} is not a region of this catalog").format(region=region),
            param_hint="--region",
        )
    data = compute(compiled, region)
    click.echo(dumps(data) if fmt == "json" else text(data), nl=False)


def _needs_excel(command: str, *modules: str) -> None:
    """Exit 2 with the install command when the optional Excel libraries are missing."""
    import importlib.util

    def found(module: str) -> bool:
        try:
            return importlib.util.find_spec(module) is not None
        except ModuleNotFoundError:  # ruamel.yaml without ruamel
            return False

    if not all(map(found, modules)):
        said = _(
            "banshi: {command} needs the excel extra (python-calamine, xlsxwriter, ruamel.yaml, "
            "merge3); install it with\n"
            "  pip install 'banshi[excel]'   (in a checkout: pip install -e '.[excel]')"
        )
        click.echo(said.format(command=command), err=True)
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
        raise click.BadParameter(_("{out} must end in .xlsx").format(out=out), param_hint="--out")
    result = export(root, out)
    if result.problems:
        _report(result.problems, "text", root)
        click.echo(
            _("banshi: {count} problems; nothing was written").format(count=len(result.problems)),
            err=True,
        )
        sys.exit(1)
    for left_out in result.left_out:
        said = _("banshi: not exported, no column holds it: {value}")
        click.echo(said.format(value=printable(left_out)), err=True)
    counts = _(", ").join(
        _("{sheet} {count} rows").format(sheet=name, count=count)
        for name, count in result.rows.items()
    )
    click.echo(_("wrote {out}: {counts}").format(out=out, counts=counts), err=True)


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
    _needs_excel("import", "python_calamine", "ruamel.yaml", "merge3")
    from banshi.pipeline import validated
    from banshi.workbook.read import FORMATS, read_workbook
    from banshi.workbook.target import TargetRefused, at_cell, check_target, unwritable, write

    if workbook.suffix.lower() not in FORMATS:
        said = _("{workbook} is not a workbook: its name ends in one of {formats}")
        raise click.BadParameter(
            said.format(workbook=workbook, formats=", ".join(FORMATS)), param_hint="WORKBOOK"
        )
    root = root or Path(workbook.stem)
    shown = str(workbook)
    try:
        check_target(root, force)
        imported = read_workbook(workbook, shown)
        imported.problems.extend(unwritable(root, imported, shown))
        for problem in imported.problems:
            click.echo(problem.text())
        if any(p.severity == "error" for p in imported.problems):
            click.echo(
                _("banshi: {workbook} has problems; nothing was written").format(workbook=shown),
                err=True,
            )
            sys.exit(1)
        written = write(root, imported, shown)
    except TargetRefused as error:
        click.echo(f"banshi: {error}", err=True)
        sys.exit(2)
    for file in written.kept:
        said = _("banshi: {file} was kept as it was (the workbook does not hold it)")
        click.echo(said.format(file=file), err=True)
    result = validated(root).validation
    for problem in result.problems:
        located = at_cell(problem, imported, shown)
        click.echo(located.text() if located else problem.text())
    click.echo(
        _(
            "wrote {changed} of the workbook's {files} files into {root}; {errors} errors, "
            "{warnings} warnings"
        ).format(
            changed=len(written.changed),
            files=len(imported.files),
            root=root,
            errors=len(result.errors),
            warnings=len(result.problems) - len(result.errors),
        ),
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

    load(files, db, root)


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
    report(root, db, first, last, region, by, fmt)


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

    due(root, db, on, within, region, fmt)
