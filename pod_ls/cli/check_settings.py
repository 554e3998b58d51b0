"""What `pod-ls check` needs of the settings, as plain data: the files to read, the Kubernetes
version, each rule's severity and where rules are explained.

Made from the settings model (`of`) when the project has settings; from the defaults
(`defaults`) without loading pydantic when it has none, since the model's import is a sixth of
a 1,000-file tree's check. Worker processes get this, never the model, and so never load it.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..findings import Severity
from ..kube.schema import Version, load_schema
from ..settings_files import DEFAULT_DOCS_URL, DEFAULT_EXCLUDE, DEFAULT_INCLUDE

if TYPE_CHECKING:
    from ..settings import Settings


@dataclass(frozen=True, slots=True)
class CheckSettings:
    version: Version
    exclude: list[str] = field(default_factory=lambda: list(DEFAULT_EXCLUDE))
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    levels: dict[str, Severity | None] = field(default_factory=dict)
    """The rules the settings name: their severity, or None for off."""
    docs_url: str = DEFAULT_DOCS_URL
    max_checked_characters: int = sys.maxsize
    """`pod-ls check` checks every document of every file (the editor stops at the setting's)."""

    @classmethod
    def of(cls, settings: Settings) -> CheckSettings:
        return cls(settings.version, list(settings.workspace.exclude), list(settings.workspace.include),
                   {rule: settings.severity(rule, Severity.ERROR) for rule in settings.rules}, settings.docs_url)

    @classmethod
    def defaults(cls) -> CheckSettings:
        """What `Settings()` gives (a test holds the two together)."""
        return cls(load_schema().latest)

    def severity(self, rule_id: str, default: Severity) -> Severity | None:
        """As `Settings.severity`: the severity to report a rule with, None when it is off."""
        return self.levels[rule_id] if rule_id in self.levels else default

    def rule_url(self, rule_id: str) -> str | None:
        return f"{self.docs_url}#{rule_id}" if self.docs_url else None
