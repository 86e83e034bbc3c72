"""Running it for real: state across restarts, per-asker context, answered-once, reload, gaps, stats.

In-process (tests/inprocess.py), a restart being a new bot on the same state folder; a real
process (`python -m bot`) where only a process shows it: SIGTERM finishing what was fetched.
"""

from __future__ import annotations

import asyncio
import logging
import signal
import time
from pathlib import Path

import pytest

from tests import telegram_updates as tg
from tests.conftest import RunningBot, start_bot, stop_bot
from tests.inprocess import bot_in_process
from tests.knowledge_base import tiny_base
from tests.test_cli import run_bot

ADMIN = 4_100_001


def texts(bot: RunningBot, chat_id: int) -> list[str]:
    return [c.result["text"] for c in bot.api.calls("sendMessage", chat_id=chat_id)]


async def test_follow_up_resolves_after_a_restart(tmp_path: Path) -> None:
    sender = tg.user(4_000_001)
    chat = tg.private_chat(sender["id"])
    async with bot_in_process(tmp_path / "state") as bot:
        bot.push({"message": tg.message(chat, sender, "MobiFone góp bao nhiêu cho Quỹ vắc xin?")})
    async with bot_in_process(tmp_path / "state", api=bot.api) as bot:  # the same Telegram: new update ids
        bot.push({"message": tg.message(chat, sender, "Khi nào?")})
        answers = await bot.wait_for("sendMessage", chat_id=chat["id"], count=2)
    assert "3/6" in answers[1].result["text"]


async def test_updates_delivered_again_after_a_restart_are_answered_once(tmp_path: Path) -> None:
    sender = tg.user(4_000_002)
    chat = tg.private_chat(sender["id"])
    async with bot_in_process(tmp_path / "state") as bot:
        update = bot.push({"message": tg.message(chat, sender, "VNPT lắp bao nhiêu camera?")})
    api = bot.api  # Telegram, which never got the confirming getUpdates (SIGKILL: test_crash_recovery.py)
    async with bot_in_process(tmp_path / "state", api=api) as bot:
        bot.redeliver(update)
        bot.push({"message": tg.message(chat, sender, "Viettel lắp bao nhiêu camera?")})
        answered = [c.result["text"] for c in await bot.wait_for("sendMessage", chat_id=chat["id"], count=2)]
    assert len(answered) == 2 and "2.400" in answered[0] and "4.000" in answered[1]


def test_sigterm_finishes_queued_updates_and_none_is_lost(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    senders = [tg.user(4_010_000 + i) for i in range(30)]
    for sender in senders:
        bot.api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, "Viettel góp bao nhiêu?")})
    bot.api.wait_for("sendMessage")
    bot.process.send_signal(signal.SIGTERM)
    assert bot.process.wait(timeout=20) == 0
    assert "Traceback" not in bot.logs()
    bot = start_bot(tmp_path, api=bot.api)  # whatever was not fetched before the signal comes now
    bot.api.wait_until_confirmed()
    stop_bot(bot)  # SIGTERM again: what was fetched is answered before the exit
    assert bot.process.returncode == 0
    assert all(len(texts(bot, s["id"])) == 1 for s in senders)


async def test_group_follow_ups_resolve_per_asker_and_per_replied_message(tmp_path: Path) -> None:
    async with bot_in_process(tmp_path / "state") as bot:
        group, lan, minh = tg.group_chat(-1_004_000_001), tg.user(4_000_011), tg.user(4_000_012)
        ask = lambda sender, text, **extra: bot.push({"message": tg.message(group, sender, text, **extra)})  # noqa: E731
        ask(lan, "/ask MobiFone góp bao nhiêu cho Quỹ vắc xin?")
        first = (await bot.wait_for("sendMessage", chat_id=group["id"]))[-1]
        ask(minh, "/ask Viettel lắp bao nhiêu camera giám sát?")
        ask(lan, "/ask Khi nào?")
        ask(minh, "/ask Còn VNPT thì sao?")
        await bot.wait_for("sendMessage", chat_id=group["id"], count=4)
        replied_to = tg.bot_message(group, first.result["text"], first.result["message_id"])
        ask(minh, "Còn Viettel thì sao?", reply_to_message=replied_to)  # minh replies to lan's old answer
        await bot.wait_for("sendMessage", chat_id=group["id"], count=5)
    answers = bot.texts(group["id"])
    assert "200" in answers[0]
    assert "4.000" in answers[1]
    assert "3/6" in answers[2]  # lan's follow-up: her question, not minh's
    assert "2.400" in answers[3]  # minh's follow-up: his question
    assert "450" in answers[4]  # the replied-to answer was about the vaccine fund


async def test_out_of_scope_questions_are_listed_as_gaps_without_ids(tmp_path: Path) -> None:
    sender = tg.user(4_000_021)
    chat = tg.private_chat(sender["id"])
    questions = [
        "Giá cước 5G của Viettel là bao nhiêu?",
        "Giá cước 5G Viettel bao nhiêu?",
        "gia cuoc 5G cua viettel",
        "Thời tiết Hà Nội hôm nay?",
        "Viettel ủng hộ quỹ vắc xin bao nhiêu?",
    ]
    async with bot_in_process(tmp_path / "state") as bot:
        for question in questions:
            bot.push({"message": tg.message(chat, sender, question)})
        await bot.wait_for("sendMessage", chat_id=chat["id"], count=len(questions))
    result = run_bot("kb", "gaps", "--since", "1d", env={"BOT_STATE_DIR": str(tmp_path / "state")})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[0] == "3" and "5G" in lines[0]  # grouped, most frequent first
    assert lines[1].split()[0] == "1" and "Thời tiết" in lines[1]
    assert len(lines) == 2  # the answered question is no gap
    assert str(sender["id"]) not in result.stdout
    async with bot_in_process(tmp_path / "off" / "state", record_gaps=False) as off:
        off.push({"message": tg.message(chat, sender, "Giá cước 5G của Viettel là bao nhiêu?")})
        await off.wait_for("sendMessage", chat_id=chat["id"])
    quiet = run_bot("kb", "gaps", env={"BOT_STATE_DIR": str(tmp_path / "off" / "state")})
    assert quiet.stdout.strip() == "no gaps recorded"


