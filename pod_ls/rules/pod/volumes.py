"""Volume rules, ported from ValidateVolumes and validateVolumeSource in Kubernetes'
pkg/apis/core/validation: one source per volume, the fields each source needs, and the
files that secret, configMap, downwardAPI and projected volumes write."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...findings import Finding, Fix, Severity
from ...kube.locate import get_path
from ...kube.names import dns_label_problem, dns_subdomain_problem, qualified_name_problem
from ...kube.quantity import parse_quantity
from ...kube.schema import Place, Version
from ...kube.selectors import label_map_problems, label_selector_problems
from ...yaml.nodes import Mapping, Node, Scalar, Sequence
from .. import Rule, RuleContext, check, define, per_spec
from ..document.schema_checks import suggest
from ..values import boolean, integer, key, keys_set, mappings, text

SOURCES = define(
    "volume-source", Severity.ERROR,
    "a volume may have only one source",
    "A volume is one kind of storage; the API server rejects a volume that names several "
    "(no source at all means emptyDir).")
UNDECLARED = define(
    "volume-mount-undeclared", Severity.ERROR,
    "volumeMounts must name a volume of the pod spec",
    "The API server rejects a mount of a volume that the pod spec does not declare.")
SOURCE_FIELDS = define(
    "volume-source-fields", Severity.ERROR,
    "a volume source needs the fields that name its storage, in their syntax",
    "The API server rejects a volume source without the field that says what to mount "
    "(hostPath.path, secret.secretName, configMap.name, persistentVolumeClaim.claimName, "
    "csi.driver, nfs.server, an image volume's reference, an ephemeral volume's claim template "
    "with access modes and a storage request...) or with a malformed one: a CSI driver that is "
    "not a DNS subdomain, '..' in a hostPath, a relative NFS path, a negative emptyDir.sizeLimit, "
    "a LUN or partition outside 0-255.")

EMPTY_DIR_MEDIUM = define(
    "emptydir-medium", Severity.WARNING,
    "emptyDir.medium is empty, Memory, HugePages or HugePages-<size>",
    "The API server accepts any emptyDir medium, but the kubelet mounts only the node's disk (no "
    "medium), Memory (tmpfs) and HugePages or HugePages-<size>: with another one the volume is "
    "never set up and the Pod stays in ContainerCreating.")

GIT_REPO = define(
    "git-repo-volume", Severity.WARNING,
    "gitRepo volumes are deprecated, and not mounted by default from Kubernetes 1.33",
    "The in-tree gitRepo volume is deprecated; from Kubernetes 1.33 its driver is off by default "
    "(the GitRepoVolumeDriver feature gate, deprecated), so the kubelet does not set the volume "
    "up and the Pod does not start unless the cluster turns the gate back on. Clone the "
    "repository in an init container into an emptyDir volume instead. Before 1.33 it is "
    "information only.")
GIT_REPO_DRIVER_OFF_SINCE = (1, 33)
"""GitRepoVolumeDriver: GA and on until 1.32, deprecated and off by default from 1.33."""
VOLUME_ATTRIBUTES_CLASS_SINCE: Version = (1, 34)
"""VolumeAttributesClass is GA and on from 1.34: before, ValidationOptionsForPersistentVolumeClaimTemplate
leaves EnableVolumeAttributesClass off and a template's volumeAttributesClassName is not validated."""

