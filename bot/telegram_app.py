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
import logging
from collections.abc import Awaitable
from typing import Any
from urllib.parse import urlsplit

from telegram import (
    BotCommand,
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
from telegram.error import BadRequest, InvalidToken, NetworkError, TelegramError
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    BaseUpdateProcessor,
    CallbackQueryHandler,
    ChatMemberHandler,
    CommandHandler,
    ContextTypes,
    InlineQueryHandler,
    MessageHandler,
    filters,
)

from bot.config import ConfigError, Settings
from bot.engine import Engine, suggestion_key
from bot.render import render_html
from bot.replies import Reply, shorten
from bot.telegram_request import AiohttpRequest
from bot.throttle import Throttle, Verdict

logger = logging.getLogger(__name__)

COMMANDS = ("start", "help", "ask", "sources", "operators", "about")
BUTTON_PREFIX = "q:"  # callback_data = "q:" + 16 hex digits: far below Telegram's 64 bytes
MAX_INLINE_RESULTS = 10
INLINE_CACHE_SECONDS = 300


class RetryingRateLimiter(AIORateLimiter):
    """AIORateLimiter waits out 429s (retry_after); this also retries 5xx and timeouts."""

    def __init__(self, *, transient_retries: int = 3, backoff: float = 0.5, **kwargs: Any):
        super().__init__(**kwargs)
        self._transient_retries = transient_retries
        self._backoff = backoff

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):  # type: ignore[no-untyped-def, override]
        for attempt in range(self._transient_retries + 1):
            try:
                return await super().process_request(callback, args, kwargs, endpoint, data, rate_limit_args)
            except BadRequest:  # our request is wrong: sending it again will not help
                raise
            except NetworkError as error:  # 5xx, timeouts, connection errors
                if attempt == self._transient_retries:
                    raise
                logger.warning("Bot API %s failed (%s); retry %d", endpoint, error, attempt + 1)
                await asyncio.sleep(self._backoff * 2**attempt)
        raise AssertionError("unreachable")


class PerChatOrderedProcessor(BaseUpdateProcessor):
    """Different chats are answered concurrently; one chat's updates still run in order.

    A follow-up must see the context its question left, so a chat's updates cannot
    overtake each other; while one waits on the network, other chats go ahead.
    Eight at a time measured fastest on two cores (benchmarks/telegram_throughput.py)."""

    __slots__ = ("_chats",)

    def __init__(self, max_concurrent_updates: int = 8):
        super().__init__(max_concurrent_updates)
        self._chats: dict[int | None, tuple[asyncio.Lock, int]] = {}  # lock, updates holding it

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        key = _ordering_key(update)
        lock, holders = self._chats.get(key, (None, 0))
        lock = lock or asyncio.Lock()
        self._chats[key] = (lock, holders + 1)
        try:
            async with lock:
                await coroutine
        finally:
            _, holders = self._chats[key]
            if holders == 1:
                del self._chats[key]  # the table holds only chats with updates in flight
            else:
                self._chats[key] = (lock, holders - 1)

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


def _ordering_key(update: object) -> int | None:
    if not isinstance(update, Update):
        return None
    if update.effective_chat:
        return update.effective_chat.id
    return update.effective_user.id if update.effective_user else None


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


def context_key(chat: Chat, user: User | None) -> str:
    """A private chat is one conversation; in a group each member has their own."""
    if is_group(chat):
        return f"tg:{chat.id}:{user.id if user else 0}"
    return f"tg:{chat.id}"


