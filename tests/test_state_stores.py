"""One behaviour, two stores: SQLite (the default) and Redis (a real Valkey server), through the
StateStore interface the Telegram front end uses: contexts with their expiry, each update
claimed once per bot (final once its answer goes out: `answering()`, which the Bot API layer
awaits before every request), gaps, the flood limit, each chat's updates in order, the
heartbeat. The Redis-only part (several workers sharing one server, leases running out) is at
the end."""

from __future__ import annotations

import asyncio
import dataclasses
import re
import time
from collections.abc import AsyncIterator, Callable
from pathlib import Path
from typing import Any

import pytest
import redis
import redis.asyncio as aioredis
from telegram import Update

from bot.cli import main
from bot.config import Settings
from bot.dialogue import DialogueState
from bot.gaps import Gap
from bot.redis_state import RedisState
from bot.state import heartbeat_age
from bot.store_protocol import answering
from bot.stores import StateStore, StateUnavailable, open_state
from bot.telegram_app import update_keys
from bot.throttle import Verdict
from tests import telegram_updates as tg
from tests.conftest import TOKEN
from tests.redis_server import free_port

OTHER_BOT = "7000002:AAH4fakeTokenForTests_abcdefghijklmnopq"


def settings_for(kind: str, tmp_path: Path, url: str, **changes: Any) -> Settings:
    fields: dict[str, Any] = {
        "token_env": TOKEN,
        "state_dir": tmp_path / "state",
        "chat_lease_seconds": 0.6,
        "state_url": url if kind == "redis" else None,
        **changes,
    }
    return dataclasses.replace(Settings.from_env({}), **fields)


@pytest.fixture(params=["sqlite", "redis"])
def make_store(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Callable[..., Any]]:
    """Opens a store of the parametrised kind (as a worker of the bot would), closed at the end."""
    kind = request.param
    url = request.getfixturevalue("redis_url") if kind == "redis" else ""
    opened: list[StateStore] = []

    async def make(**changes: Any) -> StateStore:
        store = open_state(settings_for(kind, tmp_path, url, **changes))
        assert await store.connect(asyncio.Event())
        opened.append(store)
        return store

    make.kind = kind  # type: ignore[attr-defined]
    yield make
    for store in opened:
        store.close()


def update(update_id: int, chat_id: int, text: str = "VNPT camera?", user_id: int | None = None) -> Update:
    sender = tg.user(user_id or chat_id)
    chat = tg.private_chat(chat_id) if chat_id > 0 else tg.group_chat(chat_id)
    return Update.de_json({"update_id": update_id, "message": tg.message(chat, sender, text)}, None)


def context(words: tuple[str, ...] = ("camera",), at: float | None = None) -> DialogueState:
    return DialogueState(words, (), ("vnpt",), "vi", ("fact",), time.time() if at is None else at)


async def test_context_is_kept_and_expires(make_store: Callable[..., Any]) -> None:
    store = await make_store(context_ttl_hours=0.4 / 3600)
    seen: list[DialogueState | None] = []

    async def run(update: Update) -> None:  # as a handler does: read, then write
        seen.append(store.get("tg:1"))
        store.put("tg:1", context((update.message.text,)))

    dispatcher = store.dispatcher(run, update_keys)
    await dispatcher.handle(update(1, 1, "first"))
    await dispatcher.handle(update(2, 1, "second"))
    assert seen[0] is None and seen[1] is not None and seen[1].words == ("first",)
    store.flush(force=True)
    assert store.get("tg:1").words == ("second",)
    await asyncio.sleep(0.5)
    assert store.get("tg:1") is None
    await store.disconnect()


async def test_each_update_is_run_once_per_bot(make_store: Callable[..., Any]) -> None:
    first, again, other_bot = await make_store(), await make_store(), await make_store(token_env=OTHER_BOT)
    runs: list[tuple[str, int]] = []

    def recorder(name: str) -> Callable[[Update], Any]:
        async def run(update: Update) -> None:
            runs.append((name, update.update_id))

        return run

    await first.dispatcher(recorder("first"), update_keys).handle(update(10, 5))
    first.flush(force=True)
    await again.dispatcher(recorder("again"), update_keys).handle(update(10, 5))  # delivered again
    await other_bot.dispatcher(recorder("other"), update_keys).handle(update(10, 5))  # another bot's ledger
    assert runs == [("first", 10), ("other", 10)]
    for store in (first, again, other_bot):
        await store.disconnect()


