"""Security contexts, seccomp and AppArmor, sysctls, OS-specific fields and Windows options:
cases translated from Kubernetes' pkg/apis/core/validation/validation_test.go, each run in a
Pod and in a Deployment's pod template."""

from __future__ import annotations

import textwrap

import pytest
from validation_table import Case, case_ids, problem
from workloads import wrap

KINDS = ("Pod", "Deployment")
R = "  # <- rejected"


def container(security: str = "", name: str = "app", extra: str = "") -> str:
    """A container list item; `security` is the body of its securityContext."""
    text = f"- name: {name}\n  image: nginx:1.27\n"
    if security:
        text += "  securityContext:\n" + textwrap.indent(textwrap.dedent(security), "    ")
    return text + extra


def spec(*containers: str, pod: str = "", init: tuple[str, ...] = ()) -> str:
    """A pod spec: `pod` holds the pod-level fields, then the (init) containers."""
    text = textwrap.dedent(pod)
    if init:
        text += "initContainers:\n" + textwrap.indent("".join(init), "  ")
    return text + "containers:\n" + textwrap.indent("".join(containers or (container(),)), "  ")


def annotated(kind: str, annotations: str, pod_spec: str) -> str:
    """`kind` with the pod spec and the Pods' own annotations (the template's in a workload)."""
    text = wrap(kind, pod_spec)
    body = textwrap.dedent(annotations)
    if kind == "Pod":
        return text.replace("metadata:\n  name: p\n", "metadata:\n  name: p\n  annotations:\n"
                            + textwrap.indent(body, "    "), 1)
    return text.replace("      labels: {app: a}\n", "      labels: {app: a}\n      annotations:\n"
                        + textwrap.indent(body, "        "), 1)


def cases(source: str, pod_spec: str, version: str = "1.37") -> list[Case]:
    return [Case(f"{source} ({kind})", wrap(kind, pod_spec), version) for kind in KINDS]


def spec_key_cases(source: str, pod_spec: str) -> list[Case]:
    """Cases rejected on the pod spec as a whole: the mark goes on its `spec:` key."""
    keys = {"Pod": "\nspec:\n", "Deployment": "\n    spec:\n"}
    return [Case(f"{source} ({kind})", wrap(kind, pod_spec).replace(keys[kind], keys[kind][:-1] + R + "\n", 1))
            for kind in KINDS]


def annotated_cases(source: str, annotations: str, pod_spec: str) -> list[Case]:
    return [Case(f"{source} ({kind})", annotated(kind, annotations, pod_spec)) for kind in KINDS]


SC = "TestValidateSecurityContext"
FULL_SC = """\
privileged: false
capabilities: {add: [foo], drop: [bar]}
seLinuxOptions: {user: user, role: role, type: type, level: level}
runAsUser: 1
"""
SECURITY_CONTEXT = [
    *cases(f"{SC}/all settings", spec(container(FULL_SC))),
    *cases(f"{SC}/no capabilities", spec(container("privileged: false\nrunAsUser: 1\n"))),
    *cases(f"{SC}/proc mount set", spec(container(FULL_SC + "procMount: Default\n"))),
    *cases(f"{SC}/proc mount unmasked",
           spec(container(FULL_SC + "procMount: Unmasked\n"), pod="hostUsers: false\n")),
    *cases(f"{SC}/negative RunAsUser", spec(container("privileged: false\nrunAsUser: -1" + R + "\n"))),
    *cases(f"{SC}/with CAP_SYS_ADMIN and allowPrivilegeEscalation false",
           spec(container("capabilities: {add: [CAP_SYS_ADMIN]}\nallowPrivilegeEscalation: false\n")
                .replace("  securityContext:\n", "  securityContext:" + R + "\n"))),
    *cases(f"{SC}/with privileged and allowPrivilegeEscalation false",
           spec(container("privileged: true\nallowPrivilegeEscalation: false\n")
                .replace("  securityContext:\n", "  securityContext:" + R + "\n"))),
    *cases(f"{SC}/SYS_ADMIN is not the literal CAP_SYS_ADMIN",
           spec(container("capabilities: {add: [SYS_ADMIN]}\nallowPrivilegeEscalation: false\n"))),
    *cases(f"{SC}/with unmasked proc mount type and no user namespace",
           spec(container("procMount: Unmasked" + R + "\n"))),
    *cases(f"{SC}/unmasked proc mount before ProcMountType was on by default",
           spec(container("procMount: Unmasked\n")), version="1.32"),
    *cases(f"{SC}/runAsGroup below 0", spec(container("runAsGroup: -5" + R + "\n"))),
    *cases(f"{SC}/runAsUser at MaxInt32", spec(container("runAsUser: 2147483647\n"))),
    *cases(f"{SC}/runAsUser above MaxInt32", spec(container("runAsUser: 2147483648" + R + "\n"))),
]

