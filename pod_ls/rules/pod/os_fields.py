"""Fields that only one OS has, and Windows options, ported from `validateLinux`,
`validateWindows`, `validateWindowsSecurityContextOptions` and `validateWindowsHostProcessPod`
in Kubernetes' pkg/apis/core/validation."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Severity
from ...kube.locate import get_path
from ...kube.names import dns_subdomain_problem
from ...yaml.nodes import Mapping, Node
from .. import RuleContext, check, define
from ..values import boolean, key, text
from .security import USER_NAMESPACES, container_contexts, is_set, pod_context, spec_flag

OS_FIELD = define(
    "os-specific-field", Severity.ERROR,
    "spec.os.name forbids the other OS's fields: windowsOptions on linux, Linux settings on windows",
    "With spec.os.name linux the API server rejects windowsOptions; with windows it rejects "
    "the Linux-only fields (seLinuxOptions, seccompProfile, appArmorProfile, runAsUser, "
    "runAsGroup, fsGroup, supplementalGroups, sysctls, capabilities, privileged, procMount, "
    "hostPID, hostIPC, shareProcessNamespace, ...).")
WINDOWS_OPTIONS = define(
    "windows-options", Severity.ERROR,
    "windowsOptions: valid GMSA fields and runAsUserName, and hostProcess containers all or none",
    "The API server rejects a gmsaCredentialSpecName that is not a DNS subdomain, an empty or "
    "over-64-KiB gmsaCredentialSpec, a malformed runAsUserName (DOMAIN\\user), a Pod mixing "
    "hostProcess and other containers, and hostProcess containers without hostNetwork.")

WINDOWS_POD_FIELDS = ("appArmorProfile", "seLinuxOptions", "seccompProfile", "fsGroup", "fsGroupChangePolicy",
                      "runAsUser", "runAsGroup", "supplementalGroups", "supplementalGroupsPolicy",
                      "seLinuxChangePolicy")
WINDOWS_CONTAINER_FIELDS = ("appArmorProfile", "seLinuxOptions", "seccompProfile", "capabilities",
                            "readOnlyRootFilesystem", "privileged", "allowPrivilegeEscalation", "procMount",
                            "runAsUser", "runAsGroup")
MAX_GMSA_SPEC = 64 * 1024
MAX_DOMAIN = 256
MAX_USER = 104
_CONTROL = re.compile("[\x00-\x1f\x7f]")
_NETBIOS_DOMAIN = re.compile(r'[^\\/:*?"<>|.][^\\/:*?"<>|]{0,14}')
_DNS_LABEL = "[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?"
_DNS_DOMAIN = re.compile(rf"{_DNS_LABEL}(?:\.{_DNS_LABEL})*")
_USER_FORBIDDEN = re.compile(r'["/\\:;|=,+*?<>@\[\]]')
_DOTS_AND_SPACES = re.compile(r"[. ]+")


@check(OS_FIELD, needs=("linux", "windows"))
def os_specific_field(ctx: RuleContext) -> Iterator[Finding]:
    os_name = text(get_path(ctx.spec.spec, ("os", "name")))
    pod = pod_context(ctx)
    if os_name == "linux":
        for owner in [pod, *(context for _, context in container_contexts(ctx))]:
            if owner is not None and (found := key(owner, "windowsOptions")) is not None:
                yield OS_FIELD.hit(found, "windowsOptions cannot be set for a linux pod (spec.os.name is linux)")
    elif os_name == "windows":
        yield from _linux_fields(ctx, pod)


def _linux_fields(ctx: RuleContext, pod: Mapping | None) -> Iterator[Finding]:
    message = "{} cannot be set for a windows pod (spec.os.name is windows)"
    if pod is not None:
        for name in WINDOWS_POD_FIELDS:
            if is_set(pod, name) and (found := key(pod, name)) is not None:
                yield OS_FIELD.hit(found, message.format(name))
        sysctls = pod.get("sysctls")
        if getattr(sysctls, "items", None) and (found := key(pod, "sysctls")) is not None:
            yield OS_FIELD.hit(found, message.format("sysctls"))
    spec = ctx.spec.spec
    for name in ("hostPID", "hostIPC"):
        if spec_flag(ctx, name) is not None and (found := key(spec, name)) is not None:
            yield OS_FIELD.hit(found, message.format(name))
    for name in ("shareProcessNamespace", "hostUsers"):
        wanted = name != "hostUsers" or ctx.version >= USER_NAMESPACES
        if wanted and is_set(spec, name) and (found := key(spec, name)) is not None:
            yield OS_FIELD.hit(found, message.format(name))
    for _, context in container_contexts(ctx):
        for name in WINDOWS_CONTAINER_FIELDS:
            if is_set(context, name) and (found := key(context, name)) is not None:
                yield OS_FIELD.hit(found, message.format(name))


def run_as_user_name_problem(name: str) -> str | None:
    """Why a Windows runAsUserName ([DOMAIN\\]USER) is refused, or None."""
    if not name:
        return "runAsUserName cannot be an empty string"
    if _CONTROL.search(name):
        return "runAsUserName cannot contain control characters"
    parts = name.split("\\")
    if len(parts) > 2:
        return "runAsUserName cannot contain more than one backslash"
    domain, user = (parts[0], parts[1]) if len(parts) == 2 else (None, parts[0])
    if domain is not None and len(domain.encode()) >= MAX_DOMAIN:
        return f"runAsUserName's domain must be under {MAX_DOMAIN} characters"
    if domain is not None and not (_NETBIOS_DOMAIN.fullmatch(domain) or _DNS_DOMAIN.fullmatch(domain)):
        return "runAsUserName's domain is neither a NetBIOS nor a DNS domain name"
    if not user:
        return "runAsUserName's user cannot be empty"
    if len(user.encode()) > MAX_USER:
        return f"runAsUserName's user must be at most {MAX_USER} characters"
    if _DOTS_AND_SPACES.fullmatch(user):
        return "runAsUserName's user cannot be only periods and spaces"
    if _USER_FORBIDDEN.search(user):
        return 'runAsUserName\'s user cannot contain any of "/\\:;|=,+*?<>@[]'
    return None


def _windows_options(ctx: RuleContext) -> Iterator[tuple[Mapping | None, Mapping]]:
    """(container or None for the Pod, its windowsOptions)."""
    owners = [(None, pod_context(ctx)), *container_contexts(ctx)]
    for container, context in owners:
        options = context.get("windowsOptions") if context is not None else None
        if isinstance(options, Mapping):
            yield container, options


@check(WINDOWS_OPTIONS, needs=("windowsOptions",))
def windows_options(ctx: RuleContext) -> Iterator[Finding]:
    for _, options in _windows_options(ctx):
        spec_name = options.get("gmsaCredentialSpecName")
        if (value := text(spec_name)) is not None and spec_name is not None \
                and (problem := dns_subdomain_problem(value)):
            yield WINDOWS_OPTIONS.hit(spec_name, f"gmsaCredentialSpecName '{value}' {problem}")
        spec = options.get("gmsaCredentialSpec")
        if (value := text(spec)) is not None and spec is not None:
            if not value:
                yield WINDOWS_OPTIONS.hit(spec, "gmsaCredentialSpec cannot be an empty string")
            elif len(value.encode()) > MAX_GMSA_SPEC:
                yield WINDOWS_OPTIONS.hit(spec, "gmsaCredentialSpec must be under 64 KiB")
        user = options.get("runAsUserName")
        if (value := text(user)) is not None and user is not None and (problem := run_as_user_name_problem(value)):
            yield WINDOWS_OPTIONS.hit(user, problem)
    yield from _host_process(ctx)


def _host_process(ctx: RuleContext) -> Iterator[Finding]:
    """validateWindowsHostProcessPod: every container inherits or sets the same hostProcess."""
    pod_options = next((options for owner, options in _windows_options(ctx) if owner is None), None)
    pod_node = pod_options.get("hostProcess") if pod_options is not None else None
    pod_value = boolean(pod_node)
    host_process: list[Node] = []
    others: list[Node] = []
    for _, container in ctx.spec.containers():
        context = container.get("securityContext")
        options = context.get("windowsOptions") if isinstance(context, Mapping) else None
        node = options.get("hostProcess") if isinstance(options, Mapping) else None
        value = boolean(node)
        if pod_value is not None and value is not None and value != pod_value and node is not None:
            yield WINDOWS_OPTIONS.hit(node, f"hostProcess must be the Pod's value ({str(pod_value).lower()}) "
                                            "when both are set")
        if value is True or (value is None and pod_value is True):
            host_process.append(node if value is True and node is not None else pod_node or container)
        else:
            others.append(node or container.get("name") or container)
    if not host_process:
        return
    if others:
        yield WINDOWS_OPTIONS.hit(_spec_key(ctx) or others[0], "a Pod with hostProcess containers must run only "
                                                               "hostProcess containers")
    if spec_flag(ctx, "hostNetwork") is None:
        network = ctx.spec.spec.get("hostNetwork")
        message = "hostNetwork must be true in a Pod with hostProcess containers"
        yield WINDOWS_OPTIONS.hit(network, message) if network is not None \
            else WINDOWS_OPTIONS.missing(host_process[0], message)


def _spec_key(ctx: RuleContext) -> Node | None:
    """The key of the pod spec in its parent, where the API reports about the spec as a whole."""
    parent = get_path(ctx.spec.root, ctx.spec.path[:-1])
    return key(parent, ctx.spec.path[-1]) if isinstance(parent, Mapping) else None