async def test_a_delivery_again_while_the_first_runs_is_run_once(make_store: Callable[..., Any]) -> None:
    """Telegram delivers an update again while it is being answered (its first request timed out):
    the second delivery waits for the first, then is skipped; neither returns before the answer."""
    store = await make_store()
    events: list[str] = []

    async def run(update: Update) -> None:
        events.append(f"start {update.update_id}")
        await asyncio.sleep(0.05)
        await answering()
        events.append(f"sent {update.update_id}")

    dispatcher = store.dispatcher(run, update_keys)

    async def deliver(name: str) -> None:
        await dispatcher.handle(update(15, 6))
        events.append(f"{name} returned")

    await asyncio.gather(deliver("first"), deliver("again"))
    assert events[:2] == ["start 15", "sent 15"] and sorted(events[2:]) == ["again returned", "first returned"]
    await store.disconnect()


async def test_an_update_is_final_once_its_answer_goes_out(make_store: Callable[..., Any]) -> None:
    """Whatever happens after the first send (a handler's error here), the update is handled: its
    next delivery is skipped. A handler's error before any send ends it as well (it is not tried
    again and again); one handler may send several times."""
    store = await make_store()
    runs: list[int] = []

    async def run(update: Update) -> None:
        runs.append(update.update_id)
        if update.update_id == 17:
            raise RuntimeError("a bug before sending")
        await answering()
        await answering()  # a second send: already final
        if update.update_id == 16:
            raise RuntimeError("a bug after sending")

    dispatcher = store.dispatcher(run, update_keys)
    for update_id in (16, 17):
        with pytest.raises(RuntimeError):
            await dispatcher.handle(update(update_id, 6))
    await dispatcher.handle(update(18, 6))
    for update_id in (16, 17, 18):  # delivered again
        await dispatcher.handle(update(update_id, 6))
    assert runs == [16, 17, 18]
    await store.disconnect()


async def test_gaps_are_recorded_and_read_oldest_first(make_store: Callable[..., Any]) -> None:
    store = await make_store(gaps_days=1.0)
    now = time.time()

    async def run(update: Update) -> None:
        store.record_gap(Gap(now - 1, "vi", update.message.text, None, 0.1))

    store.record_gap(Gap(now - 3 * 86400, "en", "too old", None, 0.0))  # past BOT_GAPS_DAYS
    store.record_gap(Gap(now - 2, "en", "outside an update", "fact", 0.5))
    await store.dispatcher(run, update_keys).handle(update(20, 7, "giá vàng hôm nay?"))
    store.flush(force=True)
    gaps = await asyncio.to_thread(store.recent_gaps, 10)
    assert [gap.question for gap in gaps] == ["outside an update", "giá vàng hôm nay?"]
    await store.disconnect()


async def test_a_reported_wrong_answer_keeps_its_facts(make_store: Callable[..., Any]) -> None:
    """'wrong answer?' (main's button): the report and the facts the answer gave survive either store."""
    store = await make_store()
    now = time.time()

    async def run(update: Update) -> None:
        store.record_gap(Gap(now - 1, "vi", update.message.text, None, 1.0, reported=True, facts=("f1", "f2")))

    await store.dispatcher(run, update_keys).handle(update(30, 8, "gói cước nào rẻ nhất?"))
    store.record_gap(Gap(now, "en", "outside an update", None, 1.0, reported=True, facts=("f3",)))
    store.flush(force=True)
    gaps = await asyncio.to_thread(store.recent_gaps, 10)
    assert [(gap.reported, gap.facts) for gap in gaps] == [(True, ("f1", "f2")), (True, ("f3",))]
    await store.disconnect()


