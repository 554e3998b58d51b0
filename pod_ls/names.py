"""Kubernetes name syntaxes (apimachinery's validation), as plain predicates with messages."""

from __future__ import annotations

import re

_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_IANA_SVC = re.compile(r"[-a-z0-9]+")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")


def dns_label_problem(name: str) -> str | None:
    """Why `name` is not an RFC 1123 label (container, volume and host names), or None."""
    if len(name) > 63:
        return f"must be at most 63 characters (it has {len(name)})"
    if not _DNS_LABEL.fullmatch(name):
        return ("must consist of lowercase letters, digits and '-', and start and end with a "
                "letter or digit")
    return None


def dns_subdomain_problem(name: str) -> str | None:
    if len(name) > 253:
        return f"must be at most 253 characters (it has {len(name)})"
    if not _DNS_SUBDOMAIN.fullmatch(name):
        return ("must consist of lowercase letters, digits, '-' and '.', and start and end with a "
                "letter or digit")
    return None


def port_name_problem(name: str) -> str | None:
    """Why `name` is not an IANA service name (port names), or None."""
    if len(name) > 15:
        return f"must be at most 15 characters (it has {len(name)})"
    if not _IANA_SVC.fullmatch(name):
        return "must consist of lowercase letters, digits and '-'"
    if "--" in name:
        return "must not contain '--'"
    if name.startswith("-") or name.endswith("-"):
        return "must not start or end with '-'"
    if not re.search("[a-z]", name):
        return "must contain at least one letter"
    return None


def qualified_name_problem(name: str) -> str | None:
    """Why `name` is not a qualified name (label and annotation keys: [prefix/]name), or None."""
    prefix, slash, local = name.rpartition("/")
    if slash:
        if not prefix:
            return "has an empty prefix before '/'"
        if (problem := dns_subdomain_problem(prefix)) is not None:
            return f"prefix '{prefix}' {problem}"
    if not local:
        return "must have a name part"
    if len(local) > 63:
        return f"name part must be at most 63 characters (it has {len(local)})"
    if not _QUALIFIED_NAME.fullmatch(local):
        return ("name part must consist of letters, digits, '-', '_' and '.', and start and end "
                "with a letter or digit")
    return None


def label_value_problem(value: str) -> str | None:
    if len(value) > 63:
        return f"must be at most 63 characters (it has {len(value)})"
    if not _LABEL_VALUE.fullmatch(value):
        return ("must be empty or consist of letters, digits, '-', '_' and '.', and start and end "
                "with a letter or digit")
    return None
