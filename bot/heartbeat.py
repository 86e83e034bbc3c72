"""The running bot's heartbeat file in its state folder, which `python -m bot health` reads.

Apart from bot.state so that `health`, the container's HEALTHCHECK once a minute, loads nothing
else: bot.state brings the dialogue model and, through it, the answering pipeline and numpy.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path

logger = logging.getLogger(__name__)

HEARTBEAT_FILE = "heartbeat"
HEARTBEAT_SECONDS = 30
HEARTBEAT_MAX_AGE = 4 * HEARTBEAT_SECONDS
FILE_MODE = 0o600  # as every file of the state (bot.state)


def beat(folder: Path) -> None:
    """Touch the heartbeat file: the running bot does it every HEARTBEAT_SECONDS."""
    (folder / HEARTBEAT_FILE).touch(mode=FILE_MODE)


def stop_beating(folder: Path) -> None:
    """The bot has stopped (or is starting): `health` reports unhealthy until it beats again."""
    try:
        (folder / HEARTBEAT_FILE).unlink(missing_ok=True)
    except OSError as error:  # a folder it cannot write: `health` goes by the beat's age, as after a kill
        logger.debug("heartbeat not removed: %s", error)


def heartbeat_age(folder: Path) -> float | None:
    """Seconds since the last heartbeat, None when there was none."""
    try:
        return time.time() - (folder / HEARTBEAT_FILE).stat().st_mtime
    except FileNotFoundError:
        return None