async def test_flood_limit_answers_then_notifies_once_then_ignores(make_store: Callable[..., Any]) -> None:
    store = await make_store()
    limit = store.flood_limit(2)
    verdicts: list[Verdict] = []

    async def run(update: Update) -> None:
        verdicts.append(limit.check((update.message.chat_id, update.message.from_user.id)))

    dispatcher = store.dispatcher(run, update_keys)
    for number in range(5):
        await dispatcher.handle(update(30 + number, -100, "@telecom_qa_bot camera?", user_id=9))
    await dispatcher.handle(update(40, -100, "@telecom_qa_bot camera?", user_id=10))  # another member
    assert verdicts == [Verdict.ANSWER, Verdict.ANSWER, Verdict.NOTIFY, Verdict.IGNORE, Verdict.IGNORE, Verdict.ANSWER]
    await store.disconnect()


async def test_one_chat_runs_in_order_other_chats_alongside(make_store: Callable[..., Any]) -> None:
    store = await make_store()
    events: list[str] = []

    async def run(update: Update) -> None:
        events.append(f"start {update.update_id}")
        await asyncio.sleep(0.05 if update.update_id == 50 else 0)
        events.append(f"end {update.update_id}")

    dispatcher = store.dispatcher(run, update_keys)
    await asyncio.gather(
        dispatcher.handle(update(50, 1)), dispatcher.handle(update(51, 1)), dispatcher.handle(update(52, 2))
    )
    assert events.index("end 50") < events.index("start 51")
    assert events.index("end 52") < events.index("end 50")  # another chat did not wait
    await store.disconnect()


async def test_heartbeat(make_store: Callable[..., Any], tmp_path: Path) -> None:
    store = await make_store()
    await store.beat()
    age = heartbeat_age(tmp_path / "state")
    assert age is not None and age < 5
    if isinstance(store, RedisState):
        assert await store.live_workers(60) == 1
    await store.disconnect()


# ---- Redis only: several workers on one server ---------------------------------------------------


async def workers(tmp_path: Path, url: str, count: int, **changes: Any) -> list[RedisState]:
    stores = []
    for _ in range(count):
        store = open_state(settings_for("redis", tmp_path, url, **changes))
        assert isinstance(store, RedisState) and await store.connect(asyncio.Event())
        stores.append(store)
    return stores


async def test_a_chat_stays_in_order_across_workers(tmp_path: Path, redis_url: str) -> None:
    """Update 61 reaches worker B while 60 is still running on worker A: B waits for it and reads
    the context 60 left; and a follow-up's context written by one worker is read by the other."""
    a, b = await workers(tmp_path, redis_url, 2)
    events: list[str] = []

    def runner(store: RedisState) -> Callable[[Update], Any]:
        async def run(update: Update) -> None:
            events.append(f"start {update.update_id} saw {store.get('tg:1') and store.get('tg:1').words}")
            await asyncio.sleep(0.1 if update.update_id == 60 else 0)
            store.put("tg:1", context((str(update.update_id),)))
            events.append(f"end {update.update_id}")

        return run

    first = asyncio.create_task(a.dispatcher(runner(a), update_keys).handle(update(60, 1)))
    await asyncio.sleep(0.02)
    await b.dispatcher(runner(b), update_keys).handle(update(61, 1))
    await first
    assert events == ["start 60 saw None", "end 60", "start 61 saw ('60',)", "end 61"]
    for store in (a, b):
        await store.disconnect()


async def test_a_question_costs_two_round_trips_and_updates_at_once_share_them(tmp_path: Path, redis_url: str) -> None:
    """Leased and read, then made final before the send: two writes to the server per update; what
    the handler writes after its send goes with the next update's first call (nobody waits for
    it), and the calls of updates handled at once share their writes (bot/redis_pipeline.py)."""
    (store,) = await workers(tmp_path, redis_url, 1, chat_lease_seconds=30)  # no renewal meanwhile
    assert store._pipe is not None

    async def run(update: Update) -> None:
        chat = update.effective_chat.id  # type: ignore[union-attr]
        previous = store.get(f"tg:{chat}:after")
        store.put(f"tg:{chat}", context((str(update.update_id), previous.words[0] if previous else "-")))
        await answering()
        store.put(f"tg:{chat}:after", context((str(update.update_id),)))  # as the answer's own context

    dispatcher = store.dispatcher(run, update_keys)
    await dispatcher.handle(update(200, 1))
    writes = store._pipe.round_trips
    for number in range(201, 211):
        await dispatcher.handle(update(number, 1))
    assert store._pipe.round_trips - writes == 20
    assert store.get("tg:1").words == ("210", "209")  # type: ignore[union-attr]  # each saw the last one's write-back

    writes = store._pipe.round_trips
    await asyncio.gather(*(dispatcher.handle(update(number, number)) for number in range(300, 308)))
    assert store._pipe.round_trips - writes <= 4  # 8 updates, 24 calls: together, then made final together
    await store.disconnect()  # the last write-backs are in before it closes
    (store,) = await workers(tmp_path, redis_url, 1)
    assert [store.get(f"tg:{chat}:after").words for chat in (1, 300, 307)] == [("210",), ("300",), ("307",)]  # type: ignore[union-attr]
    await store.disconnect()


