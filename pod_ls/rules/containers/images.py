"""Container image rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Severity
from .. import RuleContext, check, define
from ..values import key, text

IMAGE_MISSING = define(
    "image-missing", Severity.ERROR,
    "every container needs an image",
    "The API server rejects a Pod whose container has no image; in a workload's template the "
    "object is accepted but none of its Pods can be created.")
IMAGE_TAG = define(
    "image-tag", Severity.WARNING,
    "pin images to a tag other than latest, or a digest",
    "`:latest` or no tag makes rollouts unreproducible and turns imagePullPolicy to Always, so "
    "every start depends on the registry.")

# registry[:port]/path/name[:tag][@digest]; the tag is what follows the last ':' after the last '/'.
_DIGEST = re.compile(r"@[A-Za-z0-9_+.-]+:[0-9a-fA-F]{32,}$")


def image_tag(image: str) -> str | None:
    """The image's tag, or None when it has none (a digest counts as pinned)."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


@check(IMAGE_MISSING)
def image_missing(ctx: RuleContext) -> Iterator[Finding]:
    severity = Severity.ERROR if ctx.spec.kind == "Pod" else Severity.WARNING
    for _, container in ctx.spec.containers():
        node = container.get("image")
        image = text(node)
        anchor = key(container, "name") or (container.items[0][0] if container.items else container)
        name = text(container.get("name"))
        who = f"Container '{name}'" if name else "This container"
        if node is None or image is None:
            yield IMAGE_MISSING.missing(anchor, f"{who} has no image", severity=severity)
        elif not image.strip():
            yield IMAGE_MISSING.hit(node, f"{who} has an empty image", severity=severity)


@check(IMAGE_TAG)
def image_tag_pinned(ctx: RuleContext) -> Iterator[Finding]:
    for _, container in ctx.spec.containers():
        node = container.get("image")
        image = text(node)
        if not image or node is None or _DIGEST.search(image):
            continue
        tag = image_tag(image)
        if tag is None:
            yield IMAGE_TAG.hit(node, f"Image '{image}' has no tag, so it means :latest: pin a version "
                                      "(imagePullPolicy then defaults to Always)")
        elif tag == "latest":
            yield IMAGE_TAG.hit(node, f"Image '{image}' uses :latest: pin a version (imagePullPolicy then "
                                      "defaults to Always)")
