"""A second process that checks a share of a big file's documents.

pod-ls is pure Python, so one process uses one core; reading and checking a 60,000-line file
takes most of a second on one. A helper started beside the server takes half of the
documents of a big read while the server does the other half. It keeps nothing between jobs
but the last workspace model it was sent (a model goes over again only when it changed), so
if it fails or is slow, the server does the work itself.

Messages are pickles behind an 8-byte length, over the helper's stdin and stdout; both ends
are this package, so nothing foreign is ever unpickled.
"""

from __future__ import annotations

import gc
import logging
import os
import pickle
import select
import struct
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, BinaryIO

from ..kube.links.workspace_model import WorkspaceModel
from ..kube.schema import Version

log = logging.getLogger(__name__)

_HEADER = struct.Struct("<Q")
Chunk = tuple[int, str]
"""(first line, text) of a document, as `parse.split_documents` gives it."""
if TYPE_CHECKING:
    from .document import DocumentResult


def _frame(message: object) -> bytes:
    data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
    return _HEADER.pack(len(data)) + data


def _read_exactly(stream: BinaryIO, size: int) -> bytes:
    """`size` bytes, fewer only at the end of the stream (a pipe may give less per read)."""
    parts = []
    while size > 0 and (part := stream.read(size)):
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _read(stream: BinaryIO) -> object | None:
    header = _read_exactly(stream, _HEADER.size)
    if len(header) < _HEADER.size:
        return None
    (size,) = _HEADER.unpack(header)
    data = _read_exactly(stream, size)
    return pickle.loads(data) if len(data) == size else None


def cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


@dataclass(slots=True, eq=False)
class Pending:
    """A job sent to the helper; its `results` arrive with `Helper.collect` or `Helper.wait`."""

    number: int
    size: int
    results: list[DocumentResult] | None = None


class Helper:
    """The server's end: starts the helper process, sends jobs, takes their results."""

    def __init__(self) -> None:
        self._process: subprocess.Popen | None = None
        self._unsent = bytearray()
        """Jobs written only in part: the pipe was full (the helper is busy or starting)."""
        self._jobs = 0
        self._pending: dict[int, Pending] = {}
        """Jobs sent and not yet answered, by number."""
        self._model_sent: tuple[int, int] | None = None
        """The fingerprint of the model the helper holds: the same one is not sent again."""

    def start(self, command: list[str] | None = None) -> None:
        """Start the helper (`command`: another program, for tests) where it can help: on a
        machine with more than one core, and where pipes can be polled (not Windows)."""
        if self._process is None and cores() > 1 and sys.platform != "win32":
            try:
                self._process = subprocess.Popen(
                    command or [sys.executable, "-m", "pod_ls.analysis.helper"], stdin=subprocess.PIPE,
                    stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, bufsize=0)
            except OSError as error:
                log.warning("no helper process (%s); the server checks everything itself", error)
                return
            # Jobs are written by the server's thread between two documents, as much as the pipe
            # takes: a writer thread waited up to 100 ms for the GIL while the server parsed.
            os.set_blocking(self._process.stdin.fileno(), False)

    @property
    def running(self) -> bool:
        return self._process is not None and self._process.poll() is None

    def submit(self, version: Version, workspace: WorkspaceModel, chunks: list[Chunk],
               uri: str = "") -> Pending | None:
        """Send a job; None if the helper cannot take it (the caller does the work)."""
        if not self.running:
            return None
        self._jobs += 1
        fingerprint = workspace.fingerprint()
        try:
            self._unsent += _frame((self._jobs, version, workspace if fingerprint != self._model_sent else None,
                                    chunks, uri))
        except (pickle.PicklingError, TypeError, AttributeError) as error:
            self._fail(f"cannot send a job: {error}")
            return None
        self._model_sent = fingerprint
        pending = self._pending[self._jobs] = Pending(self._jobs, len(chunks))
        self._send()
        return pending

    def _send(self) -> None:
        """Write what the pipe takes now; the rest waits for the next call."""
        while self._unsent and self._process is not None:
            try:
                written = self._process.stdin.write(self._unsent)
            except OSError as error:  # the helper is gone
                self._fail(f"cannot send a job: {error}")
                return
            if not written:  # the pipe is full
                return
            del self._unsent[:written]

    def collect(self, seconds: float = 0.0) -> None:
        """Take the answers that arrive within `seconds` (0: those already there) into their
        jobs; answers to jobs nobody waits for any more are dropped."""
        deadline = time.monotonic() + seconds
        while self._pending and self.running:
            self._send()
            if self._process is None:
                return
            writable = [self._process.stdin] if self._unsent else []
            ready, _, _ = select.select([self._process.stdout], writable, [], max(0.0, deadline - time.monotonic()))
            if not ready:
                if writable and time.monotonic() < deadline:
                    continue  # the pipe took more of a job: wait on
                return
            try:
                answer = _read(self._process.stdout)
            except Exception as error:  # whatever broke, the server carries on alone
                self._fail(f"unreadable answer: {error!r}")
                return
            if not (isinstance(answer, tuple) and len(answer) == 2 and answer[0] in self._pending):
                self._fail("the helper answered out of turn")
                return
            number, results = answer
            pending = self._pending.pop(number)
            if len(results) != pending.size:
                self._fail("the helper answered for the wrong documents")
                return
            pending.results = results
            deadline = 0.0  # then only what is there already

    def wait(self, pending: Pending, seconds: float) -> bool:
        """Wait up to `seconds` for the job's results; True once they are in `pending.results`."""
        deadline = time.monotonic() + seconds
        while pending.results is None and pending.number in self._pending and self.running:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                break
            self.collect(remaining)
        return pending.results is not None

    def _fail(self, why: str) -> None:
        log.warning("the helper process stops (%s); the server checks everything itself", why)
        self.close()

    def close(self) -> None:
        if self._process is not None:
            self._process.kill()
            self._process.wait()
            self._process = None
        self._pending = {}
        self._unsent = bytearray()
        self._model_sent = None


