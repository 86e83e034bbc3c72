"""The Docker image, without a Docker daemon: hadolint on the Dockerfile, the compose file against the
image and the README, and the Dockerfile's own steps run here (its COPY lines from the build context
as .dockerignore leaves it, its pip commands, its user) before the bot answers and evaluates in it.

The install steps run offline, from the wheels `scripts/setup-venv.sh` downloaded at the versions
constraints.txt pins: the same commands and versions as the image, without the network's time."""

from __future__ import annotations

import fnmatch
import importlib.metadata
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pip
import pytest
import yaml

from bot.cli import _parser
from bot.config import Settings
from bot.evaluation import TESTS, question_folders, question_sets
from tests.conftest import ROOT

IMAGE_USER = 10001  # the Dockerfile's USER
WHEELHOUSE = Path(sys.prefix) / "wheelhouse"  # scripts/setup-venv.sh


def test_hadolint_reports_nothing() -> None:
    hadolint = Path(sys.executable).parent / "hadolint"
    result = subprocess.run([str(hadolint), "--no-color", "Dockerfile"], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0 and result.stdout == "", result.stdout


def test_image_runs_as_non_root_with_state_volume_healthcheck_and_default_command() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim$", dockerfile, re.M)
    assert re.search(rf"^USER {IMAGE_USER}:{IMAGE_USER}$", dockerfile, re.M)
    assert 'VOLUME ["/data"]' in dockerfile and "BOT_STATE_DIR=/data" in dockerfile
    assert re.search(r"^HEALTHCHECK .*python\", \"-m\", \"bot\", \"health\"", dockerfile, re.M)
    assert dockerfile.rstrip().endswith('CMD ["python", "-m", "bot"]')
    assert "TOKEN" not in re.sub(r"#.*", "", dockerfile)  # the token only ever comes at run time
    assert re.search(r"^RUN pip install .*-c constraints\.txt", dockerfile, re.M)  # what the tests ran with
    ignored = (ROOT / ".dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", ".git", "tests", "secrets", "data", ".env"} <= set(ignored)


def test_compose_mounts_the_curated_base_passes_the_token_as_a_secret_and_publishes_the_webhook_port() -> None:
    compose = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    service = compose["services"]["bot"]
    assert service["environment"]["TELEGRAM_BOT_TOKEN_FILE"] == "/run/secrets/telegram_bot_token"
    assert "TELEGRAM_BOT_TOKEN" not in service["environment"]
    assert service["secrets"] == ["telegram_bot_token"] and "telegram_bot_token" in compose["secrets"]
    env = image_env()
    mounts = {volume.split(":")[1]: volume.split(":")[0] for volume in service["volumes"]}
    assert mounts[env["BOT_STATE_DIR"]] == "bot-state"
    assert mounts[env["BOT_KNOWLEDGE_DIR"]] == "./knowledge" and mounts[env["BOT_SEEDS_DIR"]] == "./seeds"
    port = Settings.from_env({}).webhook_port
    assert [p.rsplit(":", 1)[1] for p in service["ports"]] == [str(port)]
    assert re.search(rf"^EXPOSE {port}$", (ROOT / "Dockerfile").read_text(encoding="utf-8"), re.M)


def test_the_redis_compose_runs_several_replicas_on_one_redis_behind_a_proxy_that_retries() -> None:
    """docker-compose.redis.yml, read without a Docker daemon: Redis kept on disk, several bot replicas whose
    state URL names it, and nginx spreading the webhook over them, a refused request tried on another."""
    compose = yaml.safe_load((ROOT / "docker-compose.redis.yml").read_text(encoding="utf-8"))
    services = compose["services"]
    assert "--appendonly" in services["redis"]["command"] and "redis-data:/data" in services["redis"]["volumes"]
    bot = services["bot"]
    assert bot["environment"]["BOT_STATE_URL"].startswith("redis://redis:") and bot["deploy"]["replicas"] >= 2
    port = bot["environment"]["TELEGRAM_WEBHOOK_PORT"]
    assert Settings.from_env({"TELEGRAM_WEBHOOK_PORT": port}).webhook_port == int(port)
    nginx = compose["configs"]["nginx"]["content"]
    assert f"server bot:{port} resolve" in nginx and "http_503" in nginx and "non_idempotent" in nginx
    assert "proxy" in services and services["proxy"]["depends_on"] == ["bot"]


def test_the_readmes_docker_commands_name_the_service_and_commands_that_exist() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    services = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))["services"]
    commands = re.findall(r"docker compose (?:exec|run --rm) (\S+) python -m bot ([^`#\n]+)", readme)
    assert len(commands) >= 3  # kb gaps, eval and kb check at least
    for service, arguments in commands:
        assert service in services
        _parser().parse_args(shlex.split(arguments))  # exits (fails the test) on a command that does not exist
    for signal_target in re.findall(r"docker compose kill -s HUP (\w+)", readme):
        assert signal_target in services


