"""Every command of the README's ```sh blocks, run as written on the sample, in the README's
order, in a git repository of the sample with two tagged releases (2026.11, then 2026.12 with
a shorter promise, one step and one material fewer), as the README's release section describes.

A usage synopsis (``banshi validate [ROOT] [--format text|json|…]``) is not a command: every
option and choice it names must be the command's. Three lines are not run here, each for the
reason in ``NOT_RUN``; what of them can be run is.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import click
import pytest
from spreadsheets import column, sheets_of, write_xls

from banshi.cli import main

REPO = Path(__file__).resolve().parents[1]
README = REPO / "README.md"
BIN = Path(sys.executable).parent

# line → (what is run instead, why)
NOT_RUN = {
    "python3 -m venv .venv && .venv/bin/pip install -q -e . && .venv/bin/banshi build": (
        "banshi build",
        "it installs from the package index into a new venv: tests/run.sh does the same from a "
        "clean clone on every CI run; the build it ends with is run here",
    ),
    "bash tests/run.sh": (None, "it runs this very suite: CI's command (.ci/run)"),
    "python benchmarks/run.py --size province": (
        None,
        "minutes of work on a 2,000-item province: docs/performance.md has its runs",
    ),
}
# line → the exit status the README's own words give it, when it is not 0
EXIT = {
    # "Blank forms (forms/…) are not in a workbook: copy them beside the import."
    "banshi import 目录.xlsx 新目录": 1,
}
SERVER = "python3 -m http.server 8000 --bind 127.0.0.1 --directory dist/site"
PREVIEW = "banshi serve"


def readme_lines() -> list[str]:
    """The lines of every ```sh block, comment lines and blank lines left out."""
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"^```sh\n(.*?)^```$", text, re.M | re.S)
    return [
        line
        for block in blocks
        for line in block.splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    ]


def _command(line: str) -> str:
    """The line without its trailing comment."""
    return re.sub(r"\s+#\s.*$", "", line).strip()


def synopsis(line: str) -> bool:
    return "[" in _command(line)


def _release(root: Path) -> None:
    """Release 2026.12: 食品经营许可 promises 4 days, not 5, one step and one material fewer."""
    catalog = root / "catalog/catalog.yaml"
    text = catalog.read_text(encoding="utf-8")
    text = text.replace('version: "2026.11"', 'version: "2026.12"')
    catalog.write_text(text.replace("released: 2026-11-20", "released: 2026-12-18"), "utf-8")
    item = root / "catalog/items/000131141000.yaml"
    text = item.read_text(encoding="utf-8")
    for old, new in (
        ("legal: 10, promised: 5, extension: 5}", "legal: 10, promised: 4, extension: 5}"),
        ("      - {name: 制证, days: 1, post: 食品许可窗口}\n", ""),
        ("      - {material: premises_layout, form: 原件, copies: 1}\n", ""),
    ):
        assert old in text
        text = text.replace(old, new, 1)
    item.write_text(text, encoding="utf-8")


def _git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture(scope="module")
def sample(tmp_path_factory) -> Path:
    """The sample as a catalog repository with the releases 2026.11 and 2026.12, tagged."""
    root = tmp_path_factory.mktemp("readme") / "示例省目录"
    for part in ("catalog", "rules"):
        shutil.copytree(REPO / part, root / part)
    _git(root, "init", "-q")
    _git(root, "add", "-A")
    _git(root, "commit", "-qm", "2026.11")
    _git(root, "tag", "2026.11")
    _release(root)
    _git(root, "commit", "-qam", "2026.12")
    _git(root, "tag", "2026.12")
    return root


def _environment(root: Path) -> dict:
    """The README's commands as a user runs them, the case store in the test's own data
    folder (never the user's)."""
    return {
        **os.environ,
        "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}",
        "XDG_DATA_HOME": str(root.parent / "data"),
    }


def _exports(root: Path) -> None:
    """cases-2026-*.csv and ratings.csv: a year of the sample's cases and evaluations as an
    approval system and the 好差评 system export them (benchmarks/cases.py)."""
    made = root.parent / "exports"
    subprocess.run(
        [sys.executable, str(REPO / "benchmarks/cases.py"), "generate", str(root), str(made)]
        + ["--cases", "600", "--files", "2"],
        check=True,
        capture_output=True,
    )
    for number, export in enumerate(sorted(made.glob("cases-*.csv")), 1):
        shutil.copy(export, root / f"cases-2026-{number:02d}.csv")
    shutil.copy(made / "evaluations.csv", root / "ratings.csv")


def _an_officials_edit(root: Path) -> None:
    """签批.xls: the exported workbook as an official sends it back from WPS, one window
    renamed."""
    sheets = sheets_of(root / "目录.xlsx")
    entries = sheets["实施清单"]
    entries[2][column(entries, "window")] = "综合受理 1 号窗口"
    write_xls(sheets, root / "签批.xls")


def _serve(root: Path) -> None:
    """The server as written, for as long as it takes to fetch the home page; on another free
    port when another program holds 8000 on this shared machine."""
    command = SERVER
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", 8000)) == 0:
            probe.close()
            with socket.socket() as free:
                free.bind(("127.0.0.1", 0))
                command = SERVER.replace(" 8000 ", f" {free.getsockname()[1]} ")
    port = int(command.split()[3])
    server = subprocess.Popen(command.split(), cwd=root, env=_environment(root))
    try:
        for _ in range(100):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    assert "<html" in page.read().decode("utf-8")
                    return
            except OSError:
                time.sleep(0.1)
        pytest.fail("python3 -m http.server never answered")
    finally:
        server.terminate()
        server.wait(timeout=10)


def _preview(root: Path) -> None:
    """``banshi serve`` as written (with ``--port`` when another program holds 8000) until its
    home page answers, then Ctrl+C, which ends it cleanly."""
    command = PREVIEW.split()
    port = 8000
    with socket.socket() as probe:
        if probe.connect_ex(("127.0.0.1", port)) == 0:
            with socket.socket() as free:
                free.bind(("127.0.0.1", 0))
                port = free.getsockname()[1]
            command += ["--port", str(port)]
    server = subprocess.Popen(command, cwd=root, env=_environment(root), stderr=subprocess.PIPE)
    try:
        for _ in range(1200):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as page:
                    if "site-header" in page.read().decode("utf-8"):  # the site, built
                        return
            except OSError:
                pass
            time.sleep(0.25)
        pytest.fail("banshi serve never served the site")
    finally:
        server.send_signal(signal.SIGINT)
        _, said = server.communicate(timeout=60)
        assert server.returncode == 0, said.decode("utf-8", "replace")


def test_the_readme_has_commands_to_run():
    commands = [line for line in readme_lines() if not synopsis(line)]
    assert len(commands) >= 25
    assert set(NOT_RUN) | set(EXIT) | {SERVER, PREVIEW} <= {_command(line) for line in commands}


def test_every_readme_command_runs_as_written_on_the_sample(sample):
    ran = []
    for line in readme_lines():
        command = _command(line)
        if synopsis(line):
            continue
        if command in (SERVER, PREVIEW):
            (_serve if command == SERVER else _preview)(sample)
            ran.append(command)
            continue
        if command in NOT_RUN:
            command = NOT_RUN[command][0]
            if command is None:
                continue
        if command.startswith("banshi import 签批.xls"):
            _an_officials_edit(sample)
        if command.startswith("banshi cases load"):
            _exports(sample)
        result = subprocess.run(
            ["bash", "-c", command],
            cwd=sample,
            env=_environment(sample),
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert result.returncode == EXIT.get(command, 0), (command, result.stdout, result.stderr)
        assert (
            "internal error" not in result.stderr
            and "内部错误" not in result.stderr
            and "Traceback" not in result.stderr
        )
        if command in EXIT:  # the forms, and only they, are missing from a workbook's import
            problems = [p for p in result.stdout.splitlines() if ": error " in p]
            assert problems and all("error material.file" in p for p in problems)
        ran.append(command)
    assert "受理通知书" in (sample / "受理.html").read_text(encoding="utf-8")
    assert (sample / "示例县目录/dist/site/index.html").is_file()
    assert (sample / "大厅印制品/board.html").is_file()
    commands = [_command(line) for line in readme_lines() if not synopsis(line)]
    assert ran == [NOT_RUN[c][0] if c in NOT_RUN else c for c in commands if NOT_RUN.get(c, [c])[0]]


def test_the_release_commands_report_the_release(sample):
    """banshi diff between the two tags names what changed, and the 五减 of it."""
    result = subprocess.run(
        ["bash", "-c", "banshi diff 2026.11 2026.12 --format json"],
        cwd=sample,
        env=_environment(sample),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    report = json.loads(result.stdout)
    (changed,) = [c for c in report["changed"] if c["code"] == "00013114100001"]
    assert (changed["promised_before"], changed["promised_after"]) == (5, 4)
    assert changed["materials_removed"] == ["premises_layout"]


def _options(command: click.Command) -> dict[str, click.Parameter]:
    return {name: p for p in command.params for name in getattr(p, "opts", [])}


@pytest.mark.parametrize("line", [line for line in readme_lines() if synopsis(line)])
def test_every_synopsis_names_the_commands_own_options(line):
    words = _command(line).split()
    assert words[0] == "banshi"
    command = main.commands[words[1]]
    options = _options(command)
    for option, choices in re.findall(r"\[(--[a-z-]+)(?: ([^\]]+))?\]", line):
        assert option in options, f"{option} is no option of banshi {words[1]}"
        parameter = options[option]
        if choices and isinstance(parameter.type, click.Choice):
            assert set(choices.split("|")) <= set(parameter.type.choices), line
