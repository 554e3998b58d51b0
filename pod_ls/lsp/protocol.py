"""The JSON-RPC side of the server: pygls' protocol, made to answer every request and to keep
nothing once a message is handled.

pygls 2.1 read a message and its params in one go: a request whose params do not fit their
type, or whose JSON it cannot read, was never answered and the user got an error pop-up; it
answered requests before `initialize` and a second `initialize`, dropped requests after
`shutdown` silently, always exited with status 0, and kept a future for every notification.
Here each message is read, checked against the session's state, then typed, and any of
those steps that fails gets the request an error response. The framing is in `transport`.
"""

from __future__ import annotations

import json
import logging
import re
from json.decoder import scanstring
from typing import Any

import cattrs
from cattrs.v import format_exception
from lsprotocol import types
from pygls.exceptions import (
    JsonRpcException,
    JsonRpcInvalidParams,
    JsonRpcInvalidRequest,
    JsonRpcParseError,
    JsonRpcServerNotInitialized,
)
from pygls.protocol import JsonRPCNotification, JsonRPCRequestMessage, JsonRPCResponseMessage, lsp_method
from pygls.protocol.language_server import LanguageServerProtocol

log = logging.getLogger(__name__)


class PodProtocol(LanguageServerProtocol):
    """pygls' protocol with the LSP lifecycle enforced, an error for every request that cannot
    be served, and without its copy of each open text: pod-ls keeps the buffers itself
    (`OpenDocument`, patched by `text.apply_changes`), so pygls neither re-splits a big text on
    every keystroke nor raises on a change to a document that was never opened."""

    def __init__(self, server: Any, converter: cattrs.Converter) -> None:
        super().__init__(server, converter)
        self.exit_code: int | None = None
        """Set by `exit`: the status the process ends with (1 unless `shutdown` came first)."""
        self._initialize_received = False
        self._request_id: Any = None
        """The client's request being dispatched: the one id whose future pygls must keep."""
        self.heard_from_client = False
        """A message has come: the preload before `initialize` stops at the first."""

    def receive(self, body: bytes) -> None:
        """Handle one message's body, whatever it holds."""
        self.heard_from_client = True
        try:
            data = json.loads(body)
        except (ValueError, RecursionError) as error:
            self._unreadable(body, error)
            return
        if not isinstance(data, dict):
            self._refuse(None, JsonRpcInvalidRequest("a message must be a JSON object (LSP has no batches)"))
        elif "method" not in data:
            self._response(data)
        elif "id" not in data:
            self._notification(data)
        elif not _is_id(data["id"]):
            self._refuse(None, JsonRpcInvalidRequest("a request's id must be an integer or a string"))
        else:
            self._request(data)

    def _request(self, data: dict) -> None:
        msg_id, method = data["id"], data["method"]
        if data.get("jsonrpc") != "2.0" or not isinstance(method, str):
            self._refuse(msg_id, JsonRpcInvalidRequest("not a JSON-RPC 2.0 request"))
            return
        if method == types.INITIALIZE and self._initialize_received:
            self._refuse(msg_id, JsonRpcInvalidRequest("initialize may be sent only once"))
            return
        if not self._initialize_received and method != types.INITIALIZE:
            self._refuse(msg_id, JsonRpcServerNotInitialized(f"{method} before initialize"))
            return
        if self._shutdown:
            self._refuse(msg_id, JsonRpcInvalidRequest(f"{method} after shutdown: only exit is accepted"))
            return
        try:
            message = self._typed(data, JsonRPCRequestMessage)
        except Exception as error:  # whatever cattrs raised, the params do not fit the method
            self._refuse(msg_id, JsonRpcInvalidParams(f"invalid params for {method}: {_reason(error)}"))
            return
        if method == types.INITIALIZE:
            self._initialize_received = True
        self.handle_message(message)

    def _notification(self, data: dict) -> None:
        """Notifications before `initialize` or after `shutdown` are dropped, but `exit`."""
        method = data["method"]
        if data.get("jsonrpc") != "2.0" or not isinstance(method, str):
            log.warning("dropping a message that is not JSON-RPC 2.0: %.200s", data)
            return
        if method != types.EXIT and (self._shutdown or not self._initialize_received):
            log.info("dropping %s %s", method, "after shutdown" if self._shutdown else "before initialize")
            return
        try:
            message = self._typed(data, JsonRPCNotification)
        except Exception as error:
            log.warning("dropping %s with invalid params: %s", method, _reason(error))
            return
        self.handle_message(message)

    def _response(self, data: dict) -> None:
        """A response to one of the server's requests; one that cannot be read fails that
        request, rather than leaving it waiting for good."""
        msg_id = data.get("id")
        if not _is_id(msg_id):
            log.warning("dropping a response without a usable id: %.200s", data)
            return
        if "error" in data:
            message_type = types.ResponseErrorMessage
        else:
            message_type = self._result_types.pop(msg_id, None) or JsonRPCResponseMessage
        try:
            message = self._converter.structure(data, message_type)
        except Exception as error:
            reason = _reason(error)
            log.warning("unreadable response to request %s: %s", msg_id, reason)
            if (future := self._request_futures.pop(msg_id, None)) is not None and not future.done():
                future.set_exception(JsonRpcInvalidParams(f"unreadable response: {reason}"))
            return
        self.handle_message(message)

    def _typed(self, data: dict, fallback: type) -> Any:
        """The message as its lsprotocol type (`fallback` for methods it does not know)."""
        message_type = self.get_message_type(data["method"])
        if message_type is None:
            message_type = fallback
            data.setdefault("params", None)  # JSON-RPC lets params out; pygls' type needs them
        return self._converter.structure(data, message_type)

    def _unreadable(self, body: bytes, error: Exception) -> None:
        """A body that is not JSON (cut short, say) or too deep to read: a request still gets its
        error, found by its id among the members that can be read."""
        members = _top_level_members(body.decode("utf-8", "surrogateescape"))
        msg_id, method = members.get("id"), members.get("method")
        if not isinstance(method, str) or "id" not in members:
            log.warning("dropping an unreadable message (%s)%s", error, f": {method}" if method else "")
            if not isinstance(method, str):
                self._refuse(None, JsonRpcParseError(f"unreadable message: {error}"))
            return
        if not _is_id(msg_id):
            self._refuse(None, JsonRpcInvalidRequest("a request's id must be an integer or a string"))
        elif isinstance(error, RecursionError):
            self._refuse(msg_id, JsonRpcInvalidParams(f"{method}: params nested too deep to read"))
        else:
            self._refuse(msg_id, JsonRpcParseError(f"{method}: unreadable JSON: {error}"))

    def _refuse(self, msg_id: int | str | None, error: JsonRpcException) -> None:
        log.warning("answering request %s with error %d: %s", msg_id, error.code, error.message)
        if msg_id is None:  # lsprotocol's type would leave the id out; JSON-RPC wants it null
            self._send_data({"jsonrpc": "2.0", "id": None, "error": {"code": error.code, "message": error.message}})
        else:
            self._send_response(msg_id, error=error.to_response_error())

    def _handle_request(self, msg_id: Any, method_name: str, params: Any) -> None:
        self._request_id = msg_id
        try:
            super()._handle_request(msg_id, method_name, params)
        finally:
            self._request_id = None

    def _execute_handler(self, msg_id: Any, handler: Any, callback: Any, args: Any = None,
                         kwargs: Any = None) -> None:
        """pygls files the future of every generator, coroutine or thread handler under
        `msg_id` and takes it out only when it answers a request: each notification, and each
        step of a built-in generator handler, run under a fresh uuid and left it there for good
        (1.7 kB a keystroke). Those now leave once done; a request's stays for $/cancelRequest."""
        super()._execute_handler(msg_id, handler, callback, args, kwargs)
        if msg_id != self._request_id and (future := self._request_futures.get(msg_id)) is not None:
            future.add_done_callback(lambda _: self._request_futures.pop(msg_id, None))

    def _send_handler_result(self, future: Any, *, msg_id: Any) -> None:
        """A refusal the handler meant (RequestFailed: "nothing to rename here") is an answer
        to the user, not a failure of the server: pygls logged each at error level with its
        traceback, and reported it as a server error."""
        if not future.cancelled() and isinstance(refusal := future.exception(), JsonRpcException) \
                and refusal.code == types.LSPErrorCodes.RequestFailed:
            self._request_futures.pop(msg_id, None)
            log.info("request %s refused: %s", msg_id, refusal.message)
            self._send_response(msg_id, error=refusal.to_response_error())
            return
        super()._send_handler_result(future, msg_id=msg_id)

    def _handle_cancel_notification(self, msg_id: Any) -> None:
        """Cancelling a request that was already answered is the normal race (VS Code cancels
        hovers and completions the moment the cursor moves): pygls logged each as a warning."""
        if msg_id in self._request_futures:
            super()._handle_cancel_notification(msg_id)
        else:
            log.debug("cancel for request %s, which is already answered", msg_id)

    def _handler(self, method: str, params: Any):
        if (handler := self.fm.features.get(method)) is not None:
            yield handler, (params,), None

    @lsp_method(types.SHUTDOWN)
    def lsp_shutdown(self, *args: Any):
        """Cancels what is still running, as pygls does, but over a copy of the table: a
        cancelled future's callbacks take it out of the table at once."""
        yield from self._handler(types.SHUTDOWN, args[0] if args else None)
        current = self.msg_id
        for msg_id, future in list(self._request_futures.items()):
            if msg_id != current and not future.done():
                future.cancel()
        self._shutdown = True

    @lsp_method(types.EXIT)
    def lsp_exit(self, *args: Any):
        """Sets the exit status for the transport, which stops reading and exits with it: pygls
        raised SystemExit from within the handler, and its transport swallowed it (status 0)."""
        yield from self._handler(types.EXIT, args[0] if args else None)
        self.exit_code = 0 if self._shutdown else 1

    @lsp_method(types.TEXT_DOCUMENT_DID_OPEN)
    def lsp_text_document__did_open(self, params: types.DidOpenTextDocumentParams):
        yield from self._handler(types.TEXT_DOCUMENT_DID_OPEN, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CHANGE)
    def lsp_text_document__did_change(self, params: types.DidChangeTextDocumentParams):
        yield from self._handler(types.TEXT_DOCUMENT_DID_CHANGE, params)

    @lsp_method(types.TEXT_DOCUMENT_DID_CLOSE)
    def lsp_text_document__did_close(self, params: types.DidCloseTextDocumentParams):
        yield from self._handler(types.TEXT_DOCUMENT_DID_CLOSE, params)


