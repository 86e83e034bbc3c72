"""End to end: the real bot process (`python -m bot`, real polling loop) against the Bot API double.

Each test feeds real Telegram update JSON and asserts on what the double
received: method, chat, reply target, text, and that Telegram accepted it
(the double answers 400 on invalid HTML, over-long text, oversize callback_data).
"""

from __future__ import annotations

import itertools
import time

import pytest

from bot.text import fold
from tests import telegram_updates as tg
from tests.botapi_double import BOT_USER
from tests.conftest import TOKEN, RunningBot
from tests.knowledge_base import source_count

_ids = itertools.count(1)
MENTION = "@" + BOT_USER["username"]


def new_user(lang: str = "vi") -> dict:
    return tg.user(900_000 + next(_ids), lang)


def new_group(forum: bool = False) -> dict:
    return tg.group_chat(-1_001_000_000 - next(_ids), forum)


def ask_privately(bot: RunningBot, text: str, sender: dict | None = None):
    sender = sender or new_user()
    chat = tg.private_chat(sender["id"])
    bot.api.push({"message": tg.message(chat, sender, text)})
    return bot.api.wait_for("sendMessage", chat_id=chat["id"])[-1]


def assert_no_bot_errors(bot: RunningBot) -> None:
    assert bot.api.errors_caused_by_bot() == []


def test_private_question_gets_sourced_html_answer(telegram: RunningBot) -> None:
    sent = ask_privately(telegram, "Viettel ủng hộ Quỹ vắc xin phòng Covid-19 bao nhiêu?")
    assert sent.params["parse_mode"] == "HTML"
    assert "450" in sent.result["text"]
    assert "<b>Nguồn</b>" in sent.text
    assert "reply_parameters" not in sent.params  # private chats need no quoting
    assert_no_bot_errors(telegram)


def test_private_follow_up_resolves_against_previous_question(telegram: RunningBot) -> None:
    sender = new_user("en")
    chat = tg.private_chat(sender["id"])
    telegram.api.push({"message": tg.message(chat, sender, "How much did MobiFone give to the vaccine fund?")})
    telegram.api.push({"message": tg.message(chat, sender, "And Viettel?")})
    first, second = telegram.api.wait_for("sendMessage", chat_id=chat["id"], count=2)
    assert "200" in first.result["text"]
    assert "450" in second.result["text"]


@pytest.mark.parametrize("command", ["/ask", "/ask@" + BOT_USER["username"]])
def test_group_ask_command_replies_to_the_asker(telegram: RunningBot, command: str) -> None:
    chat, sender = new_group(), new_user()
    asked = tg.message(chat, sender, f"{command} VNPT lắp bao nhiêu camera ở khu cách ly?")
    telegram.api.push({"message": asked})
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    assert "2.400" in sent.result["text"] or "2400" in sent.result["text"]
    assert sent.params["reply_parameters"]["message_id"] == asked["message_id"]


def test_group_ask_without_question_explains_usage(telegram: RunningBot) -> None:
    chat = new_group()
    telegram.api.push({"message": tg.message(chat, new_user(), "/ask")})
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    assert "/ask" in sent.result["text"]


def test_group_mention_is_answered_and_chatter_and_other_bots_ignored(telegram: RunningBot) -> None:
    chat, sender = new_group(), new_user()
    telegram.api.push({"message": tg.message(chat, sender, "Hôm nay ăn trưa ở đâu mọi người?")})
    telegram.api.push({"message": tg.message(chat, sender, "/ask@other_bot Viettel góp bao nhiêu?")})
    telegram.api.push({"message": tg.message(chat, sender, "/weather Hà Nội")})
    telegram.api.push({"message": tg.message(chat, sender, f"{MENTION} mobifone dong gop bao nhieu cho quy vac xin")})
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"])
    time.sleep(0.3)  # updates are handled in order: anything for the chatter would have come first
    sent = telegram.api.calls("sendMessage", chat_id=chat["id"])
    assert len(sent) == 1
    assert "200" in sent[0].result["text"]


