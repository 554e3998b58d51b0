"""Security contexts, ported from `validatePodSpecSecurityContext`, `ValidateSecurityContext`,
`validateHostUsers` and the seccomp and AppArmor checks (fields, legacy annotations and their
agreement) in Kubernetes' pkg/apis/core/validation; sysctls live in `sysctls`, OS-specific
fields and Windows options in `os_fields`."""

from __future__ import annotations

from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.locate import get_path
from ...yaml.nodes import Mapping, Node, Scalar
from .. import RuleContext, check, define, per_spec
from ..values import boolean, integer, key, text
from .volumes import path_problem

ESCALATION = define(
    "privilege-escalation-contradiction", Severity.ERROR,
    "allowPrivilegeEscalation: false contradicts privileged: true and CAP_SYS_ADMIN",
    "A privileged container (or one that adds the capability spelled CAP_SYS_ADMIN) can always "
    "escalate; the API server rejects a securityContext that says both.")
NON_ROOT = define(
    "run-as-non-root-as-root", Severity.WARNING,
    "runAsNonRoot: true with runAsUser: 0 can never start",
    "The kubelet refuses to start a container that must not run as root but is told to run as "
    "UID 0; the Pod stays in CreateContainerConfigError.")
SECURITY_CONTEXT = define(
    "security-context", Severity.ERROR,
    "user and group IDs in range, no shareProcessNamespace with hostPID, user namespaces apart",
    "The API server rejects a runAsUser, runAsGroup, fsGroup or supplementalGroups entry outside "
    "0..2147483647, shareProcessNamespace together with hostPID, procMount Unmasked unless "
    "hostUsers is false, hostUsers: false with hostNetwork, hostPID or hostIPC, and from "
    "Kubernetes 1.33 a supplementalGroupsPolicy other than Merge or Strict and a "
    "seLinuxChangePolicy other than Recursive (or MountOption, from 1.37).")

MAX_ID = 2**31 - 1
USER_NAMESPACES = (1, 33)
"""UserNamespacesSupport (hostUsers) and ProcMountType are on by default from 1.33; before,
the API server drops hostUsers and procMount, so nothing depends on them."""
SUPPLEMENTAL_GROUPS_POLICY = (1, 33)
"""SupplementalGroupsPolicy is beta, on by default, from 1.33; before, the field is dropped."""
SUPPLEMENTAL_GROUPS_POLICIES = ("Merge", "Strict")
SELINUX_CHANGE_POLICY = (1, 33)
"""SELinuxChangePolicy is beta, on by default, from 1.33; before, the field is dropped."""
SELINUX_MOUNT = (1, 37)
"""Until SELinuxMount is on (GA in 1.37), validateSELinuxChangePolicy allows only Recursive."""


def pod_context(ctx: RuleContext) -> Mapping | None:
    context = ctx.spec.spec.get("securityContext")
    return context if isinstance(context, Mapping) else None


@per_spec
def container_contexts(ctx: RuleContext) -> Iterator[tuple[Mapping, Mapping]]:
    """(container, its securityContext) for every container that has one."""
    for _, container in ctx.spec.containers():
        context = container.get("securityContext")
        if isinstance(context, Mapping):
            yield container, context


def all_contexts(ctx: RuleContext) -> Iterator[Mapping]:
    """The Pod's security context, then each container's."""
    if (pod := pod_context(ctx)) is not None:
        yield pod
    for _, context in container_contexts(ctx):
        yield context


def is_set(mapping: Mapping | None, name: str) -> bool:
    """The field is present with a value (a Go pointer that is not nil)."""
    value = mapping.get(name) if mapping is not None else None
    return value is not None and not (isinstance(value, Scalar) and value.tag == "null")


def spec_flag(ctx: RuleContext, name: str) -> Node | None:
    """The node of a pod spec boolean such as hostPID when it is true."""
    node = ctx.spec.spec.get(name)
    return node if boolean(node) is True else None


def host_users(ctx: RuleContext) -> bool:
    """hostUsers as validation sees it: true unless explicitly false (and the field is served)."""
    return ctx.version < USER_NAMESPACES or boolean(ctx.spec.spec.get("hostUsers")) is not False


def _get(mapping: Mapping | None, name: str) -> Node | None:
    return mapping.get(name) if mapping is not None else None