_VOLUME = "io.k8s.api.core.v1.Volume"
# Required strings and lists of each source, as validateVolumeSource checks them.
REQUIRED = {
    "hostPath": ("path",), "gitRepo": ("repository",), "iscsi": ("targetPortal", "iqn"),
    "gcePersistentDisk": ("pdName",), "awsElasticBlockStore": ("volumeID",), "secret": ("secretName",),
    "nfs": ("server", "path"), "quobyte": ("registry", "volume"), "glusterfs": ("endpoints", "path"),
    "persistentVolumeClaim": ("claimName",), "rbd": ("monitors", "image"), "cephfs": ("monitors",),
    "cinder": ("volumeID",), "flexVolume": ("driver",), "configMap": ("name",),
    "azureFile": ("secretName", "shareName"), "vsphereVolume": ("volumePath",),
    "photonPersistentDisk": ("pdID",), "portworxVolume": ("volumeID",), "azureDisk": ("diskName", "diskURI"),
    "storageos": ("volumeName",), "scaleIO": ("gateway", "system", "volumeName"), "csi": ("driver",),
}
BYTE_RANGE = {"iscsi": "lun", "gcePersistentDisk": "partition", "awsElasticBlockStore": "partition", "fc": "lun"}
SECRET_REF_NAME = ("cinder", "storageos", "csi")
SECRET_REF = {"csi": "nodePublishSecretRef"}
PULL_POLICIES = ("Always", "IfNotPresent", "Never")
ACCESS_MODES = ("ReadWriteOnce", "ReadOnlyMany", "ReadWriteMany", "ReadWriteOncePod")
VOLUME_MODES = ("Block", "Filesystem")
AZURE_VALUES = {"cachingMode": ("None", "ReadOnly", "ReadWrite"), "kind": ("Shared", "Dedicated", "Managed")}
MAX_CSI_DRIVER = 63
MAX_QUOBYTE_TENANT = 64
_ISCSI_IQN = re.compile(r"iqn\.\d{4}-\d{2}\.([A-Za-z0-9.-]+)(:[^,;*&$|\s]+)$")
_ISCSI_EUI = re.compile(r"eui.[A-Za-z0-9]{16}")
_ISCSI_NAA = re.compile(r"naa.[A-Za-z0-9]{32}")


def is_empty(node: Node | None) -> bool:
    """Absent, null, "" or []: what Go's `len(x) == 0` sees."""
    if isinstance(node, Sequence):
        return not node.items
    return node is None or (isinstance(node, Scalar) and (node.tag == "null" or node.value == ""))


def at(mapping: Mapping, name: str) -> Node:
    """Where to report the field `name`: its value, or its key when the value is null."""
    value = mapping.get(name)
    if value is None or (isinstance(value, Scalar) and value.tag == "null"):
        return key(mapping, name) or mapping
    return value


def path_problem(path: str, *, reserved: bool = False) -> str | None:
    """validateLocalDescendingPath: relative, without a '..' element; `reserved` adds
    ValidateLocalNonReservedPath's rule that it must not start with '..' (kubelet's names)."""
    if path.startswith("/"):
        return "must be a relative path"
    if ".." in path.split("/"):
        return "must not contain '..'"
    if reserved and path.startswith(".."):
        return "must not start with '..'"
    return None


def required(ctx: RuleContext, rule: Rule, owner: Scalar, mapping: Mapping, name: str,
             ref: str | None) -> Iterator[Finding]:
    """Go's Required on `owner.name`: an empty value, or an absent key that the schema (`ref`,
    the mapping's definition) does not already report."""
    node = mapping.get(name)
    if node is None:
        if ref is None or name not in ctx.schema.validated_required(Place({"ref": ref})):
            yield rule.missing(owner, f"{owner.value}.{name} is required")
    elif is_empty(node):
        yield rule.hit(at(mapping, name), f"{owner.value}.{name} must not be empty")


@per_spec
def source_names(ctx: RuleContext) -> set[str]:
    return set(ctx.schema.properties(Place({"ref": _VOLUME}))) - {"name"}


@per_spec
def volume_sources(ctx: RuleContext) -> dict[str, set[str]]:
    """Each volume's name and the sources it sets; claim templates of a StatefulSet are
    persistentVolumeClaim volumes of every Pod."""
    known = source_names(ctx)
    found: dict[str, set[str]] = {}
    for volume in mappings(ctx.spec.spec.get("volumes")):
        name = text(volume.get("name"))
        if name is not None:
            found.setdefault(name, {k.value for k in keys_set(volume, known)} or {"emptyDir"})
    if ctx.spec.kind == "StatefulSet":
        for claim in mappings(get_path(ctx.spec.root, ("spec", "volumeClaimTemplates"))):
            name = text(get_path(claim, ("metadata", "name")))
            if name is not None:
                found.setdefault(name, {"persistentVolumeClaim"})
    return found


