"""Telegram front end: python-telegram-bot wiring and handlers over the engine.

Usage:
    TELEGRAM_BOT_TOKEN=123:ABC... python -m bot          # long polling
    TELEGRAM_WEBHOOK_URL=https://host/path TELEGRAM_WEBHOOK_SECRET=... python -m bot

The handlers only translate: they take the text and ids out of an Update, ask
the engine, render its Reply as HTML and send it. Private chats: every text is
a question. Groups: only `/ask`, a mention of the bot or a reply to one of its
messages. Inline mode: `@bot question` anywhere.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import gc
import logging
import signal
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Coroutine, Hashable
from typing import Any, TypeAlias

from telegram import (
    Bot,
    BotCommand,
    CallbackQuery,
    Chat,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    InlineQueryResultArticle,
    InlineQueryResultsButton,
    InputTextMessageContent,
    Message,
    MessageEntity,
    ReplyParameters,
    Update,
    User,
)
from telegram.constants import ParseMode
from telegram.error import BadRequest, InvalidToken, RetryAfter, TelegramError
from telegram.ext import (
    Application,
    ApplicationBuilder,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    ExtBot,
    InlineQueryHandler,
    JobQueue,
    MessageHandler,
    filters,
)
from telegram.request import BaseRequest

from bot import service
from bot.assembly import build_engine
from bot.config import ConfigError, Settings
from bot.engine import Engine, suggestion_key
from bot.heartbeat import HEARTBEAT_SECONDS, beat, stop_beating
from bot.render import render_html
from bot.replies import Reply, shorten
from bot.state import FLUSH_SECONDS
from bot.stores import Dispatcher, StateStore, StateUnavailable
from bot.stores import open_state as open_state
from bot.telegram_delivery import OrderedDispatcher, RetryingRateLimiter
from bot.telegram_intake import Poller, WebhookServer
from bot.telegram_request import AiohttpRequest
from bot.throttle import Throttle, Verdict

logger = logging.getLogger(__name__)

COMMANDS = ("start", "help", "ask", "sources", "operators", "about")  # in the menus; /reload, /stats: admins
BUTTON_PREFIX = "q:"  # callback_data = "q:" + 16 hex digits: far below Telegram's 64 bytes
# The "wrong answer?" button's callback_data. The pressed message names the answer (its context is
# kept under message_key), so no key and never the question's text goes into it: one byte.
WRONG_ANSWER = "w"
MAX_INLINE_RESULTS = 10
INLINE_CACHE_SECONDS = 300
# Start-up while the Bot API does not answer: tried again after 1, 2, 4, 8 s, then every 10 s: light on
# Telegram through a long outage, and never more than 10 s late once it answers again.
FIRST_RETRY_SECONDS = 1.0
MAX_RETRY_SECONDS = 10.0

# The Application build_application makes: python-telegram-bot's default types, but for the bot's
# rate-limit arguments (AIORateLimiter's: int).
App: TypeAlias = Application[
    ExtBot[int],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]
Handler = Callable[["TelegramFrontEnd", Update, ContextTypes.DEFAULT_TYPE], Coroutine[Any, Any, None]]


def user_lang(user: User | None) -> str:
    """Vietnamese unless the user's Telegram speaks another language."""
    code = (user.language_code or "") if user else ""
    return "en" if code and not code.lower().startswith("vi") else "vi"


def is_group(chat: Chat) -> bool:
    return chat.type in (Chat.GROUP, Chat.SUPERGROUP)


def mentions_bot(message: Message) -> bool:
    bot = message.get_bot()
    entities = message.parse_entities([MessageEntity.MENTION, MessageEntity.TEXT_MENTION])
    for entity, text in entities.items():
        if entity.type == MessageEntity.MENTION and text[1:].lower() == (bot.username or "").lower():
            return True
        if entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot.id:
            return True
    return False


def replies_to_bot(message: Message) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == message.get_bot().id)


class AddressedToBot(filters.MessageFilter):
    """A message that mentions this bot or replies to one of its messages."""

    def filter(self, message: Message) -> bool:
        return replies_to_bot(message) or mentions_bot(message)


