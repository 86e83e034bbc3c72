"""What an operator asks of a running bot, whatever its front end: reload the knowledge base, /stats.

Telegram's /reload, /stats and SIGHUP only call these and send what they return: no wording,
checking or counting of their own. The engine knows nothing of SQLite or Redis: the state comes
in as anything with `recent_gaps`, `problem` and `workers` (both stores in bot.stores are).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Protocol

from bot.config import Settings
from bot.engine import Engine
from bot.gaps import Gap, format_groups, group_gaps
from bot.kbcheck import check_knowledge
from bot.replies import Reply

logger = logging.getLogger(__name__)

STATS_GAP_SAMPLE = 500  # /stats groups only the latest gaps: grouping is quadratic in their number
RELOAD_PROBLEMS_SHOWN = 10


@dataclass(frozen=True)
class Workers:
    """The bot's workers sharing one state (Redis): how many beat lately, and their counts together."""

    alive: int
    answered: int
    declined: int


class GapLog(Protocol):
    """The running bot's state, as /stats reads it: its gap log, and the other workers if it is shared."""

    problem: str | None  # why the log is kept in memory only; None while it is saved

    def recent_gaps(self, limit: int) -> list[Gap]: ...

    def workers(self, own: Mapping[str, int]) -> Workers | None:
        """The workers alive and their answered/declined counts added up, this one's being `own`;
        None when this process is the only one (SQLite). Blocking: from a thread."""
        ...


@dataclass(frozen=True)
class Reloaded:
    """The engine to answer with from now on (the old one if the knowledge base failed its check)."""

    engine: Engine
    problems: list[str]


def reload(engine: Engine, settings: Settings) -> Reloaded:
    """Load the knowledge base again, checked as `kb check` does (examples included); keep the old
    engine, and every chat's context, if it fails. Blocking: a front end runs it off its event loop."""
    knowledge, problems = check_knowledge(settings.knowledge_dir, settings.seeds_dir, True)
    if problems or knowledge is None:
        logger.error("knowledge base not reloaded: %d problem(s); the old one keeps answering", len(problems))
        for problem in problems:
            logger.error("kb check: %s", problem)
        return Reloaded(engine, problems)
    reloaded = engine.with_knowledge(knowledge)
    logger.info("knowledge base reloaded: %d facts", len(knowledge.facts))
    return Reloaded(reloaded, [])


def reload_reply(result: Reloaded, lang: str) -> Reply:
    """What the admin who asked for the reload is told."""
    engine = result.engine
    phrase = engine.knowledge.phrase
    if not result.problems:
        text = phrase("reloaded", lang, facts=len(engine.knowledge.facts))
    else:
        text = (
            phrase("not_reloaded", lang, problems=len(result.problems))
            + "\n"
            + "\n".join(result.problems[:RELOAD_PROBLEMS_SHOWN])
        )
    return engine.replies.info(lang, text)


def stats(engine: Engine, lang: str, uptime_seconds: float, gaps: GapLog | None) -> Reply:
    """Uptime, questions answered and declined since start, the top gap groups and whether the
    gap log is saved; with several workers sharing the state, how many are alive and the counts
    of them all. Grouping is CPU work that grows with the gaps: a front end runs this off its
    event loop; only the latest STATS_GAP_SAMPLE gaps are grouped."""
    uptime = int(uptime_seconds)
    phrase = engine.knowledge.phrase
    answered, declined = engine.counts["answered"], engine.counts["declined"]
    workers = gaps.workers(engine.counts) if gaps is not None else None
    text = ""
    if workers is not None:
        answered, declined = workers.answered, workers.declined
        text = phrase("stats_workers", lang, workers=workers.alive) + "\n"
    text += phrase(
        "stats",
        lang,
        hours=uptime // 3600,
        minutes=uptime % 3600 // 60,
        seconds=uptime % 60,
        answered=answered,
        declined=declined,
    )
    if gaps is not None:
        text += "\n" + format_groups(group_gaps(gaps.recent_gaps(STATS_GAP_SAMPLE)), limit=5)
        if gaps.problem is not None:
            text += "\n" + phrase("state_in_memory", lang, problem=gaps.problem)
    return engine.replies.info(lang, text)
