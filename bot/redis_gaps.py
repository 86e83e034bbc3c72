"""`kb gaps` when the state is in Redis (BOT_STATE_URL=redis://...): read-only, or --purge."""

from __future__ import annotations

import sys
import time

import redis

from bot.config import Settings, masked_url
from bot.gaps import format_groups, group_gaps, parse_since
from bot.redis_state import read_redis_gaps, redis_url


def kb_gaps_in_redis(settings: Settings, since: str, purge: bool) -> int:
    """Every bot's gaps on that server (one, as a rule), or those of the bot whose token is set."""
    try:
        start = parse_since(since)
    except ValueError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    client = redis.Redis.from_url(
        redis_url(settings.state_url or ""), decode_responses=True, socket_connect_timeout=5, socket_timeout=10
    )
    try:
        if settings.telegram_configured:
            keys = [f"tgqa:{settings.bot_token().split(':')[0]}:gaps"]
        else:
            keys = sorted(client.scan_iter(match="tgqa:*:gaps", count=1000))
        if purge:
            deleted = sum(int(client.zcard(key)) for key in keys)
            if keys:
                client.delete(*keys)
            print(f"{deleted} gap(s) deleted")
            return 0
        horizon = max(start, time.time() - settings.gaps_days * 86400)
        gaps = [gap for key in keys for gap in read_redis_gaps(client, key.removesuffix("gaps"), horizon)]
        print(format_groups(group_gaps(sorted(gaps, key=lambda gap: gap.asked_at))))
    except redis.RedisError as error:
        print(f"error: cannot read gaps from {masked_url(settings.state_url or '')}: {error}", file=sys.stderr)
        return 1
    finally:
        client.close()
    return 0
