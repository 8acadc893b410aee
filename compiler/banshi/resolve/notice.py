"""The 一次性告知单 (and 补正告知) for one applicant: a guide, their answers, what they brought.

Told once: every material these answers require, each with its form, copies, 容缺 and where to
get blank forms; materials that depend on a question not yet answered are listed with their
condition rather than left out. With what was submitted, the 补正 notice lists only what is
still missing. With a date, the 受理 date and the 办结 date on the official calendar.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from banshi import parallel
from banshi.conditions import describe, evaluate, shown_answer
from banshi.resolve import Compiled, Guide
from banshi.workdays import WorkCalendar


class NoticeError(Exception):
    """Something the user asked for that the catalog does not have (a usage error)."""


def parse_answer(handling: dict, text: str) -> tuple[str, object]:
    """``question=value`` from the command line, checked against the item's (or bundle's)
    questions: ``handling`` needs its ``code`` and ``questions``."""
    if "=" not in text:
        raise NoticeError(f"--answer {text}: write question=value, e.g. entrusted=true")
    name, value = (part.strip() for part in text.split("=", 1))
    questions = {q["id"]: q for q in handling["questions"]}
    if name not in questions:
        known = ", ".join(questions) or "none: this item asks no questions"
        raise NoticeError(f"--answer {text}: {handling['code']} asks no question {name}; its questions: {known}")
    question = questions[name]
    if question["type"] == "boolean":
        truth = {"true": True, "yes": True, "是": True, "false": False, "no": False, "否": False}
        if value.lower() not in truth:
            raise NoticeError(f"--answer {text}: {name} is answered true or false")
        return name, truth[value.lower()]
    if value not in question["options"]:
        raise NoticeError(f"--answer {text}: {value} is not an option of {name}; options: {'、'.join(question['options'])}")
    return name, value


def _row(index: int, material: dict, accepted: datetime.date | None, calendar) -> dict:
    row = {"index": index}
    row.update((key, material[key]) for key in (
        "id", "name", "category", "source", "issuer", "form", "copies", "note", "requirements",
        "deferrable_days", "blank_form", "sample", "e_license", "condition_text"))
    row["deferrable_until"] = None
    if accepted and material["deferrable_days"]:
        row["deferrable_until"] = calendar.add(accepted, material["deferrable_days"], "工作日").isoformat()
    return row


@dataclass
class Notice:
    data: dict


def _guide(compiled: Compiled, code: str, region: str) -> Guide:
    if code not in compiled.handling:
        raise NoticeError(f"{code} is not a handling item in force on {compiled.as_of}")
    guide = compiled.guide(code, region)
    if guide is None:
        where = ", ".join(f"{g.region_code} {g.region['name']}" for g in compiled.guides_of(code))
        raise NoticeError(f"{code} is not implemented at region {region}; it is at: {where or 'no region'}")
    return guide


def _parse_date(date: str) -> datetime.date:
    try:
        return datetime.date.fromisoformat(date)
    except ValueError:
        raise NoticeError(f"--date {date}: write a real date as YYYY-MM-DD") from None


def _dates(guide: Guide, date: str | None, calendar: WorkCalendar):
    if date is None:
        return None, None
    accepted = calendar.next_workday(_parse_date(date))
    unit = guide.handling["time_limit"]["unit"]
    return accepted, calendar.add(accepted, guide.promised, unit)


def _split(guide, answers, accepted, calendar):
    required, conditional = [], []
    for index, material in enumerate(guide.handling["materials"]):
        result = evaluate(material["when"], answers)
        if result is not False:
            (required if result else conditional).append(_row(index, material, accepted, calendar))
    return required, conditional


def _check_submitted(guide: Guide, submitted: list[str]) -> None:
    ids = {m["id"] for m in guide.handling["materials"]}
    for material in submitted:
        if material not in ids:
            raise NoticeError(f"--submitted {material}: not a material of {guide.code}; its materials: {', '.join(sorted(ids))}")


def compose(compiled: Compiled, code: str, region: str, answers: dict, submitted: list[str] | None,
            date: str | None) -> Notice:
    guide = _guide(compiled, code, region)
    if submitted is not None:
        _check_submitted(guide, submitted)
    calendar = WorkCalendar.of(compiled.catalog)
    accepted, due = _dates(guide, date, calendar)
    handling = guide.handling
    texts = {q["id"]: q["text"] for q in handling["questions"]}
    required, conditional = _split(guide, answers, accepted, calendar)
    warnings = [f"未回答“{q['text']}”：与之相关的材料列在“视情形提交”中"
                for q in handling["questions"] if q["id"] not in answers]
    warnings += calendar.warnings
    return Notice({
        "kind": "补正告知书" if submitted is not None else "一次性告知单",
        "code": code,
        "name": handling["name"],
        "item": handling["item"],
        "item_name": handling["item_name"],
        "region": region,
        "region_name": guide.region["name"],
        "region_path": list(guide.region_path),
        "answers": {k: answers[k] for k in sorted(answers)},
        "answers_shown": [{"question": texts[k], "answer": shown_answer(answers[k])} for k in sorted(answers)],
        "submitted_on": date,
        "date": accepted.isoformat() if accepted else None,
        "due_date": due.isoformat() if due else None,
        "time_limit": {**handling["time_limit"], "promised": guide.promised},
        "kind_of_item": handling["kind"],
        "materials": required,
        "conditional": conditional,
        "submitted": sorted(submitted) if submitted is not None else None,
        "missing": [m["id"] for m in required if m["id"] not in set(submitted or ())],
        "special_steps": handling["special_steps"],
        "fees": handling["fees"],
        "basis": handling["basis"],
        "conditions": handling["conditions"],
        "mode": guide.mode,
        "mode_note": guide.mode_note,
        "agency": guide.agency,
        "forward_to": guide.forward_to,
        "window": guide.window,
        "address": guide.address,
        "hours": guide.hours,
        "phone": guide.phone,
        "complaint_phone": guide.agency["complaint_phone"],
        "visits": handling["visits"],
        "warnings": warnings,
    })


def _bundle_row(compiled: Compiled, index: int, merged: dict, texts: dict) -> dict:
    """A material of a 一件事 notice: asked once, in the strictest form any item asks."""
    library = compiled.catalog.materials[merged["id"]].data
    return {
        "index": index, "id": merged["id"], "name": merged["name"], "category": library["category"],
        "source": library["source"], "issuer": library.get("issuer"), "form": merged["form"],
        "copies": merged["copies"], "note": None, "requirements": library.get("requirements"),
        "deferrable_days": None, "blank_form": library.get("blank_form"), "sample": library.get("sample"),
        "e_license": library.get("e_license", False),
        "condition_text": describe(merged["when"], texts) if merged["when"] else None,
        "deferrable_until": None,
    }


def compose_bundle(compiled: Compiled, bundle_id: str, region: str, answers: dict,
                   submitted: list[str] | None, date: str | None) -> Notice:
    """One 一次性告知单 for a whole 一件事 bundle, at its lead department's single window."""
    catalog = compiled.catalog
    bundle = catalog.bundles[bundle_id]
    lead = catalog.departments[bundle["lead"]].data
    if region != lead["region"]:
        raise NoticeError(f"bundle {bundle_id} is applied for at {lead['name']}, region {lead['region']}")
    g = parallel.graph(catalog, bundle)
    codes = [c for c in sorted(g) if c in compiled.handling]
    items = [compiled.handling[c] for c in codes]
    questions = {q["id"]: q for h in items for q in h["questions"]}
    texts = {q: questions[q]["text"] for q in questions}
    merged = parallel.merged_materials(catalog, codes)
    if submitted is not None:
        unknown = sorted(set(submitted) - {m["id"] for m in merged})
        if unknown:
            raise NoticeError(f"--submitted {unknown[0]}: not a material of bundle {bundle_id}")
    calendar = WorkCalendar.of(catalog)
    days = parallel.timing(catalog, bundle, g)["parallel_days"]
    accepted, due = None, None
    if date is not None:
        accepted = calendar.next_workday(_parse_date(date))
        due = calendar.add(accepted, days, "工作日")
    required, conditional = [], []
    for index, material in enumerate(merged):
        result = evaluate(material["when"], answers)
        if result is not False:
            (required if result else conditional).append(_bundle_row(compiled, index, material, texts))
    region_entry = catalog.regions[region]
    warnings = [f"未回答“{q['text']}”：与之相关的材料列在“视情形提交”中" for q in questions.values() if q["id"] not in answers]
    return Notice({
        "kind": "补正告知书" if submitted is not None else "一次性告知单",
        "code": bundle_id, "name": bundle["name"], "item": None, "item_name": None,
        "items": [{"code": h["code"], "name": h["name"]} for h in items],
        "region": region, "region_name": region_entry["name"],
        "region_path": [catalog.regions[c]["name"] for c in reversed([region, *catalog.ancestors(region)])],
        "answers": {k: answers[k] for k in sorted(answers)},
        "answers_shown": [{"question": texts[k], "answer": shown_answer(answers[k])} for k in sorted(answers)],
        "submitted_on": date, "date": accepted.isoformat() if accepted else None,
        "due_date": due.isoformat() if due else None,
        "time_limit": {"unit": "工作日", "legal": sum(h["time_limit"]["legal"] for h in items),
                       "promised": days, "extension": None, "note": "各事项并联办理的合计时限"},
        "kind_of_item": "一件事",
        "materials": required, "conditional": conditional,
        "submitted": sorted(submitted) if submitted is not None else None,
        "missing": [m["id"] for m in required if m["id"] not in set(submitted or ())],
        "special_steps": [s for h in items for s in h["special_steps"]],
        "fees": [f for h in items for f in h["fees"]],
        "basis": [b for h in items for b in h["basis"]],
        "conditions": list(dict.fromkeys(c for h in items for c in h["conditions"])),
        "mode": "一件事", "mode_note": "一窗受理、并联办理、统一出件",
        "agency": {k: lead[k] for k in ("id", "name", "region", "sector", "phone", "complaint_phone", "address", "hours")},
        "forward_to": None, "window": None, "address": lead["address"], "hours": lead["hours"],
        "phone": lead["phone"], "complaint_phone": lead["complaint_phone"],
        "visits": max((h["visits"] for h in items), default=0),
        "warnings": warnings + calendar.warnings,
    })


def notice_for(compiled: Compiled, code: str, region: str, answer_texts, submitted: list[str] | None,
               date: str | None) -> Notice:
    """The notice of a handling item, or of a whole 一件事 bundle, from command-line answers."""
    bundle = compiled.catalog.bundles.get(code)
    if bundle is not None and bundle["kind"] == "一件事":
        codes = [c for stage in parallel.stages_of(compiled.catalog, bundle) for c in stage.codes]
        asked = {q["id"]: q for c in codes if c in compiled.handling for q in compiled.handling[c]["questions"]}
        answers = dict(parse_answer({"code": code, "questions": list(asked.values())}, a) for a in answer_texts)
        return compose_bundle(compiled, code, region, answers, submitted, date)
    handling = compiled.handling.get(code)
    if handling is None:
        raise NoticeError(f"{code} is not a handling item in force on {compiled.as_of}, nor a 一件事 bundle")
    answers = dict(parse_answer(handling, a) for a in answer_texts)
    return compose(compiled, code, region, answers, submitted, date)