def test_reply_to_bot_message_is_a_follow_up(telegram: RunningBot) -> None:
    chat, sender = new_group(), new_user()
    telegram.api.push({"message": tg.message(chat, sender, "/ask Viettel lắp bao nhiêu camera giám sát?")})
    answer = telegram.api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    bot_said = tg.bot_message(chat, answer.result["text"], answer.result["message_id"])
    follow_up = tg.message(chat, sender, "Còn VNPT thì sao?", reply_to_message=bot_said)
    telegram.api.push({"message": follow_up})
    second = telegram.api.wait_for("sendMessage", chat_id=chat["id"], count=2)[-1]
    assert "2.400" in second.result["text"] or "2400" in second.result["text"]
    assert second.params["reply_parameters"]["message_id"] == follow_up["message_id"]


def test_forum_topic_reply_stays_in_topic(telegram: RunningBot) -> None:
    chat, sender = new_group(forum=True), new_user()
    asked = tg.message(chat, sender, "/ask Ai là chủ tịch Viettel?", message_thread_id=77, is_topic_message=True)
    telegram.api.push({"message": asked})
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    assert sent.params["message_thread_id"] == 77
    assert "Lê Đăng Dũng" in sent.result["text"]


def test_unsure_answer_offers_buttons_and_pressing_one_answers(telegram: RunningBot) -> None:
    sender = new_user()
    chat = tg.private_chat(sender["id"])
    telegram.api.push({"message": tg.message(chat, sender, "Giá vé máy bay đi Đà Lạt là bao nhiêu?")})
    declined = telegram.api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    buttons = [b for row in declined.params["reply_markup"]["inline_keyboard"] for b in row]
    assert 2 <= len(buttons) <= 3
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    on_message = tg.bot_message(chat, declined.result["text"], declined.result["message_id"])
    telegram.api.push({"callback_query": tg.callback_query("cbq-1", sender, on_message, buttons[0]["callback_data"])})
    answered = telegram.api.wait_for("answerCallbackQuery")
    assert any(c.params["callback_query_id"] == "cbq-1" for c in answered)
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"], count=2)[-1]
    assert "Nguồn" in sent.result["text"]


def test_unknown_button_still_answers_the_callback_query(telegram: RunningBot) -> None:
    sender = new_user()
    chat = tg.private_chat(sender["id"])
    on_message = tg.bot_message(chat, "old message", 1)
    telegram.api.push({"callback_query": tg.callback_query("cbq-old", sender, on_message, "q:doesnotexist")})
    answered = [c for c in telegram.api.wait_for("answerCallbackQuery", count=1)
                if c.params["callback_query_id"] == "cbq-old"]
    deadline = time.monotonic() + 5
    while not answered and time.monotonic() < deadline:
        time.sleep(0.05)
        answered = [c for c in telegram.api.calls("answerCallbackQuery") if c.params["callback_query_id"] == "cbq-old"]
    assert answered and answered[0].status == 200


def test_inline_query_offers_sourced_answers(telegram: RunningBot) -> None:
    telegram.api.push({"inline_query": tg.inline_query("iq-1", new_user("en"), "How many cameras did VNPT install?")})
    call = telegram.api.wait_for("answerInlineQuery")[-1]
    results = call.params["results"]
    assert results and len(results) <= 50
    content = results[0]["input_message_content"]
    assert content["parse_mode"] == "HTML"
    assert "2,400" in content["message_text"] or "2.400" in content["message_text"]
    assert "<b>Source</b>" in content["message_text"]


def test_empty_inline_query_suggests_answers(telegram: RunningBot) -> None:
    telegram.api.push({"inline_query": tg.inline_query("iq-2", new_user(), "")})
    call = [c for c in telegram.api.wait_for("answerInlineQuery", count=2) if c.params["inline_query_id"] == "iq-2"]
    assert call and call[0].params["results"]


def test_sticker_gets_text_only_notice_in_private_and_silence_in_groups(telegram: RunningBot) -> None:
    sender = new_user()
    chat, group = tg.private_chat(sender["id"]), new_group()
    telegram.api.push({"message": tg.message(group, sender, sticker=tg.sticker())})
    telegram.api.push({"message": tg.message(chat, sender, sticker=tg.sticker())})
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"])[-1]
    assert "chữ" in sent.result["text"]
    assert telegram.api.calls("sendMessage", chat_id=group["id"]) == []