# ---- the image's steps, run here ------------------------------------------------------------------


@dataclass
class Stage:
    """One FROM ... stage: the folder standing for its file system, and what its instructions set."""

    name: str
    root: Path
    workdir: str = "/"
    env: dict[str, str] = field(default_factory=dict)
    user: int | None = None
    healthcheck: list[str] = field(default_factory=list)

    def path(self, container_path: str) -> Path:
        absolute = container_path if container_path.startswith("/") else f"{self.workdir}/{container_path}"
        return self.root / os.path.normpath(absolute).lstrip("/")


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments), continuation lines joined and comments left out."""
    text = re.sub(r"\\\n\s*", " ", (ROOT / "Dockerfile").read_text(encoding="utf-8"))
    lines = [line.strip() for line in text.splitlines() if line.strip() and not line.lstrip().startswith("#")]
    return [(line.split(None, 1)[0].upper(), line.split(None, 1)[1]) for line in lines]


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for instruction, arguments in dockerfile_instructions():
        if instruction == "FROM":
            env = {}
        elif instruction == "ENV":
            env.update(pair.split("=", 1) for pair in shlex.split(arguments))
    return env


def dockerignored(relative: str, patterns: list[str]) -> bool:
    """Docker's rule: the last pattern that matches the path or one of its parent folders decides."""
    parts = relative.split("/")
    excluded = False
    for pattern in patterns:
        glob = pattern.removeprefix("!").strip("/")
        if glob.startswith("**/"):  # any depth: each part of the path on its own
            glob, candidates = glob.removeprefix("**/"), parts
        else:
            candidates = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
        if any(fnmatch.fnmatchcase(c, glob) and c.count("/") == glob.count("/") for c in candidates):
            excluded = not pattern.startswith("!")
    return excluded


def build_context(destination: Path) -> Path:
    """The files `docker build .` sends: the checkout as .dockerignore leaves it. An ignored folder is
    not walked unless an exception (`!tests/questions*.yaml`) may bring back something in it."""
    patterns = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    exceptions = [p.removeprefix("!") for p in patterns if p.startswith("!")]
    for folder, subfolders, files in os.walk(ROOT):
        relative_folder = Path(folder).relative_to(ROOT).as_posix()
        here = "" if relative_folder == "." else relative_folder  # ".mypy_cache" keeps its dot
        subfolders[:] = [
            name
            for name in subfolders
            if not dockerignored(f"{here}/{name}".lstrip("/"), patterns)
            or any(e.startswith(f"{here}/{name}/".lstrip("/")) for e in exceptions)
        ]
        for name in files:
            relative = f"{here}/{name}".lstrip("/")
            if not dockerignored(relative, patterns):
                (destination / relative).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(ROOT / relative, destination / relative)
    return destination


