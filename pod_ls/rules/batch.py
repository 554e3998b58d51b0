"""Jobs and CronJobs: their own specs and the schedule (Kubernetes' pkg/apis/batch/validation)."""

from __future__ import annotations
