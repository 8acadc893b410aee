"""Shared by the reference rules: "did you mean …", the known id nearest to a mistyped one.

The ids one keystroke away come first (a character changed, left out, added or two swapped:
``000131128001`` for ``000131128000``), looked up at a cost that does not grow with the number
of ids. Else ``difflib`` finds the likest (``resident_id`` for ``resident_id_card``); it
compares with every known id, so only up to ``LIKENESS_MOST`` of them (not a province's
regions or codes).
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from banshi.i18n import _

LIKENESS_MOST = 1000
CUTOFF = 0.75  # difflib's ratio: below it an id is not taken for a slip of another


class Nearest:
    """The ids of one kind (materials, departments…), asked for the nearest of each mistake."""

    def __init__(self, known: Iterable):
        self.known = frozenset(k for k in known if isinstance(k, str))
        self._ordered: list[str] | None = None
        self._letters: str | None = None

    def hint(self, mistyped) -> str:
        """ " Did you mean …?" when a known id is near, else "". The messages end in it: in
        English it starts with a space, in Chinese with none."""
        if not isinstance(mistyped, str) or not self.known:
            return ""
        found = self.nearest(mistyped)
        return _(" Did you mean {id}?").format(id=found) if found else ""

    def nearest(self, mistyped: str) -> str | None:
        """An id one keystroke away (the first of them in order), else the likest."""
        typed = self._one_keystroke(mistyped)
        if typed or len(self.known) > LIKENESS_MOST:
            return min(typed, default=None)
        if self._ordered is None:
            self._ordered = sorted(self.known)
        close = difflib.get_close_matches(mistyped, self._ordered, n=1, cutoff=CUTOFF)
        return close[0] if close else None

    def _one_keystroke(self, word: str) -> set[str]:
        """The known ids one edit from ``word``, over the characters the ids are written in."""
        if self._letters is None:
            self._letters = "".join(sorted({c for k in self.known for c in k}))
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        edits = {a + b[1:] for a, b in splits if b}
        edits |= {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
        edits |= {a + c + b[1:] for a, b in splits if b for c in self._letters}
        edits |= {a + c + b for a, b in splits for c in self._letters}
        return edits & self.known
