"""Fuzzing what Banshi reads besides a catalog: workbooks (``banshi import``) and earlier
outputs (``build --out`` over a previous build, ``build --combine`` of shards). Issue 20;
SECURITY.md rows 11, 12 and 14.

Workbooks: the exports of the minimal fixture, the bundled sample and a catalog made by
``benchmarks/generate.py`` (seeded), mutated at random (seeded) in their XML (cells far away,
odd cell types and references, shared strings declared huge or missing, broken XML, rows
repeated, bytes flipped) or in their cells (YAML with aliases, text past a cell, numbers
for codes, file paths that leave the catalog or cross each other), written as .xlsx, .xls or
.ods. ``banshi import`` must end with exit 0, 1 or 2, never 3, never a traceback; when it
says a workbook has problems, every line names ``FILE:SHEET!CELL`` and nothing is written.

Earlier outputs: the minimal fixture's build (and shard), with links planted (to a file
outside, to /dev/zero, to a folder outside, dangling), FIFOs, folders where files were and
files where folders were, JSON nested 100,000 deep and other bytes in Banshi's own files.
The build over it must end with exit 0, 1 or 2, never hang or write outside; when it ends
with 0 its output is the output of a fresh build, byte for byte.

Each case runs under an alarm (``TIME_BUDGET``) in one worker process limited in address
space (``MEMORY_BUDGET``): a reader that allocates without bound aborts the worker, and the
test says after which case. The default run is what CI affords (``WORKBOOK_CASES`` and
``OUTPUT_CASES``, about a minute on a busy machine); a longer one::

    BANSHI_FUZZ_EXAMPLES=400 BANSHI_FUZZ_SEED=7 python -m pytest -q tests/test_fuzz_untrusted.py

(a failure names its seed and case; the same two variables replay it).
"""

from __future__ import annotations

import hashlib
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
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MINIMAL = REPO / "tests/fixtures/minimal"
SEED = int(os.environ.get("BANSHI_FUZZ_SEED", "0"))
_SCALE = os.environ.get("BANSHI_FUZZ_EXAMPLES")
WORKBOOK_CASES = int(_SCALE) if _SCALE else 40
OUTPUT_CASES = int(_SCALE) // 2 if _SCALE else 16
TIME_BUDGET = 30  # seconds for one case; most take one or two, a build with its site five
MEMORY_BUDGET = 3 << 30  # bytes of address space for the worker that runs every case
LOCATED = re.compile(r"^[^:]+\.(xlsx|xls|ods):[^!]+![A-Z]+[0-9]+: (error|warning) import\.")


class _OverTime(Exception):
    pass


def _alarm(signum, frame):
    raise _OverTime(f"over {TIME_BUDGET} s")


def _cli(*args: str):
    from click.testing import CliRunner

    from banshi.cli import main

    # Chinese, whatever the shell asks for: the checks read its words
    return CliRunner().invoke(main, list(map(str, args)), env={"BANSHI_LANG": None})


def _crashed(result) -> list[str]:
    wrong = []
    if result.exit_code not in (0, 1, 2):
        wrong.append(f"exit {result.exit_code}: {result.stderr[-800:]}{result.exception!r}")
    if (
        "Traceback" in result.stdout + result.stderr
        or "internal error" in result.stderr
        or "内部错误" in result.stderr
    ):
        wrong.append(result.stderr[-800:])
    return wrong


# --- workbooks -----------------------------------------------------------------------------

HOSTILE_CELLS = [
    "[&a [x, x, x, x, x, x, x, x], " + ", ".join(["*a"] * 40) + "]",
    '[&s "' + "长" * 20_000 + '", ' + ", ".join(["*s"] * 300) + "]",
    "长" * 32_768,
    "=cmd|' /C calc'!A0",
    "{all: [" * 40 + "{entrusted: true}" + "]}" * 40,
    "../../outside.yaml",
    "rules/x.yaml/inner.yaml",
    "catalog/items/../../x.yaml",
    "\x00\x1b[31m\u202e",
    "[1, 2",
    "!!python/object/apply:os.system ['true']",
    1e308,
    -1.0,
    131128000.0,
    True,
    "",
]


def _sheet_part(packed: zipfile.ZipFile, rng: random.Random) -> str:
    parts = [n for n in packed.namelist() if n.startswith("xl/worksheets/sheet")]
    return rng.choice(parts)


