"""Numbers and dates have sane bounds: a schema problem or a usage error, never a crash, an
overflow or a loop that runs for minutes."""

import datetime

import pytest
from catalogs import apply_patch, minimal
from command_line import banshi

from banshi.load import KINDS
from banshi.validate.schema import schema_of
from banshi.workdays import DateOutOfRange, WorkCalendar

D = datetime.date
ITEM = "catalog/items/000131128000.yaml"


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
    assert f"{file}:" in run.stdout and "不能大于" in run.stdout


def test_copies_written_as_a_fraction_is_not_a_whole_number(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {ITEM: {"handling/0/materials/0/copies": 1.0}})
    run = banshi("validate", root)
    assert run.returncode == 1
    assert "copies（份数）应为整数，而不是 1.0" in run.stdout


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
    with pytest.raises(DateOutOfRange, match="超过了告知书计算的最后一天"):
        WorkCalendar().add(start, days, unit)


# --- issue 20, observation 7: aliases bounded by the text they expand to, not nodes alone ------


def _limited(*args, budget: int = 1 << 30, seconds: int = 60):
    """``banshi`` in a process limited to ``budget`` bytes of address space."""
    import resource

    def limit():
        resource.setrlimit(resource.RLIMIT_AS, (budget, budget))

    return banshi(*args, preexec_fn=limit, timeout=seconds)


def test_aliases_of_a_long_scalar_are_bounded_by_size_at_the_alias(tmp_path, monkeypatch):
    """A 330 kB item: one scalar of 100,000 characters and 5,000 aliases of it, far under the
    node limit, made ``validate`` end in a MemoryError (exit 3) under 2 GB. Now it is a
    located problem at the alias that crosses the limit, from nothing and from the cache,
    within 1 GB and seconds."""
    monkeypatch.setenv("BANSHI_CACHE_DIR", str(tmp_path / "cache"))
    root = minimal(tmp_path)
    item = root / ITEM
    text = item.read_text(encoding="utf-8")
    item.write_text(
        text + "x_big: &big " + "长" * 100_000 + "\nx_many: [" + ", ".join(["*big"] * 5000) + "]\n",
        encoding="utf-8",
    )
    line = len(text.splitlines()) + 2
    written = item.read_text(encoding="utf-8").splitlines()[line - 1]
    for _ in range(2):  # from nothing, then with the cache
        run = _limited("validate", root)
        assert run.returncode == 1, run.stderr
        alias = [p for p in run.stdout.splitlines() if "load.alias" in p]
        assert len(alias) == 1, run.stdout
        assert alias[0].startswith(f"{ITEM}:{line}:"), alias
        from banshi.load.reader import MAX_EXPANDED_CHARACTERS

        assert f"超过 {MAX_EXPANDED_CHARACTERS:,} 个字符" in alias[0]
        column = int(alias[0].split(":")[2])
        assert written[column - 1 :].startswith("*big")
        # the alias that crosses the limit: the scalar where it is written and the file's other
        # text (under 100,000 characters) count too, so the 99th alias crosses 10,000,000
        assert written[: column - 1].count("*big") == MAX_EXPANDED_CHARACTERS // 100_000 - 2


def test_a_few_aliases_of_a_long_scalar_stay_allowed(tmp_path):
    from banshi.load.reader import read

    text = "schema: banshi/item/v1\nlong: &l " + "长" * 100_000 + "\nagain: [*l, *l, *l]\n"
    assert read("f.yaml", text.encode()).ok
    bomb = "schema: banshi/item/v1\nlong: &l " + "长" * 100_000 + "\nagain: [" + "*l, " * 200
    [problem] = read("f.yaml", (bomb + "*l]\n").encode()).problems
    assert (problem.rule, problem.line) == ("load.alias", 3)
