"""Index pages (home's ways, regions, departments, types, bundles, placards, retired items,
proofs): sections of links, as finished HTML (``banshi.emit.finished``).

A county's region page lists thousands of guides; as Markdown, MkDocs' inline parser took
longer over those lists than over every guide. Links are written as Markdown links are (a
docs file relative to the page, ``../guides/R/C.md``) and turned here into the URL MkDocs
would write for them (``banshi.emit.urls``). That every link resolves is held by the
property tests and ``tests/test_shards.py``, which follow every ``href`` of the built site.
"""

from __future__ import annotations

from banshi.emit.guides import page_title
from banshi.emit.urls import href


def listing(
    env, path: str, heading: str, sections, lead: str = "", facts: list[dict] = ()
) -> tuple[str, str]:
    """(docs path, page) of an index page whose ``sections`` hold links written relative to
    ``path``; ``facts``, rows of {label, text} or {label, phone} (a department's address and
    phones) shown above them."""
    sections = [
        {**s, "links": [{**link, "href": href(path, link["href"])} for link in s["links"]]}
        for s in sections
    ]
    return path, env.get_template("listing.md.j2").render(
        page_title=page_title(heading), heading=heading, lead=lead, sections=sections, facts=facts
    )
