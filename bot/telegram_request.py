"""python-telegram-bot's HTTP layer on aiohttp instead of httpx.

Measured on this project's 2-core machine (benchmarks/telegram_throughput.py and
a plain request loop against the Bot API double), httpx spends about 2.5 ms of
CPU per Bot API request and aiohttp, whose HTTP parser is compiled, about
0.5 ms: with one request per answered message, that is what decides how many
updates a second one process can answer.
"""

from __future__ import annotations

import aiohttp
from telegram._utils.defaultvalue import DefaultValue
from telegram._utils.types import ODVInput
from telegram.error import NetworkError, TimedOut
from telegram.request import BaseRequest, RequestData
from telegram.request._requestparameter import RequestParameter


class AiohttpRequest(BaseRequest):
    """A BaseRequest that sends Bot API calls through one aiohttp session."""

    __slots__ = ("_connect_timeout", "_pool_size", "_read_timeout", "_session", "_write_timeout")

    def __init__(
        self, pool_size: int = 64, read_timeout: float = 5.0, write_timeout: float = 5.0, connect_timeout: float = 5.0
    ):
        self._pool_size = pool_size
        self._read_timeout = read_timeout
        self._write_timeout = write_timeout
        self._connect_timeout = connect_timeout
        self._session: aiohttp.ClientSession | None = None

    @property
    def read_timeout(self) -> float:
        return self._read_timeout

    async def initialize(self) -> None:
        if self._session is None or self._session.closed:
            connector = aiohttp.TCPConnector(limit=self._pool_size)
            self._session = aiohttp.ClientSession(connector=connector, headers={"User-Agent": self.USER_AGENT})

    async def shutdown(self) -> None:
        if self._session is not None and not self._session.closed:
            await self._session.close()

    async def do_request(
        self,
        url: str,
        method: str,
        request_data: RequestData | None = None,
        read_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        write_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        connect_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
        pool_timeout: ODVInput[float] = BaseRequest.DEFAULT_NONE,
    ) -> tuple[int, bytes]:
        if self._session is None or self._session.closed:
            raise RuntimeError("AiohttpRequest is not initialized")
        read = self._read_timeout if isinstance(read_timeout, DefaultValue) else read_timeout
        connect = self._connect_timeout if isinstance(connect_timeout, DefaultValue) else connect_timeout
        timeout = aiohttp.ClientTimeout(total=None, connect=connect, sock_read=read)
        try:
            async with self._session.request(method, url, data=_body(request_data), timeout=timeout) as response:
                return response.status, await response.read()
        except TimeoutError as error:
            raise TimedOut from error
        except aiohttp.ClientError as error:
            # The class name helps when the message is empty; no URL (it holds the token).
            raise NetworkError(f"aiohttp.{type(error).__name__}") from error


def form_fields(fields: dict[str, str]) -> RequestData:
    """Plain form fields as a RequestData, for a Bot API call python-telegram-bot does not make
    for us; values already JSON-encoded (a string parameter is sent as it is). RequestData is
    final: it is built from python-telegram-bot's own parameter objects, not subclassed."""
    return RequestData([RequestParameter(name, value, None) for name, value in fields.items()])


def _body(request_data: RequestData | None) -> aiohttp.FormData | dict[str, str] | None:
    """Form fields as python-telegram-bot encodes them; multipart when files are uploaded."""
    if request_data is None:
        return None
    if not request_data.contains_files:
        return request_data.json_parameters
    form = aiohttp.FormData()
    for name, value in request_data.json_parameters.items():
        form.add_field(name, value)
    for name, part in request_data.multipart_data.items():
        filename, content, *mime = part
        form.add_field(name, content, filename=filename, content_type=mime[0] if mime else None)
    return form