async def test_replies_split_over_several_reads_are_put_together(tmp_path: Path, redis_url: str) -> None:
    """The pipeline reads replies as they arrive (bot/redis_pipeline.py): a context of half a
    megabyte comes in many reads, inside the begin script's reply, and is read back whole; so is
    the next update's, in the same connection."""
    (store,) = await workers(tmp_path, redis_url, 1)
    big = dataclasses.replace(context(), question="câu hỏi dài " * 40_000)  # non-ASCII: sizes in bytes
    store.put("tg:11", big)
    seen: list[DialogueState | None] = []

    async def run(update: Update) -> None:
        seen.append(store.get("tg:11"))
        store.put("tg:11", dataclasses.replace(big, question=big.question + str(update.update_id)))
        await answering()

    dispatcher = store.dispatcher(run, update_keys)
    await dispatcher.handle(update(110, 11))
    await dispatcher.handle(update(111, 11))
    assert [state.question if state else None for state in seen] == [big.question, big.question + "110"]
    await store.disconnect()


async def test_a_call_awaited_alone_is_written_at_once(redis_url: str) -> None:
    """With nothing else due on the loop, a call its caller awaits is written at once, with any
    call queued before it that nobody waits for; one nobody waits for waits for the loop's next
    turn (the calls of updates handled at once still share a write: the test above)."""
    from bot.redis_pipeline import Pipelined

    client = aioredis.Redis.from_url(redis_url)
    pipe = Pipelined(client, {"echo": "return ARGV[1]"}, timeout=5)
    try:
        assert await pipe.call("echo", [], ["open"]) == "open"  # a connection, idle now
        writes = pipe.round_trips
        now = pipe.call("echo", [], ["now"])
        assert pipe.round_trips == writes + 1  # before its caller even awaits it
        assert await now == "now"
        later = pipe.call("echo", [], ["later"], awaited=False)
        assert pipe.round_trips == writes + 1
        with_it = pipe.call("echo", [], ["with it"])
        assert pipe.round_trips == writes + 2  # one write for both
        assert [await later, await with_it] == ["later", "with it"]
        pipe.call("echo", [], ["alone"], awaited=False)
        await pipe.drain()
        assert pipe.round_trips == writes + 3
    finally:
        await pipe.disconnect(every=True)
        await client.aclose()


async def test_a_write_not_answered_fails_once_its_own_timeout_has_passed(redis_server: Any) -> None:
    """A connection's timer, armed for its first write, does not cut a later write short: that
    one fails when its own timeout has passed (not before), with the client's timeout error."""
    from bot.redis_pipeline import Pipelined
    from tests.redis_server import RedisLink

    link = RedisLink(redis_server.port)
    client = aioredis.Redis.from_url(link.url())
    pipe = Pipelined(client, {"echo": "return ARGV[1]"}, timeout=0.6)
    try:
        assert await pipe.call("echo", [], ["first"]) == "first"  # the timer armed until 0.6 s from here
        await asyncio.sleep(0.4)
        held = link.hold(b"held")
        started = time.monotonic()
        with pytest.raises(redis.TimeoutError):
            await pipe.call("echo", [], ["held"])
        assert 0.55 < time.monotonic() - started < 3
        assert held.seen.is_set()
        held.release()
        assert await pipe.call("echo", [], ["again"]) == "again"  # on a new connection
    finally:
        await pipe.disconnect(every=True)
        await client.aclose()
        link.close()


