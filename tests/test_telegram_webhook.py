"""Webhook mode: the real entry point registers its webhook and checks the secret on every request."""

from __future__ import annotations

import json
import socket
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests import telegram_updates as tg
from tests.conftest import RunningBot, start_bot, stop_bot

SECRET = "s3cret-token_for-tests"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def webhook_bot(tmp_path_factory: pytest.TempPathFactory):
    port = free_port()
    running = start_bot(
        tmp_path_factory.mktemp("webhook"),
        {
            "TELEGRAM_WEBHOOK_URL": f"http://127.0.0.1:{port}/telegram-hook",
            "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
            "TELEGRAM_WEBHOOK_PORT": str(port),
            "TELEGRAM_WEBHOOK_SECRET": SECRET,
        },
    )
    yield running, f"http://127.0.0.1:{port}/telegram-hook"
    stop_bot(running)


def deliver(url: str, update: dict, secret: str | None) -> int:
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    request = urllib.request.Request(url, data=json.dumps(update).encode(), headers=headers, method="POST")
    deadline = time.monotonic() + 10
    while True:
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return response.status
        except urllib.error.HTTPError as error:
            return error.code
        except urllib.error.URLError:  # the webhook server is still starting
            if time.monotonic() > deadline:
                raise
            time.sleep(0.1)


def test_webhook_is_registered_with_its_secret(webhook_bot: tuple[RunningBot, str]) -> None:
    bot, url = webhook_bot
    registered = bot.api.wait_for("setWebhook")[-1]
    assert registered.params["url"] == url and registered.params["secret_token"] == SECRET


def test_update_with_the_secret_is_answered_and_without_it_refused(webhook_bot: tuple[RunningBot, str]) -> None:
    bot, url = webhook_bot
    sender = tg.user(424242)
    chat = tg.private_chat(sender["id"])
    bot.api.known_chats[chat["id"]] = chat
    wrong = {"update_id": 1, "message": tg.message(chat, sender, "Viettel góp bao nhiêu cho quỹ vắc xin?")}
    assert deliver(url, wrong, "wrong-secret") == 403
    assert deliver(url, wrong, None) == 403
    right = {"update_id": 2, "message": tg.message(chat, sender, "MobiFone góp bao nhiêu cho quỹ vắc xin?")}
    assert deliver(url, right, SECRET) == 200
    sent = bot.api.wait_for("sendMessage", chat_id=chat["id"])
    time.sleep(0.2)
    assert len(bot.api.calls("sendMessage", chat_id=chat["id"])) == 1
    assert "200" in sent[0].result["text"]


def test_the_webhook_request_is_answered_after_the_update_and_a_retry_is_answered_once(
    webhook_bot: tuple[RunningBot, str],
) -> None:
    bot, url = webhook_bot
    sender = tg.user(424243)
    chat = tg.private_chat(sender["id"])
    bot.api.known_chats[chat["id"]] = chat
    update = {"update_id": 3, "message": tg.message(chat, sender, "VNPT lắp bao nhiêu camera?")}
    assert deliver(url, update, SECRET) == 200
    # Telegram forgets an update at its 200: by then the answer must have been sent.
    assert len(bot.api.calls("sendMessage", chat_id=chat["id"])) == 1
    assert deliver(url, update, SECRET) == 200  # Telegram sends it again when the 200 was lost
    assert len(bot.api.calls("sendMessage", chat_id=chat["id"])) == 1


def test_webhook_without_secret_is_refused_at_start(tmp_path: Path) -> None:
    from tests.test_cli import run_bot

    result = run_bot(
        env={
            "TELEGRAM_BOT_TOKEN": "7000001:AAH4fakeTokenForTests_abcdefghijklmnopq",
            "TELEGRAM_WEBHOOK_URL": "https://example.org/hook",
        }
    )
    assert result.returncode == 2 and "TELEGRAM_WEBHOOK_SECRET" in result.stderr
    assert "Traceback" not in result.stderr
