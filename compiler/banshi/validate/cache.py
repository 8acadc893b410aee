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

- each file's reading and schema check (``Checked``), keyed by its content hash, in a store
  read by seeking (``Entries``): a record per file and an index of them with each file's kind
  and region, so that a shard job reads only its regions' records. They are written as a base
  and a small delta of what changed since, so that one edit rewrites kilobytes, not the whole
  catalog;
- the rules' problems of the last validation, by the subject that found them, with the
  content hash of every file then (``banshi.validate.incremental`` decides what is still
  valid);
- where each problem of a file is (line and column), by the file's content hash, so a problem
  found again in a file that did not change is not located again.

With the digest of all the files the rules' results were found on (record ``snapshot``), the
cache is the validated snapshot a shard job builds from (``banshi.validate.snapshot``); a job
whose checkout sits at another path than the validation's finds it among the user's other cache
folders (``other_caches``) by that digest.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import stat
import struct
import sys
import tempfile
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import msgpack

from banshi.i18n import language
from banshi.problems import Key, Origin, Problem

# Bumped whenever the layout below changes (the fingerprint changes with the code anyway).
FORMAT = 2
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
# A store's last bytes: the length of its index.
TRAILER = struct.Struct(">Q")


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


def _unpack_plain(raw: bytes):
    # No binary and no extension types: every value is plain data, and nothing is constructed.
    return msgpack.unpackb(
        raw, raw=False, strict_map_key=False, use_list=True, max_bin_len=0, max_ext_len=0
    )


def _unpack(raw: bytes):
    value = _unpack_plain(raw)
    if not isinstance(value, list) or len(value) != 2 or value[0] != FORMAT:
        raise Malformed("not a cache file of this format")
    return value[1]


def _open_regular(path: Path) -> int | None:
    """A descriptor of a regular file (no symbolic link, FIFO or device) no larger than
    ``MAX_BYTES``, or None."""
    try:
        fd = os.open(
            path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        )
    except OSError:
        return None
    try:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
            return fd
    except OSError:
        pass
    os.close(fd)
    return None


def _read(path: Path) -> bytes | None:
    """A regular file's bytes, or None."""
    fd = _open_regular(path)
    if fd is None:
        return None
    try:
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


def open_cache(root: Path, say: bool = True) -> Cache | None:
    """The cache of this catalog root, or None (said on stderr, unless not ``say``) when it
    must not be used."""
    notice = _notice if say else lambda message: None
    home = _home()
    try:
        inside = home.resolve().is_relative_to(root.resolve())
    except OSError:
        inside = True
    if inside:
        notice(
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
            notice(f"the cache folder {cache.folder} is not a folder of this user")
            return None
        if not _private_folder(cache.folder):
            notice(f"the cache folder {cache.folder} cannot be made private")
            return None
    return cache


def other_caches(root: Path) -> list[Cache]:
    """The cache folders of this user other than that of ``root``, each already a private
    folder of this user: a validation of the same catalog checked out at another path (another
    CI job's checkout) left its cache in one of them. None when the cache home is inside the
    catalog root (``open_cache`` says so)."""
    home = _home()
    try:
        if home.resolve().is_relative_to(root.resolve()):
            return []
        folders = sorted(home.iterdir())
    except OSError:
        return []
    own, found = Cache(root, home).folder, []
    for folder in folders:
        try:
            info = os.lstat(folder)
        except OSError:
            continue
        private = stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) == 0o700
        if folder != own and private and info.st_uid == os.getuid():
            found.append(Cache.in_folder(folder))
    return found


class Cache:
    """The cache folder of one catalog root: a file of plain data per kind of record, named
    with the compiler's fingerprint. It knows plain data only; what a record means, and how it
    is rebuilt, is its reader's (``decode``)."""

    def __init__(self, root: Path, home: Path | None = None):
        home = _home() if home is None else home
        self.folder = home / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]

    @classmethod
    def in_folder(cls, folder: Path) -> Cache:
        cache = cls.__new__(cls)
        cache.folder = folder
        return cache

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

    def _write(self, path: Path, raw: bytes | Iterable[bytes]) -> bool:
        """Replace one file of the cache atomically with ``raw`` (or these chunks of it, in
        order); drop those of other compilers."""
        if not _private_folder(self.folder):
            return False
        temporary = None
        try:
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as f:
                f.writelines([raw] if isinstance(raw, bytes) else raw)
            os.replace(temporary, path)
            kind = path.name.split("-")[0]
            for old in self.folder.glob(f"{kind}-*"):
                if old != path:
                    old.unlink()
            return True
        except OSError:
            if temporary is not None:
                with contextlib.suppress(OSError):
                    os.unlink(temporary)
            return False  # a read-only catalog is validated all the same, only not faster next time