async def test_a_context_written_by_another_worker_is_read_as_written_there(tmp_path: Path, redis_url: str) -> None:
    """A worker keeps the contexts it last read or wrote, decoded (the conversation's next question
    is not decoded again): it reads another worker's write of the same context all the same."""
    a, b = await workers(tmp_path, redis_url, 2)
    seen: list[DialogueState | None] = []

    async def run(update: Update) -> None:
        seen.append(a.get("tg:1"))
        await answering()

    dispatcher = a.dispatcher(run, update_keys)
    mine = context(("mine",))
    a.put("tg:1", mine)
    await dispatcher.handle(update(80, 1))
    b.put("tg:1", context(("theirs",)))
    await dispatcher.handle(update(81, 1))
    assert seen[0] is mine and seen[1] is not None and seen[1].words == ("theirs",)
    for store in (a, b):
        await store.disconnect()


async def test_a_lease_whose_worker_never_answered_runs_out(tmp_path: Path, redis_url: str) -> None:
    """Worker A leases update 70 of chat 3 and is never heard of again (killed, or the reply to its
    claim lost in a connection drop): the chat's next update waits for the lease, no longer; a
    delivery of 70 again is answered once the lease has run out, not lost; and then only once."""
    a, b = await workers(tmp_path, redis_url, 2)
    begun = await a.begin(3, 70, [], token="lease:a:1")  # no renewal from now on
    assert begun.turn and begun.first
    ran: list[int] = []

    async def run(update: Update) -> None:
        await answering()
        ran.append(update.update_id)

    dispatcher = b.dispatcher(run, update_keys)
    started = time.monotonic()
    await dispatcher.handle(update(71, 3))
    assert ran == [71] and 0.3 < time.monotonic() - started < 3  # waited for the 0.6 s lease, no longer
    await dispatcher.handle(update(70, 3))  # delivered again: answered late rather than never
    await dispatcher.handle(update(70, 3))
    assert ran == [71, 70]

    await a.begin(4, 72, [], token="lease:a:2")
    started = time.monotonic()
    await asyncio.gather(dispatcher.handle(update(72, 4)), dispatcher.handle(update(72, 4)))  # again, twice
    assert ran == [71, 70, 72] and 0.3 < time.monotonic() - started < 3
    for store in (a, b):
        await store.disconnect()


async def test_a_worker_stalled_past_its_lease_sends_nothing(tmp_path: Path, redis_url: str) -> None:
    """The worker stalls (its whole event loop, renewals included) between leasing update 75 and
    sending its answer, longer than the lease: at the send it finds the lease gone, sends
    nothing and writes nothing back; the update's next delivery answers it, once."""
    (store,) = await workers(tmp_path, redis_url, 1)
    sent: list[int] = []

    async def stalling(update: Update) -> None:
        store.put("tg:9", context(("stalled",)))
        time.sleep(0.9)  # blocking: nothing of this worker runs meanwhile
        await answering()
        sent.append(update.update_id)

    with pytest.raises(StateUnavailable):
        await store.dispatcher(stalling, update_keys).handle(update(75, 9))
    assert sent == [] and store.get("tg:9") is None

    async def run(update: Update) -> None:
        store.put("tg:9", context(("answered",)))
        await answering()
        sent.append(update.update_id)

    dispatcher = store.dispatcher(run, update_keys)
    await dispatcher.handle(update(75, 9))  # delivered again
    await dispatcher.handle(update(75, 9))
    assert sent == [75] and store.get("tg:9").words == ("answered",)
    await store.disconnect()


