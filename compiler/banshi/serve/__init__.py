"""``banshi serve``: the maintainer's preview of the site, rebuilt and reloaded on every edit.

Like ``mkdocs serve``: the site is built (``banshi.serve.preview``) into a temporary folder of
its own, never into the catalog root, and served on 127.0.0.1 only (``banshi.serve.server``).
The catalog's files are watched (``banshi.serve.watch``); after an edit the catalog is validated
again (the validation cache is warm, so only what changed is checked), the pages whose inputs
changed are made again, and every open page reloads. While the catalog has errors, the pages
show them, each at its ``path:line:col``. Ctrl+C stops the server and removes the folder.
"""

from __future__ import annotations

import errno
import os
import shutil
import signal
import tempfile
import threading
from collections.abc import Callable
from pathlib import Path

from banshi.errors import UsageError
from banshi.i18n import _
from banshi.load import FOLDERS, check_root, is_yaml
from banshi.problems import ERROR
from banshi.serve.preview import Outcome, Preview
from banshi.serve.server import HOST, Server, handler, listen
from banshi.serve.watch import Watcher

MEMORY = "/dev/shm"  # Linux's file system in memory
SITE_PER_CATALOG_BYTE = 400
MOST_NAMED = 3  # changed files named in the terminal; the rest are counted


def _listening(port: int) -> Server:
    try:
        return listen(port)
    except OSError as error:
        if error.errno in (errno.EADDRINUSE, errno.EACCES):
            raise UsageError(
                _("--port {port}: the port is in use or not allowed; choose another").format(
                    port=port
                )
            ) from None
        raise


def _catalog_bytes(root: Path) -> int:
    """The size of the catalog's YAML, what its site's size follows."""
    return sum(
        os.lstat(os.path.join(folder, name)).st_size
        for top in FOLDERS
        for folder, _, names in os.walk(root / top)
        for name in names
        if is_yaml(name)
    )


def _in_memory(root: Path) -> str | None:
    """``/dev/shm`` when it has room for two builds of this catalog and no ``TMPDIR`` names
    another place, else None.

    A build makes a folder for every page and links every file it keeps (7,500 links and 3,500
    folders for a county); in memory that takes milliseconds, on a busy disk a second or more
    of every rebuild. A site weighs at most ``SITE_PER_CATALOG_BYTE`` times its catalog's YAML
    (a county 50, a province's implementation lists 300), so a province, unless it has the
    memory, is built on disk."""
    if os.environ.get("TMPDIR"):
        return None
    try:
        free = shutil.disk_usage(MEMORY).free
    except OSError:
        return None
    if not os.access(MEMORY, os.W_OK | os.X_OK):
        return None
    return MEMORY if free >= 2 * SITE_PER_CATALOG_BYTE * _catalog_bytes(root) else None


def _own_folder(root: Path) -> Path:
    """A new temporary folder for the builds, outside the catalog root: in memory where there
    is room (``_in_memory``), else in the temporary folder (``TMPDIR``)."""
    folder = Path(tempfile.mkdtemp(prefix="banshi-serve-", dir=_in_memory(root)))
    if folder.resolve().is_relative_to(root.resolve()):
        folder.rmdir()
        raise UsageError(
            _(
                "the temporary folder {folder} is inside the catalog root; set TMPDIR to a "
                "folder outside it"
            ).format(folder=folder.parent)
        )
    return folder


def _stop_on_terminate() -> None:
    """SIGTERM stops the server as Ctrl+C does: the builds' folder is removed."""

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, interrupt)


def serve(root: Path, port: int, region: str | None, say: Callable[[str], None]) -> None:
    """Serve the site of ``root`` until interrupted; ``say`` writes a line for the user."""
    check_root(root)
    server = _listening(port)
    folder = None
    try:
        folder = _own_folder(root)
        preview = Preview(root, folder, region)
        server.RequestHandlerClass = handler(preview, server.server_address[1])
        threading.Thread(target=server.serve_forever, name="banshi serve", daemon=True).start()
        _stop_on_terminate()
        _watch(preview, Watcher(root), server.server_address[1], say)
    except KeyboardInterrupt:
        say(_("stopped"))
    finally:
        server.shutdown()
        server.server_close()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def _watch(preview: Preview, watcher: Watcher, port: int, say) -> None:
    say(_("building the site of {root}").format(root=preview.root))
    first = preview.build()
    if first.usage is not None:
        raise first.usage
    _report(first, say)
    url = f"http://{HOST}:{port}{preview.shown.prefix}"
    say(_("serving at {url} (on this machine only; Ctrl+C stops)").format(url=url))
    while True:
        _index(preview, say)
        watcher.watch_named(preview.named)
        changed = watcher.wait()
        say(_changed(changed))
        _report(preview.build(), say)


def _index(preview: Preview, say) -> None:
    failure = preview.index()
    if failure:
        say(_("the site's search could not be indexed: {failure}").format(failure=failure))


def _changed(paths: list[str]) -> str:
    named = ", ".join(paths[:MOST_NAMED])
    if len(paths) > MOST_NAMED:
        return _("changed: {files} and {more} more").format(
            files=named, more=len(paths) - MOST_NAMED
        )
    return _("changed: {files}").format(files=named)


def _report(outcome: Outcome, say) -> None:
    errors = [p for p in outcome.problems if p.severity == ERROR]
    warnings = len(outcome.problems) - len(errors)
    for problem in errors:
        say(problem.text())
    if outcome.built:
        say(_("site updated in {seconds:.1f} s").format(seconds=outcome.seconds))
        if warnings:
            say(_("{warnings} warnings: banshi validate lists them").format(warnings=warnings))
    elif errors:
        say(
            _("{errors} errors: the site was not updated; its pages show them").format(
                errors=len(errors)
            )
        )
    elif outcome.failure:
        say(_("the site could not be built: {failure}").format(failure=outcome.failure))
