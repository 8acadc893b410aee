"""What a clerk asks for: a paper of some kind, for one applicant, at one window.

Every value a clerk gives that the catalog cannot take is a ``RequestError`` naming its field
(``date``, ``submitted``…), which the command line turns into the flag's name.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from banshi.errors import RequestError
from banshi.i18n import _

if TYPE_CHECKING:
    from banshi.resolve.compiled import Compiled, Guide

KINDS = (
    "inform",
    "correct",
    "accept",
    "defer",
    "refuse",
    "extend",
    "proxy",
    "approve",
    "deny",
)
# Kinds that count from the day the file was handed in, or are dated by it: they need it.
DATED = ("correct", "accept", "defer", "refuse", "extend", "approve", "deny")


@dataclass(frozen=True)
class Request:
    kind: str = "inform"
    answers: dict = field(default_factory=dict)  # question id → answer
    submitted: tuple[str, ...] | None = None  # what the applicant brought, by id or name
    date: str | None = None  # the day the file was handed in (ISO)
    issued: str | None = None  # the paper's own date (ISO); default: ``date``
    applicant: str | None = None
    reason: str | None = None
    refer_to: str | None = None  # the organ to apply to, for a refusal
    ground: str | None = None  # a refusal's ground (banshi.papers.law.GROUNDS)
    until: str | None = None  # the new 办结 date an extension asks for (ISO)
    number: str | None = None  # 编号, as the window's register gives it


def guide_for(compiled: Compiled, code: str, region: str) -> Guide:
    """The window a paper is made at: a handling item at a region, or a 一件事 at its lead's."""
    window = compiled.bundle_guides.get(code)
    if window is not None:
        if region != window.region_code:
            raise RequestError(
                "region",
                _("bundle {code} is applied for at {agency}, region {region}").format(
                    code=code, agency=window.agency.name, region=window.region_code
                ),
            )
        return window
    if code not in compiled.handling:
        raise RequestError(
            "code",
            _("{code} is not a handling item in force on {day}, nor a 一件事 bundle").format(
                code=code, day=compiled.as_of
            ),
        )
    guide = compiled.guide(code, region)
    if guide is None:
        where = ", ".join(f"{g.region_code} {g.region.name}" for g in compiled.guides_of(code))
        raise RequestError(
            "region",
            _("{code} is not implemented at region {region}; it is at: {where}").format(
                code=code, region=region, where=where or "—"
            ),
        )
    return guide


_TRUTH = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}


def parse_answer(guide: Guide, text: str) -> tuple[str, object]:
    """``question=value`` from the command line, checked against the item's questions."""
    if "=" not in text:
        raise RequestError(
            "answer", _("{text}: write question=value, e.g. entrusted=true").format(text=text)
        )
    name, value = (part.strip() for part in text.split("=", 1))
    questions = {q.id: q for q in guide.handling.questions}
    if name not in questions:
        raise RequestError(
            "answer",
            _("{text}: {code} asks no question {name}; its questions: {known}").format(
                text=text, code=guide.code, name=name, known=", ".join(questions) or "—"
            ),
        )
    question = questions[name]
    if question.type == "boolean":
        if value.lower() not in _TRUTH:
            raise RequestError(
                "answer", _("{text}: {name} is answered true or false").format(text=text, name=name)
            )
        return name, _TRUTH[value.lower()]
    if value not in question.options:
        raise RequestError(
            "answer",
            _("{text}: {value} is not an option of {name}; options: {options}").format(
                text=text, value=value, name=name, options="、".join(question.options)
            ),
        )
    return name, value


def day(field_name: str, value: str | None) -> datetime.date | None:
    if value is None:
        return None
    try:
        return datetime.date.fromisoformat(value)
    except ValueError:
        raise RequestError(
            field_name, _("{value}: write a real date as YYYY-MM-DD").format(value=value)
        ) from None