def message_key(message: Message) -> str:
    """The context of the question one of the bot's messages answered."""
    return f"tg:{message.chat_id}:message:{message.message_id}"


def context_key(chat: Chat, user: User | None) -> str:
    """A private chat is one conversation; in a group each member has their own."""
    if is_group(chat):
        return f"tg:{chat.id}:{user.id if user else 0}"
    return f"tg:{chat.id}"


def update_keys(update: Update) -> tuple[list[str], Hashable | None]:
    """The context keys the handlers may read for this update, and its sender's flood-limit key
    (as _answer, button and _admit work them out): a shared state reads them all at once."""
    message, user = update.effective_message, update.effective_user
    if message is None:
        return [], None
    keys = [context_key(message.chat, user)]
    if message.reply_to_message is not None:
        keys.append(message_key(message.reply_to_message))
    return keys, (message.chat_id, user.id if user else 0)


def gated(handler: Handler) -> Handler:
    """A handler that answers in the chat, behind the per-person limit (TelegramFrontEnd._admit)."""

    @functools.wraps(handler)
    async def admitted(self: TelegramFrontEnd, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._admit(update.effective_message, update.effective_user):
            await handler(self, update, context)

    return admitted


class TelegramFrontEnd:
    """The handlers: Telegram in, engine, Telegram out."""

    def __init__(self, engine: Engine, settings: Settings, state: StateStore | None = None):
        self.engine = engine
        self.settings = settings
        self.state = state
        # Counted by the state: with Redis, once for all the bot's workers.
        limit = state.flood_limit if state is not None else Throttle
        self.group_throttle = limit(settings.group_questions_per_minute)
        self.private_throttle = limit(settings.private_questions_per_minute)
        self.started_at = time.monotonic()
        self._background: set[asyncio.Task[None]] = set()

    def register(self, app: App) -> None:
        new_messages = filters.UpdateType.MESSAGE  # edits and channel posts are not questions
        private = filters.ChatType.PRIVATE & new_messages
        groups = filters.ChatType.GROUPS & new_messages
        info = {
            "start": self.start,
            "help": self.start,
            "sources": self.sources,
            "operators": self.operators,
            "about": self.about,
        }
        for command, callback in info.items():
            app.add_handler(CommandHandler(command, callback, filters=new_messages))
        app.add_handler(CommandHandler("ask", self.ask_command, filters=new_messages))
        app.add_handler(CommandHandler("reload", self.reload_command, filters=new_messages))
        app.add_handler(CommandHandler("stats", self.stats_command, filters=new_messages))
        app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, self.private_text))
        app.add_handler(MessageHandler(private & filters.COMMAND, self.start))  # unknown command
        app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.not_text))
        app.add_handler(
            MessageHandler(groups & filters.TEXT & ~filters.COMMAND & AddressedToBot(), self.group_question)
        )
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(InlineQueryHandler(self.inline_query))
        app.add_handler(ChatMemberHandler(self.membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self.on_error)

    # ---- the per-person limit -------------------------------------------------------

    async def _admit(self, message: Message | None, user: User | None) -> bool:
        """Nothing one person does may slow the others: past the per-minute limit (one for a
        private chat, another for each member of a group) they get one polite notice, then
        silence until the window has passed. Checked before the engine and before sending,
        so a flood never reaches the shared send pacing."""
        if message is None:
            return False
        throttle = self.group_throttle if is_group(message.chat) else self.private_throttle
        verdict = throttle.check((message.chat_id, user.id if user else 0))
        if verdict is Verdict.NOTIFY:
            await self._send(message, self.engine.say("slow_down", user_lang(user)))
        return verdict is Verdict.ANSWER

    # ---- commands ------------------------------------------------------------------

    @gated
    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._help(update)

    async def _help(self, update: Update) -> None:
        await self._send(update.effective_message, self.engine.help(user_lang(update.effective_user)))

    @gated
    async def sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.sources(user_lang(update.effective_user)))

    @gated
    async def operators(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.operators(user_lang(update.effective_user)))

    @gated
    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.about(user_lang(update.effective_user)))

    async def _admin_in_private(self, update: Update) -> bool:
        """Admin output (gap questions people typed, kb check problems) goes only to a private
        chat with the admin: in a group they get a short "ask me in private", others the help."""
        user = update.effective_user
        if user is None or user.id not in self.settings.admin_ids:
            await self._help(update)
            return False
        if update.effective_chat is None or update.effective_chat.type != Chat.PRIVATE:
            await self._send(update.effective_message, self.engine.say("admin_private", user_lang(user)))
            return False
        return True

    @gated
    async def reload_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._admin_in_private(update):
            return
        reloaded = await self.reload_knowledge()
        await self._send(update.effective_message, service.reload_reply(reloaded, user_lang(update.effective_user)))

    @gated
    async def stats_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if not await self._admin_in_private(update):
            return
        # Grouping the gaps is CPU work that grows with them: off the event loop.
        reply = await asyncio.to_thread(
            service.stats, self.engine, user_lang(update.effective_user), time.monotonic() - self.started_at, self.state
        )
        await self._send(update.effective_message, reply)

    async def reload_knowledge(self, announce: bool = True) -> service.Reloaded:
        """/reload and SIGHUP: bot.service.reload off the event loop; the engine it returns answers from now on.

        `announce`: the bot's other workers (sharing a Redis state) reload too."""
        reloaded = await asyncio.to_thread(service.reload, self.engine, self.settings)
        if reloaded.engine is not self.engine:
            gc.unfreeze()  # the knowledge frozen at start-up may be garbage now: collected as usual again
        self.engine = reloaded.engine
        if announce and not reloaded.problems and self.state is not None:
            await self.state.knowledge_reloaded()
        return reloaded

    @gated
    async def ask_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or not message.text or not message.entities:  # CommandHandler passes only commands
            return
        command = message.entities[0]  # CommandHandler guarantees a bot_command at offset 0
        question = message.text[command.offset + command.length :].strip()
        if not question:
            lang = user_lang(update.effective_user)
            await self._send(message, self.engine.say("ask_usage", lang))
            return
        await self._answer(message, question)

    # ---- questions -----------------------------------------------------------------

    @gated
    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:  # the handler's filters pass only text messages
            return
        await self._answer(message, message.text)

    @gated
    async def group_question(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        if message is None or message.text is None:  # the handler's filters pass only text messages
            return
        username = context.bot.username or ""
        question = message.text.replace(f"@{username}", " ") if username else message.text
        await self._answer(message, question)

    @gated
    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        lang = user_lang(update.effective_user)
        await self._send(update.effective_message, self.engine.say("not_text", lang))

    async def _answer(self, message: Message, question: str) -> None:
        key = context_key(message.chat, message.from_user)
        replied = message.reply_to_message
        reply_to_key = message_key(replied) if replied is not None and replies_to_bot(message) else None
        engine = self.engine  # a reload may swap it while we wait on the network
        reply = engine.ask(question, key, reply_to_key)
        sent = await self._send(message, reply)
        if sent is not None:
            engine.remember_as(key, message_key(sent))

    # ---- buttons and inline mode ---------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:  # CallbackQueryHandler only passes updates that have one
            return
        data = query.data or ""
        if data == WRONG_ANSWER:
            await self._wrong_answer(query)
            return
        question = (
            self.engine.suggestion_for(data.removeprefix(BUTTON_PREFIX)) if data.startswith(BUTTON_PREFIX) else None
        )
        message = query.message if isinstance(query.message, Message) else None
        if question is None or message is None:
            # Telegram shows a spinner until the query is answered: always answer it.
            lang = user_lang(query.from_user)
            await query.answer(self.engine.knowledge.phrase("button_expired", lang))
            return
        await query.answer()
        if not await self._admit(message, query.from_user):
            return
        key = context_key(message.chat, query.from_user)
        engine = self.engine
        # The question is the bot's own suggestion: no gap, whatever the confidence.
        sent = await self._send(message, engine.ask(question, key, record_gap=False), quote=False)
        if sent is not None:
            engine.remember_as(key, message_key(sent))

    async def _wrong_answer(self, query: CallbackQuery) -> None:
        """A reader says the answer above was wrong: thanked at once (Telegram shows a spinner until
        the query is answered), the question and its facts recorded as a reported gap, no ids, and
        the button taken off the message, the other buttons kept."""
        message = query.message if isinstance(query.message, Message) else None
        lang = user_lang(query.from_user)
        if message is None:  # too old for Telegram to show it to the bot: nothing to report or edit
            await query.answer(self.engine.knowledge.phrase("wrong_nothing", lang))
            return
        report = self.engine.report_wrong(message_key(message), lang)
        await query.answer(report.reply.body)
        keyboard = message.reply_markup.inline_keyboard if message.reply_markup else ()
        if not any(button.callback_data == WRONG_ANSWER for row in keyboard for button in row):
            return  # already taken off
        rows = [kept for row in keyboard if (kept := [b for b in row if b.callback_data != WRONG_ANSWER])]
        try:
            await query.edit_message_reply_markup(InlineKeyboardMarkup(rows) if rows else None)
        except BadRequest as error:  # pressed twice before the first edit arrived: Telegram says so
            if "not modified" not in str(error).lower():
                raise
            logger.debug("wrong-answer button already taken off")

    async def inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        if query is None:  # InlineQueryHandler only passes updates that have one
            return
        lang = user_lang(query.from_user)
        text = query.query.strip()
        # No gaps from inline mode: queries come a keystroke at a time ("How m", "How ma", ...)
        # and the suggestions are the bot's own questions.
        reply = self.engine.ask(text, None, record_gap=False) if text else None
        if reply is not None and reply.answered:
            replies = [reply]
        else:  # answer the questions the engine suggests instead
            suggested = reply.suggestions if reply is not None else self.engine.help(lang).suggestions
            replies = [r for r in (self.engine.ask(q, None, record_gap=False) for q in suggested) if r.answered]
        # One result per distinct reply: Telegram refuses a list with two results of one id.
        results = list({result.id: result for result in map(self._inline_result, replies)}.values())
        results = results[:MAX_INLINE_RESULTS]
        hint = InlineQueryResultsButton(text=self.engine.knowledge.phrase("inline_hint", lang), start_parameter="help")
        await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=hint)

    @staticmethod
    def _inline_result(reply: Reply) -> InlineQueryResultArticle:
        source = reply.sources[0].title if reply.sources else ""
        return InlineQueryResultArticle(
            id=suggestion_key(" ".join(reply.facts) + reply.body),  # 16 characters: within the 64-byte limit
            title=shorten(reply.headline, 100),
            description=shorten(source, 100),
            input_message_content=InputTextMessageContent(render_html(reply), parse_mode=ParseMode.HTML),
        )

    # ---- other updates -------------------------------------------------------------

    async def membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        if change is None:  # ChatMemberHandler(MY_CHAT_MEMBER) only passes updates that have one
            return
        logger.info(
            "membership in chat %s changed: %s -> %s",
            change.chat.id,
            change.old_chat_member.status,
            change.new_chat_member.status,
        )

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        if isinstance(context.error, StateUnavailable):
            # Nothing sent; the update is refused and comes again (the state said why, once).
            logger.debug("update %s not answered: %s", update_id, context.error)
            return
        logger.error("error while handling update %s", update_id, exc_info=context.error)

    async def post_init(self, app: App) -> None:
        """Once the bot is known: SIGHUP reloads the knowledge; command menus are registered.

        Registering runs beside start-up rather than inside it: a SIGTERM that lands while
        post_init is still awaiting makes python-telegram-bot's shutdown fail."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(NotImplementedError, RuntimeError):  # no signals off the main thread
            loop.add_signal_handler(signal.SIGHUP, lambda: app.create_task(self.reload_knowledge(), name="reload"))
        if self.state is not None:
            self.state.on_knowledge_change(functools.partial(self.reload_knowledge, announce=False))
            self.state.share_counts(self.engine.counts)  # the same Counter after a reload (Engine.with_knowledge)
        for job in (self.register_commands(app), self.heartbeat(), self.flush_state()):
            self._background.add(task := loop.create_task(job))
            task.add_done_callback(self._background.discard)

    async def post_stop(self, app: App) -> None:
        """The background jobs end with the bot; the state gets its last commit; `health` says
        unhealthy from now on, not once the last heartbeat has grown old."""
        for task in list(self._background):
            task.cancel()
        await asyncio.gather(*self._background, return_exceptions=True)
        stop_beating(self.settings.state_dir)
        if self.state is not None:
            self.state.flush()
            await self.state.disconnect()

    async def flush_state(self) -> None:
        """Commit the state's grouped writes a few times a second (and once more at shutdown).

        The state handles a file it cannot write (and retries by itself); anything else is a
        bug, logged, and committing goes on: this task must never end while the bot runs."""
        if self.state is None:
            return
        while True:
            await asyncio.sleep(FLUSH_SECONDS)
            try:
                self.state.flush()
            except Exception:
                logger.exception("committing the state failed; trying again")

    async def heartbeat(self) -> None:
        """Proof of life for the container's HEALTHCHECK (`python -m bot health`)."""
        reported = False
        while True:
            try:
                if self.state is not None:
                    await self.state.beat()
                else:
                    await asyncio.to_thread(beat, self.settings.state_dir)
                reported = False
            except OSError as error:
                # Said once; not at all when the state already said its folder is unusable.
                if not reported and (self.state is None or self.state.problem is None):
                    logger.warning("heartbeat not written (%s): `health` reports unhealthy", error.strerror)
                reported = True
            await asyncio.sleep(HEARTBEAT_SECONDS)

    async def register_commands(self, app: App) -> None:
        """Command menus in Vietnamese (language_code vi) and English (everyone else)."""
        try:
            for lang, code in (("en", None), ("vi", "vi")):
                commands = [BotCommand(name, self.engine.knowledge.phrase(f"cmd_{name}", lang)) for name in COMMANDS]
                await app.bot.set_my_commands(commands, language_code=code)
        except TelegramError as error:  # the bot works without menus: do not die for them
            logger.warning("could not register commands: %s", error)

    # ---- sending -------------------------------------------------------------------

    async def _send(self, message: Message | None, reply: Reply, quote: bool = True) -> Message | None:
        """Reply in the message's chat (and forum topic), quoting it in groups."""
        if message is None:
            return None
        suggestions = self._suggestion_buttons(reply)
        buttons = [*suggestions, *self._wrong_answer_button(reply)]
        reply_to = None
        if quote and is_group(message.chat):
            reply_to = ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
        return await message.reply_html(
            render_html(reply, list_suggestions=not suggestions),
            reply_markup=InlineKeyboardMarkup(buttons) if buttons else None,
            reply_parameters=reply_to,
        )

    @staticmethod
    def _suggestion_buttons(reply: Reply) -> list[list[InlineKeyboardButton]]:
        """A declined question's suggestions, one button each (listed in the text otherwise)."""
        if not reply.suggestions or reply.answered:
            return []
        return [
            [InlineKeyboardButton(shorten(q, 60), callback_data=BUTTON_PREFIX + suggestion_key(q))]
            for q in reply.suggestions
        ]

    def _wrong_answer_button(self, reply: Reply) -> list[list[InlineKeyboardButton]]:
        """Under an answer, one small button for a reader to say it was wrong, in the answer's language."""
        if not reply.answered:
            return []
        return [
            [InlineKeyboardButton(self.engine.knowledge.phrase("wrong_button", reply.lang), callback_data=WRONG_ANSWER)]
        ]


