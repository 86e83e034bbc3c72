# The bot as an image: python -m bot on Telegram (long polling, or a webhook when
# TELEGRAM_WEBHOOK_URL is set). The token comes at run time, never in the image:
# TELEGRAM_BOT_TOKEN_FILE pointing at a Docker secret (see docker-compose.yml).
# tests/test_packaging.py lints this file with hadolint and runs its install steps.

FROM python:3.11-slim AS build
WORKDIR /src
COPY pyproject.toml README.md ./
COPY bot ./bot
RUN pip wheel --no-cache-dir --no-deps --wheel-dir /wheels .

FROM python:3.11-slim
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    BOT_KNOWLEDGE_DIR=/app/knowledge \
    BOT_SEEDS_DIR=/app/seeds \
    BOT_STATE_DIR=/data
RUN groupadd --system --gid 10001 bot \
    && useradd --system --uid 10001 --gid 10001 --no-create-home --shell /usr/sbin/nologin bot \
    && mkdir -m 0700 /data \
    && chown 10001:10001 /data
WORKDIR /app
# The dependencies at the versions the tests passed with, not whatever is newest on build day.
COPY constraints.txt ./
COPY --from=build /wheels /wheels
RUN pip install --no-cache-dir -c constraints.txt /wheels/*.whl \
    && rm -rf /wheels
# knowledge/ and seeds/ as built; docker-compose.yml mounts the curated ones over them.
COPY knowledge ./knowledge
COPY seeds ./seeds
# The held-out question sets, so that `python -m bot eval` runs inside the container.
COPY tests/questions*.yaml ./tests/
USER 10001:10001
VOLUME ["/data"]
# The webhook server's port (TELEGRAM_WEBHOOK_PORT); long polling listens on nothing.
EXPOSE 8443
# Healthy while the running bot's heartbeat in /data is fresh (it beats every 30 s, and is
# removed when the bot stops).
HEALTHCHECK --interval=60s --timeout=10s --start-period=30s --retries=3 CMD ["python", "-m", "bot", "health"]
CMD ["python", "-m", "bot"]
