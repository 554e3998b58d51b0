"""`pod-ls check`'s worker pool: a task goes to the worker named for it (which kept what it
read), an idle worker takes the last task of another, every task is answered once, and a
failing or dying worker ends the run with the reason instead of a hang."""

from __future__ import annotations

import multiprocessing
import os
import signal
import sys
import time

import pytest

from pod_ls.cli.pool import Pool, WorkerDied

pytestmark = pytest.mark.skipif(not (sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()),
                                reason="the test's work functions reach forked workers only")
FORK = multiprocessing.get_context("fork") if sys.platform == "linux" else None


def started() -> None:
    """The worker's initializer: nothing to set up."""


def pid_of(task: float) -> int:
    time.sleep(task)
    return os.getpid()


def fail(task: int) -> int:
    raise ValueError(f"task {task} failed")


def die(task: int) -> int:
    if task == 1:
        os.kill(os.getpid(), signal.SIGKILL)
    time.sleep(0.2)
    return task


def test_each_task_is_answered_once_and_an_owned_task_goes_to_its_owner():
    with Pool(2, FORK, started, ()) as pool:
        # Two tasks, one each: a worker takes its own before anything else.
        first = {number: (worker, pid) for worker, number, pid in pool.run(pid_of, [0.0, 0.0], owners=[1, 0])}
        assert first[0][0] == 1 and first[1][0] == 0
        pids = {worker: pid for worker, pid in first.values()}
        assert len(set(pids.values())) == 2 and os.getpid() not in pids.values()
        # All of them worker 0's: worker 1, idle, takes the last (its smallest) first.
        tasks = [0.3, 0.05, 0.05, 0.05, 0.05, 0.0]
        answers = list(pool.run(pid_of, tasks, owners=[0] * len(tasks)))
        assert sorted(number for _, number, _ in answers) == list(range(len(tasks)))
        assert all(pids[worker] == pid for worker, _, pid in answers)  # the worker said is the one that ran it
        assert [number for worker, number, _ in answers if worker == 1][0] == len(tasks) - 1
        # Without owners the tasks go in order to whichever worker is free.
        assert {number for _, number, _ in pool.run(pid_of, [0.0] * 5)} == set(range(5))


def test_a_failure_in_a_worker_is_raised_here():
    # Both fail: whichever answers first is raised.
    with pytest.raises(ValueError, match="task [01] failed"), Pool(2, FORK, started, ()) as pool:
        list(pool.run(fail, [0, 1]))


def test_a_worker_that_dies_ends_the_run_and_the_others_are_stopped():
    pool = Pool(2, FORK, started, ())
    processes = list(pool._processes)
    with pytest.raises(WorkerDied, match=r"ended \(exit code -9\) before answering"), pool:
        list(pool.run(die, [0, 1, 2, 3]))
    assert not any(process.is_alive() for process in processes)
