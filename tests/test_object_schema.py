"""The object around the pod spec as strict decoding reads it: a workload's own spec, the
object's and the template's metadata, and the path down to the pod spec. The API server's
decoder refuses unknown fields and wrong types anywhere in the object (strict field
validation, what `kubectl apply` asks for); its validation refuses an object without a pod
template. Custom resources that share a workload's kind name are not workloads."""

from __future__ import annotations

import pytest
from validation_table import Case, case_ids, problem

C = "      containers: [{name: c, image: 'nginx:1.27'}]\n"
TEMPLATE = "  template:\n    metadata:\n      labels: {app: a}\n    spec:\n" + C.replace("      ", "      ", 1)
DEPLOYMENT = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: d\nspec:\n"
SELECTOR = "  selector:\n    matchLabels: {app: a}\n"

CASES = [
    Case("strict decoding/unknown field in DeploymentSpec",
         DEPLOYMENT + "  replica: 3  # <- rejected\n" + SELECTOR + TEMPLATE),
    Case("strict decoding/unknown field at the top of the object",
         DEPLOYMENT.replace("spec:\n", "labels: {app: a}  # <- rejected\nspec:\n") + SELECTOR + TEMPLATE),
    Case("strict decoding/unknown field in the template's metadata",
         DEPLOYMENT + SELECTOR + TEMPLATE.replace("      labels: {app: a}\n",
                                                  "      labels: {app: a}\n      label: {app: a}  # <- rejected\n")),
    Case("strict decoding/a DaemonSet has no replicas",
         "apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: d\nspec:\n  replicas: 2  # <- rejected\n"
         + SELECTOR + TEMPLATE),
    Case("strict decoding/matchLabels written as a list",
         DEPLOYMENT + "  selector:\n    matchLabels:  # <- rejected\n      - app\n" + TEMPLATE),
    Case("strict decoding/replicas as a string",
         DEPLOYMENT + "  replicas: 'three'  # <- rejected\n" + SELECTOR + TEMPLATE),
    Case("ValidateLabelSelectorRequirement/no operator",
         DEPLOYMENT + "  selector:\n    matchLabels: {app: a}\n    matchExpressions:\n"
         "      - key: tier  # <- rejected\n" + TEMPLATE),
    Case("ValidateOwnerReferences/uid required",
         "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  ownerReferences:\n"
         "    - apiVersion: apps/v1  # <- rejected\n      kind: ReplicaSet\n      name: r\n"
         "spec:\n  containers: [{name: c, image: 'nginx:1.27'}]\n"),
    Case("ValidateJobSpec/a Job without a template", "apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: j\n"
         "spec:\n  backoffLimit: 1  # <- rejected\n"),
    Case("ValidatePodTemplateSpec/a template without a pod spec",
         DEPLOYMENT + SELECTOR + "  template:\n    metadata:  # <- rejected\n      labels: {app: a}\n"),
    Case("ValidateDeployment/a Deployment without a spec",
         "apiVersion: apps/v1\nkind: Deployment  # <- rejected\nmetadata:\n  name: d\n"),
    Case("ValidateCronJobSpec/a CronJob's jobTemplate written as a string",
         "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n  schedule: '@hourly'\n"
         "  jobTemplate: nightly  # <- rejected\n"),
    # Accepted
    Case("ValidateDeployment/a whole Deployment", DEPLOYMENT + "  replicas: 2\n  revisionHistoryLimit: 3\n"
         "  strategy:\n    type: RollingUpdate\n    rollingUpdate: {maxSurge: 25%, maxUnavailable: 0}\n"
         + SELECTOR + TEMPLATE),
    Case("status is dropped on create", "apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n"
         "spec:\n  containers: [{name: c, image: 'nginx:1.27'}]\nstatus:\n  phase: Running\n"
         "  containerStatuses:\n    - name: c\n"),
    Case("a custom resource named CronJob is not a CronJob",
         "apiVersion: batch.tutorial.kubebuilder.io/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n"
         "  schedule: '*/1 * * * *'\n  suspendUntil: tomorrow\n  jobTemplate:\n    spec:\n      template:\n"
         "        spec:\n          restartPolicy: Always\n          containers: [{name: c, imagePolicy: x}]\n"),
    Case("a custom resource named Job is not a Job",
         "apiVersion: batch.volcano.sh/v1alpha1\nkind: Job\nmetadata:\n  name: j\nspec:\n  minAvailable: 1\n"
         "  tasks:\n    - replicas: 1\n      template:\n        spec:\n          containers: [{name: c}]\n"),
    Case("ValidateStatefulSet/volumeClaimTemplates",
         "apiVersion: apps/v1\nkind: StatefulSet\nmetadata:\n  name: s\nspec:\n  serviceName: s\n" + SELECTOR
         + TEMPLATE + "  volumeClaimTemplates:\n    - metadata:\n        name: data\n      spec:\n"
         "        accessModes: [ReadWriteOnce]\n        resources:\n          requests: {storage: 1Gi}\n"),
    Case("ValidateCronJob/a whole CronJob", "apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: c\nspec:\n"
         "  schedule: '@hourly'\n  concurrencyPolicy: Forbid\n  jobTemplate:\n    metadata:\n      labels: {a: b}\n"
         "    spec:\n      backoffLimit: 2\n      template:\n        spec:\n          restartPolicy: OnFailure\n"
         "          containers: [{name: c, image: 'busybox:1.36'}]\n"),
]


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_case(case: Case):
    assert problem(case) is None
