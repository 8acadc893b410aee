"""Banshi's speed, measured in one run as ratios (these machines are shared: compare within a run).

    python benchmarks/run.py [--size province] [--warnings] [--site-items 100] [--only PARTS]
                             [--growth 8] [--growth-whole] [--codes digits] [--out report.json]

Every command runs as a user runs it, in its own process, and is measured for its wall time,
its CPU time (user and system, its own and its workers') and its peak memory: the
``ru_maxrss`` that ``os.wait4`` returns for it, which is the largest resident set of that
process or of any process it waited for (its QR and validation workers, pagefind), the largest
single one, not their sum; KiB on Linux, shown in MiB. The ratios are of wall times, as a user
waits; on a machine others load, the CPU times show how much of a change is the load. Results
go to stdout as a table (and to --out as JSON), with the load average before and after.
``--warnings`` generates the catalogs with thousands of warnings (``generate.py --warnings``),
which validation must locate. The parts, all run by default (``--only`` picks some):

  catalog      the floor (parsing every YAML file with PyYAML's C loader and nothing else),
               cold ``banshi validate``, warm ``banshi validate`` after one item's name
               changes, and ``banshi build --no-site``; the first three are each the median
               of 3 runs (warm: of 5, each after a new edit), their range printed beside it;
  sites        the site of one county at two catalog sizes (N and 4N items): bytes and
               seconds per page, and the share of the site build spent outside MkDocs;
  whole        ``banshi build ROOT --timings``: the whole province with its site;
  shard        ``banshi build ROOT --region COUNTY``: the first county with its site;
  combine      a covering set of shards, each with its site (``--region PROVINCE --down-to
               city``, then one shard per county; the county of ``shard`` is reused), then
               ``banshi build --combine …`` over them;
  incremental  an item's name changes, then ``banshi build`` into the same --out again
               (after ``whole``, its output; otherwise a full build first), and the ratio
               incremental / full;
  growth       the catalog with --growth × the cities of the preset (so × the regions and the
               implementation entries, the items staying the same): its cold validation, and
               ``build --no-site`` and the county shard with its site at 1× and at that size;
               the whole site at that size only with --growth-whole, as it takes long.

``--codes letters`` generates the catalog with a province's letter codes and its scheme in
catalog.yaml (``generate.py --codes``), the same catalog otherwise: its ratios set beside a run
with the default digits show what checking codes against a scheme costs.

Every build after the first ``banshi validate`` of its catalog finds the validation cache
warm, as the CI recipe in the README gives it to every job: a shard takes its catalog from the
validation's snapshot. The targets (issue 16, "Province scale", and issue 21) are printed with
meets or MISSES.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
WARNINGS = False  # --warnings: every catalog generated with thousands of warnings
FLOOR = """
import pathlib, sys, yaml
root = pathlib.Path(sys.argv[1])
for path in sorted([*(root / "catalog").rglob("*.yaml"), *(root / "rules").rglob("*.yaml")]):
    yaml.load(path.read_bytes(), Loader=yaml.CSafeLoader)
