"""``banshi cases load | report | due``: what each command does, between the command line
(``banshi.cli``, which parses) and the store, the releases and the figures."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from banshi.cases import store
from banshi.cases.releases import history
from banshi.i18n import _
from banshi.problems import printable


def _store_path(db: Path | None) -> Path:
    return db if db is not None else store.default_path()


def load(paths: tuple[Path, ...], db: Path | None, root: Path) -> None:
    path = _store_path(db)
    store.refuse_inside_catalog(path)
    with history(root) as releases:
        for warning in releases.warnings:
            click.echo(f"banshi: {printable(warning)}", err=True)
        loaded = store.load(path, list(paths), [str(p) for p in paths], releases)
    order = {str(p): i for i, p in enumerate(paths)}
    for problem in sorted(loaded.problems, key=lambda p: (order.get(p.place.file, 0), p.place)):
        click.echo(problem.text())
    files_of: dict[tuple, list[str]] = {}
    for file, headers in loaded.dropped.items():
        files_of.setdefault(tuple(headers), []).append(file)
    for headers, where in files_of.items():
        shown = (
            where[0]
            if len(where) == 1
            else _("{file} and {more} more files").format(file=where[0], more=len(where) - 1)
        )
        message = _("{files}: columns not stored (spec §6 names the columns kept): {headers}")
        click.echo(
            "banshi: " + printable(message.format(files=shown, headers=", ".join(headers))),
            err=True,
        )
    if loaded.failed:
        errors = sum(p.severity == "error" for p in loaded.problems)
        click.echo(
            _("banshi: {count} problems; nothing was stored, {path} is as it was").format(
                count=errors, path=path
            ),
            err=True,
        )
        sys.exit(1)
    click.echo(
        _(
            "stored {cases} cases ({new} new) and {evaluations} evaluations ({evaluations_new} "
            "new) from {files} files in {path}"
        ).format(
            cases=loaded.stored["cases"],
            new=loaded.new["cases"],
            evaluations=loaded.stored["evaluations"],
            evaluations_new=loaded.new["evaluations"],
            files=len(paths),
            path=path,
        ),
        err=True,
    )


def report(root, db, first, last, region, by, fmt) -> None:
    from banshi.cases import figures
    from banshi.cases import report as out

    with history(root) as releases, store.opened(_store_path(db), write=False) as con:
        charts = ("month", "window") if fmt == "html" else ()
        data = figures.report(con, releases, figures.Period(first, last, region, by), charts)
    if fmt == "json":
        click.echo(out.as_json(data), nl=False)
    elif fmt == "html":
        click.echo(out.html(data, _templates(root)), nl=False)
    else:
        click.echo(out.text(data), nl=False)


def _templates(root: Path):
    """The catalog's templates (of the working tree, as load reads them) before Banshi's."""
    from banshi.emit.render import environment
    from banshi.load.source import templates

    return environment(templates(root))


def due(root, db, on, within, region, fmt) -> None:
    from banshi.cases import figures
    from banshi.cases import report as out

    with history(root) as releases, store.opened(_store_path(db), write=False) as con:
        data = figures.due(con, releases, on, within, region)
    render = {"json": out.as_json, "csv": out.due_csv}.get(fmt, out.due_text)
    click.echo(render(data), nl=False)
