"""The YAML itself: reported by the parser, registered here like every other rule."""

from __future__ import annotations

from ..findings import Severity
from . import define

SYNTAX = define(
    "yaml-syntax", Severity.ERROR,
    "the YAML does not parse",
    "Nothing in a document that does not parse can be checked; the error is reported once, at "
    "the parser's position, and the file's other documents are still checked.")
