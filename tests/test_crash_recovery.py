"""SIGKILL at any moment, then a restart: every question answered once, apart from the few in flight.

The real process against the Bot API double. At a kill, the updates claimed and
not yet answered (at most the dispatcher's concurrency, 8) may go unanswered:
no bot can know whether a send in flight reached Telegram. Nothing is answered
twice, even when the getUpdates that would confirm the answered updates never
reaches Telegram (the double then delivers them all again after the restart).
"""

from __future__ import annotations

import random
from collections import Counter
from pathlib import Path

from tests import telegram_updates as tg
from tests.conftest import start_bot, stop_bot

IN_FLIGHT_AT_MOST = 8  # OrderedDispatcher's max_concurrent
# Telegram's 30 sends a second would spread the 300 answers over ten seconds; pacing is not
# what this test is about (test_telegram.py waits out a 429).
UNPACED = {"BOT_MAX_SENDS_PER_SECOND": "0"}
QUESTIONS = [
    "Viettel ủng hộ Quỹ vắc xin bao nhiêu?",
    "VNPT lắp bao nhiêu camera?",
    "MobiFone góp bao nhiêu?",
    "Giá cước 5G là bao nhiêu?",
    "Sổ sức khỏe điện tử là gì?",
]


def test_sigkill_at_random_moments_answers_every_question_at_most_once(tmp_path: Path) -> None:
    rng = random.Random(9)
    bot = start_bot(tmp_path, UNPACED)
    askers: list[dict] = []
    rounds = (False, True)  # the second: the confirming getUpdates held back
    for number, hold in enumerate(rounds):
        bot.api.hold_confirmations = hold
        new = [tg.user(6_000_000 + 1000 * number + i) for i in range(150)]
        for sender in new:
            bot.api.push({"message": tg.message(tg.private_chat(sender["id"]), sender, rng.choice(QUESTIONS))})
        askers += new
        answered = len(bot.api.calls("sendMessage"))
        bot.api.wait_for("sendMessage", count=answered + rng.randint(1, 100), timeout=60)
        bot.process.kill()  # SIGKILL, a few answers into the burst
        bot.process.wait()
        bot = start_bot(tmp_path, UNPACED, api=bot.api)
    bot.api.hold_confirmations = False
    bot.api.wait_until_confirmed(timeout=60)  # everything fetched again was claimed ...
    stop_bot(bot)  # ... and SIGTERM finishes what was claimed
    answers = Counter(int(call.params["chat_id"]) for call in bot.api.calls("sendMessage"))
    assert answers and max(answers.values()) == 1, "answered twice"
    unanswered = [sender["id"] for sender in askers if answers[sender["id"]] == 0]
    assert len(unanswered) <= IN_FLIGHT_AT_MOST * len(rounds)