def _is_id(value: object) -> bool:
    return isinstance(value, str) or (isinstance(value, int) and not isinstance(value, bool))


def _reason(error: Exception) -> str:
    """cattrs' account of what did not fit, with the validator's words where it has them."""
    if not isinstance(error, cattrs.BaseValidationError):
        return f"{type(error).__name__}: {error}"

    def describe(exc: BaseException, type_: Any) -> str:
        if type(exc) is ValueError and str(exc):
            return f"invalid value ({exc})"
        return format_exception(exc, type_)

    return "; ".join(cattrs.transform_error(error, format_exception=describe))


_NESTED = re.compile(r'["\[\]{}]')
_SPACE = re.compile(r"[ \t\r\n]*")


def _top_level_members(text: str) -> dict[str, Any]:
    """The scalar members of a JSON object that cannot be read whole, up to where it breaks;
    nested values are skipped by counting brackets, so their depth does not matter."""
    members: dict[str, Any] = {}
    decoder = json.JSONDecoder()
    at = _SPACE.match(text).end()
    if not text.startswith("{", at):
        return members
    at += 1
    try:
        while True:
            at = _SPACE.match(text, at).end()
            if not text.startswith('"', at):
                return members
            key, at = scanstring(text, at + 1)
            at = _SPACE.match(text, at).end()
            if not text.startswith(":", at):
                return members
            at = _SPACE.match(text, at + 1).end()
            if text[at] in "[{":
                at = _skip_nested(text, at)
            else:
                members[key], at = decoder.raw_decode(text, at)
            at = _SPACE.match(text, at).end()
            if not text.startswith(",", at):
                return members
            at += 1
    except (ValueError, IndexError):  # cut short or malformed here: what came before stands
        return members


def _skip_nested(text: str, at: int) -> int:
    """The offset after the array or object that starts at `at`."""
    depth = 0
    while (found := _NESTED.search(text, at)) is not None:
        char = found.group()
        if char == '"':
            _, at = scanstring(text, found.end())
            continue
        depth += 1 if char in "[{" else -1
        at = found.end()
        if depth == 0:
            return at
    raise ValueError("unterminated")
