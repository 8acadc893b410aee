"""What resolve hands every output: ``Compiled`` and its parts, each a frozen dataclass of one
shape.

A catalog file is read as plain data (dicts and lists) and checked against its schema; resolve
turns what is in force into these types once, so an emitter, a paper or a figure reads
``guide.handling.time_limit.promised`` and never probes a dict for a key. The names are the
catalog format's (``docs/format.md``); ``plain(value)`` gives a value's JSON, the fields in
their order.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields
from functools import cache

MODE_NOTES = {
    "办理": "本级受理并作出决定",
    "受理转报": "本级受理，转报上级部门作出决定",
    "下放": "上级下放至本级，本级受理并作出决定",
    "代办": "村（社区）代办员代为提交，由上级窗口受理办理",
    "一件事": "一窗受理、并联办理、统一出件",
}


@dataclass(frozen=True, slots=True)
class CatalogInfo:
    """catalog.yaml: the release."""

    name: str
    version: str
    released: str
    publisher: str
    base_url: str
    description: str | None = None
    synonyms: dict | None = None  # the words people type → the words the catalog uses


@dataclass(frozen=True, slots=True)
class Region:
    code: str
    name: str
    level: str
    level_name: str  # 县级 …
    parent: str | None
    ancestors: tuple[str, ...]  # parent, grandparent … up to the top
    children: tuple[str, ...]
    path: tuple[str, ...]  # names from the top region down to this one


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    name: str
    region: str
    sector: str
    phone: str
    complaint_phone: str
    address: str
    hours: str
    credit_code: str | None = None
    map_url: str | None = None  # its address on a map (https)
    vertical: bool = False  # 实行垂直领导 (行政复议法第二十七条)
    review_body: str | None = None  # the 复议机关 the catalog names, over the law's rule
    reviewed_by: str = ""  # the 复议机关 of its acts: review_body, or by the law (resolve.review)


@dataclass(frozen=True, slots=True)
class Basis:
    kind: str  # 设定依据 | 实施依据
    title: str
    article: str | None = None
    number: str | None = None


@dataclass(frozen=True, slots=True)
class TimeLimit:
    unit: str  # 工作日 | 自然日
    legal: int | None  # None: the law sets no limit (无法定时限), which is not 0 (即时办结)
    promised: int
    extension: int | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    days: int
    post: str | None = None


@dataclass(frozen=True, slots=True)
class SpecialStep:
    """特殊环节 (检验、检测、评估、论证, 公示…) with its own time, in its own unit."""

    name: str
    days: int
    counted: bool
    basis: str | None = None
    fee: object = None
    unit: str = "工作日"


@dataclass(frozen=True, slots=True)
class Fee:
    name: str
    amount: float
    unit: str
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Result:
    """What a handling item produces (a licence, a certificate), with its 办理结果样本."""

    id: str
    name: str
    sample: str | None = None


@dataclass(frozen=True, slots=True)
class Question:
    """A 情形 question the materials depend on."""

    id: str
    text: str
    type: str  # boolean | choice
    options: tuple
    help: str | None = None


@dataclass(frozen=True, slots=True)
class Levels:
    exercise: tuple[str, ...]  # 行使层级
    accept: tuple[str, ...]  # 受理层级
    decide: str  # 审批层级


@dataclass(frozen=True, slots=True)
class Faq:
    q: str
    a: str


@dataclass(frozen=True, slots=True)
class MaterialRow:
    """One material a handling item asks for, with the library's name, category and forms."""

    id: str
    name: str
    category: str
    source: str
    issuer: str | None
    e_license: bool
    requirements: str | None
    blank_form: str | None
    sample: str | None
    form: str  # 原件 | 复印件 …
    copies: int
    note: str | None
    when: dict | None  # the condition over situation answers, as written
    condition_text: str | None
    deferrable_days: int | None  # 容缺受理: days to hand it in later
    proof: bool
    commitment: bool  # 告知承诺制
    commitment_form: str | None


