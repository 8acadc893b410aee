"""Versions: what is in force on a date, what changed between two releases (五减), statistics."""

import json
import subprocess
from pathlib import Path

import pytest
from browser import parse_html
from catalogs import apply_patch, approval, dump, minimal
from citizens import nested_quotes
from command_line import banshi

REPO = Path(__file__).resolve().parents[1]


def git(root, *args):
    subprocess.run(
        ["git", "-C", str(root), *args],
        check=True,
        capture_output=True,
        env={
            "GIT_AUTHOR_NAME": "t",
            "GIT_AUTHOR_EMAIL": "t@example.org",
            "GIT_COMMITTER_NAME": "t",
            "GIT_COMMITTER_EMAIL": "t@example.org",
            "HOME": str(root),
            "PATH": "/usr/bin:/bin",
        },
    )


def write_item(root, item):
    (root / f"catalog/items/{item['code']}.yaml").write_text(dump(item), encoding="utf-8")


@pytest.fixture
def history(tmp_path):
    """A catalog repository with two releases: v1 and v2 (tagged)."""
    root = minimal(tmp_path)
    fee = approval("100000000001", "收费事项", 4)
    fee["handling"][0].update(
        fees=[{"name": "工本费", "amount": 10, "unit": "件", "basis": "收费文件"}], visits=2
    )
    for item in (
        fee,
        approval("100000000002", "将取消事项", 4),
        approval("100000000003", "将删除事项", 2),
    ):
        write_item(root, item)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v1")
    git(root, "tag", "v1")

    fee["handling"][0].update(fees=[], visits=1)
    write_item(root, fee)
    cancelled = approval("100000000002", "将取消事项", 4)
    cancelled.update(
        status="cancelled",
        decision={
            "number": "示县政〔2026〕1号",
            "title": "关于取消部分事项的决定",
            "date": "2026-11-01",
        },
    )
    write_item(root, cancelled)
    (root / "catalog/items/100000000003.yaml").unlink()
    write_item(root, approval("100000000004", "新增即办事项", 0))
    later = approval("100000000005", "明年生效事项", 3)
    later["effective"] = "2027-01-01"
    write_item(root, later)
    apply_patch(
        root,
        {
            "catalog/catalog.yaml": {"version": "2026.12", "released": "2026-12-01"},
            "catalog/items/000131128000.yaml": {
                "handling/1/materials": [
                    {"material": "individual_business_application", "form": "原件", "copies": 1}
                ],
                "handling/1/time_limit/promised": 2,
                "handling/1/steps": [{"name": "受理", "days": 1}, {"name": "决定", "days": 1}],
            },
            "catalog/implementations/410526100.yaml": {"entries/0/promised": 2},
        },
    )
    git(root, "add", "-A")
    git(root, "commit", "-qm", "v2")
    git(root, "tag", "v2")
    return root


def test_diff_reports_every_kind_of_change(history):
    run = banshi("diff", "v1", "v2", "--format", "json", cwd=history)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert report["added"] == ["10000000000401"]  # 明年生效事项 is not in force yet
    assert report["removed"] == ["10000000000301"]
    assert report["cancelled"] == ["10000000000201"]
    changed = {c["code"]: c for c in report["changed"]}
    assert sorted(changed) == ["00013112800002", "10000000000101"]
    licence = changed["00013112800002"]
    assert (
        licence["materials_removed"] == ["individual_business_license"]
        and licence["materials_added"] == []
    )
    assert (
        licence["promised_before"],
        licence["promised_after"],
        licence["steps_before"],
        licence["steps_after"],
    ) == (3, 2, 3, 2)
    fee = changed["10000000000101"]
    assert (fee["fees_before"], fee["fees_after"], fee["visits_before"], fee["visits_after"]) == (
        10,
        0,
        2,
        1,
    )
    assert report["summary"] == {
        "materials_removed": 1,
        "materials_added": 0,
        "days_saved": 1,
        "steps_removed": 1,
        "fees_saved": 10,
        "visits_saved": 1,
        "immediate_before": 1,
        "immediate_after": 2,
        "materials_before": 9,
        "streamlining_rate": 0.1111,
        "delegated": 0,
        "streamlining_formula": "精简率 = 减少的材料数 / 上一版本在用业务办理项的材料总数",
    }
    promised = [e for e in report["implementations"] if e["change"] == "promised"]
    # the item's own promise at the county, the township's stated one, the village's along its route
    promises = {
        (e["region"], e["code"], e["before"]["promised"], e["after"]["promised"]) for e in promised
    }
    assert promises == {
        ("410526", "00013112800002", 3, 2),
        ("410526100", "00013112800001", 3, 2),
        ("410526100", "00013112800002", 3, 2),
        ("410526100201", "00013112800001", 3, 2),
    }