"""
TARGETS = {
    "cold validate / floor": 1.5,
    "warm validate / cold validate": 0.15,
    "build --no-site / cold validate": 2.0,
}
# Floor, cold and warm validation are each the median of this many runs (warm: of two more).
REPEATS = 3
PARTS = ("catalog", "sites", "whole", "shard", "combine", "incremental", "growth")
MIB = 1024  # ru_maxrss is in KiB on Linux
# Issue 16's targets. GB are read as GiB.
SHARD_PEAK_MIB = 2 * 1024
SHARD_FLOORS = 10
WHOLE_PEAK_MIB = 2.5 * 1024
INCREMENTAL_SHARE = 0.1
# Issue 21's, at --growth 8: the county shard's memory flat (at most this much more), and the
# larger catalog's cold validation within this much memory.
FLAT = 1.3
GROWN_VALIDATE_PEAK_MIB = 640


@dataclass
class Run:
    seconds: float
    cpu: float  # user and system seconds, its own and those of the processes it waited for
    peak_mib: float
    stdout: str
    stderr: str
    spread: list[float] = field(default_factory=list)  # of a median: every run's seconds


@dataclass
class Catalog:
    """A generated catalog root, its parse floor, and its regions by level."""

    root: Path
    summary: str
    floor: Run
    cold: Run
    regions: dict[str, list[str]]


def measured(args: list[str], env: dict) -> Run:
    """Run one command to its end: its wall time and the peak memory wait4 reports for it."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        process = subprocess.Popen(args, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(process.pid, 0)
        seconds = time.perf_counter() - start
        process.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        run = Run(
            seconds,
            usage.ru_utime + usage.ru_stime,
            usage.ru_maxrss / MIB,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
        )
    if process.returncode != 0:
        sys.exit(f"{' '.join(map(str, args))} failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return run


def timed(args: list[str], env: dict) -> tuple[float, Run]:
    run = measured(args, env)
    return run.seconds, run


def median(args: list[str], env: dict, times: int, before=lambda: None) -> Run:
    """The median of ``times`` runs by wall time (``before`` runs before each): one run on a
    shared machine is as likely as not the one a neighbour slowed. Its ``spread`` is every
    run's seconds, in the order run."""
    runs = []
    for _ in range(times):
        before()
        runs.append(measured(args, env))
    middle = sorted(runs, key=lambda run: run.seconds)[times // 2]
    middle.spread = [run.seconds for run in runs]
    return middle


def banshi(*args) -> list[str]:
    return [sys.executable, "-m", "banshi", *map(str, args)]


def generate(folder: Path, *flags) -> str:
    run = subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(folder), *map(str, flags)],
        check=True,
        capture_output=True,
        text=True,
    )
    return run.stderr.strip().splitlines()[-1]


def strict() -> list[str]:
    """``--strict`` for a catalog generated clean; one with --warnings has warnings."""
    return [] if WARNINGS else ["--strict"]


def prepared(folder: Path, env: dict, *flags, times: int = REPEATS) -> Catalog:
    """Generate a catalog, parse it once for the floor, and validate it from nothing (which
    fills the validation cache every later build finds)."""
    summary = generate(folder, *flags, *(["--warnings"] if WARNINGS else []))
    floor = median([sys.executable, "-c", FLOOR, str(folder)], env, times)
    cache = Path(env["BANSHI_CACHE_DIR"])
    cold = median(
        banshi("validate", folder, *strict()),
        env,
        times,
        before=lambda: shutil.rmtree(cache, ignore_errors=True),  # from nothing each time
    )
    regions: dict[str, list[str]] = {}
    document = yaml.safe_load((folder / "catalog/regions.yaml").read_text("utf-8"))
    for region in document["regions"]:
        regions.setdefault(region["level"], []).append(region["code"])
    return Catalog(folder, summary, floor, cold, regions)


def rename_item(root: Path) -> None:
    """A real edit, not a comment: the item's name is in its guides and in problems found in
    the implementation lists that name it, so those entries are checked again too."""
    item = sorted((root / "catalog/items").glob("*.yaml"))[0]
    item.write_text(
        re.sub(
            r"^name: (.+)$",
            r"name: \1（修订）",
            item.read_text(encoding="utf-8"),
            count=1,
            flags=re.M,
        ),
        encoding="utf-8",
    )


def stage_timings(stderr: str) -> dict[str, float]:
    return {
        m.group(1).strip(): float(m.group(2))
        for m in re.finditer(r"^(\w[\w -]*?)\s+([\d.]+) s$", stderr, re.M)
    }


def catalog_figures(catalog: Catalog, size: str, work: Path, env: dict) -> dict:
    root = catalog.root
    counts = catalog.cold.stderr.strip().splitlines()[-1]
    warm_run = median(
        banshi("validate", root, *strict()), env, REPEATS + 2, before=lambda: rename_item(root)
    )
    warm = warm_run.seconds
    build, run = timed(banshi("build", root, "--out", work / "out", "--no-site", "--timings"), env)
    return {
        "size": size,
        "catalog": counts,
        "floor": catalog.floor.seconds,
        "cold validate": catalog.cold.seconds,
        "warm validate": warm,
        "build --no-site": build,
        "build stages": stage_timings(run.stderr),
        "cpu seconds": {
            "floor": catalog.floor.cpu,
            "cold validate": catalog.cold.cpu,
            "warm validate": warm_run.cpu,
            "build --no-site": run.cpu,
        },
        "runs": {
            "floor": catalog.floor.spread,
            "cold validate": catalog.cold.spread,
            "warm validate": warm_run.spread,
        },
        "peak MiB": {
            "floor": catalog.floor.peak_mib,
            "cold validate": catalog.cold.peak_mib,
            "warm validate": warm_run.peak_mib,
            "build --no-site": run.peak_mib,
        },
    }


