"""Helpers to make catalogs for tests: copy the minimal fixture and patch it.

A patch maps a file (relative to the root) to ``{path: value}``, where a path is keys and
list indexes joined by ``/`` (``handling/0/time_limit/promised``); ``-`` as the last step
appends to a list, a null value deletes, and the path ``.`` stands for the whole document
(null deletes the file).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

FIXTURES = Path(__file__).parent / "fixtures"
MINIMAL = FIXTURES / "minimal"


def tree(folder: Path, under=("",)) -> dict[str, bytes]:
    """Every file below ``folder`` (or below its ``under`` folders) and its bytes, by path."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for part in under
        for p in sorted((folder / part).rglob("*"))
        if p.is_file()
    }


def minimal(tmp_path: Path) -> Path:
    root = tmp_path / "root"
    shutil.copytree(MINIMAL, root)
    return root


def _step(token: str):
    return int(token) if token.isdigit() else token


def _set(document, path: str, value):
    *parents, last = [_step(t) for t in path.split("/")]
    node = document
    for step in parents:
        node = node[step]
    if last == "-":
        node.append(value)
    elif value is None:
        del node[last]
    else:
        node[last] = value


class _Dumper(yaml.SafeDumper):
    """Writes codes the way the format wants them: digit strings always quoted."""


def _str(dumper, value):
    style = '"' if value.isdigit() else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str)


def dump(data) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=1000)


def apply_patch(root: Path, patch: dict) -> None:
    for file, changes in patch.items():
        target = root / file
        if "." in changes:
            if changes["."] is None:
                target.unlink()
                continue
            document = changes["."]
        else:
            document = yaml.safe_load(target.read_text(encoding="utf-8"))
        for path, value in changes.items():
            if path != ".":
                _set(document, path, value)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(dump(document), encoding="utf-8")


def approval(code: str, name: str, days: int, needs=(), gives=()):
    """An item with one handling item promising ``days`` (承诺件), needing and giving materials."""
    return {
        "schema": "banshi/item/v1",
        "code": code,
        "name": name,
        "type": "行政许可",
        "sector": "市场监管",
        "service_objects": ["法人"],
        "basis": [{"kind": "设定依据", "title": "测试条例"}],
        "levels": {"exercise": ["county"], "accept": ["county"], "decide": "county"},
        "status": "active",
        "effective": "2022-01-01",
        "handling": [
            {
                "code": code + "01",
                "name": name,
                "kind": "承诺件" if days else "即办件",
                "time_limit": {"unit": "工作日", "legal": days * 2, "promised": days},
                "steps": [{"name": "审查", "days": days}],
                "materials": [
                    {"material": m, "form": "原件", "copies": 1}
                    for m in ["resident_id_card", *needs]
                ],
                "fees": [],
                "results": [{"material": m} for m in gives],
                "visits": 1,
                "online": "窗口办理",
                "proxy": False,
            }
        ],
    }


def bundle_catalog(tmp_path: Path, items, bundle: dict, entries=()) -> Path:
    """The minimal catalog with these items handled at the county (each with its ``entries``
    extras) and a 并联审批 bundle ``test`` led by the county's 市场监管局, made of ``bundle``."""
    root = minimal(tmp_path)
    for item in items:
        (root / f"catalog/items/{item['code']}.yaml").write_text(dump(item), encoding="utf-8")
    county = [
        {"item": i["code"], "agency": "sx-market", "mode": "办理", **extra}
        for i, extra in zip(items, [*entries, *[{}] * len(items)])
    ]
    apply_patch(
        root,
        {
            "catalog/implementations/410526.yaml": {
                "entries": [
                    {"item": "000131128000", "agency": "sx-market", "mode": "办理"},
                    *county,
                ]
            },
            "catalog/bundles/test.yaml": {
                ".": {
                    "schema": "banshi/bundle/v1",
                    "id": "test",
                    "name": "测试联办",
                    "kind": "并联审批",
                    "lead": "sx-market",
                    **bundle,
                }
            },
        },
    )
    return root


def paper_data(compiled, code: str, region: str, kind="inform", **asked) -> dict:
    """A window's paper (``banshi.papers``) for a handling item or a 一件事 at a region, as the
    JSON format gives it."""
    from banshi.papers.make import paper
    from banshi.papers.request import Request, guide_for
    from banshi.resolve.compiled import plain

    guide = guide_for(compiled, code, region)
    request = Request(kind=kind, **asked)
    return plain(paper(guide, compiled.work_calendar(), request, compiled.correction_days))
