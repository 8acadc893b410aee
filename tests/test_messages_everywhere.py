"""Every message a user reads is in Chinese by default and in English with ``BANSHI_LANG=en``
(spec §6, issue 23): every problem id the validator and the importer can report, made to appear
and read in both languages, and every kind of usage error of the command line.

What makes each id appear: the broken corpus (``tests/broken``), each rule's ``Failing::``
example, and the few catalogs and workbooks below. The ids are the rule registry's, the schema
check's and every ``load.*`` and ``import.*`` id written in the package, so a new rule or
problem without a case fails here.

A message is read twice, once in each language, and the two are compared. The Chinese one must
have Chinese of its own (characters the English one lacks: the names and codes quoted from the
catalog are in both) and no English prose; the English one must read as English.
"""

from __future__ import annotations

import ast
import contextlib
import datetime
import json
import re
import subprocess
from collections import defaultdict
from pathlib import Path

import pytest
import yaml
from catalogs import apply_patch, minimal
from click.testing import CliRunner
from command_line import banshi
from test_broken_catalogs import CASES as BROKEN
from test_broken_catalogs import build as broken_root
from test_workbook_bounds import CASES as HOSTILE
from test_workbook_bounds import with_rows

from banshi.rules import registry
from banshi.validate import schema

PACKAGE = Path(__file__).parents[1] / "compiler" / "banshi"
LANGUAGES = ("zh", "en")
# Words no Chinese message has, and every English one has some of; a word next to a hyphen,
# dot, slash, quote or colon is a value (not-required, a YAML key such as not:).
ENGLISH_WORDS = {
    "an", "and", "are", "as", "at", "be", "but", "by", "can", "cannot", "did", "does", "each",
    "every", "for", "from", "has", "have", "here", "if", "in", "into", "is", "it", "its",
    "lists", "may", "mean", "missing", "more", "must", "needs", "never", "no", "not", "of", "on",
    "once", "one", "only", "or", "says", "than", "the", "this", "to", "unknown", "was", "what",
    "which", "why", "with", "write", "you",
}  # fmt: skip
_WORD = re.compile(r"(?<![\w.:'/-])[A-Za-z]+(?![\w.:/-])")


def _english_words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text)} & ENGLISH_WORDS


def _chinese(text: str) -> set[str]:
    return {c for c in text if "\u3400" <= c <= "\u9fff"}


def reads_chinese(chinese: str, english: str) -> bool:
    """Chinese words of its own, beyond the catalog's names both quote, and no English prose."""
    return bool(_chinese(chinese) - _chinese(english)) and not _english_words(chinese)


def reads_english(english: str) -> bool:
    return bool(_english_words(english))


@contextlib.contextmanager
def language(lang: str):
    """``BANSHI_LANG`` for this block: unset (the default, Chinese) or ``en``."""
    with pytest.MonkeyPatch.context() as patch:
        if lang == "en":
            patch.setenv("BANSHI_LANG", "en")
        else:
            patch.delenv("BANSHI_LANG", raising=False)
        yield patch


# ---- the ids --------------------------------------------------------------------------------


def _ids_written_in_the_package() -> set[str]:
    """Every ``load.*`` and ``import.*`` id the package writes as a literal."""
    found = set()
    for path in PACKAGE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                if re.fullmatch(r"(load|import)\.[a-z][a-z-]*", node.value):
                    found.add(node.value)
    return found


SCHEMA_IDS = {schema.RULE, schema.RULE_UNKNOWN_KEY, schema.RULE_UNQUOTED, schema.RULE_UNEXPLAINED}
WRITTEN = _ids_written_in_the_package()
VALIDATE_IDS = sorted(set(registry()) | SCHEMA_IDS | {i for i in WRITTEN if i.startswith("load.")})
# import.load.*: a cell of YAML text, read by the catalog's reader, reports its problems so
IMPORT_IDS = sorted({i for i in WRITTEN if i.startswith("import.")} | {"import.load.syntax"})


