#!/usr/bin/env bash
# Sets up everything the test suite needs on a fresh machine, then runs it.
#   bash tests/run.sh [pytest arguments]
# System packages (for the browser tests, QR decoding, PDFs and workbooks) are installed with
# apt-get when missing and we are root; the Python packages go into .venv beside this checkout.
set -euo pipefail
cd "$(dirname "$0")/.."

need=()
command -v chromium >/dev/null || need+=(chromium)
[ -d /usr/share/fonts/opentype/noto ] || need+=(fonts-noto-cjk)
command -v zbarimg >/dev/null || need+=(zbar-tools)
command -v node >/dev/null || need+=(nodejs)
command -v pdfinfo >/dev/null || need+=(poppler-utils)  # pdfinfo, pdftotext: the hall's PDFs
command -v soffice >/dev/null || need+=(libreoffice-calc-nogui)  # opens the exported workbooks
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then
    # another apt (an unattended upgrade on a fresh machine) may hold the lock: wait for it
    apt=(env DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=600 -q)
    "${apt[@]}" update -qq && "${apt[@]}" install -y -qq "${need[@]}" >/dev/null
  else
    echo "tests/run.sh: missing ${need[*]}; install them (sudo apt-get install ${need[*]})" >&2
  fi
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
pip=(.venv/bin/python -m pip install -q --disable-pip-version-check)
"${pip[@]}" --upgrade pip
"${pip[@]}" -e '.[test]'
# Zensical, to check the generated site builds with it too: the newest when it installs, else
# the last release that needs nothing beyond PyPI.
.venv/bin/zensical --version >/dev/null 2>&1 || "${pip[@]}" zensical 2>/dev/null || "${pip[@]}" 'zensical==0.0.73'
# axe-core for the accessibility tests, from npm at the version tests/node/package-lock.json pins
[ -f tests/node/node_modules/axe-core/axe.min.js ] || (cd tests/node && npm ci --no-audit --no-fund --silent)
.venv/bin/ruff check compiler tests benchmarks
.venv/bin/ruff format --check compiler tests benchmarks
exec .venv/bin/python -m pytest "$@"
