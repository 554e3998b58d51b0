"""The parsed document the cursor is in, while the line being typed breaks it.

Completion needs the rest of the document (the pod spec's volumes, the `name` beside the `key`
being typed, the object's namespace and labels) when the YAML does not parse. A broken
document is read again without the line being typed, then also without one line more: the
line the parser stumbled on or one above it (an unclosed bracket or quote shows up lines
later), a few lines at most.
"""

from __future__ import annotations

from ...kube.locate import document_at
from ...yaml.nodes import YamlDocument
from ...yaml.parse import parse_document, split_lines

REPAIR_ATTEMPTS = 8


def document_around(documents: list[YamlDocument], line: int) -> YamlDocument | None:
    """The document holding file line `line`, repaired if need be (its `root` stays None when
    no repair helps)."""
    document = document_at(documents, line)
    if document is None or document.root is not None or document.error is None:
        return document
    lines = split_lines(document.text)
    typed = line - document.line_offset

    def without(*blank: int) -> YamlDocument:
        return parse_document("\n".join("" if n in blank else text for n, text in enumerate(lines)),
                              document.line_offset)

    repaired = without(typed)
    if repaired.root is not None or repaired.error is None:
        return repaired
    at = min(repaired.error.start[0], len(lines) - 1)
    for other in [n for n in range(at, -1, -1) if n != typed and lines[n].strip()][:REPAIR_ATTEMPTS]:
        if (attempt := without(typed, other)).root is not None:
            return attempt
    return repaired
