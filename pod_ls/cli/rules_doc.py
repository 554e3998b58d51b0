"""docs/rules.md, written from the rule registry so that it cannot drift from the code:

    python -m pod_ls.cli.rules_doc > docs/rules.md

Each rule is a section whose heading is its id, so that GitHub's anchor for it is the id
itself and a diagnostic's link (`<docsUrl>#<rule-id>`) lands on it. The Kubernetes code a rule
ports is read from its own doc, else from its module's docstring, which names what the module
ports; the example is the rule's own (`define(..., example=)`), which a test holds it to.
"""

from __future__ import annotations

import re
import sys

from ..rules import RULES, Rule, load_rules

_GO_FUNCTION = re.compile(r"\b(?:[Vv]alidate[A-Z]\w*|Is[A-Z]\w*|Accumulate[A-Z]\w*|Convert[A-Z]\w*)\b")
_GO_PACKAGE = re.compile(r"\b(?:pkg/apis/[\w/]+\w|apimachinery|component-helpers)")


def render() -> str:
    load_rules()
    rules = sorted(RULES.values(), key=lambda r: r.id)
    lines = [
        "# pod-ls rules",
        "",
        "Generated from the rule registry (`python -m pod_ls.cli.rules_doc > docs/rules.md`).",
        "Every diagnostic carries its rule id as `code` and a link to its section here; switch a rule",
        'off or change its severity with the `rules` setting, e.g. `{"rules": {"subdomain-headless-service": "off"}}`.',
        "",
        "| id | default severity | what it catches |",
        "|---|---|---|",
    ]
    lines += [f"| [`{r.id}`](#{r.id}) | {r.severity.name.lower()} | {r.summary} |" for r in rules]
    lines.append("")
    for rule in rules:
        lines += _section(rule)
    return "\n".join(lines)


def _section(rule: Rule) -> list[str]:
    lines = [f"## {rule.id}", "", f"**{rule.summary[0].upper()}{rule.summary[1:]}.**", "", rule.doc, "",
             f"- Default severity: {rule.severity.name.lower()}",
             f"- Kubernetes code: {ported(rule)}",
             f"- Defined in: `{rule.module.replace('.', '/')}.py`", ""]
    if rule.example:
        lines += ["Reported here:", "", "```yaml", rule.example.rstrip("\n"), "```", ""]
    return lines


def ported(rule: Rule) -> str:
    """The Go functions the rule ports, as its doc or its module's docstring names them."""
    names = _GO_FUNCTION.findall(rule.doc)
    module_doc = _module_doc(rule.module)
    where = ""
    if not names:
        names = _GO_FUNCTION.findall(module_doc)
        where = " (named by its module)" if names else ""
    packages = list(dict.fromkeys(_GO_PACKAGE.findall(module_doc)))
    if not names:
        return "none named" + (f"; see {', '.join(packages)}" if packages else "")
    shown = ", ".join(f"`{name}`" for name in dict.fromkeys(names))
    return f"{shown}{where}" + (f" in {', '.join(packages)}" if packages else "")


def _module_doc(name: str) -> str:
    module = sys.modules.get(name)
    return (module.__doc__ or "") if module else ""


if __name__ == "__main__":
    print(render(), end="")  # noqa: T201
