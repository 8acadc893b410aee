"""Incremental validation is never stale: after any edit, the problems are exactly those of a
validation from nothing.

The edits are random (seeded) changes to the bundled sample catalog's item, implementation
and bundle files, chosen to move what rules read across files: time limits, levels, status,
proxy, codes, modes, agencies, entries copied between regions, files deleted; now and then a
shared file or a schema error, which must fall back to checking everything.
"""

from __future__ import annotations

import random
import shutil
from pathlib import Path

import pytest
import yaml
from catalogs import apply_patch, dump

from banshi.validate import incremental, validate

REPO = Path(__file__).resolve().parents[1]
MODES = ["办理", "受理转报", "下放", "代办"]
LEVELS = ["province", "city", "county", "township", "village"]


def sample(tmp_path: Path) -> Path:
    root = tmp_path / "sample"
    for folder in ("catalog", "rules"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def read(path: Path):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def write(path: Path, data) -> None:
    path.write_text(dump(data), encoding="utf-8")


class Editor:
    """One random edit at a time, of the kinds that matter to rules looking across files."""

    def __init__(self, root: Path, rng: random.Random, syntax: bool = False):
        self.root, self.rng = root, rng
        self.syntax = syntax  # also break files' YAML now and then (the next edit mends them)
        self.broken: tuple[Path, bytes] | None = None

    def files(self, folder: str) -> list[Path]:
        return sorted((self.root / "catalog" / folder).glob("*.yaml"))

    def codes(self) -> list[str]:
        found = []
        for path in self.files("items"):
            item = read(path)
            found += [item["code"], *(h["code"] for h in item["handling"])]
        return found

    def departments(self) -> list[str]:
        return [d["id"] for d in read(self.root / "catalog/departments.yaml")["departments"]]

    def edit(self) -> str:
        if self.broken:
            path, raw = self.broken
            path.write_bytes(raw)
            self.broken = None
            return f"{path.name}: mended"
        kinds = [
            self.item,
            self.item,
            self.entries,
            self.entries,
            self.entries,
            self.bundle,
            self.rare,
        ]
        if self.syntax:
            kinds += [self.break_syntax, self.break_syntax]
        return self.rng.choice(kinds)()

    def break_syntax(self) -> str:
        """A YAML mistake on one line: an unclosed bracket, a NUL byte, bad indentation, a tab,
        an unclosed quote."""
        folder = self.rng.choice(["items", "items", "implementations", "bundles"])
        files = self.files(folder) or self.files("items")
        path = self.rng.choice(files + [self.root / "catalog/departments.yaml"])
        raw = path.read_bytes()
        lines = raw.split(b"\n")
        i = self.rng.randrange(1, max(2, len(lines) - 1))
        line = lines[i]
        change = self.rng.choice(["bracket", "nul", "indent", "outdent", "tab", "quote"])
        if change == "bracket":
            lines[i] = line + b" [unclosed"
        elif change == "nul":
            at = self.rng.randint(0, len(line))
            lines[i] = line[:at] + b"\x00" + line[at:]
        elif change == "indent":
            lines[i] = b"   " + line
        elif change == "outdent":
            lines[i] = b" " + line.lstrip(b" ")
        elif change == "tab":
            lines[i] = b"\t" + line
        else:
            lines[i] = line + b' "unclosed'
        self.broken = (path, raw)
        path.write_bytes(b"\n".join(lines))
        return f"{path.name}:{i + 1}: {change}"

    def item(self) -> str:
        path = self.rng.choice(self.files("items"))
        data = read(path)
        handling = self.rng.choice(data["handling"])
        limit = handling["time_limit"]
        change = self.rng.choice(
            ["promised", "legal", "status", "levels", "proxy", "code", "name", "comment", "delete"]
        )
        if change == "promised":
            limit["promised"] = self.rng.randint(0, limit["legal"] or 1)
        elif change == "legal":
            limit["legal"] = self.rng.randint(0, 30)
        elif change == "status":
            data["status"] = self.rng.choice(["active", "cancelled", "suspended"])
        elif change == "levels":
            data["levels"][self.rng.choice(["exercise", "accept"])] = self.rng.sample(
                LEVELS, self.rng.randint(1, 3)
            )
        elif change == "proxy":
            handling["proxy"] = not handling.get("proxy", False)
        elif change == "code":
            handling["code"] = data["code"] + f"{self.rng.randint(50, 99):02d}"
        elif change == "name":
            data["name"] += "（试行）"
        elif change == "comment":
            path.write_text(path.read_text(encoding="utf-8") + "# 备注\n", encoding="utf-8")
            return f"{path.name}: comment"
        else:
            path.unlink()
            return f"{path.name}: deleted"
        write(path, data)
        return f"{path.name}: {change}"

    def entries(self) -> str:
        path = self.rng.choice(self.files("implementations"))
        data = read(path)
        entries = data["entries"]
        entry = self.rng.choice(entries)
        change = self.rng.choice(
            ["mode", "forward_to", "item", "promised", "delete", "twice", "elsewhere"]
        )
        if change == "mode":
            entry["mode"] = self.rng.choice(MODES)
        elif change == "forward_to":
            entry["forward_to"] = self.rng.choice(self.departments())
        elif change == "item":
            entry["item"] = self.rng.choice(self.codes())
        elif change == "promised":
            entry["promised"] = self.rng.randint(0, 40)
        elif change == "delete" and len(entries) > 1:
            entries.remove(entry)
        elif change == "twice":
            entries.append(dict(entry))
        elif change == "elsewhere":
            other = self.rng.choice(self.files("implementations"))
            data_other = read(other)
            data_other["entries"].append(dict(entry))
            write(other, data_other)
            return f"{path.name} entry copied to {other.name}"
        write(path, data)
        return f"{path.name}: {change}"

    def bundle(self) -> str:
        path = self.rng.choice(self.files("bundles"))
        data = read(path)
        stage = self.rng.choice(data["stages"]) if data.get("stages") else data
        change = self.rng.choice(["limit", "requires", "item"])
        if change == "limit":
            stage["limit"] = self.rng.randint(1, 30)
        elif change == "requires":
            codes = [c for s in data.get("stages", [data]) for c in s["items"]]
            before, after = self.rng.sample(codes, 2)
            data.setdefault("requires", []).append(
                {"before": before, "after": after, "basis": "测试"}
            )
        else:
            stage["items"].append(self.rng.choice(self.codes()))
        write(path, data)
        return f"{path.name}: {change}"

    def rare(self) -> str:
        """Edits the incremental path must hand over to a whole validation."""
        change = self.rng.choice(["department", "schema", "policy", "comment"])
        if change == "department":
            path = self.root / "catalog/departments.yaml"
            data = read(path)
            self.rng.choice(data["departments"])["sector"] = "综合"
            write(path, data)
        elif change == "schema":
            path = self.rng.choice(self.files("items"))
            data = read(path)
            data["handling"][0]["time_limit"]["promised"] = "soon"
            write(path, data)
        elif change == "policy":
            apply_patch(
                self.root,
                {"rules/policy.yaml": {"promised_ratio_max": self.rng.choice([0.5, 0.8, 1.0])}},
            )
        else:
            path = self.root / self.rng.choice(
                ["catalog/regions.yaml", "rules/materials.yaml", "rules/policy.yaml"]
            )
            path.write_text("# 备注\n" + path.read_text(encoding="utf-8"), encoding="utf-8")
        return change


def lines(problems) -> list[str]:
    return [f"{p.text()} [{p.severity}]" for p in problems]


def located(problems) -> list[tuple]:
    return [(p.file, p.line, p.column, p.rule, p.message, p.severity) for p in problems]


@pytest.fixture
def focused(monkeypatch):
    """Records whether each validation took the incremental path."""
    taken = []
    real = incremental.focus_after

    def focus_after(*args):
        focus = real(*args)
        taken.append(focus is not None)
        return focus

    monkeypatch.setattr(incremental, "focus_after", focus_after)
    return taken


@pytest.mark.parametrize("seed", range(30))
def test_random_edits_give_what_a_validation_from_nothing_gives(tmp_path, seed, focused):
    root = sample(tmp_path)
    editor = Editor(root, random.Random(seed))
    validate(root)
    history = []
    for _ in range(20):
        history.append(editor.edit())
        warm = lines(validate(root).problems)
        cold = lines(validate(root, use_cache=False).problems)
        assert warm == cold, f"after {history}"
    assert sum(focused) >= 5, "the edits should mostly take the incremental path"


@pytest.mark.parametrize("seed", range(10))
def test_syntax_errors_are_located_as_from_nothing(tmp_path, seed):
    """Files broken (and mended) among the other edits: every problem at the same line and
    column as a validation from nothing finds it, not at 1:1 because the cache knew the file."""
    root = sample(tmp_path)
    editor = Editor(root, random.Random(1000 + seed), syntax=True)
    validate(root)
    history = []
    broken = 0
    for _ in range(16):
        history.append(editor.edit())
        warm = located(validate(root).problems)
        cold = located(validate(root, use_cache=False).problems)
        assert warm == cold, f"after {history}"
        broken += any(rule == "load.syntax" for _, _, _, rule, _, _ in warm)
    assert broken >= 1, f"the edits should break files' YAML: {history}"


def test_an_unclosed_bracket_is_located_after_a_clean_validation(tmp_path):
    root = sample(tmp_path)
    path = root / "catalog/items/000131128000.yaml"
    validate(root)
    lines_ = path.read_bytes().split(b"\n")
    lines_[29] += b" [unclosed"
    lines_[2] += b"\x00"
    path.write_bytes(b"\n".join(lines_))
    warm = validate(root).problems
    assert located(warm) == located(validate(root, use_cache=False).problems)
    assert [(p.line, p.rule) for p in warm if p.file.endswith("000131128000.yaml")] == [
        (3, "load.syntax")
    ]
    assert all("\n" not in p.message for p in warm)
    lines_[2] = lines_[2][:-1]
    path.write_bytes(b"\n".join(lines_))
    validate(root, use_cache=False)
    path.write_bytes(path.read_bytes() + "\n# 备注\n".encode())
    warm = validate(root).problems
    assert located(warm) == located(validate(root, use_cache=False).problems)
    assert [(p.line, p.column) for p in warm if p.file.endswith("000131128000.yaml")] == [(30, 101)]


def test_a_shorter_promise_is_found_in_the_regions_lists(tmp_path, focused):
    root = sample(tmp_path)
    validate(root)
    item = next(
        p for p in sorted((root / "catalog/items").glob("*.yaml")) if "promised: " in p.read_text()
    )
    del focused[:]
    data = read(item)
    codes = {data["code"], *(h["code"] for h in data["handling"])}
    for handling in data["handling"]:
        handling["time_limit"]["promised"] = 0
        handling["kind"] = "即办件"
        handling["steps"] = [{"name": "受理", "days": 0}]
    write(item, data)
    problems = validate(root).problems
    assert focused == [True]
    assert lines(problems) == lines(validate(root, use_cache=False).problems)
    local = [p for p in problems if p.rule == "time.local-promise"]
    entries = [
        e for f in (root / "catalog/implementations").glob("*.yaml") for e in read(f)["entries"]
    ]
    if any(e["item"] in codes and e.get("promised") for e in entries):
        assert local and all(p.file.startswith("catalog/implementations/") for p in local)


def test_an_unchanged_catalog_checks_nothing_again(tmp_path, focused, monkeypatch):
    root = sample(tmp_path)
    validate(root)
    checked = []
    monkeypatch.setattr(
        "banshi.rules.Rule.check",
        lambda rule, catalog, scope: checked.extend(scope.entries()) or [],
    )
    validate(root)
    assert focused[-1] is True and checked == []


def test_an_item_edit_checks_its_entries_again_and_nothing_else(tmp_path, monkeypatch):
    root = sample(tmp_path)
    validate(root)
    foci = []
    real = incremental.focus_after
    monkeypatch.setattr(
        incremental, "focus_after", lambda *args: foci.append(real(*args)) or foci[-1]
    )
    path = root / "catalog/items/000131128000.yaml"
    data = read(path)
    data["name"] += "（修订）"
    write(path, data)
    validate(root)
    codes = {data["code"], *(h["code"] for h in data["handling"])}
    naming = {
        (f"catalog/implementations/{f.name}", i)
        for f in (root / "catalog/implementations").glob("*.yaml")
        for i, e in enumerate(read(f)["entries"])
        if e["item"] in codes
    }
    bundles = {
        f"catalog/bundles/{f.name}"
        for f in (root / "catalog/bundles").glob("*.yaml")
        if any(code in f.read_text(encoding="utf-8") for code in codes)
    }
    assert naming and foci[0].files == {"catalog/items/000131128000.yaml", *bundles}
    assert {(o.file, o.path[1]) for o in foci[0].entries} == naming
