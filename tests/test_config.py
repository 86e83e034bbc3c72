"""A bad setting is refused at start in one line naming the variable, exit 2, no traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.cli import main
from tests.commands import run_process

BAD_SETTINGS = [
    ("LOG_LEVEL", "verbose"),
    ("LOG_FORMAT", "xml"),
    ("BOT_CONTEXT_TTL_HOURS", "nan"),
    ("BOT_CONTEXT_TTL_HOURS", "-1"),
    ("BOT_CONTEXT_TTL_HOURS", "inf"),
    ("BOT_CONTEXT_TTL_HOURS", "0"),
    ("BOT_CONTEXT_TTL_HOURS", "1e300"),
    ("TELEGRAM_WEBHOOK_PORT", "70000"),
    ("TELEGRAM_WEBHOOK_PORT", "0"),
    ("TELEGRAM_WEBHOOK_PORT", "84 43"),
    ("TELEGRAM_WEBHOOK_PORT", "9" * 5000),
    ("BOT_MAX_SENDS_PER_SECOND", "-3"),
    ("BOT_MAX_SENDS_PER_SECOND", "NaN"),
    ("BOT_GROUP_QUESTIONS_PER_MINUTE", "-1"),
    ("BOT_GROUP_QUESTIONS_PER_MINUTE", "2.5"),
    ("BOT_RECORD_GAPS", "maybe"),
    ("BOT_ADMIN_IDS", "12,admin"),
    ("TELEGRAM_API_BASE_URL", "ftp://example.org"),
    ("TELEGRAM_WEBHOOK_URL", "example.org/hook"),
    ("TELEGRAM_WEBHOOK_URL", "https://example.org:99999/hook"),
]


@pytest.mark.parametrize(("name", "value"), BAD_SETTINGS)
def test_a_bad_setting_is_one_line_naming_it(
    name: str, value: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], restore_logging: None
) -> None:
    monkeypatch.setenv(name, value)
    assert main(["health"]) == 2
    stderr = capsys.readouterr().err
    assert stderr.startswith(f"error: {name} ") and stderr.count("\n") == 1 and len(stderr) < 200


def test_the_process_exits_2_without_a_traceback() -> None:
    result = run_process("ask", "Viettel", env={"LOG_LEVEL": "verbose"})
    assert result.returncode == 2 and result.stdout == ""
    assert result.stderr.startswith("error: LOG_LEVEL") and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("LOG_LEVEL", "debug"),
        ("LOG_FORMAT", "JSON"),
        ("BOT_RECORD_GAPS", "off"),
        ("BOT_CONTEXT_TTL_HOURS", " 72 "),
        ("BOT_MAX_SENDS_PER_SECOND", "0"),
    ],
)
def test_good_settings_in_any_case_are_taken(
    name: str,
    value: str,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    monkeypatch.setenv(name, value)
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path))
    assert main(["health"]) == 1  # the settings were taken; no bot is running there
    captured = capsys.readouterr()
    assert captured.out.startswith("unhealthy") and captured.err == ""
