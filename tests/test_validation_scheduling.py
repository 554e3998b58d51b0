"""Scheduling cases translated from Kubernetes' validation tests: tolerations, node and pod
affinity, topology spread, scheduling gates, nodeSelector, nodeName, priorityClassName and
activeDeadlineSeconds (pkg/apis/core/validation/validation_test.go), and label selectors
(apimachinery's pkg/apis/meta/v1/validation TestValidateLabelSelector).

Each pod spec case runs in a Pod and in a Deployment's template; Pod-only rules run in a Pod.
"""

from __future__ import annotations

import pytest
from validation_table import Case, case_ids, problem
from workloads import wrap

C = "containers: [{name: c, image: 'nginx:1.27'}]\n"
KINDS = ("Pod", "Deployment")


def with_labels(kind: str, spec: str, labels: str) -> str:
    """The object with the Pods' labels set (the Pod's own, or the template's)."""
    text = wrap(kind, spec)
    if kind == "Pod":
        return text.replace("metadata:\n  name: p\n", f"metadata:\n  name: p\n  labels: {{{labels}}}\n", 1)
    return text.replace("labels: {app: a}", f"labels: {{app: a, {labels}}}", 1)


def spec_cases(source: str, spec: str, version: str = "1.37", labels: str | None = None,
               kinds: tuple[str, ...] = KINDS) -> list[Case]:
    cases = []
    for kind in kinds:
        body = ("restartPolicy: Never\n" if kind == "Job" else "") + spec + C
        cases.append(Case(source, with_labels(kind, body, labels) if labels else wrap(kind, body), version))
    return cases


TOLERATIONS = [
    # TestValidatePod success cases
    *spec_cases("TestValidatePod/populate forgiveness tolerations with exists operator",
                "tolerations: [{key: foo, operator: Exists, value: '', effect: NoExecute, tolerationSeconds: 60}]\n"),
    *spec_cases("TestValidatePod/populate tolerations equal operator",
                "tolerations: [{key: foo, operator: Equal, value: bar, effect: NoSchedule}]\n"),
    *spec_cases("TestValidatePod/empty key with Exists operator is OK for toleration",
                "tolerations: [{operator: Exists, effect: NoSchedule}]\n"),
    *spec_cases("TestValidatePod/empty operator is OK for toleration, defaults to Equal",
                "tolerations: [{key: foo, value: bar, effect: NoSchedule}]\n"),
    *spec_cases("TestValidatePod/empty effect is OK for toleration",
                "tolerations: [{key: foo, operator: Equal, value: bar}]\n"),
    *spec_cases("ValidateTolerations/an empty operator is Equal, an empty effect matches all",
                "tolerations: [{key: foo, operator: '', value: bar, effect: ''}]\n"),
    *spec_cases("TestValidatePod/negative tolerationSeconds is OK for toleration",
                "tolerations:\n- key: node.kubernetes.io/not-ready\n  operator: Exists\n  effect: NoExecute\n"
                "  tolerationSeconds: -2\n"),
    # TestValidatePod error cases
    *spec_cases("TestValidatePod/invalid toleration key",
                "tolerations:\n- key: nospecialchars^=@  # <- rejected\n  operator: Equal\n  value: bar\n"
                "  effect: NoSchedule\n"),
    *spec_cases("TestValidatePod/value must be empty when `operator` is 'Exists'",
                "tolerations:\n- key: foo\n  operator: Exists  # <- rejected\n  value: bar\n  effect: NoSchedule\n"),
    *spec_cases("TestValidatePod/operator must be 'Exists' when `key` is empty",
                "tolerations:\n- operator: Equal  # <- rejected\n  value: bar\n  effect: NoSchedule\n"),
    *spec_cases("TestValidatePod/effect must be 'NoExecute' when `TolerationSeconds` is set",
                "tolerations:\n- key: node.kubernetes.io/not-ready\n  operator: Exists\n"
                "  effect: NoSchedule  # <- rejected\n  tolerationSeconds: 20\n"),
    *spec_cases("TestValidatePod/invalid toleration value (value must be a label value)",
                "tolerations:\n- key: foo\n  operator: Equal  # <- rejected\n  value: bar baz\n"),
]

