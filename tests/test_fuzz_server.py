"""Property-based fuzzing (hypothesis) through the real server over stdio: random incremental
edits of the corpus and the fixtures, as an editor sends them, with hover, completion and code
actions at random places after each. Every answer is well formed with its ranges inside the
text, no error reaches the user, and the buffer's final diagnostics are those of its final
text opened afresh (the server's copy followed every change).

Hypothesis runs examples synchronously; the client's event loop runs in a thread beside it,
and one server serves every example (each on documents of its own)."""

from __future__ import annotations

import asyncio
import itertools
import re
import threading
from collections.abc import Coroutine, Iterator
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from lsp_helpers import SERVER_COMMAND, next_publish, open_and_wait, prepare, without_related
from lsprotocol import types
from pytest_lsp import LanguageClient, client_capabilities
from test_fuzz import PIECES, SOURCES

_BREAK = re.compile(r"\r\n|\r|\n")


class Session:
    """One pod-ls process and a client on an event loop of its own thread."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True, name="fuzz client").start()
        self.client = self.run(self._start())
        self.numbers = itertools.count()

    def run(self, work: Coroutine[Any, Any, Any], seconds: float = 60) -> Any:
        return asyncio.run_coroutine_threadsafe(work, self.loop).result(seconds)

    async def _start(self) -> LanguageClient:
        client = LanguageClient()
        await client.start_io(*SERVER_COMMAND)
        prepare(client)
        result = await client.initialize_session(types.InitializeParams(capabilities=client_capabilities("neovim")))
        self.encoding = result.capabilities.position_encoding or types.PositionEncodingKind.Utf16
        """What the server chose of Neovim's utf-8, utf-16 and utf-32: the edits are sent in it."""
        return client

    def close(self) -> None:
        self.run(self.client.shutdown_session())
        self.loop.call_soon_threadsafe(self.loop.stop)


@pytest.fixture(scope="module")
def session() -> Iterator[Session]:
    running = Session()
    yield running
    running.close()


def position(text: str, offset: int, encoding: str = types.PositionEncodingKind.Utf16) -> types.Position:
    """The LSP position of a character offset in the negotiated units, with LSP's three line breaks."""
    starts = [0, *(m.end() for m in _BREAK.finditer(text, 0, offset))]
    before = text[starts[-1]:offset]
    if encoding == types.PositionEncodingKind.Utf8:
        units = len(before.encode("utf-8", "surrogatepass"))
    elif encoding == types.PositionEncodingKind.Utf32:
        units = len(before)
    else:
        units = sum(2 if ord(c) > 0xFFFF else 1 for c in before)
    return types.Position(line=len(starts) - 1, character=units)


def between_cr_and_lf(text: str, offset: int) -> bool:
    return 0 < offset < len(text) and text[offset - 1] == "\r" and text[offset] == "\n"


@st.composite
def edits(draw) -> tuple[str, list[tuple[int, int, str]]]:
    """A source text and edits of it: (offset, characters removed, text inserted)."""
    text = draw(st.sampled_from(SOURCES))
    assume(text.isascii() or not any(0xD800 <= ord(c) <= 0xDFFF for c in text))  # JSON cannot carry them
    changes = []
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(text)))
        removed = draw(st.sampled_from([0, 0, 1, 5, 40]))
        changes.append((where, removed, draw(st.sampled_from(["", *PIECES]))))
    return text, changes


def inside(where: types.Range, lines: list[str]) -> bool:
    return (where.start.line, where.start.character) <= (where.end.line, where.end.character) \
        and where.end.line < len(lines)


async def _example(client: LanguageClient, encoding: str, number: int, text: str,
                   changes: list[tuple[int, int, str]], places: list[tuple[int, int]]) -> None:
    uri = f"file:///tmp/fuzz/edited-{number}.yaml"
    document = types.TextDocumentIdentifier(uri=uri)
    await open_and_wait(client, uri, text)
    version = 1
    for where, removed, new in changes:
        start = min(where, len(text))
        end = min(start + removed, len(text))
        if between_cr_and_lf(text, start):
            start += 1
        if between_cr_and_lf(text, end):
            end += 1
        end = max(start, end)
        change = types.TextDocumentContentChangePartial(
            range=types.Range(start=position(text, start, encoding), end=position(text, end, encoding)), text=new)
        text = text[:start] + new + text[end:]
        version += 1
        client.text_document_did_change(types.DidChangeTextDocumentParams(
            text_document=types.VersionedTextDocumentIdentifier(uri=uri, version=version), content_changes=[change]))
        lines = _BREAK.split(text)
        for line, column in places:
            at = types.Position(line=line % len(lines), character=column % (len(lines[line % len(lines)]) + 1))
            found = await client.text_document_hover_async(types.HoverParams(text_document=document, position=at))
            assert found is None or found.range is None or inside(found.range, lines)
            items = await client.text_document_completion_async(
                types.CompletionParams(text_document=document, position=at))
            for item in (items.items if isinstance(items, types.CompletionList) else items or []):
                assert item.text_edit is None or inside(item.text_edit.range, lines)
            actions = await client.text_document_code_action_async(types.CodeActionParams(
                text_document=document, range=types.Range(start=at, end=at),
                context=types.CodeActionContext(diagnostics=[])))
            for action in actions or []:
                for edit in (action.edit.changes or {}).get(uri, []) if action.edit else []:
                    assert inside(edit.range, lines)
    final = await next_publish(client, uri, 0, version=version)
    lines = _BREAK.split(text)
    assert all(inside(d.range, lines) for d in final)
    afresh = f"file:///tmp/fuzz/afresh-{number}.yaml"
    # Related places name their file (and the other open files' Services): compared apart.
    assert without_related(final) == without_related(await open_and_wait(client, afresh, text))
    for closing in (uri, afresh):
        client.text_document_did_close(types.DidCloseTextDocumentParams(
            text_document=types.TextDocumentIdentifier(uri=closing)))
    assert not [m for m in client.messages if m.type == types.MessageType.Error]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(edits(), st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 400)), min_size=1, max_size=2))
def test_the_server_survives_any_edit_and_follows_it(session: Session, edited, places):
    text, changes = edited
    session.run(_example(session.client, session.encoding, next(session.numbers), text, changes, places))
