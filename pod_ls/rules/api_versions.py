"""apiVersion and kind: a kind under a group/version that does not serve it, and versions
removed before the chosen kubernetesVersion."""

from __future__ import annotations
