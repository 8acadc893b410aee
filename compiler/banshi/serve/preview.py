"""The preview's builds: the site as ``banshi build`` makes it, made again after each edit.

Each build goes into a new folder of the preview's own (``build-1``, ``build-2``…, in a folder
outside the catalog root) and takes from the previous one every file whose inputs did not change
(``Output``'s earlier outputs, as a build into its previous output does): a guide is rendered
and built by MkDocs again only when what it shows changed. The server switches to a build's
site at once when it is complete, so a browser never sees half of one. Only what the site
shows is made (QR codes, pages, MkDocs, search), not the JSON a build publishes beside it.

Pagefind's index of the new site is made after the browser was told to reload: until it is
ready, the search of the previous build answers (a second or two, while its index is
rebuilt). The catalog's Jinja environment is kept while its templates stay the same, so they
are not compiled again for every edit.
"""

from __future__ import annotations

import os
import secrets
import shutil
import threading
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import unquote, urlsplit

from banshi.build import refuse_unsafe
from banshi.emit import Output, html, qr, search, site
from banshi.errors import BanshiError, CatalogHasErrors, UsageError
from banshi.i18n import _
from banshi.load import OutsideRoot, read_inside
from banshi.pipeline import Run, run
from banshi.problems import Problem, printable
from banshi.serve.page import MOST_SHOWN

STAGES = (("qr", qr.emit), ("site pages", site.emit), ("mkdocs", html.emit))


@dataclass(frozen=True)
class Shown:
    """What the server shows now. ``version`` changes whenever the pages do: a browser that
    showed another version reloads."""

    version: str
    prefix: str = "/"  # the URL path of the site: base_url's, as it will be published
    site: Path | None = None  # the last complete build's site, None before the first
    index: Path | None = None  # the site whose search index (pagefind/) is complete
    problems: tuple[Problem, ...] = ()  # the errors that stop the build: shown instead
    lines: dict = field(default_factory=dict)  # (file, line) → that line of the file, shown
    failure: str | None = None  # what else stopped the build, in words
    building: bool = False  # the first build is under way


@dataclass
class Outcome:
    """What one build found, for the terminal."""

    seconds: float = 0.0
    built: bool = False
    problems: list[Problem] = field(default_factory=list)  # errors and warnings
    failure: str | None = None
    usage: UsageError | None = None  # the command asked for what cannot be (--region)