def site_figures(work: Path, items: int, env: dict) -> dict:
    root = work / f"county-{items}"
    generate(
        root,
        "--items",
        str(items),
        "--cities",
        "1",
        "--counties-per-city",
        "1",
        "--townships-per-county",
        "2",
        "--villages-per-township",
        "2",
    )
    out = work / f"county-{items}-out"
    seconds, run = timed(banshi("build", root, "--out", out, "--timings"), env)
    stages = stage_timings(run.stderr)
    pages = [p for p in (out / "site").rglob("*.html")]
    page_bytes = sum(p.stat().st_size for p in pages)
    site_bytes = sum(p.stat().st_size for p in (out / "site").rglob("*") if p.is_file())
    site_seconds = stages["site pages"] + stages["mkdocs"]
    return {
        "items": items,
        "pages": len(pages),
        "html bytes per page": page_bytes / len(pages),
        "site bytes per page": site_bytes / len(pages),
        "site seconds per page": site_seconds / len(pages),
        "share outside MkDocs": stages["site pages"] / site_seconds,
        "build seconds": seconds,
        "peak MiB": run.peak_mib,
        "build stages": stages,
    }


# ──────────────────────────────────────────────────────────────────────────────────────────
# Province scale (issue 16): each build one process, its wall time and peak memory.


def build_figures(catalog: Catalog, out: Path, env: dict, *flags) -> dict:
    run = measured(banshi("build", catalog.root, "--out", out, "--timings", *flags), env)
    site = out / "site"
    return {
        "command": " ".join(["banshi build ROOT", *map(str, flags)]),
        "seconds": run.seconds,
        "cpu seconds": run.cpu,
        "peak MiB": run.peak_mib,
        "pages": sum(1 for _ in site.rglob("*.html")) if site.is_dir() else 0,
        "built": next((ln for ln in run.stderr.splitlines() if ln.startswith("built ")), ""),
        "stages": stage_timings(run.stderr),
    }


def whole_figures(catalog: Catalog, out: Path, env: dict) -> dict:
    return build_figures(catalog, out, env)


def shard_figures(catalog: Catalog, out: Path, env: dict) -> dict:
    county = catalog.regions["county"][0]
    return {"region": county, **build_figures(catalog, out, env, "--region", county)}


def covering_shards(catalog: Catalog) -> list[tuple[str, ...]]:
    """The top levels in one shard, then one shard per county (with its townships and
    villages): every region in exactly one shard, as tests/test_shards.py covers the sample."""
    top = (catalog.regions["province"][0], "--down-to", "city")
    return [top, *((county,) for county in catalog.regions["county"])]


def combine_figures(catalog: Catalog, work: Path, env: dict, shard: dict | None) -> dict:
    shards = []
    for region, *more in covering_shards(catalog):
        out = work / "shards" / region
        if shard and shard["region"] == region and not more:
            figures = shard
        else:
            figures = build_figures(catalog, out, env, "--region", region, *more)
        shards.append((out, figures))
    combine = [a for out, _ in shards for a in ("--combine", out)]
    run = measured(banshi("build", catalog.root, *combine, "--out", work / "combined"), env)
    built = [figures for _, figures in shards]
    return {
        "shards": len(built),
        "shard seconds, sum": sum(f["seconds"] for f in built),
        "shard seconds, largest": max(f["seconds"] for f in built),
        "shard peak MiB, largest": max(f["peak MiB"] for f in built),
        "each shard": built,
        "combine seconds": run.seconds,
        "combine peak MiB": run.peak_mib,
    }


def incremental_figures(catalog: Catalog, out: Path, env: dict, full: dict | None) -> dict:
    """``full`` is the whole build already written into ``out``; without it, one is made."""
    full = full or whole_figures(catalog, out, env)
    rename_item(catalog.root)
    again = build_figures(catalog, out, env)
    return {
        "full seconds": full["seconds"],
        "incremental": again,
        "incremental / full": again["seconds"] / full["seconds"],
    }