PS = "TestValidatePodSpec"
POD_SECURITY_CONTEXT = [
    *cases(f"{PS}/populate SecurityContext",
           spec(pod="securityContext:\n  runAsUser: 1000\n  runAsGroup: 3000\n  fsGroup: 2000\n"
                    "  supplementalGroups: [1, 2147483647]\n")),
    *cases(f"{PS}/bad supplementalGroups large than math.MaxInt32",
           spec(pod="securityContext:\n  supplementalGroups:\n    - 2147483648" + R + "\n")),
    *cases(f"{PS}/bad supplementalGroups less than 0",
           spec(pod="securityContext:\n  supplementalGroups:\n    - -1" + R + "\n")),
    *cases(f"{PS}/bad runAsUser large than math.MaxInt32",
           spec(pod="securityContext:\n  runAsUser: 2147483648" + R + "\n")),
    *cases(f"{PS}/bad runAsUser less than 0", spec(pod="securityContext:\n  runAsUser: -1" + R + "\n")),
    *cases(f"{PS}/bad fsGroup large than math.MaxInt32",
           spec(pod="securityContext:\n  fsGroup: 2147483648" + R + "\n")),
    *cases(f"{PS}/bad fsGroup less than 0", spec(pod="securityContext:\n  fsGroup: -1" + R + "\n")),
    *cases(f"{PS}/bad runAsGroup less than 0", spec(pod="securityContext:\n  runAsGroup: -1" + R + "\n")),
    *cases(f"{PS}/populate ShareProcessNamespace", spec(pod="shareProcessNamespace: true\n")),
    *cases(f"{PS}/populate HostPID", spec(pod="hostPID: true\n")),
    *cases(f"{PS}/bad shareProcessNamespace with hostPID",
           spec(pod="hostPID: true\nshareProcessNamespace: true" + R + "\n")),
    *cases(f"{PS}/shareProcessNamespace false with hostPID",
           spec(pod="hostPID: true\nshareProcessNamespace: false\n")),
]

HU = "TestValidateHostUsers"
HOST_USERS = [
    *cases(f"{HU}/hostUsers unset", spec(pod="securityContext: {}\n")),
    *cases(f"{HU}/hostUsers=false", spec(pod="hostUsers: false\n")),
    *cases(f"{HU}/hostUsers=true", spec(pod="hostUsers: true\n")),
    *cases(f"{HU}/hostUsers=false & volumes",
           spec(pod="hostUsers: false\nvolumes:\n  - {name: configmap, configMap: {name: c}}\n"
                    "  - {name: secret, secret: {secretName: s}}\n  - {name: empty-dir, emptyDir: {}}\n")),
    *cases(f"{HU}/hostUsers=false - stateful volume",
           spec(pod="hostUsers: false\nvolumes:\n  - {name: host-path, hostPath: {path: /d}}\n")),
    *cases(f"{HU}/hostUsers=true & HostNetwork", spec(pod="hostUsers: true\nhostNetwork: true\n"
                                                           "dnsPolicy: ClusterFirstWithHostNet\n")),
    *cases(f"{HU}/hostUsers=false & HostNetwork",
           spec(pod="hostUsers: false\nhostNetwork: true" + R + "\n"
                    "dnsPolicy: ClusterFirstWithHostNet\n")),
    *cases(f"{HU}/hostUsers=false & HostPID", spec(pod="hostUsers: false\nhostPID: true" + R + "\n")),
    *cases(f"{HU}/hostUsers=false & HostIPC", spec(pod="hostUsers: false\nhostIPC: true" + R + "\n")),
    *cases(f"{HU}/hostUsers=false & HostPID before user namespaces were on by default",
           spec(pod="hostUsers: false\nhostPID: true\n"), version="1.32"),
]

