"""Per-person throttling (a private chat, or a member of a group): one flood must not slow the others."""

from __future__ import annotations

import time
from collections import deque
from collections.abc import Callable, Hashable
from enum import Enum

MAX_TRACKED = 50_000


class Verdict(Enum):
    ANSWER = "answer"
    NOTIFY = "notify"  # over the limit: tell the member once
    IGNORE = "ignore"  # over the limit and already told


class Throttle:
    """At most `limit` questions per key in any `window` seconds."""

    def __init__(self, limit: int, window: float = 60.0, clock: Callable[[], float] = time.monotonic):
        self._limit = limit
        self._window = window
        self._clock = clock
        self._asked: dict[Hashable, deque[float]] = {}
        self._notified: set[Hashable] = set()

    def check(self, key: Hashable) -> Verdict:
        if self._limit <= 0:
            return Verdict.ANSWER
        now = self._clock()
        asked = self._asked.setdefault(key, deque())
        while asked and now - asked[0] >= self._window:
            asked.popleft()
        if len(asked) < self._limit:
            asked.append(now)
            self._notified.discard(key)
            return Verdict.ANSWER
        if key in self._notified:
            return Verdict.IGNORE
        self._notified.add(key)
        self._forget_idle(now)
        return Verdict.NOTIFY

    def _forget_idle(self, now: float) -> None:
        if len(self._asked) > MAX_TRACKED:  # bounded memory however many members
            idle = [k for k, times in self._asked.items() if not times or now - times[-1] >= self._window]
            for key in idle:
                del self._asked[key]
                self._notified.discard(key)
