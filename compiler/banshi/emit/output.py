"""The folder a build writes: made beside the target, swapped in whole when every emitter is done.

``--out`` names a folder that is replaced whole, so what it may name is narrow: a folder that is
empty or that a build wrote (it holds the mark, ``.banshi-output``), never the catalog root, a
folder holding it, or anything inside its sources. Builds into one folder take turns (a lock
beside it), the finished folder takes the target's place in one step (``renameat2`` with
``RENAME_EXCHANGE`` on Linux), and a build killed half-way leaves a marked temporary folder that
the next build removes. A full or read-only disk is a ``CannotWrite``: a problem to report.

A build into a folder that holds a previous build reuses it: a file written with the bytes the
previous build wrote there is linked (the same inode, the same modification time, nothing
rewritten), and a file made from a key (``reuse``: what a page was rendered from) is linked
without being made again when the previous build made it from the same key. The previous
output is never written through: a link is only ever made to a new name.
"""

from __future__ import annotations

import contextlib
import ctypes
import errno
import fcntl
import hashlib
import json
import os
import secrets
import shutil
import stat
from pathlib import Path

import click

from banshi.errors import BanshiError, UsageError
from banshi.i18n import _

MARK = ".banshi-output"
KEYS = ".banshi-keys"  # what each keyed file was made from, for the next build to reuse
_MARK_TEXT = "Written by banshi build: the next build into this folder replaces it whole.\n"
# What a build wrote before folders were marked: these names and nothing else.
_UNMARKED_LAYOUT = {"json", "qr", "site", "site-src", ".banshi-keys"}
# Faults of the file system, not of Banshi: reported with the path, never as an internal error.
WRITE_FAULTS = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM})

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2
# The most Banshi reads back of a file it wrote earlier (``.banshi-keys``, a shard's
# ``json/manifest.json``): several times what a province's build writes (about 10 MB), far
# below what would exhaust the runner.
MAX_OWN_BYTES = 64 << 20


class OutputRefused(UsageError):
    """``--out`` names a folder a build must not replace (a usage error, exit 2)."""


class CannotWrite(BanshiError, OSError):
    """The file system refused a write (full, read-only, no permission): a problem, exit 1."""

    def __str__(self) -> str:
        return _("cannot write {path}: {reason}").format(path=self.filename, reason=self._reason())

    def _reason(self) -> str:
        """The fault in the user's language; the system's own words for any other."""
        reasons = {
            errno.ENOSPC: _("the disk is full"),
            errno.EDQUOT: _("the disk quota is used up"),
            errno.EROFS: _("the file system is read-only"),
            errno.EACCES: _("permission denied"),
            errno.EPERM: _("permission denied"),
        }
        return reasons.get(self.errno, self.strerror)