def growth_figures(
    catalog: Catalog, size: str, factor: int, work: Path, env: dict, shard: dict | None, whole
) -> dict:
    """The catalog of --size and the one with ``factor`` × its cities; ``whole`` is the whole
    site build at 1× when it was measured (needed only with --growth-whole)."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("generate", HERE / "generate.py")
    presets = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(presets)
    cities = presets.PRESETS[size]["cities"] * factor
    larger = prepared(work / "growth", env, "--size", size, "--cities", cities, times=1)
    figures = {"factor": factor, "cities": cities, "summary": larger.summary}
    for scale, cat in (("1×", catalog), (f"{factor}×", larger)):
        no_site = build_figures(cat, work / f"growth-{scale}-no-site", env, "--no-site")
        one = shard if shard and scale == "1×" else None
        figures[scale] = {
            "floor seconds": cat.floor.seconds,
            "cold validate seconds": cat.cold.seconds,
            "cold validate peak MiB": cat.cold.peak_mib,
            "build --no-site": no_site,
            "county shard": one or shard_figures(cat, work / f"growth-{scale}-shard", env),
        }
    if whole is not None:
        figures["1×"]["whole"] = whole
        figures[f"{factor}×"]["whole"] = whole_figures(larger, work / "growth-whole", env)
    return figures


# ──────────────────────────────────────────────────────────────────────────────────────────
# The report.


def verdict(value: float, target: float) -> str:
    return "meets" if value <= target else "MISSES"


def report_catalog(figures: dict) -> list[str]:
    ratios = {
        "cold validate / floor": figures["cold validate"] / figures["floor"],
        "warm validate / cold validate": figures["warm validate"] / figures["cold validate"],
        "build --no-site / cold validate": figures["build --no-site"] / figures["cold validate"],
    }
    lines = [f"{'validation':34} {figures['catalog']}"]
    for key in ("floor", "cold validate", "warm validate", "build --no-site"):
        runs = figures["runs"].get(key, [])
        lines.append(
            f"{key:34} {figures[key]:8.2f} s {figures['peak MiB'][key]:8.0f} MiB "
            f"{figures['cpu seconds'][key]:8.2f} s CPU"
            + (f"   median of {len(runs)}: {min(runs):.2f}–{max(runs):.2f} s" if runs else "")
        )
    lines.append(
        "  build stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in figures["build stages"].items())
    )
    lines.append("")
    cpu = figures["cpu seconds"]
    cpu_ratios = {
        "cold validate / floor": cpu["cold validate"] / cpu["floor"],
        "warm validate / cold validate": cpu["warm validate"] / cpu["cold validate"],
        "build --no-site / cold validate": cpu["build --no-site"] / cpu["cold validate"],
    }
    for key, value in ratios.items():
        lines.append(
            f"{key:34} {value:8.2f}   target ≤ {TARGETS[key]}  {verdict(value, TARGETS[key])}"
            f"   (of CPU times: {cpu_ratios[key]:.2f})"
        )
    return lines


def report_sites(sites: list[dict]) -> list[str]:
    lines = [
        f"{'site of one county':22} {'items':>6} {'pages':>7} {'HTML B/page':>12} "
        f"{'all B/page':>11} {'ms/page':>8} {'outside MkDocs':>15}"
    ]
    for s in sites:
        lines.append(
            f"{'':22} {s['items']:6} {s['pages']:7} {s['html bytes per page']:12.0f} "
            f"{s['site bytes per page']:11.0f} "
            f"{s['site seconds per page'] * 1000:8.2f} {s['share outside MkDocs']:15.0%}"
        )
    small, large = sites
    lines.append(
        f"{'growth ×4 → per page':22} {'':6} {'':7} "
        f"{large['html bytes per page'] / small['html bytes per page']:12.2f} "
        f"{large['site bytes per page'] / small['site bytes per page']:11.2f} "
        f"{large['site seconds per page'] / small['site seconds per page']:8.2f}   "
        "(flat is 1.00; outside MkDocs target ≤ 25%)"
    )
    return lines


def row(label: str, figures: dict) -> str:
    pages = f"{figures['pages']:8} pages" if figures.get("pages") else ""
    return (
        f"{label:40} {figures['seconds']:9.2f} s {figures['peak MiB']:8.0f} MiB "
        f"{figures['cpu seconds']:8.2f} s CPU {pages}"
    )


def stages(figures: dict) -> str:
    return "    stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in figures["stages"].items())


def report_scale(scale: dict, floor: float) -> list[str]:
    lines = [f"{'province scale':40} {'wall':>11} {'peak':>12}"]
    targets = []
    if "whole" in scale:
        whole = scale["whole"]
        lines += [row("whole build with its site", whole), stages(whole)]
        targets.append(("whole province: peak memory", whole["peak MiB"], WHOLE_PEAK_MIB, "MiB"))
    if "shard" in scale:
        shard = scale["shard"]
        lines += [row(f"county shard --region {shard['region']}", shard), stages(shard)]
        targets += [
            ("county shard: peak memory", shard["peak MiB"], SHARD_PEAK_MIB, "MiB"),
            ("county shard: wall / floor", shard["seconds"] / floor, SHARD_FLOORS, "×"),
        ]
    if "combine" in scale:
        combine = scale["combine"]
        lines.append(
            f"{'combine: ' + str(combine['shards']) + ' shards built':40} "
            f"{combine['shard seconds, sum']:9.2f} s (sum; largest "
            f"{combine['shard seconds, largest']:.2f} s, "
            f"{combine['shard peak MiB, largest']:.0f} MiB)"
        )
        lines.append(
            f"{'combine: banshi build --combine …':40} {combine['combine seconds']:9.2f} s "
            f"{combine['combine peak MiB']:8.0f} MiB"
        )
    if "incremental" in scale:
        incremental = scale["incremental"]
        lines += [
            row("incremental, one item renamed", incremental["incremental"]),
            stages(incremental["incremental"]),
        ]
        targets.append(
            ("incremental / full", incremental["incremental / full"], INCREMENTAL_SHARE, "×")
        )
    if "growth" in scale:
        lines += report_growth(scale["growth"], targets)
    lines.append("")
    for label, value, target, unit in targets:
        lines.append(
            f"{label:40} {value:9.2f} {unit:3}  target ≤ {target:g}  {verdict(value, target)}"
        )
    return lines


def report_growth(growth: dict, targets: list) -> list[str]:
    n = growth["factor"]
    small, large = growth["1×"], growth[f"{n}×"]
    lines = [f"growth: ×{n} the cities ({growth['cities']}): {growth['summary']}"]
    for scale, figures in (("1×", small), (f"{n}×", large)):
        lines.append(
            f"{'  ' + scale + ' cold validate':40} {figures['cold validate seconds']:9.2f} s "
            f"{figures['cold validate peak MiB']:8.0f} MiB"
        )
        lines.append(row(f"  {scale} build --no-site", figures["build --no-site"]))
        lines.append(row(f"  {scale} county shard with its site", figures["county shard"]))
        if "whole" in figures:
            lines.append(row(f"  {scale} whole build with its site", figures["whole"]))
    for what in ("build --no-site", "county shard", "whole"):
        if what not in large:
            continue
        targets.append(
            (
                f"×{n} catalog: {what} time",
                large[what]["seconds"] / small[what]["seconds"],
                n,
                "×",
            )
        )
    targets.append(
        (
            f"×{n} catalog: county shard memory (flat)",
            large["county shard"]["peak MiB"] / small["county shard"]["peak MiB"],
            FLAT,
            "×",
        )
    )
    targets.append(
        (
            f"×{n} catalog: cold validate peak",
            large["cold validate peak MiB"],
            GROWN_VALIDATE_PEAK_MIB,
            "MiB",
        )
    )
    return lines


def chosen(text: str) -> tuple[str, ...]:
    parts = tuple(filter(None, (p.strip() for p in text.split(","))))
    unknown = [p for p in parts if p not in PARTS]
    if unknown:
        raise argparse.ArgumentTypeError(
            f"{', '.join(unknown)}: not a part; the parts are {', '.join(PARTS)}"
        )
    return parts


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="province", choices=["tiny", "small", "province"])
    parser.add_argument(
        "--site-items",
        type=int,
        default=100,
        help="items of the smaller one-county site (the larger has 4×)",
    )
    parser.add_argument(
        "--only", type=chosen, default=PARTS, help=f"comma-separated parts: {','.join(PARTS)}"
    )
    parser.add_argument(
        "--growth", type=int, default=8, help="growth: this many times the cities (default 8)"
    )
    parser.add_argument(
        "--warnings",
        action="store_true",
        help="catalogs with thousands of warnings to locate (generate.py --warnings)",
    )
    parser.add_argument(
        "--growth-whole",
        action="store_true",
        help="growth: also the whole site at both sizes (long: the larger is a whole province "
        "--growth times over)",
    )
    parser.add_argument(
        "--codes",
        choices=("digits", "letters"),
        default="digits",
        help="the catalog's codes: digits (default) or a province's letter codes",
    )
    parser.add_argument(
        "--keep", type=Path, help="work in this new folder and keep it (default: a temporary one)"
    )
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    global WARNINGS
    WARNINGS = args.warnings
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    sys.stdout.write(f"machine: {machine}; load average before: {load()}\n")
    if args.keep:
        args.keep.mkdir(parents=True)
        result = measure(args, args.keep)
    else:
        with tempfile.TemporaryDirectory(prefix="banshi-bench-") as folder:
            result = measure(args, Path(folder))
    sys.stdout.write(f"load average after: {load()}\n")
    if args.out:
        args.out.write_text(
            json.dumps({"machine": machine, **result}, ensure_ascii=False, indent=2) + "\n",
            encoding="utf-8",
        )


def load() -> str:
    """The load average over 1, 5 and 15 minutes: how busy the shared machine was."""
    return ", ".join(f"{value:.2f}" for value in os.getloadavg())


def environment(work: Path) -> dict:
    """The commands' environment: their own validation cache, and Python's bytecode kept as an
    installed Banshi has it (pip compiles it on install): a shell that sets
    PYTHONDONTWRITEBYTECODE would otherwise make every run compile Banshi again, a tenth of a
    warm validation that no user pays."""
    env = {**os.environ, "BANSHI_CACHE_DIR": str(work / "cache")}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(work / "bytecode")
    package = Path(importlib.util.find_spec("banshi").origin).parent
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], env=env, check=True)
    return env


def measure(args, work: Path) -> dict:
    env = environment(work)
    only = set(args.only)
    result: dict = {"parts": [p for p in PARTS if p in only]}
    show = sys.stdout.write
    catalog = None
    if only - {"sites"}:
        catalog = prepared(work / "catalog", env, "--size", args.size, "--codes", args.codes)
        show(f"catalog: --size {args.size}: {catalog.summary}\n")
        if "catalog" not in only:
            show(f"{'floor':34} {catalog.floor.seconds:8.2f} s\n\n")
    if "catalog" in only:
        result["catalog"] = catalog_figures(catalog, args.size, work, env)
        show("\n".join(report_catalog(result["catalog"])) + "\n\n")
    if "sites" in only:
        sites = [site_figures(work, n, env) for n in (args.site_items, args.site_items * 4)]
        result["sites"] = sites
        show("\n".join(report_sites(sites)) + "\n\n")
    scale: dict = {}
    if "whole" in only:
        scale["whole"] = whole_figures(catalog, work / "whole", env)
    if only & {"shard", "combine"} or "growth" in only:
        out = work / "shards" / catalog.regions["county"][0]
        scale["shard"] = shard_figures(catalog, out, env)
    if "combine" in only:
        scale["combine"] = combine_figures(catalog, work, env, scale["shard"])
        shutil.rmtree(work / "shards")  # a whole province's pages again: give the disk back
    if "incremental" in only:
        scale["incremental"] = incremental_figures(catalog, work / "whole", env, scale.get("whole"))
    if "growth" in only:
        whole = None
        if args.growth_whole:
            whole = scale.get("whole") or whole_figures(catalog, work / "whole-1x", env)
        scale["growth"] = growth_figures(
            catalog, args.size, args.growth, work, env, scale["shard"], whole
        )
    if scale:
        result["province scale"] = scale
        show("\n".join(report_scale(scale, catalog.floor.seconds)) + "\n")
    return result


if __name__ == "__main__":
    main()
