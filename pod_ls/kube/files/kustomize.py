"""Kustomize patches: partial objects that are merged into a base before anything is applied.

A patch says only what it changes, so what it leaves out is the base's business: findings
about something absent (`Rule.missing`) are dropped for it, and its merge directives (`$patch`,
`$setElementOrder/...`) are no unknown fields. A document is a patch when it carries such a
directive, or when a kustomization.yaml in its folder or one above lists its file under
`patches`, `patchesStrategicMerge` or `patchesJson6902`.

A file a kustomization takes whole (`resources`) is a base: kustomize's `commonLabels` (or
`labels` with `includeSelectors`) of it or of any overlay writes the workload's selector, so
a selector it leaves out (`Finding.data["labelled"]`) is kustomize's business too.
"""

from __future__ import annotations

import errno
import os
import re
import stat
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from ...findings import Finding
from ...yaml.nodes import Mapping, Node, Scalar, Sequence, YamlDocument
from ...yaml.parse import parse_stream
from ..locate import get_path, scalar_text

KUSTOMIZATION_FILES = ("kustomization.yaml", "kustomization.yml", "Kustomization")
_DIRECTIVE = re.compile(r"\$(?:patch|retainKeys|setElementOrder/|deleteFromPrimitiveList/)")
_NAME_WORDS = re.compile(r"[-_.]")
_PATCH_WORDS = frozenset({"patch", "patches"})
MAX_LEVELS = 8
"""Folders above a file that may hold the kustomization listing it."""


def is_directive(key: str) -> bool:
    """A strategic-merge-patch directive key, which only a patch may hold."""
    return _DIRECTIVE.match(key) is not None


def has_directives(document: YamlDocument) -> bool:
    """A directive key in the document; the text is searched first (a CRD's descriptions hold
    many a `$`, and walking every key of a 200 KB schema costs a tenth of its check)."""
    return _DIRECTIVE.search(document.text) is not None and any(is_directive(k) for k in _keys(document.root))


def for_a_patch(findings: list[Finding]) -> list[Finding]:
    """What stays of a document's findings when it is a patch: nothing about absent fields."""
    return [f for f in findings if not f.data.get("absent")]


def off_the_directives(findings: list[Finding], document: YamlDocument) -> list[Finding]:
    """The findings but those on a directive and its value (`$patch: replace` in a map of
    labels or limits is no label and no quantity: kustomize acts on it and drops it)."""
    spans = [(key.start, value.end if value is not None else key.end)
             for key, value in _pairs(document.root) if is_directive(key.value)]
    if not spans:
        return findings
    return [f for f in findings if not any(start <= f.start < end for start, end in spans)]


def for_a_resource(findings: list[Finding]) -> list[Finding]:
    """What stays of a kustomize base's findings: nothing that its labels transformer writes."""
    return [f for f in findings if not f.data.get("labelled")]


class Folders:
    """What the folders above the files hold, looked up once: `pod-ls check` asks about
    every file of a tree, and most share their folders. Kept for one run only: a
    kustomization that changed since would not be read again. Paths are strings here
    (os.path): pathlib's parsing was most of the time a file took."""

    def __init__(self) -> None:
        self._resolved: dict[str, tuple[str, str, bool]] = {}
        """A folder as the paths spell it → resolved, with its separator, named as a patch's."""
        self._kustomizations: dict[str, list[tuple[str, tuple[int, int]]]] = {}
        self._levels: dict[str, tuple[tuple[int, int] | None, bool]] = {}

    def resolved(self, path: str) -> tuple[str, str, str, bool]:
        """`Path(path).resolve()`, its folder and its name, and whether that folder is named
        as a patch folder; the folder's part is resolved once for all its files."""
        parent, name = _split(path)
        folder = self._resolved.get(parent)
        if folder is None:
            resolved = str(Path(parent or os.curdir).resolve())
            folder = self._resolved[parent] = (resolved, os.path.join(resolved, ""),
                                               os.path.basename(resolved).lower() in _PATCH_WORDS)
        if _is_symlink(path):
            resolved = str(Path(path).resolve())
            parent, name = os.path.split(resolved)
            return resolved, parent, name, os.path.basename(parent).lower() in _PATCH_WORDS
        return folder[1] + name, folder[0], name, folder[2]

    def kustomizations(self, folder: str) -> list[tuple[str, tuple[int, int]]]:
        """The folders from `folder` (resolved) up that hold a kustomization, with its
        version: at most MAX_LEVELS, and none above the root of a git checkout."""
        found = self._kustomizations.get(folder)
        if found is None:
            found = self._kustomizations[folder] = []
            for _ in range(MAX_LEVELS):
                version, last = self._level(folder)
                if version is not None:
                    found.append((folder, version))
                if last:
                    break
                folder = os.path.dirname(folder)
        return found

    def _level(self, folder: str) -> tuple[tuple[int, int] | None, bool]:
        """The folder's kustomization version, and whether the walk up stops there (a git
        checkout's root, or the file system's): the folders above are shared by many."""
        level = self._levels.get(folder)
        if level is None:
            version = _version(folder)
            level = self._levels[folder] = version, _exists(os.path.join(folder, ".git")) or \
                os.path.dirname(folder) == folder
        return level


