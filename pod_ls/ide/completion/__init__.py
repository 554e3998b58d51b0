"""Completion: field names and values for the place in the spec (`completion`, with `flowpath`
for flow YAML and `toplevel` where a document starts), the bodies it inserts (`skeletons`,
`snippets`), the names of the workspace's objects and labels (`name_completion`), and the
document being typed read as well as it can be (`repair`)."""
