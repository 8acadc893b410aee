"""并联审批 bundles: timing against hand computation, cycles, stage rules, exports read back."""

import io
import json
from pathlib import Path

import networkx as nx
import pytest
import yaml
from catalogs import apply_patch, approval, bundle_catalog
from command_line import banshi

from banshi.validate import validate

REPO = Path(__file__).resolve().parents[1]


def graph(root, fmt="json"):
    run = banshi("graph", "test", root, "--format", fmt)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout) if fmt == "json" else run.stdout


A = approval("100000000001", "甲", 5)
B = approval("100000000002", "乙", 3)
C = approval("100000000003", "丙", 4)
D = approval("100000000004", "丁", 6)
A1, B1, C1, D1 = (x["code"] + "01" for x in (A, B, C, D))


def test_one_stage_series_and_parallel(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B, C],
        {
            "items": [A1, B1, C1],
            "requires": [{"before": A1, "after": B1, "basis": "测试条例 第一条"}],
        },
    )
    data = graph(root)
    assert (data["parallel_days"], data["serial_days"], data["saving_days"]) == (8, 12, 4)
    assert data["critical_path"] == [A1, B1]
    assert {(e["from"], e["to"], e["kind"]) for e in data["edges"]} == {(A1, B1, "explicit")}


def test_stages_run_one_after_another(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B, C, D],
        {
            "stages": [
                {"id": "one", "name": "第一阶段", "limit": 5, "items": [A1, C1]},
                {"id": "two", "name": "第二阶段", "limit": 6, "items": [B1, D1]},
            ],
            "requires": [{"before": A1, "after": B1, "basis": "测试条例 第二条"}],
        },
    )
    data = graph(root)
    assert [(s["id"], s["critical_days"]) for s in data["stages"]] == [("one", 5), ("two", 6)]
    assert (data["parallel_days"], data["serial_days"]) == (11, 18)
    assert data["critical_path"] == [A1, D1]
    kinds = {(e["from"], e["to"]): e["kind"] for e in data["edges"]}
    assert (
        kinds[(A1, B1)] == "explicit" and kinds[(C1, D1)] == "stage" and kinds[(A1, D1)] == "stage"
    )


def test_a_result_that_is_a_material_makes_a_derived_edge(tmp_path):
    a = approval("100000000001", "甲", 5, gives=["individual_business_license"])
    b = approval("100000000002", "乙", 3, needs=["individual_business_license"])
    data = graph(bundle_catalog(tmp_path, [a, b], {"items": [A1, B1]}))
    assert [(e["from"], e["to"], e["kind"]) for e in data["edges"]] == [(A1, B1, "derived")]
    assert data["parallel_days"] == 8


def test_the_leads_region_promise_counts_where_lower(tmp_path):
    # the county runs a shorter procedure of its own (time.local-steps)
    faster = {"promised": 2, "steps": [{"name": "审查", "days": 2}]}
    root = bundle_catalog(tmp_path, [A, B], {"items": [A1, B1]}, entries=[faster])
    nodes = {n["code"]: n["days"] for n in graph(root)["nodes"]}
    assert nodes == {A1: 2, B1: 3}


def test_a_cycle_is_shown_at_every_edge_naming_every_item(tmp_path):
    a = approval("100000000001", "甲", 5, gives=["individual_business_license"])
    b = approval("100000000002", "乙", 3, needs=["individual_business_license"])
    root = bundle_catalog(
        tmp_path,
        [a, b],
        {"items": [A1, B1], "requires": [{"before": B1, "after": A1, "basis": "测试条例 第三条"}]},
    )
    cycle = [p for p in validate(root).problems if p.rule == "bundle.cycle"]
    assert {p.file for p in cycle} == {
        "catalog/bundles/test.yaml",
        "catalog/items/100000000002.yaml",
    }
    for problem in cycle:
        assert f"{A1} 甲" in problem.message and f"{B1} 乙" in problem.message
    requires_line = next(p for p in cycle if p.file.startswith("catalog/bundles")).line
    text = (root / "catalog/bundles/test.yaml").read_text(encoding="utf-8").splitlines()
    assert "before" in text[requires_line - 1]


def test_items_that_all_require_one_another_are_one_cycle_reported_at_a_few_lines(tmp_path):
    """Ten items, every ordered pair in requires: a million elementary cycles, one group."""
    items = [approval(f"1000000000{i:02d}", f"项{i}", 1) for i in range(10)]
    codes = [i["code"] + "01" for i in items]
    requires = [
        {"before": a, "after": b, "basis": "测试条例"} for a in codes for b in codes if a != b
    ]
    root = bundle_catalog(tmp_path, items, {"items": codes, "requires": requires})
    # Enumerating the cycles one by one took over a minute: the timeout is the bound (no timed
    # assertion on a shared machine; it takes about a second).
    run = banshi("validate", root, timeout=60)
    assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
    cycle = [line for line in run.stdout.splitlines() if " bundle.cycle: " in line]
    assert len(cycle) == 10, cycle
    assert all(f"{c} 项{i}" in line for line in cycle for i, c in enumerate(codes))
    assert "另有 80 处也构成这个循环" in cycle[-1]
    lines = {line.split(":")[1] for line in cycle}
    assert len(lines) == 10  # each at its own requires entry


