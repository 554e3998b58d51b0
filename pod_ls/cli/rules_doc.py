"""docs/rules.md, written from the rule registry so that it cannot drift from the code:

    python -m pod_ls.cli.rules_doc > docs/rules.md
"""

from __future__ import annotations

from ..rules import RULES, load_rules


def render() -> str:
    load_rules()
    lines = [
        "# pod-ls rules",
        "",
        "Generated from the rule registry (`python -m pod_ls.cli.rules_doc > docs/rules.md`).",
        "Every diagnostic carries its rule id as `code`; switch a rule off or change its severity",
        'with the `rules` setting, e.g. `{"rules": {"subdomain-headless-service": "off"}}`.',
        "",
        "| id | default severity | what it catches |",
        "|---|---|---|",
    ]
    rules = sorted(RULES.values(), key=lambda r: r.id)
    lines += [f"| `{r.id}` | {r.severity.name.lower()} | {r.summary} |" for r in rules]
    lines.append("")
    for rule in rules:
        lines += [f"## `{rule.id}`", "", f"**{rule.severity.name.lower()}**: {rule.summary}.",
                  "", rule.doc, ""]
    return "\n".join(lines)


if __name__ == "__main__":
    print(render(), end="")  # noqa: T201