class ImageBuild:
    """Runs the Dockerfile's instructions with a folder for each stage's file system and a virtual
    environment standing for python:3.11-slim's Python (both stages start from that image)."""

    def __init__(self, folder: Path, python: str):
        self.folder = folder
        self.context = build_context(folder / "context")
        self.stages: dict[str, Stage] = {}
        self.venv = folder / "python"
        subprocess.run([python, "-m", "venv", "--without-pip", str(self.venv)], check=True)
        # The image's Python reads the bytecode its pip install compiled. Here pip compiles none
        # (_pip): the first command run compiles what it imports, into this folder, and the later
        # ones read it there, rather than every command compiling everything again.
        self.bytecode = folder / "bytecode"
        self.bytecode.mkdir()
        os.chown(self.bytecode, IMAGE_USER, IMAGE_USER)

    def build(self) -> Stage:
        stage: Stage | None = None
        for instruction, arguments in dockerfile_instructions():
            if instruction == "FROM":
                name = arguments.split(" AS ")[-1] if " AS " in arguments else str(len(self.stages))
                stage = self.stages[name] = Stage(name, self.folder / f"stage-{len(self.stages)}")
                continue
            assert stage is not None
            getattr(self, f"_{instruction.lower()}")(stage, arguments)
        assert stage is not None
        return stage

    def _workdir(self, stage: Stage, arguments: str) -> None:
        stage.workdir = os.path.normpath(f"{stage.workdir}/{arguments}")
        stage.path(".").mkdir(parents=True, exist_ok=True)

    def _env(self, stage: Stage, arguments: str) -> None:
        stage.env.update(pair.split("=", 1) for pair in shlex.split(arguments))

    def _copy(self, stage: Stage, arguments: str) -> None:
        *sources, destination = shlex.split(arguments)
        origin = self.context
        if sources[0].startswith("--from="):
            origin = self.stages[sources.pop(0).removeprefix("--from=")].root
        found = [path for source in sources for path in sorted(origin.glob(source.lstrip("/")))]
        assert found, f"COPY {arguments}: nothing in the build context (see .dockerignore)"
        target = stage.path(destination)
        for path in found:
            into = target / path.name if destination.endswith("/") and path.is_file() else target
            if path.is_dir():
                shutil.copytree(path, into, dirs_exist_ok=True)
            else:
                into.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, into)

    def _run(self, stage: Stage, arguments: str) -> None:
        for command in (shlex.split(part) for part in arguments.split("&&")):
            if command[0] == "pip":
                self._pip(stage, command[1:])
            elif command[:2] == ["rm", "-rf"]:
                shutil.rmtree(stage.path(command[2]))
            elif command[0] not in ("groupadd", "useradd", "mkdir", "chown"):  # uid 10001 and /data: _volume, run
                pytest.fail(f"the test does not know how to run {command[0]!r} (Dockerfile: RUN {arguments})")

    def _pip(self, stage: Stage, arguments: list[str]) -> None:
        """The image's pip command, for the stage's Python, offline from the tested wheels; bytecode
        is not compiled (all of every package: the commands run compile only what they import)."""
        command, *options = [path for argument in arguments for path in self._here(stage, argument)]
        offline = ["--no-index", "--find-links", str(WHEELHOUSE), "--quiet", "--disable-pip-version-check"]
        if command == "install":
            offline.append("--no-compile")
        # What `pip --python` runs, without the first pip that would start it: this pip's runner, run
        # by the stage's Python (half a second of CPU less per command).
        runner = Path(pip.__file__).parent / "__pip-runner__.py"
        subprocess.run(
            [str(self.venv / "bin" / "python"), str(runner), command, *offline, *options],
            cwd=stage.path("."),
            check=True,
        )

    @staticmethod
    def _here(stage: Stage, argument: str) -> list[str]:
        """A container path as a path here, a glob expanded as the shell would; relative ones stay
        relative (pip runs in the stage's WORKDIR)."""
        if not argument.startswith("/"):
            return [argument]
        if "*" in argument:
            return [str(path) for path in sorted(stage.root.glob(argument.lstrip("/")))]
        return [str(stage.path(argument))]

    def _user(self, stage: Stage, arguments: str) -> None:
        stage.user = int(arguments.split(":")[0])

    def _volume(self, stage: Stage, arguments: str) -> None:
        for volume in yaml.safe_load(arguments):
            stage.path(volume).mkdir(parents=True, exist_ok=True)
            os.chown(stage.path(volume), IMAGE_USER, IMAGE_USER)

    def _expose(self, stage: Stage, arguments: str) -> None:
        pass

    def _healthcheck(self, stage: Stage, arguments: str) -> None:
        stage.healthcheck = yaml.safe_load(arguments.split("CMD ", 1)[1])  # the exec form: a JSON list

    def _cmd(self, stage: Stage, arguments: str) -> None:
        pass

    def site_packages(self) -> list[str]:
        """Where the image's Python installs distributions."""
        return [str(path) for path in self.venv.glob("lib/python3*/site-packages")]

    def run(self, stage: Stage, *command: str, **env: str) -> subprocess.CompletedProcess[str]:
        """`docker run image command`: the stage's environment (its paths mapped here), as its user."""
        mapped = {name: str(stage.path(value)) if value.startswith("/") else value for name, value in stage.env.items()}
        mapped.pop("PYTHONDONTWRITEBYTECODE", None)  # bytecode goes to self.bytecode, not into the image
        environ = {
            "PATH": f"{self.venv / 'bin'}:/usr/bin:/bin",
            "HOME": mapped["BOT_STATE_DIR"],
            "PYTHONPYCACHEPREFIX": str(self.bytecode),
            **mapped,
            **env,
        }
        return subprocess.run(
            list(command),
            cwd=stage.path("."),
            env=environ,
            user=stage.user,
            group=stage.user,
            capture_output=True,
            text=True,
            timeout=60,
        )