@check(ESCALATION, needs=("allowPrivilegeEscalation",))
def privilege_escalation_contradiction(ctx: RuleContext) -> Iterator[Finding]:
    """The API names the whole securityContext; it refuses only the literal CAP_SYS_ADMIN (the
    runtime would also read SYS_ADMIN as that capability, but validation compares strings)."""
    for container, context in container_contexts(ctx):
        if boolean(context.get("allowPrivilegeEscalation")) is not False:
            continue
        anchor = key(container, "securityContext") or context
        if boolean(context.get("privileged")) is True:
            yield ESCALATION.hit(anchor, "allowPrivilegeEscalation cannot be false while privileged is true")
        capabilities = context.get("capabilities")
        added = capabilities.get("add") if isinstance(capabilities, Mapping) else None
        if any(text(item) == "CAP_SYS_ADMIN" for item in getattr(added, "items", [])):
            yield ESCALATION.hit(anchor, "allowPrivilegeEscalation cannot be false while CAP_SYS_ADMIN is added")


@check(NON_ROOT, needs=("runAsNonRoot",))
def run_as_non_root_as_root(ctx: RuleContext) -> Iterator[Finding]:
    pod = pod_context(ctx)
    for _, container in ctx.spec.containers():
        own = container.get("securityContext")
        own = own if isinstance(own, Mapping) else None
        non_root_node = _get(own, "runAsNonRoot")
        if non_root_node is None:
            non_root_node = _get(pod, "runAsNonRoot")
        user_node = _get(own, "runAsUser")
        if user_node is None:
            user_node = _get(pod, "runAsUser")
        if boolean(non_root_node) is True and integer(user_node) == 0 and user_node is not None:
            owner = own if own is not None and own.get("runAsUser") is user_node else pod
            anchor = key(owner, "runAsUser") if owner is not None else None
            yield NON_ROOT.hit(anchor or user_node, "runAsNonRoot is true but runAsUser is 0 (root): "
                                                    "the container will never start")


def _id_problem(node: Node | None, what: str) -> Finding | None:
    """IsValidUserID / IsValidGroupID: 0 to MaxInt32."""
    number = integer(node)
    if node is None or number is None or 0 <= number <= MAX_ID:
        return None
    return SECURITY_CONTEXT.hit(node, f"{what} must be between 0 and {MAX_ID}, inclusive (got {number})")


@check(SECURITY_CONTEXT, needs=("securityContext", "shareProcessNamespace", "hostUsers"))
def security_context(ctx: RuleContext) -> Iterator[Finding]:
    pod = pod_context(ctx)
    for context in all_contexts(ctx):
        for name in ("runAsUser", "runAsGroup", "fsGroup") if context is pod else ("runAsUser", "runAsGroup"):
            if found := _id_problem(context.get(name), name):
                yield found
    groups = _get(pod, "supplementalGroups")
    for item in getattr(groups, "items", []):
        if found := _id_problem(item, "a supplemental group"):
            yield found
    policy = _get(pod, "supplementalGroupsPolicy")
    if ctx.version >= SUPPLEMENTAL_GROUPS_POLICY and isinstance(policy, Scalar) and policy.tag != "null" \
            and (text(policy) or "") not in SUPPLEMENTAL_GROUPS_POLICIES:
        yield SECURITY_CONTEXT.hit(policy, f"supplementalGroupsPolicy '{text(policy) or ''}' is not supported: "
                                           "use Merge or Strict")
    yield from _selinux_change_policy(ctx, _get(pod, "seLinuxChangePolicy"))
    share = ctx.spec.spec.get("shareProcessNamespace")
    if boolean(share) is True and share is not None and spec_flag(ctx, "hostPID") is not None:
        yield SECURITY_CONTEXT.hit(share, "shareProcessNamespace and hostPID cannot both be enabled")
    yield from _user_namespace(ctx)


def _selinux_change_policy(ctx: RuleContext, policy: Node | None) -> Iterator[Finding]:
    if ctx.version < SELINUX_CHANGE_POLICY or not isinstance(policy, Scalar) or policy.tag == "null":
        return
    allowed = ("Recursive", "MountOption") if ctx.version >= SELINUX_MOUNT else ("Recursive",)
    if (value := text(policy) or "") not in allowed:
        why = "" if ctx.version >= SELINUX_MOUNT else " (MountOption needs SELinuxMount, on from Kubernetes 1.37)"
        yield SECURITY_CONTEXT.hit(policy, f"seLinuxChangePolicy '{value}' is not supported: use "
                                           f"{' or '.join(allowed)}{why}")


def _user_namespace(ctx: RuleContext) -> Iterator[Finding]:
    """validateHostUsers, and procMount Unmasked, which needs a user namespace."""
    if ctx.version < USER_NAMESPACES:
        return
    if not host_users(ctx):
        for name in ("hostNetwork", "hostPID", "hostIPC"):
            if (node := spec_flag(ctx, name)) is not None:
                yield SECURITY_CONTEXT.hit(node, f"{name} cannot be true when hostUsers is false")
        return
    for _, context in container_contexts(ctx):
        mount = context.get("procMount")
        if text(mount) == "Unmasked" and mount is not None:
            yield SECURITY_CONTEXT.hit(mount, "procMount Unmasked needs hostUsers: false in the pod spec")


