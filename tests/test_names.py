"""The name syntaxes of pod_ls.kube.names against apimachinery's own tables: pkg/util/validation's
validation_test.go (TestIsDNS1123Label, TestIsDNS1123Subdomain, TestIsDNS1035Label,
TestIsValidPortName, TestIsQualifiedName, TestIsValidLabelValue, TestIsHTTPHeaderName,
TestIsValidPercent, TestIsConfigMapKey, TestIsFullyQualifiedName, TestIsRelaxedEnvVarName),
content's identifier tests (TestIsCIdentifier), the IP tests (ParseIPSloppy, as IsValidIP
reads addresses) and objectmeta_test.go's generateName cases."""

from __future__ import annotations

import pytest

from pod_ls.kube import names

GOOD_AND_BAD = {
    "dns_label_problem": (
        ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a" * 63],
        ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_",
         "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2",
         "a" * 64]),
    "dns_subdomain_problem": (
        ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "0", "01", "012", "1a", "1-a", "1--a--b--2", "a.a", "ab.a",
         "abc.a", "a1.a", "a-1.a", "a--1--2--b.a", "a.1", "ab.1", "abc.1", "a1.1", "a-1.1", "a--1--2--b.1", "0.a",
         "01.a", "012.a", "1a.a", "1-a.a", "0.1", "01.1", "012.1", "1a.1", "1-a.1", "1--a--b--2.1", "a.b.c.d.e",
         "aa.bb.cc.dd.ee", "1.2.3.4.5", "11.22.33.44.55", "a" * 253],
        ["", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a", "1-", "-1", "_", "a_", "_a", "a_b", "1_",
         "_1", "1_2", ".", "a.", ".a", "a..b", "1.", ".1", "1..2", " ", "a ", " a", "a b", "1 ", " 1", "1 2",
         "A.a", "aB.a", "ab.A", "A1.a", "a1.A", "A.1", "aB.1", "A1.1", "1A.1", "0.A", "01.A", "012.A", "1A.a",
         "1a.A", "A.B.C.D.E", "AA.BB.CC.DD.EE", "a.B.c.d.e", "aa.bB.cc.dd.ee", "a@b", "a,b", "a;b", "a:b", "a%b",
         "a?b", "a$b", "a" * 254]),
    # IsDNS1123SubdomainWithUnderscore has no table of its own: the cases follow its regexp,
    # dns1123SubdomainFmtWithUnderscore (one optional leading '_' per label, '_' inside).
    "dns_subdomain_with_underscore_problem": (
        ["a", "a_b", "_a", "_tcp.example.com", "a.b_c", "a-b_c.d", "0", "_0._1", "a" * 253],
        ["", "A", "_", "a_", "__a", "-a", "a-", ".a", "a.", "a..b", "a_.b", "a b", "a" * 254]),
    "dns1035_label_problem": (
        ["a", "ab", "abc", "a1", "a-1", "a--1--2--b", "a" * 63],
        ["0", "01", "012", "1a", "1-a", "1--a--b--2", "", "A", "ABC", "aBc", "A1", "A-1", "1-A", "-", "a-", "-a",
         "1-", "-1", "_", "a_", "_a", "a_b", "1_", "_1", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2", " ",
         "a ", " a", "a b", "1 ", " 1", "1 2", "a" * 64]),
    "port_name_problem": (
        ["telnet", "re-mail-ck", "pop3", "a", "a-1", "1-a", "a-1-b-2-c", "1-a-2-b-3"],
        ["longerthan15characters", "", "a" * 16, "12345", "1-2-3-4", "-begin", "end-", "two--hyphens",
         "whois++"]),
    "qualified_name_problem": (
        ["simple", "now-with-dashes", "1-starts-with-num", "1234", "simple/simple", "now-with-dashes/simple",
         "now-with-dashes/now-with-dashes", "now.with.dots/simple", "now-with.dashes-and.dots/simple",
         "1-num.2-num/3-num", "1234/5678", "1.2.3.4/5678", "Uppercase_Is_OK_123", "example.com/Uppercase_Is_OK_123",
         "requests.storage-foo", "a" * 63, "a" * 253 + "/" + "b" * 63],
        ["nospecialchars%^=@", "cantendwithadash-", "-cantstartwithadash-", "only/one/slash", "Example.com/abc",
         "example_com/abc", "example.com/", "/simple", "a" * 64, "a" * 254 + "/abc",
         # TestIsDomainPrefixedKey's label-key failures
         "example/foo/bar", "/example/foo", "example.com/_e", "example.com/e_", "example.com/e?",
         "example.com/e_$"]),
    "label_value_problem": (
        ["simple", "now-with-dashes", "1-starts-with-num", "end-with-num-1", "1234", "a" * 63, ""],
        ["nospecialchars%^=@", "Tama-nui-te-rā.is.Māori.sun", "\\backslashes\\are\\bad", "-starts-with-dash",
         "ends-with-dash-", ".starts.with.dot", "ends.with.dot.", "a" * 64]),
    "http_header_name_problem": (
        ["Accept-Encoding", "Host", "If-Modified-Since", "X-Forwarded-For", "a", "ab", "abc", "a1", "-a", "a-",
         "a-b", "a-1", "a--1--2--b", "--abc-123", "A", "AB", "AbC", "A1", "-A", "A-", "A-B", "A-1", "A--1--2--B",
         "--123-ABC"],
        ["Host:", "X-Forwarded-For:", "X-@Home", "", "_", "a_", "_a", "1_", "1_2", ".", "a.", ".a", "a.b", "1.",
         ".1", "1.2", " ", "a ", " a", "a b", "1 ", " 1", "1 2", "#a#", "^", ",", ";", "=", "<", "?", "@", "{"]),
    "percent_problem": (
        ["0%", "00000%", "1%", "01%", "99%", "100%", "101%"],
        ["", "0", "100", "0.0%", "99.9%", "hundred", " 1%", "1% ", "-0%", "-1%", "+1%"]),
    "config_map_key_problem": (
        ["a", "good", "good-good", "still.good", "this.is.also.good", ".so.is.this", "THIS_IS_GOOD",
         "so_is_this_17"],
        [".", "..", "..bad", "b*d", "bad!&bad"]),
    "fully_qualified_name_problem": (
        ["dev.k8s.io", "foo.example.com", "this.is.a.really.long.fqdn", "bbc.co.uk", "10.0.0.1",
         "hyphens-are-good.k8s.io", "a" * 246 + ".k8s.io"],
        ["...", "dev.k8s.io.", ".io", "Dev.k8s.io", "k8s.io", "*.example.com", "*.bar.com", "*.foo.bar.com",
         "underscores_are_bad.k8s.io", "foo@bar.example.com", "http://foo.example.com", "a" * 247 + ".k8s.io",
         "", "http://foo.k8s.io", "example@foo.k8s.io", "A.B.C"]),
    "c_identifier_problem": (
        ["a", "ab", "abc", "a1", "_a", "a_", "a_b", "a_1", "a__1__2__b", "__abc_123", "A", "AB", "AbC", "A1",
         "_A", "A_", "A_B", "A_1", "A__1__2__B", "__123_ABC"],
        ["", "1", "123", "1a", "-", "a-", "-a", "1-", "-1", "1_", "1_2", ".", "a.", ".a", "a.b", "1.", ".1", "1.2",
         " ", "a ", " a", "a b", "1 ", " 1", "1 2", "#a#"]),
    "ip_problem": (
        ["1.2.3.4", "0.0.0.0", "255.255.255.255", "001.002.003.004", "0001.1.1.1", "12.34.56.78", "::", "::1",
         "2001:db8::ffff", "FE80::0202:B3FF:FE1E:8329", "1:2:3:4:5:6:7:8", "::ffff:1.2.3.4", "::1.2.3.4",
         "1:2:3:4:5:6:1.2.3.4", "00000001::"],
        ["", "a", "1.2.3", "1.2.3.4.", "1.2.3.4.5", "256.1.1.1", "999.999.999.999", " 1.2.3.4", "1.2.3.4 ",
         "1.2.3.-4", "fe80::1%eth0", "1::2::3", ":1::", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7::8",
         "1:2:3:4:5:1.2.3.4", "::1.2.3", "1.2.3.4/32", "10000::", "invalid"]),
}