class Preview:
    """The builds of one catalog root into ``folder``, and what the server shows of them."""

    def __init__(self, root: Path, folder: Path, region: str | None = None):
        self.root, self.folder, self.region = root, folder, region
        self.named: list[str] = []  # the files the materials name (forms), to watch
        self._changes = threading.Condition()
        self._token = secrets.token_hex(4)  # a restarted server is another version
        self._count = 0
        self.shown = Shown(self._version(), building=True)
        self._builds = 0
        self._current: Path | None = None  # the build folder the site is served from
        self._templates: tuple | None = None  # (what they were made from, the environment)

    def _version(self) -> str:
        return f"{self._token}-{self._count}"

    def _show(self, **changes) -> None:
        with self._changes:
            self._count += 1
            self.shown = replace(self.shown, version=self._version(), building=False, **changes)
            self._changes.notify_all()

    def wait(self, version: str, timeout: float) -> str:
        """The version shown once it is not ``version`` any more, or after ``timeout`` s."""
        with self._changes:
            self._changes.wait_for(lambda: self.shown.version != version, timeout)
            return self.shown.version

    def build(self) -> Outcome:
        """Validate and build; show the new site, or what stopped it. A catalog with errors
        keeps the last site's files for later builds to take from, but shows the errors."""
        start = time.perf_counter()
        outcome = Outcome()
        made = self._made(outcome)
        if made is not None:
            self._site(made, outcome)
        outcome.seconds = time.perf_counter() - start
        return outcome

    def _made(self, outcome: Outcome) -> Run | None:
        try:
            made = run(self.root, None, self.region)
        except CatalogHasErrors as error:
            self.named = error.validation.catalog.form_names()
            outcome.problems = list(error.validation.problems)
            errors = tuple(error.validation.errors)
            self._show(problems=errors, lines=self._lines(errors), failure=None)
            return None
        except BanshiError as error:  # no catalog root any more, a region gone: in words
            if isinstance(error, UsageError):
                outcome.usage = error
            self._fail(outcome, printable(str(error)))
            return None
        self.named = made.validation.catalog.form_names()
        outcome.problems = list(made.validation.problems)
        return made

    def _lines(self, problems: tuple[Problem, ...]) -> dict[tuple[str, int], str]:
        """The line of its file each problem shown is at, as the file is now."""
        texts: dict[str, list[str]] = {}
        found = {}
        for problem in problems[:MOST_SHOWN]:
            if problem.file not in texts:
                try:
                    raw = read_inside(self.root, problem.file)
                except (OSError, OutsideRoot):
                    raw = b""
                texts[problem.file] = raw.decode("utf-8", "replace").splitlines()
            lines = texts[problem.file]
            if 0 < problem.line <= len(lines):
                found[problem.file, problem.line] = lines[problem.line - 1]
        return found

    def _fail(self, outcome: Outcome, failure: str) -> None:
        outcome.failure = failure
        self._show(problems=(), failure=failure)

    def _site(self, made: Run, outcome: Outcome) -> None:
        self._builds += 1
        target = self.folder / f"build-{self._builds}"
        refuse_unsafe(target, self.root)
        earlier = [self._current] if self._current else []
        try:
            with Output(target, earlier=earlier).writing() as output:
                env = self._environment(made)
                for _label, emit in STAGES:
                    emit(made.compiled, output, env)
        except BanshiError as error:  # MkDocs refused the site, the disk is full
            self._fail(outcome, printable(str(error)))
            return
        except Exception as error:  # noqa: BLE001 - a catalog template's fault, or ours
            located = _template_problem(error)
            if located is None and os.environ.get("BANSHI_DEBUG"):
                raise
            self._fail(outcome, located or _internal(error))
            return
        self._current = target
        outcome.built = True
        prefix = unquote(urlsplit(made.compiled.info.base_url).path) or "/"
        self._show(site=target / "site", prefix=prefix, problems=(), failure=None)

    def _environment(self, made: Run):
        """The Jinja environment, kept from the last build while the templates are the same."""
        source = made.source
        inputs = (
            sorted((name, file.digest) for name, file in source.templates.items()),
            sorted((name, aim) for name, aim in source.links.items()),
        )
        if self._templates is None or self._templates[0] != inputs:
            self._templates = (inputs, made.templates())
        return self._templates[1]

    def index(self) -> str | None:
        """Make the search index of the site shown (after the browser reloaded), then remove
        the builds before it. What stopped Pagefind, if it failed."""
        shown = self.shown.site
        if shown is None or shown == self.shown.index:
            return None
        failure = None
        try:
            search.index_for_search(shown)
        except BanshiError as error:
            failure = printable(str(error))
            with self._changes:
                self.shown = replace(self.shown, index=None)
        else:
            with self._changes:
                self.shown = replace(self.shown, index=shown)
        self._remove_before(shown.parent)
        return failure

    def _remove_before(self, kept: Path) -> None:
        """Remove every build but ``kept``, out of the way of the next build."""
        old = [p for p in self.folder.glob("build-*") if p.is_dir() and p != kept]
        if old:
            threading.Thread(
                target=lambda: [shutil.rmtree(p, ignore_errors=True) for p in old],
                name="banshi serve: removing old builds",
                daemon=True,
            ).start()


def _template_problem(error: Exception) -> str | None:
    """A fault of a catalog template, at its line (``banshi.emit.render``)."""
    from banshi.emit.render import template_problem

    return template_problem(error)


def _internal(error: Exception) -> str:
    """An error of Banshi's own, in one line: the server goes on, and BANSHI_DEBUG=1 shows
    the traceback (and stops it)."""
    return _(
        "internal error: {kind}: {message}; please report it with the catalog that caused it "
        "(BANSHI_DEBUG=1 shows the traceback)"
    ).format(kind=type(error).__name__, message=printable(str(error)))