def test_diff_between_folders_and_in_text_and_markdown(history, tmp_path):
    old = tmp_path / "old"
    subprocess.run(
        f"git -C {history} archive v1 | tar -x -C {old}", shell=True, check=True
    ) if old.mkdir() is None else None
    text = banshi("diff", old, history)
    assert (
        text.returncode == 0
        and "减材料 1 项" in text.stdout
        and "取消或合并 10000000000201 将取消事项" in text.stdout
    )
    md = banshi("diff", "v1", "v2", "--format", "md", cwd=history)
    assert "# 变更公告：2026\\.11 → 2026\\.12" in md.stdout
    assert "减材料 个体工商户营业执照" in md.stdout
    assert "| 00013112800002 |" in md.stdout


SJ_MARKET = {
    "id": "sj-market",
    "name": "上集市场监督管理所",
    "region": "410526100",
    "sector": "市场监管",
    "phone": "0372-5551202",
    "complaint_phone": "12345",
    "address": "上集镇政府院内二楼",
    "hours": "周一至周五 8:30-12:00 14:00-17:30",
}


def test_diff_counts_delegation_and_lists_its_batches(tmp_path):
    """下放: an entry that becomes 下放 is counted in ``delegated`` and listed by decision and level
    in the 变更公告 (the seeds report 下放乡镇77项、村46项); the 精简率 is stated with its
    formula."""
    old = minimal(tmp_path / "old")
    new = minimal(tmp_path / "new")
    basis = "示县政〔2026〕5号"
    apply_patch(
        new,
        {
            "catalog/departments.yaml": {"departments/-": SJ_MARKET},
            "catalog/implementations/410526100.yaml": {
                "entries/0/item": "00013112800001",
                "entries/-": {
                    "item": "00013112800002",
                    "agency": "sj-market",
                    "mode": "下放",
                    "delegation_basis": basis,
                },
            },
        },
    )
    assert banshi("validate", new).returncode == 0, banshi("validate", new).stdout
    report = json.loads(banshi("diff", old, new, "--format", "json").stdout)
    assert report["summary"]["delegated"] == 1
    assert {
        "region": "410526100",
        "code": "00013112800002",
        "change": "mode",
        "before": {"mode": "受理转报", "promised": 3},
        "after": {"mode": "下放", "promised": 3},
    } in report["implementations"]
    assert report["delegation_batches"] == [
        {"basis": basis, "level": "township", "codes": ["00013112800002"], "count": 1}
    ]
    text = banshi("diff", old, new).stdout
    assert f"下放乡镇 1 项（{basis}）" in text and "精简率 0.00% = 0 / 6" in text


def test_diff_of_an_unknown_revision_is_a_usage_error(history):
    run = banshi("diff", "v0", "v2", cwd=history)
    assert run.returncode == 2 and "v0" in run.stderr


