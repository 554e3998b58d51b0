"""Checks of a document as YAML and against the schema, whatever its kind: syntax, YAML
pitfalls, unknown fields and wrong types, served apiVersions."""
