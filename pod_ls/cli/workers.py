"""The two passes of `pod-ls check` over a tree: in this process, or on every core.

Every file is read twice: first for the objects it declares (the workspace model that the
link rules ask, the whole tree's), then for its findings, each file alone against that
model. Pure Python uses one core, so with a tree worth the start-up both passes are shared
out to one pool of worker processes (whose caches stay warm from the first pass to the
second), the biggest files first so no worker is left with a bundle at the end. Workers are
forked where that is safe (on Linux, from a process with no other thread: they inherit the
loaded modules and the texts), spawned elsewhere (the texts are sent to each); the model goes
to each worker once, pickled. The results are put back in the files' order, so the report is
the one a single process gives.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import sys
import threading
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from pathlib import Path
from typing import TypeVar

from ..analysis.analyzer import Analyzer
from ..analysis.scan import objects_in_text
from ..findings import Finding
from ..kube.files.kustomize import Folders, kustomize_role
from ..kube.links.objects import KubeObject
from ..kube.links.workspace_model import WorkspaceModel
from ..settings import Settings
from ..yaml.nodes import collect_cycles_less_often
from .failure import in_worker

PARALLEL_MINIMUM = {"fork": 200_000, "spawn": 1_000_000}
"""Characters of text below which a tree is checked in this process, by how workers start:
forked ones cost a few milliseconds, spawned ones import pod-ls again (a fraction of a second
each); under about one second of work (fork) or four (spawn) they save little or nothing."""
WINDOWS_MAXIMUM = 61
"""Worker processes Windows can wait on at once (ProcessPoolExecutor refuses more)."""
BATCHES_PER_WORKER = 8
"""Batches each worker gets on average: enough for the last ones to even the load out, few
enough that sending them costs nothing."""

T = TypeVar("T")
Task = tuple[int, list[int], bytes]
"""A batch's number, its files' indices and, in the second pass, the pickled model and settings."""
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Source:
    """One file to check."""

    path: str
    text: str
    on_disk: bool
    """A file (not stdin): a kustomization may list it as a patch."""


def objects_of(source: Source) -> list[KubeObject]:
    return objects_in_text(source.text, source.path)


def findings_of(source: Source, model: WorkspaceModel, settings: Settings, folders: Folders) -> list[Finding]:
    analyzer = Analyzer(source.path)
    if source.on_disk:  # looks up folders: in the workers
        analyzer.patch, analyzer.resource = kustomize_role(Path(source.path), folders)
    return analyzer.analyse(source.text, model, settings).findings


def check_sources(sources: list[Source], settings: Settings, jobs: int,
                  progress: Progress | None = None) -> list[list[Finding]]:
    """Each file's findings, in order; `jobs` processes at most (1: this one)."""
    context = _context()
    batches = _batches(sources, jobs, PARALLEL_MINIMUM[context.get_start_method()])
    if len(batches) < 2:
        return _in_process(sources, settings, progress)
    workers = min(jobs, len(batches), WINDOWS_MAXIMUM if sys.platform == "win32" else jobs)
    tally = _Tally(2 * len(sources), progress)
    with ProcessPoolExecutor(workers, mp_context=context, initializer=_start, initargs=(sources,)) as pool:
        try:
            objects = _gathered(pool, _objects_in_batch, [(n, batch, b"") for n, batch in enumerate(batches)],
                                batches, tally)
            model = WorkspaceModel()
            for source, found in zip(sources, objects, strict=True):
                model.set(source.path, found)
            # Sent with every batch, read by each worker once: a model is a few hundred bytes a file.
            shared = pickle.dumps((model, settings), protocol=pickle.HIGHEST_PROTOCOL)
            return _gathered(pool, _findings_in_batch, [(n, batch, shared) for n, batch in enumerate(batches)],
                             batches, tally)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _in_process(sources: list[Source], settings: Settings, progress: Progress | None) -> list[list[Finding]]:
    """Every file's objects are in the model before any file is analysed; then each file is
    analysed on its own and only its findings are kept, so memory grows with the files, not
    with their trees.

    A lone file skips the first pass, which would read it all once more for nothing: its
    analysis puts its objects into the model at the end and finds again what asked about
    them, as the editor does for a file opened alone."""
    tally = _Tally(2 * len(sources), progress)
    model = WorkspaceModel()
    for source in sources if len(sources) > 1 else []:
        model.set(source.path, objects_of(source))
        tally.add(1)
    results = []
    folders = Folders()
    for source in sources:
        results.append(findings_of(source, model, settings, folders))
        tally.add(1)
    return results


