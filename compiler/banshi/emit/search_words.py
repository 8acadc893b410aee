"""What the site's search finds a page by: the words that name a handling item or a bundle.

An item is found by its code, its name, its ``keywords`` (format v1.1), the names of its
results (营业执照 finds the items that issue one), and the catalog's synonyms
(``catalog.yaml`` ``synonyms``: the words people type, each with the words the catalog uses
for it, ``医保: [医疗保险]``): a synonym is an item's word when one of its meanings is part of
one of the item's own words.
Pagefind indexes these words and nothing else of the page, as their characters (``tokens``):
Pagefind splits Chinese into words with jieba when it indexes and with the browser's
Intl.Segmenter when it searches, and the two disagree (特困人员 found nothing). The search page
asks for every character of the query, which finds each page holding them all, and keeps only
the results one of whose words holds the query whole (``assets/search.js``): nothing is found
by a single character it shares with the query.
"""

from __future__ import annotations

import re

from banshi.resolve.compiled import CatalogInfo, HandlingItem

# A Chinese character, or a run of Latin letters and digits: what Pagefind indexes of a word.
_TOKEN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]|[0-9A-Za-z]+")


def synonyms(info: CatalogInfo) -> dict[str, list[str]]:
    """The catalog's synonyms (a catalog without them has none)."""
    return dict(info.synonyms or {})


def words(own: list[str], synonyms: dict[str, list[str]]) -> list[str]:
    """``own`` (name first), then every synonym one of whose meanings is part of them."""
    extra = [
        word
        for word, meanings in synonyms.items()
        if any(meaning in mine for meaning in meanings for mine in own)
    ]
    return list(dict.fromkeys([*own, *extra]))


def item_words(handling: HandlingItem, synonyms: dict[str, list[str]]) -> list[str]:
    own = [handling.name, *handling.keywords, *(r.name for r in handling.results)]
    # Its code last: a clerk types the code the national platform shows (G-000007-00101).
    return [*words(own, synonyms), handling.code]


def also_called(handling: HandlingItem, found: list[str]) -> list[str]:
    """又称: the keywords and synonyms of an item that its name does not already say."""
    results = {r.name for r in handling.results}
    return [
        w for w in found[1:] if w not in handling.name and w not in results and w != handling.code
    ]


def tokens(found: list[str]) -> list[str]:
    """The characters (and Latin or digit runs) of the words, each once, for Pagefind."""
    return list(dict.fromkeys(t for word in found for t in _TOKEN.findall(word)))