def build_application(
    settings: Settings, engine: Engine, state: StateStore | None = None, request: BaseRequest | None = None
) -> App:
    """One wiring function: the Application with its handlers, nothing started.

    No Updater: updates come in through telegram_intake, which confirms them to Telegram
    only once they are claimed (see there). `request` replaces the HTTP layer (the tests'
    offline Bot API, as python-telegram-bot's own tests do)."""
    front_end = TelegramFrontEnd(engine, settings, state)
    builder = (
        ApplicationBuilder()
        .token(settings.bot_token())
        .updater(None)
        .rate_limiter(RetryingRateLimiter(overall_max_rate=settings.max_sends_per_second, max_retries=3))
        .post_init(front_end.post_init)
        .post_stop(front_end.post_stop)
        .request(request or AiohttpRequest())
        # Never used (telegram_intake polls through a request of its own); set so that no idle
        # httpx client is made for it.
        .get_updates_request(request or AiohttpRequest(pool_size=1))
    )
    base_url = settings.ptb_base_url()
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.removesuffix("/bot") + "/file/bot")
    app = builder.build()
    front_end.register(app)
    return app


def open_engine(settings: Settings, state: StateStore) -> Engine:
    # The folder unusable (said once already): no compiled cache either.
    return build_engine(
        settings, store=state, gaps=state if settings.record_gaps else None, cached=state.problem is None
    )