@per_spec
def sources(ctx: RuleContext) -> Iterator[tuple[Mapping, Scalar, Mapping]]:
    """(volume, source key, source) for each volume's first source written as a mapping."""
    known = source_names(ctx)
    for volume in mappings(ctx.spec.spec.get("volumes")):
        present = keys_set(volume, known)
        if present and isinstance(source := volume.get(present[0].value), Mapping):
            yield volume, present[0], source


def ref_of(ctx: RuleContext, owner: str, name: str) -> str | None:
    return ctx.schema.properties(Place({"ref": owner})).get(name, {}).get("ref")


@check(GIT_REPO, needs=("gitRepo",))
def git_repo_volume(ctx: RuleContext) -> Iterator[Finding]:
    off = ctx.version >= GIT_REPO_DRIVER_OFF_SINCE
    for volume, source_key, _ in sources(ctx):
        if source_key.value != "gitRepo":
            continue
        name = text(volume.get("name"))
        if off:
            yield GIT_REPO.hit(source_key, f"Volume '{name}': gitRepo is not mounted by default from Kubernetes 1.33 "
                               "(GitRepoVolumeDriver is off), so the Pod does not start; clone the repository in an "
                               "init container into an emptyDir instead", deprecated=True)
        else:
            yield GIT_REPO.hit(source_key, f"Volume '{name}': gitRepo is deprecated; clone the repository in an "
                               "init container into an emptyDir instead", severity=Severity.INFO, deprecated=True)


@check(SOURCES, needs=("volumes",))
def volume_source(ctx: RuleContext) -> Iterator[Finding]:
    known = source_names(ctx)
    for volume in mappings(ctx.spec.spec.get("volumes")):
        present = keys_set(volume, known)
        for extra in present[1:]:
            yield SOURCES.hit(extra, f"Volume '{text(volume.get('name'))}' already has a source "
                                     f"({present[0].value}): a volume may have only one")


@check(UNDECLARED, needs=("volumeMounts", "volumeDevices"))
def volume_mount_undeclared(ctx: RuleContext) -> Iterator[Finding]:
    declared = set(volume_sources(ctx))
    for _, container in ctx.spec.containers():
        for field in ("volumeMounts", "volumeDevices"):
            for mount in mappings(container.get(field)):
                node = mount.get("name")
                name = text(node)
                if name is None or node is None or name in declared:
                    continue
                guess = suggest(name, declared) if declared else None
                fixes = (Fix.replace_string(node, guess, f"Change to '{guess}'"),) if guess else ()
                hint = f" Did you mean '{guess}'?" if guess else ""
                # In a kustomize patch the volume may come from the base: missing, not wrong.
                yield UNDECLARED.missing(node, f"No volume named '{name}' in this pod spec.{hint}", fixes=fixes)


@check(SOURCE_FIELDS, EMPTY_DIR_MEDIUM, needs=("volumes",))
def volume_source_fields(ctx: RuleContext) -> Iterator[Finding]:
    for volume, source_key, source in sources(ctx):
        kind = source_key.value
        ref = ref_of(ctx, _VOLUME, kind)
        for name in REQUIRED.get(kind, ()):
            yield from required(ctx, SOURCE_FIELDS, source_key, source, name, ref)
        field = BYTE_RANGE.get(kind)
        if field and (number := integer(source.get(field))) is not None and not 0 <= number <= 255:
            yield SOURCE_FIELDS.hit(at(source, field), f"{kind}.{field} must be between 0 and 255 (got {number})")
        secret_ref = SECRET_REF.get(kind, "secretRef")
        if kind in SECRET_REF_NAME and isinstance(reference := source.get(secret_ref), Mapping):
            yield from required(ctx, SOURCE_FIELDS, key(source, secret_ref) or source_key, reference, "name", None)
        checker = _SOURCE_CHECKS.get(kind)
        if checker is not None:
            yield from checker(ctx, volume, source_key, source)


