"""Where a project's settings are written, and the settings' defaults: read without pydantic,
so that `pod-ls check` in a project that has no settings never loads the settings model (its
import is a sixth of checking a 1,000-file tree). `settings` builds the model on these."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

DEFAULT_INCLUDE = ["*.yaml", "*.yml"]
DEFAULT_MAX_CHECKED_CHARACTERS = 6_000_000
"""Enough for a 5 MB release bundle; a `kubectl get -o yaml` dump of a cluster may be more."""
DEFAULT_EXCLUDE = [".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"]
REPOSITORY = "https://github.com/pod-ls/pod-ls"
"""The project's repository, as editors/vscode/package.json names it."""
DEFAULT_DOCS_URL = f"{REPOSITORY}/blob/main/docs/rules.md"
"""docs/rules.md as GitHub shows it: each rule is the section `#<rule-id>` of it."""


@dataclass(frozen=True, slots=True)
class SettingsFile:
    """A project's settings as its file writes them, before the model reads them."""

    path: Path
    raw: object
    """The JSON document, or the [tool.pod-ls] table."""
    problem: str | None = None
    """Why the file could not be read (then `raw` is None and the defaults apply)."""


def settings_file(folder: Path) -> SettingsFile | None:
    """The settings `pod-ls check` takes, looked up from `folder` upwards: a `.pod-ls.json`,
    or a pyproject.toml with a [tool.pod-ls] table (or one that cannot be read, so that its
    error is told); None when no folder has one (the defaults apply)."""
    for directory in [folder, *folder.parents]:
        json_file = directory / ".pod-ls.json"
        if json_file.is_file():
            try:
                return SettingsFile(json_file, json.loads(json_file.read_text(encoding="utf-8")))
            except (OSError, ValueError) as exc:
                return SettingsFile(json_file, None, f"{json_file}: {exc}; using the defaults")
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
            except (OSError, ValueError) as exc:
                return SettingsFile(pyproject, None, f"{pyproject}: {exc}; using the defaults")
            if "pod-ls" in table:
                return SettingsFile(pyproject, table["pod-ls"])
    return None
