"""The figures as people and systems read them: text for a terminal, JSON for systems, and one
HTML page a centre's director reads on a phone (charts drawn here as SVG: nothing is fetched).
"""

from __future__ import annotations

import csv
import io

from banshi.emit import dumps
from banshi.problems import printable

# The figures in the order a report states them: (key, label, kind).
LINES = (
    ("done_rate", "办结率", "rate"),
    ("on_time_rate", "按时办结率", "rate"),
    ("early_rate", "提前办结率", "rate"),
    ("same_day_rate", "当日办结率（日结率）", "rate"),
    ("average_days", "平均办结时间（工作日）", "days"),
    ("actual_speedup", "实际办理提速率", "rate"),
    ("on_site_rate", "现场办结率", "rate"),
    ("one_visit_rate", "一次办结率（跑动不超过一次）", "rate"),
    ("rated_rate", "评价率", "rate"),
    ("satisfied_rate", "满意率", "rate"),
    ("rectified_rate", "差评整改率", "rate"),
    ("average_acceptance_days", "平均受理时间（申请至受理，天）", "days"),
)
BY_NAMES = {
    "region": "区划",
    "department": "部门",
    "window": "窗口",
    "item": "事项",
    "month": "月份",
}


def by_name(by: list[str] | None) -> str:
    return "×".join(BY_NAMES[b] for b in by or ())


def shown(value, kind: str = "rate") -> str:
    if value is None:
        return "—"
    if kind == "rate":
        return f"{value:.2%}"
    return f"{value:.2f}"


def _scope(data: dict) -> str:
    region = f"，{data['region']} 及下级区划" if data["region"] else ""
    return f"{data['catalog']} 办件统计：{data['from']} 至 {data['to']} 受理{region}"


def text(data: dict) -> str:
    counts = data["counts"]
    lines = [
        _scope(data),
        f"受理 {data['accepted']} 件，办结 {data['done']} 件，超期 {len(data['overdue'])} 件，"
        f"差评 {len(data['bad'])} 件",
    ]
    lines += [f"{label}：{shown(data[key], kind)}" for key, label, kind in LINES]
    lines.append(
        f"  实际办理提速率 = 1 − Σ实际办理工作日 / Σ法定工作日 = 1 − {counts['counted_days']} / "
        f"{counts['legal_days']}（以工作日计、有法定时限的已办结件）"
    )
    if data["groups"]:
        lines.append(f"按{by_name(data['by'])}：")
        for group in data["groups"]:
            lines.append(
                f"  {group['key']} {group['name'] or ''}：受理 {group['accepted']}，"
                f"办结率 {shown(group['done_rate'])}，按时办结率 {shown(group['on_time_rate'])}，"
                f"超期 {len(group['overdue'])}，满意率 {shown(group['satisfied_rate'])}"
            )
    if data["overdue_cases"]:
        lines.append(f"超期件（超期最久的 {len(data['overdue_cases'])} 件）：")
        for case in data["overdue_cases"]:
            done = f"{case['done']} 办结" if case["done"] else "未办结"
            lines.append(
                f"  {case['case_id']} {case['name']}，{case['department_name']}"
                f"{' ' + case['window_name'] if case['window_name'] else ''}，"
                f"受理 {case['accepted']}，承诺 {case['due']} 办结，{done}，"
                f"超期 {case['late_days']} 天"
            )
    for release in data["releases"]:
        lines.append(
            f"目录版本 {release['version']}（{release['released']} 起施行）：{release['cases']} 件"
        )
    if data["unmeasured"]["count"]:
        lines.append(f"未能测量（受理当日无此事项的承诺）：{data['unmeasured']['count']} 件")
        for case in data["unmeasured"]["cases"]:
            lines.append(
                f"  {case['case_id']}：{case['code']} 在 {case['region']}，"
                f"受理 {case['accepted']}（{case['source']}）"
            )
    lines += [f"提醒：{w}" for w in data["warnings"]]
    return "\n".join(printable(line) for line in lines) + "\n"


def as_json(data: dict) -> str:
    return dumps(data)