def kustomize_role(path: str | os.PathLike[str], folders: Folders | None = None) -> tuple[bool, bool]:
    """Whether the file is a patch: a kustomization in its folder or one above lists it as a
    patch, or the file is named as a patch, or is no resource of the kustomization beside it;
    and else whether a kustomization in its folder or one above lists it under `resources` (or
    the older `bases`): one walk up the folders for both. `folders` remembers what the walk
    saw for the next file (by default every folder is looked at afresh)."""
    folders = folders or Folders()
    try:
        resolved, parent, name, patch_folder = folders.resolved(_normalized(os.fspath(path)))
    except OSError:
        return False, False
    if patch_folder or not _PATCH_WORDS.isdisjoint(_NAME_WORDS.split(name.lower())):  # `patch` a word of it
        return True, False
    key = os.path.normcase(resolved)
    found = folders.kustomizations(parent)
    if found and found[0][0] == parent and key not in _resources_listed_in(*found[0]):
        return True, False
    resource = False
    for folder, version in found:
        if key in _patches_listed_in(folder, version):
            return True, False
        resource = resource or key in _resources_listed_in(folder, version)
    return False, resource


def _normalized(path: str) -> str:
    """The path as `str(Path(path))` spells it; a path from a walk is spelled so already."""
    if not path or path.startswith("./") or "//" in path[1:] or "/./" in path or path.endswith(("/", "/.")) \
            or (os.altsep is not None and os.altsep in path) or (os.sep != "/" and os.sep in path):
        return str(Path(path))
    return path


def _split(path: str) -> tuple[str, str]:
    """A normalized path's folder (with its separator, or empty) and name."""
    if os.altsep is None:
        cut = path.rfind(os.sep) + 1
        return path[:cut], path[cut:]
    return os.path.split(path)


_IGNORED_ERRNOS = frozenset({errno.ENOENT, errno.ENOTDIR, errno.EBADF, errno.ELOOP})
_IGNORED_WINERRORS = frozenset({21, 123, 1921})
"""What `Path.is_symlink` and `Path.exists` take for `False` (pathlib's `_ignore_error`);
any other OSError goes up."""


def _stat_or_none(path: str, follow: bool = True) -> os.stat_result | None:
    """`os.stat` (`os.lstat` if not `follow`), None where pathlib would answer False."""
    try:
        return os.stat(path) if follow else os.lstat(path)
    except OSError as error:
        if error.errno not in _IGNORED_ERRNOS and getattr(error, "winerror", None) not in _IGNORED_WINERRORS:
            raise
        return None
    except ValueError:
        return None


def _is_symlink(path: str) -> bool:
    """`Path(path).is_symlink()`."""
    info = _stat_or_none(path, follow=False)
    return info is not None and stat.S_ISLNK(info.st_mode)


def _exists(path: str) -> bool:
    """`Path(path).exists()`."""
    return _stat_or_none(path) is not None


def _version(folder: str) -> tuple[int, int] | None:
    """When the folder's kustomization last changed, so an edited one is read again."""
    for name in KUSTOMIZATION_FILES:
        try:
            info = os.stat(os.path.join(folder, name))
        except OSError:
            continue
        return info.st_mtime_ns, info.st_size
    return None


@lru_cache(maxsize=256)
def _patches_listed_in(folder: str, version: tuple[int, int]) -> frozenset[str]:
    """The patch files that the folder's kustomization names (resolved paths, normcased)."""
    return _listed_in(folder, version, _patch_paths)


@lru_cache(maxsize=256)
def _resources_listed_in(folder: str, version: tuple[int, int]) -> frozenset[str]:
    """The files (and folders) that the folder's kustomization takes whole (resolved paths,
    normcased)."""
    return _listed_in(folder, version, _resource_paths)


def _listed_in(folder: str, version: tuple[int, int], paths) -> frozenset[str]:
    for name in KUSTOMIZATION_FILES:
        try:
            text = Path(folder, name).read_text(encoding="utf-8", errors="replace")
        except OSError:
            continue
        return frozenset(os.path.normcase(_resolved(folder, entry)) for document in parse_stream(text)
                         for entry in paths(document.root))
    return frozenset()


def _resource_paths(root: Node | None) -> list[str]:
    paths = []
    for field in ("resources", "bases", "crds"):
        entries = get_path(root, (field,))
        for entry in entries.items if isinstance(entries, Sequence) else []:
            value = scalar_text(entry) if isinstance(entry, Scalar) else None
            if value:
                paths.append(value)
    return paths


def _patch_paths(root: Node | None) -> list[str]:
    paths = []
    for field in ("patches", "patchesJson6902", "patchesStrategicMerge"):
        entries = get_path(root, (field,))
        for entry in entries.items if isinstance(entries, Sequence) else []:
            # patchesStrategicMerge lists paths (or inline patches); the others, {path: ...}.
            value = scalar_text(entry) if isinstance(entry, Scalar) else scalar_text(get_path(entry, ("path",)))
            if value and "\n" not in value:
                paths.append(value)
    return paths


def _resolved(folder: str, relative: str) -> str:
    try:
        return str(Path(folder, relative).resolve())
    except OSError:
        return str(Path(folder, relative))


def _keys(node: Node | None):
    return (key.value for key, _ in _pairs(node))


def _pairs(node: Node | None) -> Iterator[tuple[Scalar, Node | None]]:
    """Every pair under `node` whose key is a scalar, each node once (aliases share them)."""
    todo = [node]
    seen: set[int] = set()
    while todo:
        node = todo.pop()
        if node is None or id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, Mapping):
            for key, value in node.items:
                if isinstance(key, Scalar):
                    yield key, value
                todo.append(value)
        elif isinstance(node, Sequence):
            todo.extend(node.items)