@dataclass(frozen=True, slots=True)
class HandlingItem:
    """A 业务办理项 in force, resolved with its 事项's shared fields (四级四同) and the material
    library."""

    code: str
    name: str
    item: str
    item_name: str
    type: str
    sector: str
    kind: str  # 即办件 | 承诺件
    status: str
    effective: str
    expires: str | None
    service_objects: tuple[str, ...]
    basis: tuple[Basis, ...]
    levels: Levels
    conditions: tuple[str, ...]
    time_limit: TimeLimit
    steps: tuple[Step, ...]
    special_steps: tuple[SpecialStep, ...]
    materials: tuple[MaterialRow, ...]
    questions: tuple[Question, ...]
    fees: tuple[Fee, ...]
    results: tuple[Result, ...]
    delivery: tuple[str, ...]
    visits: int
    online: str  # 全程网办 | 网上预审 | 窗口办理
    proxy: bool
    keywords: tuple[str, ...]
    online_url: str | None
    online_depth: str | None
    visit_reason: str | None
    cross_region: str | None
    quantity_limit: str | None
    first_review: object
    faq: tuple[Faq, ...]

    one_thing = False


@dataclass(frozen=True, slots=True)
class ItemRef:
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class MergedMaterial:
    """A material of a 一件事, asked once in the strictest form and the most copies any of its
    items asks, with its condition, and the items that ask it."""

    id: str
    name: str
    category: str
    source: str
    issuer: str | None
    e_license: bool
    requirements: str | None
    blank_form: str | None
    sample: str | None
    form: str
    copies: int
    note: str | None
    when: dict | None
    condition_text: str | None
    deferrable_days: int | None
    proof: bool
    commitment: bool
    commitment_form: str | None
    items: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class OneThing:
    """一件事: several handling items applied for once, at the lead department's window. What
    its guide, notice and papers read has the names a handling item's has."""

    code: str  # the bundle's id
    name: str
    items: tuple[ItemRef, ...]
    time_limit: TimeLimit
    materials: tuple[MergedMaterial, ...]
    questions: tuple[Question, ...]
    special_steps: tuple[SpecialStep, ...]
    fees: tuple[Fee, ...]
    basis: tuple[Basis, ...]
    conditions: tuple[str, ...]
    visits: int
    kind = "一件事"
    type = "一件事"
    item = None
    item_name = None
    delivery = ()
    online = "窗口办理"
    online_url = None
    keywords = ()
    results = ()
    steps = ()
    one_thing = True


@dataclass(frozen=True, slots=True)
class RouteStep:
    """A window the file passes through: 代办 → 受理转报 → 办理."""

    region: str
    region_name: str
    agency: str
    agency_name: str
    mode: str
    promised: int


@dataclass(frozen=True, slots=True)
class Waived:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Guide:
    """One handling item as one region implements it: the unit of a 办事指南 page, a notice and
    a placard. A 一件事 is a guide too, at its lead's window (``mode`` 一件事)."""

    handling: HandlingItem | OneThing
    region: Region
    mode: str
    agency: Department
    forward_to: Department | None
    window: str | None
    on_site: bool
    promised: int
    delegation_basis: str | None
    address: str
    hours: str
    phone: str
    # What this region asks for: the handling item's materials less those it waives (免提交).
    # Every guide, notice, JSON and placard of the region takes its list from here.
    materials: tuple[MaterialRow | MergedMaterial, ...]
    waived: tuple[Waived, ...] = ()
    waive_basis: str | None = None
    in_hall: bool = True  # 进驻大厅
    not_in_hall_reason: str | None = None
    service_modes: tuple[str, ...] = ()  # 预约办理, 延时办理, …
    power_source: str | None = None  # 权力来源, stated or implied by the mode
    joint_agencies: tuple[Department, ...] = ()  # 联办机构
    route: tuple[RouteStep, ...] = ()  # the windows the file passes through, this one first
    steps: tuple[Step, ...] = ()  # 办理流程 here: the entry's own, else the handling item's
    # The department that decides: the end of the route (the lead, for a 一件事). Every act
    # on a paper is in its name; a 代办 or 受理转报 window only receives for it.
    decider: Department | None = None
    map_url: str | None = None  # the address on a map (https), when the catalog gives one
    implementation_code: str | None = None  # 实施编码, as the national platform publishes it

    @property
    def code(self) -> str:
        return self.handling.code

    @property
    def region_code(self) -> str:
        return self.region.code

    @property
    def region_path(self) -> tuple[str, ...]:
        return self.region.path

    @property
    def mode_note(self) -> str:
        return MODE_NOTES[self.mode]

    @property
    def where(self) -> str:
        """Where and how an applicant gets it done here, in plain words (no 办理/下放/代办
        jargon)."""
        window = f"{self.agency.name}{' ' + self.window if self.window else ''}"
        onward = self.forward_to.name if self.forward_to else ""
        how = {
            "办理": f"到{window}办理",
            "下放": f"到{window}办理，不用再去上级",
            "受理转报": f"到{window}提交，由该窗口转{onward}审批，结果在此领取",
            "代办": f"找{window}的代办员，由代办员把材料送到{onward}",
            "一件事": f"到{window}一次提交",
        }[self.mode]
        days = self.promised
        unit = self.handling.time_limit.unit
        return f"{how}；{'当场办结' if days == 0 else f'承诺 {days} 个{unit}办结'}"


