"""A catalog from an untrusted pull request: nothing outside its root is read, none of its
templates runs code, and nothing it writes escapes the output it is embedded in.

Issue 11, rows 3 (nothing outside the root), 4 (sandboxed templates) and 7 (escaping); see
SECURITY.md. Every test here builds a hostile catalog from the minimal fixture and runs the
command line as CI would, in a subprocess.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import command_line
import jinja2
import jinja2.sandbox
import markdown
import networkx as nx
import pytest
import yaml
from catalogs import apply_patch, approval, bundle_catalog, dump, minimal

from banshi.emit.render import environment, md

SECRET = "SECRET-OUTSIDE-THE-ROOT-7f3a"
CODE = "00013112800001"
REGION = "410526"
FORM = "catalog/forms/个体工商户登记申请书.txt"
LOCATED = re.compile(
    r"^(?P<file>.+?):(?P<line>\d+):(?P<column>\d+): "
    r"(?P<severity>error|warning) (?P<rule>[a-z.-]+): .+$"
)
CONTROL = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def banshi(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    """The command, its messages in English (the tests read their words)."""
    return command_line.banshi(*args, env={**(env or {}), "BANSHI_LANG": "en"})


def said(run: subprocess.CompletedProcess) -> str:
    return f"exit {run.returncode}\nstdout:\n{run.stdout}\nstderr:\n{run.stderr}"


def secret_file(tmp_path: Path, name: str = "secret.txt") -> Path:
    """A file outside the catalog root, as /proc/self/environ or ../../.git/config would be."""
    outside = tmp_path / "outside"
    outside.mkdir(exist_ok=True)
    (outside / name).write_text(f"{SECRET}\n", encoding="utf-8")
    return outside / name


def nowhere_in(folder: Path, text: str) -> list[str]:
    """The files under ``folder`` whose bytes hold ``text``."""
    if not folder.exists():
        return []
    return [
        p.relative_to(folder).as_posix()
        for p in folder.rglob("*")
        if p.is_file() and text.encode() in p.read_bytes()
    ]


def link(path: Path, target: Path | str) -> None:
    if path.exists() or path.is_symlink():
        path.unlink()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.symlink_to(target)


# --- row 3: nothing outside the root is read -----------------------------------------------


@pytest.mark.parametrize("target", ["absolute", "relative", "environ"])
def test_a_linked_blank_form_is_a_located_problem_and_never_published(tmp_path, target):
    root = minimal(tmp_path)
    secret = secret_file(tmp_path)
    env = {}
    if target == "environ":
        if not Path("/proc/self/environ").exists():
            pytest.skip("no /proc/self/environ here")
        env["CI_TOKEN"] = SECRET  # what a CI job's secrets look like to a build
        link(root / FORM, "/proc/self/environ")
    else:
        link(
            root / FORM,
            secret if target == "absolute" else os.path.relpath(secret, (root / FORM).parent),
        )
    run = banshi("validate", str(root), env=env)
    assert run.returncode == 1, said(run)
    lines = run.stdout.splitlines()
    assert f"{FORM}:1:1: error load.symlink: {FORM} is a symbolic link" in run.stdout, said(run)
    assert any(
        re.match(r"rules/materials\.yaml:\d+:\d+: error material\.file: .*symbolic link", x)
        for x in lines
    ), said(run)
    assert all(LOCATED.match(x) for x in lines), said(run)

    built = banshi("build", str(root), "--out", str(tmp_path / "out"), env=env)
    assert built.returncode == 1, said(built)
    assert SECRET not in built.stdout + built.stderr
    assert not nowhere_in(tmp_path / "out", SECRET)


def test_a_form_under_a_linked_folder_is_refused(tmp_path):
    """A form whose folder is a link (outside catalog/, rules/ and templates/) is refused."""
    root = minimal(tmp_path)
    secret_file(tmp_path)
    link(root / "forms", tmp_path / "outside")
    apply_patch(root, {"rules/materials.yaml": {"materials/0/blank_form": "forms/secret.txt"}})
    run = banshi("validate", str(root))
    assert run.returncode == 1, said(run)
    assert re.search(
        r"^rules/materials\.yaml:\d+:\d+: error material\.file: forms is a symbolic link",
        run.stdout,
        re.MULTILINE,
    ), said(run)


@pytest.mark.parametrize("path", ["absolute", "dotdot", "linked-folder", "linked-file"])
def test_published_forms_never_leave_the_root_even_with_the_rule_off(tmp_path, path):
    """With material.file turned off in the catalog's own policy, a form that is not a plain
    file inside the root is still never copied into the site."""
    root = minimal(tmp_path)
    secret = secret_file(tmp_path)
    names = {
        "absolute": str(secret),
        "dotdot": "../outside/secret.txt",
        "linked-folder": "forms/secret.txt",
        "linked-file": "secret.txt",
    }
    if path == "linked-folder":
        link(root / "forms", tmp_path / "outside")
    if path == "linked-file":
        link(root / "secret.txt", secret)
    apply_patch(
        root,
        {
            "rules/materials.yaml": {"materials/0/blank_form": names[path]},
            "rules/policy.yaml": {"severity": {"material.file": "off"}},
        },
    )
    out = tmp_path / "out"
    run = banshi("build", str(root), "--out", str(out))
    assert run.returncode == 0, said(run)
    assert (out / "site").is_dir()
    assert not nowhere_in(out, SECRET), (
        f"published from outside the root: {nowhere_in(out, SECRET)}"
    )
    assert not (out / "site" / "forms" / "individual_business_application" / "blank.txt").exists()


@pytest.mark.parametrize(
    "name", ["../outside/secret.txt", "/etc/hostname", "catalog/../../outside/secret.txt"]
)
def test_a_form_path_that_leaves_the_root_is_a_problem(tmp_path, name):
    root = minimal(tmp_path)
    secret_file(tmp_path)
    apply_patch(root, {"rules/materials.yaml": {"materials/0/blank_form": name}})
    run = banshi("validate", str(root))
    assert run.returncode == 1, said(run)
    assert re.search(
        r"^rules/materials\.yaml:\d+:\d+: error material\.file: "
        r".*must be a path inside the catalog root",
        run.stdout,
        re.MULTILINE,
    ), said(run)


def test_a_linked_yaml_file_is_refused_at_the_link(tmp_path):
    root = minimal(tmp_path)
    item = "catalog/items/000131128000.yaml"
    outside = tmp_path / "outside"
    outside.mkdir()
    document = yaml.safe_load((root / item).read_text(encoding="utf-8"))
    document["name"] = SECRET
    (outside / "item.yaml").write_text(dump(document), encoding="utf-8")
    link(root / item, outside / "item.yaml")
    run = banshi("validate", str(root))
    assert run.returncode == 1, said(run)
    assert (
        f"{item}:1:1: error load.symlink: {item} is a symbolic link" in run.stdout.splitlines()[0]
    ), said(run)
    assert SECRET not in run.stdout + run.stderr
    built = banshi("build", str(root), "--out", str(tmp_path / "out"))
    assert built.returncode == 1 and not nowhere_in(tmp_path / "out", SECRET), said(built)


def test_a_linked_folder_of_yaml_is_refused(tmp_path):
    root = minimal(tmp_path)
    os.rename(root / "catalog/items", tmp_path / "items")
    link(root / "catalog/items", tmp_path / "items")
    run = banshi("validate", str(root))
    assert run.returncode == 1, said(run)
    assert (
        "catalog/items:1:1: error load.symlink: catalog/items is a symbolic link" in run.stdout
    ), said(run)


def test_a_linked_yaml_file_stays_unread_when_validated_again(tmp_path):
    """The cache and the incremental locator never read through a link either: a file that
    becomes a link after a clean validation is refused, its old problems not kept."""
    root = minimal(tmp_path)
    policy = root / "rules/policy.yaml"
    assert banshi("validate", str(root)).returncode == 0
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside/policy.yaml").write_text(
        f"schema: banshi/policy/v1\n{SECRET}: [\n", encoding="utf-8"
    )
    link(policy, tmp_path / "outside/policy.yaml")
    for _ in range(2):
        run = banshi("validate", str(root))
        assert run.returncode == 1, said(run)
        assert run.stdout.startswith("rules/policy.yaml:1:1: error load.symlink:"), said(run)
        assert SECRET not in run.stdout + run.stderr


@pytest.mark.parametrize("command", ["build", "notice"])
def test_a_linked_template_is_refused(tmp_path, command):
    root = minimal(tmp_path)
    secret = secret_file(tmp_path)
    template = "guide.md.j2" if command == "build" else "papers/inform.html.j2"
    link(root / "templates" / template, secret)
    if command == "build":
        run = banshi("build", str(root), "--out", str(tmp_path / "out"))
    else:
        run = banshi("notice", CODE, str(root), "--region", REGION, "--format", "md")
    assert run.returncode == 1, said(run)
    assert (
        f"templates/{template}:1:1: error load.symlink: templates/{template} is a symbolic link"
        in run.stdout
    ), said(run)
    assert "Traceback" not in run.stderr
    assert SECRET not in run.stdout + run.stderr
    assert not nowhere_in(tmp_path / "out", SECRET)


@pytest.mark.parametrize("linked", ["file", "folder"])
def test_the_template_loader_refuses_links_on_its_own(tmp_path, linked):
    """``banshi diff`` validates the two releases, not the root whose templates it uses: the
    loader itself refuses a link, a linked templates/ folder too."""
    clean = minimal(tmp_path / "clean")
    root = minimal(tmp_path)
    secret = secret_file(tmp_path)
    (secret.parent / "changes.md.j2").write_text(SECRET, encoding="utf-8")
    if linked == "file":
        link(root / "templates/changes.md.j2", secret.parent / "changes.md.j2")
    else:
        link(root / "templates", secret.parent)
    run = banshi("diff", str(clean), str(clean), "--root", str(root), "--format", "md")
    assert run.returncode == 1, said(run)
    assert SECRET not in run.stdout + run.stderr
    shown = "templates/changes.md.j2" if linked == "file" else "templates"
    assert run.stdout.startswith(
        f"templates/changes.md.j2:1: error template: {shown} is a symbolic link"
    ), said(run)


def test_read_inside_follows_no_link_and_reads_only_plain_files(tmp_path):
    from banshi.load import OutsideRoot, read_inside

    root = tmp_path / "root"
    (root / "a/b").mkdir(parents=True)
    (root / "a/b/plain.txt").write_bytes(b"plain")
    secret = secret_file(tmp_path)
    link(root / "a/file-link.txt", secret)
    link(root / "a/folder-link", secret.parent)
    os.mkfifo(root / "a/fifo")
    assert read_inside(root, "a/b/plain.txt") == b"plain"
    for name in (
        "a/file-link.txt",
        "a/folder-link/secret.txt",
        "a/fifo",
        "a/b",
        "../outside/secret.txt",
        str(secret),
        "a/b/../../../outside/secret.txt",
    ):
        with pytest.raises(OutsideRoot):
            read_inside(root, name)
    with pytest.raises(FileNotFoundError):
        read_inside(root, "a/b/missing.txt")


# --- row 4: templates run in a sandbox ------------------------------------------------------

MARKER = "banshi-ssti-ran"


def payloads(marker: Path, secret: Path) -> dict[str, str]:
    return {
        "cycler-globals": f"{{{{ cycler.__init__.__globals__.os.system('touch {marker}') }}}}",
        "lipsum-popen": f"{{{{ lipsum.__globals__['os'].popen('touch {marker}').read() }}}}",
        "lipsum-open": f"{{{{ lipsum.__globals__.__builtins__.open('{secret}').read() }}}}",
        "subclasses": "{{ ''.__class__.__mro__[1].__subclasses__() }}",
        "mutation": "{% set d = {} %}{{ d.update({'a': 1}) }}",
    }


def _run_with_template(tmp_path: Path, root: Path, command: str, template: str):
    if command == "build":
        return banshi("build", str(root), "--out", str(tmp_path / "out"))
    if command == "notice":
        return banshi("notice", CODE, str(root), "--region", REGION, "--format", "md")
    return banshi("diff", str(root), str(root), "--root", str(root), "--format", "md")


TEMPLATE_OF = {"build": "guide.md.j2", "notice": "papers/inform.html.j2", "diff": "changes.md.j2"}


@pytest.mark.parametrize(
    "payload", ["cycler-globals", "lipsum-popen", "lipsum-open", "subclasses", "mutation"]
)
@pytest.mark.parametrize("command", ["build", "notice", "diff"])
def test_template_payloads_do_not_run(tmp_path, command, payload):
    root = minimal(tmp_path)
    marker = tmp_path / MARKER
    secret = secret_file(tmp_path)
    template = TEMPLATE_OF[command]
    (root / "templates" / template).parent.mkdir(parents=True)
    (root / "templates" / template).write_text(
        "一次性告知\n\n" + payloads(marker, secret)[payload] + "\n", encoding="utf-8"
    )
    run = _run_with_template(tmp_path, root, command, template)
    assert not marker.exists(), "the template ran a shell command"
    assert SECRET not in run.stdout + run.stderr, "the template read a file outside the root"
    assert not nowhere_in(tmp_path / "out", SECRET)
    assert run.returncode == 1, said(run)
    assert "Traceback" not in run.stderr
    assert re.match(
        rf"templates/{re.escape(template)}:3: error template: SecurityError: ", run.stdout
    ), said(run)
    assert not (tmp_path / "out").exists(), "a failed build wrote its output"


@pytest.mark.parametrize(
    ("source", "line", "kind"),
    [
        ("标题\n\n{% if %}\n", 3, "TemplateSyntaxError"),
        ("标题\n{{ nope }}\n", 2, "UndefinedError"),
        ("标题\n{{ n.handling.no_such_field }}\n", 2, "UndefinedError"),
        ("{% include 'missing.md.j2' %}\n", 1, "TemplateNotFound"),
    ],
)
@pytest.mark.parametrize("command", ["notice", "build", "diff"])
def test_a_template_error_is_located_with_exit_1(tmp_path, command, source, line, kind):
    root = minimal(tmp_path)
    template = TEMPLATE_OF[command]
    (root / "templates" / template).parent.mkdir(parents=True)
    (root / "templates" / template).write_text(source, encoding="utf-8")
    run = _run_with_template(tmp_path, root, command, template)
    assert run.returncode == 1, said(run)
    assert (
        "Traceback" not in run.stderr
        and "internal error" not in run.stderr
        and "内部错误" not in run.stderr
    ), said(run)
    assert re.match(
        rf"templates/{re.escape(template)}:{line}: error template: {kind}: ", run.stdout
    ), said(run)
    assert len(run.stdout.splitlines()) == 1


def test_the_dict_fast_path_is_the_sandbox(tmp_path):
    """banshi's quick dict lookup answers what Jinja's own immutable sandbox answers, and
    refuses what it refuses."""
    values = {
        "d": {"name": "x", "_private": "p", "__class__": "k", "update": 1},
        "o": type("O", (), {"name": "attribute", "_hidden": 1})(),
    }
    sandbox = jinja2.sandbox.ImmutableSandboxedEnvironment(
        autoescape=True, undefined=jinja2.StrictUndefined
    )
    ours = environment()
    assert isinstance(ours, jinja2.sandbox.ImmutableSandboxedEnvironment)
    for source in (
        "{{ d.name }}",
        "{{ d._private }}",
        "{{ d['__class__'] }}",
        "{{ d.items() | list }}",
        "{{ o.name }}",
        "{{ d.get('name') }}",
    ):
        assert ours.from_string(source).render(values) == sandbox.from_string(source).render(
            values
        ), source
    for source in (
        "{{ d.__class__ }}",
        "{{ d.update }}",
        "{{ d.update(a=1) }}",
        "{{ o._hidden }}",
        "{{ d.__init__.__globals__ }}",
        "{{ o.__class__.__mro__ }}",
        "{{ d.setdefault('a', 1) }}",
        "{{ d.pop('name') }}",
        "{{ cycler.__init__ }}",
    ):
        for env in (ours, sandbox):
            with pytest.raises(jinja2.exceptions.SecurityError):
                env.from_string(source).render(values)


# --- row 7: every output escapes what it embeds ---------------------------------------------

FORGED = (
    "x\n::error file=catalog/catalog.yaml,line=1::forged\r::add-mask::\x1b[2J\u2028::warning::y"
)


def test_text_problems_are_one_line_each_whatever_the_catalog_says(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "rules/materials.yaml": {"materials/0/blank_form": f"catalog/forms/{FORGED}.txt"},
            "rules/policy.yaml": {"severity": {f"time.promised-ratio{FORGED}": "error"}},
        },
    )
    (root / f"catalog/items/{FORGED.replace('/', '_')}.yaml").write_text(
        "schema: banshi/item/v1\ncode: [\n", encoding="utf-8"
    )
    for command in (
        ["validate", str(root)],
        ["validate", str(root), "--strict"],
        ["build", str(root), "--out", str(tmp_path / "out")],
    ):
        run = banshi(*command)
        assert run.returncode == 1, said(run)
        lines = run.stdout.split("\n")
        assert lines.pop() == ""
        assert len(lines) >= 3, said(run)
        for line in lines:
            assert not CONTROL.search(line), f"a raw control character in {line!r}"
            assert not line.startswith("::"), f"a forged workflow command: {line!r}"
            assert LOCATED.match(line), f"not one problem on one line: {line!r}"
        assert any(
            "x\\n::error file=catalog/catalog.yaml,line=1::forged"
            "\\r::add-mask::\\x1b[2J\\u2028::warning::y" in x
            for x in lines
        ), "the value is not shown escaped"
        assert not CONTROL.search(run.stderr)


def test_json_and_github_formats_stay_what_they_are(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root, {"rules/materials.yaml": {"materials/0/blank_form": f"catalog/forms/{FORGED}.txt"}}
    )
    run = banshi("validate", str(root), "--format", "github")
    assert run.returncode == 1
    lines = run.stdout.split("\n")
    assert lines.pop() == "" and lines, said(run)
    assert all(x.startswith("::error file=") and not CONTROL.search(x) for x in lines), said(run)
    report = banshi("validate", str(root), "--format", "json")
    messages = [p["message"] for p in json.loads(report.stdout)["problems"]]
    assert any(FORGED in m for m in messages), "json carries the message exactly"


def _bundle(tmp_path: Path, stage_name: str, item_name: str = "甲") -> Path:
    a, b = approval("100000000001", item_name, 5), approval("100000000002", "乙", 3)
    stages = [
        {"id": "one", "name": stage_name, "items": ["10000000000101"]},
        {"id": "two", "name": "第二阶段", "items": ["10000000000201"]},
    ]
    return bundle_catalog(tmp_path, [a, b], {"stages": stages})


def _graph(root: Path, fmt: str) -> str:
    run = banshi("graph", "test", str(root), "--format", fmt)
    assert run.returncode == 0, said(run)
    return run.stdout


HOSTILE_STAGE = 'a"]\n  click n10000000000101 href "javascript:alert(1)"\n%% ]) end\\'
HOSTILE_ITEM = 'b"]) --> x\nclick n10000000000201 call alert()\x01'


def test_mermaid_names_stay_inside_their_labels(tmp_path):
    plain = _graph(_bundle(tmp_path / "plain", "第一阶段"), "mermaid")
    hostile = _graph(_bundle(tmp_path / "hostile", HOSTILE_STAGE, HOSTILE_ITEM), "mermaid")
    assert len(hostile.splitlines()) == len(plain.splitlines())
    for line in hostile.splitlines():
        assert not line.strip().startswith(("click", "%%")), f"a statement from a name: {line!r}"
        assert not CONTROL.search(line)
    # Every label is one quoted string with nothing after it but the closing bracket.
    for line in hostile.splitlines():
        if '["' in line:
            assert re.fullmatch(r'\s*(subgraph [A-Za-z0-9_-]+|n[0-9]+)\["[^"\[\]]*"\]', line), line


def _dot_skeleton(text: str) -> list[str]:
    """DOT read as Graphviz's lexer reads it: the text outside quoted strings, each string
    replaced by S. In a string, only \\" escapes (a quote); any other backslash is itself."""
    out, i = [], 0
    while i < len(text):
        if text[i] == '"':
            i += 1
            while i < len(text) and text[i] != '"':
                i += 2 if text.startswith('\\"', i) else 1
            assert i < len(text), "a quoted string never ends"
            out.append("S")
        else:
            out.append(text[i])
        i += 1
    return "".join(out).split("\n")


