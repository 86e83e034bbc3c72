"""Readers can say an answer was wrong: a button under each answer on Telegram, `/wrong` in the
console, `{"report": "wrong"}` in `ask --jsonl`; `kb gaps` lists what was reported first, without ids."""

from __future__ import annotations

import io
import json
import sqlite3
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from bot.console import run_console
from bot.dialogue import DialogueState
from bot.engine import Engine
from bot.gaps import Gap
from bot.state import SQLiteState
from tests import telegram_updates as tg
from tests.botapi_double import Call
from tests.inprocess import InProcessBot, bot_in_process, shared_knowledge
from tests.test_cli import jsonl, run_bot

ANSWERED = "Viettel ủng hộ Quỹ vắc xin phòng Covid-19 bao nhiêu?"
DECLINED = "Giá cước 5G của Viettel là bao nhiêu?"  # a gap the bot records by itself


@pytest.fixture
async def telegram(tmp_path: Path) -> AsyncIterator[InProcessBot]:
    async with bot_in_process(tmp_path / "state") as bot:
        yield bot


def buttons(call: Call) -> list[dict[str, Any]]:
    return [b for row in (call.params.get("reply_markup") or {}).get("inline_keyboard", []) for b in row]


async def ask(bot: InProcessBot, chat: dict[str, Any], sender: dict[str, Any], text: str) -> Call:
    bot.push({"message": tg.message(chat, sender, text)})
    return (await bot.wait_for("sendMessage", chat_id=chat["id"]))[-1]


async def press(bot: InProcessBot, sender: dict[str, Any], on_message: dict[str, Any], data: str) -> Call:
    """Press a button; the bot's answer to the callback query (the first call it makes for it)."""
    query_id = f"cbq-{time.monotonic_ns()}"
    before = len(bot.api.calls())
    pressed = time.monotonic()
    bot.push({"callback_query": tg.callback_query(query_id, sender, on_message, data)})
    await bot.settle()
    answer = bot.api.calls()[before]
    assert answer.method == "answerCallbackQuery" and answer.params["callback_query_id"] == query_id
    assert answer.at - pressed < 1.0  # Telegram shows a spinner until then
    return answer


def gaps_listed(state_dir: Path) -> list[str]:
    result = run_bot("kb", "gaps", "--since", "1d", env={"BOT_STATE_DIR": str(state_dir)})
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()


async def test_each_answer_carries_one_wrong_answer_button_in_its_language(telegram: InProcessBot) -> None:
    vi, en = tg.user(4_500_001), tg.user(4_500_002, "en")
    answered = await ask(telegram, tg.private_chat(vi["id"]), vi, ANSWERED)
    in_english = await ask(telegram, tg.private_chat(en["id"]), en, "How much did MobiFone give to the vaccine fund?")
    declined = await ask(telegram, tg.private_chat(vi["id"]), vi, "Giá vé máy bay đi Đà Lạt là bao nhiêu?")
    assert [(b["text"], b["callback_data"]) for b in buttons(answered)] == [("Trả lời sai?", "w")]
    assert [(b["text"], b["callback_data"]) for b in buttons(in_english)] == [("Wrong answer?", "w")]
    assert buttons(declined) and all(b["callback_data"].startswith("q:") for b in buttons(declined))  # suggestions


async def test_pressing_it_thanks_removes_it_and_kb_gaps_lists_the_question_first_without_ids(
    telegram: InProcessBot, engine: Engine
) -> None:
    sender = tg.user(4_500_011)
    chat = tg.private_chat(sender["id"])
    for _ in range(3):  # a gap asked more often than the reported question
        await ask(telegram, chat, sender, DECLINED)
    answer = await ask(telegram, chat, sender, ANSWERED)
    shown = telegram.api.sent_message(chat["id"], answer.result["message_id"])  # as Telegram sends it back
    thanks = await press(telegram, sender, shown, "w")
    assert thanks.status == 200 and thanks.params["text"].startswith("Cảm ơn")
    edit = telegram.api.calls("editMessageReplyMarkup")[-1]
    assert edit.status == 200 and edit.params["message_id"] == answer.result["message_id"]
    assert "reply_markup" not in telegram.api.sent_message(chat["id"], answer.result["message_id"])  # gone
    await telegram.settle()
    telegram.state.flush(force=True)  # what the running bot commits within FLUSH_SECONDS
    first, second = gaps_listed(telegram.settings.state_dir)
    assert ANSWERED in first and "reported wrong: 1" in first
    assert f"answered with: {', '.join(engine.ask(ANSWERED, None).facts)}]" in first  # the fact(s) it got
    assert second.split()[0] == "3" and "5G" in second
    listed = "\n".join([first, second])
    assert str(sender["id"]) not in listed and str(chat["id"]) not in listed
    with sqlite3.connect(telegram.settings.state_dir / "state.db") as db:
        assert str(sender["id"]) not in json.dumps(db.execute("SELECT * FROM gaps").fetchall())


