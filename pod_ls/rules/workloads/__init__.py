"""The workload objects' own specs around their pod templates: pkg/apis/apps/validation
(Deployment, ReplicaSet, DaemonSet, StatefulSet), pkg/apis/batch/validation (Job, CronJob) and
ReplicationController."""
