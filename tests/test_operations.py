"""Running it for real: state across restarts, per-asker context, answered-once, reload, gaps, stats."""

from __future__ import annotations

import json
import shutil
import signal
import time
from pathlib import Path

from tests import telegram_updates as tg
from tests.conftest import ROOT, start_bot, stop_bot
from tests.test_cli import run_bot

ADMIN = 4_100_001


def texts(bot, chat_id: int) -> list[str]:
    return [c.result["text"] for c in bot.api.calls("sendMessage", chat_id=chat_id)]


def wait_for_log(bot, text: str, timeout: float = 20) -> None:
    deadline = time.monotonic() + timeout
    while text not in bot.logs():
        assert time.monotonic() < deadline, f"{text!r} never logged"
        time.sleep(0.05)


def test_follow_up_resolves_after_a_restart(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    sender = tg.user(4_000_001)
    chat = tg.private_chat(sender["id"])
    bot.api.push({"message": tg.message(chat, sender, "MobiFone góp bao nhiêu cho Quỹ vắc xin?")})
    bot.api.wait_for("sendMessage", chat_id=chat["id"])
    stop_bot(bot, keep_api=True)
    bot = start_bot(tmp_path, api=bot.api)
    bot.api.push({"message": tg.message(chat, sender, "Khi nào?")})
    answers = bot.api.wait_for("sendMessage", chat_id=chat["id"], count=2)
    stop_bot(bot)
    assert "3/6" in answers[1].result["text"]


def test_updates_delivered_again_after_a_crash_are_answered_once(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    sender = tg.user(4_000_002)
    chat = tg.private_chat(sender["id"])
    update = bot.api.push({"message": tg.message(chat, sender, "VNPT lắp bao nhiêu camera?")})
    bot.api.wait_for("sendMessage", chat_id=chat["id"])
    # The double records the call before it answers; give the bot the moment to read the answer
    # (a crash inside that window is answered again: no bot can know what Telegram delivered).
    time.sleep(0.5)
    bot.process.kill()  # a crash: nothing is confirmed to Telegram
    bot.process.wait()
    bot = start_bot(tmp_path, api=bot.api)
    bot.api.redeliver(update)
    bot.api.push({"message": tg.message(chat, sender, "Viettel lắp bao nhiêu camera?")})
    bot.api.wait_for("sendMessage", chat_id=chat["id"], count=2)
    time.sleep(0.3)
    stop_bot(bot)
    answered = texts(bot, chat["id"])
    assert len(answered) == 2 and "2.400" in answered[0] and "4.000" in answered[1]


def test_sigterm_finishes_queued_updates_and_none_is_lost(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    senders = [tg.user(4_010_000 + i) for i in range(30)]
    for sender in senders:
        bot.api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, "Viettel góp bao nhiêu?")})
    bot.api.wait_for("sendMessage")
    bot.process.send_signal(signal.SIGTERM)
    bot.process.wait(timeout=20)
    bot = start_bot(tmp_path, api=bot.api)  # whatever was not fetched before the signal comes now
    bot.api.wait_for("sendMessage", count=30, timeout=20)
    time.sleep(0.3)
    stop_bot(bot)
    assert all(len(texts(bot, s["id"])) == 1 for s in senders)


