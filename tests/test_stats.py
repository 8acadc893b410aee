"""``banshi stats``: the structural figures the catalog holds (issue 25).

A region's 承诺提速率 and averages take what each of its guides promises along its route, not the
handling item's own promise; the whole catalog's take the handling items' (spec §4). 网上可办率,
全程网办率, 最多跑一次率, 零跑动率 and the 即办件/承诺件 counts come per region too, and the
spec's fixed keys stay.
"""

from __future__ import annotations

import json

import pytest
from catalogs import apply_patch, minimal
from command_line import banshi

from banshi.resolve import resolve
from banshi.resolve.stats import stats, text
from banshi.validate import validate

SPEC_KEYS = (
    "handling_items",
    "by_kind",
    "by_type",
    "by_level",
    "immediate_share",
    "on_site_share",
    "promise_speedup",
)


@pytest.fixture
def root(tmp_path):
    """The minimal catalog, its county promising 2 days (in its own steps) for the 承诺件 the
    item promises in 3, and the 即办件 handled with no visit."""
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {"handling/0/visits": 0},
            "catalog/implementations/410526.yaml": {
                "entries": [
                    {"item": "00013112800001", "agency": "sx-market", "mode": "办理"},
                    {
                        "item": "00013112800002",
                        "agency": "sx-market",
                        "mode": "办理",
                        "promised": 2,
                        # its own steps, as a region promising less than the item's must state
                        "steps": [{"name": "审查", "days": 2}],
                    },
                ]
            },
        },
    )
    return root


def _stats(root, region=None) -> dict:
    result = validate(root)
    assert not result.errors, [p.text() for p in result.errors]
    return stats(resolve(result.catalog), region)


def test_a_region_counts_its_guides_promises(root):
    # guides: county 01 (15, 0), county 02 (15, 2), township 01 and 02 (15, 3), village 01 (15, 3)
    county = _stats(root, "410526")
    assert (county["legal_days"], county["promised_days"]) == (75, 11)
    assert county["promise_speedup"] == round(64 / 75, 4)
    assert (county["average_legal_days"], county["average_promised_days"]) == (15.0, 2.2)
    assert county["by_region"]["410526"]["promise_speedup"] == round(28 / 30, 4)
    assert county["by_region"]["410526100"]["promised_days"] == 6


def test_the_catalog_counts_its_handling_items(root):
    whole = _stats(root)
    assert (whole["legal_days"], whole["promised_days"]) == (30, 3)
    assert whole["promise_speedup"] == 0.9
    assert (whole["average_legal_days"], whole["average_promised_days"]) == (15.0, 1.5)


def test_online_visits_and_kinds(root):
    whole = _stats(root)
    # 01: 全程网办, no visit; 02: 网上预审, one visit
    assert whole["online_share"] == 1.0 and whole["fully_online_share"] == 0.5
    assert whole["one_visit_share"] == 1.0 and whole["zero_visit_share"] == 0.5
    village = whole["by_region"]["410526100201"]
    assert village["by_kind"] == {"即办件": 1}
    assert village["fully_online_share"] == 1.0 and village["zero_visit_share"] == 1.0
    assert whole["by_region"]["410526"]["by_kind"] == {"即办件": 1, "承诺件": 1}


def test_the_spec_s_keys_stay_and_the_text_states_the_formulas(root):
    whole = _stats(root)
    assert all(key in whole for key in SPEC_KEYS)
    assert "on_site_done_share" not in whole  # it was 即办件 guides with an authorised window
    shown = text(whole)
    for label in ("网上可办率", "全程网办率", "最多跑一次率", "零跑动率", "即办件窗口授权率"):
        assert f"{label} = " in shown
    assert "平均法定时限 15.00 个工作日 → 平均承诺时限 1.50 个工作日" in shown


def test_the_command_line(root):
    run = banshi("stats", root, "--region", "410526", "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["promise_speedup"] == round(64 / 75, 4)
