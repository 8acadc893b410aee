"""Fuzzing the loader and the rules: whatever bytes a catalog holds, ``banshi validate`` ends
with exit 0 or 1, never 3 (an internal error), never a traceback, every problem at a
``path:line:col`` of a real file, within a time and memory budget per case.

Each case takes the minimal fixture or the bundled sample catalog and mutates one or two of its
YAML files at random (seeded): truncated, bytes flipped, lines duplicated, deleted, swapped or
indented, nesting made deep (flow and block, plain and through aliases), numbers made huge,
odd unicode inserted (NUL, BOM, bidi controls, line separators, surrogate-free astral
characters), values swapped for ones of another type, tags, anchors and aliases. Both reports
run, text (cold cache) then JSON (warm cache), in one worker process limited in address space
(``MEMORY_BUDGET``), each case under an alarm (``TIME_BUDGET``).

The default run is small, so CI stays fast (about 20 s). A longer run::

    BANSHI_FUZZ_EXAMPLES=2000 BANSHI_FUZZ_SEED=7 python -m pytest -q tests/test_fuzz.py

(``BANSHI_FUZZ_EXAMPLES`` cases, from ``BANSHI_FUZZ_SEED``; a failure names its seed and case,
and the same two variables replay it.)
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests/fixtures/minimal"
EXAMPLES = int(os.environ.get("BANSHI_FUZZ_EXAMPLES", "100"))
SEED = int(os.environ.get("BANSHI_FUZZ_SEED", "0"))
TIME_BUDGET = 10  # seconds for one case (both reports); a case takes well under one
MEMORY_BUDGET = 3 << 30  # bytes of address space for the worker that runs every case
LOCATED = re.compile(r"^(catalog|rules)/\S+\.ya?ml$")

ODD = [
    "\x00",
    "\ufeff",
    "\u202e",
    "\u2028",
    "\u2029",
    "\x85",
    "\t",
    "\r",
    "\x1b",
    "\u0301",
    "\U0001f600",
    "\uffff",
    "名",
    "\x7f",
    "\\",
    '"',
    "'",
    "#",
    "&a ",
    "*a ",
    "!!",
    "%YAML 1.2\n",
    "---\n",
    "...\n",
    "? ",
    ": ",
    "- ",
    "{",
    "}",
    "[",
    "]",
    ",",
    "|",
    ">",
]
VALUES = [
    "[]",
    "{}",
    "null",
    "~",
    "true",
    "no",
    "0x1F",
    "0o17",
    ".inf",
    "-.nan",
    "1e400",
    "9" * 40,
    "-" + "9" * 400,
    "2024-02-30",
    "2024-13-01",
    "!!python/object/apply:os.system ['true']",
    "!!binary aGk=",
    "&x [*x]",
    "*nowhere",
    '"\\u0000"',
    '"\\ud800"',
    "<<: {a: 1}",
    "'" + "长" * 5000 + "'",
]


def _deep(rng: random.Random) -> str:
    depth = rng.choice([30, 63, 64, 65, 200, 490, 999, 1001, 5000])
    shape = rng.choice(["flow-list", "flow-map", "when", "block", "alias"])
    if shape == "flow-list":
        return "[" * depth + "1" + "]" * depth
    if shape == "flow-map":
        return "{a: " * depth + "1" + "}" * depth
    if shape == "when":
        return "{all: [" * (depth // 2) + "{entrusted: true}" + "]}" * (depth // 2)
    if shape == "block":
        depth = min(depth, 1200)
        return (
            "\n" + "".join(" " * (i + 1) + "k:\n" for i in range(depth)) + " " * (depth + 1) + "v"
        )
    chain = "&a0 [1]" + "".join(f" &a{i} [*a{i - 1}, *a{i - 1}]" for i in range(1, min(depth, 80)))
    return "[" + chain.replace(" &", ", &") + "]"


def mutate(raw: bytes, rng: random.Random, other: bytes) -> tuple[bytes, str]:
    """One mutation of a file's bytes, and what it was."""
    lines = raw.split(b"\n")
    i = rng.randrange(len(lines))
    kind = rng.choice(
        [
            "truncate",
            "flip",
            "duplicate",
            "delete",
            "swap",
            "indent",
            "deep",
            "huge",
            "unicode",
            "value",
            "splice",
            "bytes",
        ]
    )
    if kind == "truncate":
        return raw[: rng.randrange(len(raw) + 1)], f"{kind}"
    if kind == "flip":
        data = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        return bytes(data), kind
    if kind == "duplicate":
        lines[i:i] = lines[i : i + rng.randint(1, 6)] * rng.randint(1, 3)
    elif kind == "delete":
        del lines[i : i + rng.randint(1, 3)]
    elif kind == "swap":
        j = rng.randrange(len(lines))
        lines[i], lines[j] = lines[j], lines[i]
    elif kind == "indent":
        lines[i] = b" " * rng.choice([1, 2, 3, 5, 40]) + lines[i]
    elif kind == "deep":
        key = lines[i].split(b":", 1)[0] if b":" in lines[i] else b"  x"
        lines[i] = key + b": " + _deep(rng).encode()
    elif kind == "huge":
        number = rng.choice(
            ["9" * rng.randint(20, 5000), "1e999", "-0", "0" * 30 + "1", "123_456", "1:30"]
        )
        lines[i] = (
            re.sub(rb"\d+", number.encode(), lines[i], count=1)
            if re.search(rb"\d", lines[i])
            else lines[i] + b" " + number.encode()
        )
    elif kind == "unicode":
        at = rng.randint(0, len(lines[i]))
        lines[i] = lines[i][:at] + rng.choice(ODD).encode("utf-8", "surrogatepass") + lines[i][at:]
    elif kind == "value":
        if b": " in lines[i]:
            lines[i] = lines[i].split(b": ", 1)[0] + b": " + rng.choice(VALUES).encode()
        else:
            lines[i] = lines[i] + b" " + rng.choice(VALUES).encode()
    elif kind == "splice":
        other_lines = other.split(b"\n")
        j = rng.randrange(len(other_lines))
        lines[i:i] = other_lines[j : j + rng.randint(1, 10)]
    else:
        lines[i] = bytes(rng.randrange(256) for _ in range(rng.randint(1, 12)))
    return b"\n".join(lines), f"{kind} at line {i + 1}"


