"""The local console: behaves like a private chat with the bot.

The commands are Telegram's (/start, /help, /ask, /sources, /operators, /about), plus /quit;
an unknown command gets the help, as in a private chat. A reply's suggestions are numbered,
and typing a number asks that one, as pressing Telegram's button does. Replies come in the
user's language: the locale's at first (Vietnamese unless it names another language, as
Telegram does with a user's language), then the language each question is asked in.

On a terminal, lines are edited and recalled with the standard `readline` module, and the
history is kept in the state folder, readable by its owner only. Piped input is read line by
line, with no prompt and no history.
"""

from __future__ import annotations

import contextlib
import logging
import os
import sys
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from types import ModuleType
from typing import TextIO

from bot.engine import Engine
from bot.render import render_plain
from bot.replies import Reply

logger = logging.getLogger(__name__)

CONTEXT_KEY = "console"
PROMPT = "> "
HISTORY_FILE = "console_history"
HISTORY_LENGTH = 1000
QUIT = ("/quit", "/exit")
INFO_COMMANDS: dict[str, Callable[[Engine, str], Reply]] = {
    "/start": lambda engine, lang: engine.help(lang, "console_commands"),
    "/help": lambda engine, lang: engine.help(lang, "console_commands"),
    "/sources": Engine.sources,
    "/operators": Engine.operators,
    "/about": Engine.about,
}


def locale_lang(environ: Mapping[str, str] | None = None) -> str:
    """Vietnamese unless the locale names another language (C and POSIX name none)."""
    env = os.environ if environ is None else environ
    for name in ("LC_ALL", "LC_MESSAGES", "LANG"):  # POSIX's order of precedence
        value = env.get(name, "")
        if value:
            language = value.split(".")[0].split("_")[0].lower()
            return "en" if language not in ("vi", "c", "posix") else "vi"
    return "vi"


class Console:
    """One conversation: the language it is in, and the suggestions a number can choose."""

    def __init__(self, engine: Engine, lang: str, stdout: TextIO):
        self.engine = engine
        self.lang = lang
        self.stdout = stdout
        self.suggestions: list[str] = []

    def greet(self) -> None:
        self.show(self.engine.help(self.lang, "console_commands"))

    def handle(self, line: str) -> bool:
        """Answer one line; False once the user has asked to quit."""
        text = line.strip()
        if not text:
            return True  # Enter alone: a new prompt, as in a shell
        command, _, rest = text.partition(" ")
        command = command.lower() if text.startswith("/") else ""
        if command in QUIT:
            return False
        if command in INFO_COMMANDS:
            self.show(INFO_COMMANDS[command](self.engine, self.lang))
        elif command == "/ask" and rest.strip():
            self.ask(rest.strip())
        elif command == "/ask":
            self.show(self.engine.say("ask_usage", self.lang))
        elif command == "/wrong":  # the last answer was wrong: a reported gap for the curators
            self.show(self.engine.report_wrong(CONTEXT_KEY, self.lang).reply)
        elif command:
            self.show(self.engine.help(self.lang, "console_commands"))  # an unknown command
        elif text.isdigit() and 1 <= int(text) <= len(self.suggestions):
            question = self.suggestions[int(text) - 1]
            print(f"» {question}", file=self.stdout)
            # The bot's own suggestion, as a pressed button on Telegram: never a gap.
            self.ask(question, record_gap=False)
        else:
            self.ask(text)
        return True

    def ask(self, question: str, record_gap: bool = True) -> None:
        reply = self.engine.ask(question, CONTEXT_KEY, record_gap=record_gap)
        self.lang = reply.lang
        self.show(reply)

    def show(self, reply: Reply) -> None:
        print(render_plain(reply, numbered=True), end="\n\n", file=self.stdout, flush=True)
        if reply.suggestions:  # a number chooses from the latest list shown
            self.suggestions = list(reply.suggestions)


def run_console(
    engine: Engine,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    history: Path | None = None,
    lang: str | None = None,
) -> int:
    """Read questions until /quit or end of input (Ctrl-D); print each reply."""
    stdin = sys.stdin if stdin is None else stdin
    stdout = sys.stdout if stdout is None else stdout
    console = Console(engine, lang or locale_lang(), stdout)
    console.greet()
    with _line_reader(stdin, stdout, history) as read:
        while (line := read()) is not None and console.handle(line):
            pass
    return 0


@contextlib.contextmanager
def _line_reader(stdin: TextIO, stdout: TextIO, history: Path | None) -> Iterator[Callable[[], str | None]]:
    """A function returning the next line, or None at the end of input."""
    if not (stdin is sys.stdin and stdout is sys.stdout and stdin.isatty()):
        yield lambda: stdin.readline() or None
        return
    readline = _readline()
    if readline is not None and history is not None:
        readline.set_history_length(HISTORY_LENGTH)
        with contextlib.suppress(OSError):  # none yet, or unreadable: start without
            readline.read_history_file(history)
    try:
        yield _prompt
    finally:
        if readline is not None and history is not None:
            _save_history(readline, history)


def _prompt() -> str | None:
    """input() edits the line with readline once that is imported; Ctrl-C drops the line, Ctrl-D ends."""
    while True:
        try:
            return input(PROMPT)
        except KeyboardInterrupt:
            print()
        except EOFError:
            print()
            return None


def _readline() -> ModuleType | None:
    """The readline module (importing it gives input() line editing), if this Python has one."""
    try:
        import readline
    except ImportError:
        return None
    return readline


def _save_history(readline: ModuleType, path: Path) -> None:
    """The history holds what was typed: its folder 0700 and itself 0600, as the rest of the state."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT, 0o600))
        path.chmod(0o600)
        readline.write_history_file(path)
    except OSError as error:  # a read-only state folder: the session worked, only its history is lost
        logger.warning("console history not saved in %s: %s", path, error.strerror)
