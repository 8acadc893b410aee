"""Messages in the officials' own language: Chinese by default, English with ``BANSHI_LANG=en``.

Every message a user reads goes through ``_``, written in English with named placeholders and
filled after translation: ``_("material {id} is not in the material library").format(id=...)``.
The Chinese text lives in the gettext catalog ``banshi/locale/zh_CN/LC_MESSAGES/banshi.po``
(compiled to ``banshi.mo`` beside it). Rule ids, codes and paths are never translated.
"""

from __future__ import annotations

import gettext
import os
from functools import cache
from importlib import resources

DOMAIN = "banshi"
CHINESE = "zh_CN"
ENGLISH = "en"


def language() -> str:
    """``en`` when ``BANSHI_LANG`` asks for English, else Chinese."""
    asked = os.environ.get("BANSHI_LANG", "").strip().lower().replace("-", "_")
    return ENGLISH if asked.startswith("en") else CHINESE


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    if lang == ENGLISH:
        return gettext.NullTranslations()
    folder = resources.files("banshi") / "locale"
    return gettext.translation(DOMAIN, localedir=str(folder), languages=[lang], fallback=True)


def _(message: str) -> str:
    """``message`` in the user's language."""
    return _catalog(language()).gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    return _catalog(language()).ngettext(singular, plural, count)
