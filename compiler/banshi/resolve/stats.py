"""Catalog statistics: counts, shares, and the 承诺提速率, for the whole catalog or one region and
everything below it.

承诺提速率 = Σ(法定 − 承诺) / Σ 法定 over the handling items counted in 工作日 with a legal limit:
the seeds' 20.77 → 13.12 days gives 36.83%. For the whole catalog the promise is each handling
item's own; for a region (``--region``, and each region of ``by_region``) it is what each of its
guides promises along its route, since that is what the region's applicants are told. The seeds
give no formula for 窗口授权率 or 进驻率; the ones used here are stated in ``FORMULAS`` and printed
with the figures. Figures measured on cases (现场办结率, 按时办结率…) are ``banshi cases``'.
"""

from __future__ import annotations

from collections import Counter

from banshi.model import LEVEL_NAMES, LEVELS
from banshi.resolve.compiled import Compiled, Guide, HandlingItem, TimeLimit

FORMULA = (
    "承诺提速率 = Σ(法定时限 − 承诺时限) / Σ 法定时限（以工作日计、有法定时限的业务办理项；"
    "指定区划时为各办事指南沿办理路径的承诺时限）"
)
FORMULAS = {
    "promise_speedup": FORMULA,
    "on_site_share": "窗口授权率 = 授权窗口当场决定（on_site）的实施条目数 / 实施条目数",
    "immediate_on_site_share": (
        "即办件窗口授权率 = 授权窗口当场决定的即办件实施条目数 / 即办件实施条目数"
    ),
    "in_hall_share": "进驻率 = 进驻大厅（in_hall）的实施条目数 / 实施条目数",
    "online_share": "网上可办率 = 全程网办或网上预审的业务办理项数 / 业务办理项数",
    "fully_online_share": "全程网办率 = 全程网办的业务办理项数 / 业务办理项数",
    "one_visit_share": "最多跑一次率 = 到现场次数不超过 1 次的业务办理项数 / 业务办理项数",
    "zero_visit_share": "零跑动率 = 到现场次数为 0 的业务办理项数 / 业务办理项数",
    "average_days": "平均法定时限、平均承诺时限 = Σ 时限 / 计入承诺提速率的业务办理项数（工作日）",
}
ONLINE = ("全程网办", "网上预审")


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def in_scope(compiled: Compiled, region: str | None):
    """Whether a guide counts: every guide, or those of ``region`` and the regions below it."""
    if region is None:
        return lambda guide: True
    return lambda guide: (
        guide.region_code == region or region in compiled.regions[guide.region_code].ancestors
    )


def _speedup(limits: list[tuple[int, int]]) -> dict:
    """承诺提速率 and the averages, over (legal, promised) pairs in working days."""
    legal = sum(pair[0] for pair in limits)
    promised = sum(pair[1] for pair in limits)
    count = len(limits)
    return {
        "legal_days": legal,
        "promised_days": promised,
        "promise_speedup": _share(legal - promised, legal),
        "average_legal_days": round(legal / count, 2) if count else None,
        "average_promised_days": round(promised / count, 2) if count else None,
    }


def _counted(time_limit: TimeLimit) -> bool:
    """In working days with a legal limit: what 承诺提速率 can count."""
    return time_limit.unit == "工作日" and time_limit.legal is not None


def _guide_limits(guides: list[Guide]) -> list[tuple[int, int]]:
    """What each guide promises along its route, against its legal limit."""
    return [
        (g.handling.time_limit.legal, g.promised) for g in guides if _counted(g.handling.time_limit)
    ]


def _service_shares(handling: list[HandlingItem]) -> dict:
    return {
        "online_share": _share(sum(h.online in ONLINE for h in handling), len(handling)),
        "fully_online_share": _share(sum(h.online == "全程网办" for h in handling), len(handling)),
        "one_visit_share": _share(sum(h.visits <= 1 for h in handling), len(handling)),
        "zero_visit_share": _share(sum(h.visits == 0 for h in handling), len(handling)),
    }


def _region_figures(compiled: Compiled, code: str, guides: list[Guide]) -> dict:
    handling = [g.handling for g in guides]
    return {
        "name": compiled.regions[code].name,
        "entries": len(guides),
        "by_kind": dict(sorted(Counter(h.kind for h in handling).items())),
        "in_hall": sum(g.in_hall for g in guides),
        "in_hall_share": _share(sum(g.in_hall for g in guides), len(guides)),
        "waived_materials": sum(len(g.waived) for g in guides),
        **_service_shares(handling),
        **_speedup(_guide_limits(guides)),
    }