SYS = "TestValidateSysctls"
SYSCTLS = [
    *cases(f"{SYS}/valid", spec(pod="securityContext:\n  sysctls:\n    - {name: net.foo.bar, value: '1'}\n"
                                    "    - {name: kernel.shmmax, value: '1'}\n"
                                    "    - {name: net.ipv4.conf.enp3s0/200.forwarding, value: '1'}\n"
                                    "    - {name: net/ipv4/conf/enp3s0.200/forwarding, value: '1'}\n")),
    *cases(f"{SYS}/invalid i..nvalid",
           spec(pod="securityContext:\n  sysctls:\n    - name: i..nvalid" + R + "\n      value: '1'\n")),
    *cases(f"{SYS}/invalid _invalid",
           spec(pod="securityContext:\n  sysctls:\n    - name: _invalid" + R + "\n      value: '1'\n")),
    *cases(f"{SYS}/duplicates", spec(pod="securityContext:\n  sysctls:\n    - {name: kernel.shmmax, value: '1'}\n"
                                         "    - {name: kernel.shmmax, value: '2'}" + R + "\n")),
    *cases(f"{SYS}/invalidWithHostNet dotted",
           spec(pod="hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\nsecurityContext:\n  sysctls:\n"
                    "    - {name: net.ipv4.conf.enp3s0/200.forwarding, value: '1'}" + R + "\n")),
    *cases(f"{SYS}/invalidWithHostNet slashed",
           spec(pod="hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\nsecurityContext:\n  sysctls:\n"
                    "    - {name: net/ipv4/conf/enp3s0.200/forwarding, value: '1'}" + R + "\n")),
    *cases(f"{SYS}/invalidWithHostIPC kernel.shmmax",
           spec(pod="hostIPC: true\nsecurityContext:\n  sysctls:\n    - {name: kernel.shmmax, value: '1'}" + R + "\n")),
    *cases(f"{SYS}/invalidWithHostIPC kernel.msgmax",
           spec(pod="hostIPC: true\nsecurityContext:\n  sysctls:\n    - {name: kernel.msgmax, value: '1'}" + R + "\n")),
    *cases(f"{SYS}/hostIPC with a net sysctl",
           spec(pod="hostIPC: true\nsecurityContext:\n  sysctls:\n    - {name: net.core.somaxconn, value: '1'}\n")),
    *cases(f"{SYS}/invalidWithHostNet before Kubernetes 1.29 checked it",
           spec(pod="hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\nsecurityContext:\n  sysctls:\n"
                    "    - {name: net.core.somaxconn, value: '1'}\n"), version="1.28"),
    *cases("TestIsValidSysctlName/valid a/b/c/d and a_b",
           spec(pod="securityContext:\n  sysctls:\n    - {name: a/b/c/d, value: '1'}\n"
                    "    - {name: a_b, value: '1'}\n    - {name: a/b.c, value: '1'}\n")),
    *cases("TestIsValidSysctlName/invalid a_",
           spec(pod="securityContext:\n  sysctls:\n    - name: a_" + R + "\n      value: '1'\n")),
    *cases("TestIsValidSysctlName/invalid Abc",
           spec(pod="securityContext:\n  sysctls:\n    - name: Abc" + R + "\n      value: '1'\n")),
    *cases("TestIsValidSysctlName/invalid a.b.*",
           spec(pod="securityContext:\n  sysctls:\n    - name: a.b.*" + R + "\n      value: '1'\n")),
    *cases("TestIsValidSysctlName/invalid 256 characters",
           spec(pod="securityContext:\n  sysctls:\n    - name: " + "a" * 256 + R + "\n      value: '1'\n")),
]

HP = "TestValidateWindowsHostProcessPod"
HOST_PROCESS_ON = "windowsOptions: {hostProcess: true}\n"
HOST_PROCESS_OFF = "windowsOptions: {hostProcess: false}\n"
NET = "hostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"
HOST_PROCESS = [
    *cases(f"{HP}/pod-wide HostProcess=true, and HostNetwork unset should not validate",
           spec(pod="securityContext:\n  windowsOptions: {hostProcess: true}" + R + "\n")),
    *cases(f"{HP}/pod-wide HostProcess=true, and HostNetwork set should validate",
           spec(pod=NET + "securityContext:\n  " + HOST_PROCESS_ON)),
    *cases(f"{HP}/pod-wide HostProcess=true, HostNetwork set, and containers setting HostProcess=true",
           spec(container(HOST_PROCESS_ON), pod=NET + "securityContext:\n  " + HOST_PROCESS_ON,
                init=(container(HOST_PROCESS_ON, name="init"),))),
    *cases(f"{HP}/pod-wide HostProcess=nil, HostNetwork set, and all containers setting HostProcess=true",
           spec(container(HOST_PROCESS_ON), pod=NET, init=(container(HOST_PROCESS_ON, name="init"),))),
    *spec_key_cases(f"{HP}/some containers setting HostProcess=true, and others setting HostProcess=false",
                    spec(container(HOST_PROCESS_ON), pod=NET, init=(container(HOST_PROCESS_OFF, name="init"),))),
    *spec_key_cases(f"{HP}/some containers setting HostProcess=true, and other leaving HostProcess unset",
                    spec(container(HOST_PROCESS_ON), pod=NET, init=(container(name="init"),))),
    *cases(f"{HP}/pod-wide HostProcess=true, some containers setting HostProcess=true, and others leaving nil",
           spec(container(HOST_PROCESS_ON), pod=NET + "securityContext:\n  " + HOST_PROCESS_ON,
                init=(container(name="init"),))),
    *cases(f"{HP}/pod-wide HostProcess=true, and init containers setting HostProcess=false",
           spec(container(HOST_PROCESS_ON), pod=NET + "securityContext:\n  " + HOST_PROCESS_ON,
                init=(container("windowsOptions:\n  hostProcess: false" + R + "\n", name="init"),))),
    *cases(f"{HP}/pod-wide HostProcess=false, some containers setting HostProcess=true",
           spec(container("windowsOptions:\n  hostProcess: true" + R + "\n"),
                pod=NET + "securityContext:\n  " + HOST_PROCESS_OFF, init=(container(name="init"),))),
    *cases(f"{HP}/Pod's HostProcess set to true but all containers override to false",
           spec(container("windowsOptions:\n  hostProcess: false" + R + "\n"),
                pod=NET + "securityContext:\n  " + HOST_PROCESS_ON)),
    *cases(f"{HP}/Non-HostProcess pod", spec(container(HOST_PROCESS_OFF))),
]

