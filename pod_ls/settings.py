"""User settings: one pydantic model shared by the server and `pod-ls check`.

The server reads them from initializationOptions and the client's `podls` configuration
section; `pod-ls check` reads `.pod-ls.json` or `pyproject.toml` ([tool.pod-ls]). Invalid
input never stops anything: the caller gets the defaults and a message saying what was wrong.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from pydantic.alias_generators import to_camel

from .findings import Severity
from .kube.schema import Version, format_version, load_schema, parse_version
from .settings_files import (
    DEFAULT_DOCS_URL,
    DEFAULT_EXCLUDE,
    DEFAULT_INCLUDE,
    DEFAULT_MAX_CHECKED_CHARACTERS,
    SettingsFile,
)

RuleLevel = Literal["off", "error", "warning", "info", "hint"]


class _Model(BaseModel):
    model_config = ConfigDict(alias_generator=to_camel, populate_by_name=True, extra="forbid")


class WorkspaceSettings(_Model):
    scan: bool = True
    """Read the workspace folders' YAML files at start into the workspace model."""
    include: list[str] = Field(default_factory=lambda: list(DEFAULT_INCLUDE))
    """Glob patterns of the files to read (matched against the name or the relative path)."""
    exclude: list[str] = Field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    """Folder or file names (glob patterns) that the scan and `pod-ls check` skip."""
    max_file_size: int = 1_000_000
    """Files larger than this many bytes are not scanned."""


class InlayHintSettings(_Model):
    defaults: bool = True
    """Show what the API server sets for the fields left out (`imagePullPolicy: IfNotPresent (default)`)."""


class Settings(_Model):
    rules: dict[str, RuleLevel] = Field(default_factory=dict)
    """Per rule id: `off`, or the severity to report it with."""
    kubernetes_version: str | None = None
    """The cluster's version ("1.30"); fields and rules newer than it are flagged. Default: the
    newest version in the bundled schema."""
    workspace: WorkspaceSettings = Field(default_factory=WorkspaceSettings)
    max_checked_characters: int = Field(DEFAULT_MAX_CHECKED_CHARACTERS, ge=0)
    """In the editor, the documents of a file that start after this many characters are not
    checked, and a diagnostic says so: the bound keeps a huge dump from stalling the editor.
    `pod-ls check` checks every document whatever it says."""
    inlay_hints: InlayHintSettings = Field(default_factory=InlayHintSettings)
    """Which inlay hints to show."""
    docs_url: str = DEFAULT_DOCS_URL
    """The rules' documentation: each diagnostic links to `<docsUrl>#<rule-id>`; empty: no links."""

    @field_validator("kubernetes_version")
    @classmethod
    def _supported(cls, value: str | None) -> str | None:
        if value is None:
            return None
        supported = load_schema().versions
        version = format_version(parse_version(value))
        if version not in supported:
            raise ValueError(f"Kubernetes {version} is not supported; use {supported[0]} to {supported[-1]}")
        return version

    @property
    def version(self) -> Version:
        """The Kubernetes version to check against."""
        if self.kubernetes_version is None:
            return load_schema().latest
        return parse_version(self.kubernetes_version)

    def rule_url(self, rule_id: str) -> str | None:
        """Where the rule is explained, or None when links are off."""
        return f"{self.docs_url}#{rule_id}" if self.docs_url else None

    def severity(self, rule_id: str, default: Severity) -> Severity | None:
        """The severity to report a rule with, or None when it is switched off."""
        level = self.rules.get(rule_id)
        if level is None:
            return default
        return None if level == "off" else Severity[level.upper()]


def parse_settings(raw: object) -> tuple[Settings, str | None]:
    """Settings from client JSON, or the defaults and an error message."""
    if raw is None:
        return Settings(), None
    try:
        return Settings.model_validate(raw), None
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(p) for p in err['loc']) or 'settings'}: {err['msg']}" for err in exc.errors())
        return Settings(), f"Invalid pod-ls settings, using the defaults ({problems})"


def project_settings(found: SettingsFile | None) -> tuple[Settings, str | None]:
    """Settings for `pod-ls check` from the file `settings_file` found, if any."""
    if found is None:
        return Settings(), None
    if found.problem is not None:
        return Settings(), found.problem
    return parse_settings(found.raw)
