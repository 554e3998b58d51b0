"""The rest of TestValidatePod's toleration and affinity cases (pkg/apis/core/validation/
validation_test.go), each pod (anti-)affinity rule in the four places it can sit: required and
preferred, affinity and anti-affinity. tests/test_validation_scheduling.py holds the first of
each; this file the others, so that a rule that only looks at one of the four places fails here.
"""

from __future__ import annotations

import pytest
from test_validation_scheduling import spec_cases
from validation_table import MARK, Case, case_ids, problem

R = MARK
PV = "TestValidatePod"

SELECTOR = "labelSelector:\n  matchExpressions: [{key: key, operator: NotIn, values: [value1, value2]}]\n"
"""The label selector of TestValidatePod's matchLabelKeys cases."""


def place(kind: str, required: bool, term: str) -> str:
    """The affinity section with `term` (written at column 0) as its only term."""
    if required:
        return (f"affinity:\n  {kind}:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                + _indent(term, 6, "    - "))
    return (f"affinity:\n  {kind}:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
            "    - weight: 10\n      podAffinityTerm:\n" + _indent(term, 8))


def _indent(block: str, by: int, first: str | None = None) -> str:
    lines = block.splitlines(keepends=True)
    head = (first or " " * by) + lines[0]
    return head + "".join(" " * by + line for line in lines[1:])


PLACES = [
    ("hard pod affinity", "podAffinity", True),
    ("soft pod affinity", "podAffinity", False),
    ("hard pod anti-affinity", "podAntiAffinity", True),
    ("soft pod anti-affinity", "podAntiAffinity", False),
]


def everywhere(name: str, term: str, labels: str | None = None) -> list[Case]:
    """`invalid <place>, <name>` for each of the four places a pod affinity term sits."""
    return [case for title, kind, required in PLACES
            for case in spec_cases(f"{PV}/invalid {title}, {name}", place(kind, required, term), labels=labels)]


EMPTY_TOPOLOGY = (f"labelSelector:  {R}\n  matchExpressions: [{{key: key2, operator: In, values: [value1, value2]}}]\n"
                  "namespaces: [ns]\n")

CASES = [
    # Tolerations
    *spec_cases(f"{PV}/populate forgiveness tolerations with equal operator in annotations.",
                "tolerations: [{key: foo, operator: Equal, value: bar, effect: NoExecute, tolerationSeconds: 60}]\n"),
    *spec_cases(f"{PV}/invalid toleration operator",
                "tolerations:\n- key: foo\n  operator: In  # <- rejected\n  value: bar\n  effect: NoSchedule\n"),
    # Node affinity
    *spec_cases(f"{PV}/invalid node selector requirement in node affinity, operator can't be null",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions:\n        - key: key1  # <- rejected\n"),
    *spec_cases(f"{PV}/serialized node affinity requirements, II",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms: [{matchExpressions: []}]\n"
                "    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - {weight: 10, preference: {matchExpressions: []}}\n"),
    *spec_cases("TestValidatePodSpec/populate Affinity",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n"
                "      - matchExpressions: [{key: key2, operator: In, values: [value1, value2]}]\n"
                "        matchFields: [{key: metadata.name, operator: In, values: [host1]}]\n"
                "    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - {weight: 10, preference: {matchExpressions: [{key: foo, operator: In, values: [bar]}]}}\n"),
    # Pod affinity
    *spec_cases(f"{PV}/serialized pod affinity in affinity requirements in annotations",
                place("podAffinity", True,
                      "labelSelector:\n  matchExpressions: [{key: key2, operator: In, values: [value1, value2]}]\n"
                      "topologyKey: zone\nnamespaces: [ns]\nnamespaceSelector:\n"
                      "  matchExpressions: [{key: key, operator: In, values: [value1, value2]}]\n")),
    # A term without a topologyKey
    *[case for title, kind, required in PLACES
      for case in spec_cases(f"{PV}/invalid {title}, empty topologyKey is not allowed for {title}",
                             place(kind, required, EMPTY_TOPOLOGY))],
    *spec_cases(f"{PV}/invalid namespaceSelector in preferredDuringSchedulingIgnoredDuringExecution in podaffinity, "
                "Exists operator can not have values",
                "affinity:\n  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n"
                "    - weight: 10\n      podAffinityTerm:\n        namespaceSelector:\n          matchExpressions:\n"
                "          - key: key2\n            operator: Exists\n"
                "            values: [value1, value2]  # <- rejected\n"
                "        namespaces: [ns]\n        topologyKey: region\n"),
    # matchLabelKeys and mismatchLabelKeys
    *everywhere("key in MatchLabelKeys isn't correctly defined",
                SELECTOR + f"topologyKey: k8s.io/zone\nmatchLabelKeys: [/simple]  {R}\n"),
    *everywhere("key in MismatchLabelKeys isn't correctly defined",
                SELECTOR + f"topologyKey: k8s.io/zone\nmismatchLabelKeys: [/simple]  {R}\n"),
    # The Go cases write the expression the API server would have merged from matchLabelKeys.
    *everywhere("key exists in both matchLabelKeys and labelSelector",
                "labelSelector:\n  matchExpressions:\n  - {key: key, operator: In, values: [value1]}\n"
                "  - {key: key, operator: NotIn, values: [value2]}\n"
                f"topologyKey: k8s.io/zone\nmatchLabelKeys: [key]  {R}\n"),
    *everywhere("key exists in both matchLabelKeys and labelSelector (the Pod carries the key)",
                "labelSelector:\n  matchExpressions: [{key: key, operator: NotIn, values: [value2]}]\n"
                f"topologyKey: k8s.io/zone\nmatchLabelKeys: [key]  {R}\n", labels="key: value1"),
    *everywhere("key exists in both MatchLabelKeys and MismatchLabelKeys",
                SELECTOR + f"topologyKey: k8s.io/zone\nmatchLabelKeys: [samekey]  {R}\nmismatchLabelKeys: [samekey]\n"),
    *spec_cases(f"{PV}/MatchLabelKeys/MismatchLabelKeys in preferred PodAntiAffinity",
                place("podAntiAffinity", False,
                      "labelSelector:\n  matchExpressions:\n  - {key: key, operator: NotIn, values: [value1, value2]}\n"
                      "  - {key: key2, operator: In, values: [value1]}\n"
                      "  - {key: key3, operator: NotIn, values: [value1]}\n"
                      "topologyKey: k8s.io/zone\nmatchLabelKeys: [key2]\nmismatchLabelKeys: [key3]\n")),
    *spec_cases(f"{PV}/MatchLabelKeys/MismatchLabelKeys in preferred PodAffinity (as written in the Go case)",
                place("podAffinity", False,
                      "labelSelector:\n  matchExpressions:\n  - {key: key, operator: NotIn, values: [value1, value2]}\n"
                      "  - {key: key2, operator: In, values: [value1]}\n"
                      "  - {key: key3, operator: NotIn, values: [value1]}\n"
                      "topologyKey: k8s.io/zone\nmatchLabelKeys: [key2]\nmismatchLabelKeys: [key3]\n")),
    *spec_cases(f"{PV}/LabelSelector can have the same key as MismatchLabelKeys (as written in the Go case)",
                place("podAffinity", True,
                      "labelSelector:\n  matchExpressions:\n  - {key: key, operator: NotIn, values: [value1, value2]}\n"
                      "  - {key: key2, operator: In, values: [value1]}\n"
                      "  - {key: key2, operator: NotIn, values: [value1]}\n"
                      "topologyKey: k8s.io/zone\nmismatchLabelKeys: [key2]\n")),
]


# What the Go functions accept that a rule could wrongly reject (a false error costs most).
ACCEPTED = [
    *spec_cases("ValidateTolerations/a key alone: operator Equal and an empty value",
                "tolerations: [{key: example.com/dedicated}]\n"),
    *spec_cases("ValidateTolerations/tolerationSeconds null needs no NoExecute",
                "tolerations: [{key: a, operator: Exists, effect: NoSchedule, tolerationSeconds: null}]\n"),
    *spec_cases("ValidateTolerations/a 63-character value",
                f"tolerations: [{{key: a, operator: Equal, value: {'v' * 63}, effect: NoExecute}}]\n"),
    *spec_cases("ValidateNodeSelectorRequirement/Gt takes one value, not checked to be an integer",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions: [{key: a, operator: Gt, values: [abc]}]\n"),
    *spec_cases("ValidateNodeSelectorRequirement/repeated and empty values",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n      - matchExpressions: [{key: a, operator: In, values: [x, x, '']}]\n"),
    *spec_cases("ValidateNodeFieldSelectorRequirement/NotIn with one node name",
                "affinity:\n  nodeAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution:\n"
                "      nodeSelectorTerms:\n"
                "      - matchFields: [{key: metadata.name, operator: NotIn, values: [node-1]}]\n"),
    *spec_cases("ValidatePreferredSchedulingTerms/a term without a preference is the empty term",
                "affinity:\n  nodeAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution:\n    - weight: 1\n"),
    *spec_cases("validatePodAffinityTerm/no selector at all", place("podAffinity", True, "topologyKey: zone\n")),
    *spec_cases("validatePodAffinityTerm/empty affinity lists",
                "affinity:\n  podAffinity:\n    requiredDuringSchedulingIgnoredDuringExecution: []\n"
                "  podAntiAffinity:\n    preferredDuringSchedulingIgnoredDuringExecution: []\n"),
    *spec_cases("validateMatchLabelKeysAndMismatchLabelKeys/a mismatchLabelKeys key also in matchLabels",
                place("podAntiAffinity", True,
                      "labelSelector: {matchLabels: {app: a}}\ntopologyKey: zone\nmismatchLabelKeys: [app]\n"),
                labels="tier: web"),
    *spec_cases("validateMatchLabelKeysAndMismatchLabelKeys/a matchLabels key the Pod lacks in matchLabelKeys",
                place("podAffinity", False,
                      "labelSelector: {matchLabels: {x: a}}\ntopologyKey: zone\nmatchLabelKeys: [x]\n")),
]
CASES += ACCEPTED


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_affinity_validation(case):
    assert problem(case) is None
