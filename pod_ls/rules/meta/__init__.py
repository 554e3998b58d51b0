"""Object metadata as ValidateObjectMeta checks it on create: names, namespaces, labels,
annotations, finalizers, owner references."""
