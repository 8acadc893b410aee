"""`banshi notice`: the 一次性告知单 for an applicant's answers, the 补正 notice, due dates."""

import json
from pathlib import Path

import pytest
from command_line import banshi

REPO = Path(__file__).resolve().parents[1]
MINIMAL = Path(__file__).parent / "fixtures" / "minimal"


def notice(*args, root=MINIMAL):
    """``banshi notice CODE ROOT`` and the rest of ``args``."""
    return banshi("notice", *args[:1], root, *args[1:])


def notice_json(*args, root=MINIMAL):
    run = notice(*args, "--format", "json", root=root)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def ids(rows):
    return [row["id"] for row in rows]


def test_answers_select_exactly_the_materials_they_require():
    entrusted = notice_json("00013112800001", "--region", "410526", "--answer", "entrusted=true")
    assert ids(entrusted["materials"]) == [
        "individual_business_application",
        "resident_id_card",
        "business_premises_proof",
        "power_of_attorney",
    ]
    alone = notice_json("00013112800001", "--region", "410526", "--answer", "entrusted=否")
    assert "power_of_attorney" not in ids(alone["materials"]) and alone["conditional"] == []


def test_unanswered_questions_are_told_not_dropped():
    data = notice_json("00013112800001", "--region", "410526")
    assert ids(data["conditional"]) == ["power_of_attorney"]
    assert data["conditional"][0]["condition_text"] == "是否委托他人代为办理：是"
    assert any("是否委托他人代为办理" in w for w in data["warnings"])


def test_correction_notice_lists_only_what_is_missing():
    data = notice_json(
        "00013112800001",
        "--region",
        "410526",
        "--answer",
        "entrusted=false",
        "--submitted",
        "resident_id_card",
        "--submitted",
        "individual_business_application",
        "--date",
        "2025-09-30",
    )
    assert data["title"] == "补正告知书"
    assert data["missing"] == ["business_premises_proof"]


def test_dates_on_the_holiday_calendar():
    data = notice_json("00013112800002", "--region", "410526100", "--date", "2025-09-30")
    assert (data["date"], data["due_date"]) == (
        "2025-09-30",
        "2025-10-11",
    )  # 10-09, 10-10 and Saturday 10-11, a 调休 workday
    assert data["warnings"] == []


def test_deferrable_material_gets_its_own_deadline():
    data = notice_json(
        "00013112800001",
        "--region",
        "410526",
        "--answer",
        "entrusted=false",
        "--date",
        "2025-09-30",
    )
    premises = next(m for m in data["materials"] if m["id"] == "business_premises_proof")
    assert premises["deferrable_days"] == 5 and premises["deferrable_until"] == "2025-10-14"
    assert data["due_date"] == "2025-09-30"  # 即办件


def test_a_year_the_calendar_does_not_know_is_flagged():
    data = notice_json("00013112800002", "--region", "410526", "--date", "2027-03-01")
    assert data["due_date"] == "2027-03-04"
    assert any("2027" in w for w in data["warnings"])


@pytest.mark.parametrize(
    "args, says",
    [
        (("--answer", "owner=true"), "没有问题 owner"),
        (("--answer", "entrusted=maybe"), "只能回答 true（是）或 false（否）"),
        (("--answer", "entrusted"), "问题=答案"),
        (("--submitted", "passport", "--date", "2025-09-30"), "不是 00013112800001 的申请材料"),
        (("--date", "2025-02-30"), "YYYY-MM-DD"),
    ],
)
def test_unknown_question_option_or_material_is_a_clear_error(args, says):
    run = notice("00013112800001", "--region", "410526", *args)
    assert run.returncode == 2 and says in run.stderr


def test_unknown_region_and_code():
    run = notice("00013112800001", "--region", "410000")
    assert run.returncode == 2 and "410526" in run.stderr
    run = notice("99999999999999", "--region", "410526")
    assert run.returncode == 2 and "不是" in run.stderr and "有效的业务办理项" in run.stderr


def test_html_is_a_printable_a4_page():
    run = notice("00013112800001", "--region", "410526", "--format", "html")
    assert run.returncode == 0
    assert run.stdout.startswith("<!DOCTYPE html>") and "@page { size: A4" in run.stdout
    assert "一次性告知单" in run.stdout and "个体工商户登记（备案）申请书" in run.stdout
