"""Real Telegram update JSON, as the Bot API sends it, for the end-to-end tests."""

from __future__ import annotations

import itertools
from typing import Any

from tests.botapi_double import BOT_USER

_message_ids = itertools.count(1)
DATE = 1_760_000_000


def user(user_id: int, lang: str = "vi", name: str = "Lan") -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": name, "language_code": lang}


def private_chat(user_id: int, name: str = "Lan") -> dict[str, Any]:
    return {"id": user_id, "first_name": name, "type": "private"}


def group_chat(chat_id: int, forum: bool = False) -> dict[str, Any]:
    chat = {"id": chat_id, "title": "Toà soạn / Newsroom", "type": "supergroup"}
    if forum:
        chat["is_forum"] = True
    return chat


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def message(chat: dict[str, Any], sender: dict[str, Any], text: str | None = None, **extra: Any) -> dict[str, Any]:
    body: dict[str, Any] = {"message_id": next(_message_ids), "from": sender, "chat": chat, "date": DATE}
    if text is not None:
        body["text"] = text
        entities = []
        if text.startswith("/"):
            command = text.split()[0]
            entities.append({"offset": 0, "length": utf16_len(command), "type": "bot_command"})
        mention = "@" + BOT_USER["username"]
        if mention in text:
            entities.append(
                {"offset": utf16_len(text[: text.index(mention)]), "length": utf16_len(mention), "type": "mention"}
            )
        if entities:
            body["entities"] = entities
    body.update(extra)
    return body


def bot_message(chat: dict[str, Any], text: str, message_id: int) -> dict[str, Any]:
    return {"message_id": message_id, "from": BOT_USER, "chat": chat, "date": DATE, "text": text}


def sticker() -> dict[str, Any]:
    return {
        "file_id": "CAACAgIAAxkBAAEBQ2Vm",
        "file_unique_id": "AgADxw4AAm",
        "type": "regular",
        "width": 512,
        "height": 512,
        "is_animated": False,
        "is_video": False,
        "emoji": "👍",
    }


def callback_query(query_id: str, sender: dict[str, Any], on_message: dict[str, Any], data: str) -> dict[str, Any]:
    return {"id": query_id, "from": sender, "message": on_message, "chat_instance": "-4211875412", "data": data}


def inline_query(query_id: str, sender: dict[str, Any], query: str) -> dict[str, Any]:
    return {"id": query_id, "from": sender, "query": query, "offset": "", "chat_type": "sender"}


def bot_added(chat: dict[str, Any], by: dict[str, Any]) -> dict[str, Any]:
    return {
        "chat": chat,
        "from": by,
        "date": DATE,
        "old_chat_member": {"user": BOT_USER, "status": "left"},
        "new_chat_member": {"user": BOT_USER, "status": "member"},
    }
