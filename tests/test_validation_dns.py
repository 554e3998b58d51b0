"""DNS: cases translated from Kubernetes' pkg/apis/core/validation/validation_test.go
(TestValidateDNSPolicy, TestValidatePodDNSConfig, TestValidatePodSpec "bad DNS policy"), and
from validatePodDNSConfig where the table has no case for the relaxed search domains of
Kubernetes 1.33 (RelaxedDNSSearchValidation) or the policy None.
"""

from __future__ import annotations

import pytest
from validation_table import MARK, Case, case_ids, problem
from workloads import wrap

R = MARK
C = "containers: [{name: c, image: 'nginx:1.27'}]\n"
KINDS = ("Pod", "Deployment")


def cases(source: str, spec: str, version: str = "1.37", kinds: tuple[str, ...] = KINDS) -> list[Case]:
    return [Case(f"{source} ({kind})", wrap(kind, spec + C), version) for kind in kinds]


def searches(*domains: str, mark_at: int | None = None) -> str:
    lines = [f"  - {d}{f'  {R}' if n == mark_at else ''}\n" for n, d in enumerate(domains)]
    return "dnsConfig:\n  searches:\n" + "".join(lines)


def long_list(first: int, count: int, mark: bool = False) -> str:
    """`count` search paths of 63 'a's after one of `first` (the table's generated lists)."""
    key = f"  searches:  {R}\n" if mark else "  searches:\n"
    return "dnsConfig:\n" + key + f"  - {'a' * first}\n" + "".join(f"  - {'a' * 63}\n" for _ in range(count - 1))


THIRTY_TWO = ["custom", "mydomain.com", "local", "cluster.local", "svc.cluster.local", "default.svc.cluster.local.",
              *[str(n) for n in range(7, 33)]]

POLICY = [
    # TestValidateDNSPolicy
    *[c for policy in ("ClusterFirst", "Default", "ClusterFirstWithHostNet")
      for c in cases(f"TestValidateDNSPolicy/success {policy}", f"dnsPolicy: {policy}\n")],
    *cases("TestValidateDNSPolicy/success None", "dnsPolicy: None\ndnsConfig:\n  nameservers: [10.0.0.10]\n"),
    *cases("TestValidateDNSPolicy/invalid", f"dnsPolicy: invalid  {R}\n"),
    *cases("TestValidateDNSPolicy/empty (SetDefaults_PodSpec sets ClusterFirst)", "dnsPolicy: ''\n"),
    *cases("TestValidatePodSpec/bad DNS policy", f"dnsPolicy: clusterfirst  {R}\n"),
]