def test_edited_messages_channel_posts_and_membership_are_handled_quietly(telegram: RunningBot) -> None:
    sender = new_user()
    chat, group = tg.private_chat(sender["id"]), new_group()
    edited = tg.message(chat, sender, "Viettel góp bao nhiêu?", edit_date=tg.DATE + 5)
    telegram.api.push({"edited_message": edited})
    telegram.api.push({"channel_post": tg.message({"id": -1_009_999, "title": "Kênh", "type": "channel"},
                                                  sender, "/ask Viettel")})
    telegram.api.push({"my_chat_member": tg.bot_added(group, sender)})
    sent = ask_privately(telegram, "/start", sender)  # the bot is still alive and answers after them
    assert "Viettel" in sent.result["text"]
    assert len(telegram.api.calls("sendMessage", chat_id=chat["id"])) == 1
    assert "Traceback" not in telegram.logs()


@pytest.mark.parametrize("text", [
    "<b>bold</b> & <script>alert(1)</script> Viettel ủng hộ bao nhiêu?",
    "x" * 5000,
    "🎉🎉🎉",
    "   ",
    "Vie\u0302\u0323t Nam VNPT la\u0306\u0301p bao nhie\u0302u camera",  # decomposed Unicode
])
def test_bad_input_gets_a_polite_answer_telegram_accepts(telegram: RunningBot, text: str) -> None:
    sent = ask_privately(telegram, text)
    assert sent.status == 200 and sent.result["text"].strip()
    assert_no_bot_errors(telegram)


def test_commands_registered_in_both_languages_and_info_commands_answer(telegram: RunningBot) -> None:
    registered = telegram.api.calls("setMyCommands")
    assert {c.params.get("language_code") for c in registered} == {None, "vi"}
    names = {c["command"] for c in registered[0].params["commands"]}
    assert names == {"start", "help", "ask", "sources", "operators", "about"}
    sources = ask_privately(telegram, "/sources", new_user("en"))
    assert "28 September 2020" in sources.result["text"]
    operators = ask_privately(telegram, "/operators")
    assert "mbf" in operators.result["text"]
    about = ask_privately(telegram, "/about", new_user("en"))
    assert f" {source_count()} " in about.result["text"]


def test_flood_control_429_is_waited_out_and_delivered(telegram: RunningBot) -> None:
    telegram.api.fail_next("sendMessage", 429, retry_after=1)
    started = time.monotonic()
    sent = ask_privately(telegram, "MobiFone đóng góp bao nhiêu cho Quỹ vắc xin?")
    assert "200" in sent.result["text"]
    rejected = [c for c in telegram.api.calls("sendMessage") if c.status == 429]
    assert rejected and sent.at - rejected[-1].at >= 1.0
    assert time.monotonic() - started < 10


def test_server_error_500_is_retried_and_delivered(telegram: RunningBot) -> None:
    telegram.api.fail_next("sendMessage", 500)
    telegram.api.fail_next("getUpdates", 502)
    sent = ask_privately(telegram, "VNPT dang dau tu ha tang ket noi bao nhieu camera?")
    assert "10.000" in sent.result["text"] or "10000" in fold(sent.result["text"])
    assert any(c.status == 500 for c in telegram.api.calls("sendMessage"))


def test_logs_hold_no_token_and_no_user_text(telegram: RunningBot) -> None:
    secret_question = "Câu hỏi bí mật về Viettel Telecom số 4242"
    ask_privately(telegram, secret_question)
    logs = telegram.logs()
    assert TOKEN not in logs and TOKEN.split(":")[1] not in logs
    assert "4242" not in logs
    assert "starting long polling" in logs


def test_one_member_flooding_a_group_is_throttled_politely_without_blocking_others(telegram: RunningBot) -> None:
    chat, flooder, other = new_group(), new_user(), new_user()
    for _ in range(9):
        telegram.api.push({"message": tg.message(chat, flooder, "/ask Viettel góp bao nhiêu cho quỹ vắc xin?")})
    telegram.api.push({"message": tg.message(chat, other, "/ask MobiFone góp bao nhiêu cho quỹ vắc xin?")})
    sent = telegram.api.wait_for("sendMessage", chat_id=chat["id"], count=8)
    time.sleep(0.3)
    sent = telegram.api.calls("sendMessage", chat_id=chat["id"])
    texts = [c.result["text"] for c in sent]
    assert sum("450" in t for t in texts) == 6  # BOT_GROUP_QUESTIONS_PER_MINUTE
    assert sum("hơi nhanh" in t for t in texts) == 1  # one notice, then silence
    assert sum("200" in t for t in texts) == 1  # the other member is answered