SECCOMP = define(
    "seccomp-profile", Severity.ERROR,
    "seccomp profiles: localhostProfile with Localhost only, legacy annotations valid and agreeing",
    "The API server rejects a Localhost seccompProfile without a relative localhostProfile (no "
    "'..'), a localhostProfile with another type, a seccomp annotation that names no profile, "
    "and an annotation that disagrees with the seccompProfile field it stands for.")
APPARMOR = define(
    "apparmor-profile", Severity.ERROR,
    "AppArmor profiles: localhostProfile with Localhost only, legacy annotations valid and agreeing",
    "The API server rejects a Localhost appArmorProfile without a localhostProfile (or one padded "
    "with spaces or over 4095 characters), a localhostProfile with another type, an AppArmor "
    "annotation for a container the Pod lacks or with a profile not 'runtime/default', "
    "'unconfined' or 'localhost/...', and an annotation that disagrees with the field.")

SECCOMP_POD_ANNOTATION = "seccomp.security.alpha.kubernetes.io/pod"
SECCOMP_CONTAINER_PREFIX = "container.seccomp.security.alpha.kubernetes.io/"
APPARMOR_CONTAINER_PREFIX = "container.apparmor.security.beta.kubernetes.io/"
LOCALHOST_PREFIX = "localhost/"
MAX_APPARMOR_PROFILE = 4095


def pod_annotations(ctx: RuleContext) -> Mapping | None:
    """The annotations of the Pods themselves: the Pod's, or its template's."""
    node = get_path(ctx.spec.root, ctx.spec.path[:-1] + ("metadata", "annotations"))
    return node if isinstance(node, Mapping) else None


def _annotations(ctx: RuleContext) -> Iterator[tuple[Scalar, Node, str, str]]:
    """(key node, value node, key, value) of every string annotation."""
    for name, value in getattr(pod_annotations(ctx), "items", []):
        if isinstance(name, Scalar) and (written := text(value)) is not None:
            yield name, value, name.value, written


def _profile(context: Mapping | None, field: str) -> Mapping | None:
    profile = _get(context, field)
    return profile if isinstance(profile, Mapping) else None


def _profiles(ctx: RuleContext, field: str) -> Iterator[tuple[Mapping | None, Mapping]]:
    """(container or None for the Pod, its profile mapping) for every profile set."""
    if (profile := _profile(pod_context(ctx), field)) is not None:
        yield None, profile
    for container, context in container_contexts(ctx):
        if (profile := _profile(context, field)) is not None:
            yield container, profile


@check(SECCOMP, needs=("seccomp",))
def seccomp_profile(ctx: RuleContext) -> Iterator[Finding]:
    for _, profile in _profiles(ctx, "seccompProfile"):
        kind, local = profile.get("type"), profile.get("localhostProfile")
        if text(kind) == "Localhost":
            if not is_set(profile, "localhostProfile"):
                yield SECCOMP.missing(kind or profile,
                                      "localhostProfile must be set when the seccomp type is Localhost")
            elif (path := text(local)) is not None and local is not None \
                    and (problem := path_problem(path)):
                yield SECCOMP.hit(local, f"localhostProfile {problem}")
        elif is_set(profile, "localhostProfile") and local is not None:
            yield SECCOMP.hit(local, "localhostProfile can only be set when the seccomp type is Localhost")
    for _, value, name, written in _annotations(ctx):
        if name == SECCOMP_POD_ANNOTATION or name.startswith(SECCOMP_CONTAINER_PREFIX):
            if problem := _seccomp_annotation_problem(written):
                yield SECCOMP.hit(value, f"{problem} (runtime/default, unconfined or localhost/<path>)",
                                  deprecated=True)  # the annotations gave way to seccompProfile in 1.19
    yield from _seccomp_agreement(ctx)


def _seccomp_annotation_problem(value: str) -> str | None:
    """ValidateSeccompProfile."""
    if value in ("runtime/default", "docker/default", "unconfined"):
        return None
    if value.startswith(LOCALHOST_PREFIX):
        problem = path_problem(value.removeprefix(LOCALHOST_PREFIX))
        return f"the profile path {problem}" if problem else None
    return f"'{value}' is not a valid seccomp profile"


def _seccomp_agreement(ctx: RuleContext) -> Iterator[Finding]:
    """validateSeccompAnnotationsAndFields: the Pod's field against the pod annotation, each
    container's own field against its container annotation."""
    annotations = {name: written for _, _, name, written in _annotations(ctx)}
    for container, profile in _profiles(ctx, "seccompProfile"):
        name = SECCOMP_POD_ANNOTATION if container is None \
            else SECCOMP_CONTAINER_PREFIX + (text(container.get("name")) or "")
        if name in annotations and (found := _seccomp_mismatch(annotations[name], profile)):
            yield found