CONFIG = [
    # TestValidatePodDNSConfig: valid
    *cases("TestValidatePodDNSConfig/valid: empty DNSConfig", "dnsConfig: {}\n"),
    *cases("TestValidatePodDNSConfig/valid: 1 option", "dnsConfig:\n  options:\n  - {name: ndots, value: '2'}\n"),
    *cases("TestValidatePodDNSConfig/valid: 1 nameserver", "dnsConfig:\n  nameservers: [127.0.0.1]\n"),
    *cases("TestValidatePodDNSConfig/valid: DNSNone with 1 nameserver",
           "dnsPolicy: None\ndnsConfig:\n  nameservers: [127.0.0.1]\n"),
    *cases("TestValidatePodDNSConfig/valid: 1 search path", searches("custom")),
    *cases("TestValidatePodDNSConfig/valid: 1 search path with trailing period", searches("custom.")),
    *cases("TestValidatePodDNSConfig/valid: 3 nameservers and 6 search paths(legacy)",
           "dnsConfig:\n  nameservers: [127.0.0.1, 10.0.0.10, 8.8.8.8]\n  searches: [custom, mydomain.com, local, "
           "cluster.local, svc.cluster.local, default.svc.cluster.local.]\n"),
    *cases("TestValidatePodDNSConfig/valid: 3 nameservers and 32 search paths",
           "dnsConfig:\n  nameservers: [127.0.0.1, 10.0.0.10, 8.8.8.8]\n"
           "  searches: [" + ", ".join(f"'{d}'" for d in THIRTY_TWO) + "]\n"),
    *cases("TestValidatePodDNSConfig/valid: 256 characters in search path list(legacy)",
           "dnsConfig:\n  searches: [a, " + ", ".join(["a" * 50] * 5) + "]\n"),
    *cases("TestValidatePodDNSConfig/valid: 2048 characters in search path list", long_list(64, 32)),
    *cases("TestValidatePodDNSConfig/valid: ipv6 nameserver",
           "dnsConfig:\n  nameservers: ['FE80::0202:B3FF:FE1E:8329']\n"),
    *cases("TestValidatePodDNSConfig/valid: 7 search paths",
           searches("custom", "mydomain.com", "local", "cluster.local", "svc.cluster.local",
                    "default.svc.cluster.local", "exceeded")),
    *cases("TestValidatePodDNSConfig/valid: 257 characters in search path list",
           "dnsConfig:\n  searches: [aa, " + ", ".join(["a" * 50] * 5) + "]\n"),
    # TestValidatePodDNSConfig: invalid
    *cases("TestValidatePodDNSConfig/invalid: 4 nameservers",
           f"dnsConfig:\n  nameservers:\n  - 127.0.0.1\n  - 10.0.0.10\n  - 8.8.8.8\n  - 1.2.3.4  {R}\n"),
    *cases("TestValidatePodDNSConfig/invalid: 33 search paths",
           searches(*[f"'{d}'" for d in THIRTY_TWO], "'33'", mark_at=32)),
    *cases("TestValidatePodDNSConfig/invalid: 2049 characters in search path list", long_list(65, 32, mark=True)),
    *cases("TestValidatePodDNSConfig/invalid search path", searches("custom?", mark_at=0)),
    *cases("TestValidatePodDNSConfig/invalid nameserver", f"dnsConfig:\n  nameservers:\n  - invalid  {R}\n"),
    *cases("TestValidatePodDNSConfig/invalid empty option name", f"dnsConfig:\n  options:\n  - value: '2'  {R}\n"),
    *cases("TestValidatePodDNSConfig/invalid: DNSNone with 0 nameserver",
           f"dnsPolicy: None  {R}\ndnsConfig:\n  searches: [custom]\n"),
    # validatePodDNSConfig: what the table does not spell out
    *cases("validatePodDNSConfig/DNSNone without dnsConfig", f"dnsPolicy: None  {R}\n"),
    *cases("validatePodDNSConfig/nameserver with leading zeros (read as the Go parser does)",
           "dnsConfig:\n  nameservers: [010.000.000.010]\n"),
    *cases("validatePodDNSConfig/nameserver 999.1.1.1", f"dnsConfig:\n  nameservers:\n  - 999.1.1.1  {R}\n"),
    *cases("validatePodDNSConfig/nameserver with a port", f"dnsConfig:\n  nameservers:\n  - '1.1.1.1:53'  {R}\n"),
    *cases("validatePodDNSConfig/option with an empty name", f"dnsConfig:\n  options:\n  - name: ''  {R}\n"),
    *cases("validatePodDNSConfig/option without a value", "dnsConfig:\n  options:\n  - name: edns0\n"),
    *cases("validatePodDNSConfig/uppercase search domain", searches("Example.com", mark_at=0)),
    *cases("validatePodDNSConfig/empty search domain", searches("''", mark_at=0)),
    *cases("validatePodDNSConfig/search domain of 254 characters", searches("a" * 63 + "." + "b" * 63 + "." + "c" * 63
                                                                            + "." + "d" * 62, mark_at=0)),
    # RelaxedDNSSearchValidation: on from 1.33
    *cases("validatePodDNSConfig/relaxed: underscore search domain", searches("_sip._tcp.example.com"), "1.33"),
    *cases("validatePodDNSConfig/relaxed: lone dot", searches("'.'"), "1.33"),
    *cases("validatePodDNSConfig/relaxed: underscore inside a label", searches("my_domain.local"), "1.37"),
    *cases("validatePodDNSConfig/strict: underscore before 1.33", searches("_sip._tcp.example.com", mark_at=0), "1.32"),
    *cases("validatePodDNSConfig/strict: lone dot before 1.33", searches("'.'", mark_at=0), "1.32"),
    *cases("validatePodDNSConfig/relaxed: underscore at the end of a label", searches("domain_.local", mark_at=0)),
    *cases("validatePodDNSConfig/relaxed: two trailing dots", searches("example.com..", mark_at=0)),
]

CASES = POLICY + CONFIG


@pytest.mark.parametrize("case", CASES, ids=case_ids(CASES))
def test_dns_validation(case):
    assert problem(case) is None


def test_the_table_is_balanced():
    rejects = sum(c.rejected_line is not None for c in CASES)
    assert len(CASES) >= 60 and abs(2 * rejects - len(CASES)) <= len(CASES) // 5
