"""A content-hash cache of checked files, in the user's cache folder.

It lives in ``$BANSHI_CACHE_DIR`` or ``$XDG_CACHE_HOME/banshi`` (``~/.cache/banshi``), one
folder per catalog root, made private (0700). The cache is data, never code: it is MessagePack
of plain values only (maps, lists, text, numbers, booleans, null; no binary, no extension
types), read by a decoder that cannot construct objects; each record is rebuilt explicitly by
the module that owns its type (``Checked`` in ``files``, ``RuleResults`` and locations in
``incremental``), each field checked for its type. Anything that does not have exactly the
expected shape is a miss, as is a file that cannot be read; a cache never fails a validation.
A cache folder inside the catalog root (where a pull request could plant one) is not used at
all: validation runs without a cache and says so once on stderr.

A file's entry is used only while its bytes hash the same and the compiler is the same: the
cache's names carry a fingerprint of every file of the installed package (code, schemas), so
a new compiler, rule or schema starts from nothing (and so does another language of messages).
Three things are kept:

- each file's reading and schema check (``Checked``), keyed by its content hash. They are
  written as a base and a small delta of what changed since, so that one edit rewrites
  kilobytes, not the whole catalog;
- the rules' problems of the last validation, by the subject that found them, with the
  content hash of every file then (``banshi.validate.incremental`` decides what is still
  valid);
- where each problem of a file is (line and column), by the file's content hash, so a problem
  found again in a file that did not change is not located again.
"""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import tempfile
from functools import cache
from pathlib import Path

import msgpack

from banshi.i18n import language
from banshi.problems import Key, Origin, Problem

# Bumped whenever the layout below changes (the fingerprint changes with the code anyway).
FORMAT = 1
SUFFIX = ".msgpack"
# A cache file larger than this is not read (the 17 MB province's base is about 11 MB).
MAX_BYTES = 1 << 30


def cache_home() -> Path:
    """The folder every cache of Banshi lives in."""
    return _home()


