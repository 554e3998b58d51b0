"""Where a project's settings are written, and the settings' defaults: read without pydantic,
so that `pod-ls check` in a project that has no settings never loads the settings model (its
import is a sixth of checking a 1,000-file tree). `settings` builds the model on these."""

from __future__ import annotations

import tomllib
from pathlib import Path

DEFAULT_INCLUDE = ["*.yaml", "*.yml"]
DEFAULT_MAX_CHECKED_CHARACTERS = 6_000_000
"""Enough for a 5 MB release bundle; a `kubectl get -o yaml` dump of a cluster may be more."""
DEFAULT_EXCLUDE = [".git", "node_modules", ".venv", "venv", "__pycache__", ".tox"]
REPOSITORY = "https://github.com/pod-ls/pod-ls"
"""The project's repository, as editors/vscode/package.json names it."""
DEFAULT_DOCS_URL = f"{REPOSITORY}/blob/main/docs/rules.md"
"""docs/rules.md as GitHub shows it: each rule is the section `#<rule-id>` of it."""


def settings_source(folder: Path) -> Path | None:
    """The file `pod-ls check` takes its settings from, looked up from `folder` upwards: a
    `.pod-ls.json`, or a pyproject.toml with a [tool.pod-ls] table (or one that cannot be
    read, so that its error is told); None when no folder has one (the defaults apply)."""
    for directory in [folder, *folder.parents]:
        json_file = directory / ".pod-ls.json"
        if json_file.is_file():
            return json_file
        pyproject = directory / "pyproject.toml"
        if pyproject.is_file():
            try:
                table = tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
            except (OSError, ValueError):
                return pyproject
            if "pod-ls" in table:
                return pyproject
    return None
