"""The ``banshi`` command line run in its own process, as a user runs it."""

from __future__ import annotations

import os
import subprocess
import sys

CRASHES = ("Traceback", "internal error", "内部错误")  # what Banshi prints only for its own bugs


def banshi(*args, cwd=None, env=None, timeout=None, **options) -> subprocess.CompletedProcess:
    """``banshi ARGS`` run from ``cwd`` with this process's environment and ``env`` over it (a
    value None unsets a variable, as in click's CliRunner); its output read as UTF-8 text.
    ``options`` go to subprocess.run as they are (a ``preexec_fn``, say).

    Fails the test if the command crashed: a traceback or an internal error (in either
    language) on stderr, or exit status 3. Exit 3 is for Banshi's own bugs, and no input a
    user can give may cause it: a test that means to provoke one runs the command itself."""
    environment = {**os.environ, **(env or {})}
    run = subprocess.run(
        [sys.executable, "-m", "banshi", *map(str, args)],
        capture_output=True,
        encoding="utf-8",
        cwd=cwd,
        env={name: str(value) for name, value in environment.items() if value is not None},
        timeout=timeout,
        check=False,
        **options,
    )
    crash = [sign for sign in CRASHES if sign in run.stderr]
    assert not crash and run.returncode != 3, (
        f"banshi {' '.join(map(str, args))} crashed (exit {run.returncode}):\n{run.stderr}"
    )
    return run
