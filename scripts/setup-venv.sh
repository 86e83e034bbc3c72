# Sourced by scripts/run and scripts/test: creates .venv on first use and
# reinstalls the project whenever pyproject.toml changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=.venv
STAMP="$VENV/.installed-$(sha1sum pyproject.toml | cut -c1-12)"
if [ ! -f "$STAMP" ]; then
    echo "Setting up $VENV (first run or pyproject.toml changed)..." >&2
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[test]" >&2
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
fi
PY="$VENV/bin/python"
