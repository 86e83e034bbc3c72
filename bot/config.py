"""Settings from the environment, read in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Settings:
    knowledge_dir: Path
    seeds_dir: Path
    log_level: str = "INFO"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = os.environ if environ is None else environ
        knowledge_dir = Path(env.get("BOT_KNOWLEDGE_DIR") or PROJECT_ROOT / "knowledge")
        return cls(
            knowledge_dir=knowledge_dir,
            seeds_dir=Path(env.get("BOT_SEEDS_DIR") or knowledge_dir.parent / "seeds"),
            log_level=env.get("LOG_LEVEL", "INFO").upper(),
        )
