"""A window's paper as data: everything it states, and nothing of how it is worded.

The wording and the layout are the templates' (``templates/papers/``, which a centre overrides
file by file like any other); the JSON of a paper is this data (``plain``), for the systems that
import it. Dates are ISO strings here; templates print them as ``2025年9月30日``.
"""

from __future__ import annotations

from dataclasses import dataclass

from banshi.resolve.compiled import (
    Basis,
    Department,
    Fee,
    ItemRef,
    RouteStep,
    SpecialStep,
    Step,
    TimeLimit,
    Waived,
)


@dataclass(frozen=True, slots=True)
class PaperMaterial:
    """A material as a paper lists it, with its 容缺 后补 date when it has one."""

    index: int  # its row in the guide, for the site's situation selector
    id: str
    name: str
    category: str
    source: str
    issuer: str | None
    form: str
    copies: int
    note: str | None
    requirements: str | None
    condition_text: str | None
    deferrable_days: int | None
    deferrable_until: str | None
    blank_form: str | None
    sample: str | None
    e_license: bool
    proof: bool
    commitment: bool
    commitment_form: str | None


@dataclass(frozen=True, slots=True)
class Answer:
    """A situation question the applicant answered, as the paper shows it."""

    question: str
    answer: str


@dataclass(frozen=True, slots=True)
class Remedy:
    """The applicant's rights against a refusal or a denial (行政复议法第二十条,
    行政诉讼法第四十六条): the periods run from when the applicant receives the paper, so they are
    stated, not dated."""

    review_body: str  # 复议机关
    review_days: int = 60
    litigation_months: int = 6


@dataclass(frozen=True, slots=True)
class Extension:
    """How far a 延期办结告知书 moves the 办结 date."""

    days: int
    unit: str
    beyond_legal: bool  # past the legal limit: the head's approval and a law are needed
    law: str | None  # the article that allows it, when it is past the legal limit


@dataclass(frozen=True, slots=True)
class Paper:
    """One paper for one applicant. ``kind`` is the paper made: a 受理 asked for at a window
    that only receives is a ``receipt`` (收件回执)."""

    kind: str
    title: str
    number: str | None
    applicant: str | None
    # what is applied for
    code: str
    name: str
    item: str | None
    item_name: str | None
    type: str
    kind_of_item: str  # 即办件 | 承诺件 | 一件事
    items: tuple[ItemRef, ...]  # a 一件事's handling items
    licensing: bool  # a 行政许可: the 行政许可法 applies
    # where, and in whose name
    region: str
    region_name: str
    region_path: tuple[str, ...]
    mode: str
    issuer: Department  # in whose name the paper is made
    decider: Department  # who decides: the end of the route
    receiver: Department  # the window where the file is handed in
    window: str | None
    address: str
    hours: str
    phone: str
    complaint_phone: str
    route: tuple[RouteStep, ...]
    # what the applicant said and brought
    answers: tuple[Answer, ...]
    materials: tuple[PaperMaterial, ...]  # required by these answers
    conditional: tuple[PaperMaterial, ...]  # depending on a question not answered
    waived: tuple[Waived, ...]
    waive_basis: str | None
    submitted: tuple[str, ...] | None
    missing: tuple[str, ...]
    deferred: tuple[PaperMaterial, ...]  # 容缺: handed in later, each by its date
    # how it is done
    steps: tuple[Step, ...]
    special_steps: tuple[SpecialStep, ...]
    fees: tuple[Fee, ...]
    basis: tuple[Basis, ...]
    conditions: tuple[str, ...]
    visits: int
    delivery: tuple[str, ...]
    online_url: str | None
    results: tuple[str, ...]  # what a decision grants (licences, certificates)
    time_limit: TimeLimit  # ``promised`` is this window's, along its route
    # dates (ISO)
    date: str | None  # the day the file was handed in (收件日期, ``--date``)
    accepted_on: str | None  # 受理日期, the day counting starts from: none for 补正 and 不予受理
    issued_on: str | None  # the paper's own date (落款)
    due_date: str | None  # 承诺办结日期: never before a 补交 date
    legal_due_date: str | None  # 法定办结日期
    extended_due_date: str | None
    correct_by: str | None  # 补正期限, where the catalog sets one
    correction_days: int | None  # the 补正 period in working days, where the catalog sets one
    deliver_by: str | None  # a licence delivered by (行政许可法第四十四条)
    # the act
    law: tuple[str, ...]  # what the paper cites, by the item's type
    verdict: str | None  # a decision's: 准予行政许可, 不予确认 …
    reason: str | None
    refer_to: str | None  # the organ to apply to (不属于本机关职权范围)
    ground: str | None  # the ground of a refusal
    extension: Extension | None
    remedy: Remedy | None
    seal: str | None  # the seal the paper carries, or None (a receipt, an information sheet)
    warnings: tuple[str, ...]  # for the clerk, never printed on the paper
