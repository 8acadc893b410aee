"""The README's CI configuration is YAML a runner accepts, and its province recipe (issue 16)
is a matrix: one job per shard after validation, then one job that combines and publishes."""

import re
from pathlib import Path

import yaml

README = Path(__file__).resolve().parents[1] / "README.md"


def _yaml_blocks() -> list:
    text = README.read_text(encoding="utf-8")
    return [yaml.safe_load(b) for b in re.findall(r"^```yaml\n(.*?)^```$", text, re.M | re.S)]


def _jobs(block) -> dict:
    """A GitHub workflow's jobs, or a GitLab pipeline's (its top-level mappings with a script)."""
    if not isinstance(block, dict):
        return {}
    if isinstance(block.get("jobs"), dict):
        return block["jobs"]
    return {k: v for k, v in block.items() if isinstance(v, dict) and "script" in v}


def _needs(job: dict) -> list[str]:
    needs = job.get("needs", [])
    needs = [needs] if isinstance(needs, str) else needs
    return [n["job"] if isinstance(n, dict) else n for n in needs]


def test_every_yaml_block_of_the_readme_parses():
    assert len(_yaml_blocks()) >= 8


def test_the_github_recipe_builds_shards_in_a_matrix_then_combines():
    workflows = [
        jobs
        for jobs in map(_jobs, _yaml_blocks())
        if any("matrix" in job.get("strategy", {}) for job in jobs.values())
    ]
    assert len(workflows) == 1, "one GitHub workflow with a strategy.matrix job"
    jobs = workflows[0]
    (shard,) = [name for name, job in jobs.items() if "matrix" in job.get("strategy", {})]
    combine = [name for name, job in jobs.items() if shard in _needs(job)]
    assert combine, f"a job needs the {shard} matrix"
    assert _needs(jobs[shard]), "the shards wait for validation"
    uses = [step.get("uses", "") for step in jobs[combine[-1]].get("steps", [])]
    assert any(u.startswith("actions/deploy-pages") for u in uses)
    steps = [s for job in jobs.values() for s in job.get("steps", [])]
    keys = [s["with"]["key"] for s in steps if s.get("uses", "").startswith("actions/cache")]
    assert keys and all("hashFiles(" in key for key in keys)


def test_the_gitlab_recipe_builds_shards_in_a_parallel_matrix_then_pages():
    pipelines = [
        jobs
        for jobs in map(_jobs, _yaml_blocks())
        if any("matrix" in (job.get("parallel") or {}) for job in jobs.values())
    ]
    assert len(pipelines) == 1, "one GitLab pipeline with a parallel: matrix job"
    jobs = pipelines[0]
    (shard,) = [name for name, job in jobs.items() if "matrix" in (job.get("parallel") or {})]
    assert shard in _needs(jobs["pages"])
    assert jobs["pages"]["artifacts"]["paths"] == ["public"]
    assert all("files" in job["cache"]["key"] for job in jobs.values() if "cache" in job)


def test_the_gitlab_recipe_needs_no_job_of_a_later_stage():
    """GitLab refuses a pipeline whose job needs one of a later stage; its default order of
    stages is build, test, deploy."""
    (block,) = [
        b
        for b in _yaml_blocks()
        if any("matrix" in (job.get("parallel") or {}) for job in _jobs(b).values())
    ]
    stages = block.get("stages", ["build", "test", "deploy"])
    jobs = _jobs(block)
    for name, job in jobs.items():
        for needed in _needs(job):
            assert stages.index(jobs[needed]["stage"]) <= stages.index(job["stage"]), name