CASES = [(function, value, good) for function, (goods, bads) in GOOD_AND_BAD.items()
         for good, values in ((True, goods), (False, bads)) for value in values]


@pytest.mark.parametrize(("function", "value", "good"), CASES,
                         ids=[f"{f}[{v[:20]!r}]-{'good' if g else 'bad'}" for f, v, g in CASES])
def test_name_syntax_agrees_with_apimachinery(function, value, good):
    problem = getattr(names, function)(value)
    assert (problem is None) == good, problem


RELAXED_ENV_GOOD = ["-", ":", "_", "+a", ">a", "<a", "a.", "a..", "*a", "%a", "?a", "a:a", "a_a", "aAz", "~a", "|a",
                    "a0a", "a9", "/a", "a ", "#a", "0a", "0 a", "'a", "(a", "@a"]
RELAXED_ENV_BAD = ["", "=", "a=", "1=a", "a=b", "#%=&&", chr(1) + "abc", chr(130) + "abc", "Ç ç", "Ä ä", "Ñ ñ", "Ø ø"]
STRICT_ENV_GOOD = ["A", "AB", "AbC", "A1", "a", "_a", "a_b", "a.b", "a-b", "-a", ".a", "my.env-name", "MY_ENV.NAME",
                   "MyEnvName1"]
STRICT_ENV_BAD = ["", "1", "1a", "a b", "a=b", "a:b", ".", "..", "..a", "a$b"]


@pytest.mark.parametrize(("value", "relaxed", "good"),
                         [(v, True, True) for v in RELAXED_ENV_GOOD] + [(v, True, False) for v in RELAXED_ENV_BAD]
                         + [(v, False, True) for v in STRICT_ENV_GOOD] + [(v, False, False) for v in STRICT_ENV_BAD])
def test_env_var_names_agree_with_apimachinery(value, relaxed, good):
    """TestIsRelaxedEnvVarName, and IsEnvVarName's regex with hasChDirPrefix."""
    assert (names.env_var_name_problem(value, relaxed) is None) == good


@pytest.mark.parametrize(("prefix", "good"), [
    ("foo-", True),  # TestValidateObjectMetaTrimsTrailingDash
    ("test", True), ("a-", True), ("my-pod.", False), ("Foo", False), ("-foo", False), ("-", False),
    ("a.-", False),  # a valid mask ('aa'), but the generated 'a.-xxxxx' is no subdomain
    ("a" * 253, True), ("a" * 254, False),
])
def test_generate_name_prefixes(prefix, good):
    assert (names.dns_subdomain_prefix_problem(prefix) is None) == good


def test_path_segment_names():
    """IsPathSegmentName: the names the API stores objects under."""
    assert [names.path_segment_name_problem(v) is None for v in (".", "..", "a/b", "a%b", "a.b", "...")] == [
        False, False, False, False, True, True]