def test_two_circles_in_one_bundle_are_two_groups(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B, C, D],
        {
            "items": [A1, B1, C1, D1],
            "requires": [
                {"before": A1, "after": B1, "basis": "测试条例"},
                {"before": B1, "after": A1, "basis": "测试条例"},
                {"before": C1, "after": D1, "basis": "测试条例"},
                {"before": D1, "after": C1, "basis": "测试条例"},
                {"before": B1, "after": C1, "basis": "测试条例"},
            ],
        },
    )
    cycle = sorted(p.message for p in validate(root).problems if p.rule == "bundle.cycle")
    assert len(cycle) == 4
    assert [f"{A1} 甲 → {B1} 乙 → {A1} 甲" in m for m in cycle].count(True) == 1
    assert all((C1 in m) != (A1 in m) for m in cycle)  # the edge B → C is in no circle


def test_a_stage_over_its_limit_names_the_path(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B],
        {
            "stages": [{"id": "one", "name": "第一阶段", "limit": 7, "items": [A1, B1]}],
            "requires": [{"before": A1, "after": B1, "basis": "测试条例 第一条"}],
        },
    )
    [problem] = [p for p in validate(root).problems if p.rule == "bundle.stage-limit"]
    assert (
        "阶段时限为 7 天" in problem.message
        and "关键路径需要 8 天" in problem.message
        and f"{A1} 甲 (5) → {B1} 乙 (3)" in problem.message
    )


def test_an_item_in_two_stages_and_an_edge_backwards(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B],
        {
            "stages": [
                {"id": "one", "name": "第一阶段", "items": [B1]},
                {"id": "two", "name": "第二阶段", "items": [A1, B1]},
            ],
            "requires": [{"before": A1, "after": B1, "basis": "测试条例 第一条"}],
        },
    )
    messages = [p.message for p in validate(root).problems if p.rule == "bundle.stage-order"]
    assert any("又在阶段 two 中" in m for m in messages)
    assert any("更靠后的阶段 two" in m for m in messages)


def test_graphml_reads_back_into_networkx(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B, C],
        {
            "items": [A1, B1, C1],
            "requires": [{"before": A1, "after": B1, "basis": "测试条例 第一条"}],
        },
    )
    g = nx.read_graphml(io.BytesIO(graph(root, "graphml").encode("utf-8")))
    assert sorted(g.nodes) == [A1, B1, C1] and list(g.edges) == [(A1, B1)]
    assert (
        g.nodes[A1]["name"] == "甲"
        and g.nodes[A1]["days"] == 5
        and g.edges[A1, B1]["kind"] == "explicit"
    )


def test_mermaid_and_dot_name_every_item(tmp_path):
    root = bundle_catalog(
        tmp_path,
        [A, B],
        {"items": [A1, B1], "requires": [{"before": A1, "after": B1, "basis": "测试条例"}]},
    )
    mermaid = graph(root, "mermaid")
    assert (
        mermaid.startswith("flowchart LR")
        and f"n{A1} --> n{B1}" in mermaid
        and "甲（5天）" in mermaid
    )
    dot = graph(root, "dot")
    assert dot.startswith('digraph "test"') and f'"{A1}" -> "{B1}"' in dot


def test_one_thing_bundle_merges_materials_strictest_form(tmp_path):
    a = approval("100000000001", "甲", 5)
    b = approval("100000000002", "乙", 3)
    b["handling"][0]["materials"][0].update(form="原件及复印件", copies=2)
    root = bundle_catalog(tmp_path, [a, b], {"items": [A1, B1]})
    apply_patch(root, {"catalog/bundles/test.yaml": {"kind": "一件事"}})
    data = graph(root)
    [card] = [m for m in data["materials"] if m["id"] == "resident_id_card"]
    assert (card["form"], card["copies"], card["items"]) == ("原件及复印件", 2, [A1, B1])
    assert data["parallel_days"] == 5


def test_sample_construction_bundle_matches_hand_computation():
    run = banshi("graph", "construction", REPO)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    # land: 备案 0 ∥ (选址 10 → 用地规划 5) = 15; permit: 规划许可 8 → 消防设计审查 10 = 18;
    # construction: 施工许可 3 ∥ 人防 5 = 5;
    # completion: max(消防验收 7 → 备案 1, 核实 5 → 备案 1) = 8
    assert [s["critical_days"] for s in data["stages"]] == [15, 18, 5, 8]
    assert (data["parallel_days"], data["serial_days"]) == (46, 54)


def test_unknown_bundle_is_a_usage_error():
    run = banshi("graph", "nope", REPO)
    assert run.returncode == 2 and "construction" in run.stderr


@pytest.mark.parametrize("fmt", ["json", "mermaid", "dot", "graphml"])
def test_every_format_of_the_sample(fmt):
    run = banshi("graph", "construction", REPO, "--format", fmt)
    assert run.returncode == 0 and run.stdout
    if fmt == "json":
        assert yaml.safe_load(run.stdout)["critical_path"]


