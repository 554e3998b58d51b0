"""Kubernetes name syntaxes, ported from apimachinery's `util/validation` and
`api/validate/content`: each function says why a value is not of its syntax, or None.

Every rule that checks a name takes the function from here, so the syntax is written once.
The commonest are memoised: a file names the same containers, ports and labels again and again.
"""

from __future__ import annotations

import re
from functools import lru_cache

_DNS_LABEL = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?")
_DNS_SUBDOMAIN = re.compile(r"[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*")
_DNS_SUBDOMAIN_WITH_UNDERSCORE = re.compile(
    r"_?[a-z0-9]([-_a-z0-9]*[a-z0-9])?(\._?[a-z0-9]([-_a-z0-9]*[a-z0-9])?)*")
_IANA_SVC = re.compile(r"[-a-z0-9]+")
_QUALIFIED_NAME = re.compile(r"([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]")
_LABEL_VALUE = re.compile(r"(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?")
_DNS1035_LABEL = re.compile(r"[a-z]([-a-z0-9]*[a-z0-9])?")
_C_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ENV_VAR_NAME = re.compile(r"[-._a-zA-Z][-._a-zA-Z0-9]*")
_CONFIG_MAP_KEY = re.compile(r"[-._a-zA-Z0-9]+")
_HTTP_HEADER_NAME = re.compile(r"[-A-Za-z0-9]+")
_PERCENT = re.compile(r"[0-9]+%")


@lru_cache(maxsize=4096)
def dns_label_problem(name: str) -> str | None:
    """Why `name` is not an RFC 1123 label (container, volume and host names), or None."""
    if len(name) > 63:
        return f"must be at most 63 characters (it has {len(name)})"
    if not _DNS_LABEL.fullmatch(name):
        return ("must consist of lowercase letters, digits and '-', and start and end with a "
                "letter or digit")
    return None


@lru_cache(maxsize=4096)
def dns_subdomain_problem(name: str) -> str | None:
    """Why `name` is not an RFC 1123 subdomain (most object names), or None."""
    if len(name) > 253:
        return f"must be at most 253 characters (it has {len(name)})"
    if not _DNS_SUBDOMAIN.fullmatch(name):
        return ("must consist of lowercase letters, digits, '-' and '.', and start and end with a "
                "letter or digit")
    return None


def dns_subdomain_with_underscore_problem(name: str) -> str | None:
    """Why `name` is not a subdomain whose labels may hold and begin with '_' (apimachinery's
    IsDNS1123SubdomainWithUnderscore: DNS search domains such as `_tcp.example.com`), or None."""
    if len(name) > 253:
        return f"must be at most 253 characters (it has {len(name)})"
    if not _DNS_SUBDOMAIN_WITH_UNDERSCORE.fullmatch(name):
        return ("must consist of lowercase letters, digits, '-', '_' and '.', and each label must start "
                "with a letter, digit or '_' and end with a letter or digit")
    return None


GENERATED_SUFFIX_LENGTH = 5
"""names.SimpleNameGenerator appends five random characters to a generateName, after cutting
it to 63 - 5 characters."""


def dns_subdomain_prefix_problem(prefix: str) -> str | None:
    """Why `prefix` is no generateName for DNS subdomain names, or None: NameIsDNSSubdomain
    with prefix=true (maskTrailingDash, which lets the prefix end with '-'), then the name
    the API server generates from it."""
    masked = prefix[:-2] + "a" if len(prefix) > 1 and prefix.endswith("-") else prefix
    if (problem := dns_subdomain_problem(masked)) is not None:
        return problem
    generated = prefix[:63 - GENERATED_SUFFIX_LENGTH] + "x" * GENERATED_SUFFIX_LENGTH
    if (problem := dns_subdomain_problem(generated)) is not None:
        return f"gives generated names such as '{generated}', which {problem}"
    return None


@lru_cache(maxsize=4096)
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


@lru_cache(maxsize=4096)
def qualified_name_problem(name: str) -> str | None:
    """Why `name` is not a qualified name (label and annotation keys: [prefix/]name), or None."""
    if name.count("/") > 1:
        return "must be a name with an optional DNS subdomain prefix and one '/' (e.g. 'example.com/MyName')"
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


@lru_cache(maxsize=4096)
def label_value_problem(value: str) -> str | None:
    """Why `value` is not a label value (empty, or a qualified name's name part), or None."""
    if len(value) > 63:
        return f"must be at most 63 characters (it has {len(value)})"
    if not _LABEL_VALUE.fullmatch(value):
        return ("must be empty or consist of letters, digits, '-', '_' and '.', and start and end "
                "with a letter or digit")
    return None


def dns1035_label_problem(name: str) -> str | None:
    """Why `name` is not an RFC 1035 label (Service names: starts with a letter), or None."""
    if len(name) > 63:
        return f"must be at most 63 characters (it has {len(name)})"
    if not _DNS1035_LABEL.fullmatch(name):
        return ("must consist of lowercase letters, digits and '-', start with a letter and end "
                "with a letter or digit")
    return None


def c_identifier_problem(name: str) -> str | None:
    """Why `name` is not a C identifier, or None."""
    if not _C_IDENTIFIER.fullmatch(name):
        return "must start with a letter or '_', followed by letters, digits or '_'"
    return None


