"""The content-hash cache: used while nothing changed, never stale when something did."""

import os
import pickle
import stat
from pathlib import Path

import msgpack
import pytest
from catalogs import apply_patch, minimal
from command_line import banshi

from banshi.validate import files, validate
from banshi.validate.cache import FORMAT, Cache, Entries, fingerprint
from banshi.validate.files import Checked
from banshi.validate.incremental import RuleResults


def entries(root) -> Entries:
    """The cache's entries of checked files, as the next validation will find them."""
    return files.stored(Cache(root))


def rule_results(root):
    return Cache(root).load("rules", RuleResults.from_plain)


def counting(monkeypatch):
    calls = []
    real = files.check_file

    def check_file(file, raw):
        calls.append(file)
        return real(file, raw)

    monkeypatch.setattr(files, "check_file", check_file)
    return calls


def test_warm_validation_reads_only_what_changed(tmp_path, monkeypatch):
    root = minimal(tmp_path)
    calls = counting(monkeypatch)
    validate(root)
    cold = len(calls)
    calls.clear()
    assert validate(root).problems == []
    assert calls == []
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 20}})
    problems = validate(root).problems
    assert calls == ["catalog/items/000131128000.yaml"] and cold > 1
    # the township's entry, which forwards the edited item, is checked again too
    assert [p.rule for p in problems] == ["time.route-promise", "time.promised-over-legal"]


def test_rules_and_policy_always_run(tmp_path):
    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 13},
            "catalog/implementations/410526100.yaml": {"entries/0/promised": 13},
        },
    )
    assert [p.rule for p in validate(root).problems] == ["time.promised-ratio"]
    apply_patch(root, {"rules/policy.yaml": {"severity": {"time.promised-ratio": "off"}}})
    assert validate(root).problems == []


def test_a_problem_found_from_cache_is_still_located(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/departments.yaml": {"departments/0/region": "410527"}})
    first = validate(root).problems
    assert validate(root).problems == first and first[0].line > 1


def test_another_compiler_does_not_use_the_cache(tmp_path, monkeypatch):
    root = minimal(tmp_path)
    validate(root)
    monkeypatch.setattr("banshi.validate.cache.fingerprint", lambda: "another-compiler")
    calls = counting(monkeypatch)
    validate(root)
    assert len(calls) > 1


def test_a_broken_cache_is_no_cache(tmp_path, monkeypatch):
    root = minimal(tmp_path)
    validate(root)
    cache = Cache(root)
    for kind in ("files", "rules"):
        cache.path(kind).write_bytes(b"not a pickle")
    calls = counting(monkeypatch)
    assert validate(root).problems == []
    assert len(calls) > 1
    assert sorted(entries(root).index()) == sorted(calls)  # written anew


def test_an_edit_writes_a_delta_not_the_whole_cache(tmp_path):
    root = minimal(tmp_path)
    validate(root)
    base = Cache(root).path("files").read_bytes()
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 20}})
    validate(root)
    assert Cache(root).path("files").read_bytes() == base
    assert list(entries(root).delta.index) == ["catalog/items/000131128000.yaml"]
    assert [p.rule for p in validate(root).problems] == [
        "time.route-promise",
        "time.promised-over-legal",
    ]


def test_the_cache_lives_outside_the_catalog(tmp_path):
    root = minimal(tmp_path)
    validate(root)
    cache = Cache(root)
    assert list(cache.folder.iterdir()) and not cache.folder.is_relative_to(root)


class _Planted:
    """Unpickled, it creates a file: what a pickle planted in a cache folder could do."""

    def __init__(self, marker):
        self.marker = marker

    def __reduce__(self):
        return (Path.touch, (self.marker,))


