"""A Bot-API-compatible double for offline tests: over HTTP, or called directly in-process.

Started (`start()`), it serves `/bot<token>/<method>` like api.telegram.org:
`getUpdates` long-polls a queue the test fills with real update JSON. Not
started, the same checks answer python-telegram-bot's requests in the test's
own process (tests/inprocess.py calls `answer`). Either way `sendMessage` and
the other methods are validated as Telegram does (400 on unparseable HTML,
text over 4096 characters, callback_data outside 1-64 bytes, unknown chats,
callback queries answered late or twice, inline result ids, editing a message
the bot never sent or with an unchanged keyboard) and recorded, so tests
assert on what the bot really sent. Faults (429 with retry_after, 5xx) can be
injected per method.
"""

from __future__ import annotations

import contextlib
import json
import re
import threading
import time
from dataclasses import dataclass, field
from html import unescape
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

BOT_USER = {
    "id": 7000001,
    "is_bot": True,
    "first_name": "Telecom QA",
    "username": "telecom_qa_bot",
    "can_join_groups": True,
    "can_read_all_group_messages": False,
    "supports_inline_queries": True,
}
ALLOWED_TAGS = {
    "b",
    "strong",
    "i",
    "em",
    "u",
    "ins",
    "s",
    "strike",
    "del",
    "span",
    "tg-spoiler",
    "a",
    "tg-emoji",
    "code",
    "pre",
    "blockquote",
}
CALLBACK_ANSWER_SECONDS = 15.0  # Telegram refuses answerCallbackQuery later than this ("query is too old")
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^<>]*)?)>")
_ENTITY = re.compile(r"&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);")


class TelegramError(Exception):
    def __init__(self, code: int, description: str, retry_after: int | None = None):
        super().__init__(description)
        self.code, self.description, self.retry_after = code, description, retry_after


def parse_html(text: str) -> str:
    """The text Telegram would show for parse_mode=HTML, or TelegramError(400) like Telegram."""
    stack: list[str] = []
    plain: list[str] = []
    position = 0
    for match in _TAG.finditer(text):
        plain.append(_check_text(text[position : match.start()]))
        closing, name = match.group(1), match.group(2).lower()
        if name not in ALLOWED_TAGS:
            raise TelegramError(400, f'Bad Request: can\'t parse entities: unsupported start tag "{name}"')
        if closing:
            if not stack or stack.pop() != name:
                raise TelegramError(400, f'Bad Request: can\'t parse entities: unexpected end tag "{name}"')
        else:
            stack.append(name)
        position = match.end()
    plain.append(_check_text(text[position:]))
    if stack:
        raise TelegramError(400, f"Bad Request: can't parse entities: can't find end tag for \"{stack[-1]}\"")
    return "".join(plain)


def _check_text(chunk: str) -> str:
    if "<" in chunk or ">" in chunk:
        raise TelegramError(400, "Bad Request: can't parse entities: unexpected character")
    if "&" in _ENTITY.sub("", chunk):
        raise TelegramError(400, "Bad Request: can't parse entities: unsupported entity")
    return unescape(chunk)


