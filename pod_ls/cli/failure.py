"""What `pod-ls check` says when pod-ls itself fails, in this process or in a worker process.

A worker's exception reaches the parent re-raised by multiprocessing, whose traceback ends in
the pool's code; so the worker describes its own failure, where it happened, and the parent
reports that.
"""

from __future__ import annotations

import traceback
from pathlib import Path


class WorkerFailure(Exception):
    """A failure of pod-ls in a worker process, as the worker saw it."""

    def __init__(self, description: str, details: str) -> None:
        super().__init__(description, details)  # both travel back when it is pickled
        self.description = description
        self.details = details

    def __str__(self) -> str:
        return self.description


def described(exc: BaseException) -> str:
    """`KeyError: 'x' (check.py:12)`: the exception and the last line of its traceback."""
    if isinstance(exc, WorkerFailure):
        return exc.description
    frames = traceback.extract_tb(exc.__traceback__)
    where = f" ({Path(frames[-1].filename).name}:{frames[-1].lineno})" if frames else ""
    return f"{type(exc).__name__}: {exc}{where}"


def details(exc: BaseException) -> str:
    """The whole traceback, the worker's for a failure in a worker."""
    if isinstance(exc, WorkerFailure):
        return exc.details
    return "".join(traceback.format_exception(exc))


def in_worker(exc: Exception) -> WorkerFailure:
    """The failure to send back to the parent for an exception raised in a worker."""
    return WorkerFailure(described(exc), details(exc))
