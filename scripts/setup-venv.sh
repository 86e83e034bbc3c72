# Sourced by scripts/run and scripts/test: creates .venv on first use and reinstalls it
# whenever pyproject.toml or constraints.txt changes.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
VENV=.venv
WHEELS="$VENV/wheelhouse"
STAMP="$VENV/.installed-$(cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)"
if [ ! -f "$STAMP" ]; then
    echo "Setting up $VENV (first run, or pyproject.toml or constraints.txt changed)..." >&2
    # --clear: from nothing, as on a fresh machine, so that a dependency dropped from pyproject.toml
    # or constraints.txt is gone here too rather than still imported by every test.
    python3 -m venv --clear "$VENV"
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2
    # Every release the tests use, at the versions constraints.txt pins, downloaded once: .venv is
    # installed from here, and so are the Docker image's install steps in tests/test_packaging.py,
    # offline. flit_core builds the project (pyproject.toml's build-system). async-timeout:
    # redis needs it on Python < 3.11.3 only (the image test may run on such a system python3.11,
    # Debian's 3.11.2), so a download for this newer Python would leave it out.
    rm -rf "$WHEELS"
    "$VENV/bin/python" -m pip download --quiet --disable-pip-version-check -c constraints.txt --dest "$WHEELS" \
        ".[test]" "flit_core>=3.9,<5" async-timeout >&2
    "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --no-index --find-links "$WHEELS" \
        -c constraints.txt -e ".[test]" >&2
    rm -f "$VENV"/.installed-*
    touch "$STAMP"
fi
PY="$VENV/bin/python"