WO = "TestValidateWindowsSecurityContextOptions"


def user_name_cases(case: str, user_name: str, rejected: bool) -> list[Case]:
    """runAsUserName in single quotes, so a backslash is itself."""
    line = f"windowsOptions:\n  runAsUserName: '{user_name}'" + (R if rejected else "") + "\n"
    return cases(f"{WO}/{case}", spec(container(line)))


DNS_DOMAIN_TOO_LONG = ("a" * 63 + ".") * 4
WINDOWS_OPTIONS = [
    *cases(f"{WO}/an empty struct", spec(container("windowsOptions: {}\n"))),
    *cases(f"{WO}/a valid input",
           spec(container("windowsOptions:\n  gmsaCredentialSpecName: dummy-gmsa-crep-spec-name\n"
                          "  gmsaCredentialSpec: dummy-gmsa-crep-spec-contents\n"))),
    *cases(f"{WO}/a GMSA cred spec name that is not a valid resource name",
           spec(container("windowsOptions:\n  gmsaCredentialSpecName: not_a-valid-gmsa-crep-spec-name" + R + "\n"))),
    *cases(f"{WO}/empty GMSA cred spec contents",
           spec(container("windowsOptions:\n  gmsaCredentialSpec: ''" + R + "\n"))),
    *cases(f"{WO}/GMSA cred spec contents that are too long",
           spec(container("windowsOptions:\n  gmsaCredentialSpec: " + "a" * (64 * 1024 + 1) + R + "\n"))),
    *user_name_cases("a valid RunAsUserName", "Container. User", False),
    *user_name_cases("a valid RunAsUserName with NetBios Domain", "Network Service\\Container. User", False),
    *user_name_cases("a valid RunAsUserName with DNS Domain", "fOo" * 20 + ".liSH\\Container. User", False),
    *user_name_cases("a valid RunAsUserName with DNS Domain with a single character segment",
                     "fOo" * 20 + ".l\\Container. User", False),
    *user_name_cases("a valid RunAsUserName with a long single segment DNS Domain", "a" * 42 + "\\Container. User",
                     False),
    *user_name_cases("an empty RunAsUserName", "", True),
    *cases(f"{WO}/RunAsUserName containing a control character",
           spec(container('windowsOptions:\n  runAsUserName: "Container\\tUser"' + R + "\n"))),
    *user_name_cases("RunAsUserName containing too many backslashes", "Container\\Foo\\Lish", True),
    *user_name_cases("RunAsUserName containing backslash but empty Domain", "\\User", True),
    *user_name_cases("RunAsUserName containing backslash but empty User", "Container\\", True),
    *user_name_cases("RunAsUserName's NetBios Domain is too long", "NetBios " + "a" * 8 + "\\user", True),
    *user_name_cases("RunAsUserName's DNS Domain is too long", DNS_DOMAIN_TOO_LONG[:253] + ".com\\user", True),
    *user_name_cases("RunAsUserName's User is too long", "a" * 105, True),
    *user_name_cases("RunAsUserName's User cannot contain only spaces or periods", "... ...", True),
    *user_name_cases("RunAsUserName's NetBios Domain cannot start with a dot", ".FooLish\\User", True),
    *user_name_cases("RunAsUserName's NetBios Domain cannot contain invalid characters", "Foo? Lish?\\User", True),
    *user_name_cases("RunAsUserName's DNS Domain cannot contain invalid characters", "a" * 32 + ".com-\\user", True),
    *user_name_cases("RunAsUserName's User cannot contain invalid characters", "Container/User", True),
    *cases(f"{WO}/pod-level runAsUserName with too many backslashes",
           spec(pod="securityContext:\n  windowsOptions:\n    runAsUserName: 'a\\b\\c'" + R + "\n")),
]

