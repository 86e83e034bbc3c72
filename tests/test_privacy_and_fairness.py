"""Privacy by default and fairness between users, through the bot's real wiring in-process.

Admin output only in a private chat with the admin; gaps expire and can be purged;
state files are private; one person's flood does not slow the others; inline mode
and the bot's own suggestions add no gaps; /stats groups a capped sample.
"""

from __future__ import annotations

import sqlite3
import stat
import time
from pathlib import Path

from bot.dialogue import DialogueState
from bot.gaps import Gap
from bot.state import SQLiteState
from tests import telegram_updates as tg
from tests.conftest import TOKEN
from tests.inprocess import bot_in_process, until
from tests.knowledge_base import tiny_base
from tests.test_cli import run_bot

ADMIN = 4_200_001
OTHER_TOKEN = "7000002:AAH4anotherFakeTokenForTests_abcdefgh"
PRIVATE_QUESTION = "Số điện thoại của tôi là 0912345678, giá cước 5G bao nhiêu?"


async def test_admin_output_only_in_a_private_chat_with_the_admin(tmp_path: Path) -> None:
    async with bot_in_process(tmp_path / "state", admin_ids=frozenset({ADMIN})) as bot:
        someone, admin = tg.user(4_200_002, "en"), tg.user(ADMIN, "en")
        group = tg.group_chat(-1_004_200_000)
        bot.push({"message": tg.message(tg.private_chat(someone["id"]), someone, PRIVATE_QUESTION)})
        await bot.wait_for("sendMessage", chat_id=someone["id"])
        for command in ("/stats", "/reload"):
            bot.push({"message": tg.message(group, admin, command)})
        bot.push({"message": tg.message(group, someone, "/stats")})
        bot.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/stats")})
        in_group = await bot.wait_for("sendMessage", chat_id=group["id"], count=3)
        stats = (await bot.wait_for("sendMessage", chat_id=ADMIN))[0].result["text"]
    asked_in_private = [c.result["text"] for c in in_group[:2]]
    assert asked_in_private == ["Please ask me that in a private chat."] * 2
    assert "0912345678" not in "".join(c.result["text"] for c in in_group)
    assert "/help" in in_group[2].result["text"]  # not an admin: the help, as before
    assert "uptime" in stats and "0912345678" in stats  # the admin, privately, sees the gap


async def test_one_private_flooder_is_throttled_politely_and_costs_the_others_nothing(tmp_path: Path) -> None:
    async with bot_in_process(tmp_path / "state", private_questions_per_minute=5) as bot:
        flooder, other = tg.user(4_200_011), tg.user(4_200_012)
        for _ in range(200):
            bot.push(
                {
                    "message": tg.message(
                        tg.private_chat(flooder["id"]), flooder, "Viettel ủng hộ Quỹ vắc xin bao nhiêu?"
                    )
                }
            )
        bot.push({"message": tg.message(tg.private_chat(other["id"]), other, "MobiFone góp bao nhiêu?")})
        await bot.wait_for("sendMessage", chat_id=other["id"])
    # Fetched after all 200 (it came last) and answered: at the stop, all 200 were handled.
    flooded = bot.texts(flooder["id"])
    assert sum("450" in text for text in flooded) == 5  # the limit
    assert sum("hơi nhanh" in text for text in flooded) == 1  # one notice, then silence
    assert len(flooded) == 6  # the other 194 messages cost no send: nothing for the shared pacing
    assert len(bot.api.calls("sendMessage")) == 7


async def test_inline_queries_and_pressed_suggestions_record_no_gaps(tmp_path: Path) -> None:
    async with bot_in_process(tmp_path / "state") as bot:
        sender = tg.user(4_200_021)
        for number, typed in enumerate(["Gi", "Giá cư", "Giá cước 5G", ""]):
            bot.push({"inline_query": tg.inline_query(f"iq-gap-{number}", sender, typed)})
        await bot.wait_for("answerInlineQuery", count=4)
    gaps = run_bot("kb", "gaps", "--since", "1d", env={"BOT_STATE_DIR": str(tmp_path / "state")})
    assert gaps.returncode == 0 and gaps.stdout.strip() == "no gaps recorded"


