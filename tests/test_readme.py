"""The READMEs tell the truth about the command line: every `./scripts/run ...` and `python -m bot ...`
they show is a command the parser accepts, with options that exist (in-process, no bot started)."""

from __future__ import annotations

import re
import shlex

import pytest

from bot.cli import _parser
from tests.test_cli import ROOT

COMMAND = re.compile(r"(?:\./scripts/run|python -m bot)((?: +[^`#|\n]+)?)")


def documented_commands() -> list[tuple[str, str]]:
    found = []
    for name in ("README.md", "knowledge/README.md"):
        for match in COMMAND.finditer((ROOT / name).read_text(encoding="utf-8")):
            found.append((name, match.group(1).strip()))
    return found


@pytest.mark.parametrize(("readme", "arguments"), documented_commands())
def test_each_documented_command_exists(readme: str, arguments: str) -> None:
    try:
        _parser().parse_args(shlex.split(arguments))
    except SystemExit as done:  # --version and --help exit 0 once printed; an unknown command exits 2
        assert done.code == 0, f"{readme}: `{arguments}` is not a command of python -m bot"