OS = "TestValidateOS"
WINDOWS = "os: {name: windows}\n"
OS_FIELDS = [
    *cases(f"{OS}/OS field, valid OS linux", spec(pod="os: {name: linux}\n")),
    *cases(f"{OS}/OS field, valid OS windows", spec(pod=WINDOWS)),
    *cases(f"{OS}/empty OS field", spec(pod="os: {}" + R + "\n")),
    *cases(f"{OS}/OS field, empty OS", spec(pod="os:\n  name: ''" + R + "\n")),
    *cases(f"{OS}/OS field, invalid OS", spec(pod="os:\n  name: dummyOS" + R + "\n")),
    *cases("TestValidateLinuxSecurityContext/valid SC, linux, no error",
           spec(container(FULL_SC), pod="os: {name: linux}\n")),
    *cases("TestValidateLinuxSecurityContext/invalid SC, linux, error",
           spec(container("windowsOptions:" + R + "\n  runAsUserName: myUser\n"), pod="os: {name: linux}\n")),
    *cases("validateLinux/pod windowsOptions on a linux pod",
           spec(pod="os: {name: linux}\nsecurityContext:\n  windowsOptions: {runAsUserName: myUser}" + R + "\n")),
    *cases("validateWindows/windowsOptions on a windows pod",
           spec(container("windowsOptions: {runAsUserName: ContainerUser}\n"),
                pod=WINDOWS + "securityContext:\n  windowsOptions: {runAsUserName: ContainerAdministrator}\n")),
    *cases("validateWindows/pod runAsUser on a windows pod",
           spec(pod=WINDOWS + "securityContext:\n  runAsUser: 1000" + R + "\n")),
    *cases("validateWindows/pod seccompProfile on a windows pod",
           spec(pod=WINDOWS + "securityContext:\n  seccompProfile: {type: RuntimeDefault}" + R + "\n")),
    *cases("validateWindows/pod sysctls on a windows pod",
           spec(pod=WINDOWS + "securityContext:\n  sysctls:" + R + "\n    - {name: kernel.shmmax, value: '1'}\n")),
    *cases("validateWindows/hostPID on a windows pod", spec(pod=WINDOWS + "hostPID: true" + R + "\n")),
    *cases("validateWindows/shareProcessNamespace on a windows pod",
           spec(pod=WINDOWS + "shareProcessNamespace: false" + R + "\n")),
    *cases("validateWindows/hostUsers on a windows pod",
           spec(pod=WINDOWS + "hostUsers: true" + R + "\n")),
    *cases("validateWindows/container privileged on a windows pod",
           spec(container("privileged: false" + R + "\n"), pod=WINDOWS)),
    *cases("validateWindows/container capabilities on a windows pod",
           spec(container("capabilities:" + R + "\n  drop: [ALL]\n"), pod=WINDOWS)),
    *cases("validateWindows/hostNetwork is allowed on a windows pod", spec(pod=WINDOWS + NET)),
]

SA = "TestValidateSeccompAnnotationAndField"
POD_SECCOMP_KEY = "seccomp.security.alpha.kubernetes.io/pod"
CONTAINER_SECCOMP_KEY = "container.seccomp.security.alpha.kubernetes.io/app"


def pod_seccomp(profile: str) -> str:
    return spec(pod="securityContext:\n  seccompProfile:\n" + textwrap.indent(profile, "    "))


def container_seccomp(profile: str) -> str:
    return spec(container("seccompProfile:\n" + textwrap.indent(profile, "  ")))


SECCOMP = [
    *annotated_cases(f"{SA}/Field type unconfined and annotation does not match",
                     f"{POD_SECCOMP_KEY}: localhost/not-matching\n", pod_seccomp("type: Unconfined" + R + "\n")),
    *annotated_cases(f"{SA}/Field type default and annotation does not match",
                     f"{POD_SECCOMP_KEY}: unconfined\n", pod_seccomp("type: RuntimeDefault" + R + "\n")),
    *annotated_cases(f"{SA}/Field type localhost and annotation does not match",
                     f"{POD_SECCOMP_KEY}: unconfined\n",
                     pod_seccomp("type: Localhost" + R + "\nlocalhostProfile: test\n")),
    *annotated_cases(f"{SA}/Field type localhost and localhost/ prefixed annotation does not match",
                     f"{POD_SECCOMP_KEY}: localhost/not-matching\n",
                     pod_seccomp("type: Localhost\nlocalhostProfile: test" + R + "\n")),
    *annotated_cases(f"{SA}/Field type unconfined and annotation does not match (container)",
                     f"{CONTAINER_SECCOMP_KEY}: runtime/default\n", container_seccomp("type: Unconfined" + R + "\n")),
    *annotated_cases(f"{SA}/Field type default and annotation does not match (container)",
                     f"{CONTAINER_SECCOMP_KEY}: unconfined\n", container_seccomp("type: RuntimeDefault" + R + "\n")),
    *annotated_cases(f"{SA}/Field type localhost and annotation does not match (container)",
                     f"{CONTAINER_SECCOMP_KEY}: unconfined\n",
                     container_seccomp("type: Localhost" + R + "\nlocalhostProfile: test\n")),
    *annotated_cases(f"{SA}/Field type localhost and localhost/ prefixed annotation does not match (container)",
                     f"{CONTAINER_SECCOMP_KEY}: localhost/not-matching\n",
                     container_seccomp("type: Localhost\nlocalhostProfile: test" + R + "\n")),
    *annotated_cases(f"{SA}/Nil errors must not be appended (pod), though type Abc is not supported",
                     f"{POD_SECCOMP_KEY}: localhost/anyprofile\n", pod_seccomp("type: Abc" + R + "\n")),
    *annotated_cases(f"{SA}/container annotation against the pod field is not compared",
                     f"{CONTAINER_SECCOMP_KEY}: unconfined\n", pod_seccomp("type: RuntimeDefault\n")),
]