NODE_AFFINITY = [
    *spec_cases("TestValidatePod/serialized node affinity requirements",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n"
                "        - {key: key2, operator: In, values: [value1, value2]}\n"
                "        - {key: key3, operator: Exists}\n        - {key: key4, operator: Gt, values: ['3']}\n"
                "        matchFields:\n        - {key: metadata.name, operator: NotIn, values: [host1]}\n"
                "    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n      preference:\n"
                "        matchExpressions: [{key: foo, operator: In, values: [bar]}]\n"),
    *spec_cases("TestValidatePod/invalid node selector requirement in node affinity, key is invalid",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n"
                "        - key: invalid key ___@#  # <- rejected\n          operator: Exists\n"),
    *spec_cases("TestValidatePod/invalid node field selector requirement in node affinity, more values for field "
                "selector",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchFields:\n        - key: metadata.name\n"
                "          operator: In\n          values: [host1, host2]  # <- rejected\n"),
    *spec_cases("TestValidatePod/invalid node field selector requirement in node affinity, invalid operator",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchFields:\n        - key: metadata.name\n"
                "          operator: Exists  # <- rejected\n"),
    *spec_cases("TestValidatePod/invalid node field selector requirement in node affinity, invalid key",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchFields:\n        - key: metadata.namespace  # <- rejected\n"
                "          operator: In\n          values: [ns1]\n"),
    *spec_cases("TestValidatePod/invalid preferredSchedulingTerm in node affinity, weight should be in range 1-100",
                "affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 199  # <- rejected\n      preference:\n"
                "        matchExpressions: [{key: foo, operator: In, values: [bar]}]\n"),
    *spec_cases("TestValidatePod/invalid requiredDuringSchedulingIgnoredDuringExecution node selector, "
                "nodeSelectorTerms must have at least one term",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms: []  # <- rejected\n"),
    *spec_cases("TestValidateNodeSelectorRequirement/In without values",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n        - key: foo\n"
                "          operator: In  # <- rejected\n"),
    *spec_cases("TestValidateNodeSelectorRequirement/Gt with two values",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n        - key: foo\n"
                "          operator: Gt\n          values: ['1', '2']  # <- rejected\n"),
    *spec_cases("TestValidateNodeSelectorRequirement/invalid label value in required node affinity (1.33)",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n        - key: foo\n"
                "          operator: In\n          values: [-bad-]  # <- rejected\n"),
    *spec_cases("TestValidateNodeSelectorRequirement/invalid label value allowed before 1.33",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n"
                "        - {key: foo, operator: In, values: [-bad-]}\n", version="1.32"),
    *spec_cases("ValidatePreferredSchedulingTerms/invalid label value always allowed in preferred terms",
                "affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 1\n      preference:\n"
                "        matchExpressions: [{key: foo, operator: In, values: [-bad-]}]\n"),
]

POD_AFFINITY_TERM = ("  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                     "    - labelSelector:\n        matchExpressions: [{key: key2, operator: In, values: [value1]}]\n")
POD_AFFINITY = [
    *spec_cases("TestValidatePod/serialized pod affinity in affinity requirements",
                "affinity:\n" + POD_AFFINITY_TERM + "      namespaces: [ns]\n      topologyKey: zone\n"
                "    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 10\n      podAffinityTerm:\n"
                "        labelSelector:\n          matchExpressions: [{key: key2, operator: NotIn, "
                "values: [value1, value2]}]\n        namespaces: [ns]\n        topologyKey: region\n"),
    *spec_cases("TestValidatePod/serialized pod anti affinity with different Label Operators",
                "affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: key2, operator: Exists}]\n"
                "      topologyKey: zone\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        labelSelector:\n"
                "          matchExpressions: [{key: key2, operator: DoesNotExist}]\n"
                "        namespaceSelector: {}\n        topologyKey: region\n"),
    *spec_cases("TestValidatePod/invalid weight in preferredDuringSchedulingIgnoredDuringExecution in pod affinity",
                "affinity:\n  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 109  # <- rejected\n      podAffinityTerm:\n        labelSelector:\n"
                "          matchExpressions: [{key: key2, operator: NotIn, values: [value1]}]\n"
                "        topologyKey: region\n"),
    *spec_cases("TestValidatePod/invalid labelSelector in preferredDuringSchedulingIgnoredDuringExecution, values "
                "should be empty if the operator is Exists",
                "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        labelSelector:\n          matchExpressions:\n"
                "          - key: key2\n            operator: Exists\n            values: [value1]  # <- rejected\n"
                "        topologyKey: region\n"),
    *spec_cases("TestValidatePod/invalid namespaceSelector in preferredDuringSchedulingIgnoredDuringExecution, In "
                "operator must include Values",
                "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        namespaceSelector:\n          matchExpressions:\n"
                "          - key: key2\n            operator: In  # <- rejected\n        topologyKey: region\n"),
    *spec_cases("TestValidatePod/invalid name space in preferredDuringSchedulingIgnoredDuringExecution, namespace "
                "should be valid",
                "affinity:\n  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        labelSelector:\n"
                "          matchExpressions: [{key: key2, operator: Exists}]\n"
                "        namespaces: [INVALID_NAMESPACE]  # <- rejected\n        topologyKey: region\n"),
    *spec_cases("TestValidatePod/invalid hard pod affinity, empty topologyKey is not allowed",
                "affinity:\n" + POD_AFFINITY_TERM + "      topologyKey: ''  # <- rejected\n"),
    *spec_cases("TestValidatePod/invalid hard pod affinity, topologyKey is not a qualified name",
                "affinity:\n" + POD_AFFINITY_TERM + "      topologyKey: 'zone/'  # <- rejected\n"),
    *spec_cases("TestValidatePod/invalid hard pod affinity, key in MatchLabelKeys isn't correctly defined",
                "affinity:\n" + POD_AFFINITY_TERM + "      topologyKey: k8s.io/zone\n"
                "      matchLabelKeys: [/simple]  # <- rejected\n"),
    *spec_cases("TestValidatePod/invalid soft pod anti-affinity, key in MismatchLabelKeys isn't correctly defined",
                "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        labelSelector: {matchLabels: {app: a}}\n"
                "        topologyKey: k8s.io/zone\n        mismatchLabelKeys: [/simple]  # <- rejected\n"),
    *spec_cases("TestValidatePod/invalid hard pod affinity, key exists in both matchLabelKeys and labelSelector",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: key, operator: NotIn, values: [value2]}]\n"
                "      topologyKey: k8s.io/zone\n      matchLabelKeys: [key]  # <- rejected\n",
                labels="key: value1"),
    *spec_cases("TestValidatePod/invalid hard pod affinity, key exists in both MatchLabelKeys and MismatchLabelKeys",
                "affinity:\n" + POD_AFFINITY_TERM + "      topologyKey: k8s.io/zone\n"
                "      matchLabelKeys: [samekey]  # <- rejected\n      mismatchLabelKeys: [samekey]\n"),
    *spec_cases("TestValidatePod/MatchLabelKeys/MismatchLabelKeys in required PodAntiAffinity",
                "affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: key, operator: NotIn, values: [value1]}]\n"
                "      topologyKey: k8s.io/zone\n      matchLabelKeys: [key2]\n      mismatchLabelKeys: [key3]\n",
                labels="key2: value1, key3: value1"),
    *spec_cases("TestValidatePod/LabelSelector can have the same key as MismatchLabelKeys",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: key2, operator: In, values: [value1]}]\n"
                "      topologyKey: k8s.io/zone\n      mismatchLabelKeys: [key2]\n", labels="key2: value1"),
    *spec_cases("validatePodAffinityTerm/matchLabelKeys without labelSelector",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - topologyKey: k8s.io/zone\n      matchLabelKeys: [app]  # <- rejected\n"),
    *spec_cases("validatePodAffinityTerm/matchLabelKeys dropped before 1.31 (MatchLabelKeysInPodAffinity off)",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - topologyKey: k8s.io/zone\n      matchLabelKeys: [app]\n", version="1.30"),
    *spec_cases("TestValidateLabelSelector/invalid label value in matchExpressions values (1.26)",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions:\n        - key: app\n          operator: In\n"
                "          values: ['bad#value']  # <- rejected\n      topologyKey: zone\n"),
    *spec_cases("TestValidateLabelSelector/invalid label value accepted before 1.26",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: app, operator: In, values: ['bad#value']}]\n"
                "      topologyKey: zone\n", version="1.25"),
    *spec_cases("TestValidateLabelSelector/invalid matchLabels key",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchLabels:\n          NoUppercaseOrSpecialCharsLike=Equals: b"
                "  # <- rejected\n      topologyKey: zone\n"),
]

