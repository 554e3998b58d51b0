"""LSP's base protocol on the wire: framing, and one session over stdio or TCP.

pygls' reader trusted every frame: after a Content-Length a few bytes short, or a header not
spelt exactly `Content-Length`, it read the rest of the stream as one header it never found,
and the server was deaf for good. On TCP each new connection took over the writer, so a second
client got the first one's answers. `Framer` finds each header wherever it starts and skips
what lies before it; `serve_io` and `serve_tcp` run one session and exit with its status.
"""

from __future__ import annotations

import asyncio
import json
import logging
import os
import re
import sys
import threading
from collections.abc import Awaitable, Callable, Coroutine
from typing import TYPE_CHECKING, Any, BinaryIO

from pygls.io_ import StdoutWriter

if TYPE_CHECKING:
    from pygls.server import JsonRPCServer

    from .protocol import PodProtocol

log = logging.getLogger(__name__)

CHUNK = 1 << 16
"""Bytes read at a time."""

_HEADERS_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"content-length[ \t]*:[ \t]*(\d+)", re.IGNORECASE)
_HEADERS = re.compile(rb"(?:[!-9;-~]+[ \t]*:[^\r\n]*(?:\r?\n|$))+")
"""Header lines only, `Name: value`: anything else before a header was skipped."""


class Framer:
    """Cuts a byte stream into message bodies. Header names are matched in any case, as the
    base protocol says; bytes before a header (the rest of a body whose Content-Length was
    short, or noise) are skipped, so a bad frame costs one message, not the session."""

    def __init__(self) -> None:
        self._buffer = bytearray()
        self._length: int | None = None
        """The body length announced by the headers just read; None while looking for them."""
        self._searched = 0
        """How much of the buffer holds no end of headers: a long stretch is searched once."""

    def feed(self, data: bytes) -> list[bytes]:
        """The bodies that `data` completes."""
        self._buffer += data
        bodies = []
        while (body := self._next()) is not None:
            bodies.append(body)
        return bodies

    def _next(self) -> bytes | None:
        buffer = self._buffer
        while self._length is None:
            end = _HEADERS_END.search(buffer, max(self._searched - 3, 0))
            if end is None:
                self._searched = len(buffer)
                return None
            self._searched = 0
            headers = bytes(buffer[:end.start()])
            del buffer[:end.end()]
            lengths = _CONTENT_LENGTH.findall(headers)
            if headers and (not lengths or _HEADERS.fullmatch(headers) is None):
                log.warning("skipped %d bytes that were not a message's headers", len(headers))
            if lengths:
                self._length = int(lengths[-1])
        if len(buffer) < self._length:
            return None
        body = bytes(buffer[:self._length])
        del buffer[:self._length]
        self._length = None
        return self._overrun(body)

    def _overrun(self, body: bytes) -> bytes:
        """A body whose Content-Length was too long ends with the start of the next message
        (every message is one JSON object): that part goes back to be read as such."""
        if body.rstrip().endswith(b"}"):
            return body
        text = body.decode("utf-8", "surrogateescape")
        start = len(text) - len(text.lstrip())
        try:
            _, end = json.JSONDecoder().raw_decode(text, start)
        except (ValueError, RecursionError):
            return body
        cut = len(text[:end].encode("utf-8", "surrogateescape"))
        if not body[cut:].strip():
            return body
        log.warning("a Content-Length was %d bytes too long; reading them as the next message", len(body) - cut)
        self._buffer[:0] = body[cut:]
        return body[:cut]


async def _session(protocol: PodProtocol, read: Callable[[], Awaitable[bytes]]) -> int | None:
    """Hand each message to the protocol until `exit` (its status) or the end of the stream
    (None)."""
    framer = Framer()
    while data := await read():
        for body in framer.feed(data):
            try:
                protocol.receive(body)
            except BrokenPipeError:
                log.error("the client is gone")
                return None
            except Exception:  # a bug in one handler must not end the session
                log.exception("failed to handle a message")
            if protocol.exit_code is not None:
                return protocol.exit_code
            await asyncio.sleep(0)  # handlers' tasks run between messages, as in pygls
    return None


def _read_in_thread(fd: int) -> Callable[[], Awaitable[bytes]]:
    """Reads `fd` in a daemon thread: a read that never returns (a client that keeps the pipe
    open after `exit`) cannot hold up the exit. os.read takes no lock that the interpreter's
    exit would wait for, as sys.stdin's buffer does."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[bytes] = asyncio.Queue()

    def pump() -> None:
        while True:
            try:
                data = os.read(fd, CHUNK)
            except OSError:
                data = b""
            try:
                loop.call_soon_threadsafe(queue.put_nowait, data)
            except RuntimeError:  # the loop is closed: the session is over
                return
            if not data:
                return

    threading.Thread(target=pump, name="pod-ls stdin", daemon=True).start()
    return queue.get


async def _stdio_session(protocol: PodProtocol, fd: int) -> int | None:
    return await _session(protocol, _read_in_thread(fd))


def serve_io(server: JsonRPCServer, stdin: BinaryIO | None = None, stdout: BinaryIO | None = None) -> None:
    """Serve one session on stdin and stdout; after `exit`, exit with its status."""
    server.protocol.set_writer(StdoutWriter(stdout or sys.stdout.buffer))
    _run_until_exit(server, _stdio_session(server.protocol, (stdin or sys.stdin.buffer).fileno()))


def _run_until_exit(server: JsonRPCServer, session: Coroutine[Any, Any, int | None]) -> None:
    """Run a session; after `exit`, exit with the status it asked for."""
    code = None
    try:
        code = asyncio.run(session)
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()
    if code is not None:
        sys.exit(code)


async def _tcp_session(protocol: PodProtocol, host: str, port: int) -> int | None:
    """Serve the first client to connect; others are refused while it is connected, since
    they would share its state and its writer."""
    finished: asyncio.Future[int | None] = asyncio.get_running_loop().create_future()
    serving = False

    async def connected(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        nonlocal serving
        if serving:
            log.warning("refused a second client from %s: pod-ls serves one client", writer.get_extra_info("peername"))
            writer.close()
            return
        serving = True
        protocol.set_writer(writer)
        code = None
        try:
            code = await _session(protocol, lambda: reader.read(CHUNK))
            writer.close()
            await writer.wait_closed()
        except ConnectionError:
            log.info("the client's connection was lost")
        finally:
            finished.set_result(code)

    listener = await asyncio.start_server(connected, host, port)
    async with listener:
        log.info("serving on %s", ", ".join(str(s.getsockname()) for s in listener.sockets))
        return await finished


def serve_tcp(server: JsonRPCServer, host: str, port: int) -> None:
    """Serve one client on a TCP socket; after `exit`, exit with its status."""
    _run_until_exit(server, _tcp_session(server.protocol, host, port))
