"""The change report of a release (变更公告): text for the terminal, Markdown for the site and
the release notes, JSON for tools."""

from __future__ import annotations

from banshi.emit import dumps
from banshi.problems import printable


def _line(change: dict, names: dict[str, str]) -> str:
    parts = []
    if change["materials_removed"]:
        parts.append("减材料 " + "、".join(names[m] for m in change["materials_removed"]))
    if change["materials_added"]:
        parts.append("增材料 " + "、".join(names[m] for m in change["materials_added"]))
    for key, label in (
        ("promised", "承诺时限"),
        ("steps", "环节"),
        ("fees", "收费（元）"),
        ("visits", "跑动次数"),
    ):
        if change[f"{key}_before"] != change[f"{key}_after"]:
            parts.append(f"{label} {change[f'{key}_before']} → {change[f'{key}_after']}")
    if change["kind_before"] != change["kind_after"]:
        parts.append(f"{change['kind_before']} → {change['kind_after']}")
    return "；".join(parts)


def _summary_lines(summary: dict) -> list[str]:
    return [
        f"减材料 {summary['materials_removed']} 项（新增 {summary['materials_added']} 项）",
        f"减时限 {summary['days_saved']} 个工作日",
        f"减环节 {summary['steps_removed']} 个",
        f"减费用 {summary['fees_saved']} 元",
        f"减跑动 {summary['visits_saved']} 次",
        f"即办件 {summary['immediate_before']} → {summary['immediate_after']} 项",
        (
            f"精简率 {summary['streamlining_rate']:.2%} = {summary['materials_removed']} / "
            f"{summary['materials_before']}（{summary['streamlining_formula']}）"
        ),
        f"下放 {summary['delegated']} 项（实施条目）",
    ]


CHANGE_NAMES = {"added": "新增", "removed": "删除", "mode": "实施方式", "promised": "承诺时限"}


def entry_line(change: dict, names: dict[str, str]) -> str:
    """One change of an implementation list, e.g.
    ``410526100 00013112800001 …：实施方式 受理转报 → 下放``."""
    head = f"{change['region']} {change['code']} {names[change['code']]}"
    kind = change["change"]
    if kind in ("added", "removed"):
        facts = change["after"] or change["before"]
        return f"{head}：{CHANGE_NAMES[kind]}（{facts['mode']}，承诺 {facts['promised']}）"
    return f"{head}：{CHANGE_NAMES[kind]} {change['before'][kind]} → {change['after'][kind]}"


LEVEL_WORDS = {
    "national": "国家",
    "province": "省",
    "city": "市",
    "county": "县",
    "township": "乡镇",
    "village": "村",
}


def batch_line(batch: dict) -> str:
    """A 下放 batch as the seeds count it: 下放乡镇 77 项（依据）."""
    return (
        f"下放{LEVEL_WORDS[batch['level']]} {batch['count']} 项（{batch['basis'] or '未写明依据'}）"
    )


def text(diff: dict) -> str:
    lines = [f"{diff['old']['version']} → {diff['new']['version']}"]
    for key, label in (("added", "新增"), ("removed", "删除"), ("cancelled", "取消或合并")):
        lines += [f"{label} {code} {diff['names'][code]}" for code in diff[key]]
    lines += [
        f"变更 {c['code']} {c['name']}：{_line(c, diff['material_names'])}" for c in diff["changed"]
    ]
    lines += [f"实施清单 {entry_line(e, diff['names'])}" for e in diff["implementations"]]
    lines += [batch_line(b) for b in diff["delegation_batches"]]
    lines += ["", *_summary_lines(diff["summary"])]
    return (
        "\n".join(map(printable, lines)) + "\n"
    )  # a name's newline never starts a line of its own


def markdown(diff: dict, env) -> str:
    return env.get_template("changes.md.j2").render(
        diff=diff,
        summary=_summary_lines(diff["summary"]),
        line=lambda c: _line(c, diff["material_names"]),
        entry_line=lambda e: entry_line(e, diff["names"]),
        batch_line=batch_line,
    )


def render(diff: dict, fmt: str, env) -> str:
    if fmt == "json":
        return dumps(diff)
    if fmt == "md":
        return markdown(diff, env)
    return text(diff)