# ---- catalogs that make the validator's ids appear ------------------------------------------


def _deep(root: Path) -> None:
    (root / "catalog/items/000131128000.yaml").write_text(
        "schema: banshi/item/v1\ncode: " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8"
    )


def _linked(root: Path) -> None:
    item = root / "catalog/items/000131128000.yaml"
    item.rename(root / "item.yaml")
    item.symlink_to(root / "item.yaml")


def _rule_examples():
    for rule in registry().values():
        yield (
            f"{rule.id} Failing::",
            lambda root, rule=rule: apply_patch(root, yaml.safe_load(rule.example("Failing"))),
        )


def _catalogs():
    """(name, a function that breaks the minimal catalog) for every case."""
    for case in BROKEN:
        yield case.name, case
    yield from _rule_examples()
    yield "nesting too deep", _deep
    yield "an item file that is a symbolic link", _linked


def _validated(tmp: Path, name: str, breaking, lang: str) -> list:
    from banshi.validate import validate

    folder = tmp / f"{len(list(tmp.iterdir()))}"
    folder.mkdir()
    if isinstance(breaking, Path):
        root = broken_root(breaking, folder)
    else:
        root = minimal(folder)
        breaking(root)
    with language(lang):
        return validate(root, use_cache=False).problems


def _unexplained(tmp: Path, lang: str) -> list:
    """A document jsonschema-rs refuses and the explaining pass does not explain (a bug of
    ours, said as one)."""
    from banshi.validate import validate

    class Silent:
        def iter_errors(self, data):
            return iter(())

    root = minimal(tmp / f"unexplained-{lang}")
    apply_patch(root, {"catalog/departments.yaml": {"departments/0/id": "Not-An-Id"}})
    with language(lang) as patch:
        patch.setattr(schema, "validator_of", lambda kind: Silent())
        return validate(root, use_cache=False).problems


# ---- workbooks that make the importer's ids appear ------------------------------------------


def _cell(sheet: str, key: str, value, row: int = 2):
    def change(book):
        page = book[sheet]
        at = [c.value for c in page[2]].index(key) + 1
        page.cell(row + 1, at).value = value

    return change


def _merged(book):
    book["区划"].merge_cells(start_row=4, start_column=2, end_row=5, end_column=2)


def _renamed(sheet: str, key: str, new: str):
    def change(book):
        page = book[sheet]
        at = [c.value for c in page[2]].index(key) + 1
        page.cell(2, at).value = new

    return change


WORKBOOKS = {
    "import.sheet": lambda book: book.remove(book["情形"]),
    "import.header": _renamed("部门", "phone", "telephone"),
    "import.number-as-text": _cell("事项", "code", 131128000),
    "import.enum": _cell("实施清单", "mode", "审批"),
    "import.required": _cell("办理项", "name", None),
    "import.integer": _cell("办理项", "visits", "一次"),
    "import.boolean": _cell("办理项", "proxy", "也许"),
    "import.date": _cell("事项", "effective", 12345),
    "import.number": _cell("政策", "promised_ratio_max", "八成"),
    "import.type": _cell("事项", "name", datetime.datetime(2025, 9, 30)),
    "import.alias": _cell("办理项", "steps", "[&a {name: 受理, days: 0}, *a]"),
    "import.load.syntax": _cell("申请材料", "when", "{entrusted: true"),
    "import.too-long": _cell("实施清单", "note", "须" * 600),
    "import.merged": _merged,
    "import.file": _cell("部门", "file", "../../etc/passwd.yaml"),
    "import.parent": _cell("办理项", "item", "999999999999"),
    "import.formula": _cell("实施清单", "note", '="含"&"公告期"'),
}


def _exported(tmp: Path) -> Path:
    from banshi.workbook.export import export

    book = tmp / "目录.xlsx"
    assert not export(minimal(tmp / "exported"), book).problems
    return book