def test_a_planted_pickle_is_never_run(tmp_path, monkeypatch):
    root = minimal(tmp_path)
    validate(root)
    marker = tmp_path / "pwned"
    cache = Cache(root)
    planted = pickle.dumps(
        {"catalog/catalog.yaml": _Planted(marker)}, protocol=pickle.HIGHEST_PROTOCOL
    )
    kinds = ("files", "files_delta", "rules", "locations")
    names = [cache.path(kind) for kind in kinds]
    names += [cache.folder / f"{kind}-{fingerprint()}.pickle" for kind in kinds]
    for path in names:
        path.write_bytes(planted)
    calls = counting(monkeypatch)
    assert validate(root).problems == []
    assert not marker.exists()
    assert len(calls) > 1  # an unreadable cache is a miss


def _checked(file, kind="catalog", data=None, problems=(), paths=()):
    return [file, kind, {} if data is None else data, list(problems), list(paths), None]


@pytest.mark.parametrize(
    "record",
    [
        _checked("catalog/catalog.yaml", data="not a mapping"),
        _checked("catalog/other.yaml"),
        _checked("catalog/catalog.yaml", kind="no-such-kind"),
        _checked("catalog/catalog.yaml", problems=[["a", "b"]]),
        _checked("catalog/catalog.yaml", paths=[[{"a": 1}]]),
        msgpack.ExtType(5, b"code"),
        b"binary",
        ["catalog/catalog.yaml", "catalog"],
    ],
    ids=["data", "file", "kind", "problem", "path", "ext", "bin", "shape"],
)
def test_a_record_of_the_wrong_shape_is_a_miss(tmp_path, monkeypatch, record):
    root = minimal(tmp_path)
    validate(root)
    digest = entries(root).index()["catalog/catalog.yaml"][0]
    cache = Cache(root)
    for kind in ("files", "files_delta"):
        cache.path(kind).unlink()
    # the right digest in a store of the right shape, so only the record can make it a miss
    with Entries(cache, "files", lambda plain: plain, Checked.from_plain) as store:
        store.save({"catalog/catalog.yaml": (digest, record)})
    assert entries(root).index()["catalog/catalog.yaml"][0] == digest
    assert entries(root).lookup("catalog/catalog.yaml", digest) is None
    calls = counting(monkeypatch)
    assert validate(root).problems == []
    assert "catalog/catalog.yaml" in calls


def _store(index, records: bytes = b"") -> bytes:
    packed = msgpack.packb(index, use_bin_type=True)
    return records + packed + len(packed).to_bytes(8, "big")


@pytest.mark.parametrize(
    "raw",
    [
        _store([FORMAT + 1, {}]),
        _store({"files": []}),
        _store([FORMAT, {"catalog/catalog.yaml": ["digest", None, 0]}]),
        _store([FORMAT, {"catalog/catalog.yaml": ["digest", None, 0, 99]}], b"short"),
        _store([FORMAT, {"catalog/catalog.yaml": ["digest", None, -1, 1]}], b"x"),
        _store([FORMAT, {}])[:-1] + b"\xff",
        b"not a store",
    ],
    ids=["version", "shape", "entry", "beyond", "before", "trailer", "garbage"],
)
def test_a_store_of_the_wrong_shape_is_a_miss(tmp_path, monkeypatch, raw):
    root = minimal(tmp_path)
    validate(root)
    cache = Cache(root)
    for kind in ("files", "rules"):
        cache.path(kind).write_bytes(raw)
    cache.path("files_delta").unlink(missing_ok=True)
    assert entries(root).index() == {} and rule_results(root) is None
    calls = counting(monkeypatch)
    assert validate(root).problems == []
    assert "catalog/catalog.yaml" in calls


def test_rule_results_come_back_as_they_were(tmp_path):
    root = minimal(tmp_path)
    apply_patch(root, {"catalog/departments.yaml": {"departments/0/region": "410527"}})
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 13}})
    validate(root)
    results = rule_results(root)
    assert isinstance(results, RuleResults) and results.problems()
    assert results.problems() == validate(root, use_cache=False).problems


