"""The two passes of `pod-ls check` over a tree: in this process, or on every core.

Every file is read twice: first for the objects it declares (the workspace model that the
link rules ask, the whole tree's), then for its findings, each file alone against that
model; what the first pass parsed is kept for the second (up to KEEP_CHARACTERS of text a
process). Pure Python uses one core, so with a tree worth the start-up both passes are shared
out to one pool of worker processes, in batches that shrink as the work left does, the
costliest files first, so no worker is left alone with a big one at the end; in the second
pass a batch goes back to the worker that read it, which still holds its parse and whose
caches are warm (see `pool`), and which found its own findings ahead while it waited for the
model (`prepare_one`): the second pass then only asks the model. Workers are
forked where that is safe (on Linux, from a process with no other thread: they inherit the
loaded modules and the texts), spawned elsewhere (the texts are sent to each); the model goes
to each worker once, pickled with its indexes, and the settings as plain data
(`check_settings`), so no worker loads pydantic. The results are put back in the files' order, so the report is
the one a single process gives.
"""

from __future__ import annotations

import gc
import multiprocessing
import pickle
import signal
import sys
import threading
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.context import BaseContext
from typing import TypeVar

from ..analysis.analyzer import Analyzer
from ..findings import Finding
from ..kube.files.kustomize import Folders, kustomize_role
from ..kube.links.objects import KubeObject
from ..kube.links.workspace_model import WorkspaceModel
from ..kube.schema import Version
from ..yaml.nodes import YamlDocument, collect_cycles_less_often
from .check_settings import CheckSettings
from .failure import in_worker
from .pool import Pool

PARALLEL_MINIMUM = {"fork": 200_000, "spawn": 1_000_000}
"""Characters of text below which a tree is checked in this process, by how workers start:
forked ones cost a few milliseconds, spawned ones import pod-ls again (a fraction of a second
each); under about one second of work (fork) or four (spawn) they save little or nothing."""
WINDOWS_MAXIMUM = 61
"""Worker processes Windows can wait on at once (its wait takes at most 64 handles)."""
FILE_COST = 850
"""What reading and checking a file costs beyond its text, in characters' worth: about 110 µs
a pass at 0.13 µs a character, measured over the corpus (a 300-character Pod costs four
times its length)."""
SMALLEST_BATCH = 1 / 128
"""The smallest batch, as a share of each worker's work: a batch costs a message each way."""
KEEP_CHARACTERS = 6_000_000
"""Text a process keeps the first pass's parse of, enough for a 5 MB bundle: a parsed tree
takes 6 (CRDs) to 11 (small manifests) bytes a character, so 36 to 66 MB; beyond it a file is
parsed again in the second pass."""

T = TypeVar("T")
Progress = Callable[[int, int], None]


@dataclass(frozen=True, slots=True)
class Source:
    """One file to check."""

    path: str
    text: str
    on_disk: bool
    """A file (not stdin): a kustomization may list it as a patch."""


class _Reads:
    """What the first pass parsed of each file, kept for the second while the texts kept add
    up to KEEP_CHARACTERS, so a file is parsed once (its analysis reuses the documents)."""

    def __init__(self, version: Version | None = None) -> None:
        self.kept: dict[int, tuple[Analyzer, list[YamlDocument]]] = {}
        self.characters = 0
        self.folders = Folders()
        self.version = version
        """The version to find own findings for ahead (`prepare_one`); None: never ahead."""
        self._unprepared: deque[int] = deque()
        self._no_workspace = WorkspaceModel()
        """What own checks see as the workspace when found ahead: they ask nothing of it."""

    def objects(self, index: int, source: Source) -> list[KubeObject]:
        analyzer = Analyzer(source.path)
        documents = analyzer.parse(source.text)
        if self.characters + len(source.text) <= KEEP_CHARACTERS:
            self.kept[index] = analyzer, documents
            self.characters += len(source.text)
            self._unprepared.append(index)
        return analyzer.objects(documents)

    def prepare_one(self) -> bool:
        """Find the own findings of one kept file ahead of its second pass, which then only
        asks the model; False when none is left. A worker does this while no task waits for
        it, so the time the parent takes to build and send the model is not lost."""
        while self._unprepared and self.version is not None:
            kept = self.kept.get(self._unprepared.popleft())
            if kept is not None:
                analyzer, documents = kept
                for document in documents:
                    analyzer.prepare(document, self.version, self._no_workspace)
                return True
        return False

    def findings(self, index: int, source: Source, model: WorkspaceModel, settings: CheckSettings) -> list[Finding]:
        analyzer, documents = self.kept.pop(index, None) or (Analyzer(source.path), None)
        if source.on_disk:  # looks up folders: in the workers
            analyzer.patch, analyzer.resource = kustomize_role(source.path, self.folders)
        return analyzer.analyse(source.text, model, settings, documents).findings


