"""The YAML itself: reported by the parser, registered here like every other rule."""

from __future__ import annotations

from ...findings import Severity
from .. import define

TEMPLATE = define(
    "template", Severity.INFO,
    "a Helm or Go template is not checked",
    "Text with {{ }} is a template, not a manifest: its YAML is only known once rendered. "
    "Check the output instead: helm template ... | pod-ls check -. A document that is not YAML "
    "and holds a Jinja statement ({% if %}, {% raw %}: Ansible, Salt) is a template too.")
TOO_LARGE = define(
    "file-too-large", Severity.INFO,
    "only the first part of a very large file is checked",
    "The editor's analysis is bounded (the maxCheckedCharacters setting, 6 million characters "
    "by default) so that it stays responsive; raise the setting, split the file, or run pod-ls "
    "check, which checks every document, to check all of it.")
SYNTAX = define(
    "yaml-syntax", Severity.ERROR,
    "the YAML does not parse",
    "Nothing in a document that does not parse can be checked; the error is reported once, at "
    "the parser's position, and the file's other documents are still checked.")
INTERNAL = define(
    "internal-error", Severity.INFO,
    "pod-ls itself failed in one check",
    "A bug in pod-ls, not in the manifest: one check raised an error where it is reported. The "
    "other checks of the document still ran and their findings stand. `pod-ls check` exits 3 "
    "when this happens, so CI tells it from findings. Please report it with the manifest.")
