"""The pod spec's own fields, from ValidatePodSpec in pkg/apis/core/validation: DNS,
scheduling, security, volumes, the names it gives of other objects."""