async def test_stats_groups_only_a_capped_recent_sample(tmp_path: Path) -> None:
    state = SQLiteState(tmp_path / "state")
    for number in range(5000):
        state.record_gap(Gap(time.time() - 5000 + number, "vi", "Giá cước 5G của Viettel là bao nhiêu?", None, 0.1))
    state.close()
    async with bot_in_process(tmp_path / "state", admin_ids=frozenset({ADMIN})) as bot:
        admin, other = tg.user(ADMIN, "en"), tg.user(4_200_031)
        bot.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/stats")})
        bot.push({"message": tg.message(tg.private_chat(other["id"]), other, "VNPT lắp bao nhiêu camera?")})
        stats = (await bot.wait_for("sendMessage", chat_id=ADMIN))[0].result["text"]
        assert "2.400" in (await bot.wait_for("sendMessage", chat_id=other["id"]))[0].result["text"]
    top = next(line for line in stats.splitlines() if "5G" in line)
    assert top.split()[0] == "500"  # the latest 500 of 5,000


def test_gaps_expire_and_purge_keeps_contexts(tmp_path: Path) -> None:
    folder = tmp_path / "state"
    state = SQLiteState(folder, ttl_seconds=72 * 3600, gaps_ttl_seconds=30 * 86400)
    state.record_gap(Gap(time.time() - 40 * 86400, "vi", "câu hỏi cũ", None, 0.1))
    state.record_gap(Gap(time.time() - 3600, "vi", "câu hỏi mới", None, 0.1))
    state.put("tg:1", DialogueState(("vaccine",), (), ("viettel",), "vi", None, time.time() - 30 * 3600))
    state.close()
    SQLiteState(folder, ttl_seconds=72 * 3600, gaps_ttl_seconds=30 * 86400).close()  # the bot's next start
    env = {"BOT_STATE_DIR": str(folder)}  # BOT_CONTEXT_TTL_HOURS left at 24: kb gaps must not expire with it
    listed = run_bot("kb", "gaps", "--since", "100d", env=env)
    assert "câu hỏi mới" in listed.stdout and "câu hỏi cũ" not in listed.stdout
    purged = run_bot("kb", "gaps", "--purge", env=env)
    assert purged.returncode == 0 and purged.stdout.startswith("1 gap(s) deleted")
    assert run_bot("kb", "gaps", "--since", "100d", env=env).stdout.strip() == "no gaps recorded"
    with sqlite3.connect(folder / "state.db") as db:
        assert db.execute("SELECT key FROM contexts").fetchall() == [("tg:1",)]


async def test_state_files_are_private(tmp_path: Path) -> None:
    folder = tmp_path / "deep" / "state"
    knowledge, seeds = tiny_base(tmp_path / "base")  # a small base: compiling the real one took the time
    async with bot_in_process(folder, knowledge_dir=knowledge, seeds_dir=seeds) as bot:  # compiled into the folder
        sender = tg.user(4_200_041)
        bot.push({"message": tg.message(tg.private_chat(sender["id"]), sender, "Giá cước 5G bao nhiêu?")})
        await bot.wait_for("sendMessage", chat_id=sender["id"])
        await until(lambda: (folder / "heartbeat").exists())  # written off the event loop, soon after start
        files = {path.name: oct(stat.S_IMODE(path.stat().st_mode)) for path in folder.rglob("*") if path.is_file()}
        folders = {oct(stat.S_IMODE(path.stat().st_mode)) for path in (folder, *folder.rglob("*")) if path.is_dir()}
    assert {"state.db", "state.db-wal", "state.db-shm", "heartbeat"} <= files.keys()
    assert any(name.startswith("compiled-") for name in files)
    assert set(files.values()) == {"0o600"} and folders == {"0o700"}


async def test_a_state_folder_reused_by_another_bot_skips_none_of_its_updates(tmp_path: Path) -> None:
    sender = tg.user(4_200_051)
    chat = tg.private_chat(sender["id"])
    for token in (TOKEN, OTHER_TOKEN):
        async with bot_in_process(tmp_path / "state", token=token) as bot:  # both doubles number updates from 100
            bot.push({"message": tg.message(chat, sender, "VNPT lắp bao nhiêu camera?")})
            assert "2.400" in (await bot.wait_for("sendMessage", chat_id=chat["id"]))[0].result["text"]
    with sqlite3.connect(tmp_path / "state" / "state.db") as db:
        claimed = db.execute("SELECT bot_id, update_id FROM claimed_updates ORDER BY bot_id").fetchall()
    assert claimed == [(7000001, 100), (7000002, 100)]
