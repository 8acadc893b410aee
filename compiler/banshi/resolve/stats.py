"""Catalog statistics: counts, shares, and the 承诺提速率, for the whole catalog or one region and
everything below it.

承诺提速率 = Σ(法定 − 承诺) / Σ 法定 over the handling items counted in 工作日: the seeds'
20.77 → 13.12 days gives 36.83%. The seeds give no formula for 窗口授权率 or 进驻率; the ones used
here are stated in ``FORMULAS`` and printed with the figures.
"""

from __future__ import annotations

from collections import Counter

from banshi.model import LEVEL_NAMES, LEVELS
from banshi.resolve.compiled import Compiled, Guide

FORMULA = "承诺提速率 = Σ(法定时限 − 承诺时限) / Σ 法定时限（以工作日计的业务办理项）"
FORMULAS = {
    "promise_speedup": FORMULA,
    "on_site_share": "窗口授权率 = 授权窗口当场决定（on_site）的实施条目数 / 实施条目数",
    "on_site_done_share": "现场办结率 = 授权窗口当场决定的即办件实施条目数 / 即办件实施条目数",
    "in_hall_share": "进驻率 = 进驻大厅（in_hall）的实施条目数 / 实施条目数",
}


def _share(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def in_scope(compiled: Compiled, region: str | None):
    """Whether a guide counts: every guide, or those of ``region`` and the regions below it."""
    if region is None:
        return lambda guide: True
    return lambda guide: (
        guide.region_code == region or region in compiled.regions[guide.region_code].ancestors
    )


def _region_figures(compiled: Compiled, code: str, guides: list[Guide]) -> dict:
    return {
        "name": compiled.regions[code].name,
        "entries": len(guides),
        "in_hall": sum(g.in_hall for g in guides),
        "in_hall_share": _share(sum(g.in_hall for g in guides), len(guides)),
        "waived_materials": sum(len(g.waived) for g in guides),
    }


def stats(compiled: Compiled, region: str | None = None) -> dict:
    """The figures of the catalog, or of ``region`` and below (a code of ``compiled.regions``)."""
    counts = in_scope(compiled, region)
    guides = [g for g in compiled.guides if counts(g)]
    codes = {g.code for g in guides} if region else set(compiled.handling)
    handling = [h for code, h in compiled.handling.items() if code in codes]
    working = [
        h.time_limit
        for h in handling
        if h.time_limit.unit == "工作日" and h.time_limit.legal is not None
    ]
    legal = sum(t.legal for t in working)
    saved = sum(t.legal - t.promised for t in working)
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
        "on_site_done_share": _share(sum(g.on_site for g in immediate), len(immediate)),
        "in_hall_share": _share(sum(g.in_hall for g in guides), len(guides)),
        "waived_materials": sum(len(g.waived) for g in guides),
        "by_region": {
            code: _region_figures(compiled, code, by_region[code]) for code in sorted(by_region)
        },
        "legal_days": legal,
        "promised_days": legal - saved,
        "promise_speedup": _share(saved, legal),
        "formula": FORMULA,
        "formulas": FORMULAS,
    }


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
        ("on_site_done_share", "现场办结率"),
        ("in_hall_share", "进驻率"),
    ):
        lines.append(f"{label}：{data[key]:.2%}")
        lines.append(f"  {data['formulas'][key]}")
    lines.append(f"免提交材料：{data['waived_materials']} 项次（各区划实施条目免提交的材料数之和）")
    lines.append(
        f"承诺提速率：{data['promise_speedup']:.2%} = "
        f"({data['legal_days']} − {data['promised_days']}) / {data['legal_days']}"
    )
    lines.append(f"  {data['formula']}")
    lines.append("各区划：")
    for code, figures in data["by_region"].items():
        lines.append(
            f"  {code} {figures['name']}：{figures['entries']} 份指南，"
            f"进驻率 {figures['in_hall_share']:.2%}（{figures['in_hall']}/{figures['entries']}），"
            f"免提交材料 {figures['waived_materials']} 项次"
        )
    return "\n".join(lines) + "\n"
