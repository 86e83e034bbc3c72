"""Several real `python -m bot` webhook workers on one Redis (a real Valkey server), against the
Bot API double; the test plays Telegram, delivering each update until a worker answers its
request with 200, many at once (as Telegram's max_connections) and again after a failure.

Every question answered once, none twice, each chat in order, follow-ups resolved whichever
worker answered the question, one flood notice per flooding member: three workers sharing one
port (SO_REUSEPORT) through a burst in which one is SIGKILLed. Two workers on ports of their
own (behind a "reverse proxy" that tries the other on a failure), on a Redis reached through a
link that can lose a reply or hold a command: the reply to a claim lost, a worker stalled
(SIGSTOP) between its claim and its answer, and the Redis server stopped and started again."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
import redis

from bot.config import Settings
from bot.redis_state import _BEGIN, _END
from tests import telegram_updates as tg
from tests.botapi_double import BotApiDouble
from tests.conftest import ROOT, TOKEN, warm_cache
from tests.redis_server import RedisLink, RedisServer, free_port

SECRET = "workers-secret_token"
QUESTION, QUESTION_ANSWER = "Viettel ủng hộ Quỹ vắc xin bao nhiêu?", "450 tỷ"
FOLLOW_UP, FOLLOW_UP_ANSWER = "Còn MobiFone thì sao?", "200 tỷ"
GROUP_QUESTION = "@telecom_qa_bot VNPT lắp bao nhiêu camera?"
SLOW_DOWN = "Bạn hỏi hơi nhanh"
# A killed worker's updates made final (just before their answer went out) and not yet sent: at
# most its dispatcher's slots, in practice none or one.
IN_FLIGHT_AT_MOST = 8
LEASE = 1.0  # BOT_CHAT_LEASE_SECONDS: how long a dead or stalled worker's update waits


@dataclass
class Workers:
    api: BotApiDouble
    urls: list[str]  # where each worker listens (all the same with one shared port)
    processes: list[subprocess.Popen[str]]
    folder: Path
    marks: dict[Path, int] = field(default_factory=dict)  # log sizes when the current test began

    @property
    def url(self) -> str:
        return self.urls[0]

    def log_paths(self) -> list[Path]:
        return sorted(self.folder.glob("worker-*.log"))

    def mark(self) -> None:
        """From now on, logs() shows only what the workers log after this."""
        self.marks = {path: path.stat().st_size for path in self.log_paths()}

    def logs(self, number: int | None = None) -> str:
        paths = self.log_paths() if number is None else [self.folder / f"worker-{number}.log"]
        texts = []
        for path in paths:
            with path.open("rb") as log:
                log.seek(self.marks.get(path, 0))
                texts.append(log.read().decode(errors="replace"))
        return "\n".join(texts)

    def stop(self) -> None:
        for process in self.processes:
            if process.poll() is None:
                os.kill(process.pid, signal.SIGCONT)  # one a test left stopped
                process.terminate()
        for process in self.processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        self.api.stop()


def start_workers(
    folder: Path, state_url: str, count: int, own_ports: bool = False, api: Any = None, **env: str
) -> Workers:
    """`count` workers: on one port (SO_REUSEPORT), or each on a port of its own. The lease is short
    (LEASE): a dead worker's updates wait that long; a live worker whose event loop stalls past it
    (two cores shared with other suites) sends nothing for that update, which comes again. `api`:
    another Bot API than the strict double (one with its `url`, `wait_for` and `stop`)."""
    if api is None:
        api = BotApiDouble(TOKEN)
        api.start()
    ports = [free_port() for _ in range(count)] if own_ports else [free_port()] * count
    urls = [f"http://127.0.0.1:{port}/hook" for port in ports]
    environment = {
        **os.environ,
        "TELEGRAM_BOT_TOKEN": TOKEN,
        "TELEGRAM_API_BASE_URL": api.url,
        "TELEGRAM_WEBHOOK_URL": urls[0],  # the one address registered with Telegram
        "TELEGRAM_WEBHOOK_SECRET": SECRET,
        "TELEGRAM_WEBHOOK_LISTEN": "127.0.0.1",
        "TELEGRAM_WEBHOOK_REUSE_PORT": "0" if own_ports else "1",
        "BOT_STATE_URL": state_url,
        "BOT_CHAT_LEASE_SECONDS": str(LEASE),
        "BOT_STATE_DIR": str(folder / "state"),
        "BOT_MAX_SENDS_PER_SECOND": "0",
        "LOG_LEVEL": "INFO",
        "PYTHONUNBUFFERED": "1",
        **env,
    }
    warm_cache(Settings.from_env(environment))  # the compiled knowledge, as a restarted worker finds it
    processes = []
    for number, port in enumerate(ports):
        log = (folder / f"worker-{number}.log").open("a", encoding="utf-8")
        processes.append(
            subprocess.Popen(
                [sys.executable, "-m", "bot"],
                cwd=ROOT,
                env={**environment, "TELEGRAM_WEBHOOK_PORT": str(port)},
                stdout=log,
                stderr=subprocess.STDOUT,
                text=True,
            )
        )
    workers = Workers(api, urls, processes, folder)
    try:
        api.wait_for("setWebhook", count=count, timeout=60)  # each one listening
    except AssertionError:
        workers.stop()
        raise AssertionError("workers did not start:\n" + workers.logs()) from None
    return workers


class Delivery:
    def __init__(self) -> None:
        self.future: Future[None] | None = None

    def result(self, timeout: float) -> None:
        assert self.future is not None
        self.future.result(timeout=timeout)


class Telegram:
    """Delivers updates to the webhook as Telegram does: up to 40 at once, each one again (after a
    pause) until a request for it is answered 2xx. With several addresses (workers on ports of
    their own), as a reverse proxy in front of them would: each try goes to the next one."""

    def __init__(self, urls: str | list[str], connections: int = 40):
        self._urls = [urls] if isinstance(urls, str) else urls
        self._next = itertools.count()
        self._pool = ThreadPoolExecutor(connections)
        self.statuses: Counter[int | str] = Counter()
        self._lock = threading.Lock()

    def deliver(
        self, update: dict[str, Any], after: Callable[[], bool] | None = None, to: int | None = None
    ) -> Delivery:
        """`to`: the worker that gets the first try."""
        delivery = Delivery()
        delivery.future = self._pool.submit(self._deliver, update, after, to)
        return delivery

    def _deliver(self, update: dict[str, Any], after: Callable[[], bool] | None, to: int | None) -> None:
        deadline = time.monotonic() + 30
        while after is not None and not after():  # sent once the update before it has reached a worker
            assert time.monotonic() < deadline, "the update before never reached a worker"
            time.sleep(0.002)
        target = next(self._next) if to is None else to
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            request = urllib.request.Request(
                self._urls[target % len(self._urls)],
                data=json.dumps(update).encode(),
                method="POST",
                headers={"Content-Type": "application/json", "X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            try:
                with urllib.request.urlopen(request, timeout=30) as response:
                    self._count(response.status)
                    return
            except urllib.error.HTTPError as error:
                self._count(error.code)
            except (urllib.error.URLError, ConnectionError, TimeoutError) as error:
                self._count(type(error).__name__)
            target += 1
            time.sleep(0.05)
        raise AssertionError(f"update {update['update_id']} never accepted")

    def _count(self, status: int | str) -> None:
        with self._lock:
            self.statuses[status] += 1

    def close(self) -> None:
        self._pool.shutdown(wait=True)


def burst(
    telegram: Telegram,
    api: BotApiDouble,
    state_url: str,
    chats: int,
    members: int,
    per_member: int,
    first_chat: int,
    askers: dict[int, int] | None = None,
) -> list[Delivery]:
    """Each private chat: a question, then its follow-up, sent as soon as the question has reached
    a worker (it is in its chat's queue in Redis, or already claimed), not waiting for its answer:
    the two often run on different workers at once. And one group's members flooding."""
    client = redis.Redis.from_url(state_url)

    def reached(update: dict[str, Any], chat_id: int) -> Callable[[], bool]:
        queue, claim = f"tgqa:7000001:chat:{chat_id}:queue", f"tgqa:7000001:update:{update['update_id']}"

        def check() -> bool:
            try:
                return client.zscore(queue, update["update_id"]) is not None or bool(client.exists(claim))
            except redis.RedisError:  # the server is away: the question cannot have reached a worker
                return False

        return check

    sent: list[Delivery] = []
    group = tg.group_chat(-1_000_000 - first_chat)
    for number in range(chats):
        sender = tg.user(first_chat + number)
        chat = tg.private_chat(sender["id"])
        question_update = api.push({"message": tg.message(chat, sender, QUESTION)})
        question = telegram.deliver(question_update)
        follow_up = telegram.deliver(
            api.push({"message": tg.message(chat, sender, FOLLOW_UP)}), after=reached(question_update, chat["id"])
        )
        sent += [question, follow_up]
        if number < members * per_member:
            member = tg.user(first_chat + 500_000 + number % members)
            update = api.push({"message": tg.message(group, member, GROUP_QUESTION)})
            if askers is not None:
                askers[update["message"]["message_id"]] = member["id"]
            sent.append(telegram.deliver(update))
    return sent


def answers(api: BotApiDouble, chat_id: int) -> list[str]:
    return [call.params["text"] for call in api.calls("sendMessage", chat_id=chat_id) if call.status == 200]


def check_private_chats(api: BotApiDouble, first_chat: int, chats: int) -> list[int]:
    """Nothing answered twice anywhere; the chats whose question or follow-up went unanswered."""
    deviating = []
    for chat_id in range(first_chat, first_chat + chats):
        texts = answers(api, chat_id)
        assert len(texts) <= 2 and len(set(texts)) == len(texts), f"chat {chat_id} answered twice: {texts}"
        if len(texts) != 2 or QUESTION_ANSWER not in texts[0] or FOLLOW_UP_ANSWER not in texts[1]:
            deviating.append(chat_id)
    return deviating


def check_group(api: BotApiDouble, group_id: int, askers: dict[int, int], limit: int) -> None:
    """Each member: `limit` answers and one notice, counted once for all the workers. One message of
    the group may be missing: the killed worker's, made final and not yet sent (the group's updates
    run one at a time, so at most one); none is ever one too many."""
    calls = [call for call in api.calls("sendMessage", chat_id=group_id) if call.status == 200]
    by_member: dict[int, list[str]] = {member: [] for member in askers.values()}
    for call in calls:
        replied = call.params.get("reply_parameters") or {}
        by_member[askers[replied["message_id"]]].append(call.params["text"])
    missing = 0
    for member, texts in by_member.items():
        notices = sum(SLOW_DOWN in text for text in texts)
        assert notices <= 1 and len(texts) - notices <= limit, f"member {member}: {texts}"
        missing += limit + 1 - len(texts)
    assert missing <= 1, by_member


def update_key(update: dict[str, Any]) -> bytes:
    return f"tgqa:7000001:update:{update['update_id']}".encode()


def sha(script: str) -> bytes:
    """How redis-py names a script on the wire (EVALSHA)."""
    return hashlib.sha1(script.encode()).hexdigest().encode()


def leased(reply: bytes) -> bool:
    """The begin script's reply when it leased the update to the worker: {1, 1, version, ...}."""
    return reply.startswith(b"*") and reply.split(b"\r\n")[1:3] == [b":1", b":1"]


def test_three_workers_answer_a_burst_once_in_order_with_one_killed(tmp_path: Path, redis_url: str) -> None:
    limit, members, per_member, chats, first_chat = 3, 3, 6, 90, 8_100_000
    workers = start_workers(tmp_path, redis_url, 3, BOT_GROUP_QUESTIONS_PER_MINUTE=str(limit))
    telegram = Telegram(workers.url)
    try:
        askers: dict[int, int] = {}
        sent = burst(telegram, workers.api, redis_url, chats, members, per_member, first_chat, askers)
        workers.api.wait_for("sendMessage", count=40, timeout=60)
        workers.processes[0].kill()  # SIGKILL, mid-burst: what it held leased is answered after the lease
        for future in sent:
            future.result(timeout=90)
    finally:
        telegram.close()
        workers.stop()  # each worker finishes what it was sending: every send is in by now
    deviating = check_private_chats(workers.api, first_chat, chats)
    assert len(deviating) <= IN_FLIGHT_AT_MOST, f"{len(deviating)} chats not answered in order: {deviating}"
    check_group(workers.api, -1_000_000 - first_chat, askers, limit)
    assert not workers.api.errors_caused_by_bot()
    assert "Traceback" not in workers.logs()


@dataclass
class Faulty:
    """Two workers on ports of their own, on a durable Redis server reached through a RedisLink."""

    workers: Workers
    server: RedisServer
    link: RedisLink


@pytest.fixture(scope="module")
def faulty(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Faulty]:
    folder = tmp_path_factory.mktemp("faulty")
    server = RedisServer(folder / "redis", durable=True).start()
    link = RedisLink(server.port)
    workers = start_workers(folder, link.url(), 2, own_ports=True)
    try:
        yield Faulty(workers, server, link)
    finally:
        workers.stop()
        link.close()
        server.stop()


def ask(api: BotApiDouble, chat_id: int, text: str = QUESTION) -> dict[str, Any]:
    sender = tg.user(chat_id)
    return api.push({"message": tg.message(tg.private_chat(chat_id), sender, text)})


def test_a_lost_claim_and_a_stalled_worker_leave_each_update_answered_once(faulty: Faulty) -> None:
    workers, link = faulty.workers, faulty.link
    api, first = workers.api, 8_300_000
    workers.mark()
    telegram = Telegram(workers.urls)
    try:
        # 1. Worker 0 claims a question and the reply is lost with its connection: it cannot know
        #    it has the lease, so it refuses the update (503); delivered again, to worker 1 first,
        #    it waits for the lease to run out and is answered, once.
        question = ask(api, first)
        lost = link.lose_reply(sha(_BEGIN), update_key(question), when=leased)
        started = time.monotonic()
        telegram.deliver(question, to=0).result(timeout=30)
        assert lost.seen.is_set() and time.monotonic() - started > LEASE * 0.7

        # 2. Worker 0 claims a question and stalls (SIGSTOP) before its answer goes out. Telegram,
        #    its request unanswered, delivers it again: worker 1 waits for the lease, answers it,
        #    and the follow-up after it. Worker 0 goes on: its lease is gone, it sends nothing.
        question = ask(api, first + 1)
        held = link.hold(sha(_END), b"answering", update_key(question))
        stalled = telegram.deliver(question, to=0)
        assert held.seen.wait(10), "no worker came to answer"
        with redis.Redis(port=faulty.server.port) as client:  # the lease names its worker (host:pid)
            lease = client.get(update_key(question)).decode()
        pids = [process.pid for process in workers.processes]
        number = pids.index(int(lease.split(":")[2]))  # worker 0, unless it was still reconnecting after 1.
        os.kill(pids[number], signal.SIGSTOP)
        try:
            telegram.deliver(question, to=1 - number).result(timeout=30)
            telegram.deliver(ask(api, first + 1, FOLLOW_UP), to=1 - number).result(timeout=30)
        finally:
            os.kill(pids[number], signal.SIGCONT)
            held.release()
        stalled.result(timeout=30)  # refused (503) by the stalled worker, then skipped: answered already

        # 3. The stalled worker answers as before.
        telegram.deliver(ask(api, first + 2), to=number).result(timeout=30)
    finally:
        telegram.close()
    assert [QUESTION_ANSWER in text for text in answers(api, first)] == [True]
    chat = answers(api, first + 1)
    assert len(chat) == 2 and QUESTION_ANSWER in chat[0] and FOLLOW_UP_ANSWER in chat[1], chat
    assert [QUESTION_ANSWER in text for text in answers(api, first + 2)] == [True]
    assert telegram.statuses[503] >= 2
    assert workers.logs(number).count("lease on it ran out before its answer went out") == 1
    assert "Traceback" not in workers.logs()


def test_redis_stopped_and_started_while_two_workers_run(faulty: Faulty) -> None:
    workers, server = faulty.workers, faulty.server
    chats, first_chat = 60, 8_200_000
    workers.mark()
    telegram = Telegram(workers.urls)
    try:
        sent = burst(telegram, workers.api, server.url(), chats // 2, 0, 0, first_chat)
        workers.api.wait_for("sendMessage", count=10, timeout=60)
        server.stop()
        sent += burst(telegram, workers.api, server.url(), chats // 2, 0, 0, first_chat + chats // 2)
        deadline = time.monotonic() + 30
        while workers.logs().count("lost (") < 2:  # both refuse updates (503); Telegram delivers again
            assert time.monotonic() < deadline, workers.logs()
            time.sleep(0.02)
        server.start()
        for future in sent:
            future.result(timeout=90)
    finally:
        telegram.close()
    assert telegram.statuses[503] > 0  # updates were refused while Redis was away ...
    deviating = check_private_chats(workers.api, first_chat, chats)  # ... none answered twice ...
    # ... and none lost: only a question answered as Redis went away may have left no context for
    # its follow-up.
    assert len(deviating) <= IN_FLIGHT_AT_MOST * 2, deviating
    logs = workers.logs()
    assert logs.count("lost (") == 2 and logs.count("answers again: taking updates") == 2  # once per worker
    assert "Traceback" not in logs
