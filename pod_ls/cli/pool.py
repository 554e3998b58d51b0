"""Worker processes that each answer over a pipe of their own.

A pool that hands tasks to whichever worker is free cannot give the second pass's batch to
the worker that read it in the first, which kept what it parsed; this one can: a task goes to
the worker named for it, and a worker with nothing of its own left takes the last task
another has not started (and reads that batch again).
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection, wait
from multiprocessing.context import BaseContext
from typing import Any


class WorkerDied(Exception):
    """A worker process ended without answering: killed, or out of memory."""


class Pool:
    def __init__(self, count: int, context: BaseContext, initializer: Callable[..., Callable[[], bool] | None],
                 initargs: tuple) -> None:
        self._connections: list[Connection] = []
        self._processes = []
        try:
            for _ in range(count):
                mine, theirs = context.Pipe()
                process = context.Process(target=_serve, args=(theirs, initializer, initargs), daemon=True)
                process.start()
                theirs.close()  # so that a worker's death reads as the end of its pipe here
                self._connections.append(mine)
                self._processes.append(process)
        except BaseException:
            self.stop()
            raise

    def __enter__(self) -> Pool:
        return self

    def __exit__(self, kind, value, traceback) -> None:
        if kind is None:
            for connection in self._connections:
                connection.send(None)
            for process in self._processes:
                process.join(5)
        self.stop()

    def stop(self) -> None:
        for process in self._processes:
            if process.is_alive():
                process.terminate()
        for process in self._processes:
            process.join()
        for connection in self._connections:
            connection.close()

    def run(self, work: Callable[[Any], Any], tasks: list, owners: list[int] | None = None
            ) -> Iterator[tuple[int, int, Any]]:
        """(worker, task's index, answer) for every task, as they come. With `owners`, task n
        goes to worker owners[n] unless another worker is idle with nothing of its own."""
        count = len(self._connections)
        if owners is None:
            shared: deque[int] = deque(range(len(tasks)))
            queues = [shared] * count
        else:
            queues = [deque() for _ in range(count)]
            for number, owner in enumerate(owners):
                queues[owner % count].append(number)
        busy: dict[Connection, tuple[int, int]] = {}

        def give(worker: int) -> None:
            if queues[worker]:
                number = queues[worker].popleft()
            elif longest := max(queues, key=len):
                number = longest.pop()  # the other worker's smallest batch: it reads it again
            else:
                return
            self._connections[worker].send((work, tasks[number]))
            busy[self._connections[worker]] = worker, number

        for worker in range(count):
            give(worker)
        while busy:
            for connection in wait(list(busy)):
                worker, number = busy.pop(connection)
                try:
                    failed, answer = connection.recv()
                except (EOFError, OSError):
                    self._processes[worker].join(1)
                    raise WorkerDied(f"worker process {self._processes[worker].pid} ended "
                                     f"(exit code {self._processes[worker].exitcode}) before answering") from None
                if failed:
                    raise answer
                give(worker)
                yield worker, number, answer


def _serve(connection: Connection, initializer: Callable[..., Callable[[], bool] | None],
           initargs: tuple) -> None:
    """A worker: tasks in, answers out, until the parent sends None or goes away. What the
    initializer returns, if anything, is called while no task waits, until it returns False:
    work that later tasks will find done."""
    ahead = initializer(*initargs)
    while True:
        try:
            while ahead is not None and not connection.poll() and ahead():
                pass
        except (EOFError, OSError):
            return
        except Exception:  # a bug: the task that needs the work does it again and reports it
            ahead = None
        try:
            message = connection.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        work, task = message
        try:
            connection.send((False, work(task)))
        except Exception as exc:  # the work describes its own failures (failure.in_worker)
            connection.send((True, exc))