SM = "TestValidateSeccompAnnotationsAndFieldsMatch"
SECCOMP_MATCH = [
    *annotated_cases(f"{SM}/unconfined annotation and SeccompProfileTypeUnconfined should return empty",
                     f"{POD_SECCOMP_KEY}: unconfined\n", pod_seccomp("type: Unconfined\n")),
    *annotated_cases(f"{SM}/runtime/default annotation and SeccompProfileTypeRuntimeDefault should return empty",
                     f"{POD_SECCOMP_KEY}: runtime/default\n", pod_seccomp("type: RuntimeDefault\n")),
    *annotated_cases(f"{SM}/docker/default annotation and SeccompProfileTypeRuntimeDefault should return empty",
                     f"{CONTAINER_SECCOMP_KEY}: docker/default\n", container_seccomp("type: RuntimeDefault\n")),
    *annotated_cases(f"{SM}/localhost/test.json annotation and SeccompProfileTypeLocalhost with correct profile",
                     f"{POD_SECCOMP_KEY}: localhost/test.json\n",
                     pod_seccomp("type: Localhost\nlocalhostProfile: test.json\n")),
    *annotated_cases(f"{SM}/localhost/test.json annotation and SeccompProfileTypeLocalhost with different profile",
                     f"{CONTAINER_SECCOMP_KEY}: localhost/test.json\n",
                     container_seccomp("type: Localhost\nlocalhostProfile: different.json" + R + "\n")),
    *annotated_cases(f"{SM}/localhost/test.json annotation and SeccompProfileTypeRuntimeDefault should error",
                     f"{CONTAINER_SECCOMP_KEY}: localhost/test.json\n",
                     container_seccomp("type: RuntimeDefault" + R + "\n")),
]

TS = "TestValidatePodTemplateSpecSeccomp"
SECCOMP_TEMPLATE = [
    *annotated_cases(f"{TS}/seccomp field and container annotation must match",
                     "container.seccomp.security.alpha.kubernetes.io/test2: unconfined\n",
                     spec(container(name="test1"),
                          container("seccompProfile:\n  type: RuntimeDefault" + R + "\n", name="test2"))),
    *annotated_cases(f"{TS}/init seccomp field and container annotation must match",
                     "container.seccomp.security.alpha.kubernetes.io/init-test: unconfined\n",
                     spec(init=(container("seccompProfile:\n  type: RuntimeDefault" + R + "\n", name="init-test"),))),
]

SF = "validateSeccompProfileField"
SECCOMP_FIELD = [
    *cases(f"{SF}/Localhost with a relative localhostProfile",
           pod_seccomp("type: Localhost\nlocalhostProfile: a/b.json\n")),
    *cases(f"{SF}/Localhost without localhostProfile", pod_seccomp("type: Localhost" + R + "\n")),
    *cases(f"{SF}/Localhost with an absolute localhostProfile",
           container_seccomp("type: Localhost\nlocalhostProfile: /etc/p.json" + R + "\n")),
    *cases(f"{SF}/Localhost with a '..' in localhostProfile",
           container_seccomp("type: Localhost\nlocalhostProfile: a/../../p.json" + R + "\n")),
    *cases(f"{SF}/localhostProfile with RuntimeDefault",
           pod_seccomp("type: RuntimeDefault\nlocalhostProfile: p.json" + R + "\n")),
    *cases(f"{SF}/RuntimeDefault", container_seccomp("type: RuntimeDefault\n")),
]

SP = "TestValidatePod"
SECCOMP_ANNOTATIONS = [
    *annotated_cases(f"{SP}/seccomp pod annotation docker/default", f"{POD_SECCOMP_KEY}: docker/default\n", spec()),
    *annotated_cases(f"{SP}/seccomp container annotation localhost", f"{CONTAINER_SECCOMP_KEY}: localhost/foo\n",
                     spec()),
    *annotated_cases(f"{SP}/invalid seccomp pod annotation", f"{POD_SECCOMP_KEY}: foo" + R + "\n", spec()),
    *annotated_cases(f"{SP}/invalid seccomp container annotation", f"{CONTAINER_SECCOMP_KEY}: foo" + R + "\n", spec()),
    *annotated_cases(f"{SP}/invalid localhost seccomp annotation with a backstep",
                     f"{POD_SECCOMP_KEY}: localhost/../foo" + R + "\n", spec()),
]

