"""One resolved catalog behind every output: each observation that outputs computed along
separate paths disagreed, or that a valid catalog failed to build, as a test."""

from __future__ import annotations

import json
import re
from pathlib import Path

import networkx as nx
import pytest
from catalogs import apply_patch, minimal
from command_line import banshi

REPO = Path(__file__).resolve().parents[1]
SECTION = re.compile(r"### 视情形提交\n\n<table.*?</table>", re.S)


def _json(path: Path):
    return json.loads(path.read_text("utf-8"))


@pytest.fixture(scope="module")
def sample(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample") / "dist"
    run = banshi("build", REPO, "--out", out)
    assert run.returncode == 0, run.stderr
    return out


@pytest.fixture(scope="module")
def sample_2023(tmp_path_factory):
    out = tmp_path_factory.mktemp("sample-2023") / "dist"
    run = banshi("build", REPO, "--out", out, "--as-of", "2023-06-01")
    assert run.returncode == 0, run.stderr
    return out


def test_a_blank_form_without_a_sample_builds_and_is_linked(tmp_path):
    root = minimal(tmp_path)
    (root / "catalog/forms/场所证明.docx").write_bytes(b"blank")
    apply_patch(
        root, {"rules/materials.yaml": {"materials/2/blank_form": "catalog/forms/场所证明.docx"}}
    )
    run = banshi("build", root, "--out", tmp_path / "out")
    assert run.returncode == 0, run.stderr
    page = (tmp_path / "out/site-src/docs/guides/410526/00013112800001.md").read_text("utf-8")
    assert 'href="../../../forms/business_premises_proof/blank.docx"' in page
    assert "business_premises_proof/sample" not in page


def test_as_of_publishes_one_set_of_items_everywhere(sample_2023):
    items = {p.stem for p in (sample_2023 / "json/items").glob("*.json")}
    assert "00013114100001" not in items  # 食品经营许可 (新办) takes effect later
    bundle = _json(sample_2023 / "json/bundles/open-restaurant.json")
    nodes = {n["code"] for n in bundle["nodes"]}
    assert nodes <= items and "00013114100001" not in nodes
    assert {m for row in bundle["materials"] for m in row["items"]} <= items
    run = banshi(
        "notice",
        "open-restaurant",
        REPO,
        "--region",
        "410526",
        "--as-of",
        "2023-06-01",
        "--format",
        "json",
    )
    assert run.returncode == 0, run.stderr
    assert {i["code"] for i in json.loads(run.stdout)["items"]} == nodes
    page = (sample_2023 / "site-src/docs/bundles/open-restaurant.md").read_text("utf-8")
    assert "00013114100001" not in page


def test_the_one_thing_page_lists_conditional_materials_as_its_notice_does(sample):
    run = banshi("notice", "open-restaurant", REPO, "--region", "410526", "--format", "json")
    notice = json.loads(run.stdout)
    page = (sample / "site-src/docs/bundles/open-restaurant.md").read_text("utf-8")
    conditional = SECTION.search(page)
    assert conditional and notice["conditional"]
    for material in notice["conditional"]:
        assert f'<td class="banshi-name">{material["name"]}</td>' in conditional.group(0)
        assert material["condition_text"] in conditional.group(0)
    required_part = page[page.index("合并材料清单") : conditional.start()]
    for material in notice["materials"]:
        assert f'<td class="banshi-name">{material["name"]}</td>' in required_part
    shown = re.findall(
        r'<tr data-index="\d+"><td class="banshi-number">\d+</td>'
        r'<td class="banshi-name">([^<]+)</td>',
        required_part,
    )
    assert sorted(shown) == sorted(m["name"] for m in notice["materials"])


def test_a_village_promises_what_its_route_takes(sample):
    """张营村's 代办 for 00017310100001 states no promise; the file goes through 上集镇's 受理转报,
    which promises 20: the guide, the JSON and the notice say 20, not the item's 15."""
    entries = _json(sample / "json/implementations/410526100201.json")["entries"]
    assert next(e for e in entries if e["code"] == "00017310100001")["promised"] == 20
    page = (sample / "site-src/docs/guides/410526100201/00017310100001.md").read_text("utf-8")
    assert "<th>承诺办结时限</th><td>20 个工作日</td>" in page
    run = banshi("notice", "00017310100001", REPO, "--region", "410526100201", "--format", "json")
    assert json.loads(run.stdout)["time_limit"]["promised"] == 20


def test_an_entry_without_a_promise_takes_its_routes_not_the_items_zero(tmp_path):
    root = minimal(tmp_path)  # the township promises 3 for the item; the village states nothing
    run = banshi(
        "notice",
        "00013112800001",
        root,
        "--region",
        "410526100201",
        "--date",
        "2025-09-30",
        "--format",
        "json",
    )
    notice = json.loads(run.stdout)
    assert notice["time_limit"]["promised"] == 3 and notice["due_date"] == "2025-10-11"


def test_a_forwarding_entry_promising_less_than_its_route_is_an_error(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/implementations/410526100201.yaml": {"entries/0/promised": 1}})
    run = banshi("validate", root)
    assert run.returncode == 1
    assert re.search(
        r"^catalog/implementations/410526100201\.yaml:\d+:\d+: error time.route-promise: "
        r"对 00013112800001 .* 承诺 1 天，.*后者承诺 3 天",
        run.stdout,
        re.M,
    )


def test_due_and_deferred_dates_count_the_same_way(tmp_path):
    """The 办结 date and a 容缺 后补 date of the same length fall on the same day, both counted
    from the day after acceptance (期间开始的当日不计入)."""
    root = minimal(tmp_path)
    apply_patch(
        root, {"catalog/items/000131128000.yaml": {"handling/1/materials/1/deferrable_days": 3}}
    )
    run = banshi(
        "notice",
        "00013112800002",
        root,
        "--region",
        "410526",
        "--date",
        "2025-09-30",
        "--format",
        "json",
    )
    notice = json.loads(run.stdout)
    deferred = next(m for m in notice["materials"] if m["deferrable_days"] == 3)
    assert notice["time_limit"]["promised"] == 3
    assert deferred["deferrable_until"] == notice["due_date"] == "2025-10-11"


def test_a_one_thing_notice_gives_the_legal_limit_of_its_parallel_path_not_a_sum(sample):
    run = banshi("notice", "open-restaurant", REPO, "--region", "410526", "--format", "json")
    notice = json.loads(run.stdout)
    legal = {
        c: _json(sample / f"json/items/{c}.json")["time_limit"]["legal"]
        for c in (i["code"] for i in notice["items"])
    }
    bundle = _json(sample / "json/bundles/open-restaurant.json")
    graph = nx.DiGraph([(e["from"], e["to"]) for e in bundle["edges"]])
    graph.add_nodes_from(legal)
    longest = (
        max(
            sum(legal[c] for c in path)
            for source in graph
            for target in graph
            for path in nx.all_simple_paths(graph, source, target)
        )
        if graph.edges
        else 0
    )
    longest = max(longest, *legal.values())
    assert notice["time_limit"]["legal"] == longest < sum(legal.values())
    assert notice["time_limit"]["promised"] == bundle["parallel_days"]


def test_each_hall_s_placards_show_its_own_promise(sample):
    docs = sample / "site-src/docs/placards"
    for region in ("410526", "410526100", "410526100201"):
        entries = {
            e["code"]: e for e in _json(sample / f"json/implementations/{region}.json")["entries"]
        }
        sheet = (docs / f"{region}.md").read_text("utf-8")
        for name, promise in re.findall(r"<h2>(.*?)</h2>.*?承诺 ([^·]+?) ·", sheet, re.S):
            entry = next(e for e in entries.values() if e["name"] == name)
            days = entry["promised"]
            assert promise == ("即时办结" if days == 0 else f"{days} 个工作日"), (region, name)