def python_everyone_can_run() -> str | None:
    """A Python 3.11 whose files a non-root user can reach (pyenv's lives under /root)."""
    for candidate in (sys._base_executable, "/usr/bin/python3.11", "/usr/local/bin/python3.11"):
        path = Path(candidate).resolve()
        if path.exists() and all(parent.stat().st_mode & 0o001 for parent in path.parents):
            return str(path)
    return None


@pytest.fixture
def world_readable_dir() -> Iterator[Path]:
    """pytest's tmp_path is private to root; the image's user must read the venv and knowledge."""
    folder = Path(tempfile.mkdtemp(prefix="bot-image-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.mark.skipif(os.geteuid() != 0, reason="switching to the image's user needs root")
def test_the_images_steps_install_the_pinned_dependencies_and_the_bot_answers_and_evaluates(
    world_readable_dir: Path,
) -> None:
    python = python_everyone_can_run()
    if python is None:
        pytest.skip("no Python 3.11 the image's user can run")
    if not WHEELHOUSE.is_dir():
        pytest.skip(f"no {WHEELHOUSE}: set up .venv with scripts/setup-venv.sh")
    image = ImageBuild(world_readable_dir, python)
    app = image.build()

    answer = image.run(app, "python", "-m", "bot", "ask", "VNPT lắp bao nhiêu camera giám sát?")
    assert answer.returncode == 0, answer.stderr
    assert "2.400" in answer.stdout and "Nguồn" in answer.stdout
    # `eval` with no set named takes every set beside the knowledge base (tests/test_eval_command.py):
    # the image ships them all there. It runs on one of them (all eight take seconds, and are
    # measured in tests/test_quality.py); the default is found here, as the image's eval finds it.
    beside = question_folders(app.path(app.env["BOT_KNOWLEDGE_DIR"]))[0]  # where the image's eval looks first
    shipped = question_sets([beside])
    assert sorted(path.name for path in shipped) == sorted(path.name for path in TESTS.glob("questions*.yaml"))
    assert all(path.read_bytes() == (TESTS / path.name).read_bytes() for path in shipped)
    evaluation = image.run(app, "python", "-m", "bot", "eval", "--questions", "tests/questions_blind.yaml")
    assert evaluation.returncode == 0, evaluation.stderr
    assert "== questions_blind.yaml" in evaluation.stdout and "= answerable" in evaluation.stdout
    assert image.run(app, *app.healthcheck).returncode == 1  # no bot running
    secret = world_readable_dir / "telegram_bot_token"  # as people make secrets: only its owner reads it
    secret.write_text("123456789:AAE" + "x" * 32, encoding="utf-8")
    secret.chmod(0o400)
    refused = image.run(app, "python", "-m", "bot", TELEGRAM_BOT_TOKEN_FILE=str(secret))
    assert refused.returncode == 2 and refused.stderr == (
        f"error: cannot read TELEGRAM_BOT_TOKEN_FILE: Permission denied (this process runs as uid {IMAGE_USER}: "
        "the file must be readable by it)\n"
    )

    distributions = importlib.metadata.distributions(path=image.site_packages())
    # What `pip list --format=freeze` prints for the image's Python, read without starting pip.
    installed = "\n".join(f"{dist.metadata['Name']}=={dist.version}" for dist in distributions).lower()
    pins = {
        line.lower() for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines() if "==" in line
    }
    dependencies = {line for line in installed.splitlines() if not line.startswith("telecom-qa-bot==")}
    assert dependencies and dependencies <= pins  # exactly the tested versions
    assert "pytest" not in installed and "ruff" not in installed  # runtime dependencies only