async def test_the_other_buttons_stay_and_a_second_press_records_nothing_more(telegram: InProcessBot) -> None:
    group, asker, reader = tg.group_chat(-1_004_500_021), tg.user(4_500_021), tg.user(4_500_022, "en")
    answer = await ask(telegram, group, asker, f"/ask {ANSWERED}")
    shown = telegram.api.sent_message(group["id"], answer.result["message_id"])
    # An answer that also offers a suggestion (a message Telegram holds with both kinds of button).
    suggestion = {"text": "Sổ sức khỏe điện tử là gì?", "callback_data": "q:0123456789abcdef"}
    shown = {**shown, "reply_markup": {"inline_keyboard": [[suggestion], *shown["reply_markup"]["inline_keyboard"]]}}
    await press(telegram, reader, shown, "w")  # anyone in the group may say so
    edit = telegram.api.calls("editMessageReplyMarkup")[-1]
    assert edit.params["reply_markup"] == {"inline_keyboard": [[suggestion]]}
    again = await press(telegram, reader, shown, "w")  # pressed again before the edit arrived
    assert again.status == 200 and again.params["text"]
    telegram.state.flush(force=True)
    reported = [line for line in gaps_listed(telegram.settings.state_dir) if "reported wrong" in line]
    assert len(reported) == 1 and "reported wrong: 1;" in reported[0]


async def test_a_button_on_a_message_telegram_no_longer_shows_is_still_answered(telegram: InProcessBot) -> None:
    sender = tg.user(4_500_031)
    chat = tg.private_chat(sender["id"])
    inaccessible = {"chat": chat, "message_id": 77, "date": 0}  # older than 48 hours
    answer = await press(telegram, sender, inaccessible, "w")
    assert answer.status == 200 and answer.params["text"]
    assert telegram.api.calls("editMessageReplyMarkup") == []


def test_the_console_reports_its_last_answer_once() -> None:
    knowledge, pipeline = shared_knowledge()
    engine = Engine(knowledge, pipeline=pipeline)  # as `python -m bot console` builds it: no gap log
    out = io.StringIO()
    run_console(engine, io.StringIO(f"/wrong\n{ANSWERED}\n/wrong\n/wrong\n"), out)
    nothing, not_kept = "Không có câu trả lời nào để báo sai.", "Cảm ơn bạn! (Ở đây câu hỏi không được ghi lại.)"
    said = out.getvalue()
    assert said.count(nothing) == 2 and said.count(not_kept) == 1  # once
    assert said.index(nothing) < said.index("450 tỷ") < said.index(not_kept) < said.rindex(nothing)


def test_ask_jsonl_reports_a_chats_last_answer() -> None:
    replies = jsonl(
        {"chat_id": 1, "report": "wrong"},
        {"chat_id": 1, "text": ANSWERED},
        {"chat_id": 2, "report": "wrong"},
        {"chat_id": 1, "report": "wrong"},
        {"chat_id": 1, "report": "wrong"},
        {"chat_id": 1, "report": "right"},
        {"chat_id": 1, "report": "wrong", "text": "Viettel?"},
    )
    assert [r.get("reported") for r in replies[:5]] == [False, None, False, True, False]
    assert (
        replies[3]
        == {
            "report": "wrong",
            "reported": True,
            "recorded": False,
            "answered": False,
            "chat_id": 1,
            "text": replies[3]["text"],
        }
        and replies[3]["text"]
    )
    assert all(r["error"].startswith(f"line {n}: ") for n, r in ((6, replies[5]), (7, replies[6])))