def _changed(book: Path, out: Path, change) -> Path:
    import openpyxl

    workbook = openpyxl.load_workbook(book)
    change(workbook)
    workbook.save(out)
    return out


def _imported(book: Path, target: Path, lang: str, patch_size: bool = False) -> list:
    from banshi.workbook import read
    from banshi.workbook.target import unwritable

    with language(lang) as patch:
        if patch_size:
            patch.setattr(read, "MAX_UNPACKED", 1000)
        imported = read.read_workbook(book, book.name)
        return [*imported.problems, *unwritable(target, imported, book.name)]


def _in_the_way(tmp: Path) -> Path:
    """A target where a folder the workbook writes into is a file."""
    target = tmp / "target"
    (target / "catalog").mkdir(parents=True)
    (target / "catalog/items").write_text("not a folder", encoding="utf-8")
    return target


# ---- both languages, once for all ids --------------------------------------------------------


def _place(problem) -> tuple:
    """Where a problem is: a file's line and column, or a workbook's sheet, row and column."""
    if hasattr(problem, "sheet"):
        return (problem.sheet, problem.row, problem.column, problem.rule)
    return (problem.file, problem.line, problem.column, problem.rule)


def _paired(runs: dict[str, list]) -> list[tuple[str, str, str]]:
    """(rule, Chinese message, English message) of the same problem in the two runs."""
    by_place = {lang: defaultdict(list) for lang in LANGUAGES}
    for lang, problems in runs.items():
        for p in problems:
            by_place[lang][_place(p)].append(p.message)
    pairs = []
    for place, chinese in by_place["zh"].items():
        english = by_place["en"].get(place, [])
        assert len(english) == len(chinese), (place, chinese, english)
        for zh in chinese:
            # several problems at one place: the English message read with it is any of them
            pairs.append((place[3], zh, english[0] if len(english) == 1 else "\n".join(english)))
    return pairs


@pytest.fixture(scope="module")
def messages(tmp_path_factory) -> dict[str, list[tuple[str, str, str]]]:
    """id → (case, Chinese message, English message) of every problem every case made."""
    tmp = tmp_path_factory.mktemp("messages")
    found = defaultdict(list)

    def keep(case: str, runs: dict[str, list]) -> None:
        for rule, zh, en in _paired(runs):
            found[rule].append((case, zh, en))

    for name, breaking in _catalogs():
        keep(name, {lang: _validated(tmp, name, breaking, lang) for lang in LANGUAGES})
    keep("schema.unexplained", {lang: _unexplained(tmp, lang) for lang in LANGUAGES})

    book = _exported(tmp / "book")
    empty = tmp / "no-target"
    for rule, change in WORKBOOKS.items():
        changed = _changed(book, tmp / f"{rule}.xlsx", change)
        keep(f"workbook {rule}", {lang: _imported(changed, empty, lang) for lang in LANGUAGES})
    for name, (rows, shared, _where) in HOSTILE.items():
        if "MB" not in name:  # the bounds tests read that one in a process of its own
            hostile = with_rows(book, tmp / f"{len(found)}.xlsx", rows, shared)
            keep(f"workbook: {name}", {lang: _imported(hostile, empty, lang) for lang in LANGUAGES})
    keep("workbook too large", {lang: _imported(book, empty, lang, True) for lang in LANGUAGES})
    target = _in_the_way(tmp)
    keep("a folder in the way", {lang: _imported(book, target, lang) for lang in LANGUAGES})
    return found


def _shown(examples) -> str:
    return "\n".join(f"  [{case}]\n    zh: {zh}\n    en: {en}" for case, zh, en in examples[:3])


@pytest.mark.parametrize("rule", VALIDATE_IDS + IMPORT_IDS)
def test_every_problem_id_is_made_to_appear(messages, rule):
    assert messages.get(rule), (
        f"no case makes {rule} appear: add one to this file (for a rule, its Failing:: example)"
    )


