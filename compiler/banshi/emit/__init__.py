"""Emitters: each output (json, guides, notices, qr, graph, site) is a module of its own.

They all write through one ``Output``: a temporary folder beside the target that replaces
the target only when every emitter has finished, so a failed or interrupted build leaves the
previous output exactly as it was.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from pathlib import Path


def dumps(data, compact: bool = False) -> str:
    """JSON as the outputs write it: stable, UTF-8, one trailing newline; indented for people,
    compact for the compiled files (indenting makes Python's encoder several times slower)."""
    if compact:
        return json.dumps(data, ensure_ascii=False, separators=(",", ":")) + "\n"
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


class Output:
    def __init__(self, target: Path):
        self.target = target
        self.target.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))

    def path(self, relative: str) -> Path:
        path = self.folder / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        return path

    def write_text(self, relative: str, text: str) -> None:
        self.path(relative).write_text(text, encoding="utf-8", newline="\n")

    def write_bytes(self, relative: str, data: bytes) -> None:
        self.path(relative).write_bytes(data)

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

    def commit(self) -> None:
        """Swap the finished folder in place of the target."""
        previous = None
        if self.target.exists():
            previous = self.target.with_name(f".{self.target.name}.previous")
            shutil.rmtree(previous, ignore_errors=True)
            self.target.rename(previous)
        try:
            self.folder.rename(self.target)
        except BaseException:
            if previous:
                previous.rename(self.target)
            raise
        if previous:
            shutil.rmtree(previous, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)