DUE_COLUMNS = (
    ("level", "预警"),
    ("case_id", "办件编号"),
    ("code", "业务办理项编码"),
    ("name", "事项名称"),
    ("region", "区划代码"),
    ("department_name", "部门"),
    ("window_name", "窗口"),
    ("accepted", "受理日期"),
    ("due", "承诺办结日期"),
    ("days_left", "剩余工作日"),
)
LEVELS = {"red": "红（已超期）", "yellow": "黄（临近）"}


def due_text(data: dict) -> str:
    lines = [
        f"{data['catalog']} 超时预警：{data['on']}，已超期 {data['red']} 件，"
        f"{data['within']} 个工作日内到期 {data['yellow']} 件"
    ]
    for case in data["cases"]:
        window = " ".join(w for w in (case["department_name"], case["window_name"]) if w)
        lines.append(
            f"{LEVELS[case['level']]} {case['case_id']} {case['name']}，{window}，"
            f"受理 {case['accepted']}，承诺 {case['due']} 办结，剩余 {case['days_left']} 个工作日"
        )
    lines += [f"提醒：{w}" for w in data["warnings"]]
    return "\n".join(printable(line) for line in lines) + "\n"


def _csv_cell(value) -> str:
    """A cell a spreadsheet shows as text: never a formula (=, +, -, @ start one)."""
    if isinstance(value, int):
        return str(value)
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def due_csv(data: dict) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([label for _key, label in DUE_COLUMNS])
    for case in data["cases"]:
        row = {**case, "level": LEVELS[case["level"]]}
        writer.writerow([_csv_cell(row[key]) for key, _label in DUE_COLUMNS])
    return "\ufeff" + out.getvalue()  # Excel opens a CSV with a BOM as UTF-8


# -- the HTML page ---------------------------------------------------------------------------

WIDTH = 360  # the charts' drawing width; they scale to the page
LOW = 0.9  # a bar below this on-time rate is drawn in red


def _tiles(data: dict) -> list[dict]:
    counts = data["counts"]
    tiles = [
        {"label": "受理", "value": f"{data['accepted']} 件"},
        {
            "label": "办结",
            "value": f"{data['done']} 件",
            "note": f"办结率 {shown(data['done_rate'])}",
        },
        {
            "label": "按时办结率",
            "value": shown(data["on_time_rate"]),
            "note": f"{counts['on_time']}/{data['done']} 件",
        },
        {"label": "超期件", "value": f"{len(data['overdue'])} 件", "alert": bool(data["overdue"])},
        {"label": "当日办结率", "value": shown(data["same_day_rate"])},
        {"label": "平均办结时间", "value": f"{shown(data['average_days'], 'days')} 个工作日"},
        {"label": "实际办理提速率", "value": shown(data["actual_speedup"])},
        {"label": "现场办结率", "value": shown(data["on_site_rate"])},
        {"label": "一次办结率", "value": shown(data["one_visit_rate"])},
        {"label": "评价率", "value": shown(data["rated_rate"])},
        {"label": "满意率", "value": shown(data["satisfied_rate"])},
        {"label": "差评件", "value": f"{len(data['bad'])} 件", "alert": bool(data["bad"])},
    ]
    return [{"note": "", "alert": False, **tile} for tile in tiles]


def _short(text: str, most: int) -> str:
    return text if len(text) <= most else text[: most - 1] + "…"


def _month_label(key: str, years: int) -> str:
    year, month = key.split("-")
    return f"{int(month)}月" if years == 1 else f"{year[2:]}.{int(month)}"