async def test_admins_get_stats_and_reload_others_get_help(tmp_path: Path) -> None:
    # On a small base: a reload checks the base as `kb check` does, every example question answered (the
    # real base's, well over a thousand, take most of a second); who may reload, and what they are told,
    # is the point.
    knowledge, seeds = tiny_base(tmp_path / "base")
    async with bot_in_process(
        tmp_path / "state", admin_ids=frozenset({ADMIN}), knowledge_dir=knowledge, seeds_dir=seeds
    ) as bot:
        admin, someone = tg.user(ADMIN, "en"), tg.user(4_000_041, "en")
        bot.push({"message": tg.message(tg.private_chat(ADMIN), admin, "What is the price of 5G?")})
        bot.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/stats")})
        bot.push({"message": tg.message(tg.private_chat(someone["id"]), someone, "/stats")})
        bot.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/reload")})
        await bot.wait_for("sendMessage", chat_id=ADMIN, count=3)
        await bot.wait_for("sendMessage", chat_id=someone["id"])
    _, stats, reloaded = bot.texts(ADMIN)
    assert "uptime" in stats and "declined: 1" in stats and "5G" in stats and "workers" not in stats
    assert "uptime" not in bot.texts(someone["id"])[0] and "/help" in bot.texts(someone["id"])[0]
    assert reloaded.startswith("Knowledge reloaded")


async def test_stats_with_workers_on_redis_count_them_all(tmp_path: Path, redis_url: str) -> None:
    """Two workers of one bot on Redis (in this process, through the Redis store's dispatcher): the
    admin's /stats, whichever worker answers it, says two are alive and counts the questions both
    answered and declined. (On SQLite, above, it counts the one process and names no workers.)"""
    admin, someone = tg.user(ADMIN, "en"), tg.user(4_000_051, "en")
    shared = {"admin_ids": frozenset({ADMIN}), "state_url": redis_url}
    async with (
        bot_in_process(tmp_path / "a", worker="host-a:1", **shared) as a,
        bot_in_process(tmp_path / "b", api=a.api, worker="host-b:2", **shared) as b,
    ):
        chat = tg.private_chat(someone["id"])
        a.push({"message": tg.message(chat, someone, "How much did Viettel give to the vaccine fund?")})
        await a.wait_for("sendMessage", chat_id=someone["id"])
        b.push({"message": tg.message(chat, someone, "And MobiFone?")})  # the follow-up, on the other worker
        b.push({"message": tg.message(chat, someone, "What is the price of 5G?")})
        await b.wait_for("sendMessage", chat_id=someone["id"], count=3)
        await b.state._pipe.drain()  # type: ignore[attr-defined]  # its last write-back, sent without waiting
        a.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/stats")})
        stats = (await a.wait_for("sendMessage", chat_id=ADMIN))[0].result["text"]
    answers = a.texts(someone["id"])
    assert "450" in answers[0] and "200" in answers[1]  # the follow-up resolved across workers
    assert stats.startswith("workers alive: 2 ") and "answered: 2, declined: 1" in stats, stats
    assert "5G" in stats


async def test_unreadable_state_file_is_moved_aside_and_the_bot_starts(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.db").write_bytes(b"this is not a database" * 100)
    async with bot_in_process(state) as bot:
        sender = tg.user(4_000_051)
        bot.push({"message": tg.message(tg.private_chat(sender["id"]), sender, "VNPT Meeting là gì?")})
        await bot.wait_for("sendMessage", chat_id=sender["id"])
    assert len([r for r in caplog.records if r.levelno >= logging.ERROR and "unreadable" in r.getMessage()]) == 1
    assert list(state.glob("state.db.unreadable-*"))


def test_version_and_json_logs() -> None:
    version = run_bot("--version")
    assert version.returncode == 0 and version.stdout.startswith("python -m bot ")
    result = run_bot("kb", "gaps", env={"LOG_FORMAT": "json", "BOT_STATE_DIR": "/nonexistent"})
    assert result.returncode == 1


def test_sqlite_context_expires_and_stays_bounded(tmp_path: Path) -> None:
    from bot.dialogue import DialogueState
    from bot.state import SQLiteState

    store = SQLiteState(tmp_path, ttl_seconds=60)
    old = DialogueState(("vaccine",), (), ("mobifone",), "vi", None, time.time() - 120)
    store.put("old", old)
    store.put("new", DialogueState(("vaccine",), (), ("mobifone",), "vi", None, time.time()))
    assert store.get("old") is None and store.get("new") is not None
    store.expire()
    assert store.count_contexts() == 1
    store.close()


async def test_health_follows_the_running_bots_heartbeat(tmp_path: Path) -> None:
    state = {"BOT_STATE_DIR": str(tmp_path / "state")}
    assert run_bot("health", env=state).returncode == 1  # nothing running yet
    async with bot_in_process(tmp_path / "state"):
        deadline = time.monotonic() + 10
        while run_bot("health", env=state).returncode != 0:
            assert time.monotonic() < deadline
            await asyncio.sleep(0.05)