class Entries:
    """One value per file, each kept with the digest of the file's bytes, in a store read by
    seeking: each value is a record of its own, and an index says where each is, with a
    ``tag`` of plain data about it (for checked files, their kind and region), so that a shard
    job reads the records of its own regions and no others. Kept as a base and a small delta of
    what changed since (one edit rewrites kilobytes, not the whole catalog). ``encode(value)``
    gives a value's plain data, ``decode(file, plain)`` rebuilds it, ``tag(value)`` its tag.
    The stores stay open until the ``with`` block ends: what was read is what the index said."""

    def __init__(self, cache: Cache, name: str, encode, decode, tag=lambda value: None):
        self.cache, self.encode, self.decode, self.tag = cache, encode, decode, tag
        self.base_kind, self.delta_kind = name, f"{name}_delta"
        self.base = _Store.open(cache.path(self.base_kind))
        self.delta = _Store.open(cache.path(self.delta_kind)) if self.base.index else _Store()
        # file → (digest, tag, the store holding its record); the delta's None: gone since
        self.known = {f: (e[0], e[1], self.base) for f, e in self.base.index.items() if e}
        for file, entry in self.delta.index.items():
            if entry is None:
                self.known.pop(file, None)
            else:
                self.known[file] = (entry[0], entry[1], self.delta)

    def __enter__(self) -> Entries:
        return self

    def __exit__(self, *_) -> None:
        self.base.close()
        self.delta.close()

    def index(self) -> dict[str, tuple[str, object]]:
        """file → (digest, tag) of every value kept, without reading one."""
        return {file: (digest, tag) for file, (digest, tag, _) in self.known.items()}

    def lookup(self, file: str, digest: str | None = None):
        """The value kept for ``file`` while its bytes hash ``digest`` (whatever they hash:
        None), or None when there is none or it is not exactly what this compiler writes."""
        entry = self.known.get(file)
        if entry is None or digest not in (None, entry[0]):
            return None
        try:
            return self.decode(file, entry[2].record(file))
        except Exception:  # noqa: BLE001 - whatever is wrong with a record, it is a miss
            return None

    def save(self, entries: dict) -> None:
        """Keep these entries (file → (digest, value)) in place of the old ones."""
        if {f: e[0] for f, e in entries.items()} == {f: e[0] for f, e in self.known.items()}:
            return
        base = {f: e[0] for f, e in self.base.index.items() if e}
        delta = {f: e for f, e in entries.items() if base.get(f) != e[0]}
        gone = base.keys() - entries.keys()
        if self.base.index and len(delta) + len(gone) <= DELTA_MAX:
            self._store(self.delta_kind, delta, dict.fromkeys(gone))
        elif self._store(self.base_kind, entries, {}):
            self._store(self.delta_kind, {}, {})

    def _store(self, kind: str, entries: dict, gone: dict) -> bool:
        """Write one store, record by record (the base's own bytes where it holds the same),
        then the index. An entry MessagePack cannot hold (a number beyond 64 bits) is left out,
        so that file is read again next time."""
        index = dict(gone)

        def chunks():
            offset = 0
            for file, (digest, value) in entries.items():
                record = self._record(file, digest, value)
                if record is not None:
                    index[file] = [digest, self.tag(value), offset, len(record)]
                    offset += len(record)
                    yield record
            packed = msgpack.packb([FORMAT, index], use_bin_type=True)
            yield packed + TRAILER.pack(len(packed))

        return self.cache._write(self.cache.path(kind), chunks())

    def _record(self, file: str, digest: str, value) -> bytes | None:
        kept = self.base.index.get(file)
        if kept and kept[0] == digest:
            try:
                return self.base.raw(file)
            except (Malformed, OSError):
                pass
        try:
            return msgpack.packb(self.encode(value), use_bin_type=True)
        except (TypeError, ValueError, OverflowError):
            return None


class _Store:
    """One file of an ``Entries`` store, opened once and read by seeking: its records, then
    its index ``[FORMAT, {file: [digest, tag, offset, length] or None}]``, then the index's
    length in 8 bytes. Whatever is wrong with its index makes it empty; a record that is not
    where the index says is ``Malformed``."""

    def __init__(self, fd: int | None = None, index: dict | None = None):
        self.fd, self.index = fd, index or {}

    @classmethod
    def open(cls, path: Path) -> _Store:
        fd = _open_regular(path)
        if fd is None:
            return cls()
        try:
            size = os.fstat(fd).st_size
            if size < TRAILER.size:
                raise Malformed("shorter than its trailer")
            (length,) = TRAILER.unpack(os.pread(fd, TRAILER.size, size - TRAILER.size))
            end = size - TRAILER.size - length
            if end < 0:
                raise Malformed("an index longer than the file")
            return cls(fd, _checked_index(_unpack(os.pread(fd, length, end)), end))
        except Exception:  # noqa: BLE001 - whatever is wrong with a cache file, it is a miss
            os.close(fd)
            return cls()

    def raw(self, file: str) -> bytes:
        if self.fd is None:
            raise Malformed("a store that is closed")
        _, _, offset, length = self.index[file]
        raw = os.pread(self.fd, length, offset)
        if len(raw) != length:
            raise Malformed("a record shorter than its index says")
        return raw

    def record(self, file: str):
        return _unpack_plain(self.raw(file))

    def close(self) -> None:
        if self.fd is not None:
            os.close(self.fd)
            self.fd = None


def _checked_index(index, end: int) -> dict:
    """The index of a store whose records end at ``end``, every field checked."""
    for file, entry in expect(index, dict).items():
        expect(file, str)
        if entry is None:
            continue
        if not isinstance(entry, list) or len(entry) != 4:
            raise Malformed("an index entry is [digest, tag, offset, length]")
        digest, _, offset, length = entry
        expect(digest, str)
        if type(offset) is not int or type(length) is not int:
            raise Malformed("an offset and a length are whole numbers")
        if offset < 0 or length < 0 or offset + length > end:
            raise Malformed("a record outside the store")
    return index