def stats(compiled: Compiled, region: str | None = None) -> dict:
    """The figures of the catalog, or of ``region`` and below (a code of ``compiled.regions``)."""
    counts = in_scope(compiled, region)
    guides = [g for g in compiled.guides if counts(g)]
    codes = {g.code for g in guides} if region else set(compiled.handling)
    handling = [h for code, h in compiled.handling.items() if code in codes]
    if region is None:  # the catalog: each handling item's own limits
        limits = [
            (h.time_limit.legal, h.time_limit.promised) for h in handling if _counted(h.time_limit)
        ]
    else:  # a region: what its guides promise
        limits = _guide_limits(guides)
    levels = Counter(g.region.level for g in guides)
    immediate = [g for g in guides if g.handling.kind == "即办件"]
    by_region: dict[str, list[Guide]] = {}
    for guide in guides:
        by_region.setdefault(guide.region_code, []).append(guide)
    return {
        "as_of": compiled.as_of,
        "region": region,
        "handling_items": len(handling),
        "items": len({h.item for h in handling}),
        "guides": len(guides),
        "by_kind": dict(sorted(Counter(h.kind for h in handling).items())),
        "by_type": dict(sorted(Counter(h.type for h in handling).items())),
        "by_level": {level: levels[level] for level in LEVELS if levels[level]},
        "by_mode": dict(sorted(Counter(g.mode for g in guides).items())),
        "immediate_share": _share(sum(h.kind == "即办件" for h in handling), len(handling)),
        "on_site_share": _share(sum(g.on_site for g in guides), len(guides)),
        "immediate_on_site_share": _share(sum(g.on_site for g in immediate), len(immediate)),
        "in_hall_share": _share(sum(g.in_hall for g in guides), len(guides)),
        **_service_shares(handling),
        "waived_materials": sum(len(g.waived) for g in guides),
        "by_region": {
            code: _region_figures(compiled, code, by_region[code]) for code in sorted(by_region)
        },
        **_speedup(limits),
        "formula": FORMULA,
        "formulas": FORMULAS,
    }


def _days(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f} 个工作日"


def text(data: dict) -> str:
    scope = f"（{data['region']} 及下级区划）" if data["region"] else ""
    lines = [
        (
            f"{data['as_of']} 有效{scope}：{data['items']} 个事项，"
            f"{data['handling_items']} 个业务办理项，"
            f"{data['guides']} 份办事指南（业务办理项 × 实施区划）"
        )
    ]
    for key, label in (
        ("by_kind", "办件类型"),
        ("by_type", "事项类型"),
        ("by_level", "实施层级"),
        ("by_mode", "实施方式"),
    ):
        lines.append(
            f"{label}：" + "，".join(f"{LEVEL_NAMES.get(k, k)} {v}" for k, v in data[key].items())
        )
    lines.append(f"即办件占比：{data['immediate_share']:.2%}")
    for key, label in (
        ("on_site_share", "窗口授权率"),
        ("immediate_on_site_share", "即办件窗口授权率"),
        ("in_hall_share", "进驻率"),
        ("online_share", "网上可办率"),
        ("fully_online_share", "全程网办率"),
        ("one_visit_share", "最多跑一次率"),
        ("zero_visit_share", "零跑动率"),
    ):
        lines.append(f"{label}：{data[key]:.2%}")
        lines.append(f"  {data['formulas'][key]}")
    lines.append(f"免提交材料：{data['waived_materials']} 项次（各区划实施条目免提交的材料数之和）")
    lines.append(
        f"承诺提速率：{data['promise_speedup']:.2%} = "
        f"({data['legal_days']} − {data['promised_days']}) / {data['legal_days']}"
    )
    lines.append(f"  {data['formula']}")
    lines.append(
        f"平均法定时限 {_days(data['average_legal_days'])} → "
        f"平均承诺时限 {_days(data['average_promised_days'])}"
    )
    lines.append(f"  {data['formulas']['average_days']}")
    lines.append("各区划：")
    for code, figures in data["by_region"].items():
        kinds = "，".join(f"{kind} {count}" for kind, count in figures["by_kind"].items())
        lines.append(
            f"  {code} {figures['name']}：{figures['entries']} 份指南（{kinds}），"
            f"进驻率 {figures['in_hall_share']:.2%}（{figures['in_hall']}/{figures['entries']}），"
            f"网上可办率 {figures['online_share']:.2%}，全程网办率 "
            f"{figures['fully_online_share']:.2%}，最多跑一次率 {figures['one_visit_share']:.2%}，"
            f"零跑动率 {figures['zero_visit_share']:.2%}，承诺提速率 "
            f"{figures['promise_speedup']:.2%}，免提交材料 {figures['waived_materials']} 项次"
        )
    return "\n".join(lines) + "\n"
