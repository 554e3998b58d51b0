"""pod-ls: a language server for Kubernetes Pod YAML."""

__version__ = "0.1.0"
