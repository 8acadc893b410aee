"""Problem reports that other tools read: SARIF 2.1.0 (GitHub code scanning and other SARIF
viewers) and GitLab Code Quality (the merge request widget of GitLab, self-hosted included).

Both name each problem with a fingerprint that does not move when unrelated lines are
inserted above it: a hash of the rule, the file, the problem's path inside the YAML document
(``handling/0/time_limit/promised``) and the message, never its line.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from urllib.parse import quote

from banshi import __version__
from banshi.i18n import _
from banshi.problems import ERROR, Key, Problem

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT = (
    "banshi/v1"  # the name of our partial fingerprint in SARIF; bump if its recipe changes
)
SARIF_LEVELS = {"error": "error", "warning": "warning"}
# GitLab's scale is info, minor, major, critical, blocker; like ESLint's and most linters'
# formatters, an error is major and a warning minor.
GITLAB_SEVERITIES = {"error": "major", "warning": "minor"}


def _reading_rule(family: str) -> str | None:
    """What the problems the reader and the schema check find (before any rule module runs)
    are about."""
    summaries = {
        "load": _("the file can be read as YAML of a known kind"),
        "schema": _("the file follows its kind's JSON Schema"),
        "files": _("the catalog root holds the files every catalog needs"),
    }
    return summaries.get(family)


def _yaml_path(path: tuple) -> str:
    """``handling/0/time_limit/promised``; a key itself (an unknown or repeated key) as
    ``@name``."""
    return "/".join(f"@{step.name}" if isinstance(step, Key) else str(step) for step in path)


def fingerprints(problems: list[Problem]) -> list[str]:
    """One stable fingerprint per problem, unique in the report: two problems that agree on
    everything hashed (say two syntax errors with the same message) are told apart by their
    order in the file, which an unrelated insertion does not change."""
    seen: dict[str, int] = {}
    result = []
    for problem in problems:
        recipe = "\0".join((problem.rule, problem.file, _yaml_path(problem.path), problem.message))
        digest = hashlib.sha256(recipe.encode("utf-8")).hexdigest()
        seen[digest] = seen.get(digest, 0) + 1
        if seen[digest] > 1:
            digest = hashlib.sha256(f"{digest}\0{seen[digest]}".encode()).hexdigest()
        result.append(digest)
    return result


def _dumps(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def _rule_descriptor(rule_id: str) -> dict:
    from banshi.rules import registry

    rule = registry().get(rule_id)
    if rule is None:
        family = rule_id.split(".", 1)[0]
        summary = _reading_rule(family) or rule_id
        return {
            "id": rule_id,
            "shortDescription": {"text": summary},
            "help": {"text": summary},
            "defaultConfiguration": {"level": SARIF_LEVELS[ERROR]},
        }
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "help": {"text": (rule.module.__doc__ or rule.summary).strip()},
        "defaultConfiguration": {"level": SARIF_LEVELS[rule.severity]},
    }


def sarif_uri(path: str) -> str:
    """A relative path as the relative reference SARIF's ``artifactLocation.uri`` is (RFC 3986):
    every octet but the unreserved characters and ``/`` percent-encoded, so a file named
    ``dup #1%41.yaml`` stays that file (not ``dup`` with a fragment, nor ``dupA``), and a
    ``:`` in the first segment is never read as a scheme."""
    return quote(path, safe="/")


def sarif_report(problems: list[Problem], uri_of: Callable[[str], str]) -> str:
    """A SARIF 2.1.0 log of one run: every rule (with its help and default severity), then
    each problem at its file, line and column. ``uri_of`` turns a catalog path into the path
    the reader of the report knows (relative to the repository checked out), written as a
    URI reference (``sarif_uri``)."""
    from banshi.rules import registry

    rule_ids = sorted(set(registry()) | {p.rule for p in problems})
    index = {rule_id: n for n, rule_id in enumerate(rule_ids)}
    results = [
        {
            "ruleId": problem.rule,
            "ruleIndex": index[problem.rule],
            "level": SARIF_LEVELS[problem.severity],
            "message": {"text": problem.message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": sarif_uri(uri_of(problem.file))},
                        "region": {
                            "startLine": max(problem.line, 1),
                            "startColumn": max(problem.column, 1),
                        },
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT: fingerprint},
        }
        for problem, fingerprint in zip(problems, fingerprints(problems), strict=True)
    ]
    return _dumps(
        {
            "$schema": SARIF_SCHEMA,
            "version": "2.1.0",
            "runs": [
                {
                    "tool": {
                        "driver": {
                            "name": "banshi",
                            "version": __version__,
                            "rules": [_rule_descriptor(rule_id) for rule_id in rule_ids],
                        }
                    },
                    "results": results,
                }
            ],
        }
    )


def gitlab_report(problems: list[Problem], uri_of: Callable[[str], str]) -> str:
    """A GitLab Code Quality report: every field GitLab requires, for each problem."""
    return _dumps(
        [
            {
                "description": problem.message,
                "check_name": problem.rule,
                "fingerprint": fingerprint,
                "severity": GITLAB_SEVERITIES[problem.severity],
                "location": {
                    "path": uri_of(problem.file),
                    "lines": {"begin": max(problem.line, 1)},
                },
            }
            for problem, fingerprint in zip(problems, fingerprints(problems), strict=True)
        ]
    )