def _home() -> Path:
    if os.environ.get("BANSHI_CACHE_DIR"):
        return Path(os.environ["BANSHI_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "banshi"


@cache
def fingerprint() -> str:
    """The compiler (its code, schemas and message catalogs) and the language of its messages:
    a cache made by another is not read."""
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(sys.version.encode())
    digest.update(msgpack.version.__repr__().encode())
    digest.update(language().encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json", ".mo") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


# The delta is folded into the base once it holds this many files.
DELTA_MAX = 64


class Malformed(ValueError):
    """A cache file that is not exactly what this compiler writes: a miss."""


# ---- plain data ⇄ the compiler's objects -----------------------------------------------------

_SCALARS = (str, int, float, bool, type(None))


def expect(value, kind):
    if not isinstance(value, kind):
        raise Malformed(f"expected {kind}, found {type(value).__name__}")
    return value


def encode_path(path: tuple) -> list:
    return [[step.name] if isinstance(step, Key) else step for step in path]


def decode_path(plain) -> tuple:
    steps = []
    for step in expect(plain, list):
        if isinstance(step, list):
            if len(step) != 1 or not isinstance(step[0], _SCALARS):
                raise Malformed("a key step is one scalar")
            steps.append(Key(step[0]))
        elif isinstance(step, _SCALARS):
            steps.append(step)
        else:
            raise Malformed("a path step is a scalar or a key")
    return tuple(steps)


def encode_problem(p: Problem) -> list:
    return [p.file, p.line, p.column, p.rule, p.message, p.severity, encode_path(p.path)]


def decode_problem(plain) -> Problem:
    if not isinstance(plain, list) or len(plain) != 7:
        raise Malformed("a problem is a list of 7")
    file, line, column, rule, message, severity, path = plain
    for text in (file, rule, message, severity):
        expect(text, str)
    for number in (line, column):
        if type(number) is not int or number < 0:
            raise Malformed("a line or column is a whole number")
    return Problem(file, line, column, rule, message, severity, decode_path(path))


def decode_problems(plain) -> list[Problem]:
    return [decode_problem(p) for p in expect(plain, list)]


def _decode_entries(plain, decode, *, gone_allowed: bool) -> dict:
    """file → (digest, value); a delta marks a file gone with None."""
    entries = {}
    for file, entry in expect(plain, dict).items():
        expect(file, str)
        if entry is None and gone_allowed:
            entries[file] = None
            continue
        if not isinstance(entry, list) or len(entry) != 2:
            raise Malformed("an entry is [digest, checked]")
        entries[file] = (expect(entry[0], str), decode(file, entry[1]))
    return entries


def encode_origin(origin: Origin | None):
    return None if origin is None else [origin.file, encode_path(origin.path)]


def decode_origin(plain) -> Origin | None:
    if plain is None:
        return None
    if not isinstance(plain, list) or len(plain) != 2:
        raise Malformed("an origin is [file, path]")
    return Origin(expect(plain[0], str), decode_path(plain[1]))


# ---- files -------------------------------------------------------------------------------------


def _pack(value) -> bytes:
    return msgpack.packb([FORMAT, value], use_bin_type=True)


def _unpack(raw: bytes):
    # No binary and no extension types: every value is plain data, and nothing is constructed.
    value = msgpack.unpackb(
        raw, raw=False, strict_map_key=False, use_list=True, max_bin_len=0, max_ext_len=0
    )
    if not isinstance(value, list) or len(value) != 2 or value[0] != FORMAT:
        raise Malformed("not a cache file of this format")
    return value[1]


def _read(path: Path) -> bytes | None:
    """A regular file's bytes (no symbolic link, FIFO or device), or None."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        with os.fdopen(fd, "rb", closefd=False) as f:
            return f.read()
    except OSError:
        return None
    finally:
        os.close(fd)


def _load(path: Path, decode, default):
    raw = _read(path)
    if raw is None:
        return default
    try:
        return decode(_unpack(raw))
    except Exception:  # noqa: BLE001 - whatever is wrong with a cache file, it is a miss
        return default


def _notice(message: str) -> None:
    print(f"banshi: {message}; validating without a cache", file=sys.stderr)


def private_folder(folder: Path) -> bool:
    """``_private_folder``, for the other caches of Banshi (``banshi.cases.cache``)."""
    return _private_folder(folder)


def _private_folder(folder: Path) -> bool:
    """Make ``folder`` (0700), or accept it if it is ours: a folder of another user, or not a
    folder (a symbolic link), is not used."""
    try:
        folder.parent.mkdir(parents=True, exist_ok=True)
        try:
            folder.mkdir(mode=0o700)
        except FileExistsError:
            pass
        info = os.lstat(folder)
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            return False
        if stat.S_IMODE(info.st_mode) != 0o700:
            os.chmod(folder, 0o700)
        return True
    except OSError:
        return False


def open_cache(root: Path) -> Cache | None:
    """The cache of this catalog root, or None (said once on stderr) when it must not be used."""
    home = _home()
    try:
        inside = home.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = True
    if inside:
        _notice(
            f"the cache folder {home} is inside the catalog root {root}, where anyone who "
            "can change the catalog could plant one"
        )
        return None
    cache = Cache(root, home)
    try:
        info = os.lstat(cache.folder)
    except OSError:
        info = None  # not made yet: every file is a miss, and the first write makes it 0700
    if info is not None:
        if not stat.S_ISDIR(info.st_mode) or info.st_uid != os.getuid():
            _notice(f"the cache folder {cache.folder} is not a folder of this user")
            return None
        if not _private_folder(cache.folder):
            _notice(f"the cache folder {cache.folder} cannot be made private")
            return None
    return cache


class Cache:
    """The cache folder of one catalog root: a file of plain data per kind of record, named
    with the compiler's fingerprint. It knows plain data only; what a record means, and how it
    is rebuilt, is its reader's (``decode``)."""

    def __init__(self, root: Path, home: Path | None = None):
        home = _home() if home is None else home
        self.folder = home / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]

    def path(self, kind: str) -> Path:
        return self.folder / f"{kind}-{fingerprint()}{SUFFIX}"

    def load(self, kind: str, decode, default=None):
        """The record ``kind`` rebuilt by ``decode(plain)``, or ``default`` when it is missing,
        unreadable or not of the shape ``decode`` expects."""
        return _load(self.path(kind), decode, default)

    def store(self, kind: str, plain) -> bool:
        """Keep the record ``kind``; False when it cannot be (a value MessagePack cannot hold,
        such as a number beyond 64 bits, or a folder that cannot be written)."""
        try:
            raw = _pack(plain)
        except (TypeError, ValueError, OverflowError):
            return False
        return self._write(self.path(kind), raw)

    def _write(self, path: Path, raw: bytes) -> bool:
        """Replace one file of the cache atomically; drop those of other compilers."""
        if not _private_folder(self.folder):
            return False
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as f:
                f.write(raw)
            os.replace(temporary, path)
            kind = path.name.split("-")[0]
            for old in self.folder.glob(f"{kind}-*"):
                if old != path:
                    old.unlink()
            return True
        except OSError:
            return False  # a read-only catalog is validated all the same, only not faster next time


class Entries:
    """One value per file, each kept with the digest of the file's bytes, as a base and a small
    delta of what changed since (so that one edit rewrites kilobytes, not the whole catalog).
    ``encode(value)`` gives a value's plain data, ``decode(file, plain)`` rebuilds it."""

    def __init__(self, cache: Cache, name: str, encode, decode):
        self.cache, self.encode, self.decode = cache, encode, decode
        self.base_kind, self.delta_kind = name, f"{name}_delta"
        self.base = cache.load(
            self.base_kind, lambda v: _decode_entries(v, decode, gone_allowed=False), {}
        )
        self.delta = (
            cache.load(self.delta_kind, lambda v: _decode_entries(v, decode, gone_allowed=True), {})
            if self.base
            else {}
        )
        # file → (digest, value); the delta marks a file gone since the base with None
        self.entries = {f: e for f, e in {**self.base, **self.delta}.items() if e is not None}

    def lookup(self, file: str, digest: str):
        entry = self.entries.get(file)
        return entry[1] if entry and entry[0] == digest else None

    def save(self, entries: dict) -> None:
        """Keep these entries (file → (digest, value)) in place of the old ones."""
        if _digests(entries) == _digests(self.entries):
            return
        delta = {f: e for f, e in entries.items() if self.base.get(f, (None,))[0] != e[0]}
        if len(delta) + len(self.base.keys() - entries.keys()) <= DELTA_MAX and self.base:
            gone = {f: None for f in self.base.keys() - entries.keys()}
            self.cache._write(
                self.cache.path(self.delta_kind), _pack_entries(self._plain(delta), gone)
            )
        elif self.cache._write(
            self.cache.path(self.base_kind), _pack_entries(self._plain(entries), {})
        ):
            self.cache._write(self.cache.path(self.delta_kind), _pack({}))

    def _plain(self, entries: dict) -> dict:
        return {f: [digest, self.encode(value)] for f, (digest, value) in entries.items()}


def _pack_entries(plain: dict, gone: dict) -> bytes:
    """Entries packed; one that MessagePack cannot hold (a number beyond 64 bits) is left out,
    so that file is read again next time."""
    try:
        return _pack({**plain, **gone})
    except (TypeError, ValueError, OverflowError):
        kept = dict(gone)
        for file, entry in plain.items():
            try:
                msgpack.packb(entry, use_bin_type=True)
            except (TypeError, ValueError, OverflowError):
                continue
            kept[file] = entry
        return _pack(kept)


def _digests(entries: dict) -> dict:
    return {file: entry[0] for file, entry in entries.items()}