def test_group_follow_ups_resolve_per_asker_and_per_replied_message(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    group, lan, minh = tg.group_chat(-1_004_000_001), tg.user(4_000_011), tg.user(4_000_012)
    ask = lambda sender, text, **extra: bot.api.push({"message": tg.message(group, sender, text, **extra)})  # noqa: E731
    ask(lan, "/ask MobiFone góp bao nhiêu cho Quỹ vắc xin?")
    first = bot.api.wait_for("sendMessage", chat_id=group["id"])[-1]
    ask(minh, "/ask Viettel lắp bao nhiêu camera giám sát?")
    ask(lan, "/ask Khi nào?")
    ask(minh, "/ask Còn VNPT thì sao?")
    bot.api.wait_for("sendMessage", chat_id=group["id"], count=4)
    replied_to = tg.bot_message(group, first.result["text"], first.result["message_id"])
    ask(minh, "Còn Viettel thì sao?", reply_to_message=replied_to)  # minh replies to lan's old answer
    bot.api.wait_for("sendMessage", chat_id=group["id"], count=5)
    stop_bot(bot)
    answers = texts(bot, group["id"])
    assert "200" in answers[0]
    assert "4.000" in answers[1]
    assert "3/6" in answers[2]  # lan's follow-up: her question, not minh's
    assert "2.400" in answers[3]  # minh's follow-up: his question
    assert "450" in answers[4]  # the replied-to answer was about the vaccine fund


def test_out_of_scope_questions_are_listed_as_gaps_without_ids(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    sender = tg.user(4_000_021)
    chat = tg.private_chat(sender["id"])
    questions = ["Giá cước 5G của Viettel là bao nhiêu?", "Giá cước 5G Viettel bao nhiêu?",
                 "gia cuoc 5G cua viettel", "Thời tiết Hà Nội hôm nay?", "Viettel ủng hộ quỹ vắc xin bao nhiêu?"]
    for question in questions:
        bot.api.push({"message": tg.message(chat, sender, question)})
    bot.api.wait_for("sendMessage", chat_id=chat["id"], count=len(questions))
    stop_bot(bot)
    result = run_bot("kb", "gaps", "--since", "1d", env={"BOT_STATE_DIR": str(tmp_path / "state")})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.strip().splitlines()
    assert lines[0].split()[0] == "3" and "5G" in lines[0]  # grouped, most frequent first
    assert lines[1].split()[0] == "1" and "Thời tiết" in lines[1]
    assert len(lines) == 2  # the answered question is no gap
    assert str(sender["id"]) not in result.stdout
    off = start_bot(tmp_path / "off", {"BOT_RECORD_GAPS": "0"})
    off.api.push({"message": tg.message(chat, sender, "Giá cước 5G của Viettel là bao nhiêu?")})
    off.api.wait_for("sendMessage", chat_id=chat["id"])
    stop_bot(off)
    quiet = run_bot("kb", "gaps", env={"BOT_STATE_DIR": str(tmp_path / "off" / "state")})
    assert quiet.stdout.strip() == "no gaps recorded"


def test_sighup_reload_keeps_old_knowledge_when_broken_and_loads_the_fix(tmp_path: Path) -> None:
    knowledge = tmp_path / "knowledge"
    shutil.copytree(ROOT / "knowledge", knowledge)
    env = {"BOT_KNOWLEDGE_DIR": str(knowledge), "BOT_SEEDS_DIR": str(ROOT / "seeds")}
    bot = start_bot(tmp_path, env)
    sender = tg.user(4_000_031)
    chat = tg.private_chat(sender["id"])
    ask = lambda text: bot.api.push({"message": tg.message(chat, sender, text)})  # noqa: E731
    ask("MobiFone góp bao nhiêu cho Quỹ vắc xin?")
    bot.api.wait_for("sendMessage", chat_id=chat["id"])
    facts = knowledge / "facts" / "001_vaccine_fund.yaml"
    original = facts.read_text(encoding="utf-8")
    facts.write_text(original.replace("operators: [mobifone]", "operators: [nobody]", 1), encoding="utf-8")
    bot.process.send_signal(signal.SIGHUP)
    wait_for_log(bot, "not reloaded")
    ask("Viettel góp bao nhiêu cho Quỹ vắc xin?")
    assert "450" in bot.api.wait_for("sendMessage", chat_id=chat["id"], count=2)[-1].result["text"]
    changed = original.replace("200 tỷ đồng vào chương trình", "200 tỷ đồng (hai trăm tỷ) vào chương trình", 1)
    assert changed != original
    facts.write_text(changed, encoding="utf-8")
    bot.process.send_signal(signal.SIGHUP)
    wait_for_log(bot, "knowledge base reloaded")
    ask("Còn MobiFone thì sao?")  # context survives the reload
    last = bot.api.wait_for("sendMessage", chat_id=chat["id"], count=3)[-1].result["text"]
    stop_bot(bot)
    logs = bot.logs()
    assert "not reloaded" in logs and "unknown operator 'nobody'" in logs
    assert "hai trăm tỷ" in last


def test_admins_get_stats_and_reload_others_get_help(tmp_path: Path) -> None:
    bot = start_bot(tmp_path, {"BOT_ADMIN_IDS": str(ADMIN)})
    admin, someone = tg.user(ADMIN, "en"), tg.user(4_000_041, "en")
    bot.api.push({"message": tg.message(tg.private_chat(ADMIN), admin, "What is the price of 5G?")})
    bot.api.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/stats")})
    bot.api.push({"message": tg.message(tg.private_chat(someone["id"]), someone, "/stats")})
    bot.api.push({"message": tg.message(tg.private_chat(ADMIN), admin, "/reload")})
    bot.api.wait_for("sendMessage", chat_id=ADMIN, count=3, timeout=20)
    bot.api.wait_for("sendMessage", chat_id=someone["id"])
    stop_bot(bot)
    _, stats, reloaded = texts(bot, ADMIN)
    assert "uptime" in stats and "declined: 1" in stats and "5G" in stats
    assert "uptime" not in texts(bot, someone["id"])[0] and "/help" in texts(bot, someone["id"])[0]
    assert reloaded.startswith("Knowledge reloaded")


def test_unreadable_state_file_is_moved_aside_and_the_bot_starts(tmp_path: Path) -> None:
    state = tmp_path / "state"
    state.mkdir()
    (state / "state.db").write_bytes(b"this is not a database" * 100)
    bot = start_bot(tmp_path)
    sender = tg.user(4_000_051)
    bot.api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, "VNPT Meeting là gì?")})
    bot.api.wait_for("sendMessage", chat_id=sender["id"])
    stop_bot(bot)
    assert len([line for line in bot.logs().splitlines() if "unreadable" in line]) == 1
    assert list(state.glob("state.db.unreadable-*"))


def test_version_and_json_logs() -> None:
    version = run_bot("--version")
    assert version.returncode == 0 and version.stdout.startswith("python -m bot ")
    result = run_bot("kb", "gaps", env={"LOG_FORMAT": "json", "BOT_STATE_DIR": "/nonexistent"})
    assert result.returncode == 1


def test_json_log_lines(tmp_path: Path) -> None:
    bot = start_bot(tmp_path, {"LOG_FORMAT": "json"})
    stop_bot(bot)
    lines = [line for line in bot.logs().splitlines() if line.strip()]
    assert lines and all(json.loads(line)["level"] for line in lines)


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


def test_sigterm_exit_is_clean(tmp_path: Path) -> None:
    bot = start_bot(tmp_path)
    bot.process.send_signal(signal.SIGTERM)
    assert bot.process.wait(timeout=20) == 0
    bot.api.stop()
    assert "Traceback" not in bot.logs()


def test_health_follows_the_running_bots_heartbeat(tmp_path: Path) -> None:
    state = {"BOT_STATE_DIR": str(tmp_path / "state")}
    assert run_bot("health", env=state).returncode == 1  # nothing running yet
    bot = start_bot(tmp_path)
    wait_for_log(bot, "starting long polling")
    deadline = time.monotonic() + 10
    while run_bot("health", env=state).returncode != 0:
        assert time.monotonic() < deadline
        time.sleep(0.2)
    stop_bot(bot)
