"""Numbers and dates have sane bounds: a schema problem or a usage error, never a crash, an
overflow or a loop that runs for minutes."""

import datetime
import subprocess
import sys

import pytest
from catalogs import apply_patch, minimal

from banshi.load import KINDS
from banshi.validate.schema import schema_of
from banshi.workdays import DateOutOfRange, WorkCalendar

D = datetime.date
ITEM = "catalog/items/000131128000.yaml"


def banshi(*args):
    run = subprocess.run(
        [sys.executable, "-m", "banshi", *map(str, args)],
        check=False,
        capture_output=True,
        text=True,
    )
    assert "Traceback" not in run.stderr and run.returncode != 3, run.stderr
    return run


def _numbers(node, path=""):
    """Every field of a schema that holds a number, by its path."""
    if isinstance(node, dict):
        if node.get("type") in ("integer", "number"):
            yield path, node
        for key, child in node.items():
            yield from _numbers(child, f"{path}/{key}")
    elif isinstance(node, list):
        for index, child in enumerate(node):
            yield from _numbers(child, f"{path}/{index}")


@pytest.mark.parametrize("kind", KINDS)
def test_every_number_a_catalog_gives_has_a_maximum(kind):
    assert [path for path, field in _numbers(schema_of(kind)) if "maximum" not in field] == []


@pytest.mark.parametrize(
    "file, path, value",
    [
        (ITEM, "handling/0/materials/0/copies", 1000),
        (ITEM, "handling/0/materials/2/deferrable_days", 10_000_000),
        (ITEM, "handling/1/time_limit/legal", 100_000),
        (ITEM, "handling/1/steps/0/days", 100_000),
        (
            ITEM,
            "handling/0/fees",
            [{"name": "工本费", "amount": 1e15, "unit": "件", "basis": "文件"}],
        ),
        ("catalog/implementations/410526100.yaml", "entries/0/promised", 100_000),
        ("catalog/bundles/open-shop.yaml", "limit", 100_000),
    ],
)
def test_a_number_past_its_maximum_is_a_located_problem(tmp_path, file, path, value):
    root = minimal(tmp_path)
    apply_patch(root, {file: {path: value}})
    run = banshi("validate", root)
    assert run.returncode == 1
    assert f"{file}:" in run.stdout and "maximum" in run.stdout


def test_copies_written_as_a_fraction_is_not_a_whole_number(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {ITEM: {"handling/0/materials/0/copies": 1.0}})
    run = banshi("validate", root)
    assert run.returncode == 1
    assert "copies (份数) must be a whole number, not 1.0" in run.stdout


def test_a_fee_written_with_a_fraction_stays_a_number(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            ITEM: {
                "handling/0/fees": [
                    {"name": "工本费", "amount": 80.0, "unit": "件", "basis": "收费文件"}
                ]
            }
        },
    )
    assert banshi("validate", root).returncode == 0


def test_a_date_past_the_calendar_is_a_usage_error(tmp_path):
    root = minimal(tmp_path)
    run = banshi("notice", "00013112800002", root, "--region", "410526", "--date", "9999-12-31")
    assert run.returncode == 2 and "9999-12-31" in run.stderr


@pytest.mark.parametrize(
    "start, days, unit",
    [
        (D(9999, 12, 31), 1, "自然日"),
        (D(9999, 12, 20), 10, "工作日"),
        (D(2025, 1, 1), 10_000_000, "工作日"),
        (D(2025, 1, 1), 10_000_000, "自然日"),
    ],
)
def test_counting_past_the_last_day_is_refused_not_an_overflow_or_a_long_loop(start, days, unit):
    with pytest.raises(DateOutOfRange, match="after"):
        WorkCalendar().add(start, days, unit)