class Share:
    """A list of documents read from both ends: this process takes them from the front, one
    at a time, the helper from the back, a job of `JOB` documents or `JOB_CHARACTERS` at a
    time with at most `IN_FLIGHT` jobs out, until the two meet. A helper that is still
    starting, slow or gone simply gets less."""

    JOB = 20
    JOB_CHARACTERS = 100_000
    """A bundle's CRD of a few hundred KB is a job of its own."""
    IN_FLIGHT = 2

    def __init__(self, helper: Helper, version: Version, workspace: WorkspaceModel, chunks: list[Chunk],
                 todo: list[int], uri: str = "") -> None:
        self.helper, self.version, self.workspace, self.chunks, self.uri = helper, version, workspace, chunks, uri
        self.todo = todo
        """Indices (in `chunks`) of the documents to read, in order."""
        self.position = {index: position for position, index in enumerate(todo)}
        self.back = len(todo)
        """todo[back:] went to the helper."""
        self.jobs: list[tuple[Pending, list[int]]] = []
        self.front = 0
        self._top_up()

    def take(self, index: int) -> bool:
        """Whether this process reads document `index` itself (False: the helper has it)."""
        position = self.position.get(index)
        if position is None:
            return True
        if position >= self.back:
            return False
        self.front = position + 1
        self._top_up()
        return True

    def _top_up(self) -> None:
        self.helper.collect()
        while (sum(p.results is None for p, _ in self.jobs) < self.IN_FLIGHT
               and (start := self._job_start()) is not None):
            indices = self.todo[start:self.back]
            pending = self.helper.submit(self.version, self.workspace, [self.chunks[i] for i in indices], self.uri)
            if pending is None:
                return
            self.back = start
            self.jobs.append((pending, indices))

    def _job_start(self) -> int | None:
        """Where the next job starts in `todo` (it ends at `back`); None when what is left
        between the two ends is no more than a job: this process reads that itself."""
        start, size = self.back, 0
        while start > self.front and self.back - start < self.JOB and size < self.JOB_CHARACTERS:
            start -= 1
            size += len(self.chunks[self.todo[start]][1])
        if start == self.front:
            return None
        return start

    def wait(self, seconds: float) -> bool:
        """Wait up to `seconds` for the helper's answers; True when all are in (or never will be)."""
        unanswered = [p for p, _ in self.jobs if p.results is None]
        if unanswered and self.helper.running:
            self.helper.wait(unanswered[0], seconds)
        return all(p.results is not None for p, _ in self.jobs) or not self.helper.running

    def results(self) -> Iterator[tuple[int, DocumentResult | None]]:
        """(index, result) of every document the helper took; None where it gave no answer."""
        for pending, indices in self.jobs:
            yield from zip(indices, pending.results or [None] * len(indices), strict=True)


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    """The helper's end: answer jobs until the server closes the pipe."""
    from ..kube.schema import load_schema
    from ..yaml.nodes import collect_cycles_less_often
    from ..yaml.parse import parse_document
    from .document import document_findings

    collect_cycles_less_often()
    load_schema()  # before the first job, which the server sends as soon as it can
    gc.freeze()
    workspace = WorkspaceModel()
    while (job := _read(requests)) is not None:
        number, version, sent, chunks, uri = job
        workspace = sent if sent is not None else workspace
        results = [document_findings(parse_document(chunk, offset), version, workspace, uri)
                   for offset, chunk in chunks]
        answers.write(_frame((number, results)))
        answers.flush()


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)
