"""What Kubernetes means: the schema, where pod specs are, name syntaxes, quantities, the
objects of the workspace, and the file kinds (kustomize patches, Lists, templates) around them."""