def test_dot_strings_cannot_be_ended_by_a_name(tmp_path):
    plain = _graph(_bundle(tmp_path / "plain", "第一阶段"), "dot")
    for i, name in enumerate((HOSTILE_STAGE, "ends in a backslash\\", 'quote " and \\" both')):
        hostile = _graph(_bundle(tmp_path / f"hostile{i}", name, HOSTILE_ITEM), "dot")
        assert _dot_skeleton(hostile) == _dot_skeleton(plain), hostile
        assert not CONTROL.search(hostile.replace("\n", ""))


def test_graphml_with_control_characters_parses(tmp_path):
    root = _bundle(tmp_path, "阶段\x01\x0b", "甲\x01\x1b乙")
    text = _graph(root, "graphml")
    ET.fromstring(text.encode("utf-8"))
    g = nx.read_graphml(io.BytesIO(text.encode("utf-8")))
    assert g.nodes["10000000000101"]["name"] == "甲\\x01\\x1b乙"


@pytest.mark.parametrize(
    "text",
    [
        "a\r# 标题",
        "a\r\n\r\n# 标题",
        "a\u2028# 标题",
        "a\x0c- 列表",
        "a\n\n[点我](javascript:alert(1))",
    ],
)
def test_markdown_text_stays_on_its_line(text):
    html = markdown.markdown(str(md(text)), extensions=["tables"])
    assert (
        html.count("<p>") == 1 and "<h1" not in html and "<li" not in html and "<a " not in html
    ), html


def test_diff_text_is_one_line_per_change_whatever_the_names(tmp_path):
    old = minimal(tmp_path / "old")
    new = minimal(tmp_path / "new")
    apply_patch(
        new,
        {
            "catalog/items/000131128000.yaml": {
                "handling/0/name": f"个体工商户{FORGED}",
                "handling/0/visits": 2,
            }
        },
    )
    run = banshi("diff", str(old), str(new), "--format", "text")
    assert run.returncode == 0, said(run)
    lines = run.stdout.split("\n")
    assert any("个体工商户x\\n::error" in x for x in lines), said(run)
    for line in lines:
        assert not line.startswith("::") and not CONTROL.search(line), f"{line!r}"