@dataclass(frozen=True, slots=True)
class Retired:
    """A cancelled, merged or suspended item: its decision and, if merged, where it went."""

    code: str
    name: str
    status: str
    status_name: str
    decision: object
    expires: str | None
    merged_into: str | None
    merged_into_name: str | None
    successors: tuple[ItemRef, ...]
    handling: tuple[ItemRef, ...]


@dataclass(frozen=True, slots=True)
class Proof:
    """An entry of the 证明事项清单."""

    id: str
    name: str
    issuer: str
    commitment: bool
    commitment_form: str | None
    asked_by: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class FormLinks:
    """Where the site publishes a material's blank form, sample and commitment form."""

    blank: str | None = None
    sample: str | None = None
    commitment: str | None = None


@dataclass(frozen=True)
class FormFile:
    """A blank form or sample to publish: its site path (made from the material id, never the
    maintainer's path) and its bytes as load read them."""

    site_path: str
    data: bytes = field(repr=False)


@dataclass
class Compiled:
    """Everything ``build`` publishes, resolved for one as-of date."""

    info: CatalogInfo
    as_of: str
    calendar: tuple[tuple[str, ...], tuple[str, ...]]  # calendar.yaml's holidays, workdays
    regions: dict[str, Region]
    departments: dict[str, Department]
    handling: dict[str, HandlingItem] = field(default_factory=dict)
    guides: list[Guide] = field(default_factory=list)
    bundles: dict[str, dict] = field(default_factory=dict)  # id → graph json (spec §4)
    bundle_guides: dict[str, Guide] = field(default_factory=dict)  # 一件事 id → its window
    placards: dict[str, list[Guide]] = field(default_factory=dict)  # region → 高频事项
    forms: dict[str, FormLinks] = field(default_factory=dict)  # material id → its forms
    form_files: list[FormFile] = field(default_factory=list)
    retired: list[Retired] = field(default_factory=list)
    proofs: list[Proof] = field(default_factory=list)  # 证明事项清单
    known_codes: frozenset[str] = frozenset()  # every handling code, in force or not
    sources: dict[str, str] = field(default_factory=dict)  # source file → sha256
    correction_days: int | None = None  # the applicant's 补正 period, if the policy sets one
    changes: dict | None = None  # the 变更公告 against a previous release, when asked for
    _by_code: dict[str, list[Guide]] = field(default_factory=dict, repr=False)

    def guides_of(self, code: str) -> list[Guide]:
        return self._by_code.get(code, [])

    def guide(self, code: str, region: str) -> Guide | None:
        return next((g for g in self.guides_of(code) if g.region_code == region), None)

    def work_calendar(self):
        from banshi.workdays import WorkCalendar

        return WorkCalendar(*self.calendar)


@cache
def _names(cls) -> tuple[str, ...]:
    return tuple(f.name for f in fields(cls))


def plain(value):
    """The JSON of a value: dataclasses as mappings of their fields in order, tuples as lists."""
    if hasattr(type(value), "__dataclass_fields__"):
        return {name: plain(getattr(value, name)) for name in _names(type(value))}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    return value


def attributes(cls) -> frozenset[str]:
    """What a template may read of a value of ``cls``: its fields, properties and constants
    (never a method, nor a name that starts with ``_``)."""
    public = (n for n in dir(cls) if not n.startswith("_"))
    readable = {
        n for n in public if isinstance(getattr(cls, n), property) or not callable(getattr(cls, n))
    }
    return frozenset(readable | set(_names(cls)))


# Every type above that a template may read.
COMPILED_TYPES = (
    CatalogInfo,
    Region,
    Department,
    Basis,
    TimeLimit,
    Step,
    SpecialStep,
    Fee,
    Result,
    Question,
    Levels,
    Faq,
    MaterialRow,
    HandlingItem,
    ItemRef,
    MergedMaterial,
    OneThing,
    RouteStep,
    Waived,
    Guide,
    Retired,
    Proof,
    FormLinks,
)
