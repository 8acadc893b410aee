"""Problems: what the validator tells a maintainer, each at a file, line and column.

A problem found while reading YAML knows its line and column at once. A problem found later
(by a schema or a rule) knows only its path inside the document, e.g. ``("handling", 0,
"time_limit", "promised")``; the loader turns that path into a line and column afterwards, and
only for files that have problems, so a clean catalog is never parsed twice.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from operator import attrgetter

ERROR = "error"
WARNING = "warning"

# What a terminal or a CI log takes for something other than text: control characters (a
# newline would start a line of its own, "::add-mask::…" or "::error …::" in a workflow log),
# Unicode line and paragraph separators, and the bidirectional controls that reorder a line.
_UNPRINTABLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
_SHOWN = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def _shown(match: re.Match) -> str:
    char = match.group(0)
    return _SHOWN.get(char) or (
        f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
    )


def printable(text: str) -> str:
    """``text`` on one line, every control character shown escaped (a newline as ``\\n``)."""
    return _UNPRINTABLE.sub(_shown, text)


# A path element that points at a mapping's key rather than its value (an unknown key, a key
# written twice): ``("entries", 3, Key("name"))``.


@dataclass(frozen=True)
class Key:
    name: str


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a piece of catalog data was written: a file and a path inside its document."""

    file: str
    path: tuple = ()

    def at(self, *more) -> Origin:
        return Origin(self.file, self.path + more)


@dataclass(frozen=True, order=True)
class Problem:
    file: str
    line: int
    column: int
    rule: str
    message: str = field(compare=True)
    severity: str = field(default=ERROR, compare=False)
    path: tuple = field(default=(), compare=False)

    @classmethod
    def at(cls, origin: Origin, rule: str, message: str, severity: str = ERROR) -> Problem:
        """A problem whose line and column the locator fills in later."""
        return cls(origin.file, 0, 0, rule, message, severity, origin.path)

    def located(self, line: int, column: int) -> Problem:
        return replace(self, line=line, column=column)

    def with_severity(self, severity: str) -> Problem:
        return replace(self, severity=severity)

    def text(self) -> str:
        """One line, whatever the file name and message hold (see ``printable``)."""
        return (
            f"{printable(self.file)}:{self.line}:{self.column}: {self.severity} "
            f"{printable(self.rule)}: {printable(self.message)}"
        )

    def as_json(self) -> dict:
        return {
            "path": self.file,
            "line": self.line,
            "column": self.column,
            "severity": self.severity,
            "rule": self.rule,
            "message": self.message,
        }


# A problem's order (the fields it compares), as one tuple per problem: thousands of warnings
# sort several times faster by it than by the dataclass's own comparisons, in the same order.
IN_ORDER = attrgetter("file", "line", "column", "rule", "message")


def _github_escape(value: str, *, prop: bool = False) -> str:
    value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    value = printable(value)  # the other control characters, which the runner has no escape for
    if prop:
        value = value.replace(":", "%3A").replace(",", "%2C")
    return value


def github_annotation(problem: Problem, file_for_github: str) -> str:
    """One GitHub Actions workflow command, so the problem shows on the pull request's diff."""
    props = ",".join(
        [
            f"file={_github_escape(file_for_github, prop=True)}",
            f"line={problem.line}",
            f"col={problem.column}",
            f"title={_github_escape(problem.rule, prop=True)}",
        ]
    )
    return f"::{problem.severity} {props}::{_github_escape(problem.message)}"


def as_json_report(problems: list[Problem]) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    report = {
        "errors": errors,
        "warnings": len(problems) - errors,
        "problems": [p.as_json() for p in problems],
    }
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
