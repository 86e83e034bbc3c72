"""`python -m bot ask --jsonl`: one JSON reply per input line, whatever the line holds.

Input is read as bytes and decoded line by line, so that one line that is not
UTF-8 is one bad line rather than the end of the run. Every line gets exactly
one JSON object on stdout, in order and flushed: the reply, or
`{"error": "line N: ...", "answered": false}`. Output is UTF-8 and strict JSON
(no NaN or Infinity, no lone surrogates) whatever the input or the locale.

`{"chat_id": ..., "report": "wrong"}` instead of a question says that chat's last
answer was wrong (Engine.report_wrong): `{"report": "wrong", "reported": ...,
"recorded": ..., "text": ..., "answered": false, "chat_id": ...}`.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, BinaryIO, NamedTuple

if TYPE_CHECKING:
    from bot.engine import Engine

logger = logging.getLogger(__name__)

# A question is read from its first 500 characters: a longer line is a mistake, and
# reading it whole would let one line take all the memory there is.
MAX_LINE_BYTES = 1 << 20
# Python keeps a lone surrogate from a JSON escape such as "\ud800"; UTF-8 cannot
# encode it, so it becomes U+FFFD on the way in (text) and out (echoed chat_id).
_SURROGATE = re.compile("[\ud800-\udfff]")
_DEFAULT_CHAT = "jsonl"


class BadLine(Exception):
    """A line that gets an error object; the message says what is wrong with it."""


class Request(NamedTuple):
    text: str | None  # the question; None on a report line (the chat's last answer was wrong)
    chat_id: str | int | None


def answer_json_lines(engine: Engine, stdin: BinaryIO, stdout: BinaryIO) -> int:
    """One JSON reply per input line, in order and flushed; context kept per chat_id.

    A closed stdout raises BrokenPipeError to the caller, which owns the stream."""
    for number, line in enumerate(read_lines(stdin), start=1):
        stdout.write(encode(number, answer_line(engine, number, line)))
        stdout.flush()
    return 0


def read_lines(stream: BinaryIO) -> Iterator[bytes | None]:
    """The stream's lines as bytes; None stands for a line longer than MAX_LINE_BYTES (skipped)."""
    while line := stream.readline(MAX_LINE_BYTES + 1):
        if len(line) <= MAX_LINE_BYTES or line.endswith(b"\n"):
            yield line
            continue
        while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
            pass  # drop the rest of the long line, a bounded piece at a time
        yield None


def answer_line(engine: Engine, number: int, line: bytes | None) -> dict[str, Any]:
    """The reply to one line, or its error object."""
    from bot.render import render_plain

    try:
        request = parse_request(line)
    except BadLine as error:
        return error_object(number, str(error))
    chat_id = request.chat_id
    try:
        if request.text is None:  # {"report": "wrong"}
            output = report_object(engine, f"jsonl:{chat_id}")
        else:
            reply = engine.ask(request.text, f"jsonl:{chat_id}")
            output = reply.to_dict(render_plain(reply))
    except Exception as error:  # one line must never stop the lines after it
        logger.error("line %d: the engine failed (%s)", number, type(error).__name__)
        logger.debug("engine failure on line %d", number, exc_info=True)
        return error_object(number, "could not answer this line")
    output["chat_id"] = chat_id
    return output


def error_object(number: int, message: str) -> dict[str, Any]:
    return {"error": f"line {number}: {message}", "answered": False}


def report_object(engine: Engine, context_key: str) -> dict[str, Any]:
    """The answer to a report line: whether there was an answer to report and whether it was kept."""
    report = engine.report_wrong(context_key)
    return {
        "report": "wrong",
        "reported": report.outcome != "nothing",
        "recorded": report.outcome == "recorded",
        "text": report.reply.body,
        "answered": False,
    }


def parse_request(line: bytes | None) -> Request:
    """The question (or report) and chat id of a line `{"chat_id": ..., "text": ...}` or
    `{"chat_id": ..., "report": "wrong"}`; BadLine otherwise."""
    if line is None:
        raise BadLine(f"longer than {MAX_LINE_BYTES} bytes")
    try:
        decoded = line.decode("utf-8")
    except UnicodeDecodeError as error:
        raise BadLine(f"not UTF-8 (byte 0x{line[error.start]:02x} at offset {error.start})") from None
    try:
        request = json.loads(decoded.removeprefix("\ufeff"), parse_constant=_no_constant, parse_float=_finite)
    except RecursionError:
        raise BadLine("not JSON: nested too deeply") from None
    except json.JSONDecodeError as error:  # its own message says "line 1", which is no help here
        raise BadLine(f"not JSON: {error.msg} at column {error.colno}") from None
    except ValueError as error:  # NaN, 1e999, integers beyond Python's digit limit
        raise BadLine(f"not JSON: {error}") from None
    if isinstance(request, dict) and "report" in request:
        if request["report"] != "wrong" or "text" in request:
            raise BadLine('a report line is {"chat_id": ..., "report": "wrong"}, without "text"')
        return Request(None, _chat_id(request))
    if not isinstance(request, dict) or not isinstance(request.get("text"), str):
        raise BadLine('expected an object with a "text" string')
    return Request(_SURROGATE.sub("\ufffd", request["text"]), _chat_id(request))


def _chat_id(request: dict[str, Any]) -> str | int | None:
    chat_id = request.get("chat_id", _DEFAULT_CHAT)
    if isinstance(chat_id, bool) or not isinstance(chat_id, str | int | None):
        raise BadLine('"chat_id" must be a string, a whole number or null')
    return chat_id


def _no_constant(name: str) -> float:
    raise ValueError(f"{name} is not a JSON number")


def _finite(literal: str) -> float:
    value = float(literal)
    if not math.isfinite(value):
        raise ValueError(f"{literal[:20]} is out of range")
    return value


def encode(number: int, output: dict[str, Any]) -> bytes:
    """Line `number`'s object as one line of strict JSON in UTF-8 (whatever PYTHONIOENCODING says)."""
    try:
        text = json.dumps(output, ensure_ascii=False, allow_nan=False)
    except ValueError:  # a NaN or inf from somewhere unexpected: still one valid object
        text = json.dumps(error_object(number, "the reply could not be written as JSON"))
    return _SURROGATE.sub("\ufffd", text).encode("utf-8") + b"\n"
