"""The local console: behaves like a private chat with the bot."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.engine import Engine
from bot.render import render_plain

CONTEXT_KEY = "console"
PROMPT = "> "


def run_console(engine: Engine, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout) -> int:
    """Read questions until /quit or end of input (Ctrl-D); print each reply."""
    interactive = stdin.isatty()
    lang = engine.default_lang
    print(render_plain(engine.help(lang)), file=stdout)
    while True:
        if interactive:
            print(PROMPT, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line:  # Ctrl-D or end of piped input
            break
        text = line.strip()
        command = text.split(maxsplit=1)[0].lower() if text.startswith("/") else None
        if command in ("/quit", "/exit"):
            break
        if command in ("/help", "/start"):
            reply = engine.help(lang)
        elif command == "/sources":
            reply = engine.sources(lang)
        elif command == "/operators":
            reply = engine.operators(lang)
        elif command == "/wrong":  # the last answer was wrong: a reported gap for the curators
            reply = engine.report_wrong(CONTEXT_KEY, lang).reply
        else:
            reply = engine.ask(text, CONTEXT_KEY)
            lang = reply.lang
        print(render_plain(reply), end="\n\n", file=stdout, flush=True)
    return 0