AP = "TestValidateAppArmorProfileFormat"
APPARMOR_KEY = "container.apparmor.security.beta.kubernetes.io/app"


def apparmor_annotation_cases(profile: str, rejected: bool) -> list[Case]:
    line = f"{APPARMOR_KEY}: '{profile}'" + (R if rejected else "") + "\n"
    return annotated_cases(f"{AP}/{profile or 'empty'}", line, spec())


def pod_apparmor(profile: str) -> str:
    return spec(pod="securityContext:\n  appArmorProfile:\n" + textwrap.indent(profile, "    "))


def container_apparmor(profile: str) -> str:
    return spec(container("appArmorProfile:\n" + textwrap.indent(profile, "  ")))


AM = "TestValidateAppArmorAnnotationsAndFieldsMatchOnCreate"
APPARMOR = [
    *apparmor_annotation_cases("", False),
    *apparmor_annotation_cases("runtime/default", False),
    *apparmor_annotation_cases("unconfined", False),
    *apparmor_annotation_cases("baz", True),
    *apparmor_annotation_cases("localhost//usr/sbin/ntpd", False),
    *apparmor_annotation_cases("localhost/foo-bar", False),
    *annotated_cases(f"{SP}/bad AppArmor annotation container name",
                     "container.apparmor.security.beta.kubernetes.io/not-there: runtime/default" + R + "\n", spec()),
    *cases("ValidateAppArmorProfileField/Localhost with a profile",
           container_apparmor("type: Localhost\nlocalhostProfile: foo\n")),
    *cases("ValidateAppArmorProfileField/Localhost without a profile", pod_apparmor("type: Localhost" + R + "\n")),
    *cases("ValidateAppArmorProfileField/Localhost with an empty profile",
           container_apparmor("type: Localhost\nlocalhostProfile: ''" + R + "\n")),
    *cases("ValidateAppArmorProfileField/Localhost with a padded profile",
           container_apparmor("type: Localhost\nlocalhostProfile: ' foo'" + R + "\n")),
    *cases("ValidateAppArmorProfileField/RuntimeDefault with a profile",
           pod_apparmor("type: RuntimeDefault\nlocalhostProfile: foo" + R + "\n")),
    *cases("ValidateAppArmorProfileField/Unconfined", pod_apparmor("type: Unconfined\n")),
    *annotated_cases(f"{AM}/matching container field and annotation", f"{APPARMOR_KEY}: localhost/foo\n",
                     container_apparmor("type: Localhost\nlocalhostProfile: foo\n")),
    *annotated_cases(f"{AM}/matching pod field and annotation", f"{APPARMOR_KEY}: runtime/default\n",
                     pod_apparmor("type: RuntimeDefault\n")),
    *annotated_cases(f"{AM}/mismatched types", f"{APPARMOR_KEY}: unconfined\n",
                     container_apparmor("type: RuntimeDefault" + R + "\n")),
    *annotated_cases(f"{AM}/mismatched pod type", f"{APPARMOR_KEY}: runtime/default\n",
                     pod_apparmor("type: Unconfined" + R + "\n")),
    *annotated_cases(f"{AM}/mismatched localhost profiles", f"{APPARMOR_KEY}: localhost/bar\n",
                     container_apparmor("type: Localhost\nlocalhostProfile: foo" + R + "\n")),
    *annotated_cases(f"{AM}/container field overrides the pod field", f"{APPARMOR_KEY}: unconfined\n",
                     spec(container("appArmorProfile: {type: Unconfined}\n"),
                          pod="securityContext:\n  appArmorProfile: {type: RuntimeDefault}\n")),
]