def make_case(seed: int, n: int, folder: Path) -> tuple[Path, str]:
    rng = random.Random(f"{seed}:{n}")
    root = folder / f"case-{n}"
    if rng.random() < 0.2:
        for part in ("catalog", "rules"):
            shutil.copytree(REPO / part, root / part)
    else:
        shutil.copytree(MINIMAL, root)
    files = sorted(p for p in root.rglob("*.y*ml") if p.is_file())
    done = []
    for _ in range(rng.choice([1, 1, 1, 2, 3])):
        path, other = rng.choice(files), rng.choice(files)
        raw, what = mutate(path.read_bytes(), rng, other.read_bytes())
        path.write_bytes(raw)
        done.append(f"{path.relative_to(root)}: {what}")
    return root, "; ".join(done)


class _OverTime(Exception):
    pass


def _alarm(signum, frame):
    raise _OverTime(f"over {TIME_BUDGET} s")


def _problems_wrong(data: dict, root: Path) -> list[str]:
    wrong = []
    for p in data["problems"]:
        if not (LOCATED.match(str(p.get("path"))) and (root / p["path"]).is_file()):
            wrong.append(f"not at a catalog file: {p}")
        elif not (
            isinstance(p.get("line"), int)
            and p["line"] >= 1
            and isinstance(p.get("column"), int)
            and p["column"] >= 1
        ):
            wrong.append(f"no line and column: {p}")
        elif p.get("severity") not in ("error", "warning") or not str(p.get("message", "")).strip():
            wrong.append(f"no severity or message: {p}")
    return wrong


def run_case(root: Path) -> list[str]:
    """What is wrong with validating this catalog: an empty list when nothing is."""
    from click.testing import CliRunner

    from banshi.cli import main

    runner = CliRunner()
    wrong = []
    text = runner.invoke(main, ["validate", str(root)])
    report = runner.invoke(main, ["validate", str(root), "--format", "json"])
    for name, result in (("text", text), ("json", report)):
        if result.exit_code not in (0, 1):
            wrong.append(
                f"{name}: exit {result.exit_code}: {result.stderr[-1000:]}{result.exception!r}"
            )
        if (
            "Traceback" in result.stdout + result.stderr
            or "internal error" in result.stderr
            or "内部错误" in result.stderr
        ):
            wrong.append(f"{name}: {result.stderr[-1000:]}")
    if wrong:
        return wrong
    data = json.loads(report.stdout)
    wrong += _problems_wrong(data, root)
    if (text.exit_code == 1) != bool(data["errors"]) or text.exit_code != report.exit_code:
        wrong.append(f"exit {text.exit_code}/{report.exit_code} with {data['errors']} errors")
    return wrong


def worker(seed: int, examples: int) -> None:
    """Runs every case in this process, one JSON line each (run by the test, in a subprocess)."""
    signal.signal(signal.SIGALRM, _alarm)
    with tempfile.TemporaryDirectory(prefix="banshi-fuzz-") as folder:
        os.environ["BANSHI_CACHE_DIR"] = str(Path(folder) / "cache")
        for n in range(examples):
            root, what = make_case(seed, n, Path(folder))
            start = time.perf_counter()
            signal.alarm(TIME_BUDGET)
            try:
                wrong = run_case(root)
            except _OverTime as error:
                wrong = [str(error)]
            except MemoryError:
                wrong = ["over the memory budget"]
            finally:
                signal.alarm(0)
            seconds = time.perf_counter() - start
            print(
                json.dumps(
                    {"case": n, "what": what, "seconds": round(seconds, 3), "wrong": wrong},
                    ensure_ascii=False,
                ),
                flush=True,
            )
            shutil.rmtree(root)


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET, MEMORY_BUDGET))


