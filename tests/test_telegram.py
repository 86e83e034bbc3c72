"""The Telegram front end in-process: real update JSON through the real Application, each call checked.

Each test feeds real Telegram update JSON to the bot built by `build_application`
(tests/inprocess.py) and asserts on what it sent to the Bot API: method, chat,
reply target, text, and that Telegram accepted it (the double's checks answer 400
on invalid HTML, over-long text, oversize callback_data, unknown chats, late or
repeated callback answers; a 400 fails the test). Polling, the webhook server and
signals are in the process-level tests (test_telegram_e2e.py, test_telegram_webhook.py,
test_operations.py, test_crash_recovery.py).
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.text import fold
from tests import telegram_updates as tg
from tests.botapi_double import BOT_USER, Call
from tests.inprocess import InProcessBot, bot_in_process
from tests.knowledge_base import source_count

_ids = itertools.count(1)
MENTION = "@" + str(BOT_USER["username"])


@pytest.fixture
async def telegram(tmp_path: Path) -> AsyncIterator[InProcessBot]:
    async with bot_in_process(tmp_path / "state") as bot:
        yield bot


def new_user(lang: str = "vi") -> dict[str, Any]:
    return tg.user(900_000 + next(_ids), lang)


def new_group(forum: bool = False) -> dict[str, Any]:
    return tg.group_chat(-1_001_000_000 - next(_ids), forum)


async def ask_privately(bot: InProcessBot, text: str, sender: dict[str, Any] | None = None) -> Call:
    sender = sender or new_user()
    chat = tg.private_chat(sender["id"])
    bot.push({"message": tg.message(chat, sender, text)})
    return (await bot.wait_for("sendMessage", chat_id=chat["id"]))[-1]


def keyboard(call: Call) -> list[dict[str, Any]]:
    return [button for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []) for button in row]


async def test_private_question_gets_sourced_html_answer(telegram: InProcessBot) -> None:
    sent = await ask_privately(telegram, "Viettel ủng hộ Quỹ vắc xin phòng Covid-19 bao nhiêu?")
    assert sent.params["parse_mode"] == "HTML"
    assert "450" in sent.result["text"]
    assert "<b>Nguồn</b>" in sent.text
    assert "reply_parameters" not in sent.params  # private chats need no quoting


async def test_private_follow_up_resolves_against_previous_question(telegram: InProcessBot) -> None:
    sender = new_user("en")
    chat = tg.private_chat(sender["id"])
    telegram.push({"message": tg.message(chat, sender, "How much did MobiFone give to the vaccine fund?")})
    telegram.push({"message": tg.message(chat, sender, "And Viettel?")})
    first, second = await telegram.wait_for("sendMessage", chat_id=chat["id"], count=2)
    assert "200" in first.result["text"]
    assert "450" in second.result["text"]


@pytest.mark.parametrize("command", ["/ask", "/ask@" + str(BOT_USER["username"])])
async def test_group_ask_command_replies_to_the_asker(telegram: InProcessBot, command: str) -> None:
    chat, sender = new_group(), new_user()
    asked = tg.message(chat, sender, f"{command} VNPT lắp bao nhiêu camera ở khu cách ly?")
    telegram.push({"message": asked})
    sent = (await telegram.wait_for("sendMessage", chat_id=chat["id"]))[-1]
    assert "2.400" in sent.result["text"] or "2400" in sent.result["text"]
    assert sent.params["reply_parameters"]["message_id"] == asked["message_id"]


async def test_group_ask_without_question_explains_usage(telegram: InProcessBot) -> None:
    chat = new_group()
    telegram.push({"message": tg.message(chat, new_user(), "/ask")})
    sent = (await telegram.wait_for("sendMessage", chat_id=chat["id"]))[-1]
    assert "/ask" in sent.result["text"]


async def test_group_mention_is_answered_and_chatter_and_other_bots_ignored(telegram: InProcessBot) -> None:
    chat, sender = new_group(), new_user()
    telegram.push({"message": tg.message(chat, sender, "Hôm nay ăn trưa ở đâu mọi người?")})
    telegram.push({"message": tg.message(chat, sender, "/ask@other_bot Viettel góp bao nhiêu?")})
    telegram.push({"message": tg.message(chat, sender, "/weather Hà Nội")})
    telegram.push({"message": tg.message(chat, sender, f"{MENTION} mobifone dong gop bao nhieu cho quy vac xin")})
    sent = await telegram.wait_for("sendMessage", chat_id=chat["id"])  # all four handled by now
    assert len(sent) == 1
    assert "200" in sent[0].result["text"]


async def test_reply_to_bot_message_is_a_follow_up(telegram: InProcessBot) -> None:
    chat, sender = new_group(), new_user()
    telegram.push({"message": tg.message(chat, sender, "/ask Viettel lắp bao nhiêu camera giám sát?")})
    answer = (await telegram.wait_for("sendMessage", chat_id=chat["id"]))[-1]
    bot_said = tg.bot_message(chat, answer.result["text"], answer.result["message_id"])
    follow_up = tg.message(chat, sender, "Còn VNPT thì sao?", reply_to_message=bot_said)
    telegram.push({"message": follow_up})
    second = (await telegram.wait_for("sendMessage", chat_id=chat["id"], count=2))[-1]
    assert "2.400" in second.result["text"] or "2400" in second.result["text"]
    assert second.params["reply_parameters"]["message_id"] == follow_up["message_id"]


async def test_forum_topic_reply_stays_in_topic(telegram: InProcessBot) -> None:
    chat, sender = new_group(forum=True), new_user()
    asked = tg.message(chat, sender, "/ask Ai là chủ tịch Viettel?", message_thread_id=77, is_topic_message=True)
    telegram.push({"message": asked})
    sent = (await telegram.wait_for("sendMessage", chat_id=chat["id"]))[-1]
    assert sent.params["message_thread_id"] == 77
    assert "Lê Đăng Dũng" in sent.result["text"]


async def test_unsure_answer_offers_buttons_and_pressing_one_answers(telegram: InProcessBot) -> None:
    sender = new_user()
    chat = tg.private_chat(sender["id"])
    telegram.push({"message": tg.message(chat, sender, "Giá vé máy bay đi Đà Lạt là bao nhiêu?")})
    declined = (await telegram.wait_for("sendMessage", chat_id=chat["id"]))[-1]
    buttons = keyboard(declined)
    assert 2 <= len(buttons) <= 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    on_message = telegram.api.sent_message(chat["id"], declined.result["message_id"])
    telegram.push({"callback_query": tg.callback_query("cbq-1", sender, on_message, buttons[0]["callback_data"])})
    answered = await telegram.wait_for("answerCallbackQuery")
    assert [c.params["callback_query_id"] for c in answered] == ["cbq-1"]
    sent = (await telegram.wait_for("sendMessage", chat_id=chat["id"], count=2))[-1]
    assert "Nguồn" in sent.result["text"]


async def test_unknown_button_still_answers_the_callback_query(telegram: InProcessBot) -> None:
    sender = new_user()
    chat = tg.private_chat(sender["id"])
    on_message = tg.bot_message(chat, "old message", 1)
    telegram.push({"callback_query": tg.callback_query("cbq-old", sender, on_message, "q:doesnotexist")})
    answered = await telegram.wait_for("answerCallbackQuery")
    assert [c.params["callback_query_id"] for c in answered] == ["cbq-old"]
    assert answered[0].params["text"]  # says the suggestion is gone


async def test_inline_query_offers_sourced_answers(telegram: InProcessBot) -> None:
    telegram.push({"inline_query": tg.inline_query("iq-1", new_user("en"), "How many cameras did VNPT install?")})
    call = (await telegram.wait_for("answerInlineQuery"))[-1]
    results = call.params["results"]
    assert results and len(results) <= 50
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "2,400" in content["message_text"] or "2.400" in content["message_text"]
    assert "<b>Source</b>" in content["message_text"]


async def test_empty_inline_query_suggests_answers(telegram: InProcessBot) -> None:
    telegram.push({"inline_query": tg.inline_query("iq-2", new_user(), "")})
    call = (await telegram.wait_for("answerInlineQuery"))[-1]
    assert call.params["inline_query_id"] == "iq-2" and call.params["results"]


async def test_sticker_gets_text_only_notice_in_private_and_silence_in_groups(telegram: InProcessBot) -> None:
    sender = new_user()
    chat, group = tg.private_chat(sender["id"]), new_group()
    telegram.push({"message": tg.message(group, sender, sticker=tg.sticker())})
    telegram.push({"message": tg.message(chat, sender, sticker=tg.sticker())})
    sent = (await telegram.wait_for("sendMessage", chat_id=chat["id"]))[-1]
    assert "chữ" in sent.result["text"]
    assert telegram.api.calls("sendMessage", chat_id=group["id"]) == []


async def test_edited_messages_channel_posts_and_membership_are_handled_quietly(
    telegram: InProcessBot, caplog: pytest.LogCaptureFixture
) -> None:
    sender = new_user()
    chat, group = tg.private_chat(sender["id"]), new_group()
    edited = tg.message(chat, sender, "Viettel góp bao nhiêu?", edit_date=tg.DATE + 5)
    telegram.push({"edited_message": edited})
    telegram.push(
        {"channel_post": tg.message({"id": -1_009_999, "title": "Kênh", "type": "channel"}, sender, "/ask Viettel")}
    )
    telegram.push({"my_chat_member": tg.bot_added(group, sender)})
    sent = await ask_privately(telegram, "/start", sender)  # the bot is still alive and answers after them
    assert "Viettel" in sent.result["text"]
    assert len(telegram.api.calls("sendMessage", chat_id=chat["id"])) == 1
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    "text",
    [
        "<b>bold</b> & <script>alert(1)</script> Viettel ủng hộ bao nhiêu?",
        "x" * 5000,
        "🎉🎉🎉",
        "   ",
        "Vie\u0302\u0323t Nam VNPT la\u0306\u0301p bao nhie\u0302u camera",  # decomposed Unicode
    ],
)
async def test_bad_input_gets_a_polite_answer_telegram_accepts(telegram: InProcessBot, text: str) -> None:
    sent = await ask_privately(telegram, text)
    assert sent.status == 200 and sent.result["text"].strip()
    assert telegram.api.errors_caused_by_bot() == []


async def test_commands_registered_in_both_languages_and_info_commands_answer(telegram: InProcessBot) -> None:
    registered = telegram.api.calls("setMyCommands")
    assert {c.params.get("language_code") for c in registered} == {None, "vi"}
    names = {c["command"] for c in registered[0].params["commands"]}
    assert names == {"start", "help", "ask", "sources", "operators", "about"}
    sources = await ask_privately(telegram, "/sources", new_user("en"))
    assert "28 September 2020" in sources.result["text"]
    operators = await ask_privately(telegram, "/operators")
    assert "mbf" in operators.result["text"]
    about = await ask_privately(telegram, "/about", new_user("en"))
    assert f" {source_count()} " in about.result["text"]


async def test_flood_control_429_is_waited_out_and_delivered(telegram: InProcessBot) -> None:
    telegram.api.fail_next("sendMessage", 429, retry_after=1)
    sent = await ask_privately(telegram, "MobiFone đóng góp bao nhiêu cho Quỹ vắc xin?")
    assert "200" in sent.result["text"]
    rejected = [c for c in telegram.api.calls("sendMessage") if c.status == 429]
    assert rejected and sent.at - rejected[-1].at >= 1.0  # Telegram's retry_after, respected


async def test_server_error_500_is_retried_and_delivered(telegram: InProcessBot) -> None:
    telegram.api.fail_next("sendMessage", 500)
    sent = await ask_privately(telegram, "VNPT dang dau tu ha tang ket noi bao nhieu camera?")
    assert "10.000" in sent.result["text"] or "10000" in fold(sent.result["text"])
    assert [c.status for c in telegram.api.calls("sendMessage")] == [500, 200]


async def test_one_member_flooding_a_group_is_throttled_politely_without_blocking_others(
    telegram: InProcessBot,
) -> None:
    chat, flooder, other = new_group(), new_user(), new_user()
    for _ in range(9):
        telegram.push({"message": tg.message(chat, flooder, "/ask Viettel góp bao nhiêu cho quỹ vắc xin?")})
    telegram.push({"message": tg.message(chat, other, "/ask MobiFone góp bao nhiêu cho quỹ vắc xin?")})
    texts = [c.result["text"] for c in await telegram.wait_for("sendMessage", chat_id=chat["id"], count=8)]
    assert sum("450" in t for t in texts) == 6  # BOT_GROUP_QUESTIONS_PER_MINUTE
    assert sum("hơi nhanh" in t for t in texts) == 1  # one notice, then silence
    assert sum("200" in t for t in texts) == 1  # the other member is answered
