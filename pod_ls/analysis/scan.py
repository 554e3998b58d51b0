"""Finding YAML files on disk and reading their objects: for the workspace model and for
`pod-ls check`.

The walk stays inside the folders it is given: it never follows a symlinked folder (so no
loops), skips excluded names (.git, node_modules, ...) and, when asked, files too big to be
hand-written manifests. `FileFilter` decides, for the walk and for a single file alike.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from ..kube.files.lists import split_manifests
from ..kube.links.objects import KubeObject, objects_in
from ..settings_files import DEFAULT_INCLUDE
from ..yaml.parse import parse_document


def excluded(name: str, patterns: list[str]) -> bool:
    """Whether `name` matches one of the glob patterns, as `fnmatch.fnmatch` matches."""
    return bool(patterns) and _matcher(tuple(patterns))(os.path.normcase(name)) is not None


@lru_cache(maxsize=64)
def _matcher(patterns: tuple[str, ...]) -> Callable[[str], re.Match | None]:
    """All the patterns in one regular expression: a walk asks of every file and folder."""
    return re.compile("|".join(f"(?:{fnmatch.translate(os.path.normcase(p))})" for p in patterns)).match


@dataclass(frozen=True, slots=True)
class FileFilter:
    """Which files a walk reads, asked of the walk's entries one by one or of a single file
    (a file event, a closed buffer), so both read exactly the same files.

    Patterns are globs; a file counts when its name or its path relative to the walked folder
    matches `include`, and neither matches `exclude`; folders are skipped the same way.
    """

    exclude: list[str]
    include: list[str] | None = None
    """None or empty: DEFAULT_INCLUDE."""
    max_size: int | None = None
    """Bytes; a larger file is skipped."""

    def enters(self, relative: str) -> bool:
        """Whether the walk goes into a folder, given its path relative to the walked one."""
        return not (excluded(relative.rpartition("/")[2], self.exclude) or excluded(relative, self.exclude))

    def reads(self, path: Path, relative: str) -> bool:
        """Whether the walk reads the file at `path`, `relative` to the walked folder."""
        if not self._names()(path.name, relative):
            return False
        try:
            return path.is_file() and (self.max_size is None or path.stat().st_size <= self.max_size)
        except OSError:
            return False

    def _reader(self) -> Callable[[os.DirEntry, str], bool]:
        """`reads` of a file the walk listed, given its path relative to the walked folder:
        its entry knows whether it is a regular file (no `stat`, unless it is a symlink), and
        the patterns are looked up once for the walk, not three times a file."""
        named, max_size = self._names(), self.max_size

        def reads(entry: os.DirEntry, relative: str) -> bool:
            if not named(entry.name, relative):
                return False
            try:
                return entry.is_file() and (max_size is None or entry.stat().st_size <= max_size)
            except OSError:
                return False

        return reads

    def _names(self) -> Callable[[str, str], bool]:
        """Whether a file's name or its relative path matches `include`, and neither matches
        `exclude` (as `excluded` matches them, the patterns compiled once)."""
        include = _matcher(tuple(self.include or DEFAULT_INCLUDE))
        exclude = _matcher(tuple(self.exclude)) if self.exclude else None
        normcase = os.path.normcase

        def named(name: str, relative: str) -> bool:
            name, relative = normcase(name), normcase(relative)
            if include(name) is None and include(relative) is None:
                return False
            return exclude is None or (exclude(name) is None and exclude(relative) is None)

        return named

    def walk_reads(self, folder: Path, path: Path, recursive: bool = True) -> bool:
        """Whether a walk of `folder` would read `path`: under it (or right in it), through no
        skipped folder and no symlinked one (the walk does not follow them)."""
        try:
            parts = path.relative_to(folder).parts
        except ValueError:
            return False
        if not parts or ".." in parts or (not recursive and len(parts) > 1):
            return False
        for depth in range(1, len(parts)):
            if not self.enters("/".join(parts[:depth])) or Path(folder, *parts[:depth]).is_symlink():
                return False
        return self.reads(path, "/".join(parts))


def yaml_files(folder: Path, exclude: list[str], max_size: int | None = None,
               recursive: bool = True, include: list[str] | None = None) -> Iterator[Path]:
    """Files under `folder` (or only in it) that `FileFilter(exclude, include, max_size)` reads."""
    for name in yaml_file_names(folder, exclude, max_size, recursive, include):
        yield Path(name)


def yaml_file_names(folder: str | os.PathLike[str], exclude: list[str], max_size: int | None = None,
                    recursive: bool = True, include: list[str] | None = None) -> Iterator[str]:
    """`yaml_files` as strings, spelled as `str(Path)` spells them, in the same order: the
    walk's own, on `os.scandir` entries, where os.walk and pathlib cost as much as reading
    the files (a `stat` or `lstat` a file, a Path built and taken apart a file)."""
    wanted = FileFilter(exclude, include, max_size)
    top = str(Path(folder))
    yield from _walk(wanted, wanted._reader(), top, "" if top == os.curdir else top, "", recursive)


def _walk(wanted: FileFilter, reads: Callable[[os.DirEntry, str], bool], directory: str, spelled: str,
          relative: str, recursive: bool) -> Iterator[str]:
    """os.walk's top-down walk that follows no symlinked folder: a folder's files in order of
    name, then its folders'; `spelled` is how the names start (as os.path.join spells them),
    `relative` (with its "/") the path from the walked folder. A folder that cannot be listed,
    even part way, is skipped."""
    try:
        with os.scandir(directory) as listing:
            entries = list(listing)
    except OSError:
        return
    folders, files = [], []
    for entry in entries:
        try:
            is_folder = entry.is_dir()
        except OSError:
            is_folder = False
        (folders if is_folder else files).append(entry)
    prefix = os.path.join(spelled, "")
    for entry in sorted(files, key=_name):
        if reads(entry, relative + entry.name):
            yield prefix + entry.name
    if not recursive:
        return
    for entry in sorted(folders, key=_name):
        if wanted.enters(relative + entry.name) and not _is_symlink(entry):
            yield from _walk(wanted, reads, os.path.join(directory, entry.name), prefix + entry.name,
                             relative + entry.name + "/", recursive)


def _name(entry: os.DirEntry) -> str:
    return entry.name


def _is_symlink(entry: os.DirEntry) -> bool:
    """`os.path.islink` of the entry, which os.walk asks before it goes into a folder."""
    try:
        return entry.is_symlink()
    except OSError:
        return False


def decode_text(data: bytes) -> str:
    """A manifest's bytes as text, the same for a file and for stdin: UTF-8 with a wrong byte
    read as U+FFFD (as an editor shows it), without a byte order mark."""
    return data.decode("utf-8", errors="replace").removeprefix("\ufeff")


def read_text(path: str | os.PathLike[str]) -> str | None:
    """The file's text (see `decode_text`), None when it cannot be read. Unbuffered: the
    whole file is read at once, and a buffer would only be built and dropped (a quarter of
    the time a small file takes)."""
    try:
        with open(path, "rb", buffering=0) as file:
            return decode_text(file.read())
    except OSError:
        return None


def objects_in_text(text: str, uri: str, max_characters: int | None = None) -> list[KubeObject]:
    """The objects a file's text declares, read as the analysis reads them: a big List item by
    item, and with `max_characters` only the documents that start within it."""
    documents = []
    read = 0
    for offset, chunk in split_manifests(text):
        if max_characters is not None and read > max_characters:
            break
        read += len(chunk)
        documents.append(parse_document(chunk, offset))
    return objects_in(documents, uri)