SPREAD = "topologySpreadConstraints:\n"
TOPOLOGY_SPREAD = [
    *spec_cases("TestValidateTopologySpreadConstraints/all required fields ok",
                SPREAD + "- {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, minDomains: 3}\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/negative MaxSkew",
                SPREAD + "- maxSkew: -1  # <- rejected\n  topologyKey: k8s.io/zone\n"
                "  whenUnsatisfiable: DoNotSchedule\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/can use MinDomains with ScheduleAnyway, when MinDomains = nil",
                SPREAD + "- {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: ScheduleAnyway}\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/negative minDomains is invalid",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  minDomains: -1  # <- rejected\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/cannot use non-nil MinDomains with ScheduleAnyway",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: ScheduleAnyway\n"
                "  minDomains: 10  # <- rejected\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/missing TopologyKey (empty)",
                SPREAD + "- maxSkew: 1\n  topologyKey: ''  # <- rejected\n  whenUnsatisfiable: DoNotSchedule\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/multiple constraints ok with all required fields",
                SPREAD + "- {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}\n"
                "- {maxSkew: 2, topologyKey: k8s.io/node, whenUnsatisfiable: ScheduleAnyway}\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/duplicate constraints",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone  # <- rejected\n  whenUnsatisfiable: DoNotSchedule\n"
                "- {maxSkew: 2, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule}\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/supported policy name set on NodeAffinityPolicy and "
                "NodeTaintsPolicy",
                SPREAD + "- {maxSkew: 1, topologyKey: k8s.io/zone, whenUnsatisfiable: DoNotSchedule, "
                "nodeAffinityPolicy: Honor, nodeTaintsPolicy: Ignore}\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/key in MatchLabelKeys isn't correctly defined",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  labelSelector: {}\n  matchLabelKeys: [/simple]  # <- rejected\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/key exists in both matchLabelKeys and labelSelector",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  labelSelector:\n    matchExpressions: [{key: foo, operator: NotIn, values: [value1, value2]}]\n"
                "  matchLabelKeys: [foo]  # <- rejected\n", labels="foo: bar"),
    *spec_cases("TestValidateTopologySpreadConstraints/key exists in both matchLabelKeys and labelSelector (1.33)",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  labelSelector:\n    matchExpressions: [{key: foo, operator: NotIn, values: [value1, value2]}]\n"
                "  matchLabelKeys: [foo]  # <- rejected\n", version="1.33"),
    *spec_cases("TestValidateTopologySpreadConstraints/key in MatchLabelKeys is forbidden to be specified when "
                "labelSelector is not set",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  matchLabelKeys: [foo]  # <- rejected\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/invalid matchLabels set on labelSelector when "
                "AllowInvalidTopologySpreadConstraintLabelSelector is false",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  labelSelector:\n    matchLabels:\n      NoUppercaseOrSpecialCharsLike=Equals: foo  # <- rejected\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/valid matchLabels set on labelSelector when "
                "AllowInvalidTopologySpreadConstraintLabelSelector is false",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  labelSelector: {matchLabels: {foo: foo}}\n  matchLabelKeys: [pod-template-hash]\n"),
    *spec_cases("validateMinDomains/minDomains dropped before 1.27 (MinDomainsInPodTopologySpread off)",
                SPREAD + "- {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: ScheduleAnyway, minDomains: 2}\n",
                version="1.26"),
]

GATES = "schedulingGates:\n"
POD_FIELDS = [
    *spec_cases("TestValidatePodSpec/populate ActiveDeadlineSeconds", "activeDeadlineSeconds: 30\n",
                kinds=("Pod", "Job")),
    *spec_cases("TestValidatePodSpec/bad activeDeadlineSeconds", "activeDeadlineSeconds: 0  # <- rejected\n",
                kinds=("Pod", "Job")),
    *spec_cases("TestValidatePodSpec/active deadline seconds too large",
                "activeDeadlineSeconds: 2147483648  # <- rejected\n", kinds=("Pod", "Job")),
    *spec_cases("TestValidatePodSpec/populate nodeName", "nodeName: foobar\n"),
    *spec_cases("TestValidatePodSpec/bad nodeName", "nodeName: node name  # <- rejected\n"),
    *spec_cases("TestValidatePodSpec/populate PriorityClassName", "priorityClassName: valid-name\n"),
    *spec_cases("TestValidatePodSpec/bad PriorityClassName", "priorityClassName: InvalidName  # <- rejected\n"),
    *spec_cases("TestValidatePodSpec/populate nodeSelector", "nodeSelector: {key: value, kubernetes.io/os: linux}\n"),
    *spec_cases("TestValidatePodSpec/bad nodeSelector key",
                "nodeSelector:\n  NoUppercaseOrSpecialCharsLike=Equals: bar  # <- rejected\n"),
    *spec_cases("TestValidatePodSpec/bad nodeSelector value", "nodeSelector:\n  key: has space  # <- rejected\n"),
    *spec_cases("TestValidateSchedulingGates/valid gates", GATES + "- name: example.com/foo\n- name: bar\n"),
    *spec_cases("TestValidateSchedulingGates/invalid gate name", GATES + "- name: 'foo/bar/baz'  # <- rejected\n"),
    *spec_cases("TestValidateSchedulingGates/duplicated gate names",
                GATES + "- name: foo\n- name: foo  # <- rejected\n"),
    Case("TestValidatePodCreateWithSchedulingGates/create a Pod with nodeName and schedulingGates",
         wrap("Pod", "nodeName: node1  # <- rejected\n" + GATES + "- name: foo\n" + C)),
    Case("TestValidatePodCreateWithSchedulingGates/create a Pod with schedulingGates",
         wrap("Pod", GATES + "- name: foo\n" + C)),
    Case("TestValidatePodCreateWithSchedulingGates/a template may carry nodeName and schedulingGates",
         wrap("Deployment", "nodeName: node1\n" + GATES + "- name: foo\n" + C)),
]

ACCEPTED_VARIANTS = [
    *spec_cases("TestValidatePod/populate tolerations exists operator",
                "tolerations: [{key: foo, operator: Exists, effect: NoSchedule}]\n"),
    *spec_cases("TestValidatePod/toleration with a prefixed key and an empty value",
                "tolerations: [{key: example.com/foo, operator: Equal, value: '', effect: PreferNoSchedule}]\n"),
    *spec_cases("ValidateNodeSelector/an empty node selector term is valid",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms: [{}]\n"),
    *spec_cases("TestValidateNodeSelectorRequirement/Lt with one value, DoesNotExist without values",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n"
                "        - {key: foo, operator: Lt, values: ['10']}\n        - {key: bar, operator: DoesNotExist}\n"),
    *spec_cases("ValidatePreferredSchedulingTerms/weights 1 and 100 are in range",
                "affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - {weight: 1, preference: {matchExpressions: [{key: a, operator: Exists}]}}\n"
                "    - {weight: 100, preference: {matchFields: [{key: metadata.name, operator: In, "
                "values: [node-1]}]}}\n"),
    *spec_cases("TestValidatePod/MatchLabelKeys/MismatchLabelKeys in required PodAffinity",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: key, operator: NotIn, values: [value1]}]\n"
                "      topologyKey: k8s.io/zone\n      matchLabelKeys: [key2]\n      mismatchLabelKeys: [key3]\n",
                labels="key2: value1, key3: value1"),
    *spec_cases("TestValidatePod/MatchLabelKeys/MismatchLabelKeys in preferred PodAffinity",
                "affinity:\n  podAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        labelSelector: {matchLabels: {app: a}}\n"
                "        topologyKey: k8s.io/zone\n        matchLabelKeys: [pod-template-hash]\n"),
    *spec_cases("validateMatchLabelKeysAndMismatchLabelKeys/a matchLabelKeys key the Pod lacks is not merged",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchExpressions: [{key: key, operator: NotIn, values: [value2]}]\n"
                "      topologyKey: k8s.io/zone\n      matchLabelKeys: [key]\n"),
    *spec_cases("TestValidatePod/pod affinity with namespaces and a namespaceSelector",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector: {matchLabels: {example.com/app: web}}\n"
                "      namespaceSelector: {matchLabels: {team: a}}\n      namespaces: [ns-1, default]\n"
                "      topologyKey: kubernetes.io/hostname\n"),
    *spec_cases("TestValidateLabelSelector/valid selector with every operator",
                "affinity:\n  podAntiAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "    - labelSelector:\n        matchLabels: {app: web}\n        matchExpressions:\n"
                "        - {key: a, operator: In, values: [x, z]}\n        - {key: b, operator: NotIn, values: ['']}\n"
                "        - {key: c, operator: Exists}\n        - {key: d, operator: DoesNotExist}\n"
                "      topologyKey: zone\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/matchLabelKeys key in labelSelector, Pod without that label",
                SPREAD + "- maxSkew: 1\n  topologyKey: k8s.io/zone\n  whenUnsatisfiable: DoNotSchedule\n"
                "  labelSelector: {matchExpressions: [{key: foo, operator: NotIn, values: [v]}]}\n"
                "  matchLabelKeys: [foo]\n"),
    *spec_cases("TestValidateTopologySpreadConstraints/matchLabelKeys dropped before 1.27",
                SPREAD + "- {maxSkew: 1, topologyKey: zone, whenUnsatisfiable: DoNotSchedule, matchLabelKeys: [foo]}\n",
                version="1.26"),
    *spec_cases("TestValidateTopologySpreadConstraints/ScheduleAnyway with a labelSelector",
                SPREAD + "- maxSkew: 3\n  topologyKey: kubernetes.io/hostname\n  whenUnsatisfiable: ScheduleAnyway\n"
                "  labelSelector: {matchExpressions: [{key: app, operator: In, values: [web]}]}\n"),
    *spec_cases("TestValidateSchedulingGates/schedulingGates dropped before 1.27",
                GATES + "- name: 'foo/bar/baz'\n- name: 'foo/bar/baz'\n", version="1.26"),
    *spec_cases("TestValidatePodSpec/nodeSelector with an empty value", "nodeSelector: {disktype: ''}\n"),
    *spec_cases("TestValidatePodSpec/system priorityClassName", "priorityClassName: system-node-critical\n"),
    *spec_cases("TestValidatePodSpec/nodeName as a DNS subdomain", "nodeName: node-1.example.com\n"),
    *spec_cases("TestValidatePodSpec/largest activeDeadlineSeconds", "activeDeadlineSeconds: 2147483647\n",
                kinds=("Pod", "Job")),
]

CASES = TOLERATIONS + NODE_AFFINITY + POD_AFFINITY + TOPOLOGY_SPREAD + POD_FIELDS + ACCEPTED_VARIANTS


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_scheduling_validation(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 80 and abs(2 * rejects - len(CASES)) <= len(CASES) // 5