class TelegramFrontEnd:
    """The handlers: Telegram in, engine, Telegram out."""

    def __init__(self, engine: Engine, settings: Settings):
        self.engine = engine
        self.throttle = Throttle(settings.group_questions_per_minute)

    def register(self, app: Application) -> None:
        new_messages = filters.UpdateType.MESSAGE  # edits and channel posts are not questions
        private = filters.ChatType.PRIVATE & new_messages
        groups = filters.ChatType.GROUPS & new_messages
        info = {"start": self.start, "help": self.start, "sources": self.sources,
                "operators": self.operators, "about": self.about}
        for command, callback in info.items():
            app.add_handler(CommandHandler(command, callback, filters=new_messages))
        app.add_handler(CommandHandler("ask", self.ask_command, filters=new_messages))
        app.add_handler(MessageHandler(private & filters.TEXT & ~filters.COMMAND, self.private_text))
        app.add_handler(MessageHandler(private & filters.COMMAND, self.start))  # unknown command
        app.add_handler(MessageHandler(private & ~filters.TEXT & ~filters.StatusUpdate.ALL, self.not_text))
        app.add_handler(MessageHandler(groups & filters.TEXT & ~filters.COMMAND & AddressedToBot(),
                                       self.group_question))
        app.add_handler(CallbackQueryHandler(self.button))
        app.add_handler(InlineQueryHandler(self.inline_query))
        app.add_handler(ChatMemberHandler(self.membership, ChatMemberHandler.MY_CHAT_MEMBER))
        app.add_error_handler(self.on_error)

    # ---- commands ------------------------------------------------------------------

    async def start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.help(user_lang(update.effective_user)))

    async def sources(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.sources(user_lang(update.effective_user)))

    async def operators(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.operators(user_lang(update.effective_user)))

    async def about(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._send(update.effective_message, self.engine.about(user_lang(update.effective_user)))

    async def ask_command(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        command = message.entities[0]  # CommandHandler guarantees a bot_command at offset 0
        question = message.text[command.offset + command.length:].strip()
        if not question:
            lang = user_lang(update.effective_user)
            await self._send(message, self.engine.say("ask_usage", lang))
            return
        await self._answer(message, question)

    # ---- questions -----------------------------------------------------------------

    async def private_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        await self._answer(update.effective_message, update.effective_message.text)

    async def group_question(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        username = context.bot.username or ""
        question = message.text.replace(f"@{username}", " ") if username else message.text
        await self._answer(message, question)

    async def not_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        lang = user_lang(update.effective_user)
        await self._send(update.effective_message, self.engine.say("not_text", lang))

    async def _answer(self, message: Message, question: str) -> None:
        if is_group(message.chat):
            verdict = self.throttle.check((message.chat_id, message.from_user.id if message.from_user else 0))
            if verdict is Verdict.IGNORE:
                return
            if verdict is Verdict.NOTIFY:
                await self._send(message, self.engine.say("slow_down", user_lang(message.from_user)))
                return
        reply = self.engine.ask(question, context_key(message.chat, message.from_user))
        await self._send(message, reply)

    # ---- buttons and inline mode ---------------------------------------------------

    async def button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        data = query.data or ""
        question = self.engine.suggestion_for(data.removeprefix(BUTTON_PREFIX)) if data.startswith(
            BUTTON_PREFIX) else None
        message = query.message if isinstance(query.message, Message) else None
        if question is None or message is None:
            # Telegram shows a spinner until the query is answered: always answer it.
            lang = user_lang(query.from_user)
            await query.answer(self.engine.knowledge.phrase("button_expired", lang))
            return
        await query.answer()
        reply = self.engine.ask(question, context_key(message.chat, query.from_user))
        await self._send(message, reply, quote=False)

    async def inline_query(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.inline_query
        lang = user_lang(query.from_user)
        text = query.query.strip()
        reply = self.engine.ask(text, None) if text else None
        if reply is not None and reply.answered:
            replies = [reply]
        else:  # answer the questions the engine suggests instead
            suggested = reply.suggestions if reply is not None else self.engine.help(lang).suggestions
            replies = [r for r in (self.engine.ask(q, None) for q in suggested) if r.answered]
        results = [self._inline_result(r) for r in replies[:MAX_INLINE_RESULTS]]
        hint = InlineQueryResultsButton(text=self.engine.knowledge.phrase("inline_hint", lang),
                                        start_parameter="help")
        await query.answer(results, cache_time=INLINE_CACHE_SECONDS, button=hint)

    @staticmethod
    def _inline_result(reply: Reply) -> InlineQueryResultArticle:
        source = reply.sources[0].title if reply.sources else ""
        return InlineQueryResultArticle(
            id=suggestion_key(reply.intent or reply.body),  # 16 characters: within the 64-byte limit
            title=shorten(reply.body, 100),
            description=shorten(source, 100),
            input_message_content=InputTextMessageContent(render_html(reply), parse_mode=ParseMode.HTML),
        )

    # ---- other updates -------------------------------------------------------------

    async def membership(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        change = update.my_chat_member
        logger.info("membership in chat %s changed: %s -> %s", change.chat.id,
                    change.old_chat_member.status, change.new_chat_member.status)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        update_id = update.update_id if isinstance(update, Update) else None
        logger.error("error while handling update %s", update_id, exc_info=context.error)

    async def register_commands(self, app: Application) -> None:
        """Command menus in Vietnamese (language_code vi) and English (everyone else)."""
        try:
            for lang, code in (("en", None), ("vi", "vi")):
                commands = [BotCommand(name, self.engine.knowledge.phrase(f"cmd_{name}", lang))
                            for name in COMMANDS]
                await app.bot.set_my_commands(commands, language_code=code)
        except TelegramError as error:  # the bot works without menus: do not die for them
            logger.warning("could not register commands: %s", error)

    # ---- sending -------------------------------------------------------------------

    async def _send(self, message: Message | None, reply: Reply, quote: bool = True) -> None:
        """Reply in the message's chat (and forum topic), quoting it in groups."""
        if message is None:
            return
        buttons = None
        if reply.suggestions and not reply.answered:
            buttons = InlineKeyboardMarkup(
                [[InlineKeyboardButton(shorten(q, 60), callback_data=BUTTON_PREFIX + suggestion_key(q))]
                 for q in reply.suggestions])
        reply_to = None
        if quote and is_group(message.chat):
            reply_to = ReplyParameters(message_id=message.message_id, allow_sending_without_reply=True)
        await message.reply_html(render_html(reply, list_suggestions=buttons is None),
                                 reply_markup=buttons, reply_parameters=reply_to)


def build_application(settings: Settings, engine: Engine) -> Application:
    """One wiring function: the Application with its handlers, nothing started."""
    front_end = TelegramFrontEnd(engine, settings)
    builder = (
        ApplicationBuilder()
        .token(settings.bot_token())
        .rate_limiter(RetryingRateLimiter(overall_max_rate=settings.max_sends_per_second, max_retries=3))
        .post_init(front_end.register_commands)
        .concurrent_updates(PerChatOrderedProcessor())
        .request(AiohttpRequest())
        # Long polling holds its connection for the poll's timeout: it gets its own.
        .get_updates_request(AiohttpRequest(pool_size=1))
    )
    base_url = settings.ptb_base_url()
    if base_url:
        builder = builder.base_url(base_url).base_file_url(base_url.removesuffix("/bot") + "/file/bot")
    app = builder.build()
    front_end.register(app)
    return app


def run_telegram(settings: Settings, engine: Engine) -> int:
    """Run until stopped: long polling, or a webhook when TELEGRAM_WEBHOOK_URL is set."""
    app = build_application(settings, engine)
    try:
        if settings.webhook_url:
            if not settings.webhook_secret:
                raise ConfigError("TELEGRAM_WEBHOOK_URL needs TELEGRAM_WEBHOOK_SECRET "
                                  "(the secret is checked on every request)")
            logger.info("starting webhook on %s:%s", settings.webhook_listen, settings.webhook_port)
            app.run_webhook(listen=settings.webhook_listen, port=settings.webhook_port,
                            url_path=urlsplit(settings.webhook_url).path.lstrip("/"),
                            webhook_url=settings.webhook_url, secret_token=settings.webhook_secret,
                            allowed_updates=Update.ALL_TYPES)
        else:
            logger.info("starting long polling")
            app.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        raise ConfigError("Telegram rejected the bot token (check TELEGRAM_BOT_TOKEN)") from None
    return 0
