"""The 一次性告知单 (and 补正告知) for one applicant: a guide, their answers, what they brought.

One builder for a handling item at a region and for a whole 一件事 bundle at its lead's window
(the bundle's ``Guide``), so both say the same things the same way.

Told once: every material these answers require, each with its form, copies, 容缺 and where to
get blank forms; materials that depend on a question not yet answered are listed with their
condition rather than left out. With what was submitted, the 补正 notice lists only what is
still missing. With a date, the 受理 date and the 办结 date on the official calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from banshi.conditions import evaluate, question_label, shown_answer
from banshi.errors import UsageError
from banshi.resolve.compiled import Compiled, Guide, plain
from banshi.workdays import WorkCalendar, caveats


class NoticeError(UsageError):
    """Something the user asked for that the catalog does not have (a usage error)."""


def parse_answer(handling, text: str) -> tuple[str, object]:
    """``question=value`` from the command line, checked against the item's (or bundle's)
    questions: ``handling`` needs its ``code`` and ``questions``."""
    if "=" not in text:
        raise NoticeError(f"--answer {text}: write question=value, e.g. entrusted=true")
    name, value = (part.strip() for part in text.split("=", 1))
    questions = {q.id: q for q in handling.questions}
    if name not in questions:
        known = ", ".join(questions) or "none: this item asks no questions"
        raise NoticeError(
            f"--answer {text}: {handling.code} asks no question {name}; its questions: {known}"
        )
    question = questions[name]
    if question.type == "boolean":
        truth = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}
        if value.lower() not in truth:
            raise NoticeError(f"--answer {text}: {name} is answered true or false")
        return name, truth[value.lower()]
    if value not in question.options:
        raise NoticeError(
            f"--answer {text}: {value} is not an option of {name}; "
            f"options: {'、'.join(question.options)}"
        )
    return name, value


def deadline(
    calendar: WorkCalendar, start: datetime.date | None, days: int | None, unit: str = "工作日"
) -> str | None:
    """Every date on a paper (办结, 容缺后补): counted from the day after ``start`` (期间开始的
    当日不计入), by the one calendar function."""
    if start is None or days is None:
        return None
    return calendar.add(start, days, unit).isoformat()


def _deferred_until(rows: list[dict]) -> list[datetime.date]:
    return [
        datetime.date.fromisoformat(r["deferrable_until"]) for r in rows if r["deferrable_until"]
    ]


def _row(index: int, material: dict, accepted: datetime.date | None, calendar) -> dict:
    row = {"index": index}
    row.update(
        (key, getattr(material, key))
        for key in (
            "id",
            "name",
            "category",
            "source",
            "issuer",
            "form",
            "copies",
            "note",
            "requirements",
            "deferrable_days",
            "blank_form",
            "sample",
            "e_license",
            "condition_text",
            "proof",
            "commitment",
            "commitment_form",
        )
    )
    row["deferrable_until"] = deadline(calendar, accepted, material.deferrable_days or None)
    return row


@dataclass
class Notice:
    data: dict


def window_of(compiled: Compiled, code: str, region: str) -> Guide:
    window = compiled.bundle_guides.get(code)
    if window is not None:
        if region != window.region_code:
            raise NoticeError(
                f"bundle {code} is applied for at {window.agency.name}, region {window.region_code}"
            )
        return window
    if code not in compiled.handling:
        raise NoticeError(
            f"{code} is not a handling item in force on {compiled.as_of}, nor a 一件事 bundle"
        )
    guide = compiled.guide(code, region)
    if guide is None:
        where = ", ".join(f"{g.region_code} {g.region.name}" for g in compiled.guides_of(code))
        raise NoticeError(
            f"{code} is not implemented at region {region}; it is at: {where or 'no region'}"
        )
    return guide


def _parse_date(date: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(date)
    except ValueError:
        raise NoticeError(f"--date {date}: write a real date as YYYY-MM-DD") from None


def split_materials(guide: Guide, answers: dict, accepted=None, calendar=None) -> tuple[list, list]:
    """The materials these answers require, and those that depend on a question not answered yet."""
    required, conditional = [], []
    for index, material in enumerate(guide.materials):
        result = evaluate(material.when, answers)
        if result is not False:
            (required if result else conditional).append(_row(index, material, accepted, calendar))
    return required, conditional


def _submitted_ids(guide: Guide, submitted: list[str]) -> list[str]:
    """What the applicant brought, by material id or by its Chinese name; never a material this
    region does not ask for (免提交)."""
    by_name = {m.name: m.id for m in guide.materials}
    waived = {m.id: m.name for m in guide.waived}
    found = []
    for material in submitted:
        if material in waived or material in waived.values():
            raise NoticeError(
                f"--submitted {material}: region {guide.region_code} does not "
                f"ask for it (免提交: {guide.waive_basis})"
            )
        if material not in by_name.values() and material not in by_name:
            known = "、".join(f"{i}（{n}）" for n, i in sorted(by_name.items(), key=lambda p: p[1]))
            raise NoticeError(
                f"--submitted {material}: not a material of {guide.code}; its materials: {known}"
            )
        found.append(by_name.get(material, material))
    return found


def compose(
    compiled: Compiled,
    code: str,
    region: str,
    answers: dict,
    submitted: list[str] | None,
    date: str | None,
) -> Notice:
    """The notice of a handling item at a region, or of a 一件事 bundle at its window."""
    guide = window_of(compiled, code, region)
    if submitted is not None:
        submitted = _submitted_ids(guide, submitted)
    calendar = compiled.work_calendar()
    handling = guide.handling
    unit = handling.time_limit.unit
    accepted = calendar.next_workday(_parse_date(date)) if date is not None else None
    due = deadline(calendar, accepted, guide.promised, unit)
    texts = {q.id: q.text for q in handling.questions}
    required, conditional = split_materials(guide, answers, accepted, calendar)
    warnings = [
        f"未回答“{q.text}”：与之相关的材料列在“视情形提交”中"
        for q in handling.questions
        if q.id not in answers
    ]
    if accepted is not None:
        last = max([datetime.date.fromisoformat(due)] + [d for d in _deferred_until(required)])
        warnings += caveats(calendar.guessed(accepted, last))
    notice = {
        "kind": "补正告知书" if submitted is not None else "一次性告知单",
        "code": code,
        "name": handling.name,
        "item": handling.item,
        "item_name": handling.item_name,
        "region": region,
        "region_name": guide.region.name,
        "region_path": list(guide.region_path),
        "answers": {k: answers[k] for k in sorted(answers)},
        "answers_shown": [
            {"question": question_label(texts[k]), "answer": shown_answer(answers[k])}
            for k in sorted(answers)
        ],
        "submitted_on": date,
        "date": accepted.isoformat() if accepted else None,
        "due_date": due,
        "time_limit": {**plain(handling.time_limit), "promised": guide.promised},
        "kind_of_item": handling.kind,
        "materials": required,
        "conditional": conditional,
        "submitted": sorted(submitted) if submitted is not None else None,
        "missing": [m["id"] for m in required if m["id"] not in set(submitted or ())],
        "steps": plain(handling.steps),
        "special_steps": plain(handling.special_steps),
        "fees": plain(handling.fees),
        "basis": plain(handling.basis),
        "conditions": list(handling.conditions),
        "mode": guide.mode,
        "mode_note": guide.mode_note,
        "agency": plain(guide.agency),
        "forward_to": plain(guide.forward_to),
        "window": guide.window,
        "address": guide.address,
        "hours": guide.hours,
        "phone": guide.phone,
        "complaint_phone": guide.agency.complaint_phone,
        "visits": handling.visits,
        "waived": plain(guide.waived),
        "waive_basis": guide.waive_basis,
        "warnings": warnings,
    }
    if handling.one_thing:
        notice["items"] = plain(handling.items)
    return Notice(notice)