async def test_a_slow_answer_keeps_its_lease(tmp_path: Path, redis_url: str) -> None:
    """An update that takes longer than the lease (waiting on the network, the loop free) keeps
    renewing it: answered once, and a delivery of it again meanwhile waits, then is skipped.

    The answer goes out only once the lease it began with would have run out on the server's
    clock, its token still there (renewed), whatever the machine's load: not after a fixed sleep.
    The lease is 2 s, so that the renewals (every third of it) survive the event loop stalling
    for over a second on a loaded machine; the test lasts about as long."""
    lease = 2.0
    a, b = await workers(tmp_path, redis_url, 2, chat_lease_seconds=lease)
    client = redis.Redis.from_url(redis_url, decode_responses=True)
    key = "tgqa:7000001:update:77"
    events: list[str] = []

    async def slow(update: Update) -> None:
        token = client.get(key)
        assert token is not None and token.startswith("lease:")
        ran_out_at = time.monotonic() + client.pttl(key) / 1000  # the first lease, as the server counts it
        while time.monotonic() < ran_out_at + 0.1:
            await asyncio.sleep(0.05)
        assert client.get(key) == token  # renewed: still this run's
        await answering()
        events.append("a sent")

    async def again(update: Update) -> None:
        events.append("b sent")

    first = asyncio.create_task(a.dispatcher(slow, update_keys).handle(update(77, 2)))
    while client.get(key) is None:  # leased to A
        await asyncio.sleep(0.01)
    await b.dispatcher(again, update_keys).handle(update(77, 2))  # waits for A's answer, then skipped
    events.append("b returned")
    await first
    assert events == ["a sent", "b returned"]
    client.close()
    for store in (a, b):
        await store.disconnect()


async def test_a_stalled_workers_waiting_update_goes_behind_the_running_one(tmp_path: Path, redis_url: str) -> None:
    """Worker A registered update 80 of chat 5 and stalled while it waited: its place ran out and
    81 began on worker B. When A goes on, 80 takes a place again behind the running 81, never
    in front of it: one update of a chat at a time, whatever stalls."""
    a, b = await workers(tmp_path, redis_url, 2)
    await a.begin(5, 80, [], claim=False)  # registered; no renewal while A stalls
    events: list[str] = []

    def runner(name: str) -> Callable[[Update], Any]:
        async def run(update: Update) -> None:
            events.append(f"start {update.update_id} on {name}")
            await asyncio.sleep(0.3 if update.update_id == 81 else 0)
            await answering()
            events.append(f"end {update.update_id}")

        return run

    running = asyncio.create_task(b.dispatcher(runner("b"), update_keys).handle(update(81, 5)))
    while not events:  # 81 waits for 80's lease (0.6 s), then begins
        await asyncio.sleep(0.01)
    await a.dispatcher(runner("a"), update_keys).handle(update(80, 5))  # A goes on
    await running
    assert events == ["start 81 on b", "end 81", "start 80 on a", "end 80"]
    for store in (a, b):
        await store.disconnect()


async def test_flood_limit_is_counted_once_for_all_workers(tmp_path: Path, redis_url: str) -> None:
    stores = await workers(tmp_path, redis_url, 3)
    verdicts: list[Verdict] = []
    for number in range(6):
        store = stores[number % 3]
        limit = store.flood_limit(3)

        async def run(update: Update, limit: Any = limit) -> None:
            verdicts.append(limit.check((update.message.chat_id, update.message.from_user.id)))

        await store.dispatcher(run, update_keys).handle(update(80 + number, -200, "@telecom_qa_bot x", user_id=4))
    assert verdicts == [Verdict.ANSWER] * 3 + [Verdict.NOTIFY, Verdict.IGNORE, Verdict.IGNORE]
    for store in stores:
        await store.disconnect()


async def test_a_reload_on_one_worker_reaches_the_others(tmp_path: Path, redis_url: str) -> None:
    a, b = await workers(tmp_path, redis_url, 2)
    reloaded = asyncio.Event()

    async def reload() -> None:
        reloaded.set()

    b.on_knowledge_change(reload)
    a.on_knowledge_change(reload)

    async def run(update: Update) -> None:
        pass

    await a.knowledge_reloaded()
    await a.dispatcher(run, update_keys).handle(update(90, 1))
    assert not reloaded.is_set()  # the worker that reloaded does not reload again
    await b.dispatcher(run, update_keys).handle(update(91, 1))
    await asyncio.wait_for(reloaded.wait(), 2)
    for store in (a, b):
        await store.disconnect()


