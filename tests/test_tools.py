"""Every external tool Banshi runs takes its configuration from Banshi, never from the catalog's
checkout. Issue 20, observation 2; SECURITY.md row 13.

In CI, Banshi runs in the checkout of a pull request. Pagefind read ``pagefind.yml`` from its
working directory, so a committed one could write Pagefind's log over any file
(``logfile:``) and the index outside ``--out`` (``output_path:``); ``git archive`` read the
revision's own ``.gitattributes`` (``export-ignore`` hid files, ``export-subst`` rewrote
them). Pagefind now runs in an empty folder of the output with only its command line (no
``PAGEFIND_*`` variable), and git reads the revision's objects as they are. MkDocs (it reads
the config file Banshi writes) and WeasyPrint (it fetches nothing, a relative URL included)
were found to hold already; their tests keep it so.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import test_versions
from catalogs import minimal, tree
from command_line import banshi
from test_versions import git

history = test_versions.history  # the fixture: a repository with releases v1 and v2

REPO = Path(__file__).resolve().parents[1]


PAGEFIND_CONFIGURATION = {
    "pagefind.yml": "logfile: {outside}/pagefind.log\noutput_path: {outside}/index\n",
    "pagefind.toml": 'logfile = "{outside}/pagefind.log"\noutput_path = "{outside}/index"\n',
}


@pytest.mark.parametrize("name", sorted(PAGEFIND_CONFIGURATION))
def test_pagefind_and_mkdocs_take_no_configuration_from_the_checkout(tmp_path, name):
    root = minimal(tmp_path / "checkout")
    outside = tmp_path / "outside"
    outside.mkdir()
    (root / name).write_text(PAGEFIND_CONFIGURATION[name].format(outside=outside), "utf-8")
    (root / "mkdocs.yml").write_text(f"site_name: planted\nsite_dir: {outside}/mkdocs\n")
    (root / "docs").mkdir()
    (root / "docs/index.md").write_text("# planted\n", encoding="utf-8")
    env = {"PAGEFIND_OUTPUT_SUBDIR": "elsewhere"}
    run = banshi("build", ".", "--out", tmp_path / "out", cwd=root, env=env)
    assert run.returncode == 0, run.stderr
    assert sorted(p.name for p in outside.iterdir()) == [], "a tool wrote outside --out"
    assert (tmp_path / "out/site/pagefind/pagefind.js").is_file()
    clean = minimal(tmp_path / "clean")
    assert banshi("build", clean, "--out", tmp_path / "expected").returncode == 0
    assert tree(tmp_path / "out") == tree(tmp_path / "expected")


def test_a_relative_url_in_a_catalog_template_fetches_nothing_from_the_checkout(tmp_path):
    """WeasyPrint renders the hall's PDFs from a string: a relative stylesheet is resolved
    against nothing, so a file of the checkout (the working directory) is never read."""
    root = minimal(tmp_path)
    (root / "secret.css").write_text('body::before { content: "SECRET-OF-THE-CHECKOUT"; }')
    (root / "templates").mkdir()
    page = (REPO / "templates/hall-card.html.j2").read_text("utf-8")
    (root / "templates/hall-card.html.j2").write_text(
        page.replace(
            "{% block body %}", '{% block body %}<link rel="stylesheet" href="secret.css">'
        ),
        "utf-8",
    )
    run = banshi("hall", "410526", ".", "--out", tmp_path / "hall", "--pdf", cwd=root)
    assert run.returncode == 0, run.stderr
    text = subprocess.run(
        ["pdftotext", tmp_path / "hall/card.pdf", "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "便民联系卡" in text and "SECRET-OF-THE-CHECKOUT" not in text


def test_a_revisions_own_attributes_change_none_of_its_files(history):
    """``export-ignore`` and ``export-subst`` in the revision's .gitattributes: the revision is
    read as committed, so it is the working tree's catalog exactly (no change)."""
    item = history / "catalog/items/100000000001.yaml"
    item.write_text(item.read_text("utf-8").replace("收费事项", "收费事项$Format:%h$"), "utf-8")
    (history / ".gitattributes").write_text(
        "catalog/items/100000000004.yaml export-ignore\n"
        "catalog/items/100000000001.yaml export-subst\n"
    )
    git(history, "add", "-A")
    git(history, "commit", "-qm", "attributes")
    git(history, "tag", "v3")
    run = banshi("diff", "v3", ".", "--format", "json", cwd=history)
    assert run.returncode == 0, run.stderr
    report = json.loads(run.stdout)
    assert (report["added"], report["removed"], report["changed"]) == ([], [], []), report