def check_sources(sources: list[Source], settings: CheckSettings, jobs: int,
                  progress: Progress | None = None) -> list[list[Finding]]:
    """Each file's findings, in order; `jobs` processes at most (1: this one)."""
    context = _context()
    batches = _batches(sources, jobs, PARALLEL_MINIMUM[context.get_start_method()])
    if len(batches) < 2:
        return _in_process(sources, settings, progress)
    workers = min(jobs, len(batches), WINDOWS_MAXIMUM if sys.platform == "win32" else jobs)
    tally = _Tally(2 * len(sources), progress)
    with Pool(workers, context, _start, (sources, settings.version)) as pool:
        objects: list = [None] * len(sources)
        readers = [0] * len(batches)
        for worker, number, found in pool.run(_objects_in_batch, batches):
            readers[number] = worker
            _place(objects, batches[number], found, tally)
        model = WorkspaceModel()
        for source, found in zip(sources, objects, strict=True):
            model.set(source.path, found)
        # Sent with every batch, read by each worker once: a model is a few hundred bytes a file.
        shared = pickle.dumps((model.packed(), settings), protocol=pickle.HIGHEST_PROTOCOL)
        findings: list = [None] * len(sources)
        for _, number, found in pool.run(_findings_in_batch, [(batch, shared) for batch in batches], readers):
            _place(findings, batches[number], found, tally)
        return findings


def _place(results: list, indices: list[int], found: list, tally: _Tally) -> None:
    """A batch's answers put back in the files' order."""
    for index, result in zip(indices, found, strict=True):
        results[index] = result
    tally.add(len(found))


def _in_process(sources: list[Source], settings: CheckSettings, progress: Progress | None) -> list[list[Finding]]:
    """Every file's objects are in the model before any file is analysed; then each file is
    analysed on its own and only its findings are kept, so memory grows with the files, not
    with their trees (beyond the parses `_Reads` keeps).

    A lone file skips the first pass, which would read it all once more for nothing: its
    analysis puts its objects into the model at the end and finds again what asked about
    them, as the editor does for a file opened alone."""
    tally = _Tally(2 * len(sources), progress)
    model = WorkspaceModel()
    reads = _Reads()
    for index, source in enumerate(sources) if len(sources) > 1 else []:
        model.set(source.path, reads.objects(index, source))
        tally.add(1)
    results = []
    for index, source in enumerate(sources):
        results.append(reads.findings(index, source, model, settings))
        tally.add(1)
    return results


def _batches(sources: list[Source], jobs: int, minimum: int) -> list[list[int]]:
    """The files' indices in batches, the costliest files first; one batch when the tree has
    fewer than `minimum` characters (or `jobs` is 1) and workers would not pay.

    Each batch is a share of the work still left (guided scheduling), so batches shrink to
    the end and the last to finish is a small one: equal batches left one worker a fortieth
    of the run alone with the last of them."""
    total = sum(len(source.text) for source in sources)
    if jobs < 2 or len(sources) < 2 or total < minimum:
        return [list(range(len(sources)))]
    costs = [len(source.text) + FILE_COST for source in sources]
    left = float(sum(costs))
    smallest = left / jobs * SMALLEST_BATCH
    batches: list[list[int]] = []
    target = size = 0.0
    for index in sorted(range(len(sources)), key=lambda i: -costs[i]):
        if not batches or size >= target:
            batches.append([])
            target, size = max(left / (2 * jobs), smallest), 0.0
        batches[-1].append(index)
        size += costs[index]
        left -= costs[index]
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


# A worker process's state: the files, given when it starts (a forked worker inherits them),
# what it read of them in the first pass, then the model and settings, read from the first
# batch of the second pass.
_sources: list[Source] = []
_reads = _Reads()
_model: WorkspaceModel | None = None
_settings: CheckSettings | None = None


def _start(sources: list[Source], version: Version) -> Callable[[], bool]:
    """The worker's set-up; what it does while no task waits (see `pool`)."""
    global _sources, _reads
    _sources, _reads = sources, _Reads(version)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's: it stops the pool
    collect_cycles_less_often()
    gc.freeze()  # a forked worker's collections then leave the parent's pages shared
    return _reads.prepare_one


def _objects_in_batch(batch: list[int]) -> list[list[KubeObject]]:
    return _each(batch, _reads.objects)


def _findings_in_batch(task: tuple[list[int], bytes]) -> list[list[Finding]]:
    batch, shared = task

    def findings(index: int, source: Source) -> list[Finding]:
        global _model, _settings
        if _model is None:
            packed, _settings = pickle.loads(shared)
            _model = WorkspaceModel.unpacked(packed)
        return _reads.findings(index, source, _model, _settings)

    return _each(batch, findings)


def _each(batch: list[int], work: Callable[[int, Source], T]) -> list[T]:
    try:
        return [work(index, _sources[index]) for index in batch]
    except Exception as exc:  # a bug in pod-ls: the parent reports it as this worker saw it
        raise in_worker(exc) from None