def run_telegram(settings: Settings) -> int:
    """Run until SIGTERM or SIGINT: long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set."""
    settings.bot_token()  # a missing or malformed token fails before anything else
    if settings.webhook_url and not settings.webhook_secret:
        raise ConfigError("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET (the secret is checked on every request)")
    if settings.webhook_reuse_port and not settings.shared_state:
        raise ConfigError(
            "TELEGRAM_WEBHOOK_REUSE_PORT needs BOT_STATE_URL=redis://... (workers sharing one "
            "SQLite file would answer updates twice)"
        )
    state = open_state(settings)
    stop_beating(settings.state_dir)  # a heartbeat left by a killed run is not this run's
    try:
        app = build_application(settings, open_engine(settings, state), state)
        gc.freeze()  # the modules, the knowledge, the application: kept for good, never walked by the collector
        asyncio.run(_until_signalled(app, settings, state))
    except InvalidToken:
        raise ConfigError("Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)") from None
    finally:
        state.close()
    return 0


async def _until_signalled(app: App, settings: Settings, state: StateStore) -> None:
    """Stop signals only set an event, read once the bot is up.

    python-telegram-bot's run_polling turns SIGTERM into SystemExit wherever the loop is; one
    that lands during start-up leaves a half-finished step behind and the shutdown fails."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for stop_signal in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(stop_signal, stop.set)
    await serve(app, settings, state, stop)


async def serve(app: App, settings: Settings, state: StateStore | None, stop: asyncio.Event) -> None:
    """Run the bot until `stop` is set, then finish the updates already fetched and return."""
    if state is not None and not await state.connect(stop):
        return  # stopped before the shared state could be reached
    if not await connect(app, settings, stop):
        if state is not None:
            await state.disconnect()  # post_stop, which would, never runs
        return
    dispatcher: Dispatcher = (
        state.dispatcher(app.process_update, update_keys)
        if state is not None
        else OrderedDispatcher(app.process_update)
    )
    async with running(app):
        if settings.webhook_url:
            await _serve_webhook(app, settings, dispatcher, stop)
        else:
            await _serve_polling(app, dispatcher, stop)


@contextlib.asynccontextmanager
async def running(app: App) -> AsyncIterator[App]:
    """The Application initialised (getMe), its post_init jobs begun and started, until the block
    ends; then stopped, post_stop giving the state its last commit. Updates come in meanwhile
    through `process_update`: from telegram_intake, or from a test."""
    async with app:  # initialize() (idempotent: connect() may have done it) ... shutdown()
        if app.post_init is not None:
            await app.post_init(app)
        await app.start()
        try:
            yield app
        finally:
            await app.stop()
            if app.post_stop is not None:
                await app.post_stop(app)


async def connect(app: App, settings: Settings, stop: asyncio.Event) -> bool:
    """Initialize the Application once the Bot API answers; False when stopped before it did.

    No network at start, or a Bot API (or a proxy before it) that does not answer, is said in
    one log line, and start-up tries again with back-off for as long as it takes, since a
    service manager restarting the bot would only do the same, noisily. Only a token Telegram
    rejects ends it: InvalidToken, which run_telegram turns into one line and exit status 2."""
    try:
        connected = await _until_answered(lambda: _initialize(app, settings), stop)
    except BaseException:
        await app.bot.shutdown()  # the requests a failed initialize() opened
        raise
    if not connected:
        await app.bot.shutdown()
    return connected


async def _initialize(app: App, settings: Settings) -> None:
    """getMe through a plain Bot first: the Application's own goes through the retrying rate
    limiter, which would log each of its retries, on every attempt."""
    base_url = settings.ptb_base_url()
    request, get_updates_request = AiohttpRequest(pool_size=1), AiohttpRequest(pool_size=1)
    if base_url:
        probe = Bot(
            settings.bot_token(),
            request=request,
            get_updates_request=get_updates_request,
            base_url=base_url,
            base_file_url=base_url.removesuffix("/bot") + "/file/bot",
        )
    else:
        probe = Bot(settings.bot_token(), request=request, get_updates_request=get_updates_request)
    try:
        await probe.initialize()  # the getMe
    finally:  # cancelled by a stop signal too: no connection left open
        await probe.shutdown()
    await app.initialize()


async def _until_answered(attempt: Callable[[], Awaitable[None]], stop: asyncio.Event) -> bool:
    """Run `attempt` until it succeeds (True) or `stop` is set (False); a rejected token is raised."""
    delay, failures, started = FIRST_RETRY_SECONDS, 0, time.monotonic()
    while not stop.is_set():
        try:
            if not await _unless_stopped(attempt(), stop):
                return False
        except InvalidToken:
            raise
        except TelegramError as error:
            failures += 1
            if failures == 1:
                logger.warning(
                    "Telegram Bot API not answering (%s): trying again with back-off until it does", _reason(error)
                )
            else:
                logger.debug("Telegram Bot API still not answering (%s), attempt %d", _reason(error), failures)
            if isinstance(error, RetryAfter):
                wait = error.retry_after
                delay = max(delay, wait if isinstance(wait, int | float) else wait.total_seconds())
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), delay)
            delay = min(delay * 2, MAX_RETRY_SECONDS)
            continue
        if failures:
            logger.info(
                "Telegram Bot API answered after %d failed attempt(s), %.0f s", failures, time.monotonic() - started
            )
        return True
    return False


async def _unless_stopped(attempt: Awaitable[None], stop: asyncio.Event) -> bool:
    """Await `attempt`; False, with it cancelled, if `stop` comes first (a connection that hangs
    must not hold up a SIGTERM)."""
    attempting = asyncio.ensure_future(attempt)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({attempting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not attempting.done():
        attempting.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await attempting
        return False
    attempting.result()  # raises what the attempt raised
    return True


def _reason(error: TelegramError) -> str:
    """What went wrong, in a few words: the network error under python-telegram-bot's, when there is one."""
    cause = error.__cause__
    return f"{type(cause).__name__}: {cause}" if cause is not None and str(cause) else str(error)


async def _serve_polling(app: App, dispatcher: Dispatcher, stop: asyncio.Event) -> None:
    poller = Poller(app.bot, dispatcher)
    logger.info("starting long polling")
    polling = asyncio.create_task(poller.run(), name="polling")
    stopped = asyncio.create_task(stop.wait())
    await asyncio.wait({polling, stopped}, return_when=asyncio.FIRST_COMPLETED)
    stopped.cancel()
    if not polling.done():
        logger.info("stop signal received: finishing the updates already fetched")
    poller.stop()
    await polling  # raises what ended it early (a rejected token)


async def _serve_webhook(app: App, settings: Settings, dispatcher: Dispatcher, stop: asyncio.Event) -> None:
    server = WebhookServer(
        app.bot,
        dispatcher,
        settings.webhook_url or "",
        settings.webhook_secret or "",
        settings.webhook_listen,
        settings.webhook_port,
        reuse_port=settings.webhook_reuse_port,
    )
    logger.info("starting webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
    await server.start()
    await stop.wait()
    logger.info("stop signal received: finishing the updates already received")
    await server.stop()