def _xml_mutation(xml: str, rng: random.Random) -> tuple[str, str]:
    """One change to a sheet's XML, and what it was."""
    column = "".join(rng.choice("ABCXYZ") for _ in range(rng.choice([1, 2, 3, 4, 7])))
    row = rng.choice([1, 3, 7, 1000, 65_536, 1_048_576, 1_048_577, 9_999_999_999])
    kind = rng.choice(["far", "type", "shared", "truncate", "flip", "repeat", "dimension", "raw"])
    if kind == "far":
        cell = f'<row r="{row}"><c r="{column}{row}" t="inlineStr"><is><t>x</t></is></c></row>'
        return xml.replace("</sheetData>", cell + "</sheetData>"), f"cell {column}{row}"
    if kind == "type":
        t, v = rng.choice([("b", "7"), ("n", "1e999"), ("e", "#REF!"), ("d", "x"), ("s", "-1")])
        cell = f'<row r="{row}"><c r="B{row}" t="{t}"><v>{v}</v></c></row>'
        return xml.replace("</sheetData>", cell + "</sheetData>"), f"a {t} cell of {v}"
    if kind == "shared":
        cells = "".join(f'<c r="A{n}" t="s"><v>{n % 3}</v></c>' for n in range(8, 400))
        return xml.replace("</sheetData>", f'<row r="8">{cells}</row></sheetData>'), kind
    if kind == "truncate":
        return xml[: rng.randrange(len(xml))], kind
    if kind == "flip":
        data = list(xml)
        for _ in range(rng.randint(1, 6)):
            data[rng.randrange(len(data))] = rng.choice("<>&\"'/=x\x00")
        return "".join(data), kind
    if kind == "repeat":
        rows = re.findall(r"<row .*?</row>", xml)
        if rows:
            many = rng.choice(rows) * rng.choice([2, 50, 2000])
            return xml.replace("</sheetData>", many + "</sheetData>"), kind
    if kind == "dimension":
        return re.sub(r'<dimension ref="[^"]*"', '<dimension ref="A1:XFD1048576"', xml), kind
    return xml.replace("<t>", "<t>&amp;&lt;&#0;", 1), kind


def _shared_strings(rng: random.Random) -> tuple[str, str]:
    count = rng.choice(["3", "0", "4000000000", "-1", "x", "99999999999999999999"])
    long = "长" * rng.choice([10, 100_000, 1_500_000])
    xml = (
        '<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
        f'spreadsheetml/2006/main" uniqueCount="{count}"><si><t>a</t></si><si><t>{long}</t>'
        "</si><si><r><t>b</t></r><rPh><t>c</t></rPh></si></sst>"
    )
    return xml, f"shared strings: uniqueCount {count}, one of {len(long)} characters"


def _zip_case(book: Path, out: Path, rng: random.Random) -> str:
    """The export with its XML mutated, as .xlsx."""
    done = []
    with zipfile.ZipFile(book) as packed:
        parts = {name: packed.read(name) for name in packed.namelist()}
        for _ in range(rng.choice([1, 1, 2])):
            part = _sheet_part(packed, rng)
            xml, what = _xml_mutation(parts[part].decode(), rng)
            parts[part] = xml.encode()
            done.append(f"{part}: {what}")
    if rng.random() < 0.4:
        xml, what = _shared_strings(rng)
        parts["xl/sharedStrings.xml"] = xml.encode()
        done.append(what)
    with zipfile.ZipFile(out.with_suffix(".xlsx"), "w", zipfile.ZIP_DEFLATED) as packed:
        for name, data in parts.items():
            packed.writestr(name, data)
    return "; ".join(done)


def _cell_case(book: Path, out: Path, rng: random.Random) -> tuple[Path, str]:
    """The export with cells changed, written as .xlsx, .xls or .ods."""
    from spreadsheets import sheets_of, write_ods, write_xls, write_xlsx

    sheets = sheets_of(book)
    done = []
    for _ in range(rng.choice([1, 2, 3])):
        name = rng.choice([n for n, rows in sheets.items() if len(rows) > 2])
        rows = sheets[name]
        r, c = rng.randrange(1, len(rows)), rng.randrange(len(rows[1]))
        while len(rows[r]) <= c:
            rows[r].append("")
        rows[r][c] = rng.choice(HOSTILE_CELLS)
        done.append(f"{name} row {r + 1} column {c + 1}: {str(rows[r][c])[:40]!r}")
    if rng.random() < 0.2:
        name = rng.choice(list(sheets))
        sheets[name] = sheets[name] * rng.choice([2, 30])
        done.append(f"{name} repeated")
    write, suffix = rng.choice(
        [(write_xlsx, ".xlsx"), (write_xlsx, ".xlsx"), (write_xls, ".xls"), (write_ods, ".ods")]
    )
    path = out.with_suffix(suffix)
    try:
        write(sheets, path)
    except Exception as error:  # noqa: BLE001 - a writer's own limit (xlwt: 65,536 rows)
        return None, f"{'; '.join(done)}: not written ({type(error).__name__})"
    return path, "; ".join(done)


