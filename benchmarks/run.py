"""Banshi's speed, measured in one run as ratios (these machines are shared: compare within a run).

    python benchmarks/run.py [--size province] [--site-items 100] [--out report.json]

For one catalog size it reports: the floor (parsing every YAML file with PyYAML's C loader and
nothing else), cold ``banshi validate``, warm ``banshi validate`` after one file changes, and
``banshi build --no-site``; then the site of one county at two catalog sizes (N and 4N items):
bytes and seconds per page, and the share of the site build spent outside MkDocs. Every
command runs as a user runs it, in its own process. Results go to stdout as a table (and to
--out as JSON).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).parent
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


def timed(args: list[str], env: dict) -> tuple[float, subprocess.CompletedProcess]:
    start = time.perf_counter()
    run = subprocess.run(args, capture_output=True, text=True, env=env)
    seconds = time.perf_counter() - start
    if run.returncode != 0:
        sys.exit(f"{' '.join(args)} failed:\n{run.stdout[-2000:]}{run.stderr[-2000:]}")
    return seconds, run


def banshi(*args) -> list[str]:
    return [sys.executable, "-m", "banshi", *map(str, args)]


def generate(folder: Path, *flags) -> Path:
    subprocess.run(
        [sys.executable, str(HERE / "generate.py"), str(folder), *flags],
        check=True,
        capture_output=True,
    )
    return folder


def stage_timings(stderr: str) -> dict[str, float]:
    return {
        m.group(1).strip(): float(m.group(2))
        for m in re.finditer(r"^(\w[\w -]*?)\s+([\d.]+) s$", stderr, re.M)
    }


def catalog_figures(work: Path, size: str, env: dict) -> dict:
    root = generate(work / "catalog", "--size", size)
    floor, _ = timed([sys.executable, "-c", FLOOR, str(root)], env)
    cold, run = timed(banshi("validate", root, "--strict"), env)
    counts = run.stderr.strip().splitlines()[-1]
    item = sorted((root / "catalog/items").glob("*.yaml"))[0]
    # A real edit, not a comment: the item's name is in its guides and in problems found in
    # the implementation lists that name it, so those entries are checked again too.
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
    warm, _ = timed(banshi("validate", root, "--strict"), env)
    build, run = timed(banshi("build", root, "--out", work / "out", "--no-site", "--timings"), env)
    return {
        "size": size,
        "catalog": counts,
        "floor": floor,
        "cold validate": cold,
        "warm validate": warm,
        "build --no-site": build,
        "build stages": stage_timings(run.stderr),
    }


def site_figures(work: Path, items: int, env: dict) -> dict:
    root = generate(
        work / f"county-{items}",
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
        "build stages": stages,
    }


def report(figures: dict, sites: list[dict]) -> str:
    ratios = {
        "cold validate / floor": figures["cold validate"] / figures["floor"],
        "warm validate / cold validate": figures["warm validate"] / figures["cold validate"],
        "build --no-site / cold validate": figures["build --no-site"] / figures["cold validate"],
    }
    lines = [f"catalog: --size {figures['size']}: {figures['catalog']}", ""]
    for key in ("floor", "cold validate", "warm validate", "build --no-site"):
        lines.append(f"{key:34} {figures[key]:8.2f} s")
    lines.append(
        "  build stages: " + ", ".join(f"{k} {v:.2f} s" for k, v in figures["build stages"].items())
    )
    lines.append("")
    for key, value in ratios.items():
        verdict = "meets" if value <= TARGETS[key] else "MISSES"
        lines.append(f"{key:34} {value:8.2f}   target ≤ {TARGETS[key]}  {verdict}")
    lines.append("")
    lines.append(
        f"{'site of one county':22} {'items':>6} {'pages':>7} {'HTML B/page':>12} "
        f"{'all B/page':>11} {'ms/page':>8} {'outside MkDocs':>15}"
    )
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
    return "\n".join(lines) + "\n"


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
    parser.add_argument("--out", type=Path, help="also write the figures as JSON here")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="banshi-bench-") as folder:
        work = Path(folder)
        env = {**os.environ, "BANSHI_CACHE_DIR": str(work / "cache")}
        figures = catalog_figures(work, args.size, env)
        sites = [site_figures(work, n, env) for n in (args.site_items, args.site_items * 4)]
    machine = f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
    text = f"machine: {machine}\n" + report(figures, sites)
    sys.stdout.write(text)
    if args.out:
        args.out.write_text(
            json.dumps(
                {"machine": machine, "catalog": figures, "sites": sites},
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )


if __name__ == "__main__":
    main()
