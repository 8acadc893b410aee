"""The site's search: Pagefind's index of the handling items' and bundles' pages."""

from __future__ import annotations

import os
import subprocess

from banshi.emit import Output
from banshi.emit.html import SiteError
from banshi.resolve.compiled import Compiled


def emit(compiled: Compiled, output: Output, env) -> None:
    """Index the built site (``site/``) for search."""
    index_for_search(output.path("site"))


def index_for_search(site_dir) -> None:
    """Pagefind's index of the handling items' and bundles' pages (``data-pagefind-body``) in
    ``site/pagefind/``: Chinese split into words by its extended build, fetched by the search
    page in chunks. Its files are named by their content, so the same site gives the same
    bytes. Only those pages are read: a province has 3,000 items and 70,000 guides."""
    from pagefind_bin_extended import get_executable

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
        env={**os.environ, "NO_COLOR": "1"},
    )
    if run.returncode != 0:
        raise SiteError(f"Pagefind could not index the site:\n{run.stdout}{run.stderr}")