def dumps(data, compact: bool = False) -> str:
    """JSON as the outputs write it: stable, UTF-8, one trailing newline; indented for people,
    compact for the compiled files (indenting makes Python's encoder several times slower)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


@contextlib.contextmanager
def _writing(path: Path):
    """Turn a fault of the file system while writing ``path`` into a ``CannotWrite``."""
    try:
        yield
    except CannotWrite:
        raise
    except OSError as error:
        if error.errno not in WRITE_FAULTS:
            raise
        raise CannotWrite(error.errno, error.strerror, str(error.filename or path)) from error


def read_own(top: Path, relative: str) -> bytes | None:
    """The bytes of ``top/relative``, a file Banshi wrote in an earlier output, or None when
    it is anything else: reached through a link (each folder on the way and the file are
    opened without following one), not a regular file (a FIFO would hang the build, a device
    such as /dev/zero exhaust its memory), or larger than ``MAX_OWN_BYTES``. An earlier output
    may have been handed over by anyone: what is odd in it is not ours."""
    *folders, name = relative.split("/")
    try:
        fd = os.open(top, os.O_RDONLY | os.O_DIRECTORY)
    except OSError:
        return None
    try:
        for folder in folders:
            child = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=fd)
            os.close(fd)
            fd = child
        child = os.open(name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK, dir_fd=fd)
        os.close(fd)
        fd = child
        found = os.fstat(fd)
        if not stat.S_ISREG(found.st_mode) or found.st_size > MAX_OWN_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as file:
            data = file.read(MAX_OWN_BYTES + 1)
        return data if len(data) <= MAX_OWN_BYTES else None
    except OSError:
        return None
    finally:
        os.close(fd)


def own_json(top: Path, relative: str):
    """The JSON of a file Banshi wrote earlier (``read_own``), or None when it is not ours or
    not JSON Python can hold (nested deeper than its recursion limit, say)."""
    raw = read_own(top, relative)
    if raw is None:
        return None
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


def _own_mark(folder: Path) -> bool:
    """The folder holds the mark as a regular file of its own (a link is not our mark)."""
    try:
        return stat.S_ISREG(os.lstat(folder / MARK).st_mode)
    except OSError:
        return False


def _written_by_a_build(folder: Path) -> bool:
    """The mark, or the exact layout of an output from before builds marked their folders."""
    names = {p.name for p in folder.iterdir()}
    if MARK in names:
        return _own_mark(folder)
    return (
        bool(names)
        and names <= _UNMARKED_LAYOUT
        and isinstance(own_json(folder, "json/manifest.json"), dict)
    )


def _refuse_foreign(target: Path) -> None:
    """Only an empty folder or a build's output may be replaced: never a user's own files."""
    if not target.exists():
        return
    if not target.is_dir():
        raise OutputRefused(
            _("--out {target}: refusing to replace a file with a folder").format(target=target)
        )
    if any(target.iterdir()) and not _written_by_a_build(target):
        raise OutputRefused(
            _(
                "--out {target}: refusing to replace a folder not written by banshi build (it "
                "has no {mark}); empty it or name another folder"
            ).format(target=target, mark=MARK)
        )


def _mark(folder: Path) -> None:
    """Write the mark as a new file put in place by a rename: a link already there (an earlier
    output is anyone's) is replaced, never written through."""
    fresh = folder / f"{MARK}.{secrets.token_hex(6)}"  # a name no one could have planted
    try:
        fresh.write_text(_MARK_TEXT, encoding="utf-8")
        os.replace(fresh, folder / MARK)
    except BaseException:
        fresh.unlink(missing_ok=True)
        raise


def _temporary_prefix(target: Path) -> str:
    return f".{target.name}.building-"


def _lock_path(target: Path) -> Path:
    return target.parent / f".{target.name}.lock"


def _lock(target: Path):
    """Builds into one folder take turns: an exclusive lock on a file beside it, held to the end.

    The last build removes the file; a build that was waiting on it then holds a lock on a file
    no longer there, sees so, and locks the path anew."""
    path = _lock_path(target)
    while True:
        handle = _lock_file(path)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            click.echo(
                "banshi: "
                + _("waiting for another build into {target} to finish").format(target=target),
                err=True,
            )
            fcntl.flock(handle, fcntl.LOCK_EX)
        with contextlib.suppress(FileNotFoundError):
            if os.stat(path).st_ino == os.fstat(handle.fileno()).st_ino:
                return handle
        handle.close()


def _lock_file(path: Path):
    """The lock file, opened without following a link: beside ``ROOT/dist`` it lies in the
    catalog's checkout, where a committed link could point anywhere."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK, 0o666)
    except OSError as error:
        if error.errno != errno.ELOOP:
            raise
        raise OutputRefused(
            _("{path} is a symbolic link, not a lock of banshi build").format(path=path)
        ) from None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise OutputRefused(
            _("{path} is not a plain file, not a lock of banshi build").format(path=path)
        )
    return os.fdopen(fd, "r+b")  # held until commit or discard


def _unlock(target: Path, handle) -> None:
    """Remove the lock file while still holding it, then let the next build in."""
    with contextlib.suppress(FileNotFoundError):
        os.unlink(_lock_path(target))
    handle.close()


def _remove_leftovers(target: Path) -> None:
    """Temporary folders of builds that were killed: ours by their name and by the mark inside
    (under the lock, so no running build owns them). Anything else is left alone."""
    prefix = _temporary_prefix(target)
    for folder in target.parent.iterdir():
        if folder.name.startswith(prefix) and not folder.is_symlink() and _own_mark(folder):
            shutil.rmtree(folder, ignore_errors=True)


def _new_folder(target: Path) -> Path:
    """An empty, marked folder beside ``target``, with the modes the umask gives (mkdtemp's
    0700 would stay on the output and lock a web server out)."""
    folder = target.with_name(_temporary_prefix(target) + secrets.token_hex(6))
    with _writing(folder):
        os.mkdir(folder)
        try:
            _mark(folder)
        except BaseException:
            folder.rmdir()
            raise
    return folder


def _renameat2():
    """libc's ``renameat2``, or None where the C library has none (not Linux, old glibc)."""
    try:
        return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    except OSError:
        return None


def _exchange(finished: Path, target: Path) -> bool:
    """Swap two folders in one step (Linux ``renameat2``); False where the system cannot."""
    renameat2 = _renameat2()
    if renameat2 is None:
        return False
    if (
        renameat2(
            _AT_FDCWD, os.fsencode(finished), _AT_FDCWD, os.fsencode(target), _RENAME_EXCHANGE
        )
        == 0
    ):
        return True
    code = ctypes.get_errno()
    if code in (errno.ENOSYS, errno.EINVAL):  # a kernel or file system without the exchange
        return False
    raise OSError(code, os.strerror(code), str(target))


def _swap(finished: Path, target: Path) -> None:
    """Put ``finished`` in ``target``'s place; ``finished``'s path then holds the previous output.

    Where the exchange is not available, three renames do it and for a moment ``target`` is
    missing; the previous output then waits, marked, under a temporary name."""
    if not target.exists():
        os.rename(finished, target)
    elif not _exchange(finished, target):
        aside = finished.with_name(finished.name + "-previous")
        os.rename(target, aside)
        os.rename(finished, target)
        os.rename(aside, finished)


class Earlier:
    """A build's output that a new build may take files from: the previous build in the same
    folder, or a shard being combined. Its files are only ever linked (or copied) to new names,
    never written through."""

    def __init__(self, folder: Path):
        self.folder = folder
        self._top = str(folder)  # strings, not paths: a province has 360,000 files to look at
        self._keys: dict[str, str] | None = None
        self._folders: dict[str, bool] = {}  # folder → whether it is reached without a link

    @property
    def keys(self) -> dict[str, str]:
        """The keys it saved; anything but a JSON object of strings is none."""
        if self._keys is None:
            keys = own_json(self.folder, KEYS)
            if not isinstance(keys, dict):
                keys = {}
            self._keys = {
                k: v for k, v in keys.items() if isinstance(k, str) and isinstance(v, str)
            }
        return self._keys

    def file(self, relative: str, size: int | None = None) -> str | None:
        """Its regular file at ``relative``, of ``size`` bytes if given: never a link, nor a
        file reached through a linked folder (a shard is a folder someone handed us)."""
        path = os.path.join(self._top, relative)
        try:
            found = os.lstat(path)
        except OSError:
            return None
        if not stat.S_ISREG(found.st_mode) or size not in (None, found.st_size):
            return None
        return path if self._unlinked(os.path.dirname(relative)) else None

    def _unlinked(self, folder: str) -> bool:
        """Whether ``folder`` is reached from the top without a symbolic link: its parent is,
        and it is a folder itself (``lstat`` sees a link as a link)."""
        if not folder:
            return True
        known = self._folders.get(folder)
        if known is None:
            try:
                mode = os.lstat(os.path.join(self._top, folder)).st_mode
            except OSError:
                mode = 0
            known = self._unlinked(os.path.dirname(folder)) and stat.S_ISDIR(mode)
            self._folders[folder] = known
        return known

    def holds(self, relative: str, data: bytes) -> bool:
        if self.file(relative, len(data)) is None:
            return False
        try:
            fd = os.open(
                os.path.join(self._top, relative), os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK
            )
        except OSError:
            return False
        try:  # what ``file`` saw may have been swapped since: still a regular file, same bytes
            if not stat.S_ISREG(os.fstat(fd).st_mode):
                return False
            with os.fdopen(fd, "rb", closefd=False) as file:
                return file.read(len(data) + 1) == data
        except OSError:
            return False
        finally:
            os.close(fd)


class Output:
    """A build's output folder under construction; ``commit`` swaps it in, ``discard`` drops it.

    ``reuse``: take what the previous build in ``target`` wrote where it is the same (a build
    ``--fresh`` makes everything anew); ``earlier``: more outputs to take files from (the
    shards a combining build puts together)."""

    def __init__(self, target: Path, reuse: bool = True, earlier=()):
        self.target = target.resolve()
        self.keys: dict[str, str] = {}
        self.reused: dict[str, Earlier] = {}  # files taken from an earlier output, and whence
        self._made: set[str] = set()  # folders made
        with _writing(self.target.parent):
            self.target.parent.mkdir(parents=True, exist_ok=True)
            self._lock = _lock(self.target)
        try:
            _refuse_foreign(self.target)
            _remove_leftovers(self.target)
            self.folder = _new_folder(self.target)
            self._top = str(self.folder)
        except BaseException:
            self._release()
            raise
        self.earlier = [Earlier(Path(e)) for e in earlier]
        if reuse and self.target.is_dir() and _own_mark(self.target):
            self.earlier.insert(0, Earlier(self.target))

    def path(self, relative: str) -> Path:
        return Path(self._place(relative))

    def _place(self, relative: str) -> str:
        """``relative`` under the folder, its parent folders made (once each)."""
        path = os.path.join(self._top, relative)
        parent = os.path.dirname(path)
        if parent not in self._made:
            with _writing(parent):
                os.makedirs(parent, exist_ok=True)
            self._made.add(parent)
        return path

    def write_text(self, relative: str, text: str, key: str | None = None) -> None:
        self.write_bytes(relative, text.encode("utf-8"), key)

    def write_bytes(self, relative: str, data: bytes, key: str | None = None) -> None:
        """Write ``relative``, or take an earlier output's file when it holds these bytes.
        ``key``: what the file was made from, saved for ``reuse`` by the next build."""
        if key is not None:
            self.keys[relative] = key
        for earlier in self.earlier:
            if earlier.holds(relative, data) and self.take(earlier, relative):
                return
        path = self._place(relative)
        if self.reused.pop(relative, None):  # taken before: a new file, never through the link
            os.unlink(path)
        with _writing(path), open(path, "wb") as file:
            file.write(data)

    def reuse(self, relative: str, key: str) -> bool:
        """Take an earlier output's ``relative`` if it was made from ``key``: the caller then
        need not make it. False when it must be made."""
        self.keys[relative] = key
        return any(
            earlier.keys.get(relative) == key and self.take(earlier, relative)
            for earlier in self.earlier
        )

    def take(self, earlier: Earlier, relative: str, to: str | None = None) -> bool:
        """``earlier``'s regular file ``relative`` as ``to`` (default: the same name): a hard
        link, or a copy (with its times) where links cannot be made. It is never written
        through, as every write makes a new file (``write_bytes``; MkDocs writes a page only
        when its source is newer than it)."""
        source = earlier.file(relative)
        if source is None:
            return False
        to = to or relative
        destination = self._place(to)
        try:
            os.link(source, destination, follow_symlinks=False)
        except OSError as error:
            if error.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK):
                return False
            with _writing(destination):
                shutil.copy2(source, destination, follow_symlinks=False)
        self.reused[to] = earlier
        return True

    def write_json(self, relative: str, data) -> None:
        self.write_text(relative, dumps(data, compact=True))

    def digests(self, under: str = "") -> dict[str, str]:
        """sha256 of every file written so far below ``under``, by relative path."""
        base = self.folder / under
        return {
            p.relative_to(self.folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(base.rglob("*"))
            if p.is_file()
        }

    @contextlib.contextmanager
    def writing(self):
        """The folder while emitters write into it: swapped in when they are done, dropped
        when any fails or the command is interrupted."""
        try:
            yield self
        except BaseException:
            self.discard()
            raise
        self.commit()

    def commit(self) -> None:
        """Save the keys, swap the finished folder in place of the target, then remove the
        previous output."""
        try:
            with _writing(self.target):
                if self.keys:
                    keys = dumps(dict(sorted(self.keys.items())))
                    (self.folder / KEYS).write_text(keys, encoding="utf-8")
                if self.target.exists():
                    _mark(self.target)  # killed after the swap, it is then a leftover of ours
                _swap(self.folder, self.target)
            shutil.rmtree(self.folder, ignore_errors=True)
        finally:
            self._release()

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
        self._release()

    def _release(self) -> None:
        """Once only: a second unlock would remove the lock file of the build that came next."""
        if self._lock is not None:
            _unlock(self.target, self._lock)
            self._lock = None
