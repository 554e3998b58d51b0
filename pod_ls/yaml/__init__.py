"""Syntax: YAML text to nodes with exact positions, and back. Knows nothing of Kubernetes."""
