"""Container image rules."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Severity
from .. import RuleContext, check, define, example_pod
from ..values import key, text

IMAGE_MISSING = define(
    "image-missing", Severity.ERROR,
    "every container needs an image, and a Pod's image no surrounding whitespace",
    "The API server rejects a Pod or a pod template whose container has no image "
    "(validateContainerCommon), and a Pod whose image starts or ends with whitespace "
    "(validateContainerOnlyForPod). A template may hold a blank image, which a controller or an "
    "image trigger replaces; left as it is, none of its Pods can be created.")
IMAGE_TAG = define(
    "image-tag", Severity.WARNING,
    "pin images to a tag other than latest, or a digest",
    "`:latest` or no tag makes rollouts unreproducible and turns imagePullPolicy to Always, so "
    "every start depends on the registry.",
    example=(
        example_pod("web") +
        "  containers:\n"
        "    - name: app\n"
        "      image: nginx:latest\n"))

# registry[:port]/path/name[:tag][@digest]; the tag is what follows the last ':' after the last '/'.
_DIGEST = re.compile(r"@[A-Za-z0-9_+.-]+:[0-9a-fA-F]{32,}$")


def image_tag(image: str) -> str | None:
    """The image's tag, or None when it has none (a digest counts as pinned)."""
    name = image.split("@", 1)[0]
    last = name.rsplit("/", 1)[-1]
    return last.split(":", 1)[1] if ":" in last else None


@check(IMAGE_MISSING)
def image_missing(ctx: RuleContext) -> Iterator[Finding]:
    pod = ctx.spec.kind == "Pod"
    for _, container in ctx.spec.containers():
        node = container.get("image")
        image = text(node)
        anchor = key(container, "name") or (container.items[0][0] if container.items else container)
        name = text(container.get("name"))
        who = f"Container '{name}'" if name else "This container"
        if node is None or image is None:
            yield IMAGE_MISSING.missing(anchor, f"{who} has no image")
        elif not image:
            yield IMAGE_MISSING.hit(node, f"{who} has an empty image")
        elif image != image.strip():
            blank = "a blank image" if not image.strip() else "an image with whitespace around it"
            yield IMAGE_MISSING.hit(node, f"{who} has {blank}" + ("" if pod else ": its Pods will be refused"),
                                    severity=None if pod else Severity.WARNING)


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