def test_the_engine_records_the_question_and_its_facts_and_follow_ups_still_resolve() -> None:
    knowledge, pipeline = shared_knowledge()
    recorded: list[Gap] = []

    class Recorder:
        def record_gap(self, gap: Gap) -> None:
            recorded.append(gap)

    engine = Engine(knowledge, gaps=Recorder(), pipeline=pipeline)
    reply = engine.ask("MobiFone góp bao nhiêu cho Quỹ vắc xin?", "chat")
    assert engine.report_wrong("chat").outcome == "recorded"
    assert [(g.question, g.facts, g.reported, g.lang) for g in recorded] == [
        ("MobiFone góp bao nhiêu cho Quỹ vắc xin?", reply.facts, True, "vi")
    ]
    assert "3/6" in engine.ask("Khi nào?", "chat").body  # the context is kept
    assert engine.report_wrong("elsewhere", "en").reply.body == "There is no answer to report."


async def test_an_older_state_file_is_migrated_and_read(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    folder.mkdir(mode=0o700)
    with sqlite3.connect(folder / "state.db") as db:  # the gaps table and a context as the last version wrote them
        db.executescript("""
            CREATE TABLE gaps (asked_at REAL NOT NULL, lang TEXT NOT NULL, question TEXT NOT NULL,
                               nearest_fact TEXT, score REAL NOT NULL);
            CREATE TABLE contexts (key TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at REAL NOT NULL);""")
        db.execute("INSERT INTO gaps VALUES (?, 'vi', 'Thời tiết Hà Nội hôm nay?', NULL, 0.1)", (time.time(),))
        old = DialogueState(("vaccine",), (), ("viettel",), "vi", ("viettel_vaccine_fund",), time.time()).to_dict()
        del old["question"]
        db.execute("INSERT INTO contexts VALUES ('tg:4500041', ?, ?)", (json.dumps(old), time.time()))
    assert "Thời tiết" in gaps_listed(folder)[0]  # read-only, before the bot ever opened it
    sender = tg.user(4_500_041)
    chat = tg.private_chat(sender["id"])
    async with bot_in_process(folder) as bot:
        assert bot.state.get("tg:4500041") is not None  # the old context is read
        answer = await ask(bot, chat, sender, ANSWERED)
        await press(bot, sender, bot.api.sent_message(chat["id"], answer.result["message_id"]), "w")
    first, second = gaps_listed(folder)
    assert ANSWERED in first and "reported wrong" in first and "Thời tiết" in second


def test_reported_gaps_expire_as_the_others_do(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    state = SQLiteState(folder, gaps_ttl_seconds=30 * 86400)
    state.record_gap(Gap(time.time() - 40 * 86400, "vi", "câu hỏi cũ", "f", 0.0, reported=True, facts=("f",)))
    state.record_gap(Gap(time.time() - 3600, "vi", "câu hỏi mới", "f", 0.0, reported=True, facts=("f",)))
    state.close()
    SQLiteState(folder, gaps_ttl_seconds=30 * 86400).close()  # the bot's next start sweeps them
    result = run_bot("kb", "gaps", "--since", "100d", env={"BOT_STATE_DIR": str(folder)})
    assert "câu hỏi mới" in result.stdout and "câu hỏi cũ" not in result.stdout


async def test_a_calculation_is_checked_against_its_result_after_a_restart(tmp_path: Path) -> None:
    # the calculation just given is kept with the chat's state (SQLite): a check of its figure after a restart
    # is checked against it, not against the facts it was computed from
    sender = tg.user(4_500_077)
    chat = tg.private_chat(sender["id"])
    async with bot_in_process(tmp_path / "state") as bot:
        for text in ("VNPT định kết nối bao nhiêu camera?", "đã lắp bao nhiêu?", "còn thiếu mấy cái?"):
            await ask(bot, chat, sender, text)
    async with bot_in_process(tmp_path / "state", api=bot.api) as bot:  # the same Telegram: new update ids
        reply = await ask(bot, chat, sender, "vậy thiếu 7.600 cái hả?")
    assert reply.result["text"].startswith("Đúng.") and "10.000 − 2.400" in reply.result["text"], reply.result