def _seccomp_mismatch(annotation: str, profile: Mapping) -> Finding | None:
    kind, local = profile.get("type"), profile.get("localhostProfile")
    anchor = kind or profile
    match text(kind):
        case "Unconfined" if annotation != "unconfined":
            return SECCOMP.hit(anchor, f"seccomp type Unconfined disagrees with the annotation '{annotation}'")
        case "RuntimeDefault" if annotation not in ("runtime/default", "docker/default"):
            return SECCOMP.hit(anchor, f"seccomp type RuntimeDefault disagrees with the annotation '{annotation}'")
        case "Localhost":
            if not annotation.startswith(LOCALHOST_PREFIX):
                return SECCOMP.hit(anchor, f"seccomp type Localhost disagrees with the annotation '{annotation}'")
            if text(local) != annotation.removeprefix(LOCALHOST_PREFIX):
                return SECCOMP.hit(local or anchor, f"localhostProfile disagrees with the annotation '{annotation}'")
    return None


@check(APPARMOR, needs=("appArmorProfile", "apparmor"))
def apparmor_profile(ctx: RuleContext) -> Iterator[Finding]:
    for _, profile in _profiles(ctx, "appArmorProfile"):
        kind, local = profile.get("type"), profile.get("localhostProfile")
        path = text(local)
        if text(kind) == "Localhost":
            if path is None or local is None:
                yield APPARMOR.missing(kind or profile,
                                       "localhostProfile must be set when the AppArmor type is Localhost")
            elif path.strip() != path:
                yield APPARMOR.hit(local, "localhostProfile must not be padded with whitespace")
            elif not path:
                yield APPARMOR.hit(local, "localhostProfile must be set when the AppArmor type is Localhost")
            elif len(path) > MAX_APPARMOR_PROFILE:
                yield APPARMOR.hit(local, f"localhostProfile must be at most {MAX_APPARMOR_PROFILE} characters")
        elif text(kind) in ("RuntimeDefault", "Unconfined") and is_set(profile, "localhostProfile") \
                and local is not None:
            yield APPARMOR.hit(local, "localhostProfile can only be set when the AppArmor type is Localhost")
    names = {text(container.get("name")) for _, container in ctx.spec.containers()}
    for key_node, value, name, written in _annotations(ctx):
        if not name.startswith(APPARMOR_CONTAINER_PREFIX):
            continue
        if (container := name.removeprefix(APPARMOR_CONTAINER_PREFIX)) not in names:
            yield APPARMOR.missing(key_node, f"AppArmor annotation for container '{container}', "
                                             "which the Pod does not have", deprecated=True)
        if written not in ("", "runtime/default", "unconfined") and not written.startswith(LOCALHOST_PREFIX):
            yield APPARMOR.hit(value, f"invalid AppArmor profile name '{written}': use runtime/default, "
                                      "unconfined or localhost/<profile>", deprecated=True)  # the field since 1.30
    if text(get_path(ctx.spec.spec, ("os", "name"))) != "windows":
        yield from _apparmor_agreement(ctx)


def _apparmor_agreement(ctx: RuleContext) -> Iterator[Finding]:
    """validateAppArmorAnnotationsAndFieldsMatchOnCreate: each container's profile (its own or
    the Pod's) against its annotation."""
    annotations = {name: written for _, _, name, written in _annotations(ctx)}
    pod_profile = _profile(pod_context(ctx), "appArmorProfile")
    for _, container in ctx.spec.containers():
        profile = _profile(_get_mapping(container, "securityContext"), "appArmorProfile") or pod_profile
        annotation = annotations.get(APPARMOR_CONTAINER_PREFIX + (text(container.get("name")) or ""))
        if profile is None or annotation is None:
            continue
        kind, local = profile.get("type"), profile.get("localhostProfile")
        anchor = kind or profile
        match text(kind):
            case "Unconfined" if annotation != "unconfined":
                yield APPARMOR.hit(anchor, f"AppArmor type Unconfined disagrees with the annotation '{annotation}'")
            case "RuntimeDefault" if annotation != "runtime/default":
                yield APPARMOR.hit(anchor, f"AppArmor type RuntimeDefault disagrees with the annotation '{annotation}'")
            case "Localhost":
                if not annotation.startswith(LOCALHOST_PREFIX):
                    yield APPARMOR.hit(anchor, f"AppArmor type Localhost disagrees with the annotation '{annotation}'")
                elif text(local) != annotation.removeprefix(LOCALHOST_PREFIX):
                    yield APPARMOR.hit(local or anchor,
                                       f"localhostProfile disagrees with the annotation '{annotation}'")


def _get_mapping(mapping: Mapping, name: str) -> Mapping | None:
    value = mapping.get(name)
    return value if isinstance(value, Mapping) else None
