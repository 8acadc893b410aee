"""The content-hash cache: used while nothing changed, never stale when something did."""

import pickle

from catalogs import apply_patch, minimal

from banshi.validate import files, validate
from banshi.validate.cache import FileCache


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
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 13},
                       "catalog/implementations/410526100.yaml": {"entries/0/promised": 13}})
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
    cache = FileCache(root)
    for path in (cache.base_path, cache.rules_path):
        path.write_bytes(b"not a pickle")
    calls = counting(monkeypatch)
    assert validate(root).problems == []
    assert len(calls) > 1
    assert isinstance(pickle.loads(FileCache(root).base_path.read_bytes()), dict)


def test_an_edit_writes_a_delta_not_the_whole_cache(tmp_path):
    root = minimal(tmp_path)
    validate(root)
    base = FileCache(root).base_path.read_bytes()
    apply_patch(root, {"catalog/items/000131128000.yaml": {"handling/1/time_limit/promised": 20}})
    validate(root)
    cache = FileCache(root)
    assert cache.base_path.read_bytes() == base
    assert list(cache.delta) == ["catalog/items/000131128000.yaml"]
    assert [p.rule for p in validate(root).problems] == ["time.route-promise", "time.promised-over-legal"]


def test_the_cache_lives_outside_the_catalog(tmp_path):
    root = minimal(tmp_path)
    validate(root)
    cache = FileCache(root)
    assert not any(p.is_relative_to(root) for p in (cache.base_path, cache.delta_path, cache.rules_path))