MORE_ACCEPTED = [
    *cases(f"{SC}/no selinux", spec(container("privileged: false\ncapabilities: {add: [foo], drop: [bar]}\n"
                                              "runAsUser: 1\n"))),
    *cases(f"{SC}/no priv request", spec(container("capabilities: {add: [foo], drop: [bar]}\nrunAsUser: 1\n"))),
    *cases(f"{SC}/no run as user", spec(container("privileged: false\nseLinuxOptions: {user: user, role: role}\n"))),
    *cases(f"{SC}/allowPrivilegeEscalation false alone",
           spec(container("allowPrivilegeEscalation: false\ncapabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n"))),
    *cases(f"{SC}/privileged with allowPrivilegeEscalation true",
           spec(container("privileged: true\nallowPrivilegeEscalation: true\n"))),
    *cases(f"{SC}/CAP_SYS_ADMIN with allowPrivilegeEscalation unset",
           spec(container("capabilities: {add: [CAP_SYS_ADMIN]}\n"))),
    *cases(f"{SC}/runAsUser and runAsGroup 0", spec(container("runAsUser: 0\nrunAsGroup: 0\n"))),
    *cases(f"{PS}/populate HostIPC", spec(pod="hostIPC: true\n")),
    *cases(f"{PS}/fsGroup 0 and fsGroupChangePolicy", spec(pod="securityContext: {fsGroup: 0, fsGroupChangePolicy: "
                                                            "OnRootMismatch}\n")),
    *cases(f"{HU}/hostUsers=false & HostNetwork before user namespaces were on by default",
           spec(pod="hostUsers: false\nhostNetwork: true\ndnsPolicy: ClusterFirstWithHostNet\n"), version="1.30"),
    *cases(f"{SYS}/net sysctl without hostNetwork",
           spec(pod="securityContext:\n  sysctls:\n    - {name: net.ipv4.ip_local_port_range, value: '1024 65535'}\n")),
    *cases(f"{SYS}/kernel sysctl with hostNetwork",
           spec(pod=NET + "securityContext:\n  sysctls:\n    - {name: kernel.shm_rmid_forced, value: '1'}\n")),
    *cases(f"{SYS}/fs.mqueue sysctl without hostIPC",
           spec(pod="securityContext:\n  sysctls:\n    - {name: fs.mqueue.msg_max, value: '10'}\n")),
    *cases("TestIsValidSysctlName/valid a-b, abc.def and a.b.c.d",
           spec(pod="securityContext:\n  sysctls:\n    - {name: a-b, value: '1'}\n    - {name: abc.def, value: '1'}\n"
                    "    - {name: a.b.c.d, value: '1'}\n")),
    *cases(f"{HP}/all containers hostProcess through the pod, with hostNetwork",
           spec(container(), container(name="second"), pod=NET + "securityContext:\n  " + HOST_PROCESS_ON)),
    *cases(f"{HP}/hostProcess false everywhere", spec(container(HOST_PROCESS_OFF),
                                                     pod="securityContext:\n  " + HOST_PROCESS_OFF)),
    *cases("validateWindows/windows pod with hostProcess containers",
           spec(container(HOST_PROCESS_ON), pod=WINDOWS + NET)),
    *cases("validateWindows/windows pod with a container runAsUserName",
           spec(container("windowsOptions: {runAsUserName: 'NT AUTHORITY\\NETWORK SERVICE'}\n"), pod=WINDOWS)),
    *cases("validateLinux/linux pod with every Linux setting",
           spec(container(FULL_SC + "seccompProfile: {type: RuntimeDefault}\nreadOnlyRootFilesystem: true\n"),
                pod="os: {name: linux}\nhostPID: true\nsecurityContext:\n  fsGroup: 1\n"
                    "  sysctls: [{name: kernel.shmmax, value: '1'}]\n")),
    *cases(f"{SF}/Unconfined", pod_seccomp("type: Unconfined\n")),
    *cases(f"{SF}/Localhost with an empty localhostProfile",
           container_seccomp("type: Localhost\nlocalhostProfile: ''\n")),
    *annotated_cases(f"{SP}/seccomp container annotation runtime/default",
                     f"{CONTAINER_SECCOMP_KEY}: runtime/default\n", spec()),
    *annotated_cases(f"{SP}/seccomp pod annotation unconfined", f"{POD_SECCOMP_KEY}: unconfined\n", spec()),
    *annotated_cases(f"{SM}/annotation for another container is not compared",
                     "container.seccomp.security.alpha.kubernetes.io/other: unconfined\n",
                     container_seccomp("type: RuntimeDefault\n")),
    *annotated_cases(f"{AM}/annotation without any field", f"{APPARMOR_KEY}: localhost/foo\n", spec()),
    *annotated_cases(f"{AM}/matching unconfined", f"{APPARMOR_KEY}: unconfined\n",
                     container_apparmor("type: Unconfined\n")),
    *annotated_cases(f"{SP}/AppArmor annotation for an init container",
                     "container.apparmor.security.beta.kubernetes.io/init: runtime/default\n",
                     spec(init=(container(name="init"),))),
    *cases("ValidateAppArmorProfileField/RuntimeDefault", container_apparmor("type: RuntimeDefault\n")),
]

CASES = [*SECURITY_CONTEXT, *POD_SECURITY_CONTEXT, *HOST_USERS, *SYSCTLS, *HOST_PROCESS, *WINDOWS_OPTIONS,
         *OS_FIELDS, *SECCOMP, *SECCOMP_MATCH, *SECCOMP_TEMPLATE, *SECCOMP_FIELD, *SECCOMP_ANNOTATIONS, *APPARMOR,
         *MORE_ACCEPTED]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_the_api_servers_verdict(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejected = sum(case.rejected_line is not None for case in CASES)
    assert len(CASES) >= 80 and 0.35 < rejected / len(CASES) < 0.65