def test_as_of_before_effective_leaves_an_item_out(history, tmp_path):
    later = tmp_path / "later"
    assert (
        banshi("build", history, "--out", later, "--no-site", "--as-of", "2027-01-01").returncode
        == 0
    )
    assert (later / "json/items/10000000000501.json").is_file()
    now = tmp_path / "now"
    assert banshi("build", history, "--out", now, "--no-site").returncode == 0
    assert not (now / "json/items/10000000000501.json").exists()
    assert (
        json.loads((now / "json/manifest.json").read_text(encoding="utf-8"))["as_of"]
        == "2026-12-01"
    )


def test_cancelled_item_gets_one_page_and_nothing_else(history, tmp_path):
    out = tmp_path / "out"
    run = banshi("build", history, "--out", out, "--previous", "v1")
    assert run.returncode == 0, run.stderr
    page = (out / "site/retired/100000000002/index.html").read_text(encoding="utf-8")
    assert "已取消" in page and "示县政〔2026〕1号" in page
    assert (
        not (out / "json/items/10000000000201.json").exists()
        and not (out / "qr/10000000000201.svg").exists()
    )
    assert not list((out / "site").glob("**/10000000000201/"))
    changes = (out / "site/changes/index.html").read_text(encoding="utf-8")
    assert "五减成效" in changes and "将删除事项" in changes


def test_merged_item_links_to_the_surviving_item(tmp_path):
    root = minimal(tmp_path)
    merged = approval("100000000006", "旧事项", 2)
    merged.update(
        status="merged",
        merged_into="000131128000",
        decision={
            "number": "示县政〔2026〕2号",
            "title": "关于合并事项的决定",
            "date": "2026-10-01",
        },
    )
    write_item(root, merged)
    out = tmp_path / "out"
    assert banshi("build", root, "--out", out).returncode == 0
    page = (out / "site/retired/100000000006/index.html").read_text(encoding="utf-8")
    assert "已合并" in page and 'href="../../items/00013112800001/"' in page


def test_a_merged_items_page_quotes_a_quoted_name_without_nesting(tmp_path):
    """A name that has quotation marks of its own is quoted once, its own made single
    (GB/T 15834): never “开办“小餐饮”登记注册”."""
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/items/000131128000.yaml": {"name": "开办“小餐饮”登记注册"}})
    merged = approval("100000000006", "旧事项", 2)
    merged.update(
        status="merged",
        merged_into="000131128000",
        decision={"number": "示县政〔2026〕2号", "title": "关于合并", "date": "2026-10-01"},
    )
    write_item(root, merged)
    out = tmp_path / "out"
    assert banshi("build", root, "--out", out).returncode == 0
    page = parse_html((out / "site/retired/100000000006/index.html").read_text("utf-8")).text
    assert "本事项并入“开办‘小餐饮’登记注册”" in page
    assert nested_quotes(page) == []


def test_stats_of_the_sample():
    data = json.loads(banshi("stats", REPO, "--format", "json").stdout)
    assert data["handling_items"] == sum(data["by_kind"].values()) == sum(data["by_type"].values())
    legal, promised = data["legal_days"], data["promised_days"]
    assert data["promise_speedup"] == round((legal - promised) / legal, 4)
    text = banshi("stats", REPO).stdout
    assert "承诺提速率 = Σ(法定时限 − 承诺时限) / Σ 法定时限" in text


def test_promise_speedup_reproduces_the_seeds_figure(tmp_path):
    """000:144: 20.77 working days compressed to 13.12 gives 36.83%, whatever the split."""
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {
                "handling/0/kind": "承诺件",
                "handling/0/time_limit": {"unit": "工作日", "legal": 2077, "promised": 1312},
                "handling/1/time_limit": {"unit": "工作日", "legal": 0, "promised": 0},
                "handling/1/kind": "即办件",
                "handling/1/steps": [{"name": "受理", "days": 0}],
            },
            "catalog/implementations/410526100.yaml": {"entries/0/promised": None},
        },
    )
    run = banshi("stats", root, "--format", "json")
    assert run.returncode == 0, run.stderr
    assert json.loads(run.stdout)["promise_speedup"] == 0.3683
