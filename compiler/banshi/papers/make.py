"""``paper(guide, calendar, request) → Paper``: what one paper states, from the guide it is made
at, the official calendar and what the clerk asked for.

Every date is counted by the one calendar function from the day after its start (期间开始的当日
不计入), from the day the file was really handed in (a Sunday too: 预约办理); no paper states a
办结 date before a 补交 date it also states. Acts (受理, 不予受理, 补正, 延期, decisions) are in
the name of the department that decides; a 代办 or 受理转报 window receives for it and gives a
receipt (收件回执). The law a paper cites follows the item's type (``banshi.papers.law``).
"""

from __future__ import annotations

import datetime
from dataclasses import replace

import banshi.papers.law as law
from banshi.conditions import evaluate, question_label, shown_answer
from banshi.errors import RequestError
from banshi.i18n import _
from banshi.papers.paper import Answer, Extension, Paper, PaperMaterial, Remedy
from banshi.papers.request import DATED, Request, day
from banshi.resolve.compiled import Guide
from banshi.workdays import WorkCalendar, caveats

RECEIVING_MODES = ("代办", "受理转报")


def _counted(calendar: WorkCalendar, start, days, unit="工作日") -> datetime.date | None:
    if start is None or days is None:
        return None
    return calendar.add(start, days, unit)