@lru_cache(maxsize=4096)
def env_var_name_problem(name: str, relaxed: bool) -> str | None:
    """Why `name` is not an environment variable name, or None. `relaxed` is the syntax of
    Kubernetes 1.32 and later (RelaxedEnvironmentVariableValidation): any printable ASCII but '='."""
    if relaxed:
        if not name:
            return "must not be empty"
        if any(not (" " <= char <= "~") or char == "=" for char in name):
            return "must consist only of printable ASCII characters other than '='"
        return None
    if not _ENV_VAR_NAME.fullmatch(name):
        return "must consist of letters, digits, '_', '-' or '.', and must not start with a digit"
    return _chdir_prefix_problem(name)


def config_map_key_problem(key: str) -> str | None:
    """Why `key` is not a ConfigMap or Secret key (also a projected file's key), or None."""
    if len(key) > 253:
        return f"must be at most 253 characters (it has {len(key)})"
    if not _CONFIG_MAP_KEY.fullmatch(key):
        return "must consist of letters, digits, '-', '_' or '.'"
    return _chdir_prefix_problem(key)


def http_header_name_problem(name: str) -> str | None:
    if not _HTTP_HEADER_NAME.fullmatch(name):
        return "must consist of letters, digits or '-'"
    return None


def percent_problem(value: str) -> str | None:
    """Why `value` is not a percentage such as '25%', or None."""
    if not _PERCENT.fullmatch(value):
        return "must be a whole number followed by '%' (e.g. '25%')"
    return None


def fully_qualified_name_problem(name: str) -> str | None:
    """Why `name` is not a DNS subdomain of at least three segments (CSI driver names...)."""
    if not name:
        return "must not be empty"
    if (problem := dns_subdomain_problem(name)) is not None:
        return problem
    if len(name.split(".")) < 3:
        return "must be a domain with at least three segments separated by dots"
    return None


def path_segment_name_problem(name: str) -> str | None:
    """Why `name` cannot be one segment of a URL path (names the API stores by), or None."""
    if name in (".", ".."):
        return f"must not be '{name}'"
    for forbidden in ("/", "%"):
        if forbidden in name:
            return f"must not contain '{forbidden}'"
    return None


def ip_problem(value: str) -> str | None:
    """Why `value` is not an IPv4 or IPv6 address, or None: netutils.ParseIPSloppy, the Go 1.16
    parser that Kubernetes keeps for fields validated before strict IP parsing, which lets IPv4
    octets have leading zeros and takes no IPv6 zone."""
    if _parse_ip_sloppy(value) is None:
        return "must be a valid IP address (e.g. 10.9.8.7 or 2001:db8::ffff)"
    return None


def _parse_ip_sloppy(text: str) -> bytes | None:
    """Go's old net.ParseIP: the first '.' or ':' decides the family."""
    for char in text:
        if char == ".":
            return _parse_ipv4(text)
        if char == ":":
            return _parse_ipv6(text)
    return None


def _leading_number(text: str, digits: str, base: int) -> tuple[int, int] | None:
    """dtoi/xtoi: the number at the start of `text` and its length; None if there is none or
    it reaches 0xFFFFFF."""
    value = length = 0
    while length < len(text) and text[length] in digits:
        value = value * base + int(text[length], base)
        length += 1
        if value >= 0xFFFFFF:
            return None
    return (value, length) if length else None


def _parse_ipv4(text: str) -> bytes | None:
    octets = []
    for index in range(4):
        if index:
            if not text.startswith("."):
                return None
            text = text[1:]
        number = _leading_number(text, "0123456789", 10)
        if number is None or number[0] > 0xFF:
            return None
        octets.append(number[0])
        text = text[number[1]:]
    return bytes(octets) if not text else None


def _parse_ipv6(text: str) -> bytes | None:
    groups: list[int] = []  # the bytes so far: two per group, four for a trailing IPv4 part
    ellipsis = -1
    if text.startswith("::"):
        ellipsis, text = 0, text[2:]
        if not text:
            return bytes(16)
    while len(groups) < 16:
        number = _leading_number(text, "0123456789abcdefABCDEF", 16)
        if number is None or number[0] > 0xFFFF:
            return None
        value, length = number
        if length < len(text) and text[length] == ".":
            if (ellipsis < 0 and len(groups) != 12) or len(groups) + 4 > 16:
                return None
            ipv4 = _parse_ipv4(text)
            if ipv4 is None:
                return None
            groups += list(ipv4)
            text = ""
            break
        groups += [value >> 8, value & 0xFF]
        text = text[length:]
        if not text:
            break
        if text[0] != ":" or len(text) == 1:
            return None
        text = text[1:]
        if text[0] == ":":
            if ellipsis >= 0:
                return None
            ellipsis, text = len(groups), text[1:]
            if not text:
                break
    if text:
        return None
    if len(groups) < 16:
        if ellipsis < 0:
            return None
        groups[ellipsis:ellipsis] = [0] * (16 - len(groups))
    elif ellipsis >= 0:
        return None
    return bytes(groups)


def _chdir_prefix_problem(value: str) -> str | None:
    if value in (".", ".."):
        return f"must not be '{value}'"
    if value.startswith(".."):
        return "must not start with '..'"
    return None
