"""The Docker image, without a Docker daemon: hadolint on the Dockerfile, and the image's own
install steps (wheel, clean virtual environment, non-root `python -m bot ask`) run here."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

from tests.conftest import ROOT

NOBODY = 65534


def test_hadolint_reports_nothing() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(hadolint), "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_image_runs_as_non_root_with_state_volume_healthcheck_and_default_command() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    assert re.search(r"^USER 10001:10001$", dockerfile, re.M)
    assert 'VOLUME ["/data"]' in dockerfile and "BOT_STATE_DIR=/data" in dockerfile
    assert re.search(r"^HEALTHCHECK .*python\", \"-m\", \"bot\", \"health\"", dockerfile, re.M)
    assert dockerfile.rstrip().endswith('CMD ["python", "-m", "bot"]')
    assert "TOKEN" not in re.sub(r"#.*", "", dockerfile)  # the token only ever comes at run time
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "tests", "secrets", "data"} <= set(ignored)


def test_compose_passes_the_token_as_a_secret_file() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["bot"]
    assert service["environment"]["TELEGRAM_BOT_TOKEN_FILE"] == "/run/secrets/telegram_bot_token"
    assert "TELEGRAM_BOT_TOKEN" not in service["environment"]
    assert service["secrets"] == ["telegram_bot_token"] and "telegram_bot_token" in compose["secrets"]
    assert any(volume.endswith(":/data") for volume in service["volumes"])


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """pytest's tmp_path is private to root; the non-root user must read the venv and knowledge."""
    folder = Path(tempfile.mkdtemp(prefix="bot-image-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def dockerfile_pip_steps() -> list[list[str]]:
    """The image's `RUN pip ...` commands, as the Dockerfile writes them."""
    steps = []
    for command in re.findall(r"^RUN (pip .+?)(?: \\\n|$)", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M):
        steps.append(command.split())
    assert [s[:2] for s in steps] == [["pip", "wheel"], ["pip", "install"]]
    return steps


def python_everyone_can_run() -> str | None:
    """A Python 3.11 whose files a non-root user can reach (pyenv's lives under /root)."""
    for candidate in (sys._base_executable, "/usr/bin/python3.11", "/usr/local/bin/python3.11"):
        path = Path(candidate).resolve()
        if path.exists() and all(parent.stat().st_mode & 0o001 for parent in path.parents):
            return str(path)
    return None


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to a non-root user needs root")
def test_image_install_steps_work_in_a_clean_venv_as_non_root(world_readable_dir: Path) -> None:
    python = python_everyone_can_run()
    if python is None:
        pytest.skip("no Python 3.11 a non-root user can run")
    src, venv, wheels, app, data = (world_readable_dir / name for name in ("src", "venv", "wheels", "app", "data"))
    shutil.copytree(ROOT, src, ignore=shutil.ignore_patterns(*(ROOT / ".dockerignore").read_text().split()))
    subprocess.run([python, "-m", "venv", str(venv)], check=True)
    pip = str(venv / "bin" / "pip")
    for step in dockerfile_pip_steps():
        # Same commands; /wheels is a temporary folder here, and the local pip cache is allowed
        # (--no-cache-dir only keeps the image small) so that the suite does not re-download.
        args = [a for a in step[2:] if a != "--no-cache-dir"]
        args = [str(wheels) if a == "/wheels" else a for a in args]
        args = [str(*wheels.glob("*.whl")) if a == "/wheels/*.whl" else a for a in args]
        subprocess.run([pip, step[1], "--quiet", "--disable-pip-version-check", *args], cwd=src, check=True)
    shutil.copytree(ROOT / "knowledge", app / "knowledge")
    shutil.copytree(ROOT / "seeds", app / "seeds")
    data.mkdir()
    os.chown(data, NOBODY, NOBODY)
    env = {"PATH": f"{venv / 'bin'}:/usr/bin:/bin", "HOME": str(data), "BOT_KNOWLEDGE_DIR": str(app / "knowledge"),
           "BOT_SEEDS_DIR": str(app / "seeds"), "BOT_STATE_DIR": str(data)}
    result = subprocess.run(["python", "-m", "bot", "ask", "VNPT lắp bao nhiêu camera giám sát?"], cwd=app, env=env,
                            user=NOBODY, group=NOBODY, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "2.400" in result.stdout and "Nguồn" in result.stdout
    installed = subprocess.run([str(venv / "bin" / "python"), "-m", "pip", "list", "--format=freeze"],
                               capture_output=True, text=True, check=True).stdout.lower()
    assert "pytest" not in installed and "ruff" not in installed  # runtime dependencies only
    assert subprocess.run(["python", "-m", "bot", "health"], env=env, user=NOBODY, group=NOBODY,
                          capture_output=True).returncode == 1  # no bot running, no heartbeat