@pytest.mark.parametrize("rule", VALIDATE_IDS + IMPORT_IDS)
def test_a_problem_reads_in_chinese_by_default(messages, rule):
    wrong = [(c, zh, en) for c, zh, en in messages.get(rule, []) if not reads_chinese(zh, en)]
    assert not wrong, f"{rule}: not in Chinese by default:\n{_shown(wrong)}"


@pytest.mark.parametrize("rule", VALIDATE_IDS + IMPORT_IDS)
def test_a_problem_reads_in_english_with_banshi_lang_en(messages, rule):
    wrong = [(c, zh, en) for c, zh, en in messages.get(rule, []) if not reads_english(en)]
    assert not wrong, f"{rule}: not in English with BANSHI_LANG=en:\n{_shown(wrong)}"


def test_the_comparison_tells_the_languages_apart():
    """The test's own judge: an untranslated message, or one shown in Chinese whatever the
    language asked for, does not pass."""
    english = "promised 20 工作日 is more than the legal 15"
    chinese = "承诺时限 20 个工作日超过了法定时限 15"
    assert reads_chinese(chinese, english) and reads_english(english)
    assert not reads_chinese(english, english)  # untranslated
    assert not reads_english(chinese)  # BANSHI_LANG=en ignored
    assert not reads_chinese("Error: Invalid value for --region: 区划 999999 不存在", english)
    assert not reads_english("when 条件：写成 not: 加一个条件，或 --ground not-required")


# ---- the reports that carry the messages ------------------------------------------------------


def _banshi(*args, lang: str, cwd=None) -> subprocess.CompletedProcess:
    env = {"BANSHI_LANG": "en" if lang == "en" else None, "PYTHONIOENCODING": "utf-8"}
    return banshi(*args, cwd=cwd, env=env, timeout=120)


@pytest.fixture(scope="module")
def over_legal(tmp_path_factory) -> Path:
    root = minimal(tmp_path_factory.mktemp("over-legal"))
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 20}})
    return root


RULE = "time.promised-over-legal"


def _message_of(report: str, out: str, rule: str) -> str:
    """The message of the one problem of ``rule`` in a report of this format."""
    if report == "sarif":
        found = json.loads(out)["runs"][0]["results"]
        [text] = [r["message"]["text"] for r in found if r["ruleId"] == rule]
    elif report == "gitlab":
        [text] = [p["description"] for p in json.loads(out) if p["check_name"] == rule]
    elif report == "json":
        [text] = [p["message"] for p in json.loads(out)["problems"] if p["rule"] == rule]
    else:  # text, github: one line each, the message last
        [text] = [line for line in out.splitlines() if rule in line]
    return text


@pytest.mark.parametrize("report", ["text", "json", "github", "sarif", "gitlab"])
def test_every_report_format_carries_the_message_in_the_language_asked(over_legal, report):
    texts = {}
    for lang in LANGUAGES:
        run = _banshi("validate", over_legal, "--format", report, lang=lang, cwd=over_legal)
        assert run.returncode == 1 and "Traceback" not in run.stderr, run.stderr
        texts[lang] = _message_of(report, run.stdout, RULE)
    assert reads_chinese(texts["zh"], texts["en"]), texts
    assert reads_english(texts["en"]), texts
    assert "承诺时限 20 个工作日超过了法定时限 15" in texts["zh"]
    assert "promised 20 工作日 is more than the legal 15" in texts["en"]


def test_sarif_rule_descriptions_of_reading_problems_follow_the_language(tmp_path):
    root = minimal(tmp_path)
    (root / "catalog/regions.yaml").write_text("schema: banshi/regions/v1\nregions: [\n")
    described = {}
    for lang in LANGUAGES:
        run = _banshi("validate", root, "--format", "sarif", lang=lang, cwd=root)
        rules = json.loads(run.stdout)["runs"][0]["tool"]["driver"]["rules"]
        [load] = [r for r in rules if r["id"] == "load.syntax"]
        described[lang] = load["shortDescription"]["text"]
    assert reads_chinese(described["zh"], described["en"]), described
    assert reads_english(described["en"]), described


