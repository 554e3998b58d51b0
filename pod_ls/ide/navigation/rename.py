"""Rename: give the name under the cursor a new name in every place tied to it, or say why not.

A new name must be valid for that kind of name (a volume's is a DNS label, a port's an IANA
service name, an env var's what the Kubernetes version takes) and is written as YAML reads
it back as that string: in the quotes already there, quoted where a plain `yes` or `0x1f`
would read as something else. Given the workspace, the places are those of every file (open
buffers as they are now, the others as on disk), one edit for all. A name declared nowhere
(in the file, or given the workspace, in the workspace) is not renamed: its other uses,
elsewhere, would be left behind.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass

from ...kube.links import sites as kinds
from ...kube.links.sites import Site
from ...kube.names import (
    config_map_key_problem,
    dns1035_label_problem,
    dns_label_problem,
    dns_subdomain_problem,
    label_value_problem,
    port_name_problem,
    qualified_name_problem,
)
from ...kube.schema import Version
from ...rules.containers.env import name_problem as env_name_problem
from ...yaml.nodes import Pos
from ...yaml.scalars import string_scalar
from .names import FileDocuments, NameIndex, Symbol, Workspace, symbol_at

SYNTAXES: dict[str, Callable[[str], str | None]] = {
    kinds.VOLUME: dns_label_problem,
    kinds.PORT: port_name_problem,
    kinds.CONFIG_MAP: dns_subdomain_problem,
    kinds.SECRET: dns_subdomain_problem,
    kinds.CLAIM: dns_subdomain_problem,
    kinds.SERVICE_ACCOUNT: dns_subdomain_problem,
    kinds.PRIORITY_CLASS: dns_subdomain_problem,
    kinds.SERVICE: dns1035_label_problem,
    kinds.CONFIG_MAP_KEY: config_map_key_problem,
    kinds.SECRET_KEY: config_map_key_problem,
    kinds.LABEL_KEY: qualified_name_problem,
    kinds.LABEL_VALUE: label_value_problem,
}
"""Why a new name is not valid for each kind of name (env vars: by version, below)."""
_EXPANDABLE = re.compile(r"[-._A-Za-z0-9]+")
"""What can stand between `$(` and `)` inside any scalar without changing how it reads."""


@dataclass(frozen=True, slots=True)
class Placeholder:
    """What prepareRename answers: the name's range and its text."""

    start: Pos
    end: Pos
    text: str


class RenameRefused(Exception):
    """The name cannot be renamed here, or not to that; the message says why."""


def prepare_rename(documents: FileDocuments, line: int, column: int, index: NameIndex | None = None,
                   workspace: Workspace | None = None) -> Placeholder | None:
    """The name that a rename at (line, column) would change; None where there is no name.
    Raises RenameRefused where there is one that cannot be renamed."""
    symbol = _renamable(documents, line, column, index, workspace)
    if symbol is None:
        return None
    return Placeholder(symbol.site.start, symbol.site.end, symbol.site.name)


def rename(lines: list[str], documents: FileDocuments, line: int, column: int, new_name: str,
           version: Version, index: NameIndex | None = None,
           workspace: Workspace | None = None) -> list[tuple[Site, str]]:
    """Each place to change (`Site.uri` set in another file) and the text to write there (an
    empty list where there is no name at the cursor). Raises RenameRefused with the reason
    where the new name is not valid."""
    symbol = _renamable(documents, line, column, index, workspace)
    if symbol is None:
        return []
    kind = symbol.site.kind
    syntax = SYNTAXES.get(kind) or (lambda name: env_name_problem(name, version))
    noun = kind if kind.endswith(("key", "value")) else f"{kind} name"
    if not new_name and kind != kinds.LABEL_VALUE:
        raise RenameRefused(f"A {noun} cannot be empty")
    if (problem := syntax(new_name)) is not None:
        raise RenameRefused(f"'{new_name}' is not a valid {noun}: it {problem}")
    return [(site, _written(_lines_of(site, lines, workspace), site, new_name)) for site in symbol.sites]


def _renamable(documents: FileDocuments, line: int, column: int, index: NameIndex | None,
               workspace: Workspace | None) -> Symbol | None:
    symbol = symbol_at(documents, line, column, index, workspace)
    if symbol is not None and not symbol.declarations:
        site = symbol.site
        named = f"{site.kind[0].upper()}{site.kind[1:]} '{site.name}'"
        if workspace is None:
            raise RenameRefused(f"{named} is declared nowhere in this file: rename it where it is declared, "
                                "or its other uses would keep the old name")
        raise RenameRefused(f"{named} is declared nowhere in the workspace: renamed here, its other uses, "
                            "and the object wherever it is made, would keep the old name")
    return symbol


def _lines_of(site: Site, lines: list[str], workspace: Workspace | None) -> list[str]:
    if site.uri is None or workspace is None:
        return lines
    file = workspace.read(site.uri)
    if file is None:
        raise RenameRefused(f"{workspace.label(site.uri)} is gone: its places of the name cannot be renamed")
    return file.lines


def _written(lines: list[str], site: Site, name: str) -> str:
    """The text that writes `name` in place of the site's text."""
    text = lines[site.start[0]] if site.start[0] < len(lines) else ""
    before = text[site.start[1] - 1:site.start[1]]
    after = text[site.end[1]:site.end[1] + 1]
    if site.embedded:
        if not _EXPANDABLE.fullmatch(name):
            raise RenameRefused(f"'{name}' cannot be written inside `$(…)` in that string: use letters, "
                                "digits, '-', '_' and '.'")
        return name
    if before == after == '"':
        return json.dumps(name, ensure_ascii=False)[1:-1]
    if before == after == "'":
        return name.replace("'", "''")
    return string_scalar(name)