def test_a_cache_folder_inside_the_catalog_root_is_not_used(tmp_path, monkeypatch, capfd):
    root = minimal(tmp_path)
    inside = root / ".banshi-cache"
    monkeypatch.setenv("BANSHI_CACHE_DIR", str(inside))
    calls = counting(monkeypatch)
    validate(root)
    assert validate(root).problems == []
    assert calls.count("catalog/catalog.yaml") == 2  # read twice: no cache
    assert not inside.exists()
    err = capfd.readouterr().err
    assert err.count("inside the catalog root") == 2 and "without a cache" in err
    monkeypatch.setenv("BANSHI_CACHE_DIR", str(root / "catalog" / ".." / "rules"))
    validate(root)
    assert not list((root / "rules").glob("*/files-*"))


def test_the_cache_folder_is_private(tmp_path, monkeypatch):
    shared = tmp_path / "shared"
    shared.mkdir(mode=0o777)
    shared.chmod(0o1777)
    monkeypatch.setenv("BANSHI_CACHE_DIR", str(shared))
    root = minimal(tmp_path)
    validate(root)
    (folder,) = shared.iterdir()
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    assert all(p.suffix == ".msgpack" for p in folder.iterdir())
    folder.chmod(0o777)
    validate(root)
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


@pytest.mark.parametrize("odd", ["fifo", "dev-zero", "deep", "link-to-a-file-outside"])
def test_an_odd_cache_file_is_a_miss_never_a_hang_nor_written_through(tmp_path, odd):
    """Issue 20: every reader of a file Banshi wrote earlier reads only regular files, not
    through links, of a bounded size. The cache already did; this keeps it so."""
    root = minimal(tmp_path)
    env = {"BANSHI_CACHE_DIR": tmp_path / "cache"}
    assert banshi("validate", root, env=env).returncode == 0
    outside = tmp_path / "outside.bin"
    outside.write_bytes(b"outside")
    cache = Cache(root, tmp_path / "cache")
    for path in (cache.path("files"), cache.path("rules")):
        path.unlink()
        if odd == "fifo":
            os.mkfifo(path)
        elif odd == "dev-zero":
            path.symlink_to("/dev/zero")
        elif odd == "deep":
            path.write_bytes(b"\x92\x01" + b"\x91" * 100_000 + b"\xc0")
        else:
            path.symlink_to(outside)
    run = banshi("validate", root, env=env, timeout=60)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert outside.read_bytes() == b"outside"


def test_problems_found_again_are_not_located_again(tmp_path, monkeypatch):
    """Where a problem is in a file is kept by the file's digest: a warm validation reads a
    file for locations only where its bytes changed."""
    from banshi.load import locate

    root = minimal(tmp_path)
    apply_patch(
        root,
        {
            "catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 13},
            "catalog/departments.yaml": {"departments/0/address": "示例县&&路xx号"},
        },
    )
    first = validate(root).problems
    assert {"catalog/items/000131128000.yaml", "catalog/departments.yaml"} <= {
        p.file for p in first
    }
    located = []
    real = locate.places

    def places(data, paths):
        located.append(data)
        return real(data, paths)

    monkeypatch.setattr(locate, "places", places)
    assert validate(root).problems == first and located == []
    apply_patch(root, {"catalog/departments.yaml": {"departments/0/phone": "0370-5550100"}})
    again = validate(root).problems
    departments = (root / "catalog/departments.yaml").read_bytes()
    assert located == [departments] and len(again) == len(first)


def test_texts_read_back_from_the_cache_are_shared_as_read(tmp_path):
    """A short text is one object wherever the catalog writes it, read from YAML or from the
    cache alike (copies were most of a province's memory)."""
    root = minimal(tmp_path)
    validate(root)
    with entries(root) as store:
        county = store.lookup("catalog/implementations/410526.yaml")
        township = store.lookup("catalog/implementations/410526100.yaml")
    assert county.data["entries"][0]["item"] is township.data["entries"][0]["item"]
    assert county.data["entries"][0]["agency"] is township.data["entries"][0]["forward_to"]
