"""Which release of the catalog was in force on a day, read from the catalog's git history.

A release is a commit with a new ``version`` (and its ``released`` date) in
``catalog/catalog.yaml`` (README, "Releases"); a tag named after the version, when it is in the
history, marks the release instead (a fix after the release moves the tag). A release is in
force from its ``released`` date to the day before the next one's. Within a release, items come
into and go out of force on their ``effective`` and ``expires`` dates, so each case is measured
against the release in force on the day it was accepted, resolved on that day: a new release
mid-year never re-judges the cases accepted before it.

Only committed releases count: what is changed in the working tree and not committed is not in
force anywhere (a warning says so). A catalog root outside git is one release, the folder as it
is, in force on every day.
"""

from __future__ import annotations

import bisect
import contextlib
import datetime
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from banshi.cases import cache
from banshi.cases.catalog import CatalogView, ReleaseUnusable, view
from banshi.i18n import _
from banshi.load.revision import catalog_at, repository_prefix, run_git

CATALOG_FILE = "catalog/catalog.yaml"
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@dataclass(frozen=True)
class Release:
    version: str
    released: str  # ISO date
    revision: str | None  # the commit; None for the folder as it is (a root outside git)


@dataclass
class History:
    """The releases of a catalog root in the order they came into force. A release's folder
    (a revision written out by ``catalog_at``) lives as long as the history's ``with`` block."""

    root: Path
    releases: list[Release]
    warnings: list[str] = field(default_factory=list)
    _folders: contextlib.ExitStack = field(default_factory=contextlib.ExitStack, repr=False)
    _views: dict = field(default_factory=dict, repr=False)

    def in_force(self, day: str) -> int:
        """The index of the release in force on ``day``; the first release for a day before it
        (the report says so: ``before_first``)."""
        starts = [r.released for r in self.releases]
        return max(bisect.bisect_right(starts, day) - 1, 0)

    def before_first(self, day: str) -> bool:
        return day < self.releases[0].released

    def until(self, index: int) -> str | None:
        """The day the next release comes into force (None for the last)."""
        following = index + 1
        return self.releases[following].released if following < len(self.releases) else None

    def view(self, index: int) -> CatalogView:
        """Release ``index``, validated (``ReleaseUnusable`` when it does not validate)."""
        if index not in self._views:
            self._views[index] = self._view_of(self.releases[index])
        found = self._views[index]
        if isinstance(found, ReleaseUnusable):
            raise found
        return found

    def _view_of(self, release: Release) -> CatalogView | ReleaseUnusable:
        """A commit as the cache kept it, else validated (in a temporary folder: no validation
        cache to keep) and resolved, then kept."""
        try:
            if release.revision is None:
                return view(self.root)
            kept = cache.read(self.root, release.revision)
            if kept is not None:
                return kept
            folder = self._folders.enter_context(catalog_at(release.revision, self.root))
            found = view(folder, use_cache=False)
            cache.write(self.root, release.revision, found)
            return found
        except ReleaseUnusable as unusable:
            return unusable


def _text(root: Path, *args: str) -> str | None:
    done = run_git(root, *args)
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else None


def _release_of(root: Path, prefix: str, commit: str) -> tuple[str, str] | None:
    """(version, released) of the catalog at a commit; None when it cannot be read."""
    path = CATALOG_FILE if prefix == "." else f"{prefix}/{CATALOG_FILE}"
    text = _text(root, "show", f"{commit}:{path}")
    try:
        data = yaml.load(text, Loader=_Loader) if text is not None else None
    except yaml.YAMLError:
        return None
    if not isinstance(data, dict) or "version" not in data:
        return None
    released = data.get("released")
    if isinstance(released, datetime.date):
        released = released.isoformat()
    if not isinstance(released, str):
        return None
    try:
        datetime.date.fromisoformat(released)
    except ValueError:
        return None
    return str(data["version"]), released


def _tagged(root: Path, prefix: str, version: str) -> str | None:
    """The commit the tag named ``version`` marks, if it is in HEAD's history and its catalog
    has that version."""
    commit = _text(root, "rev-parse", "--verify", "--quiet", f"refs/tags/{version}^{{commit}}")
    if not commit:
        return None
    commit = commit.strip()
    if run_git(root, "merge-base", "--is-ancestor", commit, "HEAD").returncode != 0:
        return None
    found = _release_of(root, prefix, commit)
    return commit if found and found[0] == version else None


@contextlib.contextmanager
def history(root: Path) -> Iterator[History]:
    """The releases of the catalog at ``root``, from its git history."""
    found = _history(root)
    with found._folders:
        yield found


def _history(root: Path) -> History:
    prefix = repository_prefix(root)
    commits = (
        _text(root, "log", "--first-parent", "--reverse", "--format=%H", "--", CATALOG_FILE)
        if prefix is not None
        else None
    )
    if not commits:
        return _folder(root, _not_in_git(root, prefix))
    releases, last_version = [], None
    for commit in commits.split():
        found = _release_of(root, prefix, commit)
        if found is None or found[0] == last_version:
            continue
        version, released = found
        last_version = version
        releases.append(Release(version, released, _tagged(root, prefix, version) or commit))
    releases.sort(key=lambda r: r.released)  # stable: the later commit wins a tie
    # two releases dated the same day: the later commit is the one in force
    following = [*releases[1:], None]
    kept = [r for r, after in zip(releases, following) if not _same_day(r, after)]
    return History(root, kept, _uncommitted(root))


def _same_day(release: Release, following: Release | None) -> bool:
    return following is not None and following.released == release.released


def _folder(root: Path, warnings: list[str]) -> History:
    """One release, the folder as it is (validated now: its version and date are its own)."""
    try:
        found = view(root)
    except ReleaseUnusable as unusable:
        found = unusable
    if isinstance(found, ReleaseUnusable):
        release = Release("", "0001-01-01", None)
    else:
        release = Release(found.version, found.released, None)
    return History(root, [release], warnings, _views={0: found})


def _not_in_git(root: Path, prefix: str | None) -> list[str]:
    where = _("it is not in a git repository") if prefix is None else _("git has no commit of it")
    return [
        _(
            "{root}: {where}, so one release (the folder as it is) measures every case; commit "
            "each release to measure each case against the release in force when it was accepted"
        ).format(root=root, where=where)
    ]


def _uncommitted(root: Path) -> list[str]:
    changed = _text(root, "status", "--porcelain", "--", "catalog", "rules")
    if not changed:
        return []
    return [
        _("{root}: changes that are not committed are not used: releases are commits").format(
            root=root
        )
    ]