def _batches(sources: list[Source], jobs: int, minimum: int) -> list[list[int]]:
    """The files' indices in batches of about equal text, biggest files first; one batch when
    the tree has fewer than `minimum` characters (or `jobs` is 1) and workers would not pay."""
    total = sum(len(source.text) for source in sources)
    if jobs < 2 or len(sources) < 2 or total < minimum:
        return [list(range(len(sources)))]
    target = total / (jobs * BATCHES_PER_WORKER)
    batches: list[list[int]] = []
    size = 0.0
    for index in sorted(range(len(sources)), key=lambda i: -len(sources[i].text)):
        if not batches or size >= target:
            batches.append([])
            size = 0.0
        batches[-1].append(index)
        size += len(sources[index].text)
    return batches


def _context() -> BaseContext:
    """Fork where it is safe and cheap: Linux, and no other thread that a child would lack
    (macOS's system libraries are not fork-safe; Windows cannot fork)."""
    forks = sys.platform == "linux" and "fork" in multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if forks and threading.active_count() == 1 else "spawn")


class _Tally:
    """Files done over both passes, for the progress bar."""

    def __init__(self, total: int, progress: Progress | None) -> None:
        self.total, self.progress, self.done = total, progress, 0

    def add(self, files: int) -> None:
        self.done += files
        if self.progress:
            self.progress(self.done, self.total)


def _gathered(pool: ProcessPoolExecutor, work: Callable[[Task], tuple], tasks: list[Task],
              batches: list[list[int]], tally: _Tally) -> list:
    """`work` done on every batch, the answers put back in the files' order as they come. A
    worker that dies (killed, out of memory) raises BrokenProcessPool here rather than leaving
    its batch waiting for ever."""
    results: list = [None] * sum(len(batch) for batch in batches)
    for done in as_completed([pool.submit(work, task) for task in tasks]):
        number, found = done.result()
        for index, result in zip(batches[number], found, strict=True):
            results[index] = result
        tally.add(len(found))
    return results


# A worker process's state: the files, given when it starts (a forked worker inherits them),
# then the model and settings, read from the first batch of the second pass.
_sources: list[Source] = []
_model: WorkspaceModel | None = None
_settings: Settings | None = None
_folders = Folders()


def _start(sources: list[Source]) -> None:
    global _sources, _folders
    _sources, _folders = sources, Folders()
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool
    collect_cycles_less_often()
    gc.freeze()  # a forked worker's collections then leave the parent's pages shared


def _objects_in_batch(task: Task) -> tuple[int, list[list[KubeObject]]]:
    return _each(task, objects_of)


def _findings_in_batch(task: Task) -> tuple[int, list[list[Finding]]]:
    def findings(source: Source) -> list[Finding]:
        global _model, _settings
        if _model is None:
            _model, _settings = pickle.loads(task[2])
        return findings_of(source, _model, _settings, _folders)

    return _each(task, findings)


def _each(task: Task, work: Callable[[Source], T]) -> tuple[int, list[T]]:
    number, indices, _ = task
    try:
        return number, [work(_sources[index]) for index in indices]
    except Exception as exc:  # a bug in pod-ls: the parent reports it as this worker saw it
        raise in_worker(exc) from None

