"""The site's search: Pagefind's index of the handling items' and bundles' pages."""

from __future__ import annotations

import os
import subprocess
import tempfile
from pathlib import Path

from banshi.emit import Output
from banshi.emit.html import SiteError
from banshi.i18n import _
from banshi.resolve.compiled import Compiled


def emit(compiled: Compiled, output: Output, env) -> None:
    """Index the built site (``site/``) for search."""
    index_for_search(output.path("site"))


def _tool_environment() -> dict[str, str]:
    """The environment for Pagefind: the machine's, without any variable that configures it."""
    kept = {k: v for k, v in os.environ.items() if not k.upper().startswith("PAGEFIND_")}
    return {**kept, "NO_COLOR": "1"}


def index_for_search(site_dir) -> None:
    """Pagefind's index of the handling items' and bundles' pages (``data-pagefind-body``) in
    ``site/pagefind/``: Chinese split into words by its extended build, fetched by the search
    page in chunks. Its files are named by their content, so the same site gives the same
    bytes. Only those pages are read: a province has 3,000 items and 70,000 guides.

    Its whole configuration is this command line: Pagefind also reads ``pagefind.yml`` (and
    .yaml, .toml, .json) from its working directory, which is the catalog's checkout in CI (a
    committed one could write its log over any file, or the index outside the output), and
    ``PAGEFIND_*`` variables; it runs in an empty folder of the output, without them."""
    from pagefind_bin_extended import get_executable

    site_dir = Path(site_dir).resolve()
    with tempfile.TemporaryDirectory(prefix=".pagefind-", dir=site_dir.parent) as empty:
        run = subprocess.run(
            [
                str(get_executable()),
                "--site",
                str(site_dir),
                "--output-subdir",
                "pagefind",
                "--glob",
                "{items,bundles}/**/*.html",
                "--force-language",
                "zh-cn",
                "--quiet",
            ],
            capture_output=True,
            text=True,
            check=False,
            cwd=empty,
            env=_tool_environment(),
        )
    if run.returncode != 0:
        raise SiteError(_("Pagefind could not index the site:") + f"\n{run.stdout}{run.stderr}")