def _iso(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _row(index: int, material, accepted, calendar) -> PaperMaterial:
    return PaperMaterial(
        index=index,
        id=material.id,
        name=material.name,
        category=material.category,
        source=material.source,
        issuer=material.issuer,
        form=material.form,
        copies=material.copies,
        note=material.note,
        requirements=material.requirements,
        condition_text=material.condition_text,
        deferrable_days=material.deferrable_days,
        deferrable_until=_iso(_counted(calendar, accepted, material.deferrable_days or None)),
        blank_form=material.blank_form,
        sample=material.sample,
        e_license=material.e_license,
        proof=material.proof,
        commitment=material.commitment,
        commitment_form=material.commitment_form,
    )


def materials_for(guide: Guide, answers: dict, accepted=None, calendar=None):
    """The materials these answers require, and those that depend on a question not answered
    yet (listed with their condition rather than left out)."""
    required, conditional = [], []
    for index, material in enumerate(guide.materials):
        result = evaluate(material.when, answers)
        if result is not False:
            row = _row(index, material, accepted, calendar)
            (required if result else conditional).append(row)
    return tuple(required), tuple(conditional)


def _submitted_ids(guide: Guide, submitted) -> tuple[str, ...] | None:
    """What the applicant brought, by material id or by its Chinese name; never a material this
    region does not ask for (免提交)."""
    if submitted is None:
        return None
    by_name = {m.name: m.id for m in guide.materials}
    waived = {m.id: m.name for m in guide.waived}
    found = []
    for material in submitted:
        if material in waived or material in waived.values():
            raise RequestError(
                "submitted",
                _("{material}: region {region} does not ask for it (免提交: {basis})").format(
                    material=material, region=guide.region_code, basis=guide.waive_basis
                ),
            )
        if material not in by_name.values() and material not in by_name:
            known = "、".join(f"{i}（{n}）" for n, i in sorted(by_name.items(), key=lambda p: p[1]))
            raise RequestError(
                "submitted",
                _("{material}: not a material of {code}; its materials: {known}").format(
                    material=material, code=guide.code, known=known
                ),
            )
        found.append(by_name.get(material, material))
    return tuple(sorted(found))


def _kind(request: Request, guide: Guide) -> str:
    """The paper made: a 受理 at a window that only receives is its receipt."""
    if request.kind == "accept" and guide.mode in RECEIVING_MODES:
        return "receipt"
    return request.kind


def _check(request: Request, guide: Guide, kind: str) -> None:
    """What a request must carry, and what the law lets it ask for."""
    if kind in DATED and request.date is None:
        raise RequestError("date", _("the paper needs the day the file was handed in"))
    if kind == "correct" and request.submitted is None:
        raise RequestError("submitted", _("a 补正告知书 needs the materials the applicant brought"))
    if kind in ("refuse", "deny") and not request.reason:
        raise RequestError("reason", _("a refusal or a denial states its reason"))
    if kind == "extend" and not request.reason:
        raise RequestError("reason", _("an extension states its reason (行政许可法第四十二条)"))
    if kind == "proxy" and guide.mode != "代办":
        raise RequestError(
            "kind",
            _("{code} is not proxied (代办) at region {region}: it is {mode} there").format(
                code=guide.code, region=guide.region_code, mode=guide.mode
            ),
        )
    if kind == "defer" and guide.mode == "代办":
        raise RequestError(
            "kind",
            _("a 代办 station receives files; it does not accept them, with 容缺 or without"),
        )
    if kind in ("approve", "deny") and guide.handling.one_thing:
        raise RequestError(
            "kind", _("a 一件事 is decided item by item: ask for each item's decision")
        )


def _ground(request: Request, licensing: bool) -> str | None:
    """The ground of a refusal. A licence may be refused only because none is needed or the
    application is not this organ's (行政许可法第三十二条第一款第（一）（二）项)."""
    ground = request.ground or (law.NOT_COMPETENT if request.refer_to else None)
    if ground == law.NOT_COMPETENT and not request.refer_to:
        raise RequestError(
            "refer_to", _("a refusal as not this organ's says which organ to apply to")
        )
    if licensing and ground not in (law.NOT_REQUIRED, law.NOT_COMPETENT):
        raise RequestError(
            "ground",
            _(
                "a 行政许可 is refused only when it needs no licence (--ground not-required) or "
                "is not this organ's (--refer-to the organ to apply to), 行政许可法第三十二条; "
                "materials that are missing ask for a 补正告知书 (--kind correct), and an "
                "application that fails is accepted and then denied (--kind deny)"
            ),
        )
    return ground or law.OTHER


class _Dates:
    """Every date of one paper, counted once."""

    def __init__(self, guide: Guide, calendar: WorkCalendar, request: Request, kind: str):
        limit = guide.handling.time_limit
        self.submitted = day("date", request.date)
        self.issued = day("issued", request.issued) or self.submitted
        self.accepted = None if kind in ("correct", "refuse") else self.submitted
        self.due = _counted(calendar, self.accepted, guide.promised, limit.unit)
        self.legal_due = _counted(calendar, self.accepted, limit.legal, limit.unit)


def _correction(dates: _Dates, calendar, licensing: bool, correction_days) -> str | None:
    """The applicant's 补正 period (where the catalog sets one), counted from this notice; a
    licence's notice is given within 5 working days of receipt, else the application is
    accepted in law (行政许可法第三十二条第一款第（四）项)."""
    latest = _counted(calendar, dates.submitted, law.CORRECTION_NOTICE_DAYS)
    if licensing and dates.issued > latest:
        raise RequestError(
            "issued",
            _(
                "{issued} is more than 5 working days after the materials were received "
                "({received}): by 行政许可法第三十二条 the application is accepted from the day "
                "they were received; give a 受理通知书 instead"
            ).format(issued=dates.issued.isoformat(), received=dates.submitted.isoformat()),
        )
    return _iso(_counted(calendar, dates.issued, correction_days))


def _extension(guide: Guide, calendar, request: Request, dates: _Dates, licensing: bool):
    """(new 办结 date, Extension): to ``--until``, or as far as the law allows. Within the legal
    limit it only moves the promise; past it, the law must allow it (行政许可法第四十二条)."""
    limit = guide.handling.time_limit
    allowed = law.extension(limit, licensing)
    furthest = dates.legal_due  # None: the law sets no limit, and no date bounds the promise
    if allowed and dates.legal_due:
        furthest = calendar.add(dates.accepted, limit.legal + allowed[0], limit.unit)
    until = day("until", request.until) or furthest
    if until is None:
        raise RequestError(
            "until",
            _("the law sets no limit for {code}: give the new date").format(code=guide.code),
        )
    if until <= dates.due:
        raise RequestError(
            "until",
            _("{until} is not after the promised date {due}: nothing to extend").format(
                until=until.isoformat(), due=dates.due.isoformat()
            ),
        )
    if furthest is not None and until > furthest:
        raise RequestError(
            "until",
            _("{until} is after {furthest}, the latest the law allows").format(
                until=until.isoformat(), furthest=furthest.isoformat()
            ),
        )
    beyond = dates.legal_due is not None and until > dates.legal_due
    if beyond and dates.issued > dates.legal_due:
        raise RequestError(
            "issued",
            _("an extension past the legal limit is decided before it ends ({legal_due})").format(
                legal_due=dates.legal_due.isoformat()
            ),
        )
    article = (allowed[1] or "、".join(law.item_basis(guide.handling.basis))) if beyond else None
    days = allowed[0] if beyond else 0
    return until, Extension(days, limit.unit, beyond, article)


def _warnings(guide, answers, calendar, printed: list) -> tuple[str, ...]:
    """What the clerk must know and the applicant's paper does not say."""
    notes = [
        _(
            "{question} was not answered: the materials that depend on it are listed as 视情形提交"
        ).format(question=q.text)
        for q in guide.handling.questions
        if q.id not in answers
    ]
    dates = [d for d in printed if d]
    if dates:
        notes += caveats(calendar.guessed(min(dates), max(dates)))
    return tuple(notes)


def paper(
    guide: Guide, calendar: WorkCalendar, request: Request, correction_days: int | None = None
) -> Paper:
    """One paper of ``request.kind`` for one applicant at ``guide``'s window. ``correction_days``:
    the 补正 period the catalog's policy sets, if any."""
    kind = _kind(request, guide)
    _check(request, guide, kind)
    h = guide.handling
    licensing = h.type == law.LICENSING
    ground = _ground(request, licensing) if kind == "refuse" else None
    dates = _Dates(guide, calendar, request, kind)
    required, conditional = materials_for(guide, request.answers, dates.accepted, calendar)
    submitted = _submitted_ids(guide, request.submitted)
    deferred = tuple(m for m in required if m.deferrable_days and m.id not in (submitted or ()))
    if kind == "defer" and not deferred:
        raise RequestError(
            "kind",
            _("{code}: no material these answers require may be handed in later (容缺)").format(
                code=guide.code
            ),
        )
    due = dates.due
    if kind == "defer":  # nothing is decided before the last material is in
        due = max([due, *(datetime.date.fromisoformat(m.deferrable_until) for m in deferred)])
    extended, extension = (None, None)
    if kind == "extend":
        extended, extension = _extension(guide, calendar, request, dates, licensing)
    correct_by = (
        _correction(dates, calendar, licensing, correction_days) if kind == "correct" else None
    )
    deliver_by = (
        _counted(calendar, dates.issued, law.DELIVERY_DAYS)
        if kind == "approve" and licensing
        else None
    )
    decider = guide.decider or guide.agency
    issuer = guide.agency if kind in ("receipt", "inform", "proxy") else decider
    texts = {q.id: q.text for q in h.questions}
    printed = [dates.submitted, dates.issued, due, dates.legal_due, extended, deliver_by]
    if kind == "defer":
        printed += [datetime.date.fromisoformat(m.deferrable_until) for m in deferred]
    if correct_by:
        printed.append(datetime.date.fromisoformat(correct_by))
    return Paper(
        kind=kind,
        title=law.title(kind, h.type, ground),
        number=request.number,
        applicant=request.applicant,
        code=h.code,
        name=h.name,
        item=h.item,
        item_name=h.item_name,
        type=h.type,
        kind_of_item=h.kind,
        items=h.items if h.one_thing else (),
        licensing=licensing,
        region=guide.region_code,
        region_name=guide.region.name,
        region_path=guide.region_path,
        mode=guide.mode,
        issuer=issuer,
        decider=decider,
        receiver=guide.agency,
        window=guide.window,
        address=guide.address,
        hours=guide.hours,
        phone=guide.phone,
        complaint_phone=guide.agency.complaint_phone,
        route=guide.route,
        answers=tuple(
            Answer(question_label(texts[k]), shown_answer(request.answers[k]))
            for k in sorted(request.answers)
        ),
        materials=required,
        conditional=conditional,
        waived=guide.waived,
        waive_basis=guide.waive_basis,
        submitted=submitted,
        missing=tuple(m.id for m in required if m.id not in set(submitted or ())),
        deferred=deferred if kind == "defer" else (),
        steps=guide.steps,
        special_steps=h.special_steps,
        fees=h.fees,
        basis=h.basis,
        conditions=h.conditions,
        visits=h.visits,
        delivery=h.delivery,
        online_url=h.online_url,
        results=tuple(r.name for r in h.results),
        time_limit=replace(h.time_limit, promised=guide.promised),
        date=_iso(dates.submitted),
        accepted_on=_iso(dates.accepted),
        issued_on=_iso(dates.issued),
        due_date=_iso(due),
        legal_due_date=_iso(dates.legal_due),
        extended_due_date=_iso(extended),
        correct_by=correct_by,
        correction_days=correction_days if correct_by else None,
        deliver_by=_iso(deliver_by),
        law=law.citations(kind, licensing, h.basis, ground),
        verdict=law.verdict(kind, h.type),
        reason=request.reason,
        refer_to=request.refer_to,
        ground=ground,
        extension=extension,
        remedy=Remedy(decider.reviewed_by) if kind in ("refuse", "deny") else None,
        seal=_seal(kind, licensing),
        warnings=_warnings(guide, request.answers, calendar, printed),
    )


def _seal(kind: str, licensing: bool) -> str | None:
    """The seal an act carries (行政许可法第三十二条第二款: 专用印章和注明日期); a receipt, an
    information sheet and a letter of entrustment carry none."""
    if kind in ("accept", "defer"):
        return "行政许可受理专用章" if licensing else "受理专用章"
    if kind in ("correct", "refuse", "extend", "approve", "deny"):
        return "印章"
    return None
