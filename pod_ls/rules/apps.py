"""The workload objects' own specs: Deployment, ReplicaSet, DaemonSet, StatefulSet,
ReplicationController and PodTemplate (Kubernetes' pkg/apis/apps/validation, and the
controllers' part of pkg/apis/core/validation)."""

from __future__ import annotations
