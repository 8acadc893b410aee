"""A build into the folder of the previous build keeps what it would make the same, and gives
exactly the bytes of a build from nothing (``--fresh``), whatever was edited.

The edits are random (seeded): those of the incremental validation test (items, entries,
bundles, shared files; an edit that leaves the catalog with errors is undone), and edits that
only pages show: names, phones, a region's name, a material's name, a form's bytes, the
catalog's version, a catalog template added or removed.
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest
from catalogs import apply_patch, tree
from test_incremental import Editor, read, sample, write

from banshi.build import build
from banshi.validate import validate

EDITS = int(os.environ.get("BANSHI_INCREMENTAL_BUILD_EDITS", "3"))


def inodes(folder: Path) -> dict[str, int]:
    return {
        p.relative_to(folder).as_posix(): p.stat().st_ino for p in folder.rglob("*") if p.is_file()
    }


class PageEditor(Editor):
    """Edits that change what pages show, besides the validation editor's own."""

    def edit(self) -> str:
        kinds = [super().edit, self.handling_name, self.phone, self.page_only]
        return self.rng.choice(kinds)()

    def handling_name(self) -> str:
        path = self.rng.choice(self.files("items"))
        data = read(path)
        self.rng.choice(data["handling"])["name"] += "（修订）"
        write(path, data)
        return f"{path.name}: handling name"

    def phone(self) -> str:
        path = self.root / "catalog/departments.yaml"
        data = read(path)
        self.rng.choice(data["departments"])["phone"] = f"0371-{self.rng.randint(1000000, 9999999)}"
        write(path, data)
        return "a department's phone"

    def page_only(self) -> str:
        change = self.rng.choice(["region", "version", "template", "untemplate", "form"])
        if change == "region":
            path = self.root / "catalog/regions.yaml"
            data = read(path)
            self.rng.choice(data["regions"])["name"] += "新"
            write(path, data)
        elif change == "version":
            apply_patch(self.root, {"catalog/catalog.yaml": {"version": "2099.1"}})
        elif change == "template":
            (self.root / "templates").mkdir(exist_ok=True)
            source = (Path(__file__).parents[1] / "templates/item.md.j2").read_text("utf-8")
            (self.root / "templates/item.md.j2").write_text(
                source.replace("去哪里办", "在哪里办"), encoding="utf-8"
            )
        elif change == "untemplate":
            (self.root / "templates/item.md.j2").unlink(missing_ok=True)
        else:
            forms = sorted((self.root / "catalog/forms").rglob("*.*"))
            if forms:
                path = self.rng.choice(forms)
                path.write_bytes(path.read_bytes() + b"\n")
        return change


def files_of(root: Path) -> dict[Path, bytes]:
    return {p: p.read_bytes() for p in root.rglob("*") if p.is_file()}


def restore(root: Path, before: dict[Path, bytes]) -> None:
    for path in [p for p in root.rglob("*") if p.is_file() and p not in before]:
        path.unlink()
    for path, data in before.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)


@pytest.mark.parametrize("seed", range(3))
def test_random_edits_build_what_a_build_from_nothing_builds(tmp_path, seed):
    root = sample(tmp_path)
    kept = tmp_path / "kept"
    build(root, kept, None, True, False)
    editor = PageEditor(root, random.Random(seed))
    done = []
    while len(done) < EDITS:
        before = files_of(root)
        edit = editor.edit()
        if validate(root).errors:
            restore(root, before)
            continue
        done.append(edit)
        built = build(root, kept, None, True, False)
        fresh = build(root, tmp_path / f"fresh-{len(done)}", None, True, False, fresh=True)
        assert built.reused > 0 and fresh.reused == 0, done
        expected, got = tree(tmp_path / f"fresh-{len(done)}"), tree(kept)
        assert sorted(got) == sorted(expected), done
        assert [p for p in expected if got[p] != expected[p]] == [], done


def test_an_item_edit_makes_only_its_pages_again(tmp_path):
    root = sample(tmp_path)
    out = tmp_path / "out"
    build(root, out, None, True, False)
    before = inodes(out)
    path = root / "catalog/items/000131128000.yaml"
    data = read(path)
    data["handling"][0]["name"] = "个体工商户设立登记（试行）"
    write(path, data)
    built = build(root, out, None, True, False)
    after = inodes(out)
    made = {p for p in after if before.get(p) != after[p]}
    guides = {p for p in after if p.startswith("site/guides/") and p.endswith("index.html")}
    assert made & guides, "the renamed item's guides are made again"
    assert all("00013112800001" in p for p in made & guides), sorted(made & guides)
    assert len(made & guides) < len(guides) / 4
    assert built.reused > len(after) / 2


def test_the_previous_build_is_never_written_through(tmp_path):
    """Every file of the previous output keeps its bytes while the next build links to it and
    after: a page made again is a new file, never the kept one rewritten."""
    root = sample(tmp_path)
    out = tmp_path / "out"
    build(root, out, None, True, False)
    side = tmp_path / "side"
    snapshot = {}
    for relative, data in tree(out).items():
        (side / relative).parent.mkdir(parents=True, exist_ok=True)
        os.link(out / relative, side / relative)
        snapshot[relative] = data
    apply_patch(root, {"catalog/catalog.yaml": {"version": "2099.1"}})
    path = root / "catalog/items/000131128000.yaml"
    data = read(path)
    data["handling"][0]["name"] += "（试行）"
    write(path, data)
    assert build(root, out, None, True, False).reused
    assert tree(side) == snapshot


def test_a_build_that_fails_after_keeping_pages_leaves_the_previous_output(tmp_path):
    root = sample(tmp_path)
    out = tmp_path / "out"
    build(root, out, None, True, False)
    snapshot = tree(out)
    (root / "templates").mkdir()
    (root / "templates/home.md.j2").write_text("{{ no_such_name }}\n", encoding="utf-8")
    with pytest.raises(Exception, match="no_such_name"):
        build(root, out, None, True, False)
    assert tree(out) == snapshot
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out.")] == []


def test_a_page_built_before_its_source_changed_is_built_anew_not_through_the_link(tmp_path):
    """Times can lie (an artifact unpacked, a copy without times): a kept page's HTML older
    than its source would make MkDocs build it again, so it is not kept at all."""
    root = sample(tmp_path)
    out = tmp_path / "out"
    build(root, out, None, True, False)
    html = next((out / "site/guides").rglob("index.html"))
    before = html.read_bytes()
    os.utime(html, (0, 0))
    os.link(html, tmp_path / "held")
    html.write_bytes(b"stale")  # what MkDocs would keep if it trusted this file
    os.utime(html, (0, 0))
    assert build(root, out, None, True, False).reused
    assert (tmp_path / "held").read_bytes() == b"stale"
    assert (out / html.relative_to(out)).read_bytes() == before