def _bundle_notice(*args):
    run = banshi("notice", "open-restaurant", REPO, *args)
    assert "Traceback" not in run.stderr
    return run


def test_one_thing_bundle_has_one_notice_for_the_whole_bundle():
    run = _bundle_notice(
        "--region",
        "410526",
        "--answer",
        "premises_owned=true",
        "--answer",
        "entrusted=false",
        "--answer",
        "market_entity_type=个体工商户",
        "--date",
        "2025-09-30",
        "--format",
        "json",
    )
    assert run.returncode == 0, run.stderr
    notice = json.loads(run.stdout)
    graphed = banshi("graph", "open-restaurant", REPO)
    assert graphed.returncode == 0, graphed.stderr
    bundle = json.loads(graphed.stdout)
    ids = [m["id"] for m in notice["materials"]]
    assert len(ids) == len(set(ids)) and notice["conditional"] == []
    assert {m["id"] for m in notice["materials"]} <= {m["id"] for m in bundle["materials"]}
    # what one item of the bundle produces goes on to the next inside the government (内部流转)
    produced = {"individual_business_license"}
    assert not produced & set(ids) and not produced & {m["id"] for m in bundle["materials"]}
    assert [i["code"] for i in notice["items"]] == sorted(n["code"] for n in bundle["nodes"])
    assert notice["time_limit"]["promised"] == bundle["parallel_days"]
    assert notice["kind_of_item"] == "一件事" and notice["receiver"]["id"] == bundle["lead"]


def test_one_thing_notice_is_at_the_leads_window_only():
    run = _bundle_notice("--region", "410526100")
    assert run.returncode == 2 and "410526" in run.stderr


def test_one_thing_correction_notice_lists_what_is_missing():
    run = _bundle_notice(
        "--region",
        "410526",
        "--submitted",
        "resident_id_card",
        "--date",
        "2025-09-30",
        "--format",
        "json",
    )
    data = json.loads(run.stdout)
    assert (
        data["title"] == "补正告知书"
        and "resident_id_card" not in data["missing"]
        and data["missing"]
    )


# --- issue 20, observation 8: a code written many times is one problem, in linear work --------


def _written_flow(root: Path, stages: dict[str, list[str]] | None, items=None) -> Path:
    """The bundle file rewritten with each list on one line (flow style), to locate columns."""
    lines = ["schema: banshi/bundle/v1", "id: test", "name: 测试联办", "kind: 并联审批"]
    lines.append("lead: sx-market")
    if stages is None:
        lines.append("items: [" + ", ".join(f'"{c}"' for c in items) + "]")
    else:
        lines.append("stages:")
        for sid, codes in stages.items():
            listed = ", ".join(f'"{c}"' for c in codes)
            lines.append(f"  - {{id: {sid}, name: 阶段{sid}, items: [{listed}]}}")
    path = root / "catalog/bundles/test.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("shape", ["stages", "items"])
def test_a_code_written_16000_times_is_one_located_problem(tmp_path, shape):
    """A stage listing one code 16,000 times made validation take minutes (its stage edges
    were the square of its length) and report nothing. Now the repeat is one problem at the
    second place it is written, and validation takes the time of any small catalog."""
    root = bundle_catalog(tmp_path, [A, B], {"items": [A["code"]]})
    many = [A["code"] + "01"] * 16_000
    if shape == "stages":
        path = _written_flow(root, {"a": many, "b": [B["code"] + "01"] * 16_000})
    else:
        path = _written_flow(root, None, many)
    # timeout: minutes before; the guard of a hang, not a measure of speed
    run = banshi("validate", root, timeout=60)
    assert run.returncode == 1, run.stdout + run.stderr
    repeats = [p for p in run.stdout.splitlines() if "写了 16000 次" in p]
    assert len(repeats) == (2 if shape == "stages" else 1), run.stdout
    lines = path.read_text(encoding="utf-8").splitlines()
    for problem in repeats:
        file, line, column = problem.split(":")[:3]
        text = lines[int(line) - 1]
        second = text.index(', "', text.index("[")) + 2  # the quote that opens the second
        assert (file, int(column)) == ("catalog/bundles/test.yaml", second + 1), problem


def test_the_rules_graph_of_a_bundle_holds_no_stage_edges():
    """The graph the rules check grows with the bundle, not with the product of its stages;
    the published graph still orders one stage after another."""
    from banshi import parallel

    catalog = validate(REPO).catalog
    for bundle in catalog.bundles.values():
        full = parallel.graph(catalog, bundle)
        causal = parallel.graph(catalog, bundle, stage_edges=False)
        assert set(causal.edges) == {
            (u, v) for u, v, d in full.edges(data=True) if d["kind"] != "stage"
        }
    assert any(
        d["kind"] == "stage"
        for bundle in catalog.bundles.values()
        for _, _, d in parallel.graph(catalog, bundle).edges(data=True)
    )
