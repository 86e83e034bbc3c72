"""End to end over long polling: the real process, `python -m bot`, against the Bot API double over HTTP.

Only what a process shows: the polling loop that owns the getUpdates offset, a failed
fetch and a failed send retried, the log an operator reads (JSON lines, no token, no
user text), SIGHUP, and a reader's "wrong answer?" reaching `kb gaps` from the running
bot. One process serves the module, each test with chats of its own. What the bot says
and sends is tested in-process (test_telegram.py); SIGTERM and SIGKILL in
test_operations.py and test_crash_recovery.py.
"""

from __future__ import annotations

import json
import shutil
import signal
import time
from collections.abc import Iterator

import pytest

from tests import telegram_updates as tg
from tests.conftest import ROOT, TOKEN, RunningBot, start_bot, stop_bot
from tests.test_cli import run_bot


@pytest.fixture(scope="module")
def polling_bot(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningBot]:
    folder = tmp_path_factory.mktemp("polling")
    shutil.copytree(ROOT / "knowledge", folder / "knowledge")  # for the reload test to edit
    running = start_bot(
        folder,
        {"LOG_FORMAT": "json", "BOT_KNOWLEDGE_DIR": str(folder / "knowledge"), "BOT_SEEDS_DIR": str(ROOT / "seeds")},
    )
    yield running
    stop_bot(running)


def wait_for_log(bot: RunningBot, text: str, count: int = 1, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while bot.logs().count(text) < count:
        assert time.monotonic() < deadline, f"{text!r} not logged {count} time(s):\n{bot.logs()[-2000:]}"
        time.sleep(0.05)


def test_questions_are_answered_over_long_polling_through_a_failed_fetch_and_send(polling_bot: RunningBot) -> None:
    api = polling_bot.api
    sender, group = tg.user(5_100_001), tg.group_chat(-1_005_100_001)
    chat = tg.private_chat(sender["id"])
    api.fail_next("getUpdates", 502)
    api.fail_next("sendMessage", 500)
    api.push({"message": tg.message(chat, sender, "Viettel ủng hộ Quỹ vắc xin phòng Covid-19 bao nhiêu?")})
    asked = api.push({"message": tg.message(group, sender, "/ask VNPT lắp bao nhiêu camera ở khu cách ly?")})["message"]
    private = api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    in_group = api.wait_for("sendMessage", chat_id=group["id"])[-1]
    assert "450" in private.result["text"] and "<b>Nguồn</b>" in private.text
    assert "2.400" in in_group.result["text"]
    assert in_group.params["reply_parameters"]["message_id"] == asked["message_id"]
    assert any(c.status == 500 for c in api.calls("sendMessage"))  # the failed send was sent again
    assert api.errors_caused_by_bot() == []


def test_logs_are_json_lines_without_the_token_or_what_users_typed(polling_bot: RunningBot) -> None:
    sender = tg.user(5_100_011)
    chat = tg.private_chat(sender["id"])
    polling_bot.api.push({"message": tg.message(chat, sender, "Câu hỏi bí mật về Viettel Telecom số 4242")})
    polling_bot.api.wait_for("sendMessage", chat_id=chat["id"])
    logs = polling_bot.logs()
    lines = [json.loads(line) for line in logs.splitlines() if line.strip()]
    assert lines and all(line["level"] and line["message"] for line in lines)
    assert "starting long polling" in [line["message"] for line in lines]
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
    assert "4242" not in logs


def test_sighup_reload_keeps_old_knowledge_when_broken_and_loads_the_fix(polling_bot: RunningBot) -> None:
    bot, sender = polling_bot, tg.user(5_100_021)
    chat = tg.private_chat(sender["id"])
    asked = len(bot.api.calls("sendMessage", chat_id=chat["id"]))

    def ask(text: str) -> str:
        nonlocal asked
        bot.api.push({"message": tg.message(chat, sender, text)})
        asked += 1
        return bot.api.wait_for("sendMessage", chat_id=chat["id"], count=asked)[-1].result["text"]

    facts = bot.log_path.parent / "knowledge" / "facts" / "001_vaccine_fund.yaml"  # the module's copy
    original = facts.read_text(encoding="utf-8")
    ask("MobiFone góp bao nhiêu cho Quỹ vắc xin?")
    facts.write_text(original.replace("operators: [mobifone]", "operators: [nobody]", 1), encoding="utf-8")
    bot.process.send_signal(signal.SIGHUP)
    wait_for_log(bot, "not reloaded")
    assert "450" in ask("Viettel góp bao nhiêu cho Quỹ vắc xin?")  # the old knowledge answers
    # A change the module's other tests do not see (they ask nothing about MobiFone's wording): a
    # reload costs a second of CPU, so the original is not loaded back.
    changed = original.replace("200 tỷ đồng vào chương trình", "200 tỷ đồng (hai trăm tỷ) vào chương trình", 1)
    assert changed != original
    facts.write_text(changed, encoding="utf-8")
    bot.process.send_signal(signal.SIGHUP)
    wait_for_log(bot, "knowledge base reloaded")
    assert "hai trăm tỷ" in ask("Còn MobiFone thì sao?")  # the new knowledge, and the context survived
    assert "unknown operator 'nobody'" in bot.logs()


def test_a_wrong_answer_pressed_is_thanked_and_kb_gaps_lists_it_first(polling_bot: RunningBot) -> None:
    api, sender = polling_bot.api, tg.user(5_100_031)
    chat = tg.private_chat(sender["id"])
    api.push({"message": tg.message(chat, sender, "VNPT lắp bao nhiêu camera ở khu cách ly?")})
    answer = api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    shown = api.sent_message(chat["id"], answer.result["message_id"])
    pressed = time.monotonic()
    api.push({"callback_query": tg.callback_query("cbq-e2e-wrong", sender, shown, "w")})
    thanks = api.wait_for("answerCallbackQuery")[-1]
    assert thanks.params["callback_query_id"] == "cbq-e2e-wrong" and thanks.params["text"]
    assert thanks.at - pressed < 1.0  # Telegram shows a spinner until then
    deadline = time.monotonic() + 10
    while "reply_markup" in api.sent_message(chat["id"], answer.result["message_id"]):
        assert time.monotonic() < deadline, "the button was not taken off"
        time.sleep(0.05)
    state = {"BOT_STATE_DIR": str(polling_bot.log_path.parent / "state")}
    while "VNPT lắp bao nhiêu camera ở khu cách ly?" not in (listed := run_bot("kb", "gaps", env=state).stdout):
        assert time.monotonic() < deadline, listed  # the bot commits within a fraction of a second
        time.sleep(0.05)
    first = listed.splitlines()[0]
    assert "VNPT lắp bao nhiêu camera ở khu cách ly?" in first and "reported wrong: 1" in first
    assert str(sender["id"]) not in listed
