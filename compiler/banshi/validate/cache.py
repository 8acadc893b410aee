"""A content-hash cache of checked files, in the user's cache folder.

It lives in ``$BANSHI_CACHE_DIR`` or ``$XDG_CACHE_HOME/banshi`` (``~/.cache/banshi``), one
folder per catalog root, never inside the catalog: a pickle is code, and a pull request must
not be able to plant one for CI to load.

A file's entry is used only while its bytes hash the same and the compiler is the same: the
cache's names carry a fingerprint of every file of the installed package (code, schemas), so
a new compiler, rule or schema starts from nothing. Two things are kept:

- each file's reading and schema check (``Checked``), keyed by its content hash. They are
  written as a base and a small delta of what changed since, so that one edit rewrites
  kilobytes, not the whole catalog;
- the rules' problems of the last validation, by the subject that found them, with the
  content hash of every file then (``banshi.validate.incremental`` decides what is still
  valid).

Any problem with the cache itself means no cache, never a failure.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from functools import cache
from pathlib import Path


def _home() -> Path:
    if os.environ.get("BANSHI_CACHE_DIR"):
        return Path(os.environ["BANSHI_CACHE_DIR"])
    return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "banshi"


@cache
def fingerprint() -> str:
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256(sys.version.encode())
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and path.is_file():
            digest.update(path.relative_to(package).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


# The delta is folded into the base once it holds this many files.
DELTA_MAX = 64


def _load(path: Path, default):
    try:
        with path.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError, TypeError):
        return default


class FileCache:
    def __init__(self, root: Path):
        self.folder = _home() / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.base_path = self.folder / f"files-{fingerprint()}.pickle"
        self.delta_path = self.folder / f"delta-{fingerprint()}.pickle"
        self.rules_path = self.folder / f"rules-{fingerprint()}.pickle"
        self.base: dict = _load(self.base_path, {})
        self.delta: dict = _load(self.delta_path, {}) if self.base else {}
        # file → (digest, Checked); the delta marks a file gone since the base with None
        self.entries = {f: e for f, e in {**self.base, **self.delta}.items() if e is not None}

    def lookup(self, file: str, digest: str):
        entry = self.entries.get(file)
        return entry[1] if entry and entry[0] == digest else None

    def save(self, entries: dict) -> None:
        """Keep these entries (file → (digest, Checked)) in place of the old ones."""
        if _digests(entries) == _digests(self.entries):
            return
        delta = {f: e for f, e in entries.items() if self.base.get(f, (None,))[0] != e[0]}
        if len(delta) + len(self.base.keys() - entries.keys()) <= DELTA_MAX and self.base:
            self._write(self.delta_path, {**delta, **{f: None for f in self.base.keys() - entries.keys()}})
        elif self._write(self.base_path, entries):
            self._write(self.delta_path, {})

    def rule_results(self):
        return _load(self.rules_path, None)

    def save_rule_results(self, results) -> None:
        self._write(self.rules_path, results)

    def _write(self, path: Path, value) -> bool:
        """Replace one file of the cache atomically; drop those of other compilers."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, path)
            kind = path.name.split("-")[0]
            for old in self.folder.glob(f"{kind}-*.pickle"):
                if old != path:
                    old.unlink()
            return True
        except OSError:
            return False  # a read-only catalog is validated all the same, only not faster next time


def _digests(entries: dict) -> dict:
    return {file: entry[0] for file, entry in entries.items()}
