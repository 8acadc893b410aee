"""Keeping what an earlier build made: the previous build in the same folder, or the shards
a combining build puts together (``Output`` takes their files).

A guide, notice or item page is keyed by what it is made from: its own inputs as canonical
MessagePack, after what every page is made from (Banshi, the templates, the catalog's shared parts).
A page whose key an earlier output saved is taken from it and not rendered, nor its QR code
made. MkDocs then keeps the earlier HTML of every page taken, when the MkDocs project that
built it is this one, and builds the rest (``banshi.emit.html``).
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
from functools import cache

import msgpack

from banshi import __version__
from banshi.emit.output import Output
from banshi.emit.render import templates_digest
from banshi.emit.urls import built_file
from banshi.resolve.compiled import Compiled, Guide


def _shared_inputs(compiled: Compiled, env) -> bytes:
    """What every guide, notice and item page is made from besides its own guide: Banshi,
    the templates, and the parts of the catalog any page may show (an edit to a department or
    a region makes every page anew; an edit to an item, only that item's)."""
    shared = (
        __version__,
        templates_digest(env),
        compiled.info,
        compiled.as_of,
        compiled.calendar,
        compiled.forms,
        compiled.departments,
        compiled.regions,
    )
    return _canonical(shared)


def _canonical(value) -> bytes:
    """Bytes that depend on the value alone: MessagePack (as fast again as three JSON
    encodings), not pickle, whose bytes also depend on which equal objects happen to be one
    object (a catalog read from the cache or from YAML)."""
    return msgpack.packb(value, default=_plain)


def _plain(value):
    names = _field_names(type(value))
    if names is not None:
        return {name: getattr(value, name) for name in names}
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    raise TypeError(f"a page's inputs hold a {type(value).__name__}")


@cache
def _field_names(kind: type) -> tuple[str, ...] | None:
    """A dataclass's field names, looked up once a type (``dataclasses.fields`` each time was
    a third of what the keys of a county's pages cost)."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(field.name for field in dataclasses.fields(kind))


def page_keys(compiled: Compiled, output: Output, env):
    """``fresh(path, *inputs)``: the key of docs page ``path`` made from ``inputs``, or None
    when the previous build made it from the same key (then it is linked, not made)."""
    shared = hashlib.sha256(_shared_inputs(compiled, env))
    guides: dict[int, bytes] = {}  # a guide's JSON, made once for its guide and notice pages

    def fresh(path: str, *inputs) -> str | None:
        if len(inputs) == 1 and isinstance(inputs[0], Guide):
            own = guides.get(id(inputs[0])) or guides.setdefault(id(inputs[0]), _canonical(inputs))
        else:
            own = _canonical(inputs)
        digest = shared.copy()
        digest.update(own)
        key = digest.hexdigest()
        return None if output.reuse(f"site-src/docs/{path}", key) else key

    return fresh


def builder_key(project: dict[str, str]) -> str:
    """What turns every page into HTML: the MkDocs project's files, MkDocs and Banshi."""
    from mkdocs import __version__ as mkdocs_version

    made_by = (__version__, mkdocs_version, sorted(project.items()))
    return hashlib.sha256(_canonical(made_by)).hexdigest()


def keep_built_pages(output: Output) -> bool:
    """Take into the new site the HTML an earlier output built of every docs file taken from
    it, when it was built by the same MkDocs project and after its source (else MkDocs would
    build it again, through the link). True when any was taken."""
    builder = output.keys["site-src/mkdocs.yml"]
    prefix = "site-src/docs/"
    kept = [
        output.take(earlier, f"site/{built}", f"site-src/site/{built}")
        for relative, earlier in sorted(output.reused.items(), key=lambda r: r[0])
        if relative.startswith(prefix) and earlier.keys.get("site-src/mkdocs.yml") == builder
        for built in [built_file(relative.removeprefix(prefix))]
        if _built_after(earlier.file(f"site/{built}"), os.path.join(output.folder, relative))
    ]
    return any(kept)


def _built_after(built: str | None, source: str) -> bool:
    return built is not None and os.stat(built).st_mtime >= os.stat(source).st_mtime