def _import_case(book: Path, folder: Path) -> list[str]:
    target = folder / "imported"
    result = _cli("import", book, target)
    wrong = _crashed(result)
    if wrong:
        return wrong
    if "没有写出任何文件" in result.stderr:
        if target.exists():
            wrong.append("the workbook has problems, yet files were written")
        wrong += [
            f"not at a cell: {line[:200]}"
            for line in result.stdout.splitlines()
            if not LOCATED.match(line)
        ]
    return wrong


def _exports(folder: Path) -> list[Path]:
    """The workbooks of the minimal fixture, the sample and a generated catalog."""
    generated = folder / "generated"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/generate.py"), str(generated), "--size", "tiny"],
        check=True,
        capture_output=True,
    )
    books = []
    for name, root in (("minimal", MINIMAL), ("sample", REPO), ("generated", generated)):
        book = folder / f"{name}.xlsx"
        result = _cli("export", root, "--out", book)
        assert result.exit_code == 0, result.output
        books.append(book)
    return books


def workbook_worker(seed: int, examples: int) -> None:
    with tempfile.TemporaryDirectory(prefix="banshi-fuzz-wb-") as top:
        books = _exports(Path(top))
        for n in range(examples):
            rng = random.Random(f"{seed}:wb:{n}")
            folder = Path(top) / f"case-{n}"
            folder.mkdir()
            book = rng.choice(books)
            start = time.perf_counter()
            signal.alarm(TIME_BUDGET)
            try:
                if rng.random() < 0.5:
                    what = _zip_case(book, folder / "目录", rng)
                    path = folder / "目录.xlsx"
                else:
                    path, what = _cell_case(book, folder / "目录", rng)
                wrong = _import_case(path, folder) if path else []
            except _OverTime as error:
                wrong = [str(error)]
            except MemoryError:
                wrong = ["over the memory budget"]
            finally:
                signal.alarm(0)
            _report(n, f"{book.stem}: {what}", start, wrong)
            shutil.rmtree(folder)


# --- earlier outputs -----------------------------------------------------------------------

OWN_FILES = [".banshi-output", ".banshi-keys", "json/manifest.json"]


def _odd(path: Path, rng: random.Random, outside: Path, own: bool) -> str:
    """Make ``path`` (a file or folder of an earlier output) something odd. Other bytes in a
    regular file only where it is one of Banshi's ``own`` files: a page with other bytes
    under its right key is taken as it is (SECURITY.md row 11 says so)."""
    kinds = ["link-file", "link-dir", "dev-zero", "dangling", "fifo", "swap"]
    kind = rng.choice(kinds + (["deep", "garbage"] * 3 if own else []))
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "link-file":
        path.symlink_to(outside / "precious.txt")
    elif kind == "link-dir":
        path.symlink_to(outside)
    elif kind == "dev-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(outside / "made-by-the-build")
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "deep":
        path.write_text("[" * 100_000 + "]" * 100_000)
    elif kind == "garbage":
        path.write_bytes(bytes(rng.randrange(256) for _ in range(rng.randint(0, 64))))
    else:  # a folder where a file was
        path.mkdir()
        (path / "x").write_text("x")
    return kind


def _plain_folders(top: Path, relative: str) -> bool:
    """Every folder from ``top`` down to ``relative`` is a folder, not a link."""
    folder = top
    for part in Path(relative).parts[:-1]:
        folder = folder / part
        if folder.is_symlink() or not folder.is_dir():
            return False
    return True


def _digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for p in sorted(folder.rglob("*")):
        digest.update(p.relative_to(folder).as_posix().encode())
        if p.is_file() and not p.is_symlink():
            digest.update(p.read_bytes())
    return digest.hexdigest()


