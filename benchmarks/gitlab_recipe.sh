#!/bin/bash
# The README's .gitlab-ci.yml run for real by gitlab-ci-local (its shell executor, no Docker) on
# a generated province: docs/performance.md, "The README's GitLab recipe, run".
#
#   bash benchmarks/gitlab_recipe.sh [WORK]
#
# WORK is a new folder (default: a temporary one); it ends holding the repository, its shards
# and its site, gitlab-ci-local's copies of every job's checkout and artifacts (about 30 GB in
# all), the run's log (run.log) and the venv the jobs use. Needs npm for
# gitlab-ci-local. The recipe's pip line installs Banshi from a git host; here the jobs activate a
# venv holding this checkout's Banshi instead (installed as pip would, not editable), the one
# line that differs.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
work=${1:-$(mktemp -d)}
mkdir -p "$work" && work=$(cd "$work" && pwd)
[ -z "$(ls -A "$work")" ] || { echo "$work is not empty" >&2; exit 2; }

npm install --silent --no-audit --no-fund --prefix "$work/tools" gitlab-ci-local@4.70.1
python3 -m venv "$work/venv"
"$work/venv/bin/pip" install -q "$here"
"$work/venv/bin/python" "$here/benchmarks/generate.py" --size province "$work/repo"

cd "$work/repo"
python3 - "$here/README.md" "$work/venv" <<'PY'
import pathlib, sys
readme = pathlib.Path(sys.argv[1]).read_text(encoding="utf-8")
start = readme.index("`.gitlab-ci.yml` of a catalog repository (GitLab's matrix")
recipe = readme[start:].split("```yaml\n", 1)[1].split("```", 1)[0]
pip = '    - pip install "banshi @ git+<the Banshi repository>@<a release tag>"\n'
if pip not in recipe:
    sys.exit("the README's recipe no longer installs Banshi with that line: update this script")
venv = f"    - . {sys.argv[2]}/bin/activate   # in place of the pip line\n"
pathlib.Path(".gitlab-ci.yml").write_text(recipe.replace(pip, venv), encoding="utf-8")
PY
git init -q -b main
git add -A
git -c user.name=banshi -c user.email=banshi@example.invalid commit -q -m "a generated province"
"$work/tools/node_modules/.bin/gitlab-ci-local" --force-shell-executor --shell-isolation \
  --concurrency 2 2>&1 | tee "$work/run.log" | grep -v "still running"
