"""Where every page of the site is: the one mapping from what a page shows to its docs file
(``guides/410526/00013112800001.md``) and from a docs file to the URL MkDocs gives it
(``use_directory_urls``: ``guides/410526/00013112800001/``). QR codes, links, the keys of kept
pages and the files MkDocs writes all come from here, so they cannot disagree.

Codes are written as the catalog writes them (``guides/511602/G-000007-00101.md``): of letters,
digits and hyphens (the base form every code scheme keeps, ``banshi.codes``), so a file name
is the code itself; a URL is percent-encoded all the same (``address``, ``href``), so that no
character of a path can ever be read as part of the URL's syntax.
"""

from __future__ import annotations

import posixpath
from urllib.parse import quote


def guide_doc(code: str, region: str) -> str:
    """The 办事指南 of a handling item (or 一件事) at a region."""
    return f"guides/{region}/{code}.md"


def item_doc(code: str) -> str:
    """The page of a handling item that lists where it is done (what its QR code opens)."""
    return f"items/{code}.md"


def notice_doc(code: str, region: str) -> str:
    """The printable 一次性告知单 of a guide."""
    return f"notices/{region}/{code}.md"


def page_url(docs_path: str) -> str:
    """The URL of a docs file relative to the site: ``a/b.md`` → ``a/b/``, ``a/index.md`` →
    ``a/``, ``index.md`` → ``""``; any other file is its own path."""
    if not docs_path.endswith(".md"):
        return docs_path
    stem = docs_path.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("index") if stem.endswith("/index") else stem + "/"


def address(docs_path: str) -> str:
    """The URL of a docs file relative to the site's root, percent-encoded: what follows
    ``base_url`` in a QR code or a link to the page from outside the site."""
    return quote(page_url(docs_path))


def built_file(docs_path: str) -> str:
    """The file MkDocs writes for a docs file: its URL's ``index.html``, or the file itself."""
    url = page_url(docs_path)
    return url + "index.html" if docs_path.endswith(".md") else url


def href(page: str, target: str) -> str:
    """``target``, written relative to docs file ``page``, as a URL relative to ``page``'s."""
    resolved = posixpath.normpath(posixpath.join(posixpath.dirname(page), target))
    url = page_url(resolved)
    relative = posixpath.relpath(url or ".", page_url(page) or ".")
    if url.endswith("/") or not url:
        relative = "./" if relative == "." else relative + "/"
    return quote(relative)


def link(page: str, target: str) -> str:
    """The docs file ``target`` (a path from the docs root, as ``guide_doc`` gives) as a URL
    relative to ``page``'s."""
    return href(page, posixpath.relpath(target, posixpath.dirname(page) or "."))