def _tree(folder: Path) -> dict[str, bytes]:
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def _output_case(top: Path, n: int, rng: random.Random, built: dict) -> tuple[str, list[str]]:
    folder = top / f"case-{n}"
    outside = folder / "outside"
    outside.mkdir(parents=True)
    (outside / "precious.txt").write_text("outside the output\n")
    before = _digest(outside)
    site = rng.random() < 0.3
    shard = rng.random() < 0.3
    earlier = folder / "earlier"
    subprocess.run(["cp", "-a", str(built["shard" if shard else site]), str(earlier)], check=True)
    names = [p.relative_to(earlier).as_posix() for p in earlier.rglob("*")]
    done = []
    for _ in range(rng.choice([1, 1, 2, 3])):
        relative = rng.choice(OWN_FILES if rng.random() < 0.5 else names)
        if _plain_folders(earlier, relative):  # not under what an earlier step made odd
            kind = _odd(earlier / relative, rng, outside, relative in OWN_FILES)
            done.append(f"{relative}: {kind}")
    out = folder / "out"
    if shard:
        result = _cli("build", MINIMAL, "--combine", earlier, "--out", out)
    else:
        shutil.move(earlier, out)
        result = _cli("build", MINIMAL, "--out", out, *([] if site else ["--no-site"]))
    wrong = _crashed(result)
    if _digest(outside) != before:
        wrong.append("a file outside the output changed")
    if result.exit_code == 0 and not wrong:
        expected = built["fresh-site" if site or shard else "fresh"]
        got = _tree(out)
        got.pop(".banshi-keys", None)
        differ = sorted(k for k in set(got) | set(expected) if got.get(k) != expected.get(k))
        if differ:
            wrong.append(f"the output is not a fresh build's: {differ[:5]}")
    what = f"{'shard' if shard else 'site' if site else 'no site'}: {'; '.join(done)}"
    shutil.rmtree(folder, ignore_errors=True)
    return what, wrong


def output_worker(seed: int, examples: int) -> None:
    with tempfile.TemporaryDirectory(prefix="banshi-fuzz-out-") as top_name:
        top = Path(top_name)
        built = {
            False: top / "built",
            True: top / "built-site",
            "shard": top / "shard",
            "fresh": None,
            "fresh-site": None,
        }
        for args in (
            ["--out", built[False], "--no-site"],
            ["--out", built[True]],
            ["--out", built["shard"], "--region", "410526100"],
        ):
            result = _cli("build", MINIMAL, *args)
            assert result.exit_code == 0, result.output
        built["fresh"] = _tree(built[False])
        built["fresh-site"] = _tree(built[True])
        for fresh in ("fresh", "fresh-site"):
            built[fresh].pop(".banshi-keys", None)
        for n in range(examples):
            rng = random.Random(f"{seed}:out:{n}")
            start = time.perf_counter()
            signal.alarm(TIME_BUDGET)
            try:
                what, wrong = _output_case(top, n, rng, built)
            except _OverTime as error:
                what, wrong = "?", [str(error)]
            finally:
                signal.alarm(0)
            _report(n, what, start, wrong)


# --- running the workers -------------------------------------------------------------------


def _report(n: int, what: str, start: float, wrong: list[str]) -> None:
    seconds = round(time.perf_counter() - start, 3)
    line = {"case": n, "what": what[:300], "seconds": seconds, "wrong": wrong}
    print(json.dumps(line, ensure_ascii=False), flush=True)


def _limit_memory():
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_BUDGET, MEMORY_BUDGET))


def _run_worker(kind: str, examples: int) -> list[dict]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "PYTHONPATH": str(REPO / "tests")}
    env.pop("BANSHI_DEBUG", None)
    with tempfile.TemporaryDirectory(prefix="banshi-fuzz-cache-") as cache:
        env["BANSHI_CACHE_DIR"] = cache
        run = subprocess.run(
            [sys.executable, __file__, kind, str(SEED), str(examples)],
            capture_output=True,
            text=True,
            encoding="utf-8",
            env=env,
            preexec_fn=_limit_memory,
            timeout=examples * TIME_BUDGET + 120,
            check=False,
        )
    cases = [json.loads(line) for line in run.stdout.splitlines() if line.startswith("{")]
    assert run.returncode == 0 and len(cases) == examples, (
        f"the {kind} worker stopped after {len(cases)} of {examples} cases (seed {SEED}): "
        f"exit {run.returncode}\n{run.stdout[-1500:]}\n{run.stderr[-3000:]}"
    )
    return cases


def _verdict(kind: str, cases: list[dict]) -> None:
    failed = [c for c in cases if c["wrong"]]
    assert not failed, "\n".join(
        f"BANSHI_FUZZ_SEED={SEED} {kind} case {c['case']} ({c['what']}): {c['wrong']}"
        for c in failed[:10]
    )
    slow = [c for c in cases if c["seconds"] > TIME_BUDGET / 2]
    assert not slow, f"cases near the time budget: {slow[:5]}"


def test_no_mutated_workbook_makes_import_fail_inside():
    _verdict("workbook", _run_worker("workbooks", WORKBOOK_CASES))


def test_no_odd_earlier_output_makes_a_build_fail_inside_or_write_outside():
    _verdict("output", _run_worker("outputs", OUTPUT_CASES))


if __name__ == "__main__":
    signal.signal(signal.SIGALRM, _alarm)
    worker = {"workbooks": workbook_worker, "outputs": output_worker}[sys.argv[1]]
    worker(int(sys.argv[2]), int(sys.argv[3]))