async def test_health_lists_every_workers_heartbeat(
    tmp_path: Path,
    redis_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    restore_logging: None,
) -> None:
    """`python -m bot health` in a worker's container: its exit status by its own heartbeat, and
    every worker of the bot by its heartbeat in Redis: those beating, those silent (killed) for
    up to a day; one that stopped cleanly is no longer listed."""
    (store,) = await workers(tmp_path, redis_url, 1)
    client = redis.Redis.from_url(redis_url)
    client.hset("tgqa:7000001:workers", "killed-host:7", f"{time.time() - 3600:.0f}")
    client.hset("tgqa:7000001:workers", "long-gone:8", f"{time.time() - 2 * 86400:.0f}")
    await store.beat()
    for name, value in {"BOT_STATE_URL": redis_url, "TELEGRAM_BOT_TOKEN": TOKEN}.items():
        monkeypatch.setenv(name, value)
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path / "state"))
    assert main(["health"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("healthy: heartbeat")
    # "0 s ago", or "1 s ago" when the clock's second turned between the beat and the check
    assert out[1].startswith("workers on redis://") and re.search(
        rf"1 beating \({re.escape(store.worker)} [01] s ago\)", out[1]
    )
    assert out[2] == "workers silent (killed, or cut off from the state store): 1 (killed-host:7 60 min ago)"
    await store.disconnect()  # a clean stop
    assert client.hkeys("tgqa:7000001:workers") == [b"killed-host:7"]
    client.close()

    monkeypatch.setenv("BOT_STATE_URL", f"redis://127.0.0.1:{free_port()}/0")  # nothing listens there
    monkeypatch.setenv("BOT_STATE_DIR", str(tmp_path / "elsewhere"))
    assert main(["health"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("unhealthy") and out[1].startswith("workers: state store redis://127.0.0.1:")
    assert "unreachable" in out[1] and len(out) == 2


async def test_contexts_expire_natively_in_redis(tmp_path: Path, redis_url: str) -> None:
    (store,) = await workers(tmp_path, redis_url, 1, context_ttl_hours=1.0)
    store.put("tg:5", context())
    client = redis.Redis.from_url(redis_url)
    assert 3590_000 < client.pttl("tgqa:7000001:ctx:tg:5") <= 3600_000
    client.close()
    await store.disconnect()


async def test_an_unreachable_server_refuses_updates_then_serves_again(tmp_path: Path) -> None:
    from tests.redis_server import RedisServer

    server = RedisServer(tmp_path / "redis", durable=True)
    url = server.url()
    stop = asyncio.Event()
    store = open_state(settings_for("redis", tmp_path, url))
    connecting = asyncio.create_task(store.connect(stop))
    await asyncio.sleep(0.3)
    assert not connecting.done()  # down at start: waits, trying again
    server.start()
    try:
        async with asyncio.timeout(60):
            await unreachable_then_back(store, server, connecting)
    finally:
        async with asyncio.timeout(10):
            await store.disconnect()
        server.stop()


async def unreachable_then_back(store: StateStore, server: Any, connecting: asyncio.Task[bool]) -> None:
    assert await asyncio.wait_for(connecting, 10)
    ran: list[int] = []

    async def run(update: Update) -> None:
        ran.append(update.update_id)

    dispatcher = store.dispatcher(run, update_keys)
    await dispatcher.handle(update(100, 1))
    server.stop()
    with pytest.raises(StateUnavailable):
        await dispatcher.handle(update(101, 1))
    with pytest.raises(StateUnavailable):  # refused at once now, without a round trip
        await dispatcher.handle(update(101, 1))
    server.start()
    deadline = time.monotonic() + 10
    while not store.available:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline
        await asyncio.sleep(0.05)
    await dispatcher.handle(update(101, 1))
    await dispatcher.handle(update(100, 1))  # the claim survived the restart (append-only file)
    assert ran == [100, 101]

    # Lost after the update was leased, before its answer went out: nothing sent, and once the
    # server is back, the next delivery answers it (after the lease: its worker could not say).
    sent: list[int] = []

    async def cut_off(update: Update) -> None:
        ran.append(update.update_id)
        if update.update_id == 102 and len(sent) == 0 and ran.count(102) == 1:
            server.stop()
        await answering()
        sent.append(update.update_id)

    dispatcher = store.dispatcher(cut_off, update_keys)
    with pytest.raises(StateUnavailable):
        await dispatcher.handle(update(102, 2))
    server.start()
    while not store.available:  # type: ignore[attr-defined]
        assert time.monotonic() < deadline + 10
        await asyncio.sleep(0.05)
    await dispatcher.handle(update(102, 2))
    await dispatcher.handle(update(102, 2))
    assert sent == [102] and ran == [100, 101, 102, 102]
