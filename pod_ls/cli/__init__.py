"""`pod-ls check` and its report formats, and the generator of docs/rules.md."""