def utf16_length(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    status: int
    at: float = field(default_factory=time.monotonic)
    result: Any = None

    @property
    def text(self) -> str:
        return self.params.get("text", "")


class BotApiDouble:
    """Start with `start()`; feed updates with `push()`; read what the bot did with `calls()`."""

    def __init__(self, token: str, first_update_id: int = 100):
        self.token = token
        self._lock = threading.Condition()
        self._updates: list[dict[str, Any]] = []
        self._next_update_id = first_update_id
        self._next_message_id = 5000
        self._calls: list[Call] = []
        self._faults: dict[str, list[tuple[int, int | None]]] = {}
        self.known_chats: dict[int, dict[str, Any]] = {}
        self._callback_ids: dict[str, float] = {}  # unanswered callback query id -> when it was pressed
        self._messages: dict[tuple[int, int], dict[str, Any]] = {}  # what the bot sent, by chat and message id
        self._inline_ids: set[str] = set()
        self._server: ThreadingHTTPServer | None = None
        self.url = ""
        # True: getUpdates never reaches Telegram as a confirmation (the offset only filters what
        # is returned), as when a bot is killed before its confirming getUpdates.
        self.hold_confirmations = False

    # ---- test side ---------------------------------------------------------------------

    def start(self, port: int = 0) -> str:
        """Serve on `port` (any free one by default); a port given again serves the same URL."""
        double = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"  # keep-alive, as Telegram's server
            disable_nagle_algorithm = True  # headers and body go out at once

            def do_POST(self) -> None:
                double._serve(self)

            do_GET = do_POST

            def log_message(self, *args: Any) -> None:
                pass

            def handle(self) -> None:
                with contextlib.suppress(BrokenPipeError, ConnectionResetError):  # the bot hung up: fine
                    super().handle()

        self._server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
        self._server.daemon_threads = True
        # serve_forever looks at shutdown() between polls: at its default 0.5 s every stop() waits
        # half a second, at every process-level test's end.
        threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True).start()
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        return self.url

    def stop(self) -> None:
        if self._server:
            self._server.shutdown()
            self._server.server_close()

    def push(self, update: dict[str, Any]) -> dict[str, Any]:
        """Queue one update for getUpdates (its update_id is assigned here)."""
        with self._lock:
            update = self.accept(update)
            self._updates.append(update)
            self._lock.notify_all()
            return update

    def accept(self, update: dict[str, Any]) -> dict[str, Any]:
        """The update with its update_id, its chat and query ids remembered as Telegram knows them."""
        with self._lock:
            update = dict(update, update_id=self._next_update_id)
            self._next_update_id += 1
            self._remember(update)
            return update

    def sent_message(self, chat_id: int, message_id: int) -> dict[str, Any]:
        """A message the bot sent, as Telegram holds it now (its keyboard after any edit)."""
        with self._lock:
            return self._messages[int(chat_id), int(message_id)]

    def redeliver(self, update: dict[str, Any]) -> None:
        """Queue an update again with its update_id, as Telegram does after a crash."""
        with self._lock:
            self._updates.append(update)
            self._updates.sort(key=lambda u: u["update_id"])
            self._lock.notify_all()

    def fail_next(self, method: str, status: int, retry_after: int | None = None, times: int = 1) -> None:
        with self._lock:
            self._faults.setdefault(method, []).extend([(status, retry_after)] * times)

    def calls(self, method: str | None = None, chat_id: int | None = None) -> list[Call]:
        with self._lock:
            return [
                c
                for c in self._calls
                if (method is None or c.method == method)
                and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
            ]

    def wait_for(
        self, method: str, chat_id: int | None = None, count: int = 1, timeout: float = 10.0, ok_only: bool = True
    ) -> list[Call]:
        """Wait until `count` calls of `method` (successful unless ok_only=False) have arrived."""
        deadline = time.monotonic() + timeout
        found: list[Call] = []
        scanned = 0  # calls are only ever appended: each wake-up looks at the new ones alone
        with self._lock:
            while True:
                found += [
                    c
                    for c in self._calls[scanned:]
                    if c.method == method
                    and (chat_id is None or str(c.params.get("chat_id")) == str(chat_id))
                    and (c.status == 200 or not ok_only)
                ]
                scanned = len(self._calls)
                if len(found) >= count:
                    return found
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(
                        f"timed out waiting for {count} {method} call(s) to {chat_id}; "
                        f"got {[(c.method, c.status) for c in self._calls[-10:]]}"
                    )
                self._lock.wait(remaining)

    def wait_until_confirmed(self, timeout: float = 30.0) -> None:
        """Wait until the bot has confirmed (by its getUpdates offset) every update pushed so far."""
        deadline = time.monotonic() + timeout
        with self._lock:
            while self._updates:
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise AssertionError(f"{len(self._updates)} update(s) never confirmed")
                self._lock.wait(remaining)

    def errors_caused_by_bot(self) -> list[Call]:
        """4xx answers other than injected faults: each one is a bug in the bot."""
        with self._lock:
            return [
                c for c in self._calls if 400 <= c.status < 500 and c.status != 429 and not c.params.get("_injected")
            ]

    # ---- server side -------------------------------------------------------------------

    def _remember(self, update: dict[str, Any]) -> None:
        for kind in ("message", "edited_message", "channel_post", "my_chat_member"):
            if kind in update:
                chat = update[kind]["chat"]
                self.known_chats[chat["id"]] = chat
        if "callback_query" in update:
            self._callback_ids[update["callback_query"]["id"]] = time.monotonic()
            message = update["callback_query"].get("message")
            if message:
                self.known_chats[message["chat"]["id"]] = message["chat"]
        if "inline_query" in update:
            self._inline_ids.add(update["inline_query"]["id"])

    def _serve(self, request: BaseHTTPRequestHandler) -> None:
        match = re.fullmatch(r"/bot([^/]+)/(\w+)", request.path.split("?")[0])
        if not match or match.group(1) != self.token:
            self._respond(
                request, 401 if match else 404, {"ok": False, "error_code": 401, "description": "Unauthorized"}
            )
            return
        status, body = self.answer(match.group(2), self._params(request))
        self._respond(request, status, body)

    def answer(self, method: str, params: dict[str, Any]) -> tuple[int, dict[str, Any]]:
        """What Telegram answers to one Bot API call (status and JSON body); the call is recorded."""
        fault = self._take_fault(method)
        if fault:
            status, retry_after = fault
            self._record(Call(method, {**params, "_injected": True}, status))
            body: dict[str, Any] = {
                "ok": False,
                "error_code": status,
                "description": "Too Many Requests" if status == 429 else "Internal Server Error",
            }
            if retry_after is not None:
                body["description"] += f": retry after {retry_after}"
                body["parameters"] = {"retry_after": retry_after}
            return status, body
        try:
            result = self._dispatch(method, params)
        except TelegramError as error:
            self._record(Call(method, params, error.code))
            return error.code, {"ok": False, "error_code": error.code, "description": error.description}
        if method != "getUpdates" or result:
            self._record(Call(method, params, 200, result=result))
        return 200, {"ok": True, "result": result}

    @staticmethod
    def _params(request: BaseHTTPRequestHandler) -> dict[str, Any]:
        length = int(request.headers.get("Content-Length") or 0)
        raw = request.rfile.read(length).decode("utf-8") if length else ""
        if not raw:
            return {}
        if "json" in (request.headers.get("Content-Type") or ""):
            return json.loads(raw)
        return decode_fields({key: values[0] for key, values in parse_qs(raw, keep_blank_values=True).items()})

    def _take_fault(self, method: str) -> tuple[int, int | None] | None:
        with self._lock:
            faults = self._faults.get(method)
            return faults.pop(0) if faults else None

    def _record(self, call: Call) -> None:
        with self._lock:
            self._calls.append(call)
            self._lock.notify_all()

    @staticmethod
    def _respond(request: BaseHTTPRequestHandler, status: int, body: dict[str, Any]) -> None:
        payload = json.dumps(body).encode("utf-8")
        request.send_response(status)
        request.send_header("Content-Type", "application/json")
        request.send_header("Content-Length", str(len(payload)))
        request.end_headers()
        request.wfile.write(payload)

    def _dispatch(self, method: str, params: dict[str, Any]) -> Any:
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            raise TelegramError(404, "Not Found: method not found")
        return handler(params)

    # ---- Bot API methods ---------------------------------------------------------------

    def _api_getMe(self, params: dict[str, Any]) -> Any:
        return BOT_USER

    def _api_deleteWebhook(self, params: dict[str, Any]) -> Any:
        return True

    def _api_setWebhook(self, params: dict[str, Any]) -> Any:
        if not str(params.get("url", "")).startswith(("http://", "https://")):
            raise TelegramError(400, "Bad Request: bad webhook: an HTTPS URL must be provided for webhook")
        return True

    def _api_setMyCommands(self, params: dict[str, Any]) -> Any:
        for command in params.get("commands", []):
            if not re.fullmatch(r"[a-z0-9_]{1,32}", command["command"]) or not (
                1 <= len(command["description"]) <= 256
            ):
                raise TelegramError(400, "Bad Request: BOT_COMMAND_INVALID")
        return True

    def _api_getUpdates(self, params: dict[str, Any]) -> Any:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 2.0)
        with self._lock:
            while True:
                # Telegram forgets updates below the offset: they were confirmed.
                pending = [u for u in self._updates if u["update_id"] >= offset]
                if not self.hold_confirmations and len(pending) < len(self._updates):
                    self._updates = pending
                    self._lock.notify_all()
                if pending or time.monotonic() >= deadline:
                    return pending[: int(params.get("limit") or 100)]
                self._lock.wait(max(0.0, deadline - time.monotonic()))

    def _api_sendMessage(self, params: dict[str, Any]) -> Any:
        chat = self.known_chats.get(int(params.get("chat_id", 0)))
        if chat is None:
            raise TelegramError(400, "Bad Request: chat not found")
        text = params.get("text") or ""
        shown = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if not shown.strip():
            raise TelegramError(400, "Bad Request: message text is empty")
        if utf16_length(shown) > 4096:
            raise TelegramError(400, "Bad Request: message is too long")
        markup = self._check_markup(params.get("reply_markup"))
        with self._lock:
            self._next_message_id += 1
            sent = {
                "message_id": self._next_message_id,
                "date": int(time.time()),
                "chat": chat,
                "from": BOT_USER,
                "text": shown,
            }
            if markup:
                sent["reply_markup"] = markup
            self._messages[chat["id"], self._next_message_id] = sent
            return sent

    def _api_editMessageReplyMarkup(self, params: dict[str, Any]) -> Any:
        if "inline_message_id" in params:
            return True  # a message sent through inline mode: Telegram keeps it, not us
        with self._lock:
            message = self._messages.get((int(params.get("chat_id", 0)), int(params.get("message_id", 0))))
            if message is None:
                raise TelegramError(400, "Bad Request: message to edit not found")
            markup = self._check_markup(params.get("reply_markup"))
            if markup == message.get("reply_markup"):
                raise TelegramError(
                    400,
                    "Bad Request: message is not modified: specified new message content "
                    "and reply markup are exactly the same as a current content and reply "
                    "markup of the message",
                )
            if markup:
                message["reply_markup"] = markup
            else:
                message.pop("reply_markup", None)
            return message

    def _api_answerCallbackQuery(self, params: dict[str, Any]) -> Any:
        with self._lock:  # one answer per query, and only while Telegram still waits for it
            pressed = self._callback_ids.pop(str(params.get("callback_query_id")), None)
        if pressed is None or time.monotonic() - pressed > CALLBACK_ANSWER_SECONDS:
            raise TelegramError(
                400, "Bad Request: query is too old and response timeout expired or query ID is invalid"
            )
        if len(params.get("text") or "") > 200:
            raise TelegramError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    def _api_answerInlineQuery(self, params: dict[str, Any]) -> Any:
        if params.get("inline_query_id") not in self._inline_ids:
            raise TelegramError(400, "Bad Request: query is too old and response timeout expired")
        results = params.get("results") or []
        ids = [r["id"] for r in results]
        if len(results) > 50 or len(set(ids)) != len(ids) or any(len(i.encode()) > 64 for i in ids):
            raise TelegramError(400, "Bad Request: RESULT_ID_INVALID")
        for result in results:
            content = result["input_message_content"]
            shown = (
                parse_html(content["message_text"]) if content.get("parse_mode") == "HTML" else content["message_text"]
            )
            if utf16_length(shown) > 4096:
                raise TelegramError(400, "Bad Request: MESSAGE_TOO_LONG")
        return True

    @staticmethod
    def _check_markup(markup: Any) -> dict[str, Any] | None:
        """The keyboard as Telegram keeps it (None for none), or the 400 Telegram gives."""
        if not markup:
            return None
        if isinstance(markup, str):
            markup = json.loads(markup)
        for row in markup.get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and not 1 <= len(data.encode("utf-8")) <= 64:
                    raise TelegramError(400, "Bad Request: BUTTON_DATA_INVALID")
                if not button.get("text"):
                    raise TelegramError(400, "Bad Request: BUTTON_TEXT_EMPTY")
        return markup if markup.get("inline_keyboard") else None


def decode_fields(fields: dict[str, str]) -> dict[str, Any]:
    """Form fields as python-telegram-bot sends them: JSON values, strings as they are."""
    params: dict[str, Any] = {}
    for key, value in fields.items():
        try:
            params[key] = json.loads(value)
        except ValueError:
            params[key] = value
    return params
