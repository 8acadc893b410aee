"""A content-hash cache of checked files, in the user's cache folder.

It lives in ``$BANSHI_CACHE_DIR`` or ``$XDG_CACHE_HOME/banshi`` (``~/.cache/banshi``), one
folder per catalog root, never inside the catalog: a pickle is code, and a pull request must
not be able to plant one for CI to load.

A file's entry is used only while its bytes hash the same and the compiler is the same: the
cache's name carries a fingerprint of every file of the installed package (code, schemas), so
a new compiler, rule or schema starts from nothing. Only per-file work is kept (reading,
routing, schema); the rules and the policy, which look across files, run every time.
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


class FileCache:
    def __init__(self, root: Path):
        self.folder = _home() / hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:20]
        self.path = self.folder / f"files-{fingerprint()}.pickle"
        self.entries: dict = {}
        try:
            with self.path.open("rb") as f:
                self.entries = pickle.load(f)
        except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, ValueError):
            self.entries = {}

    def lookup(self, file: str, digest: str):
        entry = self.entries.get(file)
        return entry[1] if entry and entry[0] == digest else None

    def save(self, entries: dict) -> None:
        """Replace the cache with these entries, atomically; drop caches of other compilers."""
        if entries == self.entries:
            return
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            handle, temporary = tempfile.mkstemp(dir=self.folder, suffix=".tmp")
            with os.fdopen(handle, "wb") as f:
                pickle.dump(entries, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temporary, self.path)
            for old in self.folder.glob("files-*.pickle"):
                if old != self.path:
                    old.unlink()
        except OSError:
            pass  # a read-only catalog is validated all the same, only not faster next time