def columns_chart(groups: list[dict]) -> dict:
    """On-time rate per month as columns, 0–100 % on the vertical axis."""
    left, top, bottom, height = 34, 16, 24, 190
    plot = height - top - bottom
    step = (WIDTH - left) / max(len(groups), 1)
    years = len({g["key"][:4] for g in groups})
    every = max(1, round(len(groups) / 12))  # at most about twelve labels
    width = round(min(step * 0.7, 36), 1)
    grid = [
        {
            "x1": left,
            "x2": WIDTH,
            "y1": round(top + plot * (1 - level), 1),
            "y2": round(top + plot * (1 - level), 1),
            "tx": left - 4,
            "ty": round(top + plot * (1 - level) + 4, 1),
            "anchor": "end",
            "label": f"{level:.0%}",
        }
        for level in (0, 0.5, 1)
    ]
    bars = []
    for index, group in enumerate(groups):
        rate = group["on_time_rate"]
        x = left + step * index
        h = round(plot * (rate or 0), 1)
        bars.append(
            {
                "full": f"{group['name']}：按时办结率 {shown(rate)}，办结 {group['done']} 件",
                "label": _month_label(group["key"], years) if index % every == 0 else "",
                "label_x": round(x + step / 2, 1),
                "label_y": height - 6,
                "label_anchor": "middle",
                "x": round(x + (step - width) / 2, 1),
                "y": round(top + plot - h, 1),
                "w": width if rate is not None else 0,
                "h": h,
                "kind": "bar-low" if rate is not None and rate < LOW else "bar",
                "value": f"{rate:.0%}" if rate is not None and len(groups) <= 12 else "",
                "value_x": round(x + step / 2, 1),
                "value_y": round(top + plot - h - 3, 1),
                "value_anchor": "middle",
            }
        )
    return {"width": WIDTH, "height": height, "grid": grid, "bars": bars}


def bars_chart(groups: list[dict]) -> dict:
    """On-time rate per window as bars, one row each, the lowest first."""
    row, label_height = 40, 15
    ordered = sorted(groups, key=lambda g: (g["on_time_rate"] is None, g["on_time_rate"] or 0))
    bars = []
    for index, group in enumerate(ordered):
        rate = group["on_time_rate"]
        y = index * row
        width = round((WIDTH - 120) * (rate or 0), 1)
        bars.append(
            {
                "full": f"{group['name']}：按时办结率 {shown(rate)}，办结 {group['done']} 件",
                "label": _short(group["name"] or group["key"], 28),
                "label_x": 0,
                "label_y": y + 12,
                "label_anchor": "start",
                "x": 0,
                "y": y + label_height + 2,
                "w": width if rate is not None else 0,
                "h": 16,
                "kind": "bar-low" if rate is not None and rate < LOW else "bar",
                "value": f"{shown(rate)} · {group['done']} 件",
                "value_x": width + 6,
                "value_y": y + label_height + 14,
                "value_anchor": "start",
            }
        )
    return {"width": WIDTH, "height": max(len(bars), 1) * row, "grid": [], "bars": bars}


def _chart(chart_id: str, title: str, groups: list[dict], draw) -> dict:
    drawn = draw(groups) if any(g["done"] for g in groups) else {"bars": []}
    rows = [
        [g["name"] or g["key"], g["accepted"], g["done"], shown(g["on_time_rate"])] for g in groups
    ]
    summary = "；".join(f"{r[0]} {r[3]}" for r in rows)
    return {
        **drawn,
        "id": chart_id,
        "title": title,
        "summary": summary,
        "columns": ["", "受理", "办结", "按时办结率"],
        "rows": rows,
    }


def _group_line(group: dict) -> str:
    return (
        f"受理 {group['accepted']}，办结 {group['done']}（{shown(group['done_rate'])}），"
        f"按时办结率 {shown(group['on_time_rate'])}，超期 {len(group['overdue'])}，"
        f"现场办结率 {shown(group['on_site_rate'])}，满意率 {shown(group['satisfied_rate'])}"
    )


def html(data: dict, env) -> str:
    """The page, from ``cases-report.html.j2`` of ``env`` (the catalog's templates before
    Banshi's)."""
    from banshi.emit.papers import stylesheet

    months, windows = data["charts"]["month"], data["charts"]["window"]
    charts = [
        _chart("month", "按月按时办结率", months, columns_chart),
        _chart("window", "各窗口按时办结率（低者在前）", windows, bars_chart),
    ]
    named = set(data["by"] or ()) & {"window", "department", "month"}  # keys people can't read
    groups = [
        {
            "title": (g["name"] if named else f"{g['key']} {g['name'] or ''}").strip(),
            "line": _group_line(g),
        }
        for g in data["groups"]
    ]
    return env.get_template("cases-report.html.j2").render(
        data=data,
        css=stylesheet(env, "cases.css"),
        tiles=_tiles(data),
        charts=charts,
        groups=groups,
        by_name=by_name(data["by"]),
        region_name=data.get("region_name", ""),
        rectified=shown(data["rectified_rate"]),
    )