def _run_worker(seed: int, examples: int) -> list[dict]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    env.pop("BANSHI_DEBUG", None)
    run = subprocess.run(
        [sys.executable, __file__, str(seed), str(examples)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env,
        preexec_fn=_limit_memory,
        timeout=examples * TIME_BUDGET + 60,
        check=False,
    )
    cases = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0 and len(cases) == examples, (
        f"the fuzz worker stopped after {len(cases)} of {examples} cases (seed {seed}): "
        f"exit {run.returncode}\n{run.stderr[-3000:]}"
    )
    return cases


def test_no_mutated_catalog_makes_validate_fail_inside():
    cases = _run_worker(SEED, EXAMPLES)
    failed = [c for c in cases if c["wrong"]]
    assert not failed, "\n".join(
        f"BANSHI_FUZZ_SEED={SEED} case {c['case']} ({c['what']}): {c['wrong']}" for c in failed[:10]
    )
    slow = [c for c in cases if c["seconds"] > TIME_BUDGET / 2]
    assert not slow, f"cases near the time budget: {slow[:5]}"


def _with_when(tmp_path: Path, condition: str) -> Path:
    root = tmp_path / "catalog-root"
    shutil.copytree(MINIMAL, root)
    item = root / "catalog/items/000131128000.yaml"
    item.write_text(
        item.read_text(encoding="utf-8").replace(
            "when: {entrusted: true}", f"when: {condition}", 1
        ),
        encoding="utf-8",
    )
    return root


def test_a_when_nested_490_deep_is_a_located_problem(tmp_path):
    """It once ended validation with a RecursionError while caching the file (exit 3)."""
    from click.testing import CliRunner

    from banshi.cli import main

    root = _with_when(tmp_path, "{not: " * 490 + "{entrusted: true}" + "}" * 490)
    line = next(
        i
        for i, text in enumerate(
            (root / "catalog/items/000131128000.yaml").read_text(encoding="utf-8").splitlines(), 1
        )
        if "{not: {not:" in text
    )
    for _ in range(2):  # from nothing, then with the cache
        result = CliRunner().invoke(main, ["validate", str(root)], env={"BANSHI_LANG": "en"})
        assert result.exit_code == 1, result.stderr
        [problem] = result.stdout.splitlines()
        assert problem.startswith(f"catalog/items/000131128000.yaml:{line}:")
        assert "load.depth: nested too deep (more than 64 levels" in problem
        column = int(problem.split(":")[2])
        written = (
            (root / "catalog/items/000131128000.yaml")
            .read_text(encoding="utf-8")
            .splitlines()[line - 1]
        )
        # the mapping that crosses the limit: 4 block levels (file, handling, one, materials)
        # and 60 flow ones lie around it
        assert written[column - 1] == "{" and written[: column - 1].count("{") == 60


def test_a_when_as_deep_as_allowed_validates_and_builds(tmp_path):
    """Conditions nested up to the limit: schema checks, rules, cache and build all cope."""
    from click.testing import CliRunner

    from banshi.cli import main

    root = _with_when(tmp_path, "{not: " * 58 + "{entrusted: true}" + "}" * 58)
    for _ in range(2):
        result = CliRunner().invoke(main, ["validate", str(root)])
        assert result.exit_code == 0, result.stdout + result.stderr
    result = CliRunner().invoke(
        main, ["build", str(root), "--out", str(tmp_path / "out"), "--no-site"]
    )
    assert result.exit_code == 0, result.stdout + result.stderr
    root = _with_when(tmp_path / "one-more", "{not: " * 59 + "{entrusted: true}" + "}" * 59)
    result = CliRunner().invoke(main, ["validate", str(root)])
    assert result.exit_code == 1 and "load.depth" in result.stdout


def test_an_alias_chain_deeper_than_the_limit_is_located(tmp_path):
    from banshi.load.reader import MAX_DEPTH, read

    levels = "".join(f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, MAX_DEPTH + 2))
    result = read("f.yaml", ("schema: banshi/item/v1\nl0: &l0 [1]\n" + levels).encode())
    [problem] = result.problems
    assert (problem.rule, problem.line) == ("load.depth", MAX_DEPTH + 1)
    shallow = "".join(f"l{i}: &l{i} [*l{i - 1}]\n" for i in range(1, MAX_DEPTH - 2))
    assert read("f.yaml", ("schema: banshi/item/v1\nl0: &l0 [1]\n" + shallow).encode()).ok


if __name__ == "__main__":
    worker(int(sys.argv[1]), int(sys.argv[2]))