@pytest.fixture(scope="module")
def rules_listed() -> dict[str, dict[str, str]]:
    """``banshi rules`` in each language: rule id → what it says the rule wants."""
    listed = {}
    for lang in LANGUAGES:
        run = _banshi("rules", lang=lang)
        assert run.returncode == 0, run.stderr
        lines = [line.split(None, 2) for line in run.stdout.splitlines()]
        listed[lang] = {rule: summary for rule, _severity, summary in lines}
    return listed


@pytest.mark.parametrize("rule", sorted(registry()))
def test_banshi_rules_says_what_each_rule_wants_in_both_languages(rules_listed, rule):
    chinese, english = rules_listed["zh"][rule], rules_listed["en"][rule]
    assert english == registry()[rule].documented  # the English is the docstring's
    assert reads_english(english), english
    assert reads_chinese(chinese, english), f"{rule}: not in Chinese by default: {chinese}"


# ---- the command line's usage errors ----------------------------------------------------------

USAGE_ERRORS = {
    "unknown command": ["frobnicate"],
    "unknown option": ["validate", "{root}", "--frobnicate"],
    "missing argument": ["notice"],
    "missing option": ["init", "{tmp}/new", "--name", "示例县"],
    "option without its value": ["build", "{root}", "--out"],
    "value not among the choices": ["validate", "{root}", "--format", "xml"],
    "extra argument": ["rules", "extra"],
    "bad --date": [
        "notice", "00013112800001", "{root}", "--region", "410526", "--date", "2025-02-30",
    ],
    "bad --as-of": ["build", "{root}", "--as-of", "tomorrow", "--out", "{tmp}/out"],
    "root without catalog": ["validate", "{tmp}/empty"],
    "root that is no folder": ["validate", "{tmp}/nowhere"],
    "unknown region": ["notice", "00013112800001", "{root}", "--region", "999999"],
    "unknown handling code": ["notice", "00099999999901", "{root}", "--region", "410526"],
    "unknown bundle": ["graph", "no-such-bundle", "{root}"],
    "not a workbook": ["import", "{root}/catalog/catalog.yaml", "{tmp}/imported"],
    "export not to .xlsx": ["export", "{root}", "--out", "{tmp}/book.csv"],
    "output over the catalog": ["build", "{root}", "--out", "{root}/catalog"],
    "output a folder of someone's": ["build", "{root}", "--out", "{tmp}/thesis"],
    "unknown revision": ["diff", "no-such-tag", "{root}", "--root", "{root}"],
}  # fmt: skip


def _usage_error(tmp: Path, args: list[str], lang: str) -> tuple[int, str]:
    from banshi.cli import main

    root = tmp / "root"
    if not root.exists():
        minimal(tmp)
        (tmp / "empty").mkdir()
        (tmp / "thesis").mkdir()
        (tmp / "thesis/chapter1.md").write_text("三年的心血", encoding="utf-8")
    given = [a.format(root=root, tmp=tmp) for a in args]
    env = {"BANSHI_LANG": "en" if lang == "en" else None}
    result = CliRunner().invoke(main, given, env=env, catch_exceptions=False)
    return result.exit_code, result.stdout + result.stderr


@pytest.mark.parametrize("error", sorted(USAGE_ERRORS))
def test_a_usage_error_reads_in_both_languages(tmp_path, error):
    said = {lang: _usage_error(tmp_path, USAGE_ERRORS[error], lang) for lang in LANGUAGES}
    for lang, (code, text) in said.items():
        assert code in (1, 2) and "Traceback" not in text, (lang, code, text)
    chinese, english = said["zh"][1], said["en"][1]
    assert reads_english(english), f"not English with BANSHI_LANG=en:\n{english}"
    assert reads_chinese(chinese, english), f"not Chinese by default:\n{chinese}"