def _host_path(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    path = text(source.get("path"))
    if path and ".." in path.split("/"):
        yield SOURCE_FIELDS.hit(at(source, "path"), f"hostPath.path '{path}' must not contain '..'")


def _git_repo(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    directory = text(source.get("directory"))
    if directory and (problem := path_problem(directory)):
        yield SOURCE_FIELDS.hit(at(source, "directory"), f"gitRepo.directory '{directory}' {problem}")


def _nfs(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    path = text(source.get("path"))
    if path and not path.startswith("/"):
        yield SOURCE_FIELDS.hit(at(source, "path"), f"nfs.path '{path}' must be an absolute path")


def iscsi_name_problem(name: str) -> str | None:
    """Why `name` is not an iSCSI qualified name (iqn.…, eui.… or naa.…), or None."""
    if not name.startswith(("iqn", "eui", "naa")):
        return "must start with iqn, eui or naa"
    pattern = {"iqn": _ISCSI_IQN, "eui": _ISCSI_EUI, "naa": _ISCSI_NAA}[name[:3]]
    found = pattern.search(name) if name.startswith("iqn") else pattern.fullmatch(name)
    return None if found else f"is not a valid {name[:3]} name"


def _iscsi(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    for field in ("iqn", "initiatorName"):
        value = text(source.get(field))
        if value and (problem := iscsi_name_problem(value)):
            yield SOURCE_FIELDS.hit(at(source, field), f"iscsi.{field} '{value}' {problem}")
        elif value == "" and field == "initiatorName":
            yield SOURCE_FIELDS.hit(at(source, field), "iscsi.initiatorName must start with iqn, eui or naa")
    chap = any(boolean(source.get(f)) for f in ("chapAuthDiscovery", "chapAuthSession"))
    if chap and source.get("secretRef") is None:
        yield SOURCE_FIELDS.missing(source_key, "iscsi.secretRef is required with CHAP authentication")
    name, portal = text(volume.get("name")) or "", text(source.get("targetPortal")) or ""
    if source.get("initiatorName") is not None and len(f"{name}:{portal}") > 64:
        yield SOURCE_FIELDS.hit(at(volume, "name"), "with iscsi.initiatorName, '<volume name>:<targetPortal>' "
                                                    "must be at most 64 characters")


def _fc(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    wwns, wwids = source.get("targetWWNs"), source.get("wwids")
    if is_empty(wwns) and is_empty(wwids):
        rule = SOURCE_FIELDS.missing if wwns is None and wwids is None else SOURCE_FIELDS.hit
        yield rule(source_key, "fc needs targetWWNs or wwids")
    elif not is_empty(wwns) and not is_empty(wwids):
        yield SOURCE_FIELDS.hit(key(source, "wwids") or source_key, "fc may set targetWWNs or wwids, not both")
    if not is_empty(wwns) and is_empty(source.get("lun")):
        rule = SOURCE_FIELDS.missing if source.get("lun") is None else SOURCE_FIELDS.hit
        yield rule(key(source, "targetWWNs") or source_key, "fc.lun is required with targetWWNs")


def _flocker(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    name, uuid = source.get("datasetName"), source.get("datasetUUID")
    if is_empty(name) and is_empty(uuid):
        rule = SOURCE_FIELDS.missing if name is None and uuid is None else SOURCE_FIELDS.hit
        yield rule(source_key, "flocker needs datasetName or datasetUUID")
    elif not is_empty(name) and not is_empty(uuid):
        yield SOURCE_FIELDS.hit(key(source, "datasetUUID") or source_key,
                                "flocker may set datasetName or datasetUUID, not both")
    if "/" in (text(name) or ""):
        yield SOURCE_FIELDS.hit(at(source, "datasetName"), "flocker.datasetName must not contain '/'")


def _host_port_problem(pair: str) -> bool:
    """True when `pair` is not what Go's net.SplitHostPort accepts."""
    if pair.startswith("["):
        end = pair.find("]")
        return end < 0 or pair[end + 1:end + 2] != ":" or ":" in pair[end + 2:] or "[" in pair[1:end]
    return pair.count(":") != 1 or "[" in pair or "]" in pair


def _quobyte(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    registry = text(source.get("registry"))
    if not registry:
        return
    if len(text(source.get("tenant")) or "") > MAX_QUOBYTE_TENANT:
        yield SOURCE_FIELDS.hit(at(source, "tenant"), "quobyte.tenant must be a UUID of at most 64 characters")
    elif any(_host_port_problem(pair) for pair in registry.split(",")):
        yield SOURCE_FIELDS.hit(at(source, "registry"), "quobyte.registry must be host:port pairs separated by commas")


def _flex_volume(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    options = source.get("options")
    for option, _ in options.items if isinstance(options, Mapping) else ():
        if isinstance(option, Scalar):
            namespace = option.value.split("/", 1)[0] if "/" in option.value else option.value
            if ("." + namespace.lower()).endswith((".kubernetes.io", ".k8s.io")):
                yield SOURCE_FIELDS.hit(option, f"flexVolume option '{option.value}': the kubernetes.io and "
                                                "k8s.io namespaces are reserved")


def _azure_disk(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    for field, allowed in AZURE_VALUES.items():
        value = text(source.get(field))
        if value is not None and value not in allowed:
            yield SOURCE_FIELDS.hit(at(source, field), f"azureDisk.{field} must be one of {', '.join(allowed)}")
    kind, uri = text(source.get("kind")), text(source.get("diskURI")) or ""
    if kind in AZURE_VALUES["kind"] and uri:
        prefix = "/subscriptions/" if kind == "Managed" else "https://"
        if not uri.startswith(prefix):
            yield SOURCE_FIELDS.hit(at(source, "diskURI"), f"azureDisk.diskURI of a {kind} disk must start "
                                                           f"with {prefix}")


def _storageos(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    for field in ("volumeName", "volumeNamespace"):
        value = text(source.get(field))
        if value and (problem := dns_label_problem(value)):
            yield SOURCE_FIELDS.hit(at(source, field), f"storageos.{field} '{value}' {problem}")


def csi_driver_problem(driver: str) -> str | None:
    """ValidateCSIDriverName: a DNS subdomain, any case, of at most 63 characters."""
    if len(driver) > MAX_CSI_DRIVER:
        return f"must be at most {MAX_CSI_DRIVER} characters (it has {len(driver)})"
    return dns_subdomain_problem(driver.lower())


def _csi(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    driver = text(source.get("driver"))
    if driver and (problem := csi_driver_problem(driver)):
        yield SOURCE_FIELDS.hit(at(source, "driver"), f"csi.driver '{driver}' {problem}")
    secret = get_path(source, ("nodePublishSecretRef", "name"))
    name = text(secret)
    if name and secret is not None and (problem := dns_subdomain_problem(name)):
        yield SOURCE_FIELDS.hit(secret, f"csi.nodePublishSecretRef.name '{name}' {problem}")


def _image(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    # Templates may leave the reference to be filled in later (validateImageVolumeSource).
    if ctx.spec.kind == "Pod":
        yield from required(ctx, SOURCE_FIELDS, source_key, source, "reference", None)
    policy = text(source.get("pullPolicy"))
    if policy and policy not in PULL_POLICIES:
        guess = suggest(policy, PULL_POLICIES)
        fixes = (Fix.replace_string(at(source, "pullPolicy"), guess, f"Change to {guess}"),) if guess else ()
        yield SOURCE_FIELDS.hit(at(source, "pullPolicy"), f"image.pullPolicy must be one of "
                                                          f"{', '.join(PULL_POLICIES)}", fixes=fixes)


def _empty_dir(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    """validateVolumeSource checks only the size limit; the medium is the kubelet's business."""
    limit = text(source.get("sizeLimit"))
    value = parse_quantity(limit) if limit else None
    if value is not None and value < 0:
        yield SOURCE_FIELDS.hit(at(source, "sizeLimit"), f"emptyDir.sizeLimit must not be negative (got {limit})")
    medium = source.get("medium")
    name = text(medium)
    if isinstance(medium, Scalar) and name and name not in ("Memory", "HugePages") \
            and not name.startswith("HugePages-"):
        guess = suggest(name, ("Memory", "HugePages"))
        fixes = (Fix.replace_string(medium, guess, f"Change to {guess}"),) if guess else ()
        yield EMPTY_DIR_MEDIUM.hit(medium, f"The kubelet knows no emptyDir medium '{name}': leave it empty for "
                                           "the node's disk, or use Memory or HugePages", fixes=fixes)


def _ephemeral(ctx: RuleContext, volume: Mapping, source_key: Scalar, source: Mapping) -> Iterator[Finding]:
    """validateEphemeralVolumeSource: the claim template the Pod's PVC is made from."""
    template = source.get("volumeClaimTemplate")
    if not isinstance(template, Mapping):
        if is_empty(template):
            rule = SOURCE_FIELDS.missing if template is None else SOURCE_FIELDS.hit
            yield rule(key(source, "volumeClaimTemplate") or source_key, "ephemeral.volumeClaimTemplate is required")
        return
    metadata = template.get("metadata")
    for field, _ in metadata.items if isinstance(metadata, Mapping) else ():
        if isinstance(field, Scalar) and field.value not in ("labels", "annotations"):
            yield SOURCE_FIELDS.hit(field, f"volumeClaimTemplate.metadata.{field.value} cannot be set: only "
                                           "labels and annotations")
    if isinstance(metadata, Mapping):
        yield from _template_meta(metadata)
    spec = template.get("spec")
    if isinstance(spec, Mapping):
        yield from _claim_spec(key(template, "spec") or source_key, spec, ctx.version)
        for node, message in label_selector_problems(spec.get("selector"), ctx.version):
            yield SOURCE_FIELDS.hit(node, f"volumeClaimTemplate.spec.selector: {message}")
    pod = text(get_path(ctx.spec.root, ("metadata", "name"))) if ctx.spec.kind == "Pod" else None
    name = text(volume.get("name"))
    if pod and name and (problem := dns_subdomain_problem(f"{pod}-{name}")):
        yield SOURCE_FIELDS.hit(at(volume, "name"), f"the PVC name '{pod}-{name}' {problem}")


def _template_meta(metadata: Mapping) -> Iterator[Finding]:
    """ValidateTemplateObjectMeta: the labels and annotation keys of the PVC made from the template."""
    for node, message in label_map_problems(metadata.get("labels"), "volumeClaimTemplate.metadata.labels"):
        yield SOURCE_FIELDS.hit(node, message)
    annotations = metadata.get("annotations")
    for name, _ in annotations.items if isinstance(annotations, Mapping) else ():
        if isinstance(name, Scalar) and (problem := qualified_name_problem(name.value.lower())):
            yield SOURCE_FIELDS.hit(name, f"Invalid annotation key '{name.value}' in volumeClaimTemplate.metadata: "
                                          f"{problem}")


def _claim_spec(spec_key: Scalar, spec: Mapping, version: Version) -> Iterator[Finding]:
    """ValidatePersistentVolumeClaimSpec, for the fields a manifest carries."""
    modes = spec.get("accessModes")
    if is_empty(modes):
        rule = SOURCE_FIELDS.missing if modes is None else SOURCE_FIELDS.hit
        yield rule(key(spec, "accessModes") or spec_key, "at least 1 access mode is required")
    written = [m for m in modes.items if isinstance(m, Scalar)] if isinstance(modes, Sequence) else []
    for mode in written:
        if mode.value not in ACCESS_MODES:
            yield SOURCE_FIELDS.hit(mode, f"access mode '{mode.value}' must be one of {', '.join(ACCESS_MODES)}")
    if "ReadWriteOncePod" in {m.value for m in written} and {m.value for m in written} & set(ACCESS_MODES[:3]):
        yield SOURCE_FIELDS.hit(key(spec, "accessModes") or spec_key, "ReadWriteOncePod may not be used with "
                                                                      "other access modes")
    requests = get_path(spec, ("resources", "requests"))
    storage = requests.get("storage") if isinstance(requests, Mapping) else None
    if storage is None:
        anchor = key(requests, "storage") if isinstance(requests, Mapping) else None
        yield SOURCE_FIELDS.missing(anchor or key(spec, "resources") or spec_key,
                                    "resources.requests.storage is required")
    elif (size := parse_quantity(text(storage) or "")) is not None and size <= 0:
        yield SOURCE_FIELDS.hit(storage, "resources.requests.storage must be greater than zero")
    storage_class = text(spec.get("storageClassName"))
    if storage_class and (problem := dns_subdomain_problem(storage_class)):
        yield SOURCE_FIELDS.hit(at(spec, "storageClassName"), f"storageClassName '{storage_class}' {problem}")
    attributes_class = text(spec.get("volumeAttributesClassName"))
    if version >= VOLUME_ATTRIBUTES_CLASS_SINCE and attributes_class \
            and (problem := dns_subdomain_problem(attributes_class)):
        yield SOURCE_FIELDS.hit(at(spec, "volumeAttributesClassName"),
                                f"volumeAttributesClassName '{attributes_class}' {problem}")
    mode = spec.get("volumeMode")
    if isinstance(mode, Scalar) and mode.tag != "null" and mode.value not in VOLUME_MODES:
        yield SOURCE_FIELDS.hit(mode, f"volumeMode must be {' or '.join(VOLUME_MODES)}")
    for field in ("dataSource", "dataSourceRef"):
        reference = spec.get(field)
        if isinstance(reference, Mapping) and (field_key := key(spec, field)) is not None:
            yield from _data_source(field_key, reference)
    source, ref = spec.get("dataSource"), spec.get("dataSourceRef")
    if isinstance(source, Mapping) and isinstance(ref, Mapping) and not text(ref.get("namespace")) and any(
            text(source.get(f)) != text(ref.get(f)) for f in ("apiGroup", "kind", "name")):
        yield SOURCE_FIELDS.hit(key(spec, "dataSource") or spec_key, "dataSource must match dataSourceRef")


def _data_source(field_key: Scalar, reference: Mapping) -> Iterator[Finding]:
    for field in ("name", "kind"):
        if is_empty(reference.get(field)):
            rule = SOURCE_FIELDS.missing if reference.get(field) is None else SOURCE_FIELDS.hit
            yield rule(key(reference, field) or field_key, f"{field_key.value}.{field} is required")
    group, kind = text(reference.get("apiGroup")) or "", text(reference.get("kind"))
    if not group and kind and kind != "PersistentVolumeClaim":
        yield SOURCE_FIELDS.hit(at(reference, "kind"), f"{field_key.value}.kind must be PersistentVolumeClaim "
                                                       "when apiGroup is empty")
    if group and (problem := dns_subdomain_problem(group)):
        yield SOURCE_FIELDS.hit(at(reference, "apiGroup"), f"{field_key.value}.apiGroup '{group}' {problem}")
    namespace = text(reference.get("namespace"))
    if namespace and (problem := dns_label_problem(namespace)):
        yield SOURCE_FIELDS.hit(at(reference, "namespace"), f"{field_key.value}.namespace '{namespace}' {problem}")


def _persistent_volume_claim(ctx: RuleContext, volume: Mapping, source_key: Scalar,
                             source: Mapping) -> Iterator[Finding]:
    """A Pod's ephemeral volumes create PVCs named <pod>-<volume>: a claim may not use one."""
    pod = text(get_path(ctx.spec.root, ("metadata", "name"))) if ctx.spec.kind == "Pod" else None
    claim = text(source.get("claimName"))
    if not pod or not claim:
        return
    created = {f"{pod}-{text(v.get('name'))}" for v in mappings(ctx.spec.spec.get("volumes"))
               if isinstance(v.get("ephemeral"), Mapping)}
    if claim in created:
        yield SOURCE_FIELDS.hit(at(source, "claimName"), f"claimName '{claim}' is the PVC that an ephemeral "
                                                         "volume of this Pod creates")


_SOURCE_CHECKS = {"hostPath": _host_path, "gitRepo": _git_repo, "nfs": _nfs, "iscsi": _iscsi, "fc": _fc,
                  "flocker": _flocker, "quobyte": _quobyte, "flexVolume": _flex_volume, "azureDisk": _azure_disk,
                  "storageos": _storageos, "csi": _csi, "image": _image, "emptyDir": _empty_dir,
                  "ephemeral": _ephemeral, "persistentVolumeClaim": _persistent_volume_claim}
